#pragma once
// authwire — Dynamic Client Registration (RFC 7591): client metadata, the registration request, and the
// client information response.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/scope.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 7591 §2 (+ OpenID Connect Registration `application_type`): the metadata a client registers.
/// Absent members are empty/nullopt and are not sent. Members this struct does not name — extensions and
/// language-tagged variants such as `client_name#ja-Jpan-JP` (§2.2) — live in `extra` and are kept both ways.
struct client_metadata {
    std::vector<std::string> redirect_uris;
    std::optional<std::string> token_endpoint_auth_method;  ///< a string, so unregistered methods survive
    std::vector<std::string> grant_types;
    std::vector<std::string> response_types;
    std::optional<std::string> client_name;
    std::optional<std::string> client_uri;
    std::optional<std::string> logo_uri;
    scope_set scope;
    std::vector<std::string> contacts;
    std::optional<std::string> tos_uri;
    std::optional<std::string> policy_uri;
    std::optional<std::string> jwks_uri;
    std::optional<boost::json::object> jwks;  ///< a JWK Set by value; never together with jwks_uri (§2)
    std::optional<std::string> software_id;
    std::optional<std::string> software_version;
    std::optional<std::string> software_statement;  ///< a JWT (§2.3), passed through
    std::optional<std::string> application_type;    ///< OpenID Connect Registration §2: "web" or "native"
    boost::json::object extra;
};

/// Deviations from RFC 7591 §3.2.1 that real servers show, accepted by the parser and reported when met
/// (`client_information::quirks_seen`). Each is a named interop quirk (docs/ARCHITECTURE.md, "Interop quirks").
struct registration_quirks {
    /// A `client_secret` without `client_secret_expires_at`, which §3.2.1 makes REQUIRED with a secret: taken
    /// to mean that the secret does not expire (the MCP conformance suite's authorization server, among others).
    bool secret_without_expiry = false;
    /// No `token_endpoint_auth_method` in the response although §3.2.1 says all registered metadata comes back:
    /// taken to be the method the client asked for (only parse_registration_response with the request does so).
    bool auth_method_not_echoed = false;

    friend bool operator==(registration_quirks const&, registration_quirks const&) = default;
};

/// RFC 7591 §3.2.1: the client information response — the client's identifier and credentials, and the
/// metadata the server actually registered.
struct client_information {
    std::string client_id;
    secret client_secret;                                                     ///< empty for public clients
    std::optional<std::chrono::system_clock::time_point> client_id_issued_at;
    /// When the secret expires; nullopt when it does not (the server sent 0) or no secret was issued.
    std::optional<std::chrono::system_clock::time_point> client_secret_expires_at;
    secret registration_access_token;                                         ///< RFC 7592, when issued
    std::optional<std::string> registration_client_uri;                       ///< RFC 7592, when issued
    client_metadata metadata;
    registration_quirks quirks_seen{};                                        ///< what the parser tolerated
};

namespace detail {

inline constexpr std::string_view client_metadata_names[] = {
    "redirect_uris", "token_endpoint_auth_method", "grant_types", "response_types", "client_name", "client_uri",
    "logo_uri", "scope", "contacts", "tos_uri", "policy_uri", "jwks_uri", "jwks", "software_id", "software_version",
    "software_statement", "application_type"};

} // namespace detail

/// RFC 8252 §7.3 (and §8.3 for `localhost`): a loopback redirect URI — `http` to 127.0.0.1, [::1] or
/// localhost, on any port, without a fragment.
[[nodiscard]] AUTHWIRE_DECL bool is_loopback_redirect_uri(std::string_view uri) noexcept;

/// OpenID Connect Registration §2 `application_type` with RFC 8252 §7: "native" when every redirect URI is a
/// loopback one (§7.3) or uses a private-use scheme (§7.1, anything but http and https); otherwise "web".
/// MCP asks clients to send it, since OpenID providers default to "web" and then refuse loopback redirects.
[[nodiscard]] AUTHWIRE_DECL std::string_view application_type_for(std::vector<std::string> const& redirect_uris) noexcept;

/// RFC 7591 §2: the metadata as a JSON object, members in the order of the struct, then `extra`.
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(client_metadata const& m);

/// RFC 7591 §2: read client metadata from a JSON object (a registration request on the server, the echo in a
/// registration response on the client). Members must have their registered types (error::wrong_member_type);
/// `scope` must follow RFC 6749 §3.3 and jwks must not come with jwks_uri (error::malformed_response).
[[nodiscard]] AUTHWIRE_DECL result<client_metadata> client_metadata_from_json(boost::json::object const& o);

/// RFC 7591 §3.1: `POST` the metadata as JSON to the registration endpoint (`Content-Type` and `Accept`
/// application/json), with `Authorization: Bearer` when an initial access token is given (§3).
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_registration_request(std::string_view registration_endpoint,
                                                                           client_metadata const& metadata,
                                                                           secret const& initial_access_token = {});

/// RFC 7591 §3.2.1: read the client information response object. `client_id` is required;
/// `client_secret_expires_at` (0 = never expires) must be a number when present. A `client_secret` without it
/// is accepted as one that does not expire, and recorded (registration_quirks::secret_without_expiry).
[[nodiscard]] AUTHWIRE_DECL result<client_information> client_information_from_json(boost::json::object const& o);

/// RFC 7591 §3.2.1/§3.2.2: 201 with a JSON object is the client information; other statuses are failures
/// carrying the peer's error (invalid_redirect_uri, invalid_client_metadata, … map to their codes).
[[nodiscard]] AUTHWIRE_DECL outcome<client_information> parse_registration_response(
    http_response const& resp, json_limits const& limits = {}) noexcept;

/// RFC 7591 §3.2.1/§3.2.2 for the registration of `requested`: as above, and
///  - the server may replace requested metadata (§3.2.1), but registered `redirect_uris` other than the ones
///    requested (compared as sets, byte for byte) are error::redirect_uri_rejected: the client could not
///    receive its authorization codes at the URI it will use, and codes for its client_id could be sent to
///    URIs it does not own. The client was registered all the same; register again (or delete it, RFC 7592).
///    A response without `redirect_uris` is taken as not echoing them;
///  - when the server echoed no `token_endpoint_auth_method`, the one requested is taken as registered
///    (registration_quirks::auth_method_not_echoed) — so that the client authenticates the way it registered,
///    not by a new guess.
[[nodiscard]] AUTHWIRE_DECL outcome<client_information> parse_registration_response(
    http_response const& resp, client_metadata const& requested, json_limits const& limits = {}) noexcept;

/// RFC 7591 §3.2.1: the JSON body of a client information response (what a registration endpoint sends).
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(client_information const& c);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/registration.ipp>
#endif
