#pragma once
// authwire — Pushed Authorization Requests (RFC 9126): push the request's parameters to the server, then send
// the browser with only client_id and the returned request_uri.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 9126 §2.2: the pushed authorization response.
struct pushed_authorization_response {
    std::string request_uri;                               ///< single-use reference to the pushed request
    std::chrono::seconds expires_in{0};                    ///< as sent
    std::chrono::system_clock::time_point expires_at{};    ///< `now` + expires_in
    boost::json::object extra;
};

/// RFC 9126 §2.1: POST the authorization request's parameters (authorization_request_parameters) as a form to
/// the pushed authorization request endpoint, with client authentication.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_pushed_authorization_request(std::string_view par_endpoint,
                                                                                   authorization_request const& r,
                                                                                   client_authentication const& auth,
                                                                                   client_auth_context const& ctx = {});

/// RFC 9126 §2.2/§2.3: 201 with `request_uri` (non-empty string) and `expires_in` (positive integer) is a
/// success; other statuses are failures carrying the peer's error response when it sent one.
[[nodiscard]] AUTHWIRE_DECL outcome<pushed_authorization_response> parse_pushed_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits = {}) noexcept;

/// RFC 9126 §4: the authorization URL that refers to a pushed request: `client_id` and `request_uri` only.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> make_pushed_authorization_url(
    std::string_view authorization_endpoint, std::string_view client_id, std::string_view request_uri);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/par.ipp>
#endif
