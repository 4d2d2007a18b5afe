#pragma once
// authwire — token revocation (RFC 7009): the client tells the server a token is no longer needed.

#include <authwire/core/detail/config.hpp>
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
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_revocation_request(std::string_view revocation_endpoint,
                                                                         secret const& token, std::string_view hint,
                                                                         client_authentication const& auth,
                                                                         client_auth_context const& ctx = {});

/// RFC 7009 §2.2: 200 means revoked (or never valid — the server does not say which; the body is ignored).
/// Anything else is a failure: §2.2.1 error responses (e.g. unsupported_token_type, or 503 with an error)
/// carry the peer's error; other statuses are error::unexpected_status.
[[nodiscard]] AUTHWIRE_DECL outcome<void> parse_revocation_response(http_response const& resp,
                                                                    json_limits const& limits = {}) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/revocation.ipp>
#endif
