#pragma once
// authwire::redis — a Redis-backed server::client_store (RFC 7591 §2–3.2.1): dynamically registered clients
// shared by every authorization-server instance that uses the same Redis.
//
// Does I/O (see connection.hpp); not part of the sans-IO core. One key per client, `<prefix>client:<client_id>`,
// holding the record as a JSON document tagged with the schema version; registration is `SET … NX`, so two
// instances registering one client_id give one winner. The client secret is stored as the in-memory store
// keeps it: its salted HMAC (hashed_client_secret), never the secret. Records do not expire.
//
// Client records are immutable once registered (SET NX; no store operation changes or deletes one), so each
// instance keeps the records it has read in a bounded in-process cache: the token endpoint's client lookup then
// costs no round trip, and a refresh is one round trip (the rotation script). Only records found are cached — a
// client_id unknown here may be registered on another instance a moment later. A record deleted from Redis by
// hand stays usable on instances that cached it until they restart (or construct the store with capacity 0).

#include <authwire/core/base64.hpp>
#include <authwire/core/result.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/detail/codec.hpp>
#include <authwire/server/client_store.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace authwire::redis {

namespace detail {

[[nodiscard]] inline std::string encode(server::client_record const& r) {
    boost::json::object o;
    o["v"] = schema_version;
    o["client_id"] = r.client_id;
    if (r.client_secret) {
        o["client_secret"] = boost::json::object{{"salt", base64url_encode(r.client_secret->salt)},
                                                 {"mac", base64url_encode(r.client_secret->mac)}};
    }
    o["redirect_uris"] = to_json(r.redirect_uris);
    o["grant_types"] = to_json(r.grant_types);
    o["response_types"] = to_json(r.response_types);
    o["token_endpoint_auth_method"] = r.token_endpoint_auth_method;
    o["scope"] = r.scope;
    o["client_name"] = r.client_name;
    o["client_id_issued_at"] = to_ns(r.client_id_issued_at);
    o["extra_metadata"] = r.extra_metadata;
    if (r.application_type) o["application_type"] = server::to_string(*r.application_type);
    return boost::json::serialize(o);
}

template <std::size_t N>
[[nodiscard]] bool decode_bytes(boost::json::value const* v, std::string_view member, std::array<unsigned char, N>& out) {
    if (!v || !v->is_object()) return false;
    auto const* s = v->get_object().if_contains(member);
    if (!s || !s->is_string()) return false;
    auto n = base64url_decode_into(s->get_string(), out);
    return n && *n == N;
}

[[nodiscard]] inline result<server::client_record> decode_client(std::string_view text) {
    auto doc = parse_document(text);
    if (!doc) return error::server_error;
    reader in(*doc);
    server::client_record r;
    r.client_id = in.str("client_id");
    if (auto const* s = in.optional("client_secret")) {
        server::hashed_client_secret h;
        if (!decode_bytes(s, "salt", h.salt) || !decode_bytes(s, "mac", h.mac)) return error::server_error;
        r.client_secret = h;
    }
    r.redirect_uris = in.strings("redirect_uris");
    r.grant_types = in.strings("grant_types");
    r.response_types = in.strings("response_types");
    r.token_endpoint_auth_method = in.str("token_endpoint_auth_method");
    r.scope = in.str("scope");
    r.client_name = in.str("client_name");
    r.client_id_issued_at = in.instant("client_id_issued_at");
    r.extra_metadata = in.object("extra_metadata");
    if (auto const* t = in.optional("application_type")) {
        if (!t->is_string()) return error::server_error;
        if (t->get_string() == "web") r.application_type = server::application_type::web;
        else if (t->get_string() == "native") r.application_type = server::application_type::native;
        else return error::server_error;
    }
    if (!in.ok()) return error::server_error;
    return r;
}

} // namespace detail

/// A server::client_store in Redis (see client_store for the contract). Thread-safe; copies share one cache.
class redis_client_store {
public:
    /// `cache_capacity`: how many client records this instance keeps after reading them (0: none, every lookup
    /// is a GET). When full, an arbitrary cached record makes room: memory stays bounded whatever the traffic.
    explicit redis_client_store(std::shared_ptr<connection_pool> pool, std::string key_prefix = "authwire:",
                                std::size_t cache_capacity = 4096)
        : pool_(std::move(pool)), prefix_(std::move(key_prefix)),
          cache_(std::make_shared<record_cache>(cache_capacity)) {}

    /// RFC 7591 §3.2.1: store a newly registered client, atomically across instances (SET NX).
    [[nodiscard]] result<void> register_client(server::client_record record) noexcept {
        try {
            if (record.client_id.empty()) return error::missing_argument;
            auto const key = key_of(record.client_id);
            auto const doc = detail::encode(record);
            std::array<std::string_view, 4> const argv{"SET", key, doc, "NX"};
            auto r = pool_->command(argv);
            if (!r) return r.error();
            if (r->is_nil()) return error::invalid_argument;  // NX: the client_id is taken
            if (r->type != reply::kind::status) return error::server_error;
            cache_->put(record);
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 6749 §2.2: the record of `client_id`, or nullopt.
    [[nodiscard]] result<std::optional<server::client_record>> find_client(std::string_view client_id) const noexcept {
        try {
            if (client_id.empty()) return std::optional<server::client_record>{};
            if (auto cached = cache_->get(client_id)) return cached;
            auto const key = key_of(client_id);
            std::array<std::string_view, 2> const argv{"GET", key};
            auto r = pool_->command(argv);
            if (!r) return r.error();
            if (r->is_nil()) return std::optional<server::client_record>{};
            if (r->type != reply::kind::string) return error::server_error;
            auto rec = detail::decode_client(r->str);
            if (!rec) return rec.error();
            if (rec->client_id != client_id) return error::server_error;  // a record under another client's key
            cache_->put(*rec);
            return std::optional<server::client_record>{std::move(*rec)};
        } catch (...) {
            return error::server_error;
        }
    }

private:
    // The records this instance has read or written, keyed by client_id; bounded by `capacity`.
    class record_cache {
    public:
        explicit record_cache(std::size_t capacity) : capacity_(capacity) {}

        [[nodiscard]] std::optional<server::client_record> get(std::string_view id) const {
            if (capacity_ == 0) return std::nullopt;
            std::shared_lock lock(mutex_);
            auto const it = records_.find(id);
            if (it == records_.end()) return std::nullopt;
            return it->second;
        }

        void put(server::client_record const& record) {
            if (capacity_ == 0) return;
            std::unique_lock lock(mutex_);
            if (records_.size() >= capacity_ && !records_.contains(record.client_id)) records_.erase(records_.begin());
            records_.insert_or_assign(record.client_id, record);
        }

    private:
        struct hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
        };
        std::size_t capacity_;
        mutable std::shared_mutex mutex_;
        std::unordered_map<std::string, server::client_record, hash, std::equal_to<>> records_;
    };

    [[nodiscard]] std::string key_of(std::string_view id) const { return prefix_ + "client:" + std::string(id); }

    std::shared_ptr<connection_pool> pool_;
    std::string prefix_;
    std::shared_ptr<record_cache> cache_;
};

static_assert(server::client_store<redis_client_store>);

} // namespace authwire::redis
