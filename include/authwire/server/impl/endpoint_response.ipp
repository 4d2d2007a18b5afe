#pragma once
// authwire — the definitions of <authwire/server/endpoint_response.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/endpoint_response.hpp>

namespace authwire::server {

AUTHWIRE_DECL void set_no_store(http_fields& headers) {
    headers.set("Cache-Control", "no-store");
    headers.set("Pragma", "no-cache");
}

AUTHWIRE_DECL http_response json_response(unsigned status, boost::json::object const& body) {
    http_response r;
    r.status = status;
    r.headers.append("Content-Type", "application/json");
    set_no_store(r.headers);
    r.body = boost::json::serialize(body);
    return r;
}

AUTHWIRE_DECL http_response cacheable_json_response(boost::json::object const& body, std::chrono::seconds max_age) {
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "application/json");
    r.headers.append("Cache-Control", max_age > std::chrono::seconds::zero()
                                          ? "public, max-age=" + std::to_string(max_age.count())
                                          : std::string("no-cache"));
    r.body = boost::json::serialize(body);
    return r;
}

AUTHWIRE_DECL error store_failure_error(error_code store_error) noexcept {
    return store_error == error::temporarily_unavailable ? error::temporarily_unavailable : error::server_error;
}

AUTHWIRE_DECL error_response make_error_response(error e, std::string_view description) {
    auto name = oauth_error_name(e);
    if (name.empty()) name = oauth_error_name(error::server_error);
    return {std::string(name), std::string(description), {}, error_status(oauth_error_from_name(name))};
}

AUTHWIRE_DECL http_response json_error_response(error_response const& r) {
    return json_response(r.status == 0 ? 400u : r.status, oauth::to_json(r));
}

AUTHWIRE_DECL http_response json_error_response(error e, std::string_view description) {
    return json_error_response(make_error_response(e, description));
}

AUTHWIRE_DECL http_response redirect_response(std::string_view location, unsigned status) {
    http_response r;
    r.status = status == 303 ? 303u : 302u;
    r.headers.append("Location", location);
    set_no_store(r.headers);
    return r;
}

AUTHWIRE_DECL http_response method_not_allowed_response(std::string_view allow) {
    auto r = json_error_response(error::invalid_request, "the request method is not allowed");
    r.status = 405;
    r.headers.append("Allow", allow);
    return r;
}

AUTHWIRE_DECL http_response internal_error_response() noexcept {
    http_response r;
    r.status = 500;
    try {
        set_no_store(r.headers);
    } catch (...) {
    }
    return r;
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL void html_escape_into(std::string& out, std::string_view s) {
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

}  // namespace authwire::server::detail

namespace authwire::server {

AUTHWIRE_DECL http_response error_page_response(error_response const& r) {
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
