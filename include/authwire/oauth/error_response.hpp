#pragma once
// authwire — OAuth error responses (RFC 6749 §5.2): reading them from a peer's JSON body, and writing them.

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 6749 §5.2: `error` = 1*NQSCHAR, NQSCHAR = %x20-21 / %x23-5B / %x5D-7E.
[[nodiscard]] constexpr bool is_error_code_value(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char const ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7e || c == 0x22 || c == 0x5c) return false;
    }
    return true;
}

/// RFC 6749 §5.2: the error members of a JSON object a peer sent, with the response's HTTP `status`.
/// `error` must be a string of NQSCHARs (else error::malformed_response, or missing_member when absent);
/// `error_description` and `error_uri`, when present, must be strings and are kept verbatim.
[[nodiscard]] inline result<error_response> error_response_from_json(boost::json::object const& o, unsigned status) {
    error_response r;
    r.status = status;
    auto e = json_string_member(o, "error");
    if (!e) return e.error();
    if (!*e) return error::missing_member;
    if (!is_error_code_value(**e)) return error::malformed_response;
    r.error = std::string(**e);
    auto d = json_string_member(o, "error_description");
    if (!d) return d.error();
    if (*d) r.error_description = std::string(**d);
    auto u = json_string_member(o, "error_uri");
    if (!u) return u.error();
    if (*u) r.error_uri = std::string(**u);
    return r;
}

/// RFC 6749 §5.2: parse an error response: a JSON object with an `error` member. The body must be labelled
/// JSON (application/json or …+json) or carry no Content-Type; otherwise error::unexpected_content_type.
[[nodiscard]] inline result<error_response> parse_error_response(http_response const& resp,
                                                                 json_limits const& limits = {}) noexcept {
    return detail::guarded([&]() -> result<error_response> {
        if (resp.headers.contains("Content-Type") && !resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        return error_response_from_json(*o, resp.status);
    });
}

/// Why a response is not the success the protocol expected: the peer's RFC 6749 §5.2 error when the body is
/// one (the failure's code is the registered error, or error::oauth_error), error::unexpected_status otherwise.
[[nodiscard]] inline failure response_failure(http_response const& resp, json_limits const& limits = {}) noexcept {
    return detail::guarded([&]() -> failure {
        auto r = parse_error_response(resp, limits);
        if (r) return failure(std::move(*r));
        return error::unexpected_status;
    });
}

/// RFC 6749 §5.2: the JSON body of an error response (empty description and URI are omitted).
[[nodiscard]] inline boost::json::object to_json(error_response const& r) {
    boost::json::object o;
    o["error"] = r.error;
    detail::put_string(o, "error_description", r.error_description);
    detail::put_string(o, "error_uri", r.error_uri);
    return o;
}

} // namespace authwire::oauth
