#pragma once
// authwire — the definitions of <authwire/oauth/par.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/par.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_pushed_authorization_request(std::string_view par_endpoint,
                                                                     authorization_request const& r,
                                                                     client_authentication const& auth,
                                                                     client_auth_context const& ctx) {
    auto url = detail::parse_endpoint(par_endpoint);
    if (!url) return url.error();
    if (auth.client_id != r.client_id) return error::invalid_argument;
    auto body = authorization_request_parameters(r);
    if (!body) return body.error();
    return detail::authenticated_form_post(std::move(*url), *body, auth, par_endpoint, ctx);
}

AUTHWIRE_DECL outcome<pushed_authorization_response> parse_pushed_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<pushed_authorization_response> {
        if (resp.status != 201) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        pushed_authorization_response p;
        auto uri = detail::required_string(*o, "request_uri");
        if (!uri) return uri.error();
        p.request_uri = std::move(*uri);
        auto exp = detail::integer_member(*o, "expires_in");
        if (!exp) return exp.error();
        if (!*exp) return error::missing_member;
        if (**exp <= 0) return error::malformed_response;
        auto at = detail::add_seconds(now, **exp);
        if (!at) return at.error();
        p.expires_in = std::chrono::seconds(**exp);
        p.expires_at = *at;
        p.extra = detail::extra_members(*o, {"request_uri", "expires_in"});
        return p;
    });
}

AUTHWIRE_DECL result<boost::urls::url> make_pushed_authorization_url(std::string_view authorization_endpoint,
                                                                     std::string_view client_id,
                                                                     std::string_view request_uri) {
    auto url = detail::parse_endpoint(authorization_endpoint);
    if (!url) return url.error();
    if (client_id.empty() || request_uri.empty()) return error::missing_argument;
    form q{{"client_id", client_id}, {"request_uri", request_uri}};
    if (auto res = detail::append_query(*url, q.encode()); !res) return res.error();
    return std::move(*url);
}

}  // namespace authwire::oauth
