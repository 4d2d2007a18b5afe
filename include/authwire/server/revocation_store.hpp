#pragma once
// authwire — the revocation store (RFC 7009 §2.1, RFC 9700 §4.14.2): which grants (refresh-token families) and
// which access tokens (by `jti`) are revoked, with a cheap check for the resource server's hot path; its
// concept and a thread-safe in-memory implementation.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/detail/per_thread.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/detail/hash.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace authwire::server {

/// The revocation store contract. Entries carry an `until`: the instant after which no token they concern can
/// be valid anyway (the access-token expiry), so that a store may forget them then (a TTL in Redis).
/// - `revoke_family(family_id, until)`: every access token issued from the family is revoked until `until`.
/// - `revoke_jti(jti, until)`: the access token with that `jti` is revoked until `until` (its `exp`).
///   Revoking again keeps the later `until`. An empty id is error::missing_argument.
/// - `is_revoked(family_id, jti, now)`: true when either is revoked at `now` (an empty id is not looked up).
///   The hot path: noexcept, a lookup under a shared lock, no allocation. A store that cannot answer reports
///   an error; callers must then treat the token as invalid (fail closed).
template <class S>
concept revocation_store = requires(S& s, S const& cs, std::string_view id, std::chrono::system_clock::time_point t) {
    { s.revoke_family(id, t) } -> std::same_as<result<void>>;
    { s.revoke_jti(id, t) } -> std::same_as<result<void>>;
    { cs.is_revoked(id, id, t) } noexcept -> std::same_as<result<bool>>;
};

/// An in-memory revocation_store: two hash maps under a striped reader-writer lock. Thread-safe. Call purge(now)
/// from time to time to forget entries whose `until` has passed.
///
/// Lookups vastly outnumber revocations, so readers must not contend: a reader takes the shared lock of one stripe
/// (the one its thread starts at, each on its own cache line), a writer takes every stripe's exclusive lock. Two
/// threads checking tokens at once thus touch different cache lines, however many tokens share a `jti` prefix or a
/// family; a revocation waits for the readers in progress.
class memory_revocation_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    memory_revocation_store() : stripes_(new stripe[authwire::detail::stripe_count()]),
                                stripe_mask_(authwire::detail::stripe_count() - 1) {}
    memory_revocation_store(memory_revocation_store const&) = delete;
    memory_revocation_store& operator=(memory_revocation_store const&) = delete;

    /// RFC 7009 §2.1, RFC 9700 §4.14.2: revoke the access tokens of a grant (see revocation_store).
    [[nodiscard]] result<void> revoke_family(std::string_view family_id, time_point until);

    /// RFC 7009 §2.1: revoke one access token by its `jti` (RFC 7519 §4.1.7), until its `exp`.
    [[nodiscard]] result<void> revoke_jti(std::string_view jti, time_point until);

    /// RFC 7009 §2.2, RFC 6750 §3.1: is an access token of `family_id` with `jti` revoked at `now`?
    [[nodiscard]] result<bool> is_revoked(std::string_view family_id, std::string_view jti,
                                          time_point now) const noexcept;

    /// Forget entries whose `until` has passed. Returns how many went.
    std::size_t purge(time_point now);

    /// Entries held.
    [[nodiscard]] std::size_t size() const;

private:
    using map = std::unordered_map<std::string, time_point, detail::transparent_string_hash, std::equal_to<>>;

    [[nodiscard]] result<void> insert(map& m, std::string_view id, time_point until);

    [[nodiscard]] static bool hit(map const& m, std::string_view id, time_point now) noexcept;

    struct alignas(authwire::detail::cache_line_size) stripe {
        std::shared_mutex mutex;
    };

    [[nodiscard]] std::shared_mutex& reader_stripe() const noexcept;

    // Every stripe, in index order (so that two writers cannot deadlock), released in reverse.
    class exclusive_lock {
    public:
        explicit exclusive_lock(memory_revocation_store const& s);
        ~exclusive_lock();
        exclusive_lock(exclusive_lock const&) = delete;
        exclusive_lock& operator=(exclusive_lock const&) = delete;

    private:
        memory_revocation_store const& s_;
    };

    std::unique_ptr<stripe[]> stripes_;
    std::size_t stripe_mask_;
    map families_;
    map jtis_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/revocation_store.ipp>
#endif
