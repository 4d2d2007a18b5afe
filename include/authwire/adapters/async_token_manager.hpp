#pragma once
// authwire adapters — client::token_manager for Boost.Asio coroutines: hands out a valid access token for one
// session, refreshing proactively (RFC 6749 §6) and single-flight across coroutines, persisting the rotated
// refresh token before use (RFC 9700 §4.14.2).
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. Needs the Boost
// headers only (CMake target `authwire::beast` provides them); single header:
// single_include/authwire/adapters/async_token_manager.hpp.

#include <authwire/adapters/asio.hpp>

#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/detail/token_session.hpp>
#include <authwire/client/token_manager.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

// GCC 12 reports -Wmismatched-new-delete where a Boost.Asio coroutine frame (awaitable_frame_base's own operator
// new/delete) is freed after inlining — a false positive of GCC's (fixed in GCC 13); off for these coroutines only.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#define AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif

namespace authwire::adapters {

/// RFC 6749 §6: client::token_manager's contract (same configuration — client::token_manager_config, built with
/// client::token_manager_config_for — same states, same failures) with `co_await access_token(now)`. Coroutines
/// that ask while a refresh is in flight wait for it without blocking their thread and all receive its outcome:
/// ONE refresh request however many ask (single-flight). The refresh request is oauth::make_token_request's, its
/// answer read with oauth::parse_token_response through the drivers' redaction.
///
/// Like every Asio I/O object it is not thread-safe: call it from coroutines on one thread or one strand. `E` is an
/// async_http_executor held by value (use `E&`, e.g. `async_token_manager<beast_async_executor&>`, to share one).
/// The callbacks run inline in the refreshing coroutine. Not copyable or movable. A coroutine abandoned
/// mid-refresh (cancelled, its io_context destroyed) releases its waiters with boost::asio::error::operation_aborted.
template <class E>
    requires async_http_executor<E>
class async_token_manager {
public:
    /// `rng` (for JWT client assertions) must outlive the manager, as random_source is a reference.
    async_token_manager(client::token_manager_config config, E executor, random_source rng = {})
        : session_(std::move(config)), executor_(std::forward<E>(executor)), rng_(rng) {}

    async_token_manager(async_token_manager const&) = delete;
    async_token_manager& operator=(async_token_manager const&) = delete;

    /// Adopt a fresh token set (e.g. from async_finish) and persist it through `store` first; when that fails,
    /// nothing changes and the store's error is returned.
    [[nodiscard]] result<void> set_tokens(oauth::token_response tokens) {
        if (auto const& store = session_.config().store) {
            if (auto r = store(tokens); !r) return r;
        }
        session_.install(std::move(tokens), true);
        return {};
    }

    /// Adopt a token set that is already persisted.
    void restore(oauth::token_response tokens) { session_.install(std::move(tokens), true); }

    /// Forget the tokens (e.g. after revoking them).
    void forget() { session_.forget(); }

    /// RFC 6749 §6, RFC 6750 §2.1: a valid access token for `now`, refreshed first when due (see
    /// client::token_manager::access_token for the failures).
    [[nodiscard]] boost::asio::awaitable<outcome<secret>> access_token(std::chrono::system_clock::time_point now) {
        if (flight_) co_return co_await wait(flight_);
        auto plan = session_.decide(now);
        if (plan.what == client::detail::token_session::next::hand_out) co_return plan.answer;
        auto f = std::make_shared<flight>(co_await boost::asio::this_coro::executor);
        flight_ = f;
        landing guard{*this, f};
        std::function<void()> notify;
        outcome<secret> r = failure(error::invalid_argument);
        if (plan.what == client::detail::token_session::next::store) r = persist(plan.tokens);
        else r = co_await refresh(plan.tokens, now, notify);  // (no co_await in a ?: — GCC 12 miscompiles it)
        guard.land(r);
        if (notify) notify();
        co_return r;
    }

    [[nodiscard]] client::token_manager_state state() const noexcept { return session_.state(); }

    /// When the current access token will be refreshed (nullopt without tokens or with an unknown lifetime).
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_at() const {
        return session_.refresh_at();
    }

private:
    // One refresh (or store retry) in progress; its waiters sleep on `wake` until it is cancelled.
    struct flight {
        explicit flight(boost::asio::any_io_executor ex) : wake(ex, boost::asio::steady_timer::time_point::max()) {}
        bool done = false;
        outcome<secret> result = failure(error::invalid_argument);
        boost::asio::steady_timer wake;
    };

    // Publishes the flight's result exactly once: with the outcome, or — when the refreshing coroutine ends some
    // other way (an exception, its frame destroyed while suspended) — with operation_aborted.
    struct landing {
        async_token_manager& m;
        std::shared_ptr<flight> f;
        landing(async_token_manager& manager, std::shared_ptr<flight> fl) : m(manager), f(std::move(fl)) {}
        landing(landing const&) = delete;
        landing& operator=(landing const&) = delete;
        void land(outcome<secret> r) {
            if (f->done) return;
            f->result = std::move(r);
            f->done = true;
            if (m.flight_ == f) m.flight_.reset();
            f->wake.cancel();
        }
        ~landing() {
            if (f->done) return;
            try {
                land(failure(boost::system::error_code(boost::asio::error::operation_aborted)));
            } catch (...) {  // the timer's service already shut down: no waiter is left to wake
            }
        }
    };

    // Wait for a flight in progress; a waiter cancelled on its own is released with its error.
    static boost::asio::awaitable<outcome<secret>> wait(std::shared_ptr<flight> f) {
        while (!f->done) {
            boost::system::error_code ec;
            co_await f->wake.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
            if (!f->done && ec == boost::asio::error::operation_aborted) co_return failure(ec);
        }
        co_return f->result;
    }

    // Store `t` (installed, not yet persisted); hand out its access token only once stored.
    outcome<secret> persist(oauth::token_response const& t) {
        auto r = client::detail::token_session::store(session_.config(), t);
        if (r) session_.stored(t);
        return r;
    }

    // RFC 6749 §6: one refresh request, then install, then store (client::detail::token_session's rules).
    boost::asio::awaitable<outcome<secret>> refresh(oauth::token_response current,
                                                    std::chrono::system_clock::time_point now,
                                                    std::function<void()>& notify) {
        auto t = co_await detail::async_exchange(
            executor_, session_.refresh_request(current, now, rng_),
            [&](http_response const& r) { return session_.parse_refresh_response(r, now); });
        auto landed = session_.land_refresh(std::move(t), current, now);
        notify = std::move(landed.notify);
        if (!landed.to_store) co_return landed.answer;
        co_return persist(*landed.to_store);
    }

    client::detail::token_session session_;
    E executor_;
    random_source rng_;
    std::shared_ptr<flight> flight_;
};

} // namespace authwire::adapters

#if defined(AUTHWIRE_ADAPTERS_GCC12_COROUTINES)
#pragma GCC diagnostic pop
#undef AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif
