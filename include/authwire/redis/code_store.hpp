#pragma once
// authwire::redis — a Redis-backed server::code_store (RFC 6749 §4.1.2, §10.5): authorization codes shared by
// every authorization-server instance that uses the same Redis, spent exactly once across all of them.
//
// Does I/O (see connection.hpp); not part of the sans-IO core. One key per code, `<prefix>code:<hex SHA-256>`,
// a hash {v, rec (JSON), exp, state, reused, fam}; consume_code and mark_exchanged are Lua scripts, so the
// check and the change are one atomic step in Redis. The key lives until the code's expiry plus the tombstone
// retention (a Redis TTL), so that a reuse is detected for the code's whole life.

#include <authwire/core/result.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/detail/codec.hpp>
#include <authwire/server/code_store.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::redis {

namespace detail {

inline constexpr std::string_view store_code_lua = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rec', ARGV[2], 'exp', ARGV[3], 'state', 'i', 'reused', '0', 'fam', '')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
)lua";

// {0} unknown, {1, rec} consumed, {2} expired (and forgotten), {3, rec, fam} reused (and remembered).
inline constexpr std::string_view consume_code_lua = R"lua(
local h = redis.call('HMGET', KEYS[1], 'rec', 'exp', 'state', 'fam')
if not h[1] then return {0} end
if h[3] == 'c' then
  redis.call('HSET', KEYS[1], 'reused', '1')
  return {3, h[1], h[4] or ''}
end
if ARGV[1] >= h[2] then
  redis.call('DEL', KEYS[1])
  return {2}
end
redis.call('HSET', KEYS[1], 'state', 'c')
return {1, h[1]}
)lua";

// -1 not consumed (or unknown), 0 recorded, 1 recorded and the code was presented again meanwhile.
inline constexpr std::string_view mark_exchanged_lua = R"lua(
local h = redis.call('HMGET', KEYS[1], 'state', 'reused')
if h[1] ~= 'c' then return -1 end
redis.call('HSET', KEYS[1], 'fam', ARGV[1])
if h[2] == '1' then return 1 end
return 0
)lua";

[[nodiscard]] inline std::string encode(server::authorization_code_record const& r) {
    boost::json::object o;
    o["v"] = schema_version;
    o["client_id"] = r.client_id;
    o["redirect_uri"] = r.redirect_uri;
    o["redirect_uri_in_request"] = r.redirect_uri_in_request;
    o["code_challenge"] = r.code_challenge;
    o["code_challenge_method"] = r.code_challenge_method == oauth::code_challenge_method::plain ? "plain" : "S256";
    o["scope"] = r.scope;
    o["resources"] = to_json(r.resources);
    o["subject"] = r.subject;
    o["nonce"] = r.nonce;
    o["claims"] = r.claims;
    o["issued_at"] = to_ns(r.issued_at);
    o["expires_at"] = to_ns(r.expires_at);
    return boost::json::serialize(o);
}

[[nodiscard]] inline result<server::authorization_code_record> decode_code(std::string_view text) {
    auto doc = parse_document(text);
    if (!doc) return error::server_error;
    reader in(*doc);
    server::authorization_code_record r;
    r.client_id = in.str("client_id");
    r.redirect_uri = in.str("redirect_uri");
    r.redirect_uri_in_request = in.boolean("redirect_uri_in_request");
    r.code_challenge = in.str("code_challenge");
    auto const method = in.str("code_challenge_method");
    r.code_challenge_method = method == "plain" ? oauth::code_challenge_method::plain : oauth::code_challenge_method::S256;
    r.scope = in.str("scope");
    r.resources = in.strings("resources");
    r.subject = in.str("subject");
    r.nonce = in.str("nonce");
    r.claims = in.object("claims");
    r.issued_at = in.instant("issued_at");
    r.expires_at = in.instant("expires_at");
    if (!in.ok() || (method != "plain" && method != "S256")) return error::server_error;
    return r;
}

} // namespace detail

/// A server::code_store in Redis (see code_store for the contract). Thread-safe; share one connection_pool.
class redis_code_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// `key_prefix` namespaces the keys (several authorization servers may share one Redis);
    /// `tombstone_retention` as for memory_code_store.
    explicit redis_code_store(std::shared_ptr<connection_pool> pool, std::string key_prefix = "authwire:",
                              std::chrono::seconds tombstone_retention = std::chrono::hours(1))
        : pool_(std::move(pool)), prefix_(std::move(key_prefix)), retention_(tombstone_retention) {}

    /// RFC 6749 §4.1.2: remember a freshly issued code (see server::code_store).
    [[nodiscard]] result<void> store_code(server::token_hash const& hash,
                                          server::authorization_code_record record) noexcept {
        try {
            auto const key = key_of(hash);
            // The key outlives the code by the retention; measured from issue, so that Redis's clock and ours
            // need not agree. A record without issued_at keeps the key for at most a day past the retention.
            auto const life = record.issued_at == time_point{}
                                  ? std::chrono::nanoseconds(std::chrono::hours(24))
                                  : detail::between(record.issued_at, record.expires_at);
            auto const ttl = detail::ttl_ms(std::min(life, std::chrono::nanoseconds(std::chrono::hours(24))) + retention_,
                                            std::chrono::hours(24 * 30));
            auto const version = std::to_string(detail::schema_version);
            auto const rec = detail::encode(record);
            auto const exp = detail::sortable(record.expires_at);
            std::array<std::string_view, 1> const keys{key};
            std::array<std::string_view, 4> const args{version, rec, exp, ttl};
            auto r = pool_->eval(store_script(), keys, args);
            if (!r) return r.error();
            if (r->type != reply::kind::integer) return error::server_error;
            if (r->integer == 0) return error::invalid_argument;
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 6749 §4.1.2, §10.5: spend a code, atomically across every instance (see server::code_store).
    [[nodiscard]] result<server::code_consumption> consume_code(server::token_hash const& hash, time_point now) noexcept {
        try {
            auto const key = key_of(hash);
            auto const at = detail::sortable(now);
            std::array<std::string_view, 1> const keys{key};
            std::array<std::string_view, 1> const args{at};
            auto r = pool_->eval(consume_script(), keys, args);
            if (!r) return r.error();
            auto const* status = r->at(0);
            if (!status || status->type != reply::kind::integer) return error::server_error;
            server::code_consumption out;
            switch (status->integer) {
            case 0: out.status = server::code_status::unknown; return out;
            case 2: out.status = server::code_status::expired; return out;
            case 1: out.status = server::code_status::consumed; break;
            case 3: out.status = server::code_status::reused; break;
            default: return error::server_error;
            }
            auto const* rec = r->at(1);
            if (!rec || rec->type != reply::kind::string) return error::server_error;
            auto decoded = detail::decode_code(rec->str);
            if (!decoded) return decoded.error();
            out.record = std::move(*decoded);
            if (out.status == server::code_status::reused) {
                auto const* fam = r->at(2);
                if (!fam || fam->type != reply::kind::string) return error::server_error;
                out.family_id = fam->str;
            }
            return out;
        } catch (...) {
            return error::server_error;
        }
    }

    /// Record which family the first use of a code produced (see server::code_store).
    [[nodiscard]] result<bool> mark_exchanged(server::token_hash const& hash, std::string_view family_id) noexcept {
        try {
            auto const key = key_of(hash);
            std::array<std::string_view, 1> const keys{key};
            std::array<std::string_view, 1> const args{family_id};
            auto r = pool_->eval(mark_script(), keys, args);
            if (!r) return {boost::system::in_place_error, r.error()};
            if (r->type != reply::kind::integer) return error::server_error;
            if (r->integer < 0) return error::invalid_argument;
            return r->integer == 1;
        } catch (...) {
            return error::server_error;
        }
    }

private:
    [[nodiscard]] std::string key_of(server::token_hash const& h) const { return prefix_ + "code:" + detail::hex(h); }

    static script const& store_script() {
        static script const s(detail::store_code_lua);
        return s;
    }
    static script const& consume_script() {
        static script const s(detail::consume_code_lua);
        return s;
    }
    static script const& mark_script() {
        static script const s(detail::mark_exchanged_lua);
        return s;
    }

    std::shared_ptr<connection_pool> pool_;
    std::string prefix_;
    std::chrono::seconds retention_;
};

static_assert(server::code_store<redis_code_store>);

} // namespace authwire::redis
