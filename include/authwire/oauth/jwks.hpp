#pragma once
// authwire — the authorization server's JWK Set at its jwks_uri (RFC 8414 §2, RFC 7517 §5): the request and the
// response, as one sans-IO step.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/error_response.hpp>

#include <string_view>
#include <utility>

namespace authwire::oauth {

/// RFC 8414 §2 `jwks_uri`: `GET` the JWK Set with `Accept: application/json`. A value that is not an absolute
/// http(s) URL is error::invalid_url (the metadata parser already refused non-https ones).
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_jwk_set_request(std::string_view jwks_uri);

/// RFC 7517 §5 / RFC 8414 §2: interpret the answer: 200 with a JSON object (`application/json` or
/// `application/jwk-set+json`) parsed as a JWK Set (keys of unsupported types skipped, see jose::jwk_set::parse).
/// Other statuses are failures (error::unexpected_status, or the peer's error response when it sent one).
[[nodiscard]] AUTHWIRE_DECL outcome<jose::jwk_set> parse_jwk_set_response(http_response const& resp,
                                                                          json_limits const& limits = {}) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/jwks.ipp>
#endif
