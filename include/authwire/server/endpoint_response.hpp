#pragma once
// authwire — the responses an authorization server's endpoints send (RFC 6749 §4.1.2, §5.1, §5.2; RFC 9110):
// JSON that must not be cached, RFC 6749 §5.2 error bodies with the right status, redirects, cacheable JSON
// documents, and the plain error page shown when an authorization request must not redirect.

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
inline void set_no_store(http_fields& headers) {
    headers.set("Cache-Control", "no-store");
    headers.set("Pragma", "no-cache");
}

/// RFC 6749 §5.1: a JSON response (`Content-Type: application/json`) that must not be cached.
[[nodiscard]] inline http_response json_response(unsigned status, boost::json::object const& body) {
    http_response r;
    r.status = status;
    r.headers.append("Content-Type", "application/json");
    set_no_store(r.headers);
    r.body = boost::json::serialize(body);
    return r;
}

/// RFC 8414 §3.2, RFC 9728 §3.2: a public JSON document that caches may keep for `max_age`
/// (`Cache-Control: public, max-age=…`); zero or less means `no-cache` (revalidate every time).
[[nodiscard]] inline http_response cacheable_json_response(boost::json::object const& body,
                                                           std::chrono::seconds max_age) {
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "application/json");
    r.headers.append("Cache-Control", max_age > std::chrono::seconds::zero()
                                          ? "public, max-age=" + std::to_string(max_age.count())
                                          : std::string("no-cache"));
    r.body = boost::json::serialize(body);
    return r;
}

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
[[nodiscard]] inline error store_failure_error(error_code store_error) noexcept {
    return store_error == error::temporarily_unavailable ? error::temporarily_unavailable : error::server_error;
}

/// RFC 6749 §5.2: an error response for the registered error `e` (error::invalid_request …), with
/// `description` (never echo untrusted input into it) and the status of error_status(e).
[[nodiscard]] inline error_response make_error_response(error e, std::string_view description) {
    auto name = oauth_error_name(e);
    if (name.empty()) name = oauth_error_name(error::server_error);
    return {std::string(name), std::string(description), {}, error_status(oauth_error_from_name(name))};
}

/// RFC 6749 §5.2: the JSON error response `r` (status `r.status`, 400 when it is 0), never cached. The body is
/// written by oauth::to_json(error_response), the serialisation the client side parses.
[[nodiscard]] inline http_response json_error_response(error_response const& r) {
    return json_response(r.status == 0 ? 400u : r.status, oauth::to_json(r));
}

/// RFC 6749 §5.2: the JSON error response for error `e` with `description` (see make_error_response).
[[nodiscard]] inline http_response json_error_response(error e, std::string_view description) {
    return json_error_response(make_error_response(e, description));
}

/// RFC 6749 §4.1.2, RFC 9110 §15.4.3/§15.4.4: a redirect to `location` (302 Found by default, or 303 See
/// Other), never cached (the location may carry a code).
[[nodiscard]] inline http_response redirect_response(std::string_view location, unsigned status = 302) {
    http_response r;
    r.status = status == 303 ? 303u : 302u;
    r.headers.append("Location", location);
    set_no_store(r.headers);
    return r;
}

/// RFC 9110 §15.5.6: 405 Method Not Allowed with the `Allow` field listing `allow` (e.g. "POST"); the body is
/// an RFC 6749 §5.2 invalid_request error.
[[nodiscard]] inline http_response method_not_allowed_response(std::string_view allow) {
    auto r = json_error_response(error::invalid_request, "the request method is not allowed");
    r.status = 405;
    r.headers.append("Allow", allow);
    return r;
}

/// RFC 9110 §15.6.1: the bare 500 an endpoint answers with when even building its response failed (allocation
/// failure): no body, never cached. Building it allocates nothing that can throw but the header list.
[[nodiscard]] inline http_response internal_error_response() noexcept {
    http_response r;
    r.status = 500;
    try {
        set_no_store(r.headers);
    } catch (...) {
    }
    return r;
}

namespace detail {

// HTML text content: the five characters that could end an element or attribute are escaped.
inline void html_escape_into(std::string& out, std::string_view s) {
    for (char const c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

}  // namespace detail

/// RFC 6749 §4.1.2.1, RFC 9700 §4.11.2: the page shown to the user instead of a redirect, when the request
/// cannot be trusted to name where to send them (unknown client, bad redirect_uri): `status` (400 by
/// default), `text/html; charset=utf-8`, the error and its description HTML-escaped, never cached.
[[nodiscard]] inline http_response error_page_response(error_response const& r) {
    http_response out;
    out.status = r.status == 0 ? 400u : r.status;
    out.headers.append("Content-Type", "text/html; charset=utf-8");
    set_no_store(out.headers);
    out.headers.append("X-Content-Type-Options", "nosniff");
    out.headers.append("Content-Security-Policy", "default-src 'none'");
    std::string& b = out.body;
    b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authorization error</title></head><body>\n<h1>";
    detail::html_escape_into(b, r.error);
    b += "</h1>\n<p>";
    detail::html_escape_into(b, r.error_description);
    b += "</p>\n</body></html>\n";
    return out;
}

}  // namespace authwire::server
