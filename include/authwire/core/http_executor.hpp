#pragma once
// authwire — the one seam to the network: any callable that sends an http_request and returns the response.

#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <concepts>
#include <functional>
#include <type_traits>

namespace authwire {

/// A user-supplied transport. `e(request)` sends the request and returns the response (any status —
/// a 400 or 401 is a response, not a failure), or an error_code when no response arrived (DNS, TLS,
/// timeout …). It must not follow redirects: OAuth endpoints answer 3xx only where the protocol says so.
/// authwire's drivers are templates over this concept; authwire itself never opens a socket.
template <class E>
concept http_executor = std::invocable<E&, http_request const&> &&
                        std::convertible_to<std::invoke_result_t<E&, http_request const&>, result<http_response>>;

/// Any http_executor behind one type (a std::function): for members and containers that cannot name the
/// executor's type, e.g. `client::token_manager<any_http_executor>`. Costs one indirect call per request.
using any_http_executor = std::function<result<http_response>(http_request const&)>;
static_assert(http_executor<any_http_executor>);

} // namespace authwire
