#pragma once
// authwire — the definitions of <authwire/server/metadata_documents.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/metadata_documents.hpp>

namespace authwire::server {

AUTHWIRE_DECL oauth::authorization_server_metadata make_authorization_server_metadata(
    authorization_server_config const& config) {
    oauth::authorization_server_metadata m;
    m.issuer = config.issuer;
    m.authorization_endpoint = config.authorization_endpoint;
    m.token_endpoint = config.token_endpoint;
    m.registration_endpoint = config.registration_endpoint;
    m.jwks_uri = config.jwks_uri;
    if (auto scopes = config.advertised_scopes(); !scopes.empty()) m.scopes_supported = std::move(scopes);
    m.response_types_supported = {"code"};
    m.response_modes_supported = std::vector<std::string>{"query"};
    m.grant_types_supported = config.grant_types_supported();
    auto const methods = config.token_endpoint_auth_method_names();
    m.token_endpoint_auth_methods_supported = methods;
    m.service_documentation = config.service_documentation;
    if (config.revocation_endpoint) {
        m.revocation_endpoint = config.revocation_endpoint;
        m.revocation_endpoint_auth_methods_supported = methods;
    }
    if (config.introspection_endpoint) {
        m.introspection_endpoint = config.introspection_endpoint;
        m.introspection_endpoint_auth_methods_supported = config.introspection_auth_method_names();
    }
    m.code_challenge_methods_supported = config.code_challenge_methods_supported();
    m.authorization_response_iss_parameter_supported = true;
    if (config.client_id_metadata_document_supported) m.client_id_metadata_document_supported = true;
    return m;
}

AUTHWIRE_DECL result<oauth::protected_resource_metadata> make_protected_resource_metadata(
    protected_resource_description const& description, std::vector<std::string> authorization_servers) {
    if (!oauth::detail::parse_http_url(description.resource, error::invalid_url)) return error::invalid_url;
    if (authorization_servers.empty()) return error::invalid_argument;
    for (auto const& issuer : authorization_servers)
        if (!oauth::detail::parse_http_url(issuer, error::invalid_url)) return error::invalid_url;
    oauth::protected_resource_metadata m;
    m.resource = description.resource;
    m.authorization_servers = std::move(authorization_servers);
    m.scopes_supported = description.scopes_supported;
    m.bearer_methods_supported = std::vector<std::string>{"header"};
    m.resource_name = description.resource_name;
    m.resource_documentation = description.resource_documentation;
    return m;
}

AUTHWIRE_DECL result<oauth::protected_resource_metadata> make_protected_resource_metadata(
    authorization_server_config const& config, protected_resource_description const& description) {
    if (!config.is_known_resource(description.resource)) return error::invalid_target;
    auto with_scopes = description;
    if (!with_scopes.scopes_supported && !config.scopes_supported.empty())
        with_scopes.scopes_supported = config.scopes_supported;
    return make_protected_resource_metadata(with_scopes, std::vector<std::string>{config.issuer});
}

AUTHWIRE_DECL http_response serve_metadata(http_request const& req, boost::json::object const& document,
                                           std::chrono::seconds max_age) {
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed_response("GET, HEAD");
    auto r = cacheable_json_response(document, max_age);
    if (req.method == "HEAD") r.body.clear();
    return r;
}

AUTHWIRE_DECL http_response handle_authorization_server_metadata(http_request const& req,
                                                                 authorization_server_config const& config) {
    return serve_metadata(req, oauth::to_json(make_authorization_server_metadata(config)), config.metadata_max_age);
}

AUTHWIRE_DECL http_response handle_protected_resource_metadata(http_request const& req,
                                                               authorization_server_config const& config,
                                                               protected_resource_description const& description) {
    auto m = make_protected_resource_metadata(config, description);
    if (!m) {
        auto r = json_error_response(error::invalid_target, "unknown resource");
        r.status = 404;
        return r;
    }
    return serve_metadata(req, oauth::to_json(*m), config.metadata_max_age);
}

}  // namespace authwire::server
