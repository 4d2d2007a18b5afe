#pragma once
// authwire — the definitions of <authwire/oauth/token_request.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/token_request.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<void> add_scope(form& body, scope_set const& scope) {
    if (!scope.valid()) return error::invalid_argument;
    body.add_if("scope", scope.to_string());
    return {};
}

AUTHWIRE_DECL result<http_request> finish_token_request(std::string_view token_endpoint, form& body, form const& extra,
                                                        client_authentication const& auth,
                                                        client_auth_context const& ctx) {
    auto url = parse_endpoint(token_endpoint);
    if (!url) return url.error();
    if (auto r = add_extra(body, extra); !r) return r.error();
    return detail::authenticated_form_post(std::move(*url), body, auth, token_endpoint, ctx);
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                      authorization_code_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (g.code.empty()) return error::missing_argument;
    if (!g.code_verifier.empty() && !is_valid_code_verifier(g.code_verifier.reveal())) return error::invalid_argument;
    form body{{"grant_type", grant_type::authorization_code}, {"code", g.code.reveal()}};
    body.add_if("redirect_uri", g.redirect_uri);
    body.add_if("code_verifier", g.code_verifier.reveal());
    if (auto r = detail::add_resources(body, g.resource); !r) return r.error();
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint, refresh_token_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (g.refresh_token.empty()) return error::missing_argument;
    form body{{"grant_type", grant_type::refresh_token}, {"refresh_token", g.refresh_token.reveal()}};
    if (auto r = detail::add_scope(body, g.scope); !r) return r.error();
    if (auto r = detail::add_resources(body, g.resource); !r) return r.error();
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint,
                                                      client_credentials_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (auth.method == token_endpoint_auth_method::none) return error::invalid_argument;
    form body{{"grant_type", grant_type::client_credentials}};
    if (auto r = detail::add_scope(body, g.scope); !r) return r.error();
    if (auto r = detail::add_resources(body, g.resource); !r) return r.error();
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint, device_code_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (g.device_code.empty()) return error::missing_argument;
    form body{{"grant_type", grant_type::device_code}, {"device_code", g.device_code.reveal()}};
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint, token_exchange_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (g.subject_token.empty() || g.subject_token_type.empty()) return error::missing_argument;
    if (g.actor_token.empty() != g.actor_token_type.empty()) return error::invalid_argument;
    form body{{"grant_type", grant_type::token_exchange}};
    if (auto r = detail::add_resources(body, g.resource); !r) return r.error();
    for (auto const& a : g.audience) {
        if (a.empty()) return error::invalid_argument;
        body.add("audience", a);
    }
    if (auto r = detail::add_scope(body, g.scope); !r) return r.error();
    body.add_if("requested_token_type", g.requested_token_type);
    body.add("subject_token", g.subject_token.reveal());
    body.add("subject_token_type", g.subject_token_type);
    body.add_if("actor_token", g.actor_token.reveal());
    body.add_if("actor_token_type", g.actor_token_type);
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

AUTHWIRE_DECL result<http_request> make_token_request(std::string_view token_endpoint, jwt_bearer_grant const& g,
                                                      client_authentication const& auth,
                                                      client_auth_context const& ctx) {
    if (g.assertion.empty()) return error::missing_argument;
    form body{{"grant_type", grant_type::jwt_bearer}, {"assertion", g.assertion.reveal()}};
    if (auto r = detail::add_scope(body, g.scope); !r) return r.error();
    return detail::finish_token_request(token_endpoint, body, g.extra, auth, ctx);
}

}  // namespace authwire::oauth
