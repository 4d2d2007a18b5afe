#pragma once
// authwire — the definitions of <authwire/server/code_store.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/code_store.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<void> memory_code_store::store_code(token_hash const& hash, authorization_code_record record) {
    std::lock_guard lock(mutex_);
    if (!codes_.try_emplace(hash, entry{std::move(record), {}, false, false}).second) return error::invalid_argument;
    return {};
}

AUTHWIRE_DECL result<code_consumption> memory_code_store::consume_code(token_hash const& hash, time_point now) {
    std::lock_guard lock(mutex_);
    auto const it = codes_.find(hash);
    if (it == codes_.end()) return code_consumption{};
    auto& e = it->second;
    if (e.consumed) {
        e.reused = true;
        return code_consumption{code_status::reused, e.record, e.family_id};
    }
    if (now >= e.record.expires_at) {
        codes_.erase(it);
        return code_consumption{code_status::expired, {}, {}};
    }
    e.consumed = true;
    return code_consumption{code_status::consumed, e.record, {}};
}

AUTHWIRE_DECL result<bool> memory_code_store::mark_exchanged(token_hash const& hash, std::string_view family_id) {
    std::lock_guard lock(mutex_);
    auto const it = codes_.find(hash);
    if (it == codes_.end() || !it->second.consumed) return error::invalid_argument;
    it->second.family_id = family_id;
    return it->second.reused;
}

AUTHWIRE_DECL std::size_t memory_code_store::purge(time_point now) {
    std::lock_guard lock(mutex_);
    return std::erase_if(codes_, [&](auto const& kv) {
        auto const& e = kv.second;
        return e.consumed ? now >= e.record.expires_at + retention_ : now >= e.record.expires_at;
    });
}

AUTHWIRE_DECL std::size_t memory_code_store::size() const {
    std::lock_guard lock(mutex_);
    return codes_.size();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(code_store<memory_code_store>);

}  // namespace authwire::server
