#pragma once
// authwire — internal: the JWS signature primitives over OpenSSL 3 EVP (RFC 7518 §3.2–3.5, RFC 8037 §3.1).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/detail/per_thread.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/key_binding.hpp>

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string>

namespace authwire::jose::detail {

[[nodiscard]] constexpr char const* digest_name(jws_algorithm a) noexcept {
    switch (hash_size_of(a)) {
    case 32: return "SHA256";
    case 48: return "SHA384";
    case 64: return "SHA512";
    default: return nullptr;
    }
}

// What is computed once per (key, algorithm) so that each signature costs only the signature.
struct prepared_jws_key {
    prepared_jws_key() = default;
    prepared_jws_key(prepared_jws_key const&) = delete;
    prepared_jws_key& operator=(prepared_jws_key const&) = delete;

    jws_algorithm alg = jws_algorithm::HS256;
    evp_md_ptr md;               // fetched once (nullptr for EdDSA)
    evp_mac_ctx_ptr hmac;        // HS*: an HMAC context already keyed — the template, never used directly
    // HS*: keyed contexts kept between calls and re-initialised with a NULL key (cheaper than duplicating the
    // template: see docs/PERFORMANCE.md), one per thread that uses the key at the same time, in a bounded
    // lock-free pool (each thread starts at its own cache line); a call that finds none duplicates the template.
    mutable authwire::detail::context_pool<EVP_MAC_CTX, authwire::detail::openssl_free> spare_hmac;
    EVP_PKEY* pkey = nullptr;    // RS/PS/ES/EdDSA: owned by the binding's jwk, which outlives this
    std::size_t signature_size = 0;  // the exact length of a valid signature (RFC 7518 §3.2–3.5)
    std::size_t coordinate_size = 0; // ES*: bytes of r and of s
    std::string order;           // ES*: the group order, big-endian, coordinate_size bytes
};

[[nodiscard]] AUTHWIRE_DECL result<std::shared_ptr<prepared_jws_key const>> prepare_jws_key(jws_key const& binding);

// HMAC of `input` with the prepared key into `out` (at least 64 bytes); returns the MAC length.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> hmac(prepared_jws_key const& k, std::span<unsigned char const> input,
                                                     std::span<unsigned char, 64> out) noexcept;

[[nodiscard]] AUTHWIRE_DECL bool set_rsa_padding(EVP_PKEY_CTX* pctx, prepared_jws_key const& k) noexcept;

// Big-endian unsigned compare of equal-length byte strings: is 0 < v < order?
[[nodiscard]] AUTHWIRE_DECL bool in_scalar_range(std::span<unsigned char const> v, std::string const& order) noexcept;

// RFC 7515 §5.2 step 8 with RFC 7518 §3.2–3.5 / RFC 8037 §3.1: does `signature` verify over `input`?
[[nodiscard]] AUTHWIRE_DECL result<void> verify_signature(prepared_jws_key const& k,
                                                          std::span<unsigned char const> input,
                                                          std::span<unsigned char const> signature) noexcept;

// RFC 7515 §5.1 step 5 with RFC 7518 §3.2–3.5 / RFC 8037 §3.1: the signature of `input`, appended to `out` as
// base64url. ECDSA and PSS draw their per-signature randomness from OpenSSL's DRBG inside EVP_DigestSign.
[[nodiscard]] AUTHWIRE_DECL result<void> sign_into(prepared_jws_key const& k, std::span<unsigned char const> input,
                                                   std::string& out);

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/jws_crypto.ipp>
#endif
