#pragma once
// authwire — the definitions of <authwire/server/authorization_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/authorization_endpoint.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool authorization_step::needs_consent() const noexcept {
    return std::holds_alternative<validated_authorization_request>(v_);
}

AUTHWIRE_DECL validated_authorization_request const& authorization_step::request() const {
    return std::get<validated_authorization_request>(v_);
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL http_response authorization_redirect(std::string_view redirect_uri, form params,
                                                   authorization_server_config const& config) {
    params.add("iss", config.issuer);
    auto u = boost::urls::parse_uri(redirect_uri);
    if (!u) return error_page_response(make_error_response(error::server_error, "the redirect URI is not usable"));
    if (u->has_query() && any_query_parameter_name(u->encoded_query(), [&](std::string_view n) {
            return oauth::is_authorization_response_parameter(n) || params.count(n) != 0;
        }))
        return error_page_response(
            make_error_response(error::server_error, "the redirect URI already carries a response parameter"));
    boost::urls::url url(*u);
    if (auto r = oauth::detail::append_query(url, params.encode()); !r)
        return error_page_response(make_error_response(error::server_error, "the redirect URI is not usable"));
    return redirect_response(url.buffer(), config.authorization_redirect_status);
}

AUTHWIRE_DECL http_response authorization_error_redirect(std::string_view redirect_uri,
                                                         std::optional<std::string> const& state, error e,
                                                         std::string_view description,
                                                         authorization_server_config const& config) {
    form params{{"error", oauth_error_name(e)}};
    params.add_if("error_description", description);
    if (state) params.add("state", *state);
    return authorization_redirect(redirect_uri, std::move(params), config);
}

AUTHWIRE_DECL http_response authorization_error_page(error e, std::string_view description) {
    return error_page_response(make_error_response(e, description));
}

}  // namespace authwire::server::detail

namespace authwire::server::detail {

AUTHWIRE_DECL std::optional<http_response> read_authorization_parameters(http_request const& req, form& out) {
    auto params = read_form_request(req, {}, true);
    if (!params) {
        if (params.error() == error::unsupported_operation) {
            auto r = authorization_error_page(error::invalid_request, "the request method is not allowed");
            r.status = 405;
            r.headers.append("Allow", "GET, POST");
            return r;
        }
        return authorization_error_page(error::invalid_request, "the request is malformed");
    }

    // 1. Who is asking, and where may the answer go? Nothing redirects before both are established.
    if (params->count("client_id") != 1 || params->find("client_id")->empty())
        return authorization_error_page(error::invalid_request, "client_id is missing or repeated");
    if (params->count("redirect_uri") > 1)
        return authorization_error_page(error::invalid_request, "redirect_uri is repeated");
    out = std::move(*params);
    return std::nullopt;
}

AUTHWIRE_DECL authorization_step authorize_found_client(form const& p,
                                                        result<std::optional<client_record>> const& found,
                                                        authorization_server_config const& config) {
    if (!found)
        return authorization_step(
            authorization_error_page(store_failure_error(found.error()), "the client could not be looked up"));
    if (!*found)
        return authorization_step(authorization_error_page(error::invalid_request, "the client is not registered"));
    client_record const& client = **found;
    auto const requested_uri = p.find("redirect_uri");
    auto redirect_uri = config.redirect_uris.resolve(requested_uri, client.redirect_uris, client.application_type);
    if (!redirect_uri)
        return authorization_step(authorization_error_page(error::invalid_request, redirect_uri.error().description()));

    // 2. From here on, errors go back to the client.
    std::optional<std::string> state;
    if (p.count("state") == 1) state = std::string(*p.find("state"));
    auto fail = [&](error e, std::string_view why) {
        return authorization_step(authorization_error_redirect(*redirect_uri, state, e, why, config));
    };
    if (auto repeated = repeated_parameter(p, {"response_type", "scope", "state", "code_challenge",
                                               "code_challenge_method", "nonce", "response_mode"}))
        return fail(error::invalid_request, "a parameter is repeated");

    auto const response_type = p.find("response_type");
    if (!response_type || response_type->empty()) return fail(error::invalid_request, "response_type is missing");
    if (*response_type != "code") return fail(error::unsupported_response_type, "only response_type=code is supported");
    if (!client_uses_grant_type(client, oauth::grant_type::authorization_code) ||
        !client_uses_response_type(client, "code"))
        return fail(error::unauthorized_client, "the client is not registered for the authorization code grant");
    if (auto mode = p.find("response_mode"); mode && *mode != "query")
        return fail(error::invalid_request, "only response_mode=query is supported");

    validated_authorization_request v;
    auto const challenge = p.find("code_challenge");
    auto const method_name = p.find("code_challenge_method");
    if (!challenge || challenge->empty()) {
        if (config.authorization_codes.require_pkce) return fail(error::invalid_request, "code_challenge is required");
        if (method_name) return fail(error::invalid_request, "code_challenge_method without code_challenge");
    } else {
        auto const method = method_name ? oauth::parse_code_challenge_method(*method_name)
                                        : std::optional{oauth::code_challenge_method::plain};  // RFC 7636 §4.3
        if (!method) return fail(error::invalid_request, "code_challenge_method is not supported");
        if (*method == oauth::code_challenge_method::plain && !config.authorization_codes.allow_plain_pkce)
            return fail(error::invalid_request, "code_challenge_method must be S256");
        if (!is_valid_code_challenge(*challenge, *method))
            return fail(error::invalid_request, "code_challenge is malformed");
        v.code_challenge = std::string(*challenge);
        v.code_challenge_method = *method;
    }

    auto scope = config.resolve_scope(
        p.find("scope"), client.scope.empty() ? std::nullopt : std::optional<std::string_view>(client.scope));
    if (!scope) return fail(error::invalid_scope, "the requested scope is invalid, unknown, or not allowed");
    auto const resource_params = p.find_all("resource");
    auto resources = config.resolve_resources(resource_params);
    if (!resources) return fail(error::invalid_target, "the requested resource is not known");

    v.client_id = client.client_id;
    v.client_name = client.client_name;
    v.redirect_uri = std::move(*redirect_uri);
    v.redirect_uri_in_request = requested_uri.has_value();
    v.state = std::move(state);
    v.scope = std::move(*scope);
    v.resources = std::move(*resources);
    if (auto nonce = p.find("nonce")) v.nonce = std::string(*nonce);
    return authorization_step(std::move(v));
}

AUTHWIRE_DECL http_response authorization_without_code(validated_authorization_request const& request,
                                                       consent_decision decision,
                                                       authorization_server_config const& config) {
    if (decision == consent_decision::deny)
        return authorization_error_redirect(request.redirect_uri, request.state, error::access_denied,
                                            "the resource owner denied the request", config);
    return authorization_error_redirect(request.redirect_uri, request.state, error::server_error,
                                        "the authorization code could not be issued", config);
}

AUTHWIRE_DECL authorization_code_record authorization_code_record_for(validated_authorization_request const& request,
                                                                      std::string_view subject,
                                                                      boost::json::object claims) {
    authorization_code_record record;
    record.client_id = request.client_id;
    record.redirect_uri = request.redirect_uri;
    record.redirect_uri_in_request = request.redirect_uri_in_request;
    record.code_challenge = request.code_challenge;
    record.code_challenge_method = request.code_challenge_method;
    record.scope = request.scope;
    record.resources = request.resources;
    record.subject = std::string(subject);
    record.nonce = request.nonce;
    record.claims = std::move(claims);
    return record;
}

AUTHWIRE_DECL http_response authorization_code_redirect(validated_authorization_request const& request,
                                                        result<secret> const& code,
                                                        authorization_server_config const& config) {
    if (!code) {  // RFC 6749 §4.1.2.1: temporarily_unavailable when the code store is down
        if (store_failure_error(code.error()) == error::server_error)
            return authorization_error_redirect(request.redirect_uri, request.state, error::server_error,
                                                "the authorization code could not be issued", config);
        return authorization_error_redirect(request.redirect_uri, request.state, error::temporarily_unavailable,
                                            "the authorization code could not be issued; retry later", config);
    }
    form params{{"code", code->reveal()}};
    if (request.state) params.add("state", *request.state);
    return authorization_redirect(request.redirect_uri, std::move(params), config);
}

}  // namespace authwire::server::detail
