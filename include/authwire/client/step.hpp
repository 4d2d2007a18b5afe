#pragma once
// authwire — one step of a multi-step client flow (a request to send, or the finished value), and the loop
// that runs such a flow over a user-supplied http_executor.

#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <utility>
#include <variant>

namespace authwire::client {

/// What a sans-IO flow wants next: an `http_request` to send (answer it with `on_response`), or the flow's
/// finished value (`outcome<T>`). Async users drive a flow themselves by looping over `next()`.
template <class T>
using step = std::variant<http_request, outcome<T>>;

/// The transport's answer as an outcome: no response (DNS, TLS, timeout …) is a failure with the executor's
/// error_code; every HTTP status, 4xx and 5xx included, is a response.
template <http_executor E>
[[nodiscard]] outcome<http_response> send(E& executor, http_request const& request) {
    result<http_response> r = executor(request);
    if (!r) return failure(r.error());
    return std::move(*r);
}

/// Run a flow to its end over `executor`: a type with `step<T> next()`, `on_response(http_response const&)`
/// and `on_transport_error(error_code)` (e.g. client::discovery). Each request goes through the executor exactly
/// once; the flow bounds its own number of steps.
template <class Flow, http_executor E>
[[nodiscard]] auto drive(Flow& flow, E& executor) -> std::variant_alternative_t<1, decltype(flow.next())> {
    while (true) {
        auto s = flow.next();
        if (s.index() == 1) return std::get<1>(std::move(s));
        result<http_response> r = executor(std::get<0>(s));
        if (r) flow.on_response(*r);
        else flow.on_transport_error(r.error());
    }
}

} // namespace authwire::client
