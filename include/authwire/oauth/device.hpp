#pragma once
// authwire — the device authorization grant (RFC 8628): the device authorization request and response, and
// the outcomes of polling the token endpoint, returned as values (authwire never sleeps).

#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_response.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 8628 §3.2: the device authorization response.
struct device_authorization_response {
    secret device_code;                                  ///< for the token requests (device_code_grant)
    std::string user_code;                               ///< shown to the user
    std::string verification_uri;                        ///< where the user enters user_code
    std::optional<std::string> verification_uri_complete;  ///< the same, with user_code included
    std::chrono::seconds expires_in{0};
    std::chrono::system_clock::time_point expires_at{};  ///< `now` + expires_in
    std::chrono::seconds interval{5};                    ///< minimum wait between polls (default 5 s)
    boost::json::object extra;
};

/// RFC 8628 §3.1: `POST` form `client_id=…[&scope=…]` to the device authorization endpoint (a confidential
/// client authenticates instead of sending only client_id).
[[nodiscard]] inline result<http_request> make_device_authorization_request(std::string_view device_endpoint,
                                                                            scope_set const& scope,
                                                                            client_authentication const& auth,
                                                                            client_auth_context const& ctx = {},
                                                                            form const& extra = {}) {
    auto url = detail::parse_endpoint(device_endpoint);
    if (!url) return url.error();
    if (!scope.valid()) return error::invalid_argument;
    form body;
    if (auth.method == token_endpoint_auth_method::none || auth.method == token_endpoint_auth_method::client_secret_post) {
        if (auth.client_id.empty()) return error::missing_argument;
        body.add("client_id", auth.client_id);  // first, as in the RFC's example
    }
    body.add_if("scope", scope.to_string());
    if (auto r = detail::add_extra(body, extra); !r) return r.error();
    return detail::authenticated_form_post(std::move(*url), body, auth, device_endpoint, ctx);
}

/// RFC 8628 §3.2: 200 with device_code, user_code, verification_uri (an absolute http(s) URL) and a positive
/// expires_in is a success; `interval`, when present, must be a positive integer. Other statuses are failures
/// carrying the peer's error response when it sent one.
[[nodiscard]] inline outcome<device_authorization_response> parse_device_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits = {}) noexcept {
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

/// RFC 8628 §3.5: where a poll of the token endpoint left the device flow.
enum class device_poll_status {
    granted,                ///< the token response is in `token`
    authorization_pending,  ///< the user has not finished: poll again after `interval`
    slow_down,              ///< poll again after `interval`, which is now 5 seconds longer
    expired,                ///< the device_code expired (`expired_token`): start over
    denied,                 ///< the user said no (`access_denied`)
};

/// RFC 8628 §3.5: the result of one poll.
struct device_poll_result {
    device_poll_status status = device_poll_status::authorization_pending;
    std::optional<token_response> token;  ///< only when granted
    std::chrono::seconds interval{5};     ///< the wait before the next poll
    std::optional<error_response> response;  ///< the peer's error response for the non-granted outcomes
};

/// RFC 8628 §3.5: interpret the token endpoint's answer to a device_code poll made `interval` after the previous
/// one. The four outcomes of the device flow are values: granted, authorization_pending (same interval),
/// slow_down (interval + 5 s), expired (expired_token), denied (access_denied). Any other error is a failure.
[[nodiscard]] inline outcome<device_poll_result> parse_device_token_response(http_response const& resp,
                                                                             std::chrono::system_clock::time_point now,
                                                                             std::chrono::seconds interval,
                                                                             token_response_options const& opt = {}) noexcept {
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

} // namespace authwire::oauth
