#pragma once
// authwire — the definitions of <authwire/server/refresh_store.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/refresh_store.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<void> memory_refresh_store::create_family(refresh_family_record record, token_hash const& first,
                                                               time_point first_expires_at) {
    if (record.family_id.empty()) return error::missing_argument;
    std::lock_guard lock(mutex_);
    if (families_.contains(record.family_id) || tokens_.contains(first)) return error::invalid_argument;
    tokens_.emplace(first, token_entry{record.family_id, first_expires_at, false, {}, false});
    auto id = record.family_id;
    families_.emplace(std::move(id), family_entry{std::move(record), first, {first}, false});
    return {};
}

AUTHWIRE_DECL result<rotation> memory_refresh_store::rotate(token_hash const& presented, std::string_view client_id,
                                                            time_point now, refresh_successor const& successor) {
    std::lock_guard lock(mutex_);
    auto const t = tokens_.find(presented);
    if (t == tokens_.end()) return rotation{};
    auto const f = families_.find(t->second.family_id);
    if (f == families_.end()) return rotation{};  // cannot happen: families own their tokens
    auto& fam = f->second;
    auto& tok = t->second;
    if (fam.record.client_id != client_id) return rotation{rotation_status::client_mismatch, {}, {}};
    if (fam.revoked) return rotation{rotation_status::revoked, fam.record, {}};
    if (now >= tok.expires_at || now >= fam.record.expires_at)
        return rotation{rotation_status::expired, fam.record, {}};
    if (!tok.spent) {
        if (tokens_.contains(successor.hash)) return error::invalid_argument;
        tokens_.emplace(successor.hash, token_entry{fam.record.family_id, successor.expires_at, false, {}, false});
        tok.spent = true;  // references into an unordered_map survive the rehash emplace may cause
        tok.successor = successor;
        fam.current = successor.hash;
        fam.tokens.push_back(successor.hash);
        return rotation{rotation_status::rotated, fam.record, {}};
    }
    if (tok.successor && now < tok.successor->grace_until && !tok.replayed && fam.current == tok.successor->hash) {
        tok.replayed = true;
        return rotation{rotation_status::replayed, fam.record, tok.successor};
    }
    fam.revoked = true;
    return rotation{rotation_status::reused, fam.record, {}};
}

AUTHWIRE_DECL result<std::optional<refresh_token_info>> memory_refresh_store::find_refresh_token(token_hash const& hash,
                                                                                                 time_point now) const {
    std::lock_guard lock(mutex_);
    auto const t = tokens_.find(hash);
    if (t == tokens_.end()) return std::optional<refresh_token_info>{};
    auto const f = families_.find(t->second.family_id);
    if (f == families_.end()) return std::optional<refresh_token_info>{};
    auto const& fam = f->second;
    auto state = refresh_token_state::active;
    if (fam.revoked)
        state = refresh_token_state::revoked;
    else if (now >= t->second.expires_at || now >= fam.record.expires_at)
        state = refresh_token_state::expired;
    else if (t->second.spent)
        state = refresh_token_state::rotated;
    return std::optional<refresh_token_info>{refresh_token_info{state, fam.record, t->second.expires_at}};
}

AUTHWIRE_DECL result<bool> memory_refresh_store::revoke_family(std::string_view family_id) {
    std::lock_guard lock(mutex_);
    auto const f = families_.find(family_id);
    if (f == families_.end()) return false;
    f->second.revoked = true;
    return true;
}

AUTHWIRE_DECL std::size_t memory_refresh_store::purge(time_point now) {
    std::lock_guard lock(mutex_);
    std::size_t removed = 0;
    for (auto it = families_.begin(); it != families_.end();) {
        auto const& fam = it->second;
        auto const cur = tokens_.find(fam.current);
        bool const dead =
            fam.revoked || now >= fam.record.expires_at || cur == tokens_.end() || now >= cur->second.expires_at;
        if (!dead) {
            ++it;
            continue;
        }
        for (auto const& h : fam.tokens) tokens_.erase(h);
        it = families_.erase(it);
        ++removed;
    }
    return removed;
}

AUTHWIRE_DECL std::size_t memory_refresh_store::family_count() const {
    std::lock_guard lock(mutex_);
    return families_.size();
}

AUTHWIRE_DECL std::size_t memory_refresh_store::token_count() const {
    std::lock_guard lock(mutex_);
    return tokens_.size();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(refresh_store<memory_refresh_store>);

}  // namespace authwire::server
