#pragma once
// authwire — refresh-token rotation with reuse detection (RFC 6749 §6, RFC 9700 §4.14.2): issuing a grant's first
// refresh token, rotating it on every use, revoking the whole grant when a spent token comes back, and the
// optional grace window that gives a client which lost a response the same successor once.
//
// The token endpoint, for grant_type=refresh_token (after authenticating the client):
//
//     auto r = rotate_refresh_token(refresh_tokens, revocations, presented, client_id, now, policy);
//     if (!r) return respond(r.error().to_error_response());       // invalid_grant (or server_error)
//     issue an access token for r->family (its family_id goes into the token), return r->refresh_token.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/server/detail/hash.hpp>
#include <authwire/server/grant_error.hpp>
#include <authwire/server/opaque_token.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <openssl/crypto.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::server {

/// The refresh-token configuration of an authorization server.
struct refresh_token_policy {
    /// Each refresh token's lifetime from its issue (every rotation starts a new one): 30 days.
    std::chrono::seconds lifetime = std::chrono::hours(24 * 30);
    /// The grant's absolute lifetime, whatever rotation does; none by default.
    std::optional<std::chrono::seconds> family_lifetime{};
    /// Lost-response recovery: within this window after a rotation, presenting the rotated token again yields
    /// the same successor, once, instead of revoking the grant. Zero (the default) turns it off.
    std::chrono::seconds grace_window{0};
    /// The longest access-token lifetime. With access_token_leeway, how long a revoked grant must stay on the
    /// revocation list so that every access token issued from it is refused for as long as it is accepted at
    /// all. The token endpoint refuses to issue (500 server_error) a token that would outlive it.
    std::chrono::seconds access_token_lifetime = std::chrono::hours(1);
    /// The clock skew the access-token format allows past "exp" (jwt_access_token_options::leeway): a token
    /// is accepted until exp + leeway, so a revocation lasts access_token_lifetime + access_token_leeway.
    std::chrono::seconds access_token_leeway{0};
    /// Where refresh tokens and family ids come from.
    random_source rng{};
};

/// A grant's first refresh token.
struct issued_refresh_token {
    secret refresh_token;   ///< for the token response; the store keeps only its SHA-256
    std::string family_id;  ///< put it into every access token issued from this grant
    std::chrono::system_clock::time_point expires_at{};
};

/// A successful rotation.
struct rotated_refresh_token {
    secret refresh_token;           ///< the successor, for the token response
    refresh_family_record family;   ///< the grant: client, subject, scope, resources, claims, family_id
    std::chrono::system_clock::time_point expires_at{};
    bool replayed = false;          ///< a grace replay: the same successor as the rotation being retried
};

/// What revoke_refresh_token found.
enum class refresh_revocation : unsigned char {
    revoked,          ///< the token's family is revoked (refresh tokens and the access tokens issued from it)
    unknown,          ///< not a refresh token of ours (RFC 7009 §2.2: still answered with 200)
    client_mismatch,  ///< the token belongs to another client; nothing was revoked
};

namespace detail {

inline constexpr std::string_view successor_seal_label = "authwire refresh-token successor seal v1";

// A one-time pad for the successor of `presented`: HMAC-SHA-256 keyed with the presented token. The store holds
// only SHA-256(presented), so it cannot compute the pad; the client presenting the token can.
[[nodiscard]] AUTHWIRE_DECL result<std::array<unsigned char, 32>> successor_pad(std::string_view presented) noexcept;

[[nodiscard]] AUTHWIRE_DECL result<std::array<unsigned char, 32>> seal_successor(std::string_view presented,
                                                                                 secret const& successor) noexcept;

[[nodiscard]] AUTHWIRE_DECL result<secret> open_successor(std::string_view presented, refresh_successor const& s);

[[nodiscard]] constexpr bool is_plausible_token(std::string_view t) noexcept {
    return !t.empty() && t.size() <= 1024;
}

// How long a revoked grant stays on the revocation list (RFC 9700 §4.14.2): until every access token issued from
// it has stopped being accepted — its lifetime, plus the leeway readers allow past "exp". For the refresh-token
// and the authorization-code policies alike.
template <class Policy>
[[nodiscard]] constexpr std::chrono::seconds revocation_retention(Policy const& p) noexcept {
    return p.access_token_lifetime + p.access_token_leeway;
}

// start_refresh_family() but the store: the checked grant (family_id, created_at, expires_at set), the first
// token and its hash, what is returned once the store created the family (in `out`).
struct new_refresh_family {
    refresh_family_record grant;
    token_hash hash;
    issued_refresh_token issued;
};

[[nodiscard]] AUTHWIRE_DECL result<void> prepare_refresh_family(refresh_family_record grant,
                                                                std::chrono::system_clock::time_point now,
                                                                refresh_token_policy const& policy,
                                                                new_refresh_family& out);

[[nodiscard]] AUTHWIRE_DECL grant_error refresh_grant_failure(grant_failure why, error_code ec = {});

// rotate_refresh_token() before the store: the presented token's hash and the successor (its token, and the
// record the store keeps: hash, expiry, grace limit, sealed copy), in `out`; or why not.
struct planned_rotation {
    token_hash presented_hash;
    secret next;
    refresh_successor successor;
};

[[nodiscard]] AUTHWIRE_DECL std::optional<grant_error> plan_rotation(std::string_view presented,
                                                                     std::chrono::system_clock::time_point now,
                                                                     refresh_token_policy const& policy,
                                                                     planned_rotation& out);

// rotate_refresh_token() once the store answered, for every status but `reused` (which revokes the family's
// access tokens: the caller's revocation store).
[[nodiscard]] AUTHWIRE_DECL grant_result<rotated_refresh_token> rotation_outcome(planned_rotation& plan,
                                                                                 result<rotation>& rotated,
                                                                                 std::string_view presented);

}  // namespace detail

/// RFC 9700 §4.14.2: revoke a grant everywhere — its refresh tokens (the refresh store) and the access tokens
/// issued from it (the revocation store, until `now + retention`). `retention` is how long an access token
/// issued before `now` may still be accepted: the longest access-token lifetime plus the leeway readers allow
/// past "exp" (a policy's access_token_lifetime + access_token_leeway). True when the refresh store knew the
/// family. Idempotent.
template <refresh_store R, revocation_store V>
[[nodiscard]] result<bool> revoke_refresh_family(R& refresh_tokens, V& revocations, std::string_view family_id,
                                                 std::chrono::system_clock::time_point now,
                                                 std::chrono::seconds retention) {
    if (family_id.empty()) return error::missing_argument;
    auto known = refresh_tokens.revoke_family(family_id);
    if (!known) return {boost::system::in_place_error, known.error()};
    if (auto r = revocations.revoke_family(family_id, now + retention); !r)
        return {boost::system::in_place_error, r.error()};
    return *known;
}

/// RFC 6749 §5.1, RFC 9700 §4.14.2: start a grant (refresh-token family) and issue its first refresh token.
/// `grant` carries client_id, subject, scope, resources and claims; family_id is generated when empty;
/// created_at and expires_at are set from `now` and the policy.
template <refresh_store R>
[[nodiscard]] result<issued_refresh_token> start_refresh_family(R& refresh_tokens, refresh_family_record grant,
                                                                std::chrono::system_clock::time_point now,
                                                                refresh_token_policy const& policy = {}) {
    detail::new_refresh_family family;
    if (auto r = detail::prepare_refresh_family(std::move(grant), now, policy, family); !r) return r.error();
    if (auto r = refresh_tokens.create_family(std::move(family.grant), family.hash, family.issued.expires_at); !r)
        return r.error();
    return std::move(family.issued);
}

/// RFC 6749 §6, RFC 9700 §4.14.2: exchange a refresh token for its successor (rotation on every use).
/// invalid_grant for a malformed, unknown, expired, revoked or foreign token; a token presented again after it
/// was rotated revokes the whole grant (refresh and access tokens) and is reported as `reused` with the
/// revoked family id — except, with a grace window, for one retry inside it, which gets the same successor.
/// Store failures are `store_failure` (server_error).
template <refresh_store R, revocation_store V>
[[nodiscard]] grant_result<rotated_refresh_token> rotate_refresh_token(R& refresh_tokens, V& revocations,
                                                                       std::string_view presented,
                                                                       std::string_view client_id,
                                                                       std::chrono::system_clock::time_point now,
                                                                       refresh_token_policy const& policy = {}) {
    detail::planned_rotation plan;
    if (auto failed = detail::plan_rotation(presented, now, policy, plan)) return std::move(*failed);
    auto rotated = refresh_tokens.rotate(plan.presented_hash, client_id, now, plan.successor);
    if (rotated && rotated->status == rotation_status::reused) {
        // The refresh store has revoked the family; refuse its access tokens too.
        auto const& id = rotated->family.family_id;
        if (auto r = revocations.revoke_family(id, now + detail::revocation_retention(policy)); !r)
            return detail::refresh_grant_failure(grant_failure::store_failure, r.error());
        return grant_error{grant_failure::reused, grant_kind::refresh_token, id, {}};
    }
    return detail::rotation_outcome(plan, rotated, presented);
}

/// RFC 7009 §2.1: revoke the grant a refresh token belongs to, if `client_id` owns it — its refresh tokens and
/// the access tokens issued from it (RFC 7009 §2.1 "SHOULD also invalidate all access tokens based on the same
/// authorization grant"). Presenting any token of the family, spent or not, revokes it.
template <refresh_store R, revocation_store V>
[[nodiscard]] result<refresh_revocation> revoke_refresh_token(R& refresh_tokens, V& revocations,
                                                              std::string_view presented, std::string_view client_id,
                                                              std::chrono::system_clock::time_point now,
                                                              refresh_token_policy const& policy = {}) {
    if (!detail::is_plausible_token(presented)) return refresh_revocation::unknown;
    auto hash = hash_token(presented);
    if (!hash) return hash.error();
    auto info = refresh_tokens.find_refresh_token(*hash, now);
    if (!info) return info.error();
    if (!*info) return refresh_revocation::unknown;
    if ((*info)->family.client_id != client_id) return refresh_revocation::client_mismatch;
    auto r = revoke_refresh_family(refresh_tokens, revocations, (*info)->family.family_id, now,
                                   detail::revocation_retention(policy));
    if (!r) return r.error();
    return refresh_revocation::revoked;
}

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/refresh_rotation.ipp>
#endif
