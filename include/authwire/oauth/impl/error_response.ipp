#pragma once
// authwire — the definitions of <authwire/oauth/error_response.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/error_response.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<error_response> error_response_from_json(boost::json::object const& o, unsigned status) {
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

AUTHWIRE_DECL result<error_response> parse_error_response(http_response const& resp,
                                                          json_limits const& limits) noexcept {
    return detail::guarded([&]() -> result<error_response> {
        if (resp.headers.contains("Content-Type") && !resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        return error_response_from_json(*o, resp.status);
    });
}

AUTHWIRE_DECL failure response_failure(http_response const& resp, json_limits const& limits) noexcept {
    return detail::guarded([&]() -> failure {
        auto r = parse_error_response(resp, limits);
        if (r) return failure(std::move(*r));
        return error::unexpected_status;
    });
}

AUTHWIRE_DECL boost::json::object to_json(error_response const& r) {
    boost::json::object o;
    o["error"] = r.error;
    detail::put_string(o, "error_description", r.error_description);
    detail::put_string(o, "error_uri", r.error_uri);
    return o;
}

}  // namespace authwire::oauth
