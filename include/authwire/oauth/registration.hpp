#pragma once
// authwire — Dynamic Client Registration (RFC 7591): client metadata, the registration request, and the
// client information response.

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
[[nodiscard]] inline bool is_loopback_redirect_uri(std::string_view uri) noexcept {
    auto u = boost::urls::parse_absolute_uri(uri);
    if (!u || !detail::has_sound_authority(*u) || u->has_fragment() || u->has_userinfo()) return false;
    return u->scheme_id() == boost::urls::scheme::http && detail::is_loopback(*u);
}

/// OpenID Connect Registration §2 `application_type` with RFC 8252 §7: "native" when every redirect URI is a
/// loopback one (§7.3) or uses a private-use scheme (§7.1, anything but http and https); otherwise "web".
/// MCP asks clients to send it, since OpenID providers default to "web" and then refuse loopback redirects.
[[nodiscard]] inline std::string_view application_type_for(std::vector<std::string> const& redirect_uris) noexcept {
    if (redirect_uris.empty()) return "web";
    for (auto const& r : redirect_uris) {
        if (is_loopback_redirect_uri(r)) continue;
        auto u = boost::urls::parse_absolute_uri(r);
        if (!u) return "web";
        auto const scheme = u->scheme_id();
        if (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) return "web";
    }
    return "native";
}

/// RFC 7591 §2: the metadata as a JSON object, members in the order of the struct, then `extra`.
[[nodiscard]] inline boost::json::object to_json(client_metadata const& m) {
    boost::json::object o;
    detail::put_strings(o, "redirect_uris", m.redirect_uris);
    detail::put_string(o, "token_endpoint_auth_method", m.token_endpoint_auth_method);
    detail::put_strings(o, "grant_types", m.grant_types);
    detail::put_strings(o, "response_types", m.response_types);
    detail::put_string(o, "client_name", m.client_name);
    detail::put_string(o, "client_uri", m.client_uri);
    detail::put_string(o, "logo_uri", m.logo_uri);
    if (!m.scope.empty()) o["scope"] = m.scope.to_string();
    detail::put_strings(o, "contacts", m.contacts);
    detail::put_string(o, "tos_uri", m.tos_uri);
    detail::put_string(o, "policy_uri", m.policy_uri);
    detail::put_string(o, "jwks_uri", m.jwks_uri);
    if (m.jwks) o["jwks"] = *m.jwks;
    detail::put_string(o, "software_id", m.software_id);
    detail::put_string(o, "software_version", m.software_version);
    detail::put_string(o, "software_statement", m.software_statement);
    detail::put_string(o, "application_type", m.application_type);
    detail::put_extra(o, m.extra);
    return o;
}

/// RFC 7591 §2: read client metadata from a JSON object (a registration request on the server, the echo in a
/// registration response on the client). Members must have their registered types (error::wrong_member_type);
/// `scope` must follow RFC 6749 §3.3 and jwks must not come with jwks_uri (error::malformed_response).
[[nodiscard]] inline result<client_metadata> client_metadata_from_json(boost::json::object const& o) {
    client_metadata m;
    for (auto [name, field] : {std::pair{"redirect_uris", &m.redirect_uris}, std::pair{"grant_types", &m.grant_types},
                               std::pair{"response_types", &m.response_types}, std::pair{"contacts", &m.contacts}}) {
        auto list = detail::string_array_member(o, name);
        if (!list) return list.error();
        if (*list) *field = std::move(**list);
    }
    for (auto [name, field] :
         {std::pair{"token_endpoint_auth_method", &m.token_endpoint_auth_method},
          std::pair{"client_name", &m.client_name}, std::pair{"client_uri", &m.client_uri},
          std::pair{"logo_uri", &m.logo_uri}, std::pair{"tos_uri", &m.tos_uri}, std::pair{"policy_uri", &m.policy_uri},
          std::pair{"jwks_uri", &m.jwks_uri}, std::pair{"software_id", &m.software_id},
          std::pair{"software_version", &m.software_version},
          std::pair{"software_statement", &m.software_statement},
          std::pair{"application_type", &m.application_type}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        *field = std::move(*s);
    }
    auto scope = detail::string_member(o, "scope");
    if (!scope) return scope.error();
    if (*scope) {
        auto parsed = scope_set::parse(**scope);
        if (!parsed) return error::malformed_response;
        m.scope = std::move(*parsed);
    }
    if (auto const* jwks = o.if_contains("jwks")) {
        auto const* obj = jwks->if_object();
        if (obj == nullptr) return error::wrong_member_type;
        if (m.jwks_uri) return error::malformed_response;
        m.jwks = *obj;
    }
    m.extra = detail::extra_members(o, detail::client_metadata_names);
    return m;
}

/// RFC 7591 §3.1: `POST` the metadata as JSON to the registration endpoint (`Content-Type` and `Accept`
/// application/json), with `Authorization: Bearer` when an initial access token is given (§3).
[[nodiscard]] inline result<http_request> make_registration_request(std::string_view registration_endpoint,
                                                                    client_metadata const& metadata,
                                                                    secret const& initial_access_token = {}) {
    auto url = detail::parse_endpoint(registration_endpoint);
    if (!url) return url.error();
    if (!metadata.scope.valid()) return error::invalid_argument;
    if (metadata.jwks && metadata.jwks_uri) return error::invalid_argument;
    http_request req;
    req.method = "POST";
    req.url = std::move(*url);
    req.headers.append("Content-Type", detail::json_media_type);
    req.headers.append("Accept", detail::json_media_type);
    if (!initial_access_token.empty()) {
        std::string header = "Bearer ";
        header.append(initial_access_token.reveal());
        req.headers.append("Authorization", header);
        OPENSSL_cleanse(header.data(), header.size());
    }
    req.body = boost::json::serialize(to_json(metadata));
    return req;
}

/// RFC 7591 §3.2.1: read the client information response object. `client_id` is required;
/// `client_secret_expires_at` (0 = never expires) must be a number when present. A `client_secret` without it
/// is accepted as one that does not expire, and recorded (registration_quirks::secret_without_expiry).
[[nodiscard]] inline result<client_information> client_information_from_json(boost::json::object const& o) {
    client_information c;
    auto id = detail::required_string(o, "client_id");
    if (!id) return id.error();
    c.client_id = std::move(*id);
    auto client_secret = detail::string_member(o, "client_secret");
    if (!client_secret) return client_secret.error();
    if (*client_secret) {
        if ((*client_secret)->empty()) return error::malformed_response;
        c.client_secret = secret(std::move(**client_secret));
    }
    auto issued = detail::numeric_date_member(o, "client_id_issued_at");
    if (!issued) return issued.error();
    c.client_id_issued_at = *issued;
    auto expires = detail::numeric_date_member(o, "client_secret_expires_at");
    if (!expires) return expires.error();
    if (!c.client_secret.empty() && !*expires) c.quirks_seen.secret_without_expiry = true;
    if (*expires && **expires != std::chrono::system_clock::time_point{}) c.client_secret_expires_at = *expires;
    auto rat = detail::string_member(o, "registration_access_token");
    if (!rat) return rat.error();
    if (*rat) c.registration_access_token = secret(std::move(**rat));
    auto rcu = detail::string_member(o, "registration_client_uri");
    if (!rcu) return rcu.error();
    c.registration_client_uri = std::move(*rcu);

    auto metadata = client_metadata_from_json(o);
    if (!metadata) return metadata.error();
    c.metadata = std::move(*metadata);
    for (auto name : {"client_id", "client_secret", "client_id_issued_at", "client_secret_expires_at",
                      "registration_access_token", "registration_client_uri"})
        c.metadata.extra.erase(name);
    return c;
}

/// RFC 7591 §3.2.1/§3.2.2: 201 with a JSON object is the client information; other statuses are failures
/// carrying the peer's error (invalid_redirect_uri, invalid_client_metadata, … map to their codes).
[[nodiscard]] inline outcome<client_information> parse_registration_response(http_response const& resp,
                                                                            json_limits const& limits = {}) noexcept {
    return detail::guarded([&]() -> outcome<client_information> {
        if (resp.status != 201) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        auto c = client_information_from_json(*o);
        if (!c) return c.error();
        return std::move(*c);
    });
}

/// RFC 7591 §3.2.1/§3.2.2 for the registration of `requested`: as above, and
///  - the server may replace requested metadata (§3.2.1), but registered `redirect_uris` other than the ones
///    requested (compared as sets, byte for byte) are error::redirect_uri_rejected: the client could not
///    receive its authorization codes at the URI it will use, and codes for its client_id could be sent to
///    URIs it does not own. The client was registered all the same; register again (or delete it, RFC 7592).
///    A response without `redirect_uris` is taken as not echoing them;
///  - when the server echoed no `token_endpoint_auth_method`, the one requested is taken as registered
///    (registration_quirks::auth_method_not_echoed) — so that the client authenticates the way it registered,
///    not by a new guess.
[[nodiscard]] inline outcome<client_information> parse_registration_response(http_response const& resp,
                                                                            client_metadata const& requested,
                                                                            json_limits const& limits = {}) noexcept {
    auto c = parse_registration_response(resp, limits);
    if (c && !c->metadata.redirect_uris.empty()) {
        auto const& got = c->metadata.redirect_uris;
        auto const& sent = requested.redirect_uris;
        auto const within = [](std::vector<std::string> const& a, std::vector<std::string> const& b) {
            return std::all_of(a.begin(), a.end(),
                               [&](std::string const& u) { return std::find(b.begin(), b.end(), u) != b.end(); });
        };
        if (!within(got, sent) || !within(sent, got)) return error::redirect_uri_rejected;
    }
    if (c && !c->metadata.token_endpoint_auth_method && requested.token_endpoint_auth_method) {
        auto const filled = detail::guarded([&]() -> result<void> {
            c->metadata.token_endpoint_auth_method = requested.token_endpoint_auth_method;
            return {};
        });
        if (!filled) return filled.error();
        c->quirks_seen.auth_method_not_echoed = true;
    }
    return c;
}

/// RFC 7591 §3.2.1: the JSON body of a client information response (what a registration endpoint sends).
[[nodiscard]] inline boost::json::object to_json(client_information const& c) {
    boost::json::object o;
    o["client_id"] = c.client_id;
    detail::put_string(o, "client_secret", c.client_secret.reveal());
    if (c.client_id_issued_at) o["client_id_issued_at"] = detail::to_numeric_date(*c.client_id_issued_at);
    if (!c.client_secret.empty())
        o["client_secret_expires_at"] =
            c.client_secret_expires_at ? detail::to_numeric_date(*c.client_secret_expires_at) : std::int64_t{0};
    detail::put_string(o, "registration_access_token", c.registration_access_token.reveal());
    detail::put_string(o, "registration_client_uri", c.registration_client_uri);
    for (auto const& m : to_json(c.metadata)) o.emplace(m.key(), m.value());
    return o;
}

} // namespace authwire::oauth
