#pragma once
// authwire — the definitions of <authwire/oauth/metadata/protected_resource.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/metadata/protected_resource.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL std::uint16_t effective_port(boost::urls::url_view u) noexcept {
    if (u.has_port() && !u.port().empty()) return u.port_number();
    return u.scheme_id() == boost::urls::scheme::https ? std::uint16_t{443} : std::uint16_t{80};
}

AUTHWIRE_DECL bool same_origin(boost::urls::url_view a, boost::urls::url_view b) noexcept {
    return iequals(a.scheme(), b.scheme()) && iequals(a.encoded_host(), b.encoded_host()) &&
           effective_port(a) == effective_port(b);
}

AUTHWIRE_DECL bool resource_covers(std::string_view document, std::string_view called) {
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

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<protected_resource_metadata> protected_resource_metadata_from_json(
    boost::json::object const& o, std::string_view expected_resource, metadata_options const& opt,
    resource_match match) {
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

    for (auto [name, field] :
         {std::pair{"resource_name", &m.resource_name}, std::pair{"resource_documentation", &m.resource_documentation},
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
            "resource_signing_alg_values_supported", "resource_name", "resource_documentation", "resource_policy_uri",
            "resource_tos_uri", "tls_client_certificate_bound_access_tokens", "authorization_details_types_supported",
            "dpop_signing_alg_values_supported", "dpop_bound_access_tokens_required"});
    return m;
}

AUTHWIRE_DECL outcome<protected_resource_metadata> parse_protected_resource_metadata_response(
    http_response const& resp, std::string_view expected_resource, metadata_options const& opt,
    resource_match match) noexcept {
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

AUTHWIRE_DECL boost::json::object to_json(protected_resource_metadata const& m) {
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

}  // namespace authwire::oauth
