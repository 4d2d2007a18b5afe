#pragma once
// authwire — token revocation (RFC 7009): the client tells the server a token is no longer needed.

#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/token_type_hint.hpp>

#include <string_view>

namespace authwire::oauth {

/// RFC 7009 §2.1: `POST` form `token=…[&token_type_hint=…]` to the revocation endpoint, with client
/// authentication (a public client identifies itself with client_id).
[[nodiscard]] inline result<http_request> make_revocation_request(std::string_view revocation_endpoint,
                                                                  secret const& token, std::string_view hint,
                                                                  client_authentication const& auth,
                                                                  client_auth_context const& ctx = {}) {
    auto url = detail::parse_endpoint(revocation_endpoint);
    if (!url) return url.error();
    if (token.empty()) return error::missing_argument;
    form body{{"token", token.reveal()}};
    body.add_if("token_type_hint", hint);
    return detail::authenticated_form_post(std::move(*url), body, auth, revocation_endpoint, ctx);
}

/// RFC 7009 §2.2: 200 means revoked (or never valid — the server does not say which; the body is ignored).
/// Anything else is a failure: §2.2.1 error responses (e.g. unsupported_token_type, or 503 with an error)
/// carry the peer's error; other statuses are error::unexpected_status.
[[nodiscard]] inline outcome<void> parse_revocation_response(http_response const& resp,
                                                             json_limits const& limits = {}) noexcept {
    if (resp.status == 200) return {};
    return response_failure(resp, limits);
}

} // namespace authwire::oauth
