#pragma once
// authwire — the definitions of <authwire/server/refresh_rotation.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/refresh_rotation.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL result<std::array<unsigned char, 32>> successor_pad(std::string_view presented) noexcept {
    return hmac_sha256(authwire::detail::as_bytes(presented), authwire::detail::as_bytes(successor_seal_label));
}

AUTHWIRE_DECL result<std::array<unsigned char, 32>> seal_successor(std::string_view presented,
                                                                   secret const& successor) noexcept {
    std::array<unsigned char, 32> raw{};
    if (successor.size() != opaque_token_length) return error::invalid_argument;
    auto n = base64url_decode_into(successor.reveal(), raw);
    if (!n || *n != raw.size()) return error::invalid_argument;
    auto pad = successor_pad(presented);
    if (!pad) return pad.error();
    for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<unsigned char>(raw[i] ^ (*pad)[i]);
    return raw;
}

AUTHWIRE_DECL result<secret> open_successor(std::string_view presented, refresh_successor const& s) {
    auto pad = successor_pad(presented);
    if (!pad) return pad.error();
    std::array<unsigned char, 32> raw{};
    for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<unsigned char>(s.sealed[i] ^ (*pad)[i]);
    secret token(base64url_encode(raw));
    OPENSSL_cleanse(raw.data(), raw.size());
    auto h = hash_token(token.reveal());
    if (!h) return h.error();
    if (!(*h == s.hash)) return error::decryption_failed;
    return token;
}

}  // namespace authwire::server::detail

namespace authwire::server::detail {

AUTHWIRE_DECL result<void> prepare_refresh_family(refresh_family_record grant,
                                                  std::chrono::system_clock::time_point now,
                                                  refresh_token_policy const& policy, new_refresh_family& out) {
    if (grant.client_id.empty()) return error::missing_argument;
    if (policy.lifetime <= std::chrono::seconds::zero()) return error::invalid_argument;
    if (grant.family_id.empty()) {
        auto id = random_token(16, policy.rng);
        if (!id) return id.error();
        grant.family_id = std::move(*id);
    }
    grant.created_at = now;
    grant.expires_at =
        policy.family_lifetime ? now + *policy.family_lifetime : std::chrono::system_clock::time_point::max();
    auto token = generate_opaque_token(policy.rng);
    if (!token) return token.error();
    auto hash = hash_token(token->reveal());
    if (!hash) return hash.error();
    auto const expires_at = now + policy.lifetime;
    auto family_id = grant.family_id;
    out = new_refresh_family{std::move(grant), *hash,
                             issued_refresh_token{std::move(*token), std::move(family_id), expires_at}};
    return {};
}

AUTHWIRE_DECL grant_error refresh_grant_failure(grant_failure why, error_code ec) {
    return grant_error{why, grant_kind::refresh_token, {}, ec};
}

AUTHWIRE_DECL std::optional<grant_error> plan_rotation(std::string_view presented,
                                                       std::chrono::system_clock::time_point now,
                                                       refresh_token_policy const& policy, planned_rotation& out) {
    if (!is_plausible_token(presented)) return refresh_grant_failure(grant_failure::malformed, {});
    if (policy.lifetime <= std::chrono::seconds::zero())
        return refresh_grant_failure(grant_failure::store_failure, error::invalid_argument);
    auto presented_hash = hash_token(presented);
    if (!presented_hash) return refresh_grant_failure(grant_failure::store_failure, presented_hash.error());

    auto next = generate_opaque_token(policy.rng);
    if (!next) return refresh_grant_failure(grant_failure::store_failure, next.error());
    auto next_hash = hash_token(next->reveal());
    if (!next_hash) return refresh_grant_failure(grant_failure::store_failure, next_hash.error());
    auto sealed = seal_successor(presented, *next);
    if (!sealed) return refresh_grant_failure(grant_failure::store_failure, sealed.error());
    auto const grace =
        policy.grace_window > std::chrono::seconds::zero() ? policy.grace_window : std::chrono::seconds::zero();
    // No grace window: grace_until at the epoch, so that no presentation can pass for a replay — not even a
    // concurrent one whose `now` was read before this one's.
    refresh_successor const successor{
        *next_hash, now + policy.lifetime,
        grace > std::chrono::seconds::zero() ? now + grace : std::chrono::system_clock::time_point{}, *sealed};
    out = planned_rotation{*presented_hash, std::move(*next), successor};
    return std::nullopt;
}

AUTHWIRE_DECL grant_result<rotated_refresh_token> rotation_outcome(planned_rotation& plan, result<rotation>& rotated,
                                                                   std::string_view presented) {
    if (!rotated) return refresh_grant_failure(grant_failure::store_failure, rotated.error());
    switch (rotated->status) {
        case rotation_status::rotated:
            return rotated_refresh_token{std::move(plan.next), std::move(rotated->family), plan.successor.expires_at,
                                         false};
        case rotation_status::replayed: {
            if (!rotated->successor)
                return refresh_grant_failure(grant_failure::store_failure, error::invalid_argument);
            auto same = open_successor(presented, *rotated->successor);
            if (!same) return refresh_grant_failure(grant_failure::store_failure, same.error());
            return rotated_refresh_token{std::move(*same), std::move(rotated->family), rotated->successor->expires_at,
                                         true};
        }
        case rotation_status::unknown:
            return refresh_grant_failure(grant_failure::unknown, {});
        case rotation_status::client_mismatch:
            return refresh_grant_failure(grant_failure::client_mismatch, {});
        case rotation_status::revoked:
            return refresh_grant_failure(grant_failure::revoked, {});
        case rotation_status::expired:
            return refresh_grant_failure(grant_failure::expired, {});
        case rotation_status::reused:
            break;  // handled by the caller
    }
    return refresh_grant_failure(grant_failure::store_failure, error::invalid_argument);
}

}  // namespace authwire::server::detail
