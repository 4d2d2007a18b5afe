#pragma once
// authwire — the client store (RFC 7591 §2–3.2.1): registered client records, their concept, and a thread-safe
// in-memory implementation.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/detail/hash.hpp>
#include <authwire/server/redirect_uri_policy.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <concepts>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace authwire::server {

/// RFC 7591 §2 and §3.2.1: a registered client, as the authorization server keeps it.
struct client_record {
    std::string client_id;                             ///< RFC 6749 §2.2, unique in the store
    std::optional<hashed_client_secret> client_secret; ///< none for public clients (token_endpoint_auth_method "none")
    std::vector<std::string> redirect_uris;            ///< validated by redirect_uri_policy at registration
    std::vector<std::string> grant_types;              ///< e.g. "authorization_code", "refresh_token"
    std::vector<std::string> response_types;           ///< e.g. "code"
    std::string token_endpoint_auth_method;            ///< "none", "client_secret_basic", "client_secret_post"
    std::string scope;                                 ///< space-separated scopes the client may ask for
    std::string client_name;
    std::chrono::system_clock::time_point client_id_issued_at{};
    boost::json::object extra_metadata;                ///< every other registered metadata member, kept verbatim
    /// OpenID Connect Registration §2: set at registration (sent or inferred, see redirect_uri_options); the
    /// redirect URIs are matched under its rules. nullopt: a record that predates it — the policy's plain rules.
    std::optional<server::application_type> application_type{};
};

/// The client store contract. One call per endpoint operation:
/// - `register_client(record)`: atomically inserts the record if no client with its client_id exists; otherwise
///   fails with error::invalid_argument and changes nothing. An empty client_id is error::missing_argument.
/// - `find_client(client_id)`: the record, or nullopt when there is none.
/// Implementations report their own failures (an unreachable database …) as other error codes, never as
/// "not found".
template <class S>
concept client_store = requires(S& s, S const& cs, client_record record, std::string_view client_id) {
    { s.register_client(std::move(record)) } -> std::same_as<result<void>>;
    { cs.find_client(client_id) } -> std::same_as<result<std::optional<client_record>>>;
};

/// An in-memory client_store: a hash map under a reader-writer lock. Thread-safe.
class memory_client_store {
public:
    /// RFC 7591 §3.2.1: store a newly registered client (see client_store for the atomicity).
    [[nodiscard]] result<void> register_client(client_record record);

    /// RFC 6749 §2.2: the record of `client_id`, or nullopt.
    [[nodiscard]] result<std::optional<client_record>> find_client(std::string_view client_id) const;

    /// The number of registered clients.
    [[nodiscard]] std::size_t size() const;

private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<std::string, client_record, detail::transparent_string_hash, std::equal_to<>> clients_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/client_store.ipp>
#endif
