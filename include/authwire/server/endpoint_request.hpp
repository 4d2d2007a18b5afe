#pragma once
// authwire — reading what an authorization server's endpoint receives (RFC 6749 §3.1, §3.2; RFC 7009 §2.1;
// RFC 7662 §2.1): a form-encoded POST body, bounded, with single-valued parameters, and the response for a
// request that is not one.

#include <authwire/core/detail/config.hpp>
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
[[nodiscard]] AUTHWIRE_DECL result<form> read_form_request(http_request const& req, form_request_limits const& lim = {},
                                                           bool allow_get = false);

/// RFC 6749 §3.1: the parameters in `names` must each appear at most once. The first one repeated, or nullopt.
[[nodiscard]] AUTHWIRE_DECL std::optional<std::string_view> repeated_parameter(
    form const& f, std::initializer_list<std::string_view> names);

/// The response to a request read_form_request refused: 405 with `Allow` for a wrong method, otherwise 400
/// invalid_request (RFC 6749 §5.2) naming what was wrong.
[[nodiscard]] AUTHWIRE_DECL http_response form_request_error_response(error_code ec, bool allow_get = false);

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/endpoint_request.ipp>
#endif
