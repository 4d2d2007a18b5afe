#pragma once
// authwire — authorization server metadata (RFC 8414 §2, §3.2, §3.3): the document, its validation, its JSON.

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 8414 §2 (+ RFC 7009, RFC 7662, RFC 8628 §4, RFC 9126 §5, RFC 9207 §3, OpenID Connect Discovery, Client ID
/// Metadata Documents):
/// what an authorization server says about itself. Lists are nullopt when absent, so the RFC defaults stay
/// visible (see the accessors). Members not named here are kept in `extra`; `signed_metadata` is kept there
/// too and NOT verified.
struct authorization_server_metadata {
    std::string issuer;
    std::optional<std::string> authorization_endpoint;
    std::optional<std::string> token_endpoint;
    std::optional<std::string> jwks_uri;
    std::optional<std::string> registration_endpoint;
    std::optional<std::vector<std::string>> scopes_supported;
    std::vector<std::string> response_types_supported;  ///< required by §2
    std::optional<std::vector<std::string>> response_modes_supported;
    std::optional<std::vector<std::string>> grant_types_supported;
    std::optional<std::vector<std::string>> token_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> token_endpoint_auth_signing_alg_values_supported;
    std::optional<std::string> service_documentation;
    std::optional<std::vector<std::string>> ui_locales_supported;
    std::optional<std::string> op_policy_uri;
    std::optional<std::string> op_tos_uri;
    std::optional<std::string> revocation_endpoint;
    std::optional<std::vector<std::string>> revocation_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> revocation_endpoint_auth_signing_alg_values_supported;
    std::optional<std::string> introspection_endpoint;
    std::optional<std::vector<std::string>> introspection_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> introspection_endpoint_auth_signing_alg_values_supported;
    std::optional<std::vector<std::string>> code_challenge_methods_supported;
    std::optional<std::string> device_authorization_endpoint;          ///< RFC 8628 §4
    std::optional<std::string> pushed_authorization_request_endpoint;  ///< RFC 9126 §5
    std::optional<bool> require_pushed_authorization_requests;         ///< RFC 9126 §5
    std::optional<bool> authorization_response_iss_parameter_supported;  ///< RFC 9207 §3
    std::optional<std::string> userinfo_endpoint;                      ///< OpenID Connect Discovery §3
    /// OpenID Connect Discovery §3: the JWS algorithms the server signs ID tokens with.
    std::optional<std::vector<std::string>> id_token_signing_alg_values_supported;
    /// OAuth Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document, AS metadata): the
    /// server accepts an https URL as client_id and fetches the client's metadata from it.
    std::optional<bool> client_id_metadata_document_supported;
    boost::json::object extra;

    /// RFC 8414 §2: token_endpoint_auth_methods_supported, or its default ["client_secret_basic"].
    [[nodiscard]] std::vector<std::string> token_endpoint_auth_methods() const {
        return token_endpoint_auth_methods_supported.value_or(std::vector<std::string>{"client_secret_basic"});
    }
    /// RFC 8414 §2: grant_types_supported, or its default ["authorization_code", "implicit"].
    [[nodiscard]] std::vector<std::string> grant_types() const {
        return grant_types_supported.value_or(std::vector<std::string>{"authorization_code", "implicit"});
    }
    /// RFC 8414 §2: response_modes_supported, or its default ["query", "fragment"].
    [[nodiscard]] std::vector<std::string> response_modes() const {
        return response_modes_supported.value_or(std::vector<std::string>{"query", "fragment"});
    }
    /// RFC 7636 §4.3 / RFC 8414 §2: the server says it supports PKCE with S256 (absent list: not known).
    [[nodiscard]] bool supports_s256() const {
        return code_challenge_methods_supported &&
               std::find(code_challenge_methods_supported->begin(), code_challenge_methods_supported->end(),
                         "S256") != code_challenge_methods_supported->end();
    }
    /// draft-ietf-oauth-client-id-metadata-document: URL client_ids are accepted (absent: not known, false).
    [[nodiscard]] bool supports_client_id_metadata_documents() const noexcept {
        return client_id_metadata_document_supported.value_or(false);
    }
    /// RFC 9207 §2.4: the client must require `iss` in authorization responses.
    [[nodiscard]] bool iss_parameter_required() const noexcept {
        return authorization_response_iss_parameter_supported.value_or(false);
    }
};

/// How metadata is validated.
struct metadata_options {
    /// Accept http:// issuers and endpoints on loopback hosts (127.0.0.1, [::1], localhost): tests and
    /// local development only. Off: every endpoint must be https (RFC 8414 §2, RFC 9700 §2.6).
    bool allow_http_loopback = false;
    json_limits limits{};
};

namespace detail {

// RFC 8414 §2: an issuer identifier — https (or loopback http when allowed), a host, no query, no fragment.
[[nodiscard]] inline result<void> check_issuer_identifier(std::string_view issuer, bool allow_http_loopback) {
    auto u = parse_http_url(issuer, error::malformed_url);
    if (!u) return u.error();
    if (u->has_query() || u->has_userinfo()) return error::malformed_url;
    if (!is_acceptable_scheme(*u, allow_http_loopback)) return error::insecure_url;
    return {};
}

// An endpoint in metadata: an absolute http(s) URL (error::malformed_url) that is https (error::insecure_url).
[[nodiscard]] inline result<void> check_endpoint(std::optional<std::string> const& s, bool allow_http_loopback) {
    if (!s) return {};
    auto u = parse_http_url(*s, error::malformed_url);
    if (!u) return u.error();
    if (!is_acceptable_scheme(*u, allow_http_loopback)) return error::insecure_url;
    return {};
}

} // namespace detail

/// RFC 8414 §3.2/§3.3: read and validate metadata from its JSON object. The `issuer` must equal
/// `expected_issuer` exactly, code point for code point (error::wrong_issuer) and be a valid issuer identifier;
/// `response_types_supported` is required; every endpoint and jwks_uri must be an https URL
/// (error::insecure_url; see metadata_options); members must have their registered types.
[[nodiscard]] inline result<authorization_server_metadata> authorization_server_metadata_from_json(
    boost::json::object const& o, std::string_view expected_issuer, metadata_options const& opt = {}) {
    authorization_server_metadata m;
    auto issuer = detail::required_string(o, "issuer");
    if (!issuer) return issuer.error();
    if (expected_issuer.empty()) return error::missing_argument;
    if (*issuer != expected_issuer) return error::wrong_issuer;
    if (auto r = detail::check_issuer_identifier(*issuer, opt.allow_http_loopback); !r) return r.error();
    m.issuer = std::move(*issuer);

    for (auto [name, field] :
         {std::pair{"authorization_endpoint", &m.authorization_endpoint}, std::pair{"token_endpoint", &m.token_endpoint},
          std::pair{"jwks_uri", &m.jwks_uri}, std::pair{"registration_endpoint", &m.registration_endpoint},
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
    m.extra = detail::extra_members(
        o, {"issuer", "authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint",
            "scopes_supported", "response_types_supported", "response_modes_supported", "grant_types_supported",
            "token_endpoint_auth_methods_supported", "token_endpoint_auth_signing_alg_values_supported",
            "service_documentation", "ui_locales_supported", "op_policy_uri", "op_tos_uri", "revocation_endpoint",
            "revocation_endpoint_auth_methods_supported", "revocation_endpoint_auth_signing_alg_values_supported",
            "introspection_endpoint", "introspection_endpoint_auth_methods_supported",
            "introspection_endpoint_auth_signing_alg_values_supported", "code_challenge_methods_supported",
            "device_authorization_endpoint", "pushed_authorization_request_endpoint",
            "require_pushed_authorization_requests", "authorization_response_iss_parameter_supported",
            "userinfo_endpoint", "id_token_signing_alg_values_supported", "client_id_metadata_document_supported"});
    return m;
}

/// RFC 8414 §3.2/§3.3: interpret the metadata response: 200 with a JSON object, validated as
/// authorization_server_metadata_from_json says. Other statuses are failures (error::unexpected_status, or
/// the peer's error response when it sent one) — a discovery driver decides which ones mean "try the next
/// candidate URL".
[[nodiscard]] inline outcome<authorization_server_metadata> parse_authorization_server_metadata_response(
    http_response const& resp, std::string_view expected_issuer, metadata_options const& opt = {}) noexcept {
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

/// RFC 8414 §3.2: the metadata as a JSON object (what a server publishes). Absent members are omitted.
[[nodiscard]] inline boost::json::object to_json(authorization_server_metadata const& m) {
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

} // namespace authwire::oauth
