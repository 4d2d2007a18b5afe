#pragma once
// authwire — a token manager for one (issuer, client, resource) session: hands out a valid access token,
// refreshing proactively and single-flight (RFC 6749 §6), persisting the rotated refresh token before use
// (RFC 9700 §4.14.2).

#include <authwire/core/detail/config.hpp>
#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/detail/token_session.hpp>
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

/// RFC 8414 §2: the configuration of a session with the server `as` (its issuer and token_endpoint;
/// error::unsupported_operation when it has none) for the registered `client` and the `resource`(s). Callbacks
/// and the margin are left to the caller.
[[nodiscard]] AUTHWIRE_DECL result<token_manager_config> token_manager_config_for(
    oauth::authorization_server_metadata const& as, oauth::client_authentication client,
    std::vector<std::string> resource = {});

/// RFC 6749 §6: hands out access tokens for one session over `E`, refreshing when
/// `now >= expires_at - min(refresh_margin, lifetime / 2)`. Thread-safe: concurrent callers while a refresh is
/// due share ONE refresh request (single-flight) and all receive its outcome. A refresh response without a
/// refresh_token keeps the current one (§6); one without scope keeps the current scope (§5.1). When a refresh
/// fails for another reason (no response, 5xx, temporarily_unavailable …) the current access token is handed
/// out while it has not expired; after that the failure is returned. Movable (not while another thread uses it:
/// a moved-from manager may only be destroyed or assigned to), not copyable. The class template argument is
/// deduced from the executor: `client::token_manager manager(config, executor);` (a copy of it), or name
/// `token_manager<E&>` to share one, or `token_manager<any_http_executor>` for a type-erased one.
template <http_executor E>
class token_manager {
public:
    /// `rng` (for JWT client assertions) must outlive the manager, as random_source is a reference.
    token_manager(token_manager_config config, E executor, random_source rng = {})
        : shared_(std::make_unique<shared>(std::move(config))), executor_(std::forward<E>(executor)), rng_(rng) {}

    token_manager(token_manager&&) noexcept = default;
    token_manager& operator=(token_manager&&) noexcept = default;
    token_manager(token_manager const&) = delete;
    token_manager& operator=(token_manager const&) = delete;
    ~token_manager() = default;

    /// Adopt a fresh token set (e.g. from code_flow::finish) and persist it through `store` first; when that
    /// fails, nothing changes and the store's error is returned.
    [[nodiscard]] result<void> set_tokens(oauth::token_response tokens) {
        if (auto const& store = shared_->session.config().store) {
            if (auto r = store(tokens); !r) return r;
        }
        std::lock_guard lock(shared_->m);
        shared_->session.install(std::move(tokens), true);
        return {};
    }

    /// Adopt a token set that is already persisted (read back from the application's store at start-up).
    void restore(oauth::token_response tokens) {
        std::lock_guard lock(shared_->m);
        shared_->session.install(std::move(tokens), true);
    }

    /// Forget the tokens (e.g. after revoking them).
    void forget() {
        std::lock_guard lock(shared_->m);
        shared_->session.forget();
    }

    /// RFC 6749 §6, RFC 6750 §2.1: a valid access token for `now`, refreshed first when due. Failures:
    /// error::not_signed_in without tokens; the peer's invalid_grant / invalid_client failure once the tokens
    /// were refused (state() says which); error::token_expired when expired and not refreshable; the refresh's
    /// failure (or the store's error) otherwise.
    [[nodiscard]] outcome<secret> access_token(std::chrono::system_clock::time_point now) {
        auto& s = *shared_;
        std::unique_lock lock(s.m);
        if (s.in_flight) {
            auto f = s.in_flight;
            s.cv.wait(lock, [&] { return f->done; });
            return f->result;
        }
        auto plan = s.session.decide(now);
        if (plan.what == detail::token_session::next::hand_out) return plan.answer;
        auto f = std::make_shared<flight>();
        s.in_flight = f;
        lock.unlock();

        std::function<void()> notify;
        outcome<secret> r = failure(error::invalid_argument);
        try {
            r = plan.what == detail::token_session::next::store ? persist(plan.tokens)
                                                                  : refresh(plan.tokens, now, notify);
        } catch (...) {  // a throwing executor or callback: release the waiters, then let it propagate
            land(f, failure(error::invalid_argument));
            throw;
        }
        land(f, r);
        if (notify) notify();
        return r;
    }

    [[nodiscard]] token_manager_state state() const {
        std::lock_guard lock(shared_->m);
        return shared_->session.state();
    }

    /// When the current access token will be refreshed (nullopt without tokens or with an unknown lifetime).
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_at() const {
        std::lock_guard lock(shared_->m);
        return shared_->session.refresh_at();
    }

private:
    // One refresh (or store retry) in progress; callers that arrive meanwhile wait for its result.
    struct flight {
        bool done = false;
        outcome<secret> result = failure(error::invalid_argument);
    };
    // What threads share, behind one pointer so that the manager can move.
    struct shared {
        explicit shared(token_manager_config config) : session(std::move(config)) {}
        mutable std::mutex m;
        std::condition_variable cv;
        detail::token_session session;
        std::shared_ptr<flight> in_flight;
    };

    // Publish a flight's result and wake its waiters.
    void land(std::shared_ptr<flight> const& f, outcome<secret> r) {
        {
            std::lock_guard lock(shared_->m);
            f->result = std::move(r);
            f->done = true;
            if (shared_->in_flight == f) shared_->in_flight.reset();
        }
        shared_->cv.notify_all();
    }

    // Store `t` (installed, not yet persisted); hand out its access token only once stored.
    outcome<secret> persist(oauth::token_response const& t) {
        auto r = detail::token_session::store(shared_->session.config(), t);
        if (!r) return r;
        std::lock_guard lock(shared_->m);
        shared_->session.stored(t);
        return r;
    }

    // RFC 6749 §6: one refresh request, then install, then store (detail::token_session's rules).
    outcome<secret> refresh(oauth::token_response const& current, std::chrono::system_clock::time_point now,
                            std::function<void()>& notify) {
        auto& session = shared_->session;  // its configuration never changes: read without the lock
        auto t = detail::exchange(executor_, session.refresh_request(current, now, rng_),
                                  [&](http_response const& r) { return session.parse_refresh_response(r, now); });
        detail::token_session::landing landed;
        {
            std::lock_guard lock(shared_->m);
            landed = session.land_refresh(std::move(t), current, now);
        }
        notify = std::move(landed.notify);
        if (!landed.to_store) return landed.answer;
        return persist(*landed.to_store);
    }

    std::unique_ptr<shared> shared_;
    E executor_;
    random_source rng_;
};

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/token_manager.ipp>
#endif
