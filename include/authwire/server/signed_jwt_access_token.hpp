#pragma once
// authwire — RFC 9068 access tokens signed with an asymmetric key (RS256, PS256, ES256 or EdDSA), readable by
// any resource server that fetches the authorization server's jwks_uri: a JWS with "typ":"at+jwt" and the
// kid of the signing key, carrying the same claims as the nested format of token_issuer.hpp (which stays the
// default). Satisfies access_token_format.
//
//     access_token_signing_keys keys(opt.lifetime + opt.leeway);               // access_token_keys.hpp
//     keys.rotate_to(es256_key, now);
//     auto format = signed_jwt_access_token_format::make(keys, opt).value();   // after every rotation
//     config.jwks_uri = "https://as.example/jwks";  serve handle_jwks_request(req, keys, now) there

#include <authwire/core/detail/config.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_set.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/access_token_keys.hpp>
#include <authwire/server/detail/access_token_claims.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::server {

/// The configuration of signed_jwt_access_token_format besides its keys.
struct signed_jwt_access_token_options {
    std::string issuer;                                    ///< "iss": this authorization server's issuer identifier
    std::chrono::seconds lifetime = std::chrono::hours(1); ///< "exp" - "iat" (RFC 9068 §2.2); at least 1 s
    /// Clock skew tolerated on "exp"/"iat" when reading (0 to 1 day). A token is accepted until exp + leeway:
    /// set the same value as the access_token_leeway of the server's code and refresh policies, and make the
    /// key ring's retention at least lifetime + leeway.
    std::chrono::seconds leeway{0};
    std::size_t max_token_size = limits::max_compact_token_size; ///< checked before any decoding
};

/// RFC 9068 access tokens as a JWS (RFC 7515) signed with the current key of an access_token_signing_keys
/// ring: header {"alg","kid","typ":"at+jwt"}, claims iss, sub, aud, exp, iat, jti, client_id, scope, "fid"
/// (the grant's family, when it has one) and the grant's custom claims — in clear text, so that resource
/// servers can read them: put nothing secret into custom claims. Reading verifies with every key the ring
/// held when the format was made, each only with its own algorithm. Immutable: after rotate_to, make a new
/// format and swap it in. issue and read are const and safe to call concurrently.
class signed_jwt_access_token_format {
public:
    /// RFC 9068 §2.1, RFC 8725 §3.1: a format over `keys`. A ring without a current key, an empty issuer, a
    /// lifetime or leeway out of range, or a retention shorter than lifetime + leeway (a replaced key would
    /// vanish from the JWK Set while its tokens are still accepted) is error::invalid_argument.
    [[nodiscard]] static result<signed_jwt_access_token_format> make(access_token_signing_keys const& keys,
                                                                     signed_jwt_access_token_options options);

    /// RFC 9068 §2.2, RFC 7519 §7.1: mint an access token for `grant` at `now` (a fresh 128-bit "jti" from
    /// `rng`). A grant without subject, client_id or audience is error::missing_argument; a custom claim with
    /// a reserved name (is_reserved_access_token_claim) is error::invalid_argument.
    [[nodiscard]] result<issued_access_token> issue(access_token_grant const& grant,
                                                    std::chrono::system_clock::time_point now,
                                                    random_source rng = {}) const;

    /// RFC 9068 §4, RFC 7519 §7.2: read a presented token back: verify the signature with the key its "kid"
    /// names and only with that key's algorithm (error::signature_invalid, also for a kid no longer held;
    /// error::algorithm_not_allowed for "none", HS256 or any algorithm no key is bound to; a JWE is
    /// error::wrong_token_type), "typ" at+jwt (error::wrong_token_type), then "iss" is ours
    /// (error::wrong_issuer), "exp" not passed (error::token_expired), "iat" not in the future
    /// (error::token_not_yet_valid), and sub, aud, jti, client_id present (error::missing_claim). The
    /// audience is NOT matched here (see access_token_info).
    [[nodiscard]] result<access_token_info> read(std::string_view token,
                                                 std::chrono::system_clock::time_point now) const;

    /// The configuration it was made with.
    [[nodiscard]] signed_jwt_access_token_options const& options() const noexcept { return options_; }

    /// RFC 7519 §4.1.4: how long past "exp" read() still accepts a token (options().leeway).
    [[nodiscard]] std::chrono::seconds leeway() const noexcept { return options_.leeway; }

    /// RFC 7517 §4.5: the "kid" of the key that signs.
    [[nodiscard]] std::string_view signing_kid() const noexcept { return signer_.key().kid().value_or(""); }

private:
    signed_jwt_access_token_format(jose::jws_signer signer, jose::jws_verifier verifier,
                                   signed_jwt_access_token_options options);

    jose::jws_signer signer_;
    jose::jws_verifier verifier_;
    signed_jwt_access_token_options options_;
    jose::jwt_validation validation_;
};

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/signed_jwt_access_token.ipp>
#endif
