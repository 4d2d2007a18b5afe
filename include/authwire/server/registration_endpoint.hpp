#pragma once
// authwire — the client registration endpoint (RFC 7591 §3): open Dynamic Client Registration with an optional
// application hook, validation of the client metadata against the server's configuration (redirect URIs through
// the redirect-URI policy, grant and response types consistent and served, the authentication method served, the
// scope supported), and the 201 client information response or the 400 error.

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// An application's say in a registration (RFC 7591 §3: the server "MAY" reject or replace metadata values):
/// called with the metadata as sent (defaults not yet applied) and the request, before validation. It may
/// change the metadata (the result is validated), or refuse with an error response (e.g. invalid_client_metadata,
/// or access_denied with status 403). nullopt means go on.
using registration_hook =
    std::function<std::optional<error_response>(oauth::client_metadata& metadata, http_request const& request)>;

/// Bounds on what one registration may ask for.
struct registration_limits {
    std::size_t max_redirect_uris = 16;
    std::size_t max_list_size = 16;  ///< grant_types, response_types, contacts
    json_limits json{};              ///< the request body (default 256 KiB, depth 32)
};

namespace detail {

inline constexpr std::string_view response_type_code = "code";

[[nodiscard]] inline bool contains(std::vector<std::string> const& v, std::string_view s) noexcept {
    return std::find(v.begin(), v.end(), s) != v.end();
}

[[nodiscard]] inline failure registration_failure(error e, std::string_view description) {
    return failure(make_error_response(e, description));
}

// Removes repeated entries, keeping the first of each.
inline void unique_in_order(std::vector<std::string>& v) {
    std::vector<std::string> out;
    for (auto& s : v)
        if (!contains(out, s)) out.push_back(std::move(s));
    v = std::move(out);
}

}  // namespace detail

/// RFC 7591 §2 and §2.1, OpenID Connect Registration 1.0 §2: check `metadata` against `config` and fill in the
/// defaults, in place. Defaults: grant_types ["authorization_code"], response_types ["code"] when
/// authorization_code is a grant type, token_endpoint_auth_method "client_secret_basic" (§2), application_type
/// as config.redirect_uris.application_type_for(redirect_uris) says ("native" for loopback and private-use
/// URIs only, else "web"; always "web" with inference off). Refused with invalid_redirect_uri (a URI the
/// redirect-URI policy rejects for the application type — e.g. loopback http for "web" — or none while
/// authorization_code is requested) or invalid_client_metadata: an application_type other than web or native, a
/// grant type not served (only authorization_code, refresh_token and client_credentials when configured), a
/// response type other than "code", grant and response types that do not match (§2.1), refresh_token without a
/// grant that yields one, client_credentials for a public client, an authentication method not served, a scope
/// not supported, jwks together with jwks_uri, a list longer than the limits.
[[nodiscard]] inline outcome<void> validate_client_metadata(oauth::client_metadata& m,
                                                            authorization_server_config const& config,
                                                            registration_limits const& lim = {}) {
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

/// RFC 7591 §3.1–3.2.1: register a client with validated metadata (see validate_client_metadata; the
/// application_type applied is recorded and echoed in the response, OIDC Registration §3.2): a fresh
/// client_id, and for a confidential client (any method but none) a fresh client_secret that never expires
/// (client_secret_expires_at 0) and is stored only as a salted MAC; client_id_issued_at = `now`. The software
/// statement is not processed (RFC 7591 §3.1.1 allows ignoring it) and is neither stored nor echoed.
/// Returns the client information to answer with; store failures are server_error (temporarily_unavailable when
/// the store is unavailable).
template <client_store S>
[[nodiscard]] outcome<oauth::client_information> register_client(oauth::client_metadata metadata,
                                                                 std::chrono::system_clock::time_point now, S& clients,
                                                                 authorization_server_config const& config,
                                                                 registration_limits const& lim = {}) {
    auto server_error = [] {
        return detail::registration_failure(error::server_error, "the client could not be registered");
    };
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
    record.extra_metadata = oauth::detail::extra_members(oauth::to_json(metadata),
                                                         {"redirect_uris", "grant_types", "response_types",
                                                          "token_endpoint_auth_method", "scope", "client_name",
                                                          "application_type"});
    if (auto r = clients.register_client(std::move(record)); !r) {
        if (store_failure_error(r.error()) == error::server_error) return server_error();
        return detail::registration_failure(error::temporarily_unavailable,
                                            "the client could not be registered; retry later");
    }
    info.metadata = std::move(metadata);
    return info;
}

/// RFC 7591 §3: the registration endpoint. A POST with a JSON object body (Content-Type application/json) is
/// read with the client-side model (oauth::client_metadata_from_json), offered to `hook`, validated and
/// registered (see register_client): 201 with the client information (RFC 7591 §3.2.1), or 400 with
/// invalid_redirect_uri / invalid_client_metadata (§3.2.2), or the hook's error. Open registration: no initial
/// access token is asked for. Other methods are 405. Never cached.
template <client_store S>
[[nodiscard]] http_response handle_registration(http_request const& req, std::chrono::system_clock::time_point now,
                                                S& clients, authorization_server_config const& config,
                                                registration_hook const& hook = {},
                                                registration_limits const& lim = {}) noexcept {
    try {
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
        auto info = register_client(std::move(*metadata), now, clients, config, lim);
        if (!info) {
            if (info.error().response) return json_error_response(*info.error().response);
            return json_error_response(error::server_error, "the client could not be registered");
        }
        return json_response(201, oauth::to_json(*info));
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server
