#pragma once
// authwire — authenticating the client of a request to the token, revocation or introspection endpoint
// (RFC 6749 §2.3.1, §3.2.1, §5.2; RFC 7591 §2 token_endpoint_auth_method): `none` for public clients,
// `client_secret_basic` and `client_secret_post` for confidential ones, checked against the client store in
// constant time; only the method the client registered is accepted.
//
// An endpoint, after read_form_request:
//
//     auto client = authenticate_client(req, body, clients, {.methods_supported = config.token_endpoint_auth_methods,
//                                                           .realm = config.issuer});
//     if (!client) return client.error().to_http_response();   // 401 invalid_client (+ WWW-Authenticate: Basic)
//     client->client.client_id …

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/basic_result.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/www_authenticate.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// The client authentication methods an authorization server accepts by default: public clients and both
/// client-secret methods (RFC 6749 §2.3.1). The JWT methods (RFC 7523) are not served.
inline constexpr oauth::token_endpoint_auth_method default_token_endpoint_auth_methods[] = {
    oauth::token_endpoint_auth_method::none, oauth::token_endpoint_auth_method::client_secret_basic,
    oauth::token_endpoint_auth_method::client_secret_post};

/// How client authentication is done at an endpoint.
struct client_authentication_options {
    /// RFC 8414 §2 token_endpoint_auth_methods_supported: the methods served. A client registered with another
    /// method cannot authenticate. Only none, client_secret_basic and client_secret_post are implemented.
    std::span<oauth::token_endpoint_auth_method const> methods_supported = default_token_endpoint_auth_methods;
    /// RFC 7617 §2: the `realm` of the `WWW-Authenticate: Basic` challenge (e.g. the issuer).
    std::string_view realm = "authwire";
};

/// A client that authenticated (or, for a public client, identified itself).
struct authenticated_client {
    client_record client;                      ///< the registered client
    oauth::token_endpoint_auth_method method;  ///< the method it used, which is the one it registered
};

/// Why client authentication failed: the RFC 6749 §5.2 error code (invalid_client, invalid_request, or
/// store_failure_error's server_error / temporarily_unavailable when the store failed), a description that never echoes the request, and whether the client
/// tried HTTP authentication (then the 401 carries a `WWW-Authenticate: Basic` challenge, RFC 6749 §5.2).
struct client_authentication_error {
    error code = error::invalid_client;
    std::string description;
    bool http_authentication_attempted = false;
    std::string realm;         ///< for the challenge
    error_code store_error{};  ///< for a store failure: what the store reported

    /// RFC 6749 §5.2: the error response — 401 invalid_client, 400 invalid_request, 500 server_error, 503
    /// temporarily_unavailable.
    [[nodiscard]] error_response to_error_response() const { return make_error_response(code, description); }

    /// RFC 6749 §5.2, RFC 7617 §2: the complete response, with `WWW-Authenticate: Basic realm="…"` when the
    /// client tried the Authorization header.
    [[nodiscard]] http_response to_http_response() const;

    friend bool operator==(client_authentication_error const& e, error c) noexcept { return e.code == c; }
};

// Found by argument-dependent lookup from client_authentication_result<T>::value().
[[noreturn]] AUTHWIRE_DECL void throw_exception_from_error(client_authentication_error const& e,
                                                           boost::source_location const& loc);

/// The authenticated client, or why authentication failed.
template <class T>
using client_authentication_result = authwire::basic_result<T, client_authentication_error>;

namespace detail {

// The credentials a request carries, before they are checked against the store.
struct presented_credentials {
    std::string client_id;
    std::optional<std::string> client_secret;
    oauth::token_endpoint_auth_method method = oauth::token_endpoint_auth_method::none;

    presented_credentials() = default;
    presented_credentials(presented_credentials const&) = delete;
    presented_credentials& operator=(presented_credentials const&) = delete;
    ~presented_credentials();
};

// RFC 7617 §2 and RFC 6749 §2.3.1: `Basic base64(form-encoded id ":" form-encoded secret)`. False if malformed.
[[nodiscard]] AUTHWIRE_DECL bool decode_basic_credentials(std::string_view header, presented_credentials& out);

// A stored secret no client has, so that an unknown client_id costs the same MAC as a known one.
[[nodiscard]] AUTHWIRE_DECL hashed_client_secret const& decoy_client_secret() noexcept;

// authenticate_client() before the client store: the credentials presented (step 1) into `presented`, or why
// the request is refused.
[[nodiscard]] AUTHWIRE_DECL std::optional<client_authentication_error> read_client_credentials(
    http_request const& req, form const& body, client_authentication_options const& options,
    presented_credentials& presented);

// authenticate_client() once the client store answered (`found`) for the presented client_id: steps 2 and 3.
[[nodiscard]] AUTHWIRE_DECL client_authentication_result<authenticated_client> check_client_credentials(
    result<std::optional<client_record>> found, presented_credentials const& presented, http_request const& req,
    client_authentication_options const& options);

}  // namespace detail

/// RFC 6749 §2.3.1, §3.2.1 and §5.2, RFC 7591 §2: authenticate the client of a request whose form parameters
/// are `body` (see read_form_request). In order:
///  1. the credentials: `Authorization: Basic` (client_secret_basic, id and secret form-decoded after base64),
///     `client_id` + `client_secret` in the body (client_secret_post), or `client_id` alone (none). More than one
///     method at once (Basic and a body secret, two Authorization fields, a client_id or client_secret repeated,
///     a body client_id that differs from the Basic one) is invalid_request; a JWT assertion
///     (client_assertion, RFC 7523) or another Authorization scheme is invalid_client (not supported);
///     no client_id at all is invalid_client;
///  2. the client must be registered, and its registered token_endpoint_auth_method must be the method used
///     and one of `options.methods_supported`;
///  3. for the secret methods, the secret is checked against the stored salted MAC in constant time (an
///     unknown client costs the same MAC).
/// Failures are invalid_client (401; with a Basic challenge when the Authorization header was used), never
/// saying which check failed; a failing store is server_error.
template <client_store S>
[[nodiscard]] client_authentication_result<authenticated_client> authenticate_client(
    http_request const& req, form const& body, S const& clients, client_authentication_options const& options = {}) {
    detail::presented_credentials presented;
    if (auto refused = detail::read_client_credentials(req, body, options, presented)) return std::move(*refused);
    return detail::check_client_credentials(clients.find_client(presented.client_id), presented, req, options);
}

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/client_authentication.ipp>
#endif
