#pragma once
// authwire — the definitions of <authwire/server/token_endpoint.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/token_endpoint.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL http_response token_success(issued_access_token&& at, secret refresh_token, std::string_view scope) {
    oauth::token_response t;
    t.access_token = std::move(at.access_token);
    t.token_type = "Bearer";
    t.expires_in = at.expires_in;
    t.refresh_token = std::move(refresh_token);
    if (!scope.empty()) {
        auto s = oauth::scope_set::parse(scope);
        if (s) t.scope = std::move(*s);
    }
    return json_response(200, oauth::to_json(t));
}

AUTHWIRE_DECL http_response grant_failure_response(grant_error const& g) {
    return json_error_response(g.to_error_response());
}

AUTHWIRE_DECL std::vector<std::string_view> resource_parameters(form const& f) {
    return f.find_all("resource");
}

}  // namespace authwire::server::detail

namespace authwire::server::detail {

AUTHWIRE_DECL http_response checked_token_success(issued_access_token&& at, std::chrono::seconds leeway,
                                                  std::chrono::system_clock::time_point now,
                                                  authorization_server_config const& config, secret refresh_token,
                                                  std::string_view scope) {
    // A revoked grant stays on the revocation list for the policies' retention (access_token_lifetime +
    // access_token_leeway); the token is accepted until expires_at + the format's leeway. A token accepted
    // longer would come back to life once its entry lapses. Fail closed on that misconfiguration.
    auto const accepted_for = at.expires_in + leeway;
    auto const accepted_until = at.expires_at + leeway;
    for (auto const retention :
         {revocation_retention(config.authorization_codes), revocation_retention(config.refresh_tokens)})
        if (accepted_for > retention || accepted_until > now + retention)
            return json_error_response(error::server_error, "access tokens outlive the revocation list");
    return token_success(std::move(at), std::move(refresh_token), scope);
}

AUTHWIRE_DECL std::optional<http_response> code_audience(form const& body, authorization_code_record const& record,
                                                         authorization_server_config const& config,
                                                         std::vector<std::string>& out) {
    auto const requested = resource_parameters(body);
    auto audience = config.resolve_resources(requested, std::span<std::string const>(record.resources));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource was not authorized");
    out = std::move(*audience);
    return std::nullopt;
}

AUTHWIRE_DECL refresh_family_record code_grant_family(client_record const& client,
                                                      authorization_code_record const& record) {
    refresh_family_record family;
    family.client_id = client.client_id;
    family.subject = record.subject;
    family.scope = record.scope;
    family.resources = record.resources;
    family.claims = record.claims;
    return family;
}

AUTHWIRE_DECL secret code_access_token_grant(client_record const& client, authorization_code_record& record,
                                             std::vector<std::string> audience, issued_refresh_token& grant,
                                             authorization_server_config const& config, access_token_grant& at) {
    at = access_token_grant{record.subject,      client.client_id, record.scope,
                            std::move(audience), grant.family_id,  std::move(record.claims)};
    secret refresh;
    if (client_uses_grant_type(client, oauth::grant_type::refresh_token) && config.issues_refresh_token_for(at.scope))
        refresh = std::move(grant.refresh_token);
    return refresh;
}

AUTHWIRE_DECL std::optional<http_response> check_refresh_narrowing(
    result<std::optional<refresh_token_info>> const& info, client_record const& client,
    std::optional<std::string_view> requested_scope, std::vector<std::string_view> const& requested_resources,
    authorization_server_config const& config) {
    if (!info)
        return json_error_response(store_failure_error(info.error()), "the refresh token could not be looked up");
    if (*info && (*info)->state == refresh_token_state::active && (*info)->family.client_id == client.client_id) {
        auto const& fam = (*info)->family;
        if (requested_scope && !requested_scope->empty() &&
            !config.resolve_scope(requested_scope, std::string_view(fam.scope)))
            return json_error_response(error::invalid_scope, "the requested scope exceeds the grant");
        if (!config.resolve_resources(requested_resources, std::span<std::string const>(fam.resources)))
            return json_error_response(error::invalid_target, "the requested resource was not authorized");
    }
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<http_response> refreshed_access_token_grant(
    rotated_refresh_token& rotated, client_record const& client, std::optional<std::string_view> requested_scope,
    std::vector<std::string_view> const& requested_resources, authorization_server_config const& config,
    access_token_grant& at) {
    auto& fam = rotated.family;
    std::string scope = fam.scope;
    if (requested_scope && !requested_scope->empty()) {
        auto s = config.resolve_scope(requested_scope, std::string_view(fam.scope));
        if (!s) return json_error_response(error::invalid_scope, "the requested scope exceeds the grant");
        scope = std::move(*s);
    }
    auto audience = config.resolve_resources(requested_resources, std::span<std::string const>(fam.resources));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource was not authorized");
    at = access_token_grant{fam.subject,          client.client_id, std::move(scope),
                            std::move(*audience), fam.family_id,    std::move(fam.claims)};
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<http_response> client_credentials_grant(form const& body, client_record const& client,
                                                                    authorization_server_config const& config,
                                                                    access_token_grant& at) {
    if (!client.client_secret) return json_error_response(error::unauthorized_client, "the client is not confidential");
    auto scope = config.resolve_scope(
        body.find("scope"), client.scope.empty() ? std::nullopt : std::optional<std::string_view>(client.scope));
    if (!scope)
        return json_error_response(error::invalid_scope, "the requested scope is invalid, unknown, or not allowed");
    auto audience = config.resolve_resources(resource_parameters(body));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource is not known");
    at = access_token_grant{client.client_id, client.client_id, std::move(*scope), std::move(*audience), {}, {}};
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<http_response> check_token_request(form const& body, client_record const& c,
                                                               authorization_server_config const& config) {
    if (repeated_parameter(body, {"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope"}))
        return json_error_response(error::invalid_request, "a parameter is repeated");
    auto const grant_type = body.find("grant_type");
    if (!grant_type || grant_type->empty()) return json_error_response(error::invalid_request, "grant_type is missing");
    bool const known = *grant_type == oauth::grant_type::authorization_code ||
                       *grant_type == oauth::grant_type::refresh_token ||
                       (*grant_type == oauth::grant_type::client_credentials && config.client_credentials);
    if (!known) return json_error_response(error::unsupported_grant_type, "the grant type is not supported");
    if (!client_uses_grant_type(c, *grant_type))
        return json_error_response(error::unauthorized_client, "the client is not registered for this grant type");
    return std::nullopt;
}

}  // namespace authwire::server::detail
