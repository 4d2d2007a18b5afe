#pragma once
// authwire — one key bound to exactly one algorithm (RFC 8725 §3.1): what the token's "alg" may select, never choose.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::jose {

namespace detail {

// RFC 7517 §4.2–4.4: a key's own "use", "key_ops" and "alg" must not contradict the binding.
[[nodiscard]] AUTHWIRE_DECL result<void> check_key_metadata(jwk const& key, std::string_view alg_name,
                                                            std::string_view use,
                                                            std::initializer_list<std::string_view> ops);

} // namespace detail

/// RFC 7518 §3.1 (and RFC 8037 §3.1), RFC 8725 §3.1–3.2: can `key` be used with JWS algorithm `alg`?
/// HMAC needs an "oct" key at least as long as the hash output (error::weak_key otherwise); RS*/PS* an RSA
/// key (>= 2048 bits, checked when the key was built); ES256/384/512 an EC key on P-256/P-384/P-521
/// respectively; EdDSA an Ed25519 key. A key whose "alg", "use" ("sig") or "key_ops" (sign/verify) says
/// otherwise is error::key_unusable, as is any other key type.
[[nodiscard]] AUTHWIRE_DECL result<void> check_key_for(jws_algorithm alg, jwk const& key);

/// RFC 7518 §4.1 (and RFC 8037 §3.2), RFC 8725 §3.1: can `key` be used with JWE key management `alg`?
/// RSA1_5/RSA-OAEP/RSA-OAEP-256 need an RSA key; AxxxKW and AxxxGCMKW an "oct" key of exactly the AES key
/// size; "dir" an "oct" key of at least 16 bytes (the "enc" decides the exact size); ECDH-ES* an EC key
/// (P-256/384/521) or an X25519 key; PBES2 an "oct" password. "use" must be "enc" and "key_ops", if
/// present, must name a JWE operation.
[[nodiscard]] AUTHWIRE_DECL result<void> check_key_for(jwe_algorithm alg, jwk const& key);

/// RFC 8725 §3.1: one key bound to exactly one algorithm. A verifier or decrypter holds a set of these; the
/// token's "alg" (and "kid") only select among them. `Algorithm` is `jws_algorithm` or `jwe_algorithm`;
/// `check_key_for(Algorithm, jwk const&)` decides which keys fit. Copies share the key.
template <class Algorithm>
class key_binding {
public:
    /// RFC 8725 §3.1: bind `key` to `alg`, or fail with why the key does not fit (check_key_for).
    [[nodiscard]] static result<key_binding> make(jwk key, Algorithm alg) {
        if (auto r = check_key_for(alg, key); !r) return r.error();
        return key_binding(std::move(key), alg);
    }

    /// The key.
    [[nodiscard]] jwk const& key() const noexcept { return key_; }
    /// The one algorithm this key may be used with.
    [[nodiscard]] Algorithm algorithm() const noexcept { return alg_; }
    /// RFC 7517 §4.5: the key's "kid", if it has one (what a token's "kid" header is matched against).
    [[nodiscard]] std::optional<std::string_view> kid() const noexcept { return key_.kid(); }

private:
    key_binding(jwk key, Algorithm alg) noexcept : key_(std::move(key)), alg_(alg) {}

    jwk key_;
    Algorithm alg_;
};

/// A JWS key: one key for one JWS algorithm.
using jws_key = key_binding<jws_algorithm>;
/// A JWE key: one key for one JWE key management algorithm.
using jwe_key = key_binding<jwe_algorithm>;

} // namespace authwire::jose

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/impl/key_binding.ipp>
#endif
