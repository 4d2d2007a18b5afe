#pragma once
// authwire — the definitions of <authwire/server/jwks_access_token_validator.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/jwks_access_token_validator.hpp>

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(access_token_reader<jwks_access_token_validator>);

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL result<void> jwks_validator_core::check_options(jwks_access_token_options const& options) {
    using namespace std::chrono;
    if (options.issuer.empty() || options.algorithms.empty()) return error::invalid_argument;
    if (auto r =
            oauth::detail::check_endpoint(std::optional<std::string>(options.jwks_uri), options.allow_http_loopback);
        !r)
        return r.error();
    for (auto a : options.algorithms)
        if (jose::family_of(a) == jose::jws_family::hmac) return error::algorithm_not_allowed;
    if (options.leeway < seconds(0) || options.leeway > hours(24) || options.min_refresh_interval < seconds(0) ||
        options.min_cache_age < seconds(0) || options.max_cache_age < options.min_cache_age)
        return error::invalid_argument;
    return {};
}

AUTHWIRE_DECL jwks_validator_core::jwks_validator_core(jwks_access_token_options options)
    : options_(std::move(options)) {
    validation_.type = "at+jwt";  // RFC 9068 §4: "application/at+jwt" is the same media type
    validation_.issuer = options_.issuer;
    validation_.audience_matched_by_caller = true;
    validation_.leeway = options_.leeway;
    validation_.require_iat = true;  // RFC 9068 §2.2: iat is REQUIRED
}

AUTHWIRE_DECL std::optional<http_request> jwks_validator_core::request_if_due(
    std::chrono::system_clock::time_point now) {
    std::unique_lock lock(mutex_);
    if (!due_locked(now)) return std::nullopt;
    if (state_.last_attempt && now < *state_.last_attempt + options_.min_refresh_interval) return std::nullopt;
    auto req = oauth::make_jwk_set_request(options_.jwks_uri);
    if (!req) return std::nullopt;  // checked by make(); cannot happen
    state_.last_attempt = now;
    return std::move(*req);
}

AUTHWIRE_DECL result<std::chrono::system_clock::time_point> jwks_validator_core::accept_response(
    http_response const& resp, std::chrono::system_clock::time_point now) {
    auto verifier = make_verifier(resp);
    if (!verifier) return verifier.error();
    auto const fresh_until = now + detail::cache_lifetime(resp, options_.min_cache_age, options_.max_cache_age);
    std::unique_lock lock(mutex_);
    state_.verifier = std::move(*verifier);
    state_.fresh_until = fresh_until;
    state_.fetched_at = now;
    refresh_wanted_.store(false);
    return fresh_until;
}

AUTHWIRE_DECL result<access_token_info> jwks_validator_core::read_token(
    std::string_view token, std::chrono::system_clock::time_point now) const {
    try {
        std::shared_ptr<jose::jws_verifier const> verifier;
        {
            std::shared_lock lock(mutex_);
            verifier = state_.verifier;
        }
        if (!verifier) {
            refresh_wanted_.store(true);
            return error::unknown_key;
        }
        auto jwt = jose::verify_jwt(token, *verifier, validation_, now);
        if (!jwt) {
            if (jwt.error() == error::unknown_key) refresh_wanted_.store(true);
            return jwt.error();
        }
        return detail::access_token_info_from(std::move(jwt->claims));
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL std::size_t jwks_validator_core::held_key_count() const {
    std::shared_lock lock(mutex_);
    return state_.verifier ? state_.verifier->keys().size() : 0;
}

AUTHWIRE_DECL std::chrono::system_clock::time_point jwks_validator_core::held_fresh_until() const {
    std::shared_lock lock(mutex_);
    return state_.fresh_until;
}

AUTHWIRE_DECL bool jwks_validator_core::due_locked(std::chrono::system_clock::time_point now) const {
    return !state_.verifier || now >= state_.fresh_until || refresh_wanted_.load();
}

AUTHWIRE_DECL bool jwks_validator_core::due(std::chrono::system_clock::time_point now) const {
    std::shared_lock lock(mutex_);
    return due_locked(now);
}

AUTHWIRE_DECL result<std::shared_ptr<jose::jws_verifier const>> jwks_validator_core::make_verifier(
    http_response const& resp) const {
    auto set = oauth::parse_jwk_set_response(resp, options_.jwks_limits);
    if (!set) return set.error().code;
    jose::jws_key_set keys;
    for (auto const& k : *set) add_bindings(keys, k);
    if (keys.empty()) return error::unknown_key;
    jose::jws_options jws_opt;
    jws_opt.max_token_size = options_.max_token_size;
    auto verifier = jose::jws_verifier::make(std::move(keys), options_.algorithms, std::move(jws_opt));
    if (!verifier) return verifier.error();
    return std::make_shared<jose::jws_verifier const>(std::move(*verifier));
}

AUTHWIRE_DECL bool jwks_validator_core::adopt(stored_response const& hit, std::chrono::system_clock::time_point now) {
    if (!(hit.fresh_until > now)) return false;
    {
        std::shared_lock lock(mutex_);
        if (state_.verifier && !(hit.fetched_at > state_.fetched_at)) return false;  // ours, or older
    }
    http_response resp;
    resp.status = 200;
    resp.headers.set("Content-Type", "application/json");
    resp.body = hit.body;
    auto verifier = make_verifier(resp);
    if (!verifier) return false;
    std::unique_lock lock(mutex_);
    if (state_.verifier && !(hit.fetched_at > state_.fetched_at)) return true;  // another thread took it
    state_.verifier = std::move(*verifier);
    state_.fresh_until = hit.fresh_until;
    state_.fetched_at = hit.fetched_at;
    refresh_wanted_.store(false);
    return true;
}

AUTHWIRE_DECL void jwks_validator_core::add_bindings(jose::jws_key_set& keys, jose::jwk const& key) const {
    for (auto a : options_.algorithms) {
        if (auto named = key.alg(); named && *named != jose::to_string(a)) continue;
        auto pub = key.has_private() ? key.to_public() : result<jose::jwk>(key);
        if (!pub) return;
        auto b = jose::jws_key::make(std::move(*pub), a);
        if (b) (void)keys.add(std::move(*b));  // a repeated (kid, alg): the first one stays
    }
}

}  // namespace authwire::server::detail
