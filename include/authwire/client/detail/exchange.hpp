#pragma once
// authwire — internal: one request/response exchange over an executor (build → send → parse).

#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::client::detail {

// Send the built request (a local error is returned as a failure, nothing is sent) and interpret the response
// with `parse`, which returns an outcome<T>.
template <http_executor E, class Parse>
[[nodiscard]] auto exchange(E& executor, result<http_request> request, Parse&& parse)
    -> decltype(std::forward<Parse>(parse)(std::declval<http_response const&>())) {
    if (!request) return failure(request.error());
    auto resp = send(executor, *request);
    if (!resp) return resp.error();
    return std::forward<Parse>(parse)(*resp);
}

// An endpoint the authorization server must advertise for an operation: absent is error::unsupported_operation.
[[nodiscard]] inline result<std::string_view> advertised(std::optional<std::string> const& endpoint) noexcept {
    if (!endpoint || endpoint->empty()) return error::unsupported_operation;
    return std::string_view(*endpoint);
}

} // namespace authwire::client::detail
