#pragma once
// authwire — the authorization server's JWK Set at its jwks_uri (RFC 8414 §2, RFC 7517 §5): the request and the
// response, as one sans-IO step.

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
[[nodiscard]] inline result<http_request> make_jwk_set_request(std::string_view jwks_uri) {
    auto url = detail::parse_endpoint(jwks_uri);
    if (!url) return url.error();
    return detail::json_get(std::move(*url));
}

/// RFC 7517 §5 / RFC 8414 §2: interpret the answer: 200 with a JSON object (`application/json` or
/// `application/jwk-set+json`) parsed as a JWK Set (keys of unsupported types skipped, see jose::jwk_set::parse).
/// Other statuses are failures (error::unexpected_status, or the peer's error response when it sent one).
[[nodiscard]] inline outcome<jose::jwk_set> parse_jwk_set_response(http_response const& resp,
                                                                   json_limits const& limits = {}) noexcept {
    return detail::guarded([&]() -> outcome<jose::jwk_set> {
        if (resp.status != 200) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto set = jose::jwk_set::parse(resp.body, limits);
        if (!set) return set.error();
        return std::move(*set);
    });
}

} // namespace authwire::oauth
