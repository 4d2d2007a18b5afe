#pragma once
// authwire — the responses an authorization server's endpoints send (RFC 6749 §4.1.2, §5.1, §5.2; RFC 9110):
// JSON that must not be cached, RFC 6749 §5.2 error bodies with the right status, redirects, cacheable JSON
// documents, and the plain error page shown when an authorization request must not redirect.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace authwire::server {

/// RFC 6749 §5.1, RFC 9111 §5.2.2.5: responses carrying tokens, credentials or errors are never stored by a
/// cache: `Cache-Control: no-store` and `Pragma: no-cache` (for HTTP/1.0 caches).
AUTHWIRE_DECL void set_no_store(http_fields& headers);

/// RFC 6749 §5.1: a JSON response (`Content-Type: application/json`) that must not be cached.
[[nodiscard]] AUTHWIRE_DECL http_response json_response(unsigned status, boost::json::object const& body);

/// RFC 8414 §3.2, RFC 9728 §3.2: a public JSON document that caches may keep for `max_age`
/// (`Cache-Control: public, max-age=…`); zero or less means `no-cache` (revalidate every time).
[[nodiscard]] AUTHWIRE_DECL http_response cacheable_json_response(boost::json::object const& body,
                                                                  std::chrono::seconds max_age);

/// RFC 6749 §5.2, RFC 7009 §2.2.1, RFC 7591 §3.2.2: the HTTP status an endpoint answers an error code with —
/// 401 invalid_client, 500 server_error, 503 temporarily_unavailable, 400 for every other error.
[[nodiscard]] constexpr unsigned error_status(error e) noexcept {
    switch (e) {
        case error::invalid_client:
            return 401;
        case error::server_error:
            return 500;
        case error::temporarily_unavailable:
            return 503;
        default:
            return 400;
    }
}

/// The error an endpoint answers when a store could not: `temporarily_unavailable` (503) when the store says it is
/// unavailable (its backend is down, e.g. authwire::redis), `server_error` (500) otherwise. RFC 6749 §4.1.2.1
/// defines temporarily_unavailable for the authorization endpoint; the token, revocation and registration
/// endpoints answer it in the same JSON shape (§5.2, RFC 7009 §2.2.1), so that clients retry instead of giving up.
[[nodiscard]] AUTHWIRE_DECL error store_failure_error(error_code store_error) noexcept;

/// RFC 6749 §5.2: an error response for the registered error `e` (error::invalid_request …), with
/// `description` (never echo untrusted input into it) and the status of error_status(e).
[[nodiscard]] AUTHWIRE_DECL error_response make_error_response(error e, std::string_view description);

/// RFC 6749 §5.2: the JSON error response `r` (status `r.status`, 400 when it is 0), never cached. The body is
/// written by oauth::to_json(error_response), the serialisation the client side parses.
[[nodiscard]] AUTHWIRE_DECL http_response json_error_response(error_response const& r);

/// RFC 6749 §5.2: the JSON error response for error `e` with `description` (see make_error_response).
[[nodiscard]] AUTHWIRE_DECL http_response json_error_response(error e, std::string_view description);

/// RFC 6749 §4.1.2, RFC 9110 §15.4.3/§15.4.4: a redirect to `location` (302 Found by default, or 303 See
/// Other), never cached (the location may carry a code).
[[nodiscard]] AUTHWIRE_DECL http_response redirect_response(std::string_view location, unsigned status = 302);

/// RFC 9110 §15.5.6: 405 Method Not Allowed with the `Allow` field listing `allow` (e.g. "POST"); the body is
/// an RFC 6749 §5.2 invalid_request error.
[[nodiscard]] AUTHWIRE_DECL http_response method_not_allowed_response(std::string_view allow);

/// RFC 9110 §15.6.1: the bare 500 an endpoint answers with when even building its response failed (allocation
/// failure): no body, never cached. Building it allocates nothing that can throw but the header list.
[[nodiscard]] AUTHWIRE_DECL http_response internal_error_response() noexcept;

namespace detail {

// HTML text content: the five characters that could end an element or attribute are escaped.
AUTHWIRE_DECL void html_escape_into(std::string& out, std::string_view s);

}  // namespace detail

/// RFC 6749 §4.1.2.1, RFC 9700 §4.11.2: the page shown to the user instead of a redirect, when the request
/// cannot be trusted to name where to send them (unknown client, bad redirect_uri): `status` (400 by
/// default), `text/html; charset=utf-8`, the error and its description HTML-escaped, never cached.
[[nodiscard]] AUTHWIRE_DECL http_response error_page_response(error_response const& r);

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/endpoint_response.ipp>
#endif
