#pragma once
// authwire — the definitions of <authwire/oauth/device.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/device.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_device_authorization_request(std::string_view device_endpoint,
                                                                     scope_set const& scope,
                                                                     client_authentication const& auth,
                                                                     client_auth_context const& ctx,
                                                                     form const& extra) {
    auto url = detail::parse_endpoint(device_endpoint);
    if (!url) return url.error();
    if (!scope.valid()) return error::invalid_argument;
    form body;
    if (auth.method == token_endpoint_auth_method::none ||
        auth.method == token_endpoint_auth_method::client_secret_post) {
        if (auth.client_id.empty()) return error::missing_argument;
        body.add("client_id", auth.client_id);  // first, as in the RFC's example
    }
    body.add_if("scope", scope.to_string());
    if (auto r = detail::add_extra(body, extra); !r) return r.error();
    return detail::authenticated_form_post(std::move(*url), body, auth, device_endpoint, ctx);
}

AUTHWIRE_DECL outcome<device_authorization_response> parse_device_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<device_authorization_response> {
        if (resp.status != 200) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        device_authorization_response d;
        auto device_code = detail::required_string(*o, "device_code");
        if (!device_code) return device_code.error();
        d.device_code = secret(std::move(*device_code));
        auto user_code = detail::required_string(*o, "user_code");
        if (!user_code) return user_code.error();
        d.user_code = std::move(*user_code);
        auto uri = detail::required_string(*o, "verification_uri");
        if (!uri) return uri.error();
        if (!detail::parse_http_url(*uri, error::malformed_url)) return error::malformed_url;
        d.verification_uri = std::move(*uri);
        auto complete = detail::string_member(*o, "verification_uri_complete");
        if (!complete) return complete.error();
        if (*complete && !detail::parse_http_url(**complete, error::malformed_url)) return error::malformed_url;
        d.verification_uri_complete = std::move(*complete);
        auto exp = detail::integer_member(*o, "expires_in");
        if (!exp) return exp.error();
        if (!*exp) return error::missing_member;
        if (**exp <= 0) return error::malformed_response;
        auto at = detail::add_seconds(now, **exp);
        if (!at) return at.error();
        d.expires_in = std::chrono::seconds(**exp);
        d.expires_at = *at;
        auto interval = detail::integer_member(*o, "interval");
        if (!interval) return interval.error();
        if (*interval) {
            if (**interval <= 0 || **interval > 3600) return error::malformed_response;
            d.interval = std::chrono::seconds(**interval);
        }
        d.extra = detail::extra_members(*o, {"device_code", "user_code", "verification_uri",
                                             "verification_uri_complete", "expires_in", "interval"});
        return d;
    });
}

AUTHWIRE_DECL outcome<device_poll_result> parse_device_token_response(http_response const& resp,
                                                                      std::chrono::system_clock::time_point now,
                                                                      std::chrono::seconds interval,
                                                                      token_response_options const& opt) noexcept {
    return detail::guarded([&]() -> outcome<device_poll_result> {
        auto t = parse_token_response(resp, now, opt);
        device_poll_result r;
        r.interval = interval;
        if (t) {
            r.status = device_poll_status::granted;
            r.token = std::move(*t);
            return r;
        }
        auto const& f = t.error();
        if (!f.response) return f;
        if (f.code == error::authorization_pending) {
            r.status = device_poll_status::authorization_pending;
        } else if (f.code == error::slow_down) {
            r.status = device_poll_status::slow_down;
            r.interval = interval + std::chrono::seconds(5);
        } else if (f.code == error::expired_token) {
            r.status = device_poll_status::expired;
        } else if (f.code == error::access_denied) {
            r.status = device_poll_status::denied;
        } else {
            return f;
        }
        r.response = f.response;
        return r;
    });
}

}  // namespace authwire::oauth
