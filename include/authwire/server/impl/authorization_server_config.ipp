#pragma once
// authwire — the definitions of <authwire/server/authorization_server_config.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/authorization_server_config.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool client_uses_grant_type(client_record const& client, std::string_view grant_type) noexcept {
    if (client.grant_types.empty()) return grant_type == oauth::grant_type::authorization_code;
    return std::find(client.grant_types.begin(), client.grant_types.end(), grant_type) != client.grant_types.end();
}

AUTHWIRE_DECL bool client_uses_response_type(client_record const& client, std::string_view response_type) noexcept {
    if (client.response_types.empty()) return response_type == "code";
    return std::find(client.response_types.begin(), client.response_types.end(), response_type) !=
           client.response_types.end();
}

AUTHWIRE_DECL result<void> authorization_server_config::validate() const {
    if (issuer.empty() || authorization_endpoint.empty() || token_endpoint.empty()) return error::missing_argument;
    auto url_error = [](error_code ec) -> error_code {
        return ec == error::insecure_url ? ec : make_error_code(error::invalid_url);
    };
    if (auto r = oauth::detail::check_issuer_identifier(issuer, allow_http_loopback); !r) return url_error(r.error());
    for (auto const* e :
         {&registration_endpoint, &revocation_endpoint, &introspection_endpoint, &service_documentation, &jwks_uri})
        if (auto r = oauth::detail::check_endpoint(*e, allow_http_loopback); !r) return url_error(r.error());
    for (auto const* e : {&authorization_endpoint, &token_endpoint})
        if (auto r = oauth::detail::check_endpoint(std::optional<std::string>(*e), allow_http_loopback); !r)
            return url_error(r.error());
    for (auto const& s : scopes_supported)
        if (!oauth::is_scope_token(s) || (!offline_access && s == offline_access_scope)) return error::invalid_argument;
    auto defaults = oauth::scope_set::parse(default_scope);
    if (!defaults) return error::invalid_argument;
    for (auto const& s : *defaults)
        if (!supports_scope(s) || s == offline_access_scope) return error::invalid_argument;
    for (auto const& r : resources)
        if (!oauth::detail::is_absolute_uri(r) || r.find('#') != std::string::npos) return error::invalid_argument;
    if (default_resource && !is_known_resource(*default_resource)) return error::invalid_argument;
    if (token_endpoint_auth_methods.empty()) return error::invalid_argument;
    for (auto m : token_endpoint_auth_methods)
        if (std::find(std::begin(default_token_endpoint_auth_methods), std::end(default_token_endpoint_auth_methods),
                      m) == std::end(default_token_endpoint_auth_methods))
            return error::invalid_argument;
    if (authorization_redirect_status != 302 && authorization_redirect_status != 303) return error::invalid_argument;
    if (authorization_codes.lifetime <= std::chrono::seconds::zero() ||
        refresh_tokens.lifetime <= std::chrono::seconds::zero())
        return error::invalid_argument;
    if (authorization_codes.access_token_leeway < std::chrono::seconds::zero() ||
        refresh_tokens.access_token_leeway < std::chrono::seconds::zero())
        return error::invalid_argument;
    return {};
}

AUTHWIRE_DECL bool authorization_server_config::supports_scope(std::string_view token) const noexcept {
    if (offline_access && token == offline_access_scope) return true;
    return std::find(scopes_supported.begin(), scopes_supported.end(), token) != scopes_supported.end();
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_config::advertised_scopes() const {
    std::vector<std::string> out = scopes_supported;
    if (offline_access && !supports_listed(offline_access_scope)) out.emplace_back(offline_access_scope);
    return out;
}

AUTHWIRE_DECL bool authorization_server_config::issues_refresh_token_for(
    std::string_view granted_scope) const noexcept {
    return !offline_access || oauth::scope_contains(granted_scope, offline_access_scope);
}

AUTHWIRE_DECL bool authorization_server_config::supports_listed(std::string_view token) const noexcept {
    return std::find(scopes_supported.begin(), scopes_supported.end(), token) != scopes_supported.end();
}

AUTHWIRE_DECL bool authorization_server_config::is_known_resource(std::string_view resource) const noexcept {
    return std::find(resources.begin(), resources.end(), resource) != resources.end();
}

AUTHWIRE_DECL bool authorization_server_config::serves(oauth::token_endpoint_auth_method m) const noexcept {
    return std::find(token_endpoint_auth_methods.begin(), token_endpoint_auth_methods.end(), m) !=
           token_endpoint_auth_methods.end();
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_config::grant_types_supported() const {
    std::vector<std::string> out{std::string(oauth::grant_type::authorization_code),
                                 std::string(oauth::grant_type::refresh_token)};
    if (client_credentials) out.emplace_back(oauth::grant_type::client_credentials);
    return out;
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_config::code_challenge_methods_supported() const {
    std::vector<std::string> out{std::string(oauth::to_string(oauth::code_challenge_method::S256))};
    if (authorization_codes.allow_plain_pkce) out.emplace_back(oauth::to_string(oauth::code_challenge_method::plain));
    return out;
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_config::token_endpoint_auth_method_names() const {
    std::vector<std::string> out;
    for (auto m : token_endpoint_auth_methods) out.emplace_back(oauth::to_string(m));
    return out;
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_config::introspection_auth_method_names() const {
    std::vector<std::string> out;
    for (auto m : token_endpoint_auth_methods)
        if (public_client_introspection || m != oauth::token_endpoint_auth_method::none)
            out.emplace_back(oauth::to_string(m));
    return out;
}

AUTHWIRE_DECL client_authentication_options authorization_server_config::client_authentication() const noexcept {
    return {token_endpoint_auth_methods, issuer};
}

AUTHWIRE_DECL result<std::string> authorization_server_config::resolve_scope(
    std::optional<std::string_view> requested, std::optional<std::string_view> allowed) const {
    auto wanted =
        oauth::scope_set::parse(requested && !requested->empty() ? *requested : std::string_view(default_scope));
    if (!wanted) return error::invalid_scope;
    std::optional<oauth::scope_set> limit;
    if (allowed) {
        auto l = oauth::scope_set::parse(*allowed);
        if (!l) return error::invalid_scope;
        limit = std::move(*l);
    }
    for (auto const& s : *wanted)
        if (!supports_scope(s) || (limit && !limit->contains(s))) return error::invalid_scope;
    return wanted->to_string();
}

AUTHWIRE_DECL result<std::vector<std::string>> authorization_server_config::resolve_resources(
    std::span<std::string_view const> requested, std::optional<std::span<std::string const>> allowed) const {
    std::vector<std::string> out;
    if (requested.empty()) {
        if (allowed) {
            out.assign(allowed->begin(), allowed->end());
        } else if (default_resource) {
            out.push_back(*default_resource);
        } else if (resources.size() == 1) {
            out.push_back(resources.front());
        }
        return out;
    }
    for (auto r : requested) {
        if (!is_known_resource(r)) return error::invalid_target;
        if (allowed && std::find(allowed->begin(), allowed->end(), r) == allowed->end()) return error::invalid_target;
        if (std::find(out.begin(), out.end(), r) == out.end()) out.emplace_back(r);
    }
    return out;
}

}  // namespace authwire::server
