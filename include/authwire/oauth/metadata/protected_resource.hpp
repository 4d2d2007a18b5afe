#pragma once
// authwire — protected resource metadata (RFC 9728 §2, §3.2, §3.3): the document, its validation, its JSON.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <boost/json/object.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 9728 §2: what a protected resource says about itself. Members not named here are kept in `extra`;
/// `signed_metadata` is kept there too and NOT verified.
struct protected_resource_metadata {
    std::string resource;
    std::optional<std::vector<std::string>> authorization_servers;  ///< issuer identifiers
    std::optional<std::string> jwks_uri;
    std::optional<std::vector<std::string>> scopes_supported;
    std::optional<std::vector<std::string>> bearer_methods_supported;  ///< "header", "body", "query"
    std::optional<std::vector<std::string>> resource_signing_alg_values_supported;
    std::optional<std::string> resource_name;
    std::optional<std::string> resource_documentation;
    std::optional<std::string> resource_policy_uri;
    std::optional<std::string> resource_tos_uri;
    std::optional<bool> tls_client_certificate_bound_access_tokens;
    std::optional<std::vector<std::string>> authorization_details_types_supported;
    std::optional<std::vector<std::string>> dpop_signing_alg_values_supported;
    std::optional<bool> dpop_bound_access_tokens_required;
    boost::json::object extra;
};

/// RFC 9728 §3.3: how a document's `resource` must relate to the URL the client called.
enum class resource_match {
    /// Identical, code point for code point — the document at the path-inserted well-known URL (§3.3).
    exact,
    /// The same origin (scheme, host, port) and a path prefix of the called URL on segment boundaries
    /// ("https://rs" or "https://rs/api" for "https://rs/api/mcp"; never "https://rs/ap"); a `resource` with a
    /// query must be identical. For documents at the host's root well-known URL or a `resource_metadata` URL,
    /// which describe the resource the called URL belongs to (MCP servers publish "https://host" there).
    same_origin_prefix,
};

namespace detail {

[[nodiscard]] AUTHWIRE_DECL std::uint16_t effective_port(boost::urls::url_view u) noexcept;

// RFC 6454 §4: the same scheme, host (ASCII case-insensitive) and port (defaults filled in).
[[nodiscard]] AUTHWIRE_DECL bool same_origin(boost::urls::url_view a, boost::urls::url_view b) noexcept;

// resource_match::same_origin_prefix: does the document's `resource` cover the called URL?
[[nodiscard]] AUTHWIRE_DECL bool resource_covers(std::string_view document, std::string_view called);

} // namespace detail

/// RFC 9728 §3.3: read and validate protected resource metadata from its JSON object. `resource` must match
/// `expected_resource` — the URL the client called — as `match` says (error::wrong_audience: this document is
/// about another resource) and be an https URL without fragment; every entry of `authorization_servers` must
/// be a valid issuer identifier and jwks_uri an https URL (error::insecure_url / malformed_url; see
/// metadata_options); members must have their registered types.
[[nodiscard]] AUTHWIRE_DECL result<protected_resource_metadata> protected_resource_metadata_from_json(
    boost::json::object const& o, std::string_view expected_resource, metadata_options const& opt = {},
    resource_match match = resource_match::exact);

/// RFC 9728 §3.2/§3.3: interpret the metadata response: 200 with a JSON object, validated as
/// protected_resource_metadata_from_json says; other statuses are failures (see the RFC 8414 counterpart).
[[nodiscard]] AUTHWIRE_DECL outcome<protected_resource_metadata> parse_protected_resource_metadata_response(
    http_response const& resp, std::string_view expected_resource, metadata_options const& opt = {},
    resource_match match = resource_match::exact) noexcept;

/// RFC 9728 §3.2: the metadata as a JSON object (what a resource server publishes). Absent members are omitted.
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(protected_resource_metadata const& m);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/metadata/impl/protected_resource.ipp>
#endif
