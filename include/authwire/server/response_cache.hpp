#pragma once
// authwire — the response cache (RFC 9111 §3, §4.2): where documents fetched from other servers are kept while
// they are fresh, so that several instances of a server can share one fetch — the JWK Set a resource server's
// jwks_access_token_validator fetched, the client ID metadata documents an authorization server fetched
// (client_id_metadata_document_store). Its concept and a thread-safe, size-capped in-memory implementation;
// authwire::redis has one in Redis (redis/response_cache.hpp).
//
// A cache holds bodies the caller has already validated, and callers validate them again when they take them
// back (a cache is storage, not a trust anchor). A cache that fails or misses only costs a fetch: callers treat
// every error as a miss and never accept anything they did not validate.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/detail/hash.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace authwire::server {

/// RFC 9111 §3: a stored response — the body of a 200 response the caller validated, when it was received,
/// and until when it is fresh (RFC 9111 §4.2: its Cache-Control max-age within the caller's bounds).
struct stored_response {
    std::string body;
    std::chrono::system_clock::time_point fetched_at{};
    std::chrono::system_clock::time_point fresh_until{};
};

/// The response cache contract. Keys are the caller's (e.g. "jwks:" + the jwks_uri); instants are the
/// caller's `now` (the core reads no clock).
/// - `find_response(key, now)`: the stored response while it is fresh (`fresh_until > now`), else nullopt.
/// - `store_response(key, response, now)`: replace what is stored under `key`; a response that is not fresh at
///   `now` is not stored. A cache may refuse one over its size limit (error::input_too_large) and evict others
///   to stay within its entry limit.
/// - `erase_response(key)`: forget it (a refetch was refused: no instance may keep using the old copy).
/// Errors (a cache that cannot be reached) are reported, never thrown; callers treat them as misses.
template <class C>
concept response_cache = requires(C& c, std::string_view key, stored_response r,
                                  std::chrono::system_clock::time_point now) {
    { c.find_response(key, now) } -> std::same_as<result<std::optional<stored_response>>>;
    { c.store_response(key, std::move(r), now) } -> std::same_as<result<void>>;
    { c.erase_response(key) } -> std::same_as<result<void>>;
};

/// An in-memory response_cache, shared by objects in one process (hold it in a shared_ptr). At most
/// `max_entries` responses of at most `max_body_size` bytes each; beyond, expired ones go first, then those
/// closest to expiry. Thread-safe.
class memory_response_cache {
public:
    explicit memory_response_cache(std::size_t max_entries = 10000, std::size_t max_body_size = 64 * 1024)
        : max_entries_(std::max<std::size_t>(max_entries, 1)), max_body_size_(max_body_size) {}

    /// RFC 9111 §4.2: the fresh stored response under `key`.
    [[nodiscard]] result<std::optional<stored_response>> find_response(std::string_view key,
                                                                       std::chrono::system_clock::time_point now);

    /// RFC 9111 §3: store `response` under `key` (replacing any), unless it is stale at `now` or too large.
    [[nodiscard]] result<void> store_response(std::string_view key, stored_response response,
                                              std::chrono::system_clock::time_point now);

    /// Forget the response under `key`.
    [[nodiscard]] result<void> erase_response(std::string_view key);

    /// Responses held (fresh or not yet evicted).
    [[nodiscard]] std::size_t size() const;

private:
    std::size_t max_entries_;
    std::size_t max_body_size_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, stored_response, detail::transparent_string_hash, std::equal_to<>> entries_;
};

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/response_cache.ipp>
#endif
