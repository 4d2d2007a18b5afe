#pragma once
// authwire — the definitions of <authwire/oauth/introspection.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/introspection.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_introspection_request(std::string_view introspection_endpoint,
                                                              secret const& token, std::string_view hint,
                                                              client_authentication const& auth,
                                                              client_auth_context const& ctx) {
    auto url = detail::parse_endpoint(introspection_endpoint);
    if (!url) return url.error();
    if (token.empty()) return error::missing_argument;
    form body{{"token", token.reveal()}};
    body.add_if("token_type_hint", hint);
    return detail::authenticated_form_post(std::move(*url), body, auth, introspection_endpoint, ctx);
}

AUTHWIRE_DECL result<introspection_response> introspection_response_from_json(boost::json::object const& o) {
    introspection_response r;
    auto active = detail::bool_member(o, "active");
    if (!active) return active.error();
    if (!*active) return error::missing_member;
    r.active = **active;

    auto scope = detail::string_member(o, "scope");
    if (!scope) return scope.error();
    if (*scope) {
        auto parsed = scope_set::parse(**scope);
        if (!parsed) return error::malformed_response;
        r.scope = std::move(*parsed);
    }
    for (auto [name, field] : {std::pair{"client_id", &r.client_id}, std::pair{"username", &r.username},
                               std::pair{"token_type", &r.token_type}, std::pair{"sub", &r.sub},
                               std::pair{"iss", &r.iss}, std::pair{"jti", &r.jti}}) {
        auto s = detail::string_member(o, name);
        if (!s) return s.error();
        *field = std::move(*s);
    }
    for (auto [name, field] : {std::pair{"exp", &r.exp}, std::pair{"iat", &r.iat}, std::pair{"nbf", &r.nbf}}) {
        auto t = detail::numeric_date_member(o, name);
        if (!t) return t.error();
        *field = *t;
    }
    if (auto const* aud = o.if_contains("aud")) {
        if (auto const* s = aud->if_string()) {
            r.aud.emplace_back(*s);
        } else {
            auto list = detail::string_array_member(o, "aud");
            if (!list) return list.error();
            r.aud = std::move(**list);
        }
    }
    r.extra = detail::extra_members(
        o, {"active", "scope", "client_id", "username", "token_type", "exp", "iat", "nbf", "sub", "aud", "iss", "jti"});
    return r;
}

AUTHWIRE_DECL outcome<introspection_response> parse_introspection_response(http_response const& resp,
                                                                           json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<introspection_response> {
        if (resp.status != 200) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        auto r = introspection_response_from_json(*o);
        if (!r) return r.error();
        return std::move(*r);
    });
}

AUTHWIRE_DECL boost::json::object to_json(introspection_response const& r) {
    boost::json::object o;
    o["active"] = r.active;
    if (r.scope) o["scope"] = r.scope->to_string();
    detail::put_string(o, "client_id", r.client_id);
    detail::put_string(o, "username", r.username);
    detail::put_string(o, "token_type", r.token_type);
    if (r.exp) o["exp"] = detail::to_numeric_date(*r.exp);
    if (r.iat) o["iat"] = detail::to_numeric_date(*r.iat);
    if (r.nbf) o["nbf"] = detail::to_numeric_date(*r.nbf);
    detail::put_string(o, "sub", r.sub);
    if (r.aud.size() == 1)
        o["aud"] = r.aud.front();
    else
        detail::put_strings(o, "aud", r.aud);
    detail::put_string(o, "iss", r.iss);
    detail::put_string(o, "jti", r.jti);
    detail::put_extra(o, r.extra);
    return o;
}

}  // namespace authwire::oauth
