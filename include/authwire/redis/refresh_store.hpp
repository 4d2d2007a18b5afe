#pragma once
// authwire::redis — a Redis-backed server::refresh_store (RFC 6749 §6, RFC 9700 §4.14.2): refresh-token
// families shared by every authorization-server instance that uses the same Redis. Rotation — the
// compare-and-swap, the grace replay and the revocation of the whole family on reuse — is ONE Lua script, so
// that of any number of instances racing on one token exactly one rotates it. One round trip per rotation.
//
// Does I/O (see connection.hpp); not part of the sans-IO core. Keys (P = the prefix):
//   P rf:<family_id>        hash {v, rec (JSON record), client, fexp, cur (hex hash of the current token), revoked}
//   P rt:<hex SHA-256>      hash {v, fam, exp, spent, replayed, s_hash, s_exp, s_grace, s_sealed}
// Every key has a TTL, so Redis forgets what can no longer matter (`retention` is added to each): a token key
// lives until the token's own expiry — a spent token presented after that is `expired` anyway, so keeping it
// longer could not detect a reuse — and the family key until its current token (or the family) expires, which
// each rotation extends. A rotation therefore touches a fixed number of keys, however long the family. Needs
// one Redis primary (or Sentinel): the scripts reach keys derived from values, which Redis Cluster does not
// allow.

#include <authwire/core/result.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/detail/codec.hpp>
#include <authwire/server/refresh_store.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::redis {

namespace detail {

// KEYS: family, first token. ARGV: v, rec, client, fexp, first hex, first exp, family ttl, id, token ttl.
inline constexpr std::string_view create_family_lua = R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 or redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'rec', ARGV[2], 'client', ARGV[3], 'fexp', ARGV[4], 'cur', ARGV[5],
           'revoked', '0')
redis.call('HSET', KEYS[2], 'v', ARGV[1], 'fam', ARGV[8], 'exp', ARGV[6], 'spent', '0', 'replayed', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('PEXPIRE', KEYS[2], ARGV[9])
return 1
)lua";

// KEYS: presented token. ARGV: prefix, client_id, now, succ hex, succ exp, succ grace, succ sealed, v, ttl.
// Answers {status, rec, s_hash, s_exp, s_grace, s_sealed}: 0 unknown, 1 client_mismatch, 2 revoked, 3 expired,
// 4 rotated, 5 replayed, 6 reused (the family is now revoked), -1 the successor's hash is taken.
inline constexpr std::string_view rotate_lua = R"lua(
local t = redis.call('HMGET', KEYS[1], 'fam', 'exp', 'spent', 'replayed', 's_hash', 's_exp', 's_grace', 's_sealed')
if not t[1] then return {0} end
local fk = ARGV[1] .. 'rf:' .. t[1]
local f = redis.call('HMGET', fk, 'rec', 'client', 'fexp', 'cur', 'revoked')
if not f[1] then return {0} end
if f[2] ~= ARGV[2] then return {1} end
if f[5] == '1' then return {2, f[1]} end
if ARGV[3] >= t[2] or ARGV[3] >= f[3] then return {3, f[1]} end
if t[3] ~= '1' then
  local nk = ARGV[1] .. 'rt:' .. ARGV[4]
  if redis.call('EXISTS', nk) == 1 then return {-1} end
  redis.call('HSET', nk, 'v', ARGV[8], 'fam', t[1], 'exp', ARGV[5], 'spent', '0', 'replayed', '0')
  redis.call('PEXPIRE', nk, ARGV[9])
  redis.call('HSET', KEYS[1], 'spent', '1', 's_hash', ARGV[4], 's_exp', ARGV[5], 's_grace', ARGV[6],
             's_sealed', ARGV[7])
  redis.call('HSET', fk, 'cur', ARGV[4])
  redis.call('PEXPIRE', fk, ARGV[9])
  return {4, f[1]}
end
if t[5] and ARGV[3] < t[7] and t[4] ~= '1' and f[4] == t[5] then
  redis.call('HSET', KEYS[1], 'replayed', '1')
  return {5, f[1], t[5], t[6], t[7], t[8]}
end
redis.call('HSET', fk, 'revoked', '1')
return {6, f[1]}
)lua";

// KEYS: token. ARGV: prefix. Answers {} unknown, or {rec, fexp, revoked, exp, spent}.
inline constexpr std::string_view find_token_lua = R"lua(
local t = redis.call('HMGET', KEYS[1], 'fam', 'exp', 'spent')
if not t[1] then return {} end
local f = redis.call('HMGET', ARGV[1] .. 'rf:' .. t[1], 'rec', 'fexp', 'revoked')
if not f[1] then return {} end
return {f[1], f[2], f[3], t[2], t[3]}
)lua";

// KEYS: family. 0 unknown, 1 revoked (now or before).
inline constexpr std::string_view revoke_family_lua = R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'revoked', '1')
return 1
)lua";

[[nodiscard]] inline std::string encode(server::refresh_family_record const& r) {
    boost::json::object o;
    o["v"] = schema_version;
    o["family_id"] = r.family_id;
    o["client_id"] = r.client_id;
    o["subject"] = r.subject;
    o["scope"] = r.scope;
    o["resources"] = to_json(r.resources);
    o["claims"] = r.claims;
    o["created_at"] = to_ns(r.created_at);
    o["expires_at"] = to_ns(r.expires_at);
    return boost::json::serialize(o);
}

[[nodiscard]] inline result<server::refresh_family_record> decode_family(reply const* text) {
    if (!text || text->type != reply::kind::string) return error::server_error;
    auto doc = parse_document(text->str);
    if (!doc) return error::server_error;
    reader in(*doc);
    server::refresh_family_record r;
    r.family_id = in.str("family_id");
    r.client_id = in.str("client_id");
    r.subject = in.str("subject");
    r.scope = in.str("scope");
    r.resources = in.strings("resources");
    r.claims = in.object("claims");
    r.created_at = in.instant("created_at");
    r.expires_at = in.instant("expires_at");
    if (!in.ok()) return error::server_error;
    return r;
}

[[nodiscard]] inline std::optional<std::string_view> string_at(reply const& r, std::size_t i) noexcept {
    auto const* e = r.at(i);
    if (!e || e->type != reply::kind::string) return std::nullopt;
    return std::string_view(e->str);
}

} // namespace detail

/// A server::refresh_store in Redis (see refresh_store for the contract). Thread-safe; share one connection_pool.
class redis_refresh_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// `key_prefix` namespaces the keys; `retention`: how long each key outlives what it stands for (so that a
    /// late presentation is reported as expired or revoked rather than unknown); `max_ttl` caps every key's life.
    explicit redis_refresh_store(std::shared_ptr<connection_pool> pool, std::string key_prefix = "authwire:",
                                 std::chrono::seconds retention = std::chrono::hours(24),
                                 std::chrono::milliseconds max_ttl = std::chrono::hours(24 * 400))
        : pool_(std::move(pool)), prefix_(std::move(key_prefix)), retention_(retention), max_ttl_(max_ttl) {}

    /// RFC 6749 §5.1: a new grant and its first refresh token (see server::refresh_store).
    [[nodiscard]] result<void> create_family(server::refresh_family_record record, server::token_hash const& first,
                                             time_point first_expires_at) noexcept {
        try {
            if (record.family_id.empty()) return error::missing_argument;
            auto const fk = family_key(record.family_id);
            auto const first_hex = detail::hex(first);
            auto const tk = prefix_ + "rt:" + first_hex;
            auto const since = record.created_at == time_point{} ? std::chrono::system_clock::now() : record.created_at;
            auto const family_ttl = ttl_for(since, std::min(first_expires_at, record.expires_at));
            auto const token_ttl = ttl_for(since, first_expires_at);
            auto const version = std::to_string(detail::schema_version);
            auto const rec = detail::encode(record);
            auto const fexp = detail::sortable(record.expires_at);
            auto const exp = detail::sortable(first_expires_at);
            std::array<std::string_view, 2> const keys{fk, tk};
            std::array<std::string_view, 9> const args{version,    rec,        record.client_id,
                                                       fexp,       first_hex,  exp,
                                                       family_ttl, record.family_id, token_ttl};
            auto r = pool_->eval(create_script(), keys, args);
            if (!r) return r.error();
            if (r->type != reply::kind::integer) return error::server_error;
            if (r->integer == 0) return error::invalid_argument;
            return {};
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 6749 §6, RFC 9700 §4.14.2: rotate, compare-and-swap, in one atomic script (see server::refresh_store).
    [[nodiscard]] result<server::rotation> rotate(server::token_hash const& presented, std::string_view client_id,
                                                  time_point now, server::refresh_successor const& successor) noexcept {
        try {
            using server::rotation_status;
            auto const tk = prefix_ + "rt:" + detail::hex(presented);
            auto const at = detail::sortable(now);
            auto const s_hash = detail::hex(successor.hash);
            auto const s_exp = detail::sortable(successor.expires_at);
            auto const s_grace = detail::sortable(successor.grace_until);
            auto const s_sealed = detail::hex(std::span{successor.sealed});
            auto const version = std::to_string(detail::schema_version);
            // The successor's key, and the family's, live until the successor expires, plus the retention (a
            // family whose absolute end comes first keeps its key a little longer than needed).
            auto const ttl = ttl_for(now, successor.expires_at);
            std::array<std::string_view, 1> const keys{tk};
            std::array<std::string_view, 9> const args{prefix_, client_id, at,      s_hash, s_exp,
                                                       s_grace, s_sealed,  version, ttl};
            auto r = pool_->eval(rotate_script(), keys, args);
            if (!r) return r.error();
            auto const* status = r->at(0);
            if (!status || status->type != reply::kind::integer) return error::server_error;
            server::rotation out;
            switch (status->integer) {
            case 0: return out;
            case 1: out.status = rotation_status::client_mismatch; return out;
            case -1: return error::invalid_argument;
            case 2: out.status = rotation_status::revoked; break;
            case 3: out.status = rotation_status::expired; break;
            case 4: out.status = rotation_status::rotated; break;
            case 5: out.status = rotation_status::replayed; break;
            case 6: out.status = rotation_status::reused; break;
            default: return error::server_error;
            }
            auto family = detail::decode_family(r->at(1));
            if (!family) return family.error();
            out.family = std::move(*family);
            if (out.status == rotation_status::replayed) {
                auto const h = detail::string_at(*r, 2);
                auto const e = h ? detail::string_at(*r, 3) : std::nullopt;
                auto const g = e ? detail::string_at(*r, 4) : std::nullopt;
                auto const s = g ? detail::string_at(*r, 5) : std::nullopt;
                if (!s) return error::server_error;
                server::refresh_successor succ{};
                auto const exp = detail::from_sortable(*e);
                auto const grace = detail::from_sortable(*g);
                if (!exp || !grace || !detail::unhex(*h, succ.hash.bytes) || !detail::unhex(*s, succ.sealed))
                    return error::server_error;
                succ.expires_at = *exp;
                succ.grace_until = *grace;
                out.successor = succ;
            }
            return out;
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 7009 §2.1, RFC 7662 §2.2: what `hash` is, without changing anything (one consistent read).
    [[nodiscard]] result<std::optional<server::refresh_token_info>> find_refresh_token(server::token_hash const& hash,
                                                                                       time_point now) const noexcept {
        try {
            auto const tk = prefix_ + "rt:" + detail::hex(hash);
            std::array<std::string_view, 1> const keys{tk};
            std::array<std::string_view, 1> const args{prefix_};
            auto r = pool_->eval(find_script(), keys, args);
            if (!r) return r.error();
            if (r->type != reply::kind::array) return error::server_error;
            if (r->elements.empty()) return std::optional<server::refresh_token_info>{};
            auto family = detail::decode_family(r->at(0));
            if (!family) return family.error();
            auto const fexp = detail::string_at(*r, 1);
            auto const revoked = detail::string_at(*r, 2);
            auto const exp_s = detail::string_at(*r, 3);
            auto const spent = detail::string_at(*r, 4);
            if (!fexp || !revoked || !exp_s || !spent) return error::server_error;
            auto const exp = detail::from_sortable(*exp_s);
            if (!exp) return error::server_error;
            using server::refresh_token_state;
            auto state = refresh_token_state::active;
            if (*revoked == "1") state = refresh_token_state::revoked;
            else if (now >= *exp || now >= family->expires_at) state = refresh_token_state::expired;
            else if (*spent == "1") state = refresh_token_state::rotated;
            return std::optional<server::refresh_token_info>{server::refresh_token_info{state, std::move(*family), *exp}};
        } catch (...) {
            return error::server_error;
        }
    }

    /// RFC 7009 §2.1, RFC 9700 §4.14.2: revoke a whole family. False when there is no such family.
    [[nodiscard]] result<bool> revoke_family(std::string_view family_id) noexcept {
        try {
            if (family_id.empty()) return false;
            auto const fk = family_key(family_id);
            std::array<std::string_view, 1> const keys{fk};
            auto r = pool_->eval(revoke_script(), keys, {});
            if (!r) return {boost::system::in_place_error, r.error()};
            if (r->type != reply::kind::integer) return error::server_error;
            return r->integer == 1;
        } catch (...) {
            return error::server_error;
        }
    }

private:
    [[nodiscard]] std::string family_key(std::string_view id) const { return prefix_ + "rf:" + std::string(id); }

    // A key that matters from `now` until `end` lives that long plus the retention, at most max_ttl.
    [[nodiscard]] std::string ttl_for(time_point now, time_point end) const {
        return detail::ttl_ms(detail::between(now, end) + retention_, max_ttl_);
    }

    static script const& create_script() {
        static script const s(detail::create_family_lua);
        return s;
    }
    static script const& rotate_script() {
        static script const s(detail::rotate_lua);
        return s;
    }
    static script const& find_script() {
        static script const s(detail::find_token_lua);
        return s;
    }
    static script const& revoke_script() {
        static script const s(detail::revoke_family_lua);
        return s;
    }

    std::shared_ptr<connection_pool> pool_;
    std::string prefix_;
    std::chrono::seconds retention_;
    std::chrono::milliseconds max_ttl_;
};

static_assert(server::refresh_store<redis_refresh_store>);

} // namespace authwire::redis
