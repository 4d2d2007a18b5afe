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
        : config_(std::move(config)), executor_(std::forward<E>(executor)), rng_(rng) {}

    async_token_manager(async_token_manager const&) = delete;
    async_token_manager& operator=(async_token_manager const&) = delete;

    /// Adopt a fresh token set (e.g. from async_finish) and persist it through `store` first; when that fails,
    /// nothing changes and the store's error is returned.
    [[nodiscard]] result<void> set_tokens(oauth::token_response tokens) {
        if (config_.store) {
            if (auto r = config_.store(tokens); !r) return r;
        }
        install(std::move(tokens), true);
        return {};
    }

    /// Adopt a token set that is already persisted.
    void restore(oauth::token_response tokens) { install(std::move(tokens), true); }

    /// Forget the tokens (e.g. after revoking them).
    void forget() {
        tokens_.reset();
        state_ = client::token_manager_state::no_tokens;
    }

    /// RFC 6749 §6, RFC 6750 §2.1: a valid access token for `now`, refreshed first when due (see
    /// client::token_manager::access_token for the failures).
    [[nodiscard]] boost::asio::awaitable<outcome<secret>> access_token(std::chrono::system_clock::time_point now) {
        if (flight_) co_return co_await wait(flight_);
        switch (state_) {
        case client::token_manager_state::no_tokens: co_return failure(error::missing_argument);
        case client::token_manager_state::reauthorization_required:
        case client::token_manager_state::client_rejected: co_return refusal_;
        case client::token_manager_state::ready: break;
        }
        if (persisted_ && !due(*tokens_, now)) co_return tokens_->access_token;
        if (persisted_ && tokens_->refresh_token.empty()) {
            if (!expired(*tokens_, now)) co_return tokens_->access_token;
            co_return failure(error::token_expired);
        }
        auto f = std::make_shared<flight>(co_await boost::asio::this_coro::executor);
        flight_ = f;
        landing guard{*this, f};
        oauth::token_response snapshot = *tokens_;
        bool const store_only = !persisted_ && !due(*tokens_, now);  // an unstored set that is due is refreshed
        std::function<void()> notify;
        outcome<secret> r = failure(error::invalid_argument);
        if (store_only) r = persist(std::move(snapshot));
        else r = co_await refresh(std::move(snapshot), now, notify);  // (no co_await in a ?: — GCC 12 miscompiles it)
        guard.land(r);
        if (notify) notify();
        co_return r;
    }

    [[nodiscard]] client::token_manager_state state() const noexcept { return state_; }

    /// When the current access token will be refreshed (nullopt without tokens or with an unknown lifetime).
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_at() const {
        if (!tokens_) return std::nullopt;
        return refresh_time(*tokens_);
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

    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_time(
        oauth::token_response const& t) const {
        if (auto at = t.refresh_at(config_.refresh_margin)) return at;
        if (t.expires_at) return *t.expires_at - config_.refresh_margin;
        return std::nullopt;
    }
    [[nodiscard]] bool due(oauth::token_response const& t, std::chrono::system_clock::time_point now) const {
        auto const at = refresh_time(t);
        return at && now >= *at;
    }
    [[nodiscard]] static bool expired(oauth::token_response const& t, std::chrono::system_clock::time_point now) {
        return t.expires_at && now >= *t.expires_at;
    }

    void install(oauth::token_response tokens, bool persisted) {
        tokens_ = std::move(tokens);
        persisted_ = persisted;
        state_ = client::token_manager_state::ready;
    }

    // Store `t` (already installed, not yet persisted); hand out its access token only once stored.
    outcome<secret> persist(oauth::token_response t) {
        if (config_.store) {
            if (auto r = config_.store(t); !r) return failure(r.error());
        }
        if (tokens_ && tokens_->access_token == t.access_token) persisted_ = true;
        return t.access_token;
    }

    // RFC 6749 §6: one refresh request, then store, then install (client::token_manager's rules).
    boost::asio::awaitable<outcome<secret>> refresh(oauth::token_response current,
                                                    std::chrono::system_clock::time_point now,
                                                    std::function<void()>& notify) {
        oauth::refresh_token_grant g;
        g.refresh_token = current.refresh_token;
        g.scope = config_.scope;
        g.resource = config_.resource;
        auto t = co_await detail::async_exchange(
            executor_,
            oauth::make_token_request(config_.token_endpoint, g, config_.client,
                                      {.issuer = config_.issuer, .now = now, .rng = rng_}),
            [&](http_response const& r) { return oauth::parse_token_response(r, now, config_.token_response); });
        if (!t) {
            auto const& why = t.error();
            if (why.code == error::invalid_grant || why.code == error::invalid_client) {
                bool const grant = why.code == error::invalid_grant;
                tokens_.reset();
                refusal_ = why;
                state_ = grant ? client::token_manager_state::reauthorization_required
                               : client::token_manager_state::client_rejected;
                auto const& callback = grant ? config_.on_reauthorization_required : config_.on_client_rejected;
                if (callback) notify = [callback, why] { callback(why); };
                co_return why;
            }
            if (!expired(current, now)) co_return current.access_token;  // still valid: use it, retry next call
            co_return why;
        }
        if (t->refresh_token.empty()) t->refresh_token = current.refresh_token;
        if (!t->scope) t->scope = current.scope;
        install(*t, false);
        co_return persist(std::move(*t));
    }

    client::token_manager_config config_;
    E executor_;
    random_source rng_;

    std::optional<oauth::token_response> tokens_;
    bool persisted_ = false;
    client::token_manager_state state_ = client::token_manager_state::no_tokens;
    failure refusal_{};
    std::shared_ptr<flight> flight_;
};

} // namespace authwire::adapters
