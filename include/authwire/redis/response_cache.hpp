#pragma once
// authwire::redis — a Redis-backed server::response_cache (RFC 9111 §3, §4.2): the JWK Sets and client ID
// metadata documents one instance fetched, shared with every instance that uses the same Redis, so that they
// are fetched once per cache lifetime instead of once per instance.
//
// Does I/O (see connection.hpp); not part of the sans-IO core. One key per response, `<prefix>rc:<sha256 of the
// caller's key>`, holding a JSON document tagged with the schema version (the body, fetched_at, fresh_until);
// its TTL is fresh_until minus the caller's `now`. The cache is size-capped: bodies over max_body_size are
// refused, and a sorted set `<prefix>rc:index` (scored by expiry) keeps at most max_entries responses — a Lua
// script stores an entry and evicts the expired and then the soonest-to-expire ones atomically. Whether a
// response is fresh is decided against the caller's `now` and the stored fresh_until, never by the TTL alone.
// Callers validate what they read back (jwks_access_token_validator, client_id_metadata_document_store), and a
// Redis that cannot answer is an error they treat as a miss: a fetch, never an acceptance.

#include <authwire/core/result.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/detail/codec.hpp>
#include <authwire/server/response_cache.hpp>

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::redis {

namespace detail {

// KEYS: entry, index. ARGV: value, ttl (ms), expiry (ms since the epoch), now (ms since the epoch), max entries.
inline constexpr std::string_view store_response_lua = R"lua(
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
if not redis.call('ZSCORE', KEYS[2], KEYS[1]) then
  local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5]) + 1
  if over > 0 then
    local victims = redis.call('ZPOPMIN', KEYS[2], over)
    for i = 1, #victims, 2 do redis.call('DEL', victims[i]) end
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[3], KEYS[1])
return 1
)lua";

// KEYS: entry, index.
inline constexpr std::string_view erase_response_lua = R"lua(
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], KEYS[1])
return 1
)lua";

[[nodiscard]] inline std::string epoch_ms(time_point t) {
    return std::to_string(to_ns(t) / 1'000'000);
}

} // namespace detail

/// A server::response_cache in Redis (see response_cache for the contract). Thread-safe.
class redis_response_cache {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// `key_prefix` namespaces the keys; at most `max_entries` responses of at most `max_body_size` bytes.
    explicit redis_response_cache(std::shared_ptr<connection_pool> pool, std::string key_prefix = "authwire:",
                                  std::size_t max_entries = 10000, std::size_t max_body_size = 64 * 1024)
        : pool_(std::move(pool)), prefix_(std::move(key_prefix)), max_entries_(max_entries == 0 ? 1 : max_entries),
          max_body_size_(max_body_size) {}

    /// RFC 9111 §4.2: the fresh stored response under `key`. One GET.
    [[nodiscard]] result<std::optional<server::stored_response>> find_response(std::string_view key,
                                                                               time_point now) noexcept {
        try {
            auto const k = entry_key(key);
            if (!k) return error::server_error;
            std::array<std::string_view, 2> const argv{"GET", *k};
            auto r = pool_->command(argv);
            if (!r) return {boost::system::in_place_error, r.error()};
            if (r->is_nil()) return std::optional<server::stored_response>{};
            if (r->type != reply::kind::string) return error::server_error;
            auto doc = detail::parse_document(r->str);
            if (!doc) return error::server_error;
            detail::reader in(*doc);
            server::stored_response out;
            out.body = in.str("body");
            out.fetched_at = in.instant("fetched_at");
            out.fresh_until = in.instant("fresh_until");
            if (!in.ok() || out.body.size() > max_body_size_) return error::server_error;
            if (!(out.fresh_until > now)) return std::optional<server::stored_response>{};
            return std::optional<server::stored_response>{std::move(out)};
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 9111 §3: store `response` under `key` for the rest of its freshness lifetime (one script).
    [[nodiscard]] result<void> store_response(std::string_view key, server::stored_response response,
                                              time_point now) noexcept {
        try {
            if (response.body.size() > max_body_size_) return error::input_too_large;
            if (!(response.fresh_until > now)) return {};
            auto const k = entry_key(key);
            if (!k) return error::server_error;
            boost::json::object o;
            o["v"] = detail::schema_version;
            o["body"] = response.body;
            o["fetched_at"] = detail::to_ns(response.fetched_at);
            o["fresh_until"] = detail::to_ns(response.fresh_until);
            auto const value = boost::json::serialize(o);
            auto const ttl = detail::ttl_ms(detail::between(now, response.fresh_until), std::chrono::hours(24 * 400));
            auto const expiry = detail::epoch_ms(response.fresh_until);
            auto const at = detail::epoch_ms(now);
            auto const cap = std::to_string(max_entries_);
            auto const index = prefix_ + "rc:index";
            std::array<std::string_view, 2> const keys{*k, index};
            std::array<std::string_view, 5> const args{value, ttl, expiry, at, cap};
            auto r = pool_->eval(store_script(), keys, args);
            if (!r) return r.error();
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    /// Forget the response under `key`.
    [[nodiscard]] result<void> erase_response(std::string_view key) noexcept {
        try {
            auto const k = entry_key(key);
            if (!k) return error::server_error;
            auto const index = prefix_ + "rc:index";
            std::array<std::string_view, 2> const keys{*k, index};
            auto r = pool_->eval(erase_script(), keys, std::span<std::string_view const>{});
            if (!r) return r.error();
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    /// Responses currently counted against max_entries (ZCARD of the index; for tests and monitoring).
    [[nodiscard]] result<std::size_t> size() noexcept {
        try {
            auto const index = prefix_ + "rc:index";
            std::array<std::string_view, 2> const argv{"ZCARD", index};
            auto r = pool_->command(argv);
            if (!r) return r.error();
            if (r->type != reply::kind::integer || r->integer < 0) return error::server_error;
            return static_cast<std::size_t>(r->integer);
        } catch (...) {
            return error::server_error;
        }
    }

private:
    // The caller's key (a URL: any length, any bytes) as a fixed-size Redis key.
    [[nodiscard]] std::optional<std::string> entry_key(std::string_view key) const {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned len = 0;
        if (EVP_Digest(key.data(), key.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) return std::nullopt;
        return prefix_ + "rc:" + detail::hex(std::span<unsigned char const>(md.data(), len));
    }

    static script const& store_script() {
        static script const s(detail::store_response_lua);
        return s;
    }
    static script const& erase_script() {
        static script const s(detail::erase_response_lua);
        return s;
    }

    std::shared_ptr<connection_pool> pool_;
    std::string prefix_;
    std::size_t max_entries_;
    std::size_t max_body_size_;
};

static_assert(server::response_cache<redis_response_cache>);

} // namespace authwire::redis
