#pragma once
// authwire — the device authorization grant (RFC 8628): the device authorization request and response, and
// the outcomes of polling the token endpoint, returned as values (authwire never sleeps).

#include <authwire/core/detail/config.hpp>
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
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_device_authorization_request(std::string_view device_endpoint,
                                                                                   scope_set const& scope,
                                                                                   client_authentication const& auth,
                                                                                   client_auth_context const& ctx = {},
                                                                                   form const& extra = {});

/// RFC 8628 §3.2: 200 with device_code, user_code, verification_uri (an absolute http(s) URL) and a positive
/// expires_in is a success; `interval`, when present, must be a positive integer. Other statuses are failures
/// carrying the peer's error response when it sent one.
[[nodiscard]] AUTHWIRE_DECL outcome<device_authorization_response> parse_device_authorization_response(
    http_response const& resp, std::chrono::system_clock::time_point now, json_limits const& limits = {}) noexcept;

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
[[nodiscard]] AUTHWIRE_DECL outcome<device_poll_result> parse_device_token_response(
    http_response const& resp, std::chrono::system_clock::time_point now, std::chrono::seconds interval,
    token_response_options const& opt = {}) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/device.ipp>
#endif
