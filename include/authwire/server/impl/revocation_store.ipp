#pragma once
// authwire — the definitions of <authwire/server/revocation_store.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/revocation_store.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<void> memory_revocation_store::revoke_family(std::string_view family_id, time_point until) {
    return insert(families_, family_id, until);
}

AUTHWIRE_DECL result<void> memory_revocation_store::revoke_jti(std::string_view jti, time_point until) {
    return insert(jtis_, jti, until);
}

AUTHWIRE_DECL result<bool> memory_revocation_store::is_revoked(std::string_view family_id, std::string_view jti,
                                                               time_point now) const noexcept {
    std::shared_lock lock(reader_stripe());
    return hit(families_, family_id, now) || hit(jtis_, jti, now);
}

AUTHWIRE_DECL std::size_t memory_revocation_store::purge(time_point now) {
    exclusive_lock lock(*this);
    auto const gone = [&](auto const& kv) { return now >= kv.second; };
    return std::erase_if(families_, gone) + std::erase_if(jtis_, gone);
}

AUTHWIRE_DECL std::size_t memory_revocation_store::size() const {
    std::shared_lock lock(reader_stripe());
    return families_.size() + jtis_.size();
}

AUTHWIRE_DECL result<void> memory_revocation_store::insert(map& m, std::string_view id, time_point until) {
    if (id.empty()) return error::missing_argument;
    auto key = std::string(id);
    exclusive_lock lock(*this);
    auto const [it, inserted] = m.try_emplace(std::move(key), until);
    if (!inserted) it->second = std::max(it->second, until);
    return {};
}

AUTHWIRE_DECL bool memory_revocation_store::hit(map const& m, std::string_view id, time_point now) noexcept {
    if (id.empty() || m.empty()) return false;
    auto const it = m.find(id);
    return it != m.end() && now < it->second;
}

AUTHWIRE_DECL std::shared_mutex& memory_revocation_store::reader_stripe() const noexcept {
    return stripes_[authwire::detail::thread_hint() & stripe_mask_].mutex;
}

AUTHWIRE_DECL memory_revocation_store::exclusive_lock::exclusive_lock(memory_revocation_store const& s) : s_(s) {
    for (std::size_t i = 0; i <= s_.stripe_mask_; ++i) s_.stripes_[i].mutex.lock();
}

AUTHWIRE_DECL memory_revocation_store::exclusive_lock::~exclusive_lock() {
    for (std::size_t i = s_.stripe_mask_ + 1; i-- > 0;) s_.stripes_[i].mutex.unlock();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(revocation_store<memory_revocation_store>);

}  // namespace authwire::server
