#pragma once
// authwire — the definitions of <authwire/server/response_cache.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/response_cache.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<std::optional<stored_response>> memory_response_cache::find_response(
    std::string_view key, std::chrono::system_clock::time_point now) {
    try {
        std::lock_guard lock(mutex_);
        auto it = entries_.find(key);
        if (it == entries_.end()) return std::optional<stored_response>{};
        if (!(it->second.fresh_until > now)) {
            entries_.erase(it);
            return std::optional<stored_response>{};
        }
        return std::optional<stored_response>{it->second};
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<void> memory_response_cache::store_response(std::string_view key, stored_response response,
                                                                 std::chrono::system_clock::time_point now) {
    if (response.body.size() > max_body_size_) return error::input_too_large;
    if (!(response.fresh_until > now)) return {};
    try {
        std::lock_guard lock(mutex_);
        if (auto it = entries_.find(key); it != entries_.end()) {
            it->second = std::move(response);
            return {};
        }
        if (entries_.size() >= max_entries_) {
            std::erase_if(entries_, [now](auto const& kv) { return !(kv.second.fresh_until > now); });
            while (!entries_.empty() && entries_.size() >= max_entries_) {
                entries_.erase(std::min_element(entries_.begin(), entries_.end(), [](auto const& a, auto const& b) {
                    return a.second.fresh_until < b.second.fresh_until;
                }));
            }
        }
        entries_.emplace(std::string(key), std::move(response));
        return {};
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL result<void> memory_response_cache::erase_response(std::string_view key) {
    std::lock_guard lock(mutex_);
    if (auto it = entries_.find(key); it != entries_.end()) entries_.erase(it);
    return {};
}

AUTHWIRE_DECL std::size_t memory_response_cache::size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(response_cache<memory_response_cache>);

}  // namespace authwire::server
