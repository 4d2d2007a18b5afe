#pragma once
// authwire — the refresh-token family store (RFC 6749 §6, RFC 9700 §4.14.2): rotating refresh tokens grouped in
// families (one per user+client grant), compare-and-swap rotation with reuse detection, its concept, and a
// thread-safe in-memory implementation. Tokens are known only by their SHA-256 (token_hash).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/detail/hash.hpp>
#include <authwire/server/opaque_token.hpp>

#include <boost/json/object.hpp>

#include <array>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace authwire::server {

/// RFC 6749 §6, RFC 9700 §4.14.2: one grant (user + client) and the refresh tokens that descend from it.
struct refresh_family_record {
    std::string family_id;               ///< unique; access tokens issued from the family carry it
    std::string client_id;               ///< the client the grant belongs to (RFC 6749 §6: bound to it)
    std::string subject;                 ///< the end user
    std::string scope;                   ///< the granted scope (space-separated)
    std::vector<std::string> resources;  ///< RFC 8707 resources of the grant
    boost::json::object claims;          ///< application data for the access tokens (custom claims …)
    std::chrono::system_clock::time_point created_at{};
    /// The family's absolute end, whatever rotation does; time_point::max() for none.
    std::chrono::system_clock::time_point expires_at = std::chrono::system_clock::time_point::max();
};

/// The successor a rotation installs. `sealed` is opaque to the store (the rotation logic keeps the
/// successor there in a form only the holder of the presented token can open); the store hands it back on a
/// grace replay.
struct refresh_successor {
    token_hash hash;                                   ///< SHA-256 of the new refresh token
    std::chrono::system_clock::time_point expires_at;  ///< when the new token stops working
    /// A replay of the presented token strictly before this instant gets this successor back, once.
    /// Equal to the rotation's `now` when there is no grace window.
    std::chrono::system_clock::time_point grace_until;
    std::array<unsigned char, 32> sealed{};
};

/// What presenting a refresh token to rotate() found and did.
enum class rotation_status : unsigned char {
    rotated,          ///< the token was current: it is spent, the successor is now current
    replayed,         ///< grace replay: the token was just rotated; the same successor is handed back, once
    unknown,          ///< no such token
    client_mismatch,  ///< the token belongs to another client; nothing changed
    revoked,          ///< the family was revoked earlier; nothing changed
    expired,          ///< the token (or its family) has expired; nothing changed
    reused,           ///< the token was already rotated: reuse detected, the WHOLE family is now revoked
};

/// The answer of refresh_store::rotate.
struct rotation {
    rotation_status status = rotation_status::unknown;
    refresh_family_record family;  ///< every status but unknown and client_mismatch
    /// For replayed: the successor handed out by the rotation being replayed.
    std::optional<refresh_successor> successor;
};

/// The state of one refresh token, for revocation (RFC 7009) and introspection (RFC 7662).
enum class refresh_token_state : unsigned char {
    active,   ///< the family's current token, unexpired
    rotated,  ///< already exchanged for a successor (presenting it again is reuse)
    expired,  ///< past its own or its family's expiry
    revoked,  ///< its family is revoked
};

/// The answer of refresh_store::find_refresh_token.
struct refresh_token_info {
    refresh_token_state state = refresh_token_state::active;
    refresh_family_record family;
    std::chrono::system_clock::time_point expires_at{};  ///< the token's own expiry
};

/// The refresh-token store contract. Every call is one atomic step:
/// - `create_family(record, first, first_expires_at)`: insert a family with its first token; a family id or
///   token hash already present is error::invalid_argument and nothing changes.
/// - `rotate(presented, client_id, now, successor)`: COMPARE-AND-SWAP. In one atomic step: unknown token ⇒
///   unknown; family of another client ⇒ client_mismatch; revoked family ⇒ revoked; token or family expired at
///   `now` ⇒ expired; token is the family's current one ⇒ it becomes spent and `successor` becomes current
///   (rotated); token already spent ⇒ if `now` is before that rotation's grace_until, the successor is still
///   current and no replay happened yet, the stored successor is returned (replayed), otherwise the family is
///   revoked (reused). Of N concurrent rotations of one token exactly one is `rotated`.
/// - `find_refresh_token(hash, now)`: the token's state and family, or nullopt when unknown. No change.
/// - `revoke_family(family_id)`: mark the family revoked (no token of it rotates again). False when unknown.
template <class S>
concept refresh_store = requires(S& s, refresh_family_record record, token_hash const& hash,
                                 std::chrono::system_clock::time_point now, refresh_successor const& successor,
                                 std::string_view id) {
    { s.create_family(std::move(record), hash, now) } -> std::same_as<result<void>>;
    { s.rotate(hash, id, now, successor) } -> std::same_as<result<rotation>>;
    { s.find_refresh_token(hash, now) } -> std::same_as<result<std::optional<refresh_token_info>>>;
    { s.revoke_family(id) } -> std::same_as<result<bool>>;
};

/// An in-memory refresh_store: two hash maps (tokens, families) under one mutex. Thread-safe. Spent tokens are
/// kept for as long as their family, so that reuse is detected for the family's whole life; call purge(now)
/// from time to time to drop revoked and expired families.
class memory_refresh_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    /// RFC 6749 §5.1: a new grant and its first refresh token (see refresh_store).
    [[nodiscard]] result<void> create_family(refresh_family_record record, token_hash const& first,
                                             time_point first_expires_at);

    /// RFC 6749 §6, RFC 9700 §4.14.2: rotate, compare-and-swap (see refresh_store).
    [[nodiscard]] result<rotation> rotate(token_hash const& presented, std::string_view client_id, time_point now,
                                          refresh_successor const& successor);

    /// RFC 7009 §2.1, RFC 7662 §2.2: what `hash` is, without changing anything.
    [[nodiscard]] result<std::optional<refresh_token_info>> find_refresh_token(token_hash const& hash,
                                                                               time_point now) const;

    /// RFC 7009 §2.1, RFC 9700 §4.14.2: revoke a whole family. False when there is no such family.
    [[nodiscard]] result<bool> revoke_family(std::string_view family_id);

    /// Forget revoked families and families whose current token or absolute lifetime has run out, with all their
    /// tokens (presenting one of them afterwards is `unknown`). Returns how many families went.
    std::size_t purge(time_point now);

    /// Families held (revoked ones included, until purged).
    [[nodiscard]] std::size_t family_count() const;

    /// Token hashes held (spent ones included).
    [[nodiscard]] std::size_t token_count() const;

private:
    struct token_entry {
        std::string family_id;
        time_point expires_at;
        bool spent;
        std::optional<refresh_successor> successor;  // set when spent
        bool replayed;
    };
    struct family_entry {
        refresh_family_record record;
        token_hash current;
        std::vector<token_hash> tokens;  // every token of the family, for purge
        bool revoked;
    };

    mutable std::mutex mutex_;
    std::unordered_map<token_hash, token_entry, token_hash_hasher> tokens_;
    std::unordered_map<std::string, family_entry, detail::transparent_string_hash, std::equal_to<>> families_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/refresh_store.ipp>
#endif
