#pragma once
// authwire — the definitions of <authwire/server/endpoint_request.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/endpoint_request.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<form> read_form_request(http_request const& req, form_request_limits const& lim, bool allow_get) {
    try {
        if (req.method == "GET" && allow_get)
            return form::decode(req.url.encoded_query(), lim.max_size, lim.max_parameters);
        if (req.method != "POST") return error::unsupported_operation;
        auto const ct = req.header("Content-Type");
        if (!ct || media_type(*ct) != "application/x-www-form-urlencoded") return error::unexpected_content_type;
        return form::decode(req.body, lim.max_size, lim.max_parameters);
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL std::optional<std::string_view> repeated_parameter(form const& f,
                                                                 std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (f.count(n) > 1) return n;
    return std::nullopt;
}

AUTHWIRE_DECL http_response form_request_error_response(error_code ec, bool allow_get) {
    if (ec == error::unsupported_operation) return method_not_allowed_response(allow_get ? "GET, POST" : "POST");
    if (ec == error::unexpected_content_type)
        return json_error_response(error::invalid_request,
                                   "the request body must be application/x-www-form-urlencoded");
    if (ec == error::input_too_large) return json_error_response(error::invalid_request, "the request is too large");
    return json_error_response(error::invalid_request, "the request body is not a valid form encoding");
}

}  // namespace authwire::server
