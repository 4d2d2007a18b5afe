#pragma once
// authwire — token requests (RFC 6749 §4.1.3, §4.4.2, §6; RFC 7636 §4.5; RFC 8628 §3.4; RFC 8693 §2.1;
// RFC 7523 §2.1; RFC 8707 §2): one grant type per struct, one builder per grant.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/scope.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// The registered `grant_type` values (RFC 6749 §4, RFC 8628 §3.4, RFC 8693 §2.1, RFC 7523 §2.1).
namespace grant_type {
inline constexpr std::string_view authorization_code = "authorization_code";
inline constexpr std::string_view refresh_token = "refresh_token";
inline constexpr std::string_view client_credentials = "client_credentials";
inline constexpr std::string_view device_code = "urn:ietf:params:oauth:grant-type:device_code";
inline constexpr std::string_view token_exchange = "urn:ietf:params:oauth:grant-type:token-exchange";
inline constexpr std::string_view jwt_bearer = "urn:ietf:params:oauth:grant-type:jwt-bearer";
} // namespace grant_type

/// RFC 6749 §4.1.3 (+ RFC 7636 §4.5, RFC 8707 §2): exchange an authorization code.
struct authorization_code_grant {
    secret code;                        ///< from the authorization response
    std::string redirect_uri;           ///< required when the authorization request carried one (it always should)
    secret code_verifier;               ///< RFC 7636 §4.5; empty only when no code_challenge was sent
    std::vector<std::string> resource;  ///< RFC 8707 §2, repeatable
    form extra;                         ///< further parameters, appended last
};

/// RFC 6749 §6 (+ RFC 8707 §2): get a new access token with a refresh token.
struct refresh_token_grant {
    secret refresh_token;
    scope_set scope;                    ///< empty: the originally granted scope
    std::vector<std::string> resource;
    form extra;
};

/// RFC 6749 §4.4.2 (+ RFC 8707 §2): a confidential client acting on its own behalf.
struct client_credentials_grant {
    scope_set scope;
    std::vector<std::string> resource;
    form extra;
};

/// RFC 8628 §3.4: poll the token endpoint with the device_code.
struct device_code_grant {
    secret device_code;
    form extra;
};

/// RFC 8693 §2.1: token exchange.
struct token_exchange_grant {
    secret subject_token;
    std::string subject_token_type;     ///< e.g. urn:ietf:params:oauth:token-type:access_token (RFC 8693 §3)
    secret actor_token;                 ///< optional
    std::string actor_token_type;       ///< required exactly when actor_token is present
    std::string requested_token_type;   ///< optional
    std::vector<std::string> resource;
    std::vector<std::string> audience;  ///< logical names of target services, repeatable
    scope_set scope;
    form extra;
};

/// RFC 7523 §2.1: a JWT used as an authorization grant.
struct jwt_bearer_grant {
    secret assertion;
    scope_set scope;
    form extra;
};

namespace detail {

[[nodiscard]] AUTHWIRE_DECL result<void> add_scope(form& body, scope_set const& scope);

// The common tail: extra parameters, client authentication, and the POST itself (RFC 6749 §3.2).
[[nodiscard]] AUTHWIRE_DECL result<http_request> finish_token_request(std::string_view token_endpoint, form& body,
                                                                      form const& extra,
                                                                      client_authentication const& auth,
                                                                      client_auth_context const& ctx);

} // namespace detail

/// RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707 §2: the access token request for an authorization code —
/// `POST` form `grant_type=authorization_code&code=…&redirect_uri=…&code_verifier=…&resource=…`, authenticated.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    authorization_code_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

/// RFC 6749 §6, RFC 8707 §2: the refresh request — `grant_type=refresh_token&refresh_token=…[&scope=…]`.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    refresh_token_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

/// RFC 6749 §4.4.2: `grant_type=client_credentials[&scope=…]`. Only a confidential client may use it
/// (§4.4), so client authentication `none` is refused with error::invalid_argument.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    client_credentials_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

/// RFC 8628 §3.4: the device access token request — `grant_type=urn:ietf:params:oauth:grant-type:device_code
/// &device_code=…` (+ client_id for a public client).
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    device_code_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

/// RFC 8693 §2.1: the token exchange request.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    token_exchange_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

/// RFC 7523 §2.1: `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…[&scope=…]`.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                                    jwt_bearer_grant const& g,
                                                                    client_authentication const& auth,
                                                                    client_auth_context const& ctx = {});

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/token_request.ipp>
#endif
