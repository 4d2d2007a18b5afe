#pragma once
// authwire — the definitions of <authwire/server/introspection_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/introspection_endpoint.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool introspection_policy::may_see(std::string_view requester, std::string_view owner) const noexcept {
    return requester == owner ||
           std::find(privileged_clients.begin(), privileged_clients.end(), requester) != privileged_clients.end();
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL http_response introspection_answer(oauth::introspection_response const& r) {
    return json_response(200, oauth::to_json(r));
}

AUTHWIRE_DECL std::optional<oauth::scope_set> scope_of(std::string const& scope) {
    auto s = oauth::scope_set::parse(scope);
    if (!s || s->empty()) return std::nullopt;
    return std::move(*s);
}

}  // namespace authwire::server::detail

namespace authwire::server::detail {

AUTHWIRE_DECL std::optional<http_response> introspecting_client_refused(oauth::token_endpoint_auth_method method,
                                                                        authorization_server_config const& config) {
    if (method == oauth::token_endpoint_auth_method::none && !config.public_client_introspection)
        return client_authentication_error{
            error::invalid_client, "client authentication required", false, config.issuer, {}}
            .to_http_response();
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<oauth::introspection_response> inactive_introspection() {
    return oauth::introspection_response{};
}

AUTHWIRE_DECL std::optional<oauth::introspection_response> introspect_access_token(access_token_info& info,
                                                                                   result<bool> const& revoked,
                                                                                   std::string_view requester,
                                                                                   introspection_policy const& policy) {
    oauth::introspection_response r;  // inactive unless every check passes
    if (!revoked || *revoked || !policy.may_see(requester, info.client_id)) return r;
    r.active = true;
    r.token_type = "Bearer";
    r.scope = scope_of(info.scope);
    r.client_id = std::move(info.client_id);
    r.sub = std::move(info.subject);
    r.aud = std::move(info.audience);
    r.iss = std::move(info.issuer);
    r.exp = info.expires_at;
    r.iat = info.issued_at;
    r.jti = std::move(info.jti);
    return r;
}

AUTHWIRE_DECL std::optional<oauth::introspection_response> introspect_refresh_token(
    result<std::optional<refresh_token_info>> found, std::string_view requester, introspection_policy const& policy,
    authorization_server_config const& config) {
    if (!found) return oauth::introspection_response{};  // fail closed
    if (!*found) return std::nullopt;
    oauth::introspection_response r;
    auto& info = **found;
    if (info.state != refresh_token_state::active || !policy.may_see(requester, info.family.client_id)) return r;
    r.active = true;
    r.scope = scope_of(info.family.scope);
    r.client_id = std::move(info.family.client_id);
    r.sub = std::move(info.family.subject);
    r.aud = std::move(info.family.resources);
    r.iss = config.issuer;
    // RFC 7662 §2.2: when it stops being active — its own expiry, or its grant's end if sooner.
    r.exp = std::min(info.expires_at, info.family.expires_at);
    return r;
}

AUTHWIRE_DECL http_response introspection_result(std::optional<oauth::introspection_response> found) {
    return introspection_answer(found.value_or(oauth::introspection_response{}));
}

}  // namespace authwire::server::detail
