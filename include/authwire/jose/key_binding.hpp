#pragma once
// authwire — one key bound to exactly one algorithm (RFC 8725 §3.1): what the token's "alg" may select, never choose.

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
[[nodiscard]] inline result<void> check_key_metadata(jwk const& key, std::string_view alg_name, std::string_view use,
                                                     std::initializer_list<std::string_view> ops) {
    if (auto a = key.alg(); a && *a != alg_name) return error::key_unusable;
    if (auto u = key.use(); u && *u != use) return error::key_unusable;
    if (auto k = key.key_ops()) {
        bool any = false;
        for (auto const& op : *k)
            for (auto want : ops) any = any || op == want;
        if (!any) return error::key_unusable;
    }
    return {};
}

} // namespace detail

/// RFC 7518 §3.1 (and RFC 8037 §3.1), RFC 8725 §3.1–3.2: can `key` be used with JWS algorithm `alg`?
/// HMAC needs an "oct" key at least as long as the hash output (error::weak_key otherwise); RS*/PS* an RSA
/// key (>= 2048 bits, checked when the key was built); ES256/384/512 an EC key on P-256/P-384/P-521
/// respectively; EdDSA an Ed25519 key. A key whose "alg", "use" ("sig") or "key_ops" (sign/verify) says
/// otherwise is error::key_unusable, as is any other key type.
[[nodiscard]] inline result<void> check_key_for(jws_algorithm alg, jwk const& key) {
    if (auto r = detail::check_key_metadata(key, to_string(alg), "sig", {"sign", "verify"}); !r) return r;
    switch (family_of(alg)) {
    case jws_family::hmac:
        if (key.kty() != key_type::oct) return error::key_unusable;
        if (key.symmetric_key()->size() < hash_size_of(alg)) return error::weak_key;  // RFC 7518 §3.2
        return {};
    case jws_family::rsa_pkcs1:
    case jws_family::rsa_pss:
        if (key.kty() != key_type::RSA) return error::key_unusable;
        return {};
    case jws_family::ecdsa: {
        if (key.kty() != key_type::EC) return error::key_unusable;
        auto const want = alg == jws_algorithm::ES256 ? curve::P_256
                        : alg == jws_algorithm::ES384 ? curve::P_384
                                                      : curve::P_521;
        if (key.crv() != want) return error::key_unusable;  // RFC 7518 §3.4: the curve is part of the algorithm
        return {};
    }
    case jws_family::eddsa:
        if (key.kty() != key_type::OKP || key.crv() != curve::Ed25519) return error::key_unusable;
        return {};
    }
    return error::key_unusable;
}

/// RFC 7518 §4.1 (and RFC 8037 §3.2), RFC 8725 §3.1: can `key` be used with JWE key management `alg`?
/// RSA1_5/RSA-OAEP/RSA-OAEP-256 need an RSA key; AxxxKW and AxxxGCMKW an "oct" key of exactly the AES key
/// size; "dir" an "oct" key of at least 16 bytes (the "enc" decides the exact size); ECDH-ES* an EC key
/// (P-256/384/521) or an X25519 key; PBES2 an "oct" password. "use" must be "enc" and "key_ops", if
/// present, must name a JWE operation.
[[nodiscard]] inline result<void> check_key_for(jwe_algorithm alg, jwk const& key) {
    if (auto r = detail::check_key_metadata(key, to_string(alg), "enc",
                                            {"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"});
        !r)
        return r;
    auto oct_of = [&key](std::size_t size) -> result<void> {
        if (key.kty() != key_type::oct) return error::key_unusable;
        if (key.symmetric_key()->size() != size) return error::key_unusable;
        return {};
    };
    switch (alg) {
    case jwe_algorithm::RSA1_5:
    case jwe_algorithm::RSA_OAEP:
    case jwe_algorithm::RSA_OAEP_256:
        if (key.kty() != key_type::RSA) return error::key_unusable;
        return {};
    case jwe_algorithm::A128KW: case jwe_algorithm::A128GCMKW: return oct_of(16);
    case jwe_algorithm::A192KW: case jwe_algorithm::A192GCMKW: return oct_of(24);
    case jwe_algorithm::A256KW: case jwe_algorithm::A256GCMKW: return oct_of(32);
    case jwe_algorithm::dir:
        if (key.kty() != key_type::oct) return error::key_unusable;
        if (key.symmetric_key()->size() < 16) return error::weak_key;
        return {};
    case jwe_algorithm::ECDH_ES:
    case jwe_algorithm::ECDH_ES_A128KW:
    case jwe_algorithm::ECDH_ES_A192KW:
    case jwe_algorithm::ECDH_ES_A256KW:
        if (key.kty() == key_type::EC) return {};
        if (key.kty() == key_type::OKP && key.crv() == curve::X25519) return {};
        return error::key_unusable;
    case jwe_algorithm::PBES2_HS256_A128KW:
    case jwe_algorithm::PBES2_HS384_A192KW:
    case jwe_algorithm::PBES2_HS512_A256KW:
        if (key.kty() != key_type::oct) return error::key_unusable;
        return {};
    }
    return error::key_unusable;
}

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
