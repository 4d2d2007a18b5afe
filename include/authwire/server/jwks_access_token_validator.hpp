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

namespace detail {

// The part of basic_jwks_access_token_validator that does not depend on its response_cache: the options, the
// held keys and their lock, and every step that touches only them. Compiled once in the separate-compilation
// mode; the template adds the cache calls. Private base of the template: not part of the API.
class jwks_validator_core {
protected:
    struct state {
        std::shared_ptr<jose::jws_verifier const> verifier;
        std::chrono::system_clock::time_point fresh_until{};
        std::optional<std::chrono::system_clock::time_point> last_attempt;
        std::chrono::system_clock::time_point fetched_at{};  // when the held set was received (by whichever instance)
    };

    // The checks of make() (see basic_jwks_access_token_validator::make).
    [[nodiscard]] static result<void> check_options(jwks_access_token_options const& options);

    explicit jwks_validator_core(jwks_access_token_options options);

    jwks_validator_core(jwks_validator_core&& o) noexcept
        : options_(std::move(o.options_)), validation_(std::move(o.validation_)), state_(std::move(o.state_)),
          refresh_wanted_(o.refresh_wanted_.load()) {}

    ~jwks_validator_core() = default;
    jwks_validator_core(jwks_validator_core const&) = delete;
    jwks_validator_core& operator=(jwks_validator_core const&) = delete;
    jwks_validator_core& operator=(jwks_validator_core&&) = delete;

    // next_request() after the shared cache was looked at: the request when one is due and not rate-limited.
    [[nodiscard]] std::optional<http_request> request_if_due(std::chrono::system_clock::time_point now);

    // on_response() but the cache: the keys of `resp` replace the held ones; their freshness limit, or the
    // error (the held keys stay). May throw (std::bad_alloc); the caller maps it.
    [[nodiscard]] result<std::chrono::system_clock::time_point> accept_response(
        http_response const& resp, std::chrono::system_clock::time_point now);

    // read() (never throws).
    [[nodiscard]] result<access_token_info> read_token(std::string_view token,
                                                       std::chrono::system_clock::time_point now) const;

    [[nodiscard]] std::size_t held_key_count() const;

    [[nodiscard]] std::chrono::system_clock::time_point held_fresh_until() const;

    [[nodiscard]] bool due_locked(std::chrono::system_clock::time_point now) const;
    [[nodiscard]] bool due(std::chrono::system_clock::time_point now) const;

    [[nodiscard]] std::string cache_key() const { return "jwks:" + options_.jwks_uri; }

    // RFC 7517 §5: the keys of a JWK Set response, bound to the allowed algorithms; error::unknown_key when
    // none is usable.
    [[nodiscard]] result<std::shared_ptr<jose::jws_verifier const>> make_verifier(http_response const& resp) const;

    // Take a set found fresh in the shared cache when it is newer than the one held: validated exactly as a
    // fetched one (the cache is storage, not a trust anchor). False (fetch) when it is not newer or fails.
    [[nodiscard]] bool adopt(stored_response const& hit, std::chrono::system_clock::time_point now);

    // RFC 8725 §3.1, RFC 7517 §4.2–4.4: the bindings a published key gets — the algorithm its "alg" names, or
    // every allowed algorithm its type fits; check_key_for (use "sig", key_ops, curve, type) decides.
    void add_bindings(jose::jws_key_set& keys, jose::jwk const& key) const;

    jwks_access_token_options options_;
    jose::jwt_validation validation_;
    mutable std::shared_mutex mutex_;
    state state_;
    mutable std::atomic<bool> refresh_wanted_{false};
};

}  // namespace detail

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
class basic_jwks_access_token_validator : private detail::jwks_validator_core {
    using core = detail::jwks_validator_core;

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
        if (auto r = core::check_options(options); !r) return r.error();
        return basic_jwks_access_token_validator(std::move(options), std::move(cache));
    }

    basic_jwks_access_token_validator(basic_jwks_access_token_validator&& o) noexcept
        : core(static_cast<core&&>(o)), cache_(std::move(o.cache_)) {}

    /// RFC 8414 §2, RFC 7517 §5: the request to send now, or nullopt when none is due. Due: no set yet, the
    /// set's cache lifetime is over, or a token named an unknown "kid" since the last fetch. Rate-limited: no
    /// request within min_refresh_interval of the previous one (each returned request counts, whether or not
    /// its answer ever comes back). With a shared cache, a fresh set there that is newer than the one held is
    /// taken instead (nullopt: nothing to fetch).
    [[nodiscard]] std::optional<http_request> next_request(std::chrono::system_clock::time_point now) {
        if (cache_ && core::due(now) && adopt_cached(now)) return std::nullopt;
        return core::request_if_due(now);
    }

    /// RFC 7517 §5: take the answer to next_request()'s request, received at `now`. A 200 JSON JWK Set
    /// (oauth::parse_jwk_set_response) with at least one usable key replaces the keys, cached for its
    /// Cache-Control max-age within [min_cache_age, max_cache_age]; keys of unsupported types, of another use,
    /// or whose "alg" is not allowed are left out. Anything else — another status, not JSON, a malformed set,
    /// no usable key (error::unknown_key) — is an error and the keys held so far stay.
    [[nodiscard]] result<void> on_response(http_response const& resp, std::chrono::system_clock::time_point now) {
        try {
            auto const fresh_until = core::accept_response(resp, now);
            if (!fresh_until) return fresh_until.error();
            // Shared with the other instances; a cache that cannot take it costs them a fetch, nothing else.
            if (cache_)
                (void)cache_->store_response(core::cache_key(), stored_response{resp.body, now, *fresh_until}, now);
            return {};
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 9068 §4: read a presented token (see the class comment). Never throws.
    [[nodiscard]] result<access_token_info> read(std::string_view token,
                                                 std::chrono::system_clock::time_point now) const {
        return core::read_token(token, now);
    }

    /// How many keys (key, algorithm bindings) are held; 0 before the first set.
    [[nodiscard]] std::size_t key_count() const { return core::held_key_count(); }

    /// Until when the held set is used without asking for a new one (meaningless before the first set).
    [[nodiscard]] std::chrono::system_clock::time_point fresh_until() const { return core::held_fresh_until(); }

    [[nodiscard]] jwks_access_token_options const& options() const noexcept { return options_; }

private:
    basic_jwks_access_token_validator(jwks_access_token_options options, std::shared_ptr<C> cache)
        : core(std::move(options)), cache_(std::move(cache)) {}

    // A fresh set from the shared cache, newer than the one held (core::adopt). False (fetch) on a miss, an
    // error, or a set that fails.
    [[nodiscard]] bool adopt_cached(std::chrono::system_clock::time_point now) {
        try {
            auto found = cache_->find_response(core::cache_key(), now);
            if (!found || !*found) return false;
            return core::adopt(**found, now);
        } catch (std::exception const&) {
            return false;
        }
    }

    std::shared_ptr<C> cache_;  // shared with other instances; none: the set is this object's alone
};

/// The validator as it always was: its set is its own unless make(options, cache) is given a shared cache.
using jwks_access_token_validator = basic_jwks_access_token_validator<>;

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/jwks_access_token_validator.ipp>
#endif
