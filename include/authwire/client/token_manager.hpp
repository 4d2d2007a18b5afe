#pragma once
// authwire — a token manager for one (issuer, client, resource) session: hands out a valid access token,
// refreshing proactively and single-flight (RFC 6749 §6), persisting the rotated refresh token before use
// (RFC 9700 §4.14.2).

#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace authwire::client {

/// One session's configuration: where to refresh, as whom, for what, and the application's callbacks.
/// The callbacks run on the thread that performed the refresh, outside the manager's lock; `store` must not call
/// back into the same manager (callers waiting for the refresh would wait for it), the other two may.
struct token_manager_config {
    std::string issuer{};                   ///< the authorization server (client assertion `aud`)
    std::string token_endpoint{};
    oauth::client_authentication client{};  ///< the registered client and its authentication method
    std::vector<std::string> resource{};    ///< RFC 8707 §2: sent with every refresh
    oauth::scope_set scope{};               ///< RFC 6749 §6: empty = the originally granted scope
    /// Refresh this long before expiry — but never earlier than half-way through the token's lifetime
    /// (oauth::token_response::refresh_at), so short-lived tokens are not refreshed at once.
    std::chrono::seconds refresh_margin = std::chrono::minutes(5);
    oauth::token_response_options token_response{};
    /// Persist the token set (with the rotated refresh token). Called BEFORE a new access token is handed out;
    /// when it fails, the new token is not handed out and storing is retried on the next call.
    std::function<result<void>(oauth::token_response const&)> store{};
    /// RFC 6749 §5.2 `invalid_grant` on refresh: the tokens are forgotten; the user must authorize again.
    std::function<void(failure const&)> on_reauthorization_required{};
    /// RFC 6749 §5.2 `invalid_client` on refresh: the tokens are forgotten; forget the registration too.
    std::function<void(failure const&)> on_client_rejected{};
};

/// RFC 8414 §2: the configuration of a session with the server `as` (its issuer and token_endpoint;
/// error::unsupported_operation when it has none) for the registered `client` and the `resource`(s). Callbacks
/// and the margin are left to the caller.
[[nodiscard]] inline result<token_manager_config> token_manager_config_for(oauth::authorization_server_metadata const& as,
                                                                           oauth::client_authentication client,
                                                                           std::vector<std::string> resource = {}) {
    if (!as.token_endpoint || as.token_endpoint->empty()) return error::unsupported_operation;
    token_manager_config c;
    c.issuer = as.issuer;
    c.token_endpoint = *as.token_endpoint;
    c.client = std::move(client);
    c.resource = std::move(resource);
    return c;
}

/// Where a token manager stands.
enum class token_manager_state {
    no_tokens,                 ///< nothing to hand out yet (set_tokens / restore)
    ready,                     ///< has tokens (possibly needing a refresh)
    reauthorization_required,  ///< the refresh token was refused (invalid_grant); tokens forgotten
    client_rejected,           ///< the client was refused (invalid_client); tokens forgotten
};

/// RFC 6749 §6: hands out access tokens for one session over `E`, refreshing when
/// `now >= expires_at - min(refresh_margin, lifetime / 2)`. Thread-safe: concurrent callers while a refresh is
/// due share ONE refresh request (single-flight) and all receive its outcome. A refresh response without a
/// refresh_token keeps the current one (§6); one without scope keeps the current scope (§5.1). When a refresh
/// fails for another reason (no response, 5xx, temporarily_unavailable …) the current access token is handed
/// out while it has not expired; after that the failure is returned. Not copyable or movable.
template <http_executor E>
class token_manager {
public:
    /// `rng` (for JWT client assertions) must outlive the manager, as random_source is a reference.
    token_manager(token_manager_config config, E executor, random_source rng = {})
        : config_(std::move(config)), executor_(std::move(executor)), rng_(rng) {}

    token_manager(token_manager const&) = delete;
    token_manager& operator=(token_manager const&) = delete;

    /// Adopt a fresh token set (e.g. from code_flow::finish) and persist it through `store` first; when that
    /// fails, nothing changes and the store's error is returned.
    [[nodiscard]] result<void> set_tokens(oauth::token_response tokens) {
        if (config_.store) {
            if (auto r = config_.store(tokens); !r) return r;
        }
        std::lock_guard lock(m_);
        install(std::move(tokens), true);
        return {};
    }

    /// Adopt a token set that is already persisted (read back from the application's store at start-up).
    void restore(oauth::token_response tokens) {
        std::lock_guard lock(m_);
        install(std::move(tokens), true);
    }

    /// Forget the tokens (e.g. after revoking them).
    void forget() {
        std::lock_guard lock(m_);
        tokens_.reset();
        state_ = token_manager_state::no_tokens;
    }

    /// RFC 6749 §6, RFC 6750 §2.1: a valid access token for `now`, refreshed first when due. Failures:
    /// error::missing_argument without tokens; the peer's invalid_grant / invalid_client failure once the tokens
    /// were refused (state() says which); error::token_expired when expired and not refreshable; the refresh's
    /// failure (or the store's error) otherwise.
    [[nodiscard]] outcome<secret> access_token(std::chrono::system_clock::time_point now) {
        std::unique_lock lock(m_);
        if (flight_) {
            auto f = flight_;
            cv_.wait(lock, [&] { return f->done; });
            return f->result;
        }
        switch (state_) {
        case token_manager_state::no_tokens: return failure(error::missing_argument);
        case token_manager_state::reauthorization_required:
        case token_manager_state::client_rejected: return refusal_;
        case token_manager_state::ready: break;
        }
        if (persisted_ && !due(*tokens_, now)) return tokens_->access_token;
        if (persisted_ && tokens_->refresh_token.empty()) {
            if (!expired(*tokens_, now)) return tokens_->access_token;
            return failure(error::token_expired);
        }
        auto f = std::make_shared<flight>();
        flight_ = f;
        oauth::token_response snapshot = *tokens_;
        bool const store_only = !persisted_ && !due(*tokens_, now);  // an unstored set that is due is refreshed
        lock.unlock();

        std::function<void()> notify;
        outcome<secret> r = failure(error::invalid_argument);
        try {
            r = store_only ? persist(std::move(snapshot)) : refresh(std::move(snapshot), now, notify);
        } catch (...) {  // a throwing executor or callback: release the waiters, then let it propagate
            land(f, failure(error::invalid_argument));
            throw;
        }
        land(f, r);
        if (notify) notify();
        return r;
    }

    [[nodiscard]] token_manager_state state() const {
        std::lock_guard lock(m_);
        return state_;
    }

    /// When the current access token will be refreshed (nullopt without tokens or with an unknown lifetime).
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_at() const {
        std::lock_guard lock(m_);
        if (!tokens_) return std::nullopt;
        return refresh_time(*tokens_);
    }

private:
    // One refresh (or store retry) in progress; callers that arrive meanwhile wait for its result.
    struct flight {
        bool done = false;
        outcome<secret> result = failure(error::invalid_argument);
    };

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

    // Under the lock.
    void install(oauth::token_response tokens, bool persisted) {
        tokens_ = std::move(tokens);
        persisted_ = persisted;
        state_ = token_manager_state::ready;
    }

    // Publish a flight's result and wake its waiters.
    void land(std::shared_ptr<flight> const& f, outcome<secret> r) {
        {
            std::lock_guard lock(m_);
            f->result = std::move(r);
            f->done = true;
            if (flight_ == f) flight_.reset();
        }
        cv_.notify_all();
    }

    // Store `t` (already installed, not yet persisted); hand out its access token only once stored.
    outcome<secret> persist(oauth::token_response t) {
        if (config_.store) {
            if (auto r = config_.store(t); !r) return failure(r.error());
        }
        std::lock_guard lock(m_);
        if (tokens_ && tokens_->access_token == t.access_token) persisted_ = true;
        return t.access_token;
    }

    // RFC 6749 §6: one refresh request, then store, then install. `notify` gets the application callback to run
    // once the result is published.
    outcome<secret> refresh(oauth::token_response current, std::chrono::system_clock::time_point now,
                            std::function<void()>& notify) {
        oauth::refresh_token_grant g;
        g.refresh_token = current.refresh_token;
        g.scope = config_.scope;
        g.resource = config_.resource;
        auto req = oauth::make_token_request(config_.token_endpoint, g, config_.client,
                                             {.issuer = config_.issuer, .now = now, .rng = rng_});
        if (!req) return failure(req.error());
        auto resp = send(executor_, *req);
        outcome<oauth::token_response> t =
            resp ? detail::interpret(*req, *resp,
                                     [&](http_response const& r) {
                                         return oauth::parse_token_response(r, now, config_.token_response);
                                     })
                 : outcome<oauth::token_response>(resp.error());
        if (!t) {
            auto const& why = t.error();
            if (why.code == error::invalid_grant || why.code == error::invalid_client) {
                bool const grant = why.code == error::invalid_grant;
                {
                    std::lock_guard lock(m_);
                    tokens_.reset();
                    refusal_ = why;
                    state_ = grant ? token_manager_state::reauthorization_required
                                   : token_manager_state::client_rejected;
                }
                auto const& callback = grant ? config_.on_reauthorization_required : config_.on_client_rejected;
                if (callback) notify = [callback, why] { callback(why); };
                return why;
            }
            if (!expired(current, now)) return current.access_token;  // still valid: use it, retry next call
            return why;
        }
        if (t->refresh_token.empty()) t->refresh_token = current.refresh_token;
        if (!t->scope) t->scope = current.scope;
        {
            std::lock_guard lock(m_);
            install(*t, false);
        }
        return persist(std::move(*t));
    }

    token_manager_config config_;
    E executor_;
    random_source rng_;

    mutable std::mutex m_;
    std::condition_variable cv_;
    std::optional<oauth::token_response> tokens_;
    bool persisted_ = false;
    token_manager_state state_ = token_manager_state::no_tokens;
    failure refusal_{};
    std::shared_ptr<flight> flight_;
};

} // namespace authwire::client
