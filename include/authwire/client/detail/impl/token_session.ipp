#pragma once
// authwire — the definitions of <authwire/client/detail/token_session.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/client/detail/token_session.hpp>

namespace authwire::client::detail {

AUTHWIRE_DECL void token_session::install(oauth::token_response tokens, bool persisted) {
    tokens_ = std::move(tokens);
    persisted_ = persisted;
    state_ = token_manager_state::ready;
}

AUTHWIRE_DECL void token_session::forget() {
    tokens_.reset();
    state_ = token_manager_state::no_tokens;
}

AUTHWIRE_DECL auto token_session::refresh_at() const -> std::optional<time_point> {
    if (!tokens_) return std::nullopt;
    return refresh_time(*tokens_);
}

AUTHWIRE_DECL auto token_session::decide(time_point now) const -> plan {
    switch (state_) {
        case token_manager_state::no_tokens:
            return {next::hand_out, failure(error::not_signed_in), {}};
        case token_manager_state::reauthorization_required:
        case token_manager_state::client_rejected:
            return {next::hand_out, refusal_, {}};
        case token_manager_state::ready:
            break;
    }
    if (persisted_ && !due(*tokens_, now)) return {next::hand_out, tokens_->access_token, {}};
    if (persisted_ && tokens_->refresh_token.empty()) {
        if (!expired(*tokens_, now)) return {next::hand_out, tokens_->access_token, {}};
        return {next::hand_out, failure(error::token_expired), {}};
    }
    // An unstored set is stored first — unless it is due, then it is refreshed (and the new set stored).
    return {due(*tokens_, now) ? next::refresh : next::store, failure(error::invalid_argument), *tokens_};
}

AUTHWIRE_DECL result<http_request> token_session::refresh_request(oauth::token_response const& current, time_point now,
                                                                  random_source rng) const {
    oauth::refresh_token_grant g;
    g.refresh_token = current.refresh_token;
    g.scope = config_.scope;
    g.resource = config_.resource;
    return oauth::make_token_request(config_.token_endpoint, g, config_.client,
                                     {.issuer = config_.issuer, .now = now, .rng = rng});
}

AUTHWIRE_DECL outcome<oauth::token_response> token_session::parse_refresh_response(http_response const& r,
                                                                                   time_point now) const {
    return oauth::parse_token_response(r, now, config_.token_response);
}

AUTHWIRE_DECL auto token_session::land_refresh(outcome<oauth::token_response> t, oauth::token_response const& current,
                                               time_point now) -> landing {
    landing out;
    if (!t) {
        auto const& why = t.error();
        if (why.code == error::invalid_grant || why.code == error::invalid_client) {
            bool const grant = why.code == error::invalid_grant;
            tokens_.reset();
            refusal_ = why;
            state_ = grant ? token_manager_state::reauthorization_required : token_manager_state::client_rejected;
            auto const& callback = grant ? config_.on_reauthorization_required : config_.on_client_rejected;
            if (callback) out.notify = [callback, why] { callback(why); };
            out.answer = why;
        } else if (!expired(current, now)) {
            out.answer = current.access_token;  // still valid: use it, retry on the next call
        } else {
            out.answer = why;
        }
        return out;
    }
    if (t->refresh_token.empty()) t->refresh_token = current.refresh_token;
    if (!t->scope) t->scope = current.scope;
    install(*t, false);
    out.to_store = std::move(*t);
    return out;
}

AUTHWIRE_DECL outcome<secret> token_session::store(token_manager_config const& config, oauth::token_response const& t) {
    if (config.store) {
        if (auto r = config.store(t); !r) return failure(r.error());
    }
    return t.access_token;
}

AUTHWIRE_DECL void token_session::stored(oauth::token_response const& t) {
    if (tokens_ && tokens_->access_token == t.access_token) persisted_ = true;
}

AUTHWIRE_DECL auto token_session::refresh_time(oauth::token_response const& t) const -> std::optional<time_point> {
    if (auto at = t.refresh_at(config_.refresh_margin)) return at;
    if (t.expires_at) return *t.expires_at - config_.refresh_margin;
    return std::nullopt;
}

AUTHWIRE_DECL bool token_session::due(oauth::token_response const& t, time_point now) const {
    auto const at = refresh_time(t);
    return at && now >= *at;
}

AUTHWIRE_DECL bool token_session::expired(oauth::token_response const& t, time_point now) {
    return t.expires_at && now >= *t.expires_at;
}

}  // namespace authwire::client::detail
