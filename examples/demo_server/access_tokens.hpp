#pragma once
// authwire examples — the demo's access-token formats, chosen at start-up (--access-token-format):
//
//   jwe        (default) RFC 9068 claims in an HS256 JWS inside a dir/A256GCM JWE (server/token_issuer.hpp): only
//              this server can read its tokens; no jwks_uri.
//   jwt-es256  RFC 9068 `at+jwt` signed with ES256 (server/signed_jwt_access_token.hpp), the public key published
//   jwt-rs256  at /jwks (server/access_token_keys.hpp) so that any resource server can validate the tokens
//              (RS256: RSA 2048).
//
// The keys are generated at start-up, or given (demo_options::token_keys: main.cpp reads them from a --keys JWK Set,
// which it writes when missing, so that several instances share them; or, for a signed format, from a PEM "PRIVATE
// KEY"). jwe needs two octet keys, kids "at-sig-1" (HS256) and "at-enc-1" (dir, A256GCM); a signed format one
// private key of its type, its kid its RFC 7638 thumbprint. The demo does not rotate keys (access_token_keys.hpp can).

#include <authwire/core/detail/openssl.hpp>
#include <authwire/server.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace authwire::examples {

/// --access-token-format
enum class demo_token_format { jwe, jwt_es256, jwt_rs256 };

/// "jwe", "jwt-es256", "jwt-rs256" → the format; nullopt for anything else.
[[nodiscard]] inline std::optional<demo_token_format> parse_demo_token_format(std::string_view s) noexcept {
    if (s == "jwe") return demo_token_format::jwe;
    if (s == "jwt-es256") return demo_token_format::jwt_es256;
    if (s == "jwt-rs256") return demo_token_format::jwt_rs256;
    return std::nullopt;
}

[[nodiscard]] constexpr std::string_view to_string(demo_token_format f) noexcept {
    switch (f) {
    case demo_token_format::jwe: return "jwe";
    case demo_token_format::jwt_es256: return "jwt-es256";
    case demo_token_format::jwt_rs256: return "jwt-rs256";
    }
    return "jwe";
}

/// The signing key of an asymmetric format: `pem` (a PKCS#8 private key) when given, otherwise a fresh one (EC
/// P-256 for ES256, RSA 2048 for RS256), bound to the format's algorithm, its kid the key's RFC 7638 thumbprint.
/// error::key_unusable for a key of another type (an RSA key for ES256 …).
[[nodiscard]] inline result<jose::jws_key> demo_signing_key(demo_token_format f, std::string_view pem = {}) {
    if (f == demo_token_format::jwe) return error::invalid_argument;
    auto const alg = f == demo_token_format::jwt_es256 ? jose::jws_algorithm::ES256 : jose::jws_algorithm::RS256;
    result<jose::jwk> key = error::key_unusable;
    if (!pem.empty()) {
        key = jose::jwk::from_pem(pem);
    } else {
        detail::evp_pkey_ptr pkey(f == demo_token_format::jwt_es256
                                      ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
                                      : EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
        if (!pkey) return error::crypto_failure;
        key = jose::jwk::from_evp_pkey(pkey.get());
    }
    if (!key) return key.error();
    if (!key->has_private()) return error::key_unusable;
    auto thumbprint = key->thumbprint();
    if (!thumbprint) return thumbprint.error();
    return jose::jws_key::make(key->with_kid(*thumbprint), alg);  // a key of another type is refused here
}

/// The same from a JWK (of a --keys JWK Set): it must be private and of the format's type; its kid is kept when it
/// has one (the file's), else its RFC 7638 thumbprint.
[[nodiscard]] inline result<jose::jws_key> demo_signing_key(demo_token_format f, jose::jwk const& key) {
    if (f == demo_token_format::jwe) return error::invalid_argument;
    if (!key.has_private()) return error::key_unusable;
    auto const alg = f == demo_token_format::jwt_es256 ? jose::jws_algorithm::ES256 : jose::jws_algorithm::RS256;
    if (key.kid()) return jose::jws_key::make(key, alg);
    auto thumbprint = key.thumbprint();
    if (!thumbprint) return thumbprint.error();
    return jose::jws_key::make(key.with_kid(*thumbprint), alg);
}

/// The kids of the jwe format's two octet keys (HS256 signing, dir encryption).
inline constexpr std::string_view demo_jwe_signing_kid = "at-sig-1";
inline constexpr std::string_view demo_jwe_encryption_kid = "at-enc-1";

/// RFC 7517 §4: fresh private keys for a format, as a --keys JWK Set holds them: jwe → the two 256-bit octet keys;
/// jwt-es256 / jwt-rs256 → one EC P-256 / RSA 2048 key, its kid its RFC 7638 thumbprint.
[[nodiscard]] inline result<std::vector<jose::jwk>> demo_generate_keys(demo_token_format f, random_source rng) {
    if (f == demo_token_format::jwe) {
        auto sig = jose::jwk::generate_octets(32, std::string(demo_jwe_signing_kid), rng);
        auto enc = jose::jwk::generate_octets(32, std::string(demo_jwe_encryption_kid), rng);
        if (!sig) return sig.error();
        if (!enc) return enc.error();
        return std::vector<jose::jwk>{std::move(*sig), std::move(*enc)};
    }
    auto key = demo_signing_key(f);
    if (!key) return key.error();
    return std::vector<jose::jwk>{key->key()};
}

/// The private key a signed format uses among `keys` (the first private key of another type than oct): nullopt when
/// there is none.
[[nodiscard]] inline std::optional<jose::jwk> demo_find_signing_key(std::vector<jose::jwk> const& keys) {
    for (auto const& k : keys)
        if (k.kty() != jose::key_type::oct && k.has_private()) return k;
    return std::nullopt;
}

/// The jwe format's octet key named `kid` among `keys`; nullopt when there is none.
[[nodiscard]] inline std::optional<jose::jwk> demo_find_octet_key(std::vector<jose::jwk> const& keys,
                                                                   std::string_view kid) {
    for (auto const& k : keys)
        if (k.kty() == jose::key_type::oct && k.kid() == kid) return k;
    return std::nullopt;
}

/// One of the demo's formats behind the access_token_format contract, so that every endpoint and the Bearer
/// validator take it whatever was chosen.
class demo_access_token_format {
public:
    explicit demo_access_token_format(server::jwt_access_token_format f) : f_(std::move(f)) {}
    explicit demo_access_token_format(server::signed_jwt_access_token_format f) : f_(std::move(f)) {}

    [[nodiscard]] result<server::issued_access_token> issue(server::access_token_grant const& grant,
                                                            std::chrono::system_clock::time_point now,
                                                            random_source rng) const {
        return std::visit([&](auto const& f) { return f.issue(grant, now, rng); }, f_);
    }
    [[nodiscard]] result<server::access_token_info> read(std::string_view token,
                                                         std::chrono::system_clock::time_point now) const {
        return std::visit([&](auto const& f) { return f.read(token, now); }, f_);
    }
    [[nodiscard]] std::chrono::seconds leeway() const noexcept {
        return std::visit([](auto const& f) noexcept { return f.leeway(); }, f_);
    }
    /// Signed (asymmetric, published at /jwks) rather than encrypted?
    [[nodiscard]] bool is_signed() const noexcept {
        return std::holds_alternative<server::signed_jwt_access_token_format>(f_);
    }

private:
    std::variant<server::jwt_access_token_format, server::signed_jwt_access_token_format> f_;
};
static_assert(server::access_token_format<demo_access_token_format>);

}  // namespace authwire::examples
