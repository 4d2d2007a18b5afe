#pragma once
// authwire::redis — a Redis-backed server::revocation_store (RFC 7009 §2.1, RFC 9700 §4.14.2): revoked grants
// and access tokens, visible to every authorization-server and resource-server instance that uses the same
// Redis as soon as the revoking call returns.
//
// Does I/O (see connection.hpp); not part of the sans-IO core. Keys `<prefix>rv:f:<family_id>` and
// `<prefix>rv:j:<jti>`, each holding "1:" and its `until`; a Lua script keeps the later `until`. The entry's TTL
// is `until` (the access token's exp + leeway, as the caller computed it) minus the wall clock now, plus
// `clock_margin` for clock skew between the instances; whether a token is revoked is decided against the
// caller's `now` and the stored `until`, never by the TTL. is_revoked is one GET (or MGET) round trip, and fails
// closed: a Redis that cannot answer is an error, which callers turn into "invalid".

#include <authwire/core/result.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/detail/codec.hpp>
#include <authwire/server/revocation_store.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::redis {

namespace detail {

// KEYS: entry. ARGV: value ("1:" .. until), ttl. Keeps the later until (equal-width values order like instants).
inline constexpr std::string_view revoke_until_lua = R"lua(
local cur = redis.call('GET', KEYS[1])
if cur and string.sub(cur, 1, 2) == string.sub(ARGV[1], 1, 2) and cur >= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
)lua";

inline constexpr std::string_view revocation_tag = "1:";

} // namespace detail

/// A server::revocation_store in Redis (see revocation_store for the contract). Thread-safe.
class redis_revocation_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// `key_prefix` namespaces the keys; `clock_margin` is added to every entry's TTL (clock skew between the
    /// instances and Redis).
    explicit redis_revocation_store(std::shared_ptr<connection_pool> pool, std::string key_prefix = "authwire:",
                                    std::chrono::seconds clock_margin = std::chrono::minutes(5))
        : pool_(std::move(pool)), prefix_(std::move(key_prefix)), margin_(clock_margin) {}

    /// RFC 7009 §2.1, RFC 9700 §4.14.2: revoke the access tokens of a grant until `until`.
    [[nodiscard]] result<void> revoke_family(std::string_view family_id, time_point until) noexcept {
        return insert("rv:f:", family_id, until);
    }

    /// RFC 7009 §2.1: revoke one access token by its `jti` (RFC 7519 §4.1.7), until its `exp` (+ leeway).
    [[nodiscard]] result<void> revoke_jti(std::string_view jti, time_point until) noexcept {
        return insert("rv:j:", jti, until);
    }

    /// RFC 7009 §2.2, RFC 6750 §3.1: is an access token of `family_id` with `jti` revoked at `now`? One round
    /// trip; an error when Redis cannot answer (fail closed).
    [[nodiscard]] result<bool> is_revoked(std::string_view family_id, std::string_view jti,
                                          time_point now) const noexcept {
        try {
            std::array<std::string, 2> keys;
            std::array<std::string_view, 3> argv{"MGET"};
            std::size_t n = 1;
            if (!family_id.empty()) keys[n - 1] = prefix_ + "rv:f:" + std::string(family_id), argv[n] = keys[n - 1], ++n;
            if (!jti.empty()) keys[n - 1] = prefix_ + "rv:j:" + std::string(jti), argv[n] = keys[n - 1], ++n;
            if (n == 1) return false;
            auto r = pool_->command(std::span{argv.data(), n});
            if (!r) return {boost::system::in_place_error, r.error()};
            if (r->type != reply::kind::array) return error::server_error;
            for (auto const& e : r->elements) {
                if (e.is_nil()) continue;
                if (e.type != reply::kind::string || !e.str.starts_with(detail::revocation_tag))
                    return error::server_error;
                auto const until = detail::from_sortable(std::string_view(e.str).substr(detail::revocation_tag.size()));
                if (!until) return error::server_error;
                if (now < *until) return true;
            }
            return false;
        } catch (...) {
            return error::server_error;
        }
    }

private:
    [[nodiscard]] result<void> insert(std::string_view kind, std::string_view id, time_point until) noexcept {
        try {
            if (id.empty()) return error::missing_argument;
            auto const key = prefix_ + std::string(kind) + std::string(id);
            auto const value = std::string(detail::revocation_tag) + detail::sortable(until);
            auto const ttl = detail::ttl_ms(detail::between(std::chrono::system_clock::now(), until) + margin_,
                                            std::chrono::hours(24 * 400));
            std::array<std::string_view, 1> const keys{key};
            std::array<std::string_view, 2> const args{value, ttl};
            auto r = pool_->eval(script_(), keys, args);
            if (!r) return r.error();
            if (r->type != reply::kind::integer) return error::server_error;
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    static script const& script_() {
        static script const s(detail::revoke_until_lua);
        return s;
    }

    std::shared_ptr<connection_pool> pool_;
    std::string prefix_;
    std::chrono::seconds margin_;
};

static_assert(server::revocation_store<redis_revocation_store>);

} // namespace authwire::redis
