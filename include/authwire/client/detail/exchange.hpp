#pragma once
// authwire — internal: one request/response exchange over an executor (build → send → parse), and the one way
// the drivers read an answer (parse, then keep the request's secrets out of the peer's text).

#include <authwire/core/detail/config.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/redaction.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::client::detail {

// Interpret `response`, the answer to `request`, with `parse` (which returns an outcome<T>). A failure carrying
// the peer's error has every secret the request carried removed from the peer's text
// (oauth::redact_request_secrets) before it leaves the driver: a server echoing the refresh token or the client
// secret into error_description gets it neither stored nor printed. Every driver that sends a request carrying
// a secret reads the answer through here (discovery sends none).
template <class Parse>
[[nodiscard]] auto interpret(http_request const& request, http_response const& response, Parse&& parse)
    -> decltype(std::forward<Parse>(parse)(response)) {
    auto out = std::forward<Parse>(parse)(response);
    if (!out && out.error().response) return oauth::redact_request_secrets(out.error(), request);
    return out;
}

// Send the built request (a local error is returned as a failure, nothing is sent) and interpret the response
// with `parse`, which returns an outcome<T> (see interpret).
template <http_executor E, class Parse>
[[nodiscard]] auto exchange(E& executor, result<http_request> request, Parse&& parse)
    -> decltype(std::forward<Parse>(parse)(std::declval<http_response const&>())) {
    if (!request) return failure(request.error());
    auto resp = send(executor, *request);
    if (!resp) return resp.error();
    return interpret(*request, *resp, std::forward<Parse>(parse));
}

// An endpoint the authorization server must advertise for an operation: absent is error::unsupported_operation.
[[nodiscard]] AUTHWIRE_DECL result<std::string_view> advertised(std::optional<std::string> const& endpoint) noexcept;

} // namespace authwire::client::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/detail/impl/exchange.ipp>
#endif
