#pragma once
// authwire — the definitions of <authwire/oauth/registration.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/registration.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL bool is_loopback_redirect_uri(std::string_view uri) noexcept {
    auto u = boost::urls::parse_absolute_uri(uri);
    if (!u || !detail::has_sound_authority(*u) || u->has_fragment() || u->has_userinfo()) return false;
    return u->scheme_id() == boost::urls::scheme::http && detail::is_loopback(*u);
}

AUTHWIRE_DECL std::string_view application_type_for(std::vector<std::string> const& redirect_uris) noexcept {
    if (redirect_uris.empty()) return "web";
    for (auto const& r : redirect_uris) {
        if (is_loopback_redirect_uri(r)) continue;
        auto u = boost::urls::parse_absolute_uri(r);
        if (!u) return "web";
        auto const scheme = u->scheme_id();
        if (scheme == boost::urls::scheme::http || scheme == boost::urls::scheme::https) return "web";
    }
    return "native";
}

AUTHWIRE_DECL boost::json::object to_json(client_metadata const& m) {
    boost::json::object o;
    detail::put_strings(o, "redirect_uris", m.redirect_uris);
    detail::put_string(o, "token_endpoint_auth_method", m.token_endpoint_auth_method);
    detail::put_strings(o, "grant_types", m.grant_types);
    detail::put_strings(o, "response_types", m.response_types);
    detail::put_string(o, "client_name", m.client_name);
    detail::put_string(o, "client_uri", m.client_uri);
    detail::put_string(o, "logo_uri", m.logo_uri);
    if (!m.scope.empty()) o["scope"] = m.scope.to_string();
    detail::put_strings(o, "contacts", m.contacts);
    detail::put_string(o, "tos_uri", m.tos_uri);
    detail::put_string(o, "policy_uri", m.policy_uri);
    detail::put_string(o, "jwks_uri", m.jwks_uri);
    if (m.jwks) o["jwks"] = *m.jwks;
    detail::put_string(o, "software_id", m.software_id);
    detail::put_string(o, "software_version", m.software_version);
    detail::put_string(o, "software_statement", m.software_statement);
    detail::put_string(o, "application_type", m.application_type);
    detail::put_extra(o, m.extra);
    return o;
}

AUTHWIRE_DECL result<client_metadata> client_metadata_from_json(boost::json::object const& o) {
    client_metadata m;
    for (auto [name, field] : {std::pair{"redirect_uris", &m.redirect_uris}, std::pair{"grant_types", &m.grant_types},
                               std::pair{"response_types", &m.response_types}, std::pair{"contacts", &m.contacts}}) {
        auto list = detail::string_array_member(o, name);
        if (!list) return list.error();
        if (*list) *field = std::move(**list);
    }
    for (auto [name, field] :
         {std::pair{"token_endpoint_auth_method", &m.token_endpoint_auth_method},
          std::pair{"client_name", &m.client_name}, std::pair{"client_uri", &m.client_uri},
          std::pair{"logo_uri", &m.logo_uri}, std::pair{"tos_uri", &m.tos_uri}, std::pair{"policy_uri", &m.policy_uri},
          std::pair{"jwks_uri", &m.jwks_uri}, std::pair{"software_id", &m.software_id},
          std::pair{"software_version", &m.software_version}, std::pair{"software_statement", &m.software_statement},
          std::pair{"application_type", &m.application_type}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        *field = std::move(*s);
    }
    auto scope = detail::string_member(o, "scope");
    if (!scope) return scope.error();
    if (*scope) {
        auto parsed = scope_set::parse(**scope);
        if (!parsed) return error::malformed_response;
        m.scope = std::move(*parsed);
    }
    if (auto const* jwks = o.if_contains("jwks")) {
        auto const* obj = jwks->if_object();
        if (obj == nullptr) return error::wrong_member_type;
        if (m.jwks_uri) return error::malformed_response;
        m.jwks = *obj;
    }
    m.extra = detail::extra_members(o, detail::client_metadata_names);
    return m;
}

AUTHWIRE_DECL result<http_request> make_registration_request(std::string_view registration_endpoint,
                                                             client_metadata const& metadata,
                                                             secret const& initial_access_token) {
    auto url = detail::parse_endpoint(registration_endpoint);
    if (!url) return url.error();
    if (!metadata.scope.valid()) return error::invalid_argument;
    if (metadata.jwks && metadata.jwks_uri) return error::invalid_argument;
    http_request req;
    req.method = "POST";
    req.url = std::move(*url);
    req.headers.append("Content-Type", detail::json_media_type);
    req.headers.append("Accept", detail::json_media_type);
    if (!initial_access_token.empty()) {
        std::string header = "Bearer ";
        header.append(initial_access_token.reveal());
        req.headers.append("Authorization", header);
        OPENSSL_cleanse(header.data(), header.size());
    }
    req.body = boost::json::serialize(to_json(metadata));
    return req;
}

AUTHWIRE_DECL result<client_information> client_information_from_json(boost::json::object const& o) {
    client_information c;
    auto id = detail::required_string(o, "client_id");
    if (!id) return id.error();
    c.client_id = std::move(*id);
    auto client_secret = detail::string_member(o, "client_secret");
    if (!client_secret) return client_secret.error();
    if (*client_secret) {
        if ((*client_secret)->empty()) return error::malformed_response;
        c.client_secret = secret(std::move(**client_secret));
    }
    auto issued = detail::numeric_date_member(o, "client_id_issued_at");
    if (!issued) return issued.error();
    c.client_id_issued_at = *issued;
    auto expires = detail::numeric_date_member(o, "client_secret_expires_at");
    if (!expires) return expires.error();
    if (!c.client_secret.empty() && !*expires) c.quirks_seen.secret_without_expiry = true;
    if (*expires && **expires != std::chrono::system_clock::time_point{}) c.client_secret_expires_at = *expires;
    auto rat = detail::string_member(o, "registration_access_token");
    if (!rat) return rat.error();
    if (*rat) c.registration_access_token = secret(std::move(**rat));
    auto rcu = detail::string_member(o, "registration_client_uri");
    if (!rcu) return rcu.error();
    c.registration_client_uri = std::move(*rcu);

    auto metadata = client_metadata_from_json(o);
    if (!metadata) return metadata.error();
    c.metadata = std::move(*metadata);
    for (auto name : {"client_id", "client_secret", "client_id_issued_at", "client_secret_expires_at",
                      "registration_access_token", "registration_client_uri"})
        c.metadata.extra.erase(name);
    return c;
}

AUTHWIRE_DECL outcome<client_information> parse_registration_response(http_response const& resp,
                                                                      json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<client_information> {
        if (resp.status != 201) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        auto c = client_information_from_json(*o);
        if (!c) return c.error();
        return std::move(*c);
    });
}

AUTHWIRE_DECL outcome<client_information> parse_registration_response(http_response const& resp,
                                                                      client_metadata const& requested,
                                                                      json_limits const& limits) noexcept {
    auto c = parse_registration_response(resp, limits);
    if (c && !c->metadata.redirect_uris.empty()) {
        auto const& got = c->metadata.redirect_uris;
        auto const& sent = requested.redirect_uris;
        auto const within = [](std::vector<std::string> const& a, std::vector<std::string> const& b) {
            return std::all_of(a.begin(), a.end(),
                               [&](std::string const& u) { return std::find(b.begin(), b.end(), u) != b.end(); });
        };
        if (!within(got, sent) || !within(sent, got)) return error::redirect_uri_rejected;
    }
    if (c && !c->metadata.token_endpoint_auth_method && requested.token_endpoint_auth_method) {
        auto const filled = detail::guarded([&]() -> result<void> {
            c->metadata.token_endpoint_auth_method = requested.token_endpoint_auth_method;
            return {};
        });
        if (!filled) return filled.error();
        c->quirks_seen.auth_method_not_echoed = true;
    }
    return c;
}

AUTHWIRE_DECL boost::json::object to_json(client_information const& c) {
    boost::json::object o;
    o["client_id"] = c.client_id;
    detail::put_string(o, "client_secret", c.client_secret.reveal());
    if (c.client_id_issued_at) o["client_id_issued_at"] = detail::to_numeric_date(*c.client_id_issued_at);
    if (!c.client_secret.empty())
        o["client_secret_expires_at"] =
            c.client_secret_expires_at ? detail::to_numeric_date(*c.client_secret_expires_at) : std::int64_t{0};
    detail::put_string(o, "registration_access_token", c.registration_access_token.reveal());
    detail::put_string(o, "registration_client_uri", c.registration_client_uri);
    for (auto const& m : to_json(c.metadata)) o.emplace(m.key(), m.value());
    return o;
}

}  // namespace authwire::oauth
