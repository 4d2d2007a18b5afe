#pragma once
// authwire — token introspection (RFC 7662): a protected resource asks the authorization server about a token.

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
#include <authwire/oauth/token_type_hint.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 7662 §2.2: what the authorization server says about a token. Only `active` is required; when it is
/// false, nothing else may be relied on.
struct introspection_response {
    bool active = false;
    std::optional<scope_set> scope;
    std::optional<std::string> client_id;
    std::optional<std::string> username;
    std::optional<std::string> token_type;
    std::optional<std::chrono::system_clock::time_point> exp;
    std::optional<std::chrono::system_clock::time_point> iat;
    std::optional<std::chrono::system_clock::time_point> nbf;
    std::optional<std::string> sub;
    std::vector<std::string> aud;  ///< a string or an array of strings on the wire
    std::optional<std::string> iss;
    std::optional<std::string> jti;
    boost::json::object extra;     ///< every other member (extension fields), as sent
};

/// RFC 7662 §2.1: `POST` form `token=…[&token_type_hint=…]` with `Accept: application/json`, authenticated.
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_introspection_request(std::string_view introspection_endpoint,
                                                                            secret const& token, std::string_view hint,
                                                                            client_authentication const& auth,
                                                                            client_auth_context const& ctx = {});

/// RFC 7662 §2.2: read an introspection response object. Every member has its registered type
/// (error::wrong_member_type otherwise); `scope` follows RFC 6749 §3.3; times are NumericDates.
[[nodiscard]] AUTHWIRE_DECL result<introspection_response> introspection_response_from_json(boost::json::object const& o);

/// RFC 7662 §2.2/§2.3: 200 with a JSON object is the answer; other statuses (401 for a failed client
/// authentication, …) are failures carrying the peer's error response when it sent one.
[[nodiscard]] AUTHWIRE_DECL outcome<introspection_response> parse_introspection_response(
    http_response const& resp, json_limits const& limits = {}) noexcept;

/// RFC 7662 §2.2: the JSON body of an introspection response (what an introspection endpoint sends).
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(introspection_response const& r);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/introspection.ipp>
#endif
