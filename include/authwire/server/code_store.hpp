#pragma once
// authwire — the authorization-code store (RFC 6749 §4.1.2, §10.5): single-use code records kept under the
// SHA-256 of the code, their concept, and a thread-safe in-memory implementation.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/server/opaque_token.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace authwire::server {

/// RFC 6749 §4.1.2 and §4.1.3, RFC 7636 §4.4, RFC 8707 §2: what an authorization code stands for.
struct authorization_code_record {
    std::string client_id;               ///< the client the code was issued to
    std::string redirect_uri;            ///< the redirect URI the code was sent to
    bool redirect_uri_in_request = true; ///< the authorization request carried redirect_uri (RFC 6749 §4.1.3)
    std::string code_challenge;          ///< RFC 7636 §4.2; empty when the request had none
    oauth::code_challenge_method code_challenge_method = oauth::code_challenge_method::S256;
    std::string scope;                   ///< the granted scope (space-separated)
    std::vector<std::string> resources;  ///< RFC 8707 `resource` values the grant is for
    std::string subject;                 ///< the end user who approved
    std::string nonce;                   ///< OpenID Connect `nonce`, when sent
    boost::json::object claims;          ///< application data carried from consent to the token endpoint
    std::chrono::system_clock::time_point issued_at{};
    std::chrono::system_clock::time_point expires_at{};
};

/// What presenting a code to the store found.
enum class code_status : unsigned char {
    consumed,  ///< first use: the code is now spent, `record` is what it stood for
    unknown,   ///< no such code (never issued, or forgotten after its retention)
    expired,   ///< issued, unused, but past `expires_at`; it is now forgotten
    reused,    ///< already consumed earlier: `family_id` names what that first use issued (may be empty)
};

/// The answer of code_store::consume_code.
struct code_consumption {
    code_status status = code_status::unknown;
    authorization_code_record record;  ///< for consumed and reused
    std::string family_id;             ///< for reused: recorded by mark_exchanged, "" if not (yet) recorded
};

/// The authorization-code store contract. Codes are known only by their SHA-256 (token_hash).
/// - `store_code(hash, record)`: insert; a hash already present is error::invalid_argument, nothing changes.
/// - `consume_code(hash, now)`: ATOMIC single use. Of any number of concurrent calls for one code, exactly one
///   sees `consumed` (if the code is unexpired at `now`); every later call sees `reused`, with the family id if
///   mark_exchanged has run, and the store remembers that a reuse happened. An expired unused code is
///   reported `expired` and forgotten. A consumed code must be remembered (as a tombstone) at least until it
///   would have expired, so that reuse is detected for the code's whole life.
/// - `mark_exchanged(hash, family_id)`: record the refresh-token family (grant) the first use produced.
///   Returns true when the code was presented again between consume_code and this call — the caller must
///   then revoke that family. A code that is not consumed (or unknown) is error::invalid_argument.
template <class S>
concept code_store = requires(S& s, token_hash const& hash, authorization_code_record record,
                              std::chrono::system_clock::time_point now, std::string_view family_id) {
    { s.store_code(hash, std::move(record)) } -> std::same_as<result<void>>;
    { s.consume_code(hash, now) } -> std::same_as<result<code_consumption>>;
    { s.mark_exchanged(hash, family_id) } -> std::same_as<result<bool>>;
};

/// An in-memory code_store: a hash map under one mutex. Thread-safe. Consumed codes stay as tombstones until
/// `expires_at + tombstone_retention`; call purge(now) from time to time to drop what has run out.
class memory_code_store {
public:
    using time_point = std::chrono::system_clock::time_point;

    memory_code_store() = default;
    /// `tombstone_retention`: how long after a consumed code's expiry its reuse is still detected.
    explicit memory_code_store(std::chrono::seconds tombstone_retention) : retention_(tombstone_retention) {}

    /// RFC 6749 §4.1.2: remember a freshly issued code (see code_store).
    [[nodiscard]] result<void> store_code(token_hash const& hash, authorization_code_record record);

    /// RFC 6749 §4.1.2, §10.5: spend a code, atomically (see code_store).
    [[nodiscard]] result<code_consumption> consume_code(token_hash const& hash, time_point now);

    /// Record which family the first use of a code produced (see code_store).
    [[nodiscard]] result<bool> mark_exchanged(token_hash const& hash, std::string_view family_id);

    /// Forget unused codes past their expiry and tombstones past their retention. Returns how many went.
    std::size_t purge(time_point now);

    /// Codes and tombstones held.
    [[nodiscard]] std::size_t size() const;

private:
    struct entry {
        authorization_code_record record;
        std::string family_id;
        bool consumed;
        bool reused;
    };

    mutable std::mutex mutex_;
    std::chrono::seconds retention_{std::chrono::hours(1)};
    std::unordered_map<token_hash, entry, token_hash_hasher> codes_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/code_store.ipp>
#endif
