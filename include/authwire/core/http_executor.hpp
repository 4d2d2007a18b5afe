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

} // namespace authwire
