#pragma once
// authwire — reading what an authorization server's endpoint receives (RFC 6749 §3.1, §3.2; RFC 7009 §2.1;
// RFC 7662 §2.1): a form-encoded POST body, bounded, with single-valued parameters, and the response for a
// request that is not one.

#include <authwire/core/error.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <initializer_list>
#include <optional>
#include <string_view>

namespace authwire::server {

/// Bounds on a form body an endpoint reads.
struct form_request_limits {
    std::size_t max_size = limits::max_form_size;
    std::size_t max_parameters = limits::max_form_parameters;
};

/// RFC 6749 §3.2 (and §3.1 for GET): the parameters of a request to a form endpoint. With `allow_get`, a GET
/// carries them in the URL query; otherwise the request must be a POST (error::unsupported_operation) whose
/// Content-Type is application/x-www-form-urlencoded (error::unexpected_content_type), and only the body is
/// read — a POST's query is ignored. Malformed encoding is error::malformed_form, too large error::input_too_large.
[[nodiscard]] inline result<form> read_form_request(http_request const& req, form_request_limits const& lim = {},
                                                    bool allow_get = false) {
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

/// RFC 6749 §3.1: the parameters in `names` must each appear at most once. The first one repeated, or nullopt.
[[nodiscard]] inline std::optional<std::string_view> repeated_parameter(form const& f,
                                                                        std::initializer_list<std::string_view> names) {
    for (auto n : names)
        if (f.count(n) > 1) return n;
    return std::nullopt;
}

/// The response to a request read_form_request refused: 405 with `Allow` for a wrong method, otherwise 400
/// invalid_request (RFC 6749 §5.2) naming what was wrong.
[[nodiscard]] inline http_response form_request_error_response(error_code ec, bool allow_get = false) {
    if (ec == error::unsupported_operation) return method_not_allowed_response(allow_get ? "GET, POST" : "POST");
    if (ec == error::unexpected_content_type)
        return json_error_response(error::invalid_request,
                                   "the request body must be application/x-www-form-urlencoded");
    if (ec == error::input_too_large) return json_error_response(error::invalid_request, "the request is too large");
    return json_error_response(error::invalid_request, "the request body is not a valid form encoding");
}

}  // namespace authwire::server
