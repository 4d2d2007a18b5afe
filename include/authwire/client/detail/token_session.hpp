#pragma once
// authwire — the rules of one token session (RFC 6749 §6, RFC 9700 §4.14.2), shared by client::token_manager
// (threads, a mutex) and adapters::async_token_manager (coroutines): when a token is handed out, refreshed or
// stored; how a refresh is asked for and how its answer changes the session. No locking, no I/O, no clock: the
// managers hold their lock around these calls, send the request, and call the store outside the lock.

#include <authwire/core/detail/config.hpp>
#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace authwire::client {

/// One session's configuration: where to refresh, as whom, for what, and the application's callbacks.
/// The callbacks run on the thread (or in the coroutine) that performed the refresh, outside the manager's lock;
/// `store` must not call back into the same manager (callers waiting for the refresh would wait for it), the
/// other two may.
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

/// Where a token manager stands.
enum class token_manager_state {
    no_tokens,                 ///< nothing to hand out yet (set_tokens / restore): error::not_signed_in
    ready,                     ///< has tokens (possibly needing a refresh)
    reauthorization_required,  ///< the refresh token was refused (invalid_grant); tokens forgotten
    client_rejected,           ///< the client was refused (invalid_client); tokens forgotten
};

namespace detail {

class token_session {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// What a request for an access token at `now` must do.
    enum class next {
        hand_out,  ///< return `answer` (a token, or the failure that stands)
        refresh,   ///< refresh `tokens` (RFC 6749 §6), then store the new set
        store,     ///< store `tokens` (installed, not yet persisted), then hand out its access token
    };
    struct plan {
        next what = next::hand_out;
        outcome<secret> answer = failure(error::invalid_argument);
        oauth::token_response tokens{};
    };

    /// What a refresh's answer leaves to do: hand out `answer`, or store `to_store` first; then run `notify`
    /// (the application's callback for a refused grant or client), outside any lock.
    struct landing {
        outcome<secret> answer = failure(error::invalid_argument);
        std::optional<oauth::token_response> to_store{};
        std::function<void()> notify{};
    };

    explicit token_session(token_manager_config config) : config_(std::move(config)) {}

    [[nodiscard]] token_manager_config const& config() const noexcept { return config_; }
    [[nodiscard]] token_manager_state state() const noexcept { return state_; }

    void install(oauth::token_response tokens, bool persisted);

    void forget();

    /// When the current access token will be refreshed (nullopt without tokens or with an unknown lifetime).
    [[nodiscard]] std::optional<time_point> refresh_at() const;

    /// RFC 6749 §6: refresh when `now >= expires_at - min(refresh_margin, lifetime / 2)`; a set without a refresh
    /// token is handed out until it expires; a stored set that is not due is handed out as it is.
    [[nodiscard]] plan decide(time_point now) const;

    /// RFC 6749 §6 (+ RFC 8707 §2): the refresh request for `current`.
    [[nodiscard]] result<http_request> refresh_request(oauth::token_response const& current, time_point now,
                                                       random_source rng) const;

    /// RFC 6749 §5.1, §5.2: reads the token endpoint's answer to refresh_request (pass to detail::exchange).
    [[nodiscard]] outcome<oauth::token_response> parse_refresh_response(http_response const& r, time_point now) const;

    /// A refresh's outcome applied to the session. `invalid_grant` / `invalid_client` forget the tokens for good
    /// (RFC 6749 §5.2); any other failure hands out `current` while it has not expired; a new set keeps the
    /// current refresh token when none came (§6) and the current scope when none came (§5.1), is installed as not
    /// yet persisted, and must be stored before its access token is handed out.
    [[nodiscard]] landing land_refresh(outcome<oauth::token_response> t, oauth::token_response const& current,
                                       time_point now);

    /// Persists `t` through the configuration's store (outside any lock): its access token, or the store's error.
    [[nodiscard]] static outcome<secret> store(token_manager_config const& config, oauth::token_response const& t);

    /// After `t` was stored: it is persisted, if it is still the current set.
    void stored(oauth::token_response const& t);

private:
    [[nodiscard]] std::optional<time_point> refresh_time(oauth::token_response const& t) const;
    [[nodiscard]] bool due(oauth::token_response const& t, time_point now) const;
    [[nodiscard]] static bool expired(oauth::token_response const& t, time_point now);

    token_manager_config config_;
    std::optional<oauth::token_response> tokens_;
    bool persisted_ = false;
    token_manager_state state_ = token_manager_state::no_tokens;
    failure refusal_{};
};

} // namespace detail
} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/detail/impl/token_session.ipp>
#endif
