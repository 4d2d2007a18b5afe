#pragma once
// authwire — a resource server's reader of RFC 9068 access tokens signed by an authorization server it does not
// share keys with: the keys come from the AS's jwks_uri (RFC 8414 §2, RFC 7517 §5) through a sans-IO step —
// the validator says when to fetch and returns the request, the caller's executor sends it, the validator takes
// the response — and are cached (Cache-Control within a floor and a ceiling); a token naming an unknown "kid"
// asks for a refetch, at most once per min_refresh_interval. Instances of a resource server can share the fetched
// set through a response_cache (server/response_cache.hpp; redis/response_cache.hpp puts it in Redis): a validator
// that needs keys takes a fresh set another instance fetched instead of asking for a fetch.
//
//     auto v = jwks_access_token_validator::make({.issuer = as.issuer, .jwks_uri = *as.jwks_uri}).value();
//     bearer_validator<jwks_access_token_validator, memory_revocation_store> rs(v, revocations, {resource, prm});
//     // per request:
//     if (auto fetch = v.next_request(now)) (void)v.on_response(executor(*fetch), now);
//     auto who = rs.validate(req, now, "mcp:tools");
//     if (!who && who.error().code == error::unknown_key)      // a new key: fetch (rate-limited) and retry once
//         if (auto fetch = v.next_request(now)) { (void)v.on_response(executor(*fetch), now); who = rs.validate(req, now, "mcp:tools"); }

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_set.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/jwks.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/detail/access_token_claims.hpp>
#include <authwire/server/detail/http_cache.hpp>
#include <authwire/server/response_cache.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::server {

/// What a jwks_access_token_validator checks tokens against, and how it keeps the keys.
struct jwks_access_token_options {
    /// RFC 9068 §4: the authorization server's issuer identifier; "iss" must equal it exactly.
    std::string issuer;
    /// RFC 8414 §2: where its JWK Set is (from its metadata); https, or http to a loopback host with
    /// allow_http_loopback.
    std::string jwks_uri;
    /// RFC 8725 §3.1, RFC 9068 §4: the algorithms accepted. A published key is used only with the algorithm
    /// its "alg" names (and only when that one is allowed); a key without "alg" with each allowed algorithm
    /// its type fits (an RSA key with RS256 and PS256, …). HMAC algorithms are refused by make().
    std::vector<jose::jws_algorithm> algorithms{jose::jws_algorithm::RS256, jose::jws_algorithm::PS256,
                                                jose::jws_algorithm::ES256, jose::jws_algorithm::EdDSA};
    /// Clock skew tolerated on "exp", "nbf" and "iat" (0 to 1 day): the two servers do not share a clock.
    std::chrono::seconds leeway{30};
    /// A token with an unknown "kid" asks for a refetch; refetches are at least this far apart, so that tokens
    /// with made-up kids cannot turn the resource server into a load generator against the AS.
    std::chrono::seconds min_refresh_interval{30};
    /// Bounds on how long a fetched set is used before it is fetched again (Cache-Control max-age within them;
    /// without one, the floor).
    std::chrono::seconds min_cache_age{std::chrono::minutes(5)};
    std::chrono::seconds max_cache_age{std::chrono::hours(24)};
    std::size_t max_token_size = limits::max_compact_token_size;  ///< checked before any decoding
    json_limits jwks_limits{64 * 1024, 8};                        ///< the JWK Set response body
    bool allow_http_loopback = false;                              ///< tests and local development only
};

/// RFC 9068 §4, RFC 8725: validates another authorization server's JWT access tokens with the keys of its
/// jwks_uri. read() is an access_token_reader (bearer_validator takes it): a JWS (a JWE is
/// error::wrong_token_type), "typ" at+jwt, the signature with the key the "kid" selects — only with that key's
/// algorithm, only from the allow-list (error::algorithm_not_allowed), no such key error::unknown_key, which
/// also asks for a refetch — then "iss" (error::wrong_issuer), "exp" (error::token_expired), "iat" and "nbf"
/// (error::token_not_yet_valid), sub, aud, jti and client_id present (error::missing_claim). The audience is
/// matched by bearer_validator (access_token_info::audience). Before the first set arrives every token is
/// error::unknown_key. read(), next_request() and on_response() are safe to call concurrently; the keys are
/// swapped in whole.
///
/// With a shared response_cache `C` (make(options, cache)), next_request() first looks there, under the key
/// "jwks:" + jwks_uri: a fresh set fetched later than the one held (any, before the first) is validated as if it
/// had just been received and used instead of a fetch; on_response() stores each set it accepts there. A cache
/// that fails or misses costs a fetch, nothing else. Without one (make(options)), the validator keeps its set
/// alone, as it always did. jwks_access_token_validator is the one whose C is memory_response_cache.
template <response_cache C = memory_response_cache>
class basic_jwks_access_token_validator {
public:
    /// An empty issuer, a jwks_uri that is not https (or loopback http when allowed), an empty allow-list or
    /// one with an HMAC algorithm (error::algorithm_not_allowed: the resource server would need the AS's
    /// secret), a leeway out of range or cache bounds out of order are refused.
    [[nodiscard]] static result<basic_jwks_access_token_validator> make(jwks_access_token_options options) {
        return make(std::move(options), nullptr);
    }

    /// As make(options), sharing fetched sets with the other instances that use `cache` (see the class comment).
    [[nodiscard]] static result<basic_jwks_access_token_validator> make(jwks_access_token_options options,
                                                                        std::shared_ptr<C> cache) {
        using namespace std::chrono;
        if (options.issuer.empty() || options.algorithms.empty()) return error::invalid_argument;
        if (auto r = oauth::detail::check_endpoint(std::optional<std::string>(options.jwks_uri),
                                                   options.allow_http_loopback);
            !r)
            return r.error();
        for (auto a : options.algorithms)
            if (jose::family_of(a) == jose::jws_family::hmac) return error::algorithm_not_allowed;
        if (options.leeway < seconds(0) || options.leeway > hours(24) || options.min_refresh_interval < seconds(0) ||
            options.min_cache_age < seconds(0) || options.max_cache_age < options.min_cache_age)
            return error::invalid_argument;
        return basic_jwks_access_token_validator(std::move(options), std::move(cache));
    }

    basic_jwks_access_token_validator(basic_jwks_access_token_validator&& o) noexcept
        : options_(std::move(o.options_)), validation_(std::move(o.validation_)), cache_(std::move(o.cache_)),
          state_(std::move(o.state_)), refresh_wanted_(o.refresh_wanted_.load()) {}

    /// RFC 8414 §2, RFC 7517 §5: the request to send now, or nullopt when none is due. Due: no set yet, the
    /// set's cache lifetime is over, or a token named an unknown "kid" since the last fetch. Rate-limited: no
    /// request within min_refresh_interval of the previous one (each returned request counts, whether or not
    /// its answer ever comes back). With a shared cache, a fresh set there that is newer than the one held is
    /// taken instead (nullopt: nothing to fetch).
    [[nodiscard]] std::optional<http_request> next_request(std::chrono::system_clock::time_point now) {
        if (cache_ && due(now) && adopt_cached(now)) return std::nullopt;
        std::unique_lock lock(mutex_);
        if (!due_locked(now)) return std::nullopt;
        if (state_.last_attempt && now < *state_.last_attempt + options_.min_refresh_interval) return std::nullopt;
        auto req = oauth::make_jwk_set_request(options_.jwks_uri);
        if (!req) return std::nullopt;  // checked by make(); cannot happen
        state_.last_attempt = now;
        return std::move(*req);
    }

    /// RFC 7517 §5: take the answer to next_request()'s request, received at `now`. A 200 JSON JWK Set
    /// (oauth::parse_jwk_set_response) with at least one usable key replaces the keys, cached for its
    /// Cache-Control max-age within [min_cache_age, max_cache_age]; keys of unsupported types, of another use,
    /// or whose "alg" is not allowed are left out. Anything else — another status, not JSON, a malformed set,
    /// no usable key (error::unknown_key) — is an error and the keys held so far stay.
    [[nodiscard]] result<void> on_response(http_response const& resp, std::chrono::system_clock::time_point now) {
        try {
            auto verifier = make_verifier(resp);
            if (!verifier) return verifier.error();
            auto const fresh_until =
                now + detail::cache_lifetime(resp, options_.min_cache_age, options_.max_cache_age);
            {
                std::unique_lock lock(mutex_);
                state_.verifier = std::move(*verifier);
                state_.fresh_until = fresh_until;
                state_.fetched_at = now;
                refresh_wanted_.store(false);
            }
            // Shared with the other instances; a cache that cannot take it costs them a fetch, nothing else.
            if (cache_) (void)cache_->store_response(cache_key(), stored_response{resp.body, now, fresh_until}, now);
            return {};
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 9068 §4: read a presented token (see the class comment). Never throws.
    [[nodiscard]] result<access_token_info> read(std::string_view token,
                                                 std::chrono::system_clock::time_point now) const {
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

    /// How many keys (key, algorithm bindings) are held; 0 before the first set.
    [[nodiscard]] std::size_t key_count() const {
        std::shared_lock lock(mutex_);
        return state_.verifier ? state_.verifier->keys().size() : 0;
    }

    /// Until when the held set is used without asking for a new one (meaningless before the first set).
    [[nodiscard]] std::chrono::system_clock::time_point fresh_until() const {
        std::shared_lock lock(mutex_);
        return state_.fresh_until;
    }

    [[nodiscard]] jwks_access_token_options const& options() const noexcept { return options_; }

private:
    struct state {
        std::shared_ptr<jose::jws_verifier const> verifier;
        std::chrono::system_clock::time_point fresh_until{};
        std::optional<std::chrono::system_clock::time_point> last_attempt;
        std::chrono::system_clock::time_point fetched_at{};  // when the held set was received (by whichever instance)
    };

    basic_jwks_access_token_validator(jwks_access_token_options options, std::shared_ptr<C> cache)
        : options_(std::move(options)), cache_(std::move(cache)) {
        validation_.type = "at+jwt";  // RFC 9068 §4: "application/at+jwt" is the same media type
        validation_.issuer = options_.issuer;
        validation_.audience_matched_by_caller = true;
        validation_.leeway = options_.leeway;
        validation_.require_iat = true;  // RFC 9068 §2.2: iat is REQUIRED
    }

    [[nodiscard]] bool due_locked(std::chrono::system_clock::time_point now) const {
        return !state_.verifier || now >= state_.fresh_until || refresh_wanted_.load();
    }
    [[nodiscard]] bool due(std::chrono::system_clock::time_point now) const {
        std::shared_lock lock(mutex_);
        return due_locked(now);
    }

    [[nodiscard]] std::string cache_key() const { return "jwks:" + options_.jwks_uri; }

    // RFC 7517 §5: the keys of a JWK Set response, bound to the allowed algorithms; error::unknown_key when
    // none is usable.
    [[nodiscard]] result<std::shared_ptr<jose::jws_verifier const>> make_verifier(http_response const& resp) const {
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

    // Take a fresh set from the shared cache when it is newer than the one held: validated exactly as a fetched
    // one (the cache is storage, not a trust anchor). False (fetch) on a miss, an error, or a set that fails.
    [[nodiscard]] bool adopt_cached(std::chrono::system_clock::time_point now) {
        try {
            auto found = cache_->find_response(cache_key(), now);
            if (!found || !*found || !((*found)->fresh_until > now)) return false;
            stored_response const& hit = **found;
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
        } catch (std::exception const&) {
            return false;
        }
    }

    // RFC 8725 §3.1, RFC 7517 §4.2–4.4: the bindings a published key gets — the algorithm its "alg" names, or
    // every allowed algorithm its type fits; check_key_for (use "sig", key_ops, curve, type) decides.
    void add_bindings(jose::jws_key_set& keys, jose::jwk const& key) const {
        for (auto a : options_.algorithms) {
            if (auto named = key.alg(); named && *named != jose::to_string(a)) continue;
            auto pub = key.has_private() ? key.to_public() : result<jose::jwk>(key);
            if (!pub) return;
            auto b = jose::jws_key::make(std::move(*pub), a);
            if (b) (void)keys.add(std::move(*b));  // a repeated (kid, alg): the first one stays
        }
    }

    jwks_access_token_options options_;
    jose::jwt_validation validation_;
    std::shared_ptr<C> cache_;  // shared with other instances; none: the set is this object's alone
    mutable std::shared_mutex mutex_;
    state state_;
    mutable std::atomic<bool> refresh_wanted_{false};
};

/// The validator as it always was: its set is its own unless make(options, cache) is given a shared cache.
using jwks_access_token_validator = basic_jwks_access_token_validator<>;

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/jwks_access_token_validator.ipp>
#endif
