#pragma once
// authwire examples — the demo's access-token formats, chosen at start-up (--access-token-format):
//
//   jwe        (default) RFC 9068 claims in an HS256 JWS inside a dir/A256GCM JWE (server/token_issuer.hpp): only
//              this server can read its tokens; no jwks_uri.
//   jwt-es256  RFC 9068 `at+jwt` signed with ES256 (server/signed_jwt_access_token.hpp), the public key published
//   jwt-rs256  at /jwks (server/access_token_keys.hpp) so that any resource server can validate the tokens
//              (RS256: RSA 2048).
//
// The signing key is generated at start-up, or loaded from a PEM "PRIVATE KEY" (PKCS#8, unencrypted) of the
// format's type; its kid is its RFC 7638 thumbprint. The demo does not rotate keys (access_token_keys.hpp can).

#include <authwire/core/detail/openssl.hpp>
#include <authwire/server.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

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
