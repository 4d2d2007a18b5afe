#pragma once
// authwire — the authorization server's access-token signing keys and the JWK Set it publishes at its jwks_uri
// (RFC 9068 §2.1, §4; RFC 7517 §5; RFC 8414 §2 jwks_uri): asymmetric keys with a "kid", one current key that
// signs, and rotation with overlap — a replaced key stays published (and accepted) until every token it signed
// has stopped being accepted, so that resource servers never meet a token whose key they cannot find.
//
//     access_token_signing_keys keys(options.lifetime + options.leeway);
//     keys.rotate_to(jose::jws_key::make(jose::jwk::from_pem(pem, "2026-11").value(), jose::jws_algorithm::ES256).value(), now);
//     auto format = signed_jwt_access_token_format::make(keys, options);      // rebuild after every rotation
//     GET /jwks → handle_jwks_request(req, keys, now);                          // public members only
//     from time to time: keys.purge(now);

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <boost/json/object.hpp>
#include <boost/json/array.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::server {

/// RFC 9068 §2.1 (RFC 7518 §3.3–3.5, RFC 8037 §3.1): the algorithms asymmetric access tokens are signed
/// with — RS256, PS256, ES256 and EdDSA (Ed25519). HMAC is refused: a resource server would need the secret.
[[nodiscard]] constexpr bool is_access_token_signing_algorithm(jose::jws_algorithm a) noexcept {
    return a == jose::jws_algorithm::RS256 || a == jose::jws_algorithm::PS256 || a == jose::jws_algorithm::ES256 ||
           a == jose::jws_algorithm::EdDSA;
}

/// RFC 7517 §4, RFC 7518 §6.2.2, §6.3.2, RFC 8037 §2: the JWK members that carry private or symmetric key
/// material. None of them ever appears in a published JWK Set.
inline constexpr std::string_view private_jwk_members[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};

/// One signing key of the ring and how long it stays published.
struct access_token_signing_key {
    jose::jws_key key;                                                 ///< private key, bound to its algorithm
    std::optional<std::chrono::system_clock::time_point> retire_at{};  ///< nullopt: the current key
};

/// RFC 9068 §2.1, RFC 7517 §4.5: the ring of asymmetric keys that sign access tokens. The current key signs;
/// a key replaced by rotate_to() at time T stays published and accepted until T + retention, where
/// retention is at least the tokens' lifetime plus the leeway readers allow past "exp" — the last token it
/// signed (at T at the latest) is then no longer accepted anywhere. Not synchronised: one owner mutates it
/// (rotate_to, purge) and rebuilds the formats made from it; published() and handle_jwks_request are const.
class access_token_signing_keys {
public:
    /// A ring whose replaced keys stay published for `retention` (at least 1 s; the format checks that it
    /// covers its lifetime + leeway).
    explicit access_token_signing_keys(std::chrono::seconds retention) noexcept : retention_(retention) {}

    /// RFC 9068 §2.1, RFC 7517 §4.5: make `key` the signing key from `now` on; the previous current key is
    /// retired at now + retention. error::algorithm_not_allowed for an algorithm outside
    /// is_access_token_signing_algorithm; error::key_unusable for a key without its private part;
    /// error::invalid_argument for a key without a "kid", a "kid" the ring already holds (resource servers
    /// select by kid alone), or a retention under 1 s.
    [[nodiscard]] result<void> rotate_to(jose::jws_key key, std::chrono::system_clock::time_point now);

    /// Forget the keys retired at `now` (retire_at <= now); formats made before keep them, harmlessly: no
    /// token they signed is accepted any more. Returns how many went.
    std::size_t purge(std::chrono::system_clock::time_point now);

    /// The signing key, or nullptr before the first rotate_to.
    [[nodiscard]] jose::jws_key const* current() const noexcept;

    /// Every key held: the current one and those retired but not yet purged.
    [[nodiscard]] std::span<access_token_signing_key const> keys() const noexcept;

    /// How long a replaced key stays published.
    [[nodiscard]] std::chrono::seconds retention() const noexcept { return retention_; }

    /// RFC 7517 §5, RFC 8414 §2 jwks_uri: the JWK Set to publish at `now` — the public part of the current key
    /// and of every retired key whose retire_at is still ahead, each with its "kid", "alg" (the algorithm it
    /// is bound to, so that a resource server binds it too, RFC 8725 §3.1) and "use":"sig". Only public
    /// members (RFC 7517 §4, §9.3): every key is reduced with jwk::to_public() and written with
    /// jwk_members::public_only, and the result is checked once more — a private member
    /// (private_jwk_members) anywhere fails the call with error::key_unusable instead of publishing it.
    [[nodiscard]] result<boost::json::object> published(std::chrono::system_clock::time_point now) const;

private:
    std::chrono::seconds retention_;
    std::vector<access_token_signing_key> keys_;
};

/// RFC 8414 §2 jwks_uri, RFC 7517 §5: the JWK Set document — GET or HEAD only (405 with Allow otherwise);
/// 200 `application/json` with keys.published(now), cacheable for `max_age` (cacheable_json_response; keep it
/// short — a resource server meeting an unknown "kid" refetches, but a shared cache may not); 500 if the set
/// cannot be written. Never throws.
[[nodiscard]] AUTHWIRE_DECL http_response handle_jwks_request(
    http_request const& req, access_token_signing_keys const& keys, std::chrono::system_clock::time_point now,
    std::chrono::seconds max_age = std::chrono::minutes(5)) noexcept;

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/access_token_keys.ipp>
#endif
