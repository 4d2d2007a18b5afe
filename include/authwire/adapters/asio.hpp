#pragma once
// authwire adapters — the client drivers as Boost.Asio C++20 coroutines: an asynchronous executor concept
// (`co_await ex.async_execute(req)`) and coroutine versions of discovery (RFC 9728, RFC 8414), registration
// (RFC 7591), the code-flow finish (RFC 6749 §4.1.3), refresh (RFC 6749 §6), revocation (RFC 7009) and
// introspection (RFC 7662). They only sequence the sans-IO flows and message functions the synchronous drivers
// use (client::discovery, client::code_flow::completion, oauth::make_…_request / parse_…_response): the protocol
// logic stays in one place. The token manager is adapters/async_token_manager.hpp; an executor over Boost.Beast
// is adapters/beast_async.hpp.
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. Needs the Boost
// headers only (CMake target `authwire::beast` provides them); single header:
// single_include/authwire/adapters/asio.hpp.

#include <authwire/client/code_flow.hpp>
#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/registration.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/revocation.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <concepts>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

// GCC 12 reports -Wmismatched-new-delete where a Boost.Asio coroutine frame (awaitable_frame_base's own operator
// new/delete) is freed after inlining — a false positive of GCC's (fixed in GCC 13); off for these coroutines only.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#define AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif

namespace authwire::adapters {

/// The asynchronous counterpart of http_executor (core/http_executor.hpp): `co_await e.async_execute(request)`
/// sends the request and yields the response (any status — a 400 or 401 is a response, not a failure), or an
/// error_code when no response arrived. It must not follow redirects. Use `E&` as the type to share one executor.
template <class E>
concept async_http_executor = requires(E& e, http_request const& request) {
    { e.async_execute(request) } -> std::same_as<boost::asio::awaitable<result<http_response>>>;
};

/// The transport's answer as an outcome (client::send, asynchronously): no response is a failure with the
/// executor's error_code; every HTTP status is a response.
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<http_response>> async_send(E& executor, http_request request) {
    result<http_response> r = co_await executor.async_execute(request);
    if (!r) co_return failure(r.error());
    co_return std::move(*r);
}

/// client::drive in a coroutine: run a sans-IO flow (`step<T> next()`, `on_response`, `on_transport_error`) to
/// its end, each request through `executor` exactly once. `flow` and `executor` must outlive the coroutine.
template <class Flow, async_http_executor E>
[[nodiscard]] auto async_drive(Flow& flow, E& executor)
    -> boost::asio::awaitable<std::variant_alternative_t<1, decltype(flow.next())>> {
    while (true) {
        auto s = flow.next();
        if (s.index() == 1) co_return std::get<1>(std::move(s));
        result<http_response> r = co_await executor.async_execute(std::get<0>(s));
        if (r) flow.on_response(*r);
        else flow.on_transport_error(r.error());
    }
}

namespace detail {

// client::detail::exchange in a coroutine: send the built request (a local error is a failure, nothing is sent)
// and read the answer through client::detail::interpret (the request's secrets kept out of the peer's text).
template <async_http_executor E, class Parse>
[[nodiscard]] auto async_exchange(E& executor, result<http_request> request, Parse parse)
    -> boost::asio::awaitable<decltype(parse(std::declval<http_response const&>()))> {
    if (!request) co_return failure(request.error());
    auto resp = co_await async_send(executor, *request);
    if (!resp) co_return resp.error();
    co_return client::detail::interpret(*request, *resp, parse);
}

} // namespace detail

/// RFC 9728 §3 then RFC 8414 §3: client::discover as a coroutine (the same client::discovery flow).
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<client::discovery_result>> async_discover(
    E& executor, std::string resource, client::discovery_options opt = {}) {
    auto d = client::discovery::for_resource(resource, std::move(opt));
    if (!d) co_return failure(d.error());
    co_return co_await async_drive(*d, executor);
}

/// RFC 9728 §5.1 then §3 and RFC 8414 §3: discovery from the 401 `unauthorized` that `resource` answered.
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<client::discovery_result>> async_discover(
    E& executor, std::string resource, http_response unauthorized, client::discovery_options opt = {}) {
    auto d = client::discovery::from_challenge(resource, unauthorized, std::move(opt));
    if (!d) co_return failure(d.error());
    co_return co_await async_drive(*d, executor);
}

/// RFC 7591 §3.1–§3.2: client::register_client as a coroutine (same request, same response checks).
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<oauth::client_information>> async_register_client(
    E& executor, oauth::authorization_server_metadata as, oauth::client_metadata metadata,
    secret initial_access_token = {}, json_limits limits = {}) {
    auto endpoint = client::detail::advertised(as.registration_endpoint);
    if (!endpoint) co_return failure(endpoint.error());
    co_return co_await detail::async_exchange(
        executor, oauth::make_registration_request(*endpoint, metadata, initial_access_token),
        [&](http_response const& r) { return oauth::parse_registration_response(r, metadata, limits); });
}

/// RFC 6749 §4.1.2–§4.1.4 (+ RFC 9207, RFC 7636, OpenID Connect Core §3.1.3.7): client::code_flow::finish as a
/// coroutine — the callback checked (nothing sent when it does not check out), the code exchanged, an ID token
/// asked for with a nonce verified against the server's JWK Set (the same code_flow::completion flow).
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<client::code_flow::finished_authorization>> async_finish(
    std::string callback, client::code_flow::pending_authorization pending, oauth::authorization_server_metadata as,
    oauth::client_authentication client, E& executor, std::chrono::system_clock::time_point now,
    client::code_flow::finish_options opt = {}) {
    auto flow = client::code_flow::completion::begin(callback, std::move(pending), std::move(as), std::move(client),
                                                     now, std::move(opt));
    co_return co_await async_drive(flow, executor);
}

/// RFC 6749 §6 (+ RFC 8707 §2): client::refresh_access_token as a coroutine — one request, no retry, no session
/// state (a rotated refresh token must be stored by the caller). For a session, use async_token_manager.
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<oauth::token_response>> async_refresh_access_token(
    E& executor, oauth::authorization_server_metadata as, oauth::client_authentication client,
    oauth::refresh_token_grant grant, std::chrono::system_clock::time_point now,
    oauth::token_response_options opt = {}, random_source rng = {}) {
    auto endpoint = client::detail::advertised(as.token_endpoint);
    if (!endpoint) co_return failure(endpoint.error());
    co_return co_await detail::async_exchange(
        executor,
        oauth::make_token_request(*endpoint, grant, client, {.issuer = as.issuer, .now = now, .rng = rng}),
        [&](http_response const& r) { return oauth::parse_token_response(r, now, opt); });
}

/// RFC 7009 §2: client::revoke_token as a coroutine. Success means revoked or never valid. `hint` (one of
/// oauth::token_type_hint's constants, or empty) must outlive the coroutine.
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<void>> async_revoke_token(
    E& executor, oauth::authorization_server_metadata as, oauth::client_authentication client, secret token,
    std::string_view hint, std::chrono::system_clock::time_point now, random_source rng = {}) {
    auto endpoint = client::detail::advertised(as.revocation_endpoint);
    if (!endpoint) co_return failure(endpoint.error());
    co_return co_await detail::async_exchange(
        executor,
        oauth::make_revocation_request(*endpoint, token, hint, client, {.issuer = as.issuer, .now = now, .rng = rng}),
        [](http_response const& r) { return oauth::parse_revocation_response(r); });
}

/// RFC 7662 §2: client::introspect_token as a coroutine. An inactive token is a success with `active == false`.
/// `hint` (one of oauth::token_type_hint's constants, or empty) must outlive the coroutine.
template <async_http_executor E>
[[nodiscard]] boost::asio::awaitable<outcome<oauth::introspection_response>> async_introspect_token(
    E& executor, oauth::authorization_server_metadata as, oauth::client_authentication client, secret token,
    std::string_view hint, std::chrono::system_clock::time_point now, random_source rng = {}) {
    auto endpoint = client::detail::advertised(as.introspection_endpoint);
    if (!endpoint) co_return failure(endpoint.error());
    co_return co_await detail::async_exchange(
        executor,
        oauth::make_introspection_request(*endpoint, token, hint, client,
                                          {.issuer = as.issuer, .now = now, .rng = rng}),
        [](http_response const& r) { return oauth::parse_introspection_response(r); });
}

} // namespace authwire::adapters

#if defined(AUTHWIRE_ADAPTERS_GCC12_COROUTINES)
#pragma GCC diagnostic pop
#undef AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif
