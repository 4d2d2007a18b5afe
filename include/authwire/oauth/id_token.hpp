#pragma once
// authwire — ID token validation by the client (OpenID Connect Core §3.1.3.7, §2): the signature against the
// authorization server's JWK Set, then iss, aud/azp, exp/iat and nonce. A pure check; the JWK Set comes from
// oauth/jwks.hpp (or the code-flow driver, which fetches it).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_set.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::oauth {

/// RFC 7518 §3.1, RFC 8725 §3.1: the asymmetric JWS algorithms — the only ones an ID token is accepted with.
/// (HS* would make the client secret a signing key the server and every holder of it share; OpenID Connect
/// Core §10.1 allows it, authwire does not.)
inline constexpr std::array<jose::jws_algorithm, 10> asymmetric_jws_algorithms = {
    jose::jws_algorithm::RS256, jose::jws_algorithm::RS384, jose::jws_algorithm::RS512, jose::jws_algorithm::PS256,
    jose::jws_algorithm::PS384, jose::jws_algorithm::PS512, jose::jws_algorithm::ES256, jose::jws_algorithm::ES384,
    jose::jws_algorithm::ES512, jose::jws_algorithm::EdDSA,
};

/// OpenID Connect Core §3.1.3.7 step 6–7, OpenID Connect Discovery §3: the algorithms to accept ID tokens
/// from `as` with — the asymmetric ones, intersected with `id_token_signing_alg_values_supported` when the
/// server advertises it (names not understood are ignored; the result may then be empty).
[[nodiscard]] AUTHWIRE_DECL std::vector<jose::jws_algorithm> id_token_algorithms(authorization_server_metadata const& as);

/// What an ID token must satisfy (OpenID Connect Core §3.1.3.7).
struct id_token_validation {
    std::string issuer{};     ///< `iss` must equal it exactly: the issuer the authorization request went to
    std::string client_id{};  ///< `aud` must contain it; `azp` must equal it when present or when `aud` has several
    /// The `nonce` sent in the authorization request: when not empty, the claim must be present and equal
    /// (compared in constant time). Empty: the claim is not checked.
    std::string nonce{};
    /// The allowed `alg`s (see id_token_algorithms); anything else is error::algorithm_not_allowed.
    std::vector<jose::jws_algorithm> algorithms{asymmetric_jws_algorithms.begin(), asymmetric_jws_algorithms.end()};
    std::chrono::seconds leeway{60};  ///< clock skew allowed on exp and iat (0 to 5 minutes)
};

/// The validation for an ID token from `as` to `client_id` that should carry `nonce`.
[[nodiscard]] AUTHWIRE_DECL id_token_validation id_token_validation_for(authorization_server_metadata const& as,
                                                                        std::string_view client_id,
                                                                        std::string_view nonce);

/// RFC 7517 §5 with RFC 8725 §3.1: the keys of `jwks` bound to the algorithms they may verify, among
/// `algorithms`. A key naming its `alg` is bound to that one only (if allowed); a key without `alg` to every
/// allowed algorithm its type and curve fit. Keys for encryption (`use` "enc"), of other types, or repeating a
/// (kid, alg) pair are left out — never an error: the token's `kid` and `alg` then find a key or do not.
[[nodiscard]] AUTHWIRE_DECL jose::jws_key_set id_token_keys(jose::jwk_set const& jwks,
                                                            std::span<jose::jws_algorithm const> algorithms);

/// OpenID Connect Core §3.1.3.7 (and §2): validate `id_token` — a compact JWS — against `jwks` at `now`:
///  1. `alg` on `v.algorithms` (an empty list, or a token signed otherwise: error::algorithm_not_allowed), a key
///     of `jwks` selected by `kid` (error::unknown_key), the signature (error::signature_invalid) — step 6;
///  2. `iss` equal to `v.issuer` exactly (error::wrong_issuer) — step 2;
///  3. `aud` containing `v.client_id` (error::wrong_audience); with several audiences `azp` required, and `azp`
///     equal to the client_id whenever present (error::missing_claim / error::wrong_audience) — steps 3–5;
///  4. `exp` not passed and `iat` not in the future, within `v.leeway` (error::token_expired /
///     error::token_not_yet_valid); `exp`, `iat` and `sub` required (error::missing_claim) — steps 9–10, §2;
///  5. `nonce` equal to `v.nonce` when one was sent (absent or different: error::nonce_mismatch) — step 11.
/// Returns the verified header and claims. A JWE (encrypted ID token) is error::wrong_token_type.
[[nodiscard]] AUTHWIRE_DECL result<jose::verified_jwt> validate_id_token(std::string_view id_token,
                                                                         jose::jwk_set const& jwks,
                                                                         id_token_validation const& v,
                                                                         std::chrono::system_clock::time_point now);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/id_token.ipp>
#endif
