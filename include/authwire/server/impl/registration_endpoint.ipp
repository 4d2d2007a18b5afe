#pragma once
// authwire — the definitions of <authwire/server/registration_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/registration_endpoint.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL bool contains(std::vector<std::string> const& v, std::string_view s) noexcept {
    return std::find(v.begin(), v.end(), s) != v.end();
}

AUTHWIRE_DECL failure registration_failure(error e, std::string_view description) {
    return failure(make_error_response(e, description));
}

AUTHWIRE_DECL void unique_in_order(std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (auto& s : v)
        if (!contains(out, s)) out.push_back(std::move(s));
    v = std::move(out);
}

}  // namespace authwire::server::detail

namespace authwire::server {

AUTHWIRE_DECL outcome<void> validate_client_metadata(oauth::client_metadata& m,
                                                     authorization_server_config const& config,
                                                     registration_limits const& lim) {
    using detail::contains;
    auto bad = [](std::string_view why) { return detail::registration_failure(error::invalid_client_metadata, why); };
    if (m.grant_types.size() > lim.max_list_size || m.response_types.size() > lim.max_list_size ||
        m.contacts.size() > lim.max_list_size)
        return bad("too many values in a list");
    if (m.grant_types.empty()) m.grant_types = {std::string(oauth::grant_type::authorization_code)};
    detail::unique_in_order(m.grant_types);
    bool const code_grant = contains(m.grant_types, oauth::grant_type::authorization_code);
    if (m.response_types.empty() && code_grant) m.response_types = {std::string(detail::response_type_code)};
    detail::unique_in_order(m.response_types);

    for (auto const& g : m.grant_types) {
        bool const served = g == oauth::grant_type::authorization_code || g == oauth::grant_type::refresh_token ||
                            (g == oauth::grant_type::client_credentials && config.client_credentials);
        if (!served) return bad("grant_types contains a grant type that is not supported");
    }
    for (auto const& r : m.response_types)
        if (r != detail::response_type_code)
            return bad("response_types contains a response type that is not supported");
    if (code_grant != contains(m.response_types, detail::response_type_code))
        return bad("grant_types and response_types do not match");
    if (contains(m.grant_types, oauth::grant_type::refresh_token) && !code_grant)
        return bad("refresh_token requires the authorization_code grant type");

    if (!m.token_endpoint_auth_method) m.token_endpoint_auth_method = "client_secret_basic";
    auto const method = oauth::parse_token_endpoint_auth_method(*m.token_endpoint_auth_method);
    if (!method || !config.serves(*method)) return bad("token_endpoint_auth_method is not supported");
    if (*method == oauth::token_endpoint_auth_method::none &&
        contains(m.grant_types, oauth::grant_type::client_credentials))
        return bad("client_credentials requires a confidential client");

    if (m.redirect_uris.size() > lim.max_redirect_uris) return bad("too many redirect_uris");
    detail::unique_in_order(m.redirect_uris);
    if (code_grant && m.redirect_uris.empty())
        return detail::registration_failure(error::invalid_redirect_uri, "redirect_uris is required");
    auto const type = m.application_type ? parse_application_type(*m.application_type)
                                         : std::optional(config.redirect_uris.application_type_for(m.redirect_uris));
    if (!type) return bad("application_type must be web or native");
    m.application_type = std::string(to_string(*type));
    for (auto const& uri : m.redirect_uris) {
        auto ok = config.redirect_uris.validate(uri, *type);
        if (!ok) return failure(ok.error().to_error_response());
    }

    if (!m.scope.valid()) return bad("scope is not valid");
    for (auto const& s : m.scope)
        if (!config.supports_scope(s)) return bad("scope contains a scope that is not supported");
    if (m.jwks && m.jwks_uri) return bad("jwks and jwks_uri are mutually exclusive");
    return {};
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL outcome<prepared_registration> prepare_registration(oauth::client_metadata& metadata,
                                                                  std::chrono::system_clock::time_point now,
                                                                  authorization_server_config const& config,
                                                                  registration_limits const& lim) {
    auto server_error = [] { return registration_failure(error::server_error, "the client could not be registered"); };
    metadata.software_statement.reset();
    if (auto v = validate_client_metadata(metadata, config, lim); !v) return v.error();

    oauth::client_information info;
    auto id = generate_client_id(config.rng);
    if (!id) return server_error();
    info.client_id = std::move(*id);
    info.client_id_issued_at = std::chrono::time_point_cast<std::chrono::seconds>(now);

    client_record record;
    record.client_id = info.client_id;
    if (*metadata.token_endpoint_auth_method != oauth::to_string(oauth::token_endpoint_auth_method::none)) {
        auto s = generate_client_secret(config.rng);
        if (!s) return server_error();
        auto hashed = hash_client_secret(*s, config.rng);
        if (!hashed) return server_error();
        record.client_secret = *hashed;
        info.client_secret = std::move(*s);
    }
    record.redirect_uris = metadata.redirect_uris;
    record.grant_types = metadata.grant_types;
    record.response_types = metadata.response_types;
    record.token_endpoint_auth_method = *metadata.token_endpoint_auth_method;
    record.scope = metadata.scope.to_string();
    record.client_name = metadata.client_name.value_or(std::string{});
    record.client_id_issued_at = *info.client_id_issued_at;
    record.application_type = parse_application_type(metadata.application_type.value_or(std::string{}));
    record.extra_metadata = oauth::detail::extra_members(
        oauth::to_json(metadata), {"redirect_uris", "grant_types", "response_types", "token_endpoint_auth_method",
                                   "scope", "client_name", "application_type"});
    return prepared_registration{std::move(info), std::move(record)};
}

AUTHWIRE_DECL failure registration_store_failure(error_code ec) {
    if (store_failure_error(ec) == error::server_error)
        return registration_failure(error::server_error, "the client could not be registered");
    return registration_failure(error::temporarily_unavailable, "the client could not be registered; retry later");
}

AUTHWIRE_DECL std::optional<http_response> read_registration_request(http_request const& req,
                                                                     registration_hook const& hook,
                                                                     registration_limits const& lim,
                                                                     oauth::client_metadata& out) {
    if (req.method != "POST") return method_not_allowed_response("POST");
    auto const ct = req.header("Content-Type");
    if (!ct || media_type(*ct) != "application/json")
        return json_error_response(error::invalid_client_metadata, "the request body must be application/json");
    auto o = parse_json_object(req.body, lim.json);
    if (!o) return json_error_response(error::invalid_client_metadata, "the request body is not a JSON object");
    auto metadata = oauth::client_metadata_from_json(*o);
    if (!metadata)
        return json_error_response(error::invalid_client_metadata, "a client metadata value has the wrong type");
    if (hook) {
        if (auto veto = hook(*metadata, req)) return json_error_response(*veto);
    }
    out = std::move(*metadata);
    return std::nullopt;
}

AUTHWIRE_DECL http_response registration_response(outcome<oauth::client_information> const& info) {
    if (!info) {
        if (info.error().response) return json_error_response(*info.error().response);
        return json_error_response(error::server_error, "the client could not be registered");
    }
    return json_response(201, oauth::to_json(*info));
}

}  // namespace authwire::server::detail
