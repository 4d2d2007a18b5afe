#pragma once
// authwire — the device authorization grant (RFC 8628) over an executor: start, one poll as a value, and a
// synchronous helper that waits through an injected sleeper and clock.

#include <authwire/core/detail/config.hpp>
#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/device.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace authwire::client {

/// How the device flow reads responses and how long await_device_token keeps polling.
struct device_flow_options {
    oauth::token_response_options token_response{};
    std::size_t max_polls = 1000;  ///< await_device_token gives up after this many polls (error::input_too_large)
    random_source rng{};           ///< for JWT client assertions
};

namespace detail {

// start_device_authorization() before the executor: the request (error::unsupported_operation when the server
// advertises no device authorization endpoint).
[[nodiscard]] AUTHWIRE_DECL result<http_request> device_authorization_request(
    oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::scope_set const& scope, std::chrono::system_clock::time_point now, random_source rng);

// poll_device_token() once the device code has expired: nothing is sent.
[[nodiscard]] AUTHWIRE_DECL outcome<oauth::device_poll_result> expired_device_poll(std::chrono::seconds interval);

// poll_device_token() before the executor: the device_code token request.
[[nodiscard]] AUTHWIRE_DECL result<http_request> device_token_request(
    oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::device_authorization_response const& device, std::chrono::system_clock::time_point now, random_source rng);

} // namespace detail

/// RFC 8628 §3.1–§3.2: ask `as.device_authorization_endpoint` (error::unsupported_operation when absent) for a
/// device code and user code.
template <http_executor E>
[[nodiscard]] outcome<oauth::device_authorization_response> start_device_authorization(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::scope_set const& scope, std::chrono::system_clock::time_point now, random_source rng = {}) {
    return detail::exchange(executor, detail::device_authorization_request(as, client, scope, now, rng),
                            [&](http_response const& r) { return oauth::parse_device_authorization_response(r, now); });
}

/// RFC 8628 §3.4–§3.5: one poll of the token endpoint, made `interval` after the previous one. The outcome is a
/// value: granted (with the token), authorization_pending (same interval), slow_down (interval + 5 s), expired,
/// denied. Once the device code has expired (`now >= expires_at`) nothing is sent and the status is expired.
template <http_executor E>
[[nodiscard]] outcome<oauth::device_poll_result> poll_device_token(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::device_authorization_response const& device, std::chrono::seconds interval,
    std::chrono::system_clock::time_point now, device_flow_options const& opt = {}) {
    if (now >= device.expires_at) return detail::expired_device_poll(interval);
    return detail::exchange(
        executor, detail::device_token_request(as, client, device, now, opt.rng),
        [&](http_response const& r) { return oauth::parse_device_token_response(r, now, interval, opt.token_response); });
}

/// RFC 8628 §3.5: poll until the user finishes — `sleep(interval)` before each poll (slow_down lengthens it by
/// 5 s), `clock()` for each poll's time. Expired and denied are failures with codes error::expired_token and
/// error::access_denied (the peer's response kept when it sent one).
template <http_executor E, class Clock, class Sleeper>
    requires std::convertible_to<std::invoke_result_t<Clock&>, std::chrono::system_clock::time_point> &&
             std::invocable<Sleeper&, std::chrono::seconds>
[[nodiscard]] outcome<oauth::token_response> await_device_token(E& executor,
                                                                oauth::authorization_server_metadata const& as,
                                                                oauth::client_authentication const& client,
                                                                oauth::device_authorization_response const& device,
                                                                Clock clock, Sleeper sleep,
                                                                device_flow_options const& opt = {}) {
    auto interval = device.interval;
    for (std::size_t i = 0; i < opt.max_polls; ++i) {
        sleep(interval);
        auto r = poll_device_token(executor, as, client, device, interval, clock(), opt);
        if (!r) return r.error();
        switch (r->status) {
        case oauth::device_poll_status::granted: return std::move(*r->token);
        case oauth::device_poll_status::authorization_pending: break;
        case oauth::device_poll_status::slow_down: interval = r->interval; break;
        case oauth::device_poll_status::expired:
            return r->response ? failure(std::move(*r->response)) : failure(error::expired_token);
        case oauth::device_poll_status::denied:
            return r->response ? failure(std::move(*r->response)) : failure(error::access_denied);
        }
    }
    return failure(error::input_too_large);
}

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/device_flow.ipp>
#endif
