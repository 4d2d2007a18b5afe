#pragma once
// authwire — the definitions of <authwire/oauth/metadata/authorization_server.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/metadata/authorization_server.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL std::vector<std::string> authorization_server_metadata::token_endpoint_auth_methods() const {
    return token_endpoint_auth_methods_supported.value_or(std::vector<std::string>{"client_secret_basic"});
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_metadata::grant_types() const {
    return grant_types_supported.value_or(std::vector<std::string>{"authorization_code", "implicit"});
}

AUTHWIRE_DECL std::vector<std::string> authorization_server_metadata::response_modes() const {
    return response_modes_supported.value_or(std::vector<std::string>{"query", "fragment"});
}

AUTHWIRE_DECL bool authorization_server_metadata::supports_s256() const {
    return code_challenge_methods_supported &&
           std::find(code_challenge_methods_supported->begin(), code_challenge_methods_supported->end(), "S256") !=
               code_challenge_methods_supported->end();
}

AUTHWIRE_DECL bool authorization_server_metadata::supports_client_id_metadata_documents() const noexcept {
    return client_id_metadata_document_supported.value_or(false);
}

AUTHWIRE_DECL bool authorization_server_metadata::iss_parameter_required() const noexcept {
    return authorization_response_iss_parameter_supported.value_or(false);
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<void> check_issuer_identifier(std::string_view issuer, bool allow_http_loopback) {
    auto u = parse_http_url(issuer, error::malformed_url);
    if (!u) return u.error();
    if (u->has_query() || u->has_userinfo()) return error::malformed_url;
    if (!is_acceptable_scheme(*u, allow_http_loopback)) return error::insecure_url;
    return {};
}

AUTHWIRE_DECL result<void> check_endpoint(std::optional<std::string> const& s, bool allow_http_loopback) {
    if (!s) return {};
    auto u = parse_http_url(*s, error::malformed_url);
    if (!u) return u.error();
    if (!is_acceptable_scheme(*u, allow_http_loopback)) return error::insecure_url;
    return {};
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<authorization_server_metadata> authorization_server_metadata_from_json(
    boost::json::object const& o, std::string_view expected_issuer, metadata_options const& opt) {
    authorization_server_metadata m;
    auto issuer = detail::required_string(o, "issuer");
    if (!issuer) return issuer.error();
    if (expected_issuer.empty()) return error::missing_argument;
    if (*issuer != expected_issuer) return error::wrong_issuer;
    if (auto r = detail::check_issuer_identifier(*issuer, opt.allow_http_loopback); !r) return r.error();
    m.issuer = std::move(*issuer);

    for (auto [name, field] :
         {std::pair{"authorization_endpoint", &m.authorization_endpoint},
          std::pair{"token_endpoint", &m.token_endpoint}, std::pair{"jwks_uri", &m.jwks_uri},
          std::pair{"registration_endpoint", &m.registration_endpoint},
          std::pair{"revocation_endpoint", &m.revocation_endpoint},
          std::pair{"introspection_endpoint", &m.introspection_endpoint},
          std::pair{"device_authorization_endpoint", &m.device_authorization_endpoint},
          std::pair{"pushed_authorization_request_endpoint", &m.pushed_authorization_request_endpoint},
          std::pair{"userinfo_endpoint", &m.userinfo_endpoint}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        if (auto r = detail::check_endpoint(*s, opt.allow_http_loopback); !r) return r.error();
        *field = std::move(*s);
    }
    for (auto [name, field] : {std::pair{"service_documentation", &m.service_documentation},
                               std::pair{"op_policy_uri", &m.op_policy_uri}, std::pair{"op_tos_uri", &m.op_tos_uri}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        *field = std::move(*s);
    }
    auto response_types = detail::string_array_member(o, "response_types_supported");
    if (!response_types) return response_types.error();
    if (!*response_types) return error::missing_member;
    m.response_types_supported = std::move(**response_types);
    for (auto [name, field] :
         {std::pair{"scopes_supported", &m.scopes_supported},
          std::pair{"response_modes_supported", &m.response_modes_supported},
          std::pair{"grant_types_supported", &m.grant_types_supported},
          std::pair{"token_endpoint_auth_methods_supported", &m.token_endpoint_auth_methods_supported},
          std::pair{"token_endpoint_auth_signing_alg_values_supported",
                    &m.token_endpoint_auth_signing_alg_values_supported},
          std::pair{"ui_locales_supported", &m.ui_locales_supported},
          std::pair{"revocation_endpoint_auth_methods_supported", &m.revocation_endpoint_auth_methods_supported},
          std::pair{"revocation_endpoint_auth_signing_alg_values_supported",
                    &m.revocation_endpoint_auth_signing_alg_values_supported},
          std::pair{"introspection_endpoint_auth_methods_supported", &m.introspection_endpoint_auth_methods_supported},
          std::pair{"introspection_endpoint_auth_signing_alg_values_supported",
                    &m.introspection_endpoint_auth_signing_alg_values_supported},
          std::pair{"code_challenge_methods_supported", &m.code_challenge_methods_supported},
          std::pair{"id_token_signing_alg_values_supported", &m.id_token_signing_alg_values_supported}}) {
        auto list = detail::string_array_member(o, name);
        if (!list) return list.error();
        *field = std::move(*list);
    }
    for (auto [name, field] :
         {std::pair{"require_pushed_authorization_requests", &m.require_pushed_authorization_requests},
          std::pair{"authorization_response_iss_parameter_supported",
                    &m.authorization_response_iss_parameter_supported},
          std::pair{"client_id_metadata_document_supported", &m.client_id_metadata_document_supported}}) {
        auto b = detail::bool_member(o, name);
        if (!b) return b.error();
        *field = *b;
    }
    m.extra = detail::extra_members(o, {"issuer",
                                        "authorization_endpoint",
                                        "token_endpoint",
                                        "jwks_uri",
                                        "registration_endpoint",
                                        "scopes_supported",
                                        "response_types_supported",
                                        "response_modes_supported",
                                        "grant_types_supported",
                                        "token_endpoint_auth_methods_supported",
                                        "token_endpoint_auth_signing_alg_values_supported",
                                        "service_documentation",
                                        "ui_locales_supported",
                                        "op_policy_uri",
                                        "op_tos_uri",
                                        "revocation_endpoint",
                                        "revocation_endpoint_auth_methods_supported",
                                        "revocation_endpoint_auth_signing_alg_values_supported",
                                        "introspection_endpoint",
                                        "introspection_endpoint_auth_methods_supported",
                                        "introspection_endpoint_auth_signing_alg_values_supported",
                                        "code_challenge_methods_supported",
                                        "device_authorization_endpoint",
                                        "pushed_authorization_request_endpoint",
                                        "require_pushed_authorization_requests",
                                        "authorization_response_iss_parameter_supported",
                                        "userinfo_endpoint",
                                        "id_token_signing_alg_values_supported",
                                        "client_id_metadata_document_supported"});
    return m;
}

AUTHWIRE_DECL outcome<authorization_server_metadata> parse_authorization_server_metadata_response(
    http_response const& resp, std::string_view expected_issuer, metadata_options const& opt) noexcept {
    return detail::guarded([&]() -> outcome<authorization_server_metadata> {
        if (resp.status != 200) return response_failure(resp, opt.limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, opt.limits);
        if (!o) return o.error();
        auto m = authorization_server_metadata_from_json(*o, expected_issuer, opt);
        if (!m) return m.error();
        return std::move(*m);
    });
}

AUTHWIRE_DECL boost::json::object to_json(authorization_server_metadata const& m) {
    boost::json::object o;
    o["issuer"] = m.issuer;
    detail::put_string(o, "authorization_endpoint", m.authorization_endpoint);
    detail::put_string(o, "token_endpoint", m.token_endpoint);
    detail::put_string(o, "jwks_uri", m.jwks_uri);
    detail::put_string(o, "registration_endpoint", m.registration_endpoint);
    detail::put_strings(o, "scopes_supported", m.scopes_supported);
    boost::json::array rt;
    for (auto const& t : m.response_types_supported) rt.emplace_back(t);
    o["response_types_supported"] = std::move(rt);
    detail::put_strings(o, "response_modes_supported", m.response_modes_supported);
    detail::put_strings(o, "grant_types_supported", m.grant_types_supported);
    detail::put_strings(o, "token_endpoint_auth_methods_supported", m.token_endpoint_auth_methods_supported);
    detail::put_strings(o, "token_endpoint_auth_signing_alg_values_supported",
                        m.token_endpoint_auth_signing_alg_values_supported);
    detail::put_string(o, "service_documentation", m.service_documentation);
    detail::put_strings(o, "ui_locales_supported", m.ui_locales_supported);
    detail::put_string(o, "op_policy_uri", m.op_policy_uri);
    detail::put_string(o, "op_tos_uri", m.op_tos_uri);
    detail::put_string(o, "revocation_endpoint", m.revocation_endpoint);
    detail::put_strings(o, "revocation_endpoint_auth_methods_supported", m.revocation_endpoint_auth_methods_supported);
    detail::put_strings(o, "revocation_endpoint_auth_signing_alg_values_supported",
                        m.revocation_endpoint_auth_signing_alg_values_supported);
    detail::put_string(o, "introspection_endpoint", m.introspection_endpoint);
    detail::put_strings(o, "introspection_endpoint_auth_methods_supported",
                        m.introspection_endpoint_auth_methods_supported);
    detail::put_strings(o, "introspection_endpoint_auth_signing_alg_values_supported",
                        m.introspection_endpoint_auth_signing_alg_values_supported);
    detail::put_strings(o, "code_challenge_methods_supported", m.code_challenge_methods_supported);
    detail::put_string(o, "device_authorization_endpoint", m.device_authorization_endpoint);
    detail::put_string(o, "pushed_authorization_request_endpoint", m.pushed_authorization_request_endpoint);
    detail::put_bool(o, "require_pushed_authorization_requests", m.require_pushed_authorization_requests);
    detail::put_bool(o, "authorization_response_iss_parameter_supported",
                     m.authorization_response_iss_parameter_supported);
    detail::put_string(o, "userinfo_endpoint", m.userinfo_endpoint);
    detail::put_strings(o, "id_token_signing_alg_values_supported", m.id_token_signing_alg_values_supported);
    detail::put_bool(o, "client_id_metadata_document_supported", m.client_id_metadata_document_supported);
    detail::put_extra(o, m.extra);
    return o;
}

}  // namespace authwire::oauth
