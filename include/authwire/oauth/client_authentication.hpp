#pragma once
// authwire — client authentication at the authorization server's endpoints (RFC 6749 §2.3, RFC 7591 §2,
// RFC 7523 §2.2): none, client_secret_basic, client_secret_post, client_secret_jwt, private_key_jwt.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/oauth/detail/endpoint.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 7591 §2 (`token_endpoint_auth_method`), RFC 8414 §2: how a client authenticates to the token endpoint
/// and the other endpoints of the authorization server.
enum class token_endpoint_auth_method {
    none,                 ///< a public client: only `client_id` in the body (RFC 6749 §2.1, §3.2.1)
    client_secret_basic,  ///< HTTP Basic with the form-encoded client_id and secret (RFC 6749 §2.3.1)
    client_secret_post,   ///< client_id and client_secret in the form body (RFC 6749 §2.3.1)
    client_secret_jwt,    ///< a JWT MAC'd with the client secret (RFC 7523 §2.2, OIDC Core §9)
    private_key_jwt,      ///< a JWT signed with the client's private key (RFC 7523 §2.2, OIDC Core §9)
};

/// RFC 7591 §2: the registered name of a method.
[[nodiscard]] constexpr std::string_view to_string(token_endpoint_auth_method m) noexcept {
    switch (m) {
    case token_endpoint_auth_method::none: return "none";
    case token_endpoint_auth_method::client_secret_basic: return "client_secret_basic";
    case token_endpoint_auth_method::client_secret_post: return "client_secret_post";
    case token_endpoint_auth_method::client_secret_jwt: return "client_secret_jwt";
    case token_endpoint_auth_method::private_key_jwt: return "private_key_jwt";
    }
    return "none";
}

/// RFC 7591 §2: a method from its registered name (exact, case-sensitive); nullopt for others.
[[nodiscard]] constexpr std::optional<token_endpoint_auth_method> parse_token_endpoint_auth_method(
    std::string_view s) noexcept {
    for (auto m : {token_endpoint_auth_method::none, token_endpoint_auth_method::client_secret_basic,
                   token_endpoint_auth_method::client_secret_post, token_endpoint_auth_method::client_secret_jwt,
                   token_endpoint_auth_method::private_key_jwt})
        if (to_string(m) == s) return m;
    return std::nullopt;
}

/// RFC 7523 §3 (`aud`): what a client assertion names as its audience.
enum class client_assertion_audience {
    issuer,    ///< the authorization server's issuer identifier (RFC 7523 §3 allows it; unambiguous across endpoints)
    endpoint,  ///< the URL of the endpoint the request goes to (e.g. the token endpoint; OIDC Core §9)
};

/// RFC 7523 §2.2: the `client_assertion_type` for a JWT client assertion.
inline constexpr std::string_view jwt_client_assertion_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// A client's credentials and the method it uses to present them (RFC 6749 §2.3).
struct client_authentication {
    token_endpoint_auth_method method = token_endpoint_auth_method::none;
    std::string client_id;
    secret client_secret;  ///< for client_secret_basic, client_secret_post and client_secret_jwt

    /// client_secret_basic only: send `client_id:client_secret` as they are (RFC 7617) instead of form-encoding
    /// both first as RFC 6749 §2.3.1 requires. Opt-in, for servers that do not decode; a client_id containing
    /// ':' or either value containing a control character is then refused.
    bool raw_basic_credentials = false;

    /// client_secret_jwt / private_key_jwt (RFC 7523 §3): the assertion's `aud`, and how long it is valid
    /// (1 s to 10 min; short, because a captured assertion can be replayed until it expires).
    client_assertion_audience assertion_audience = client_assertion_audience::issuer;
    std::chrono::seconds assertion_lifetime{60};
    /// client_secret_jwt: the HMAC algorithm keyed with client_secret (RFC 7518 §3.2: the secret must be at
    /// least as long as the hash output, else error::weak_key).
    jose::jws_algorithm assertion_hmac = jose::jws_algorithm::HS256;
    /// private_key_jwt: the client's private key bound to its algorithm (RS*, PS*, ES*, EdDSA).
    std::optional<jose::jws_signer> assertion_signer;

    /// A public client (RFC 6749 §2.1): authenticates with nothing, identifies itself with `client_id`.
    [[nodiscard]] static client_authentication public_client(std::string_view id);
    /// RFC 6749 §2.3.1: HTTP Basic with the client secret.
    [[nodiscard]] static client_authentication secret_basic(std::string_view id, secret s);
    /// RFC 6749 §2.3.1: the client secret in the request body.
    [[nodiscard]] static client_authentication secret_post(std::string_view id, secret s);
    /// RFC 7523 §2.2 (OIDC Core §9 client_secret_jwt): a JWT MAC'd with the client secret.
    [[nodiscard]] static client_authentication secret_jwt(std::string_view id, secret s,
                                                          jose::jws_algorithm alg = jose::jws_algorithm::HS256);
    /// RFC 7523 §2.2 (OIDC Core §9 private_key_jwt): a JWT signed with the client's private key.
    [[nodiscard]] static client_authentication private_key_jwt(std::string_view id, jose::jws_signer signer);
};

/// What client authentication needs to know about the request besides the credentials.
struct client_auth_context {
    std::string_view issuer{};                        ///< the AS issuer identifier (assertion `aud`)
    std::chrono::system_clock::time_point now{};      ///< for assertion `iat`/`exp`
    random_source rng{};                              ///< for assertion `jti`
};

namespace detail {

[[nodiscard]] constexpr bool has_control_character(std::string_view s) noexcept {
    return std::any_of(s.begin(), s.end(), [](char c) {
        auto const u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

// RFC 6749 §2.3.1 / RFC 7617 §2: the value of the Authorization header for client_secret_basic.
[[nodiscard]] AUTHWIRE_DECL result<std::string> basic_authorization(client_authentication const& a);

// Adds client_id to `body` unless it is there already with the same value (a PAR body carries it).
[[nodiscard]] AUTHWIRE_DECL result<void> add_client_id(form& body, std::string_view client_id);

[[nodiscard]] constexpr bool is_hmac(jose::jws_algorithm a) noexcept {
    return a == jose::jws_algorithm::HS256 || a == jose::jws_algorithm::HS384 || a == jose::jws_algorithm::HS512;
}

} // namespace detail

/// RFC 7523 §3 (and §2.2): the client assertion for client_secret_jwt or private_key_jwt — a JWT with
/// iss = sub = client_id, aud = the issuer (`ctx.issuer`) or `endpoint` as configured, iat = `ctx.now`,
/// exp = iat + assertion_lifetime, and a fresh 256-bit jti from `ctx.rng` (so no two are alike).
/// client_secret_jwt MACs it with client_secret under an HS* algorithm; private_key_jwt signs it with
/// `assertion_signer`, which must hold an asymmetric key. Missing now, issuer (for aud = issuer), secret or
/// signer is error::missing_argument; a lifetime outside 1 s–10 min or an HMAC signer for private_key_jwt is
/// error::invalid_argument; a secret shorter than the hash is error::weak_key.
[[nodiscard]] AUTHWIRE_DECL result<std::string> make_client_assertion(client_authentication const& auth,
                                                                      std::string_view endpoint,
                                                                      client_auth_context const& ctx);

/// RFC 6749 §2.3 and §3.2.1: authenticate the client on a request to an authorization-server `endpoint`:
/// `Authorization: Basic …` (client_secret_basic), or body parameters — client_id (none), client_id and
/// client_secret (client_secret_post), client_assertion_type and client_assertion (the JWT methods).
/// Refuses an empty client_id, a secret method without a secret, and a body whose client_id differs.
[[nodiscard]] AUTHWIRE_DECL result<void> apply_client_authentication(form& body, http_fields& headers,
                                                                     client_authentication const& auth,
                                                                     std::string_view endpoint,
                                                                     client_auth_context const& ctx = {});

namespace detail {

// RFC 8414 §2: is `m` in token_endpoint_auth_methods_supported (absent: the default ["client_secret_basic"])?
[[nodiscard]] AUTHWIRE_DECL bool is_advertised(std::optional<std::vector<std::string>> const& advertised,
                                               token_endpoint_auth_method m) noexcept;

} // namespace detail

/// RFC 8414 §2 and RFC 7591 §2: choose the method deterministically, once, from what the authorization server
/// advertises (`token_endpoint_auth_methods_supported`; absent means ["client_secret_basic"]) and what the
/// client registered. Never a fallback chain to retry with: a token request is sent with one method only.
///  - A registered method is used as is when advertised (a registered `none` always: the client is public);
///    a registered method the server does not advertise is error::unsupported_operation, and one whose
///    credential the client lacks is error::missing_argument.
///  - Otherwise: no credential ⇒ none; a private key ⇒ private_key_jwt if advertised; a secret ⇒ the first
///    advertised of client_secret_basic, client_secret_post, client_secret_jwt; nothing usable ⇒
///    error::unsupported_operation.
[[nodiscard]] AUTHWIRE_DECL result<token_endpoint_auth_method> choose_token_endpoint_auth_method(
    std::optional<std::vector<std::string>> const& advertised, std::optional<token_endpoint_auth_method> registered,
    bool has_client_secret, bool has_private_key);

/// RFC 7591 §2 with RFC 8414 §2 and RFC 8252 §8.4: the `token_endpoint_auth_method` a public native app asks
/// for when it registers dynamically — `none` when the server advertises it (no secret to keep on a device),
/// otherwise the first advertised of client_secret_basic and client_secret_post (the server then issues a
/// secret). An absent list means RFC 8414's default, ["client_secret_basic"]. Nothing usable is
/// error::unsupported_operation (the JWT methods need credentials a dynamically registered app does not have).
[[nodiscard]] AUTHWIRE_DECL result<token_endpoint_auth_method> choose_registration_auth_method(
    std::optional<std::vector<std::string>> const& advertised) noexcept;

namespace detail {

// RFC 6749 §2.3 and §3.2: a form POST to an authorization-server endpoint with the client authenticated on it —
// the tail every client-authenticated request shares (token, revocation, introspection, device, PAR).
[[nodiscard]] AUTHWIRE_DECL result<http_request> authenticated_form_post(boost::urls::url url, form& body,
                                                                         client_authentication const& auth,
                                                                         std::string_view endpoint,
                                                                         client_auth_context const& ctx);

} // namespace detail

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/client_authentication.ipp>
#endif
