#pragma once
// authwire — Pushed Authorization Requests (RFC 9126): push the request's parameters to the server, then send
// the browser with only client_id and the returned request_uri.

#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/object.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 9126 §2.2: the pushed authorization response.
struct pushed_authorization_response {
    std::string request_uri;                               ///< single-use reference to the pushed request
    std::chrono::seconds expires_in{0};                    ///< as sent
    std::chrono::system_clock::time_point expires_at{};    ///< `now` + expires_in
    boost::json::object extra;
};

/// RFC 9126 §2.1: POST the authorization request's parameters (authorization_request_parameters) as a form to
/// the pushed authorization request endpoint, with client authentication.
[[nodiscard]] inline result<http_request> make_pushed_authorization_request(std::string_view par_endpoint,
                                                                            authorization_request const& r,
                                                                            client_authentication const& auth,
                                                                            client_auth_context const& ctx = {}) {
    auto url = detail::parse_endpoint(par_endpoint);
    if (!url) return url.error();
    if (auth.client_id != r.client_id) return error::invalid_argument;
    auto body = authorization_request_parameters(r);
    if (!body) return body.error();
    return detail::authenticated_form_post(std::move(*url), *body, auth, par_endpoint, ctx);
}

/// RFC 9126 §2.2/§2.3: 201 with `request_uri` (non-empty string) and `expires_in` (positive integer) is a
/// success; other statuses are failures carrying the peer's error response when it sent one.
[[nodiscard]] inline outcome<pushed_authorization_response> parse_pushed_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits = {}) noexcept {
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

/// RFC 9126 §4: the authorization URL that refers to a pushed request: `client_id` and `request_uri` only.
[[nodiscard]] inline result<boost::urls::url> make_pushed_authorization_url(std::string_view authorization_endpoint,
                                                                            std::string_view client_id,
                                                                            std::string_view request_uri) {
    auto url = detail::parse_endpoint(authorization_endpoint);
    if (!url) return url.error();
    if (client_id.empty() || request_uri.empty()) return error::missing_argument;
    form q{{"client_id", client_id}, {"request_uri", request_uri}};
    if (auto res = detail::append_query(*url, q.encode()); !res) return res.error();
    return std::move(*url);
}

} // namespace authwire::oauth
