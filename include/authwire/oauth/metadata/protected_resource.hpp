#pragma once
// authwire — protected resource metadata (RFC 9728 §2, §3.2, §3.3): the document, its validation, its JSON.

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

[[nodiscard]] inline std::uint16_t effective_port(boost::urls::url_view u) noexcept {
    if (u.has_port() && !u.port().empty()) return u.port_number();
    return u.scheme_id() == boost::urls::scheme::https ? std::uint16_t{443} : std::uint16_t{80};
}

// RFC 6454 §4: the same scheme, host (ASCII case-insensitive) and port (defaults filled in).
[[nodiscard]] inline bool same_origin(boost::urls::url_view a, boost::urls::url_view b) noexcept {
    return iequals(a.scheme(), b.scheme()) && iequals(a.encoded_host(), b.encoded_host()) &&
           effective_port(a) == effective_port(b);
}

// resource_match::same_origin_prefix: does the document's `resource` cover the called URL?
[[nodiscard]] inline bool resource_covers(std::string_view document, std::string_view called) {
    if (document == called) return true;
    auto d = parse_http_url(document, error::malformed_url);
    auto c = parse_http_url(called, error::malformed_url);
    if (!d || !c || d->has_userinfo() || !same_origin(*d, *c)) return false;
    std::string_view const dp = d->encoded_path();
    std::string_view const cp = c->encoded_path().empty() ? std::string_view("/") : std::string_view(c->encoded_path());
    if (d->has_query()) return dp == cp && c->has_query() && d->encoded_query() == c->encoded_query();
    if (dp.empty() || dp == cp) return true;
    if (!cp.starts_with(dp)) return false;
    return dp.back() == '/' || cp[dp.size()] == '/';  // "/api" or "/api/" covers "/api/mcp"; "/ap" does not
}

} // namespace detail

/// RFC 9728 §3.3: read and validate protected resource metadata from its JSON object. `resource` must match
/// `expected_resource` — the URL the client called — as `match` says (error::wrong_audience: this document is
/// about another resource) and be an https URL without fragment; every entry of `authorization_servers` must
/// be a valid issuer identifier and jwks_uri an https URL (error::insecure_url / malformed_url; see
/// metadata_options); members must have their registered types.
[[nodiscard]] inline result<protected_resource_metadata> protected_resource_metadata_from_json(
    boost::json::object const& o, std::string_view expected_resource, metadata_options const& opt = {},
    resource_match match = resource_match::exact) {
    protected_resource_metadata m;
    auto resource = detail::required_string(o, "resource");
    if (!resource) return resource.error();
    if (expected_resource.empty()) return error::missing_argument;
    if (match == resource_match::exact ? *resource != expected_resource
                                       : !detail::resource_covers(*resource, expected_resource))
        return error::wrong_audience;
    if (auto r = detail::check_endpoint(*resource, opt.allow_http_loopback); !r) return r.error();
    m.resource = std::move(*resource);

    for (auto [name, field] :
         {std::pair{"authorization_servers", &m.authorization_servers},
          std::pair{"scopes_supported", &m.scopes_supported},
          std::pair{"bearer_methods_supported", &m.bearer_methods_supported},
          std::pair{"resource_signing_alg_values_supported", &m.resource_signing_alg_values_supported},
          std::pair{"authorization_details_types_supported", &m.authorization_details_types_supported},
          std::pair{"dpop_signing_alg_values_supported", &m.dpop_signing_alg_values_supported}}) {
        auto list = detail::string_array_member(o, name);
        if (!list) return list.error();
        *field = std::move(*list);
    }
    if (m.authorization_servers)
        for (auto const& as : *m.authorization_servers)
            if (auto r = detail::check_issuer_identifier(as, opt.allow_http_loopback); !r) return r.error();

    auto jwks_uri = detail::string_member(o, "jwks_uri");
    if (!jwks_uri) return jwks_uri.error();
    if (auto r = detail::check_endpoint(*jwks_uri, opt.allow_http_loopback); !r) return r.error();
    m.jwks_uri = std::move(*jwks_uri);

    for (auto [name, field] : {std::pair{"resource_name", &m.resource_name},
                               std::pair{"resource_documentation", &m.resource_documentation},
                               std::pair{"resource_policy_uri", &m.resource_policy_uri},
                               std::pair{"resource_tos_uri", &m.resource_tos_uri}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        *field = std::move(*s);
    }
    for (auto [name, field] :
         {std::pair{"tls_client_certificate_bound_access_tokens", &m.tls_client_certificate_bound_access_tokens},
          std::pair{"dpop_bound_access_tokens_required", &m.dpop_bound_access_tokens_required}}) {
        auto b = detail::bool_member(o, name);
        if (!b) return b.error();
        *field = *b;
    }
    m.extra = detail::extra_members(
        o, {"resource", "authorization_servers", "jwks_uri", "scopes_supported", "bearer_methods_supported",
            "resource_signing_alg_values_supported", "resource_name", "resource_documentation",
            "resource_policy_uri", "resource_tos_uri", "tls_client_certificate_bound_access_tokens",
            "authorization_details_types_supported", "dpop_signing_alg_values_supported",
            "dpop_bound_access_tokens_required"});
    return m;
}

/// RFC 9728 §3.2/§3.3: interpret the metadata response: 200 with a JSON object, validated as
/// protected_resource_metadata_from_json says; other statuses are failures (see the RFC 8414 counterpart).
[[nodiscard]] inline outcome<protected_resource_metadata> parse_protected_resource_metadata_response(
    http_response const& resp, std::string_view expected_resource, metadata_options const& opt = {},
    resource_match match = resource_match::exact) noexcept {
    return detail::guarded([&]() -> outcome<protected_resource_metadata> {
        if (resp.status != 200) return response_failure(resp, opt.limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, opt.limits);
        if (!o) return o.error();
        auto m = protected_resource_metadata_from_json(*o, expected_resource, opt, match);
        if (!m) return m.error();
        return std::move(*m);
    });
}

/// RFC 9728 §3.2: the metadata as a JSON object (what a resource server publishes). Absent members are omitted.
[[nodiscard]] inline boost::json::object to_json(protected_resource_metadata const& m) {
    boost::json::object o;
    o["resource"] = m.resource;
    detail::put_strings(o, "authorization_servers", m.authorization_servers);
    detail::put_string(o, "jwks_uri", m.jwks_uri);
    detail::put_strings(o, "scopes_supported", m.scopes_supported);
    detail::put_strings(o, "bearer_methods_supported", m.bearer_methods_supported);
    detail::put_strings(o, "resource_signing_alg_values_supported", m.resource_signing_alg_values_supported);
    detail::put_string(o, "resource_name", m.resource_name);
    detail::put_string(o, "resource_documentation", m.resource_documentation);
    detail::put_string(o, "resource_policy_uri", m.resource_policy_uri);
    detail::put_string(o, "resource_tos_uri", m.resource_tos_uri);
    detail::put_bool(o, "tls_client_certificate_bound_access_tokens", m.tls_client_certificate_bound_access_tokens);
    detail::put_strings(o, "authorization_details_types_supported", m.authorization_details_types_supported);
    detail::put_strings(o, "dpop_signing_alg_values_supported", m.dpop_signing_alg_values_supported);
    detail::put_bool(o, "dpop_bound_access_tokens_required", m.dpop_bound_access_tokens_required);
    detail::put_extra(o, m.extra);
    return o;
}

} // namespace authwire::oauth
