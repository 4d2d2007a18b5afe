#pragma once
// authwire — the definitions of <authwire/server/client_store.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/client_store.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<void> memory_client_store::register_client(client_record record) {
    if (record.client_id.empty()) return error::missing_argument;
    std::unique_lock lock(mutex_);
    auto key = record.client_id;
    if (!clients_.try_emplace(std::move(key), std::move(record)).second) return error::invalid_argument;
    return {};
}

AUTHWIRE_DECL result<std::optional<client_record>> memory_client_store::find_client(std::string_view client_id) const {
    std::shared_lock lock(mutex_);
    auto const it = clients_.find(client_id);
    if (it == clients_.end()) return std::optional<client_record>{};
    return std::optional<client_record>{it->second};
}

AUTHWIRE_DECL std::size_t memory_client_store::size() const {
    std::shared_lock lock(mutex_);
    return clients_.size();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(client_store<memory_client_store>);

}  // namespace authwire::server
