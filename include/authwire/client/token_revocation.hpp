#pragma once
// authwire — token revocation (RFC 7009) over an executor.

#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/revocation.hpp>

#include <chrono>
#include <string_view>

namespace authwire::client {

/// RFC 7009 §2: revoke `token` (hint: oauth::token_type_hint::…, or empty) at `as.revocation_endpoint`
/// (error::unsupported_operation when absent), authenticated as `client`. Success means revoked or never valid.
template <http_executor E>
[[nodiscard]] outcome<void> revoke_token(E& executor, oauth::authorization_server_metadata const& as,
                                         oauth::client_authentication const& client, secret const& token,
                                         std::string_view hint, std::chrono::system_clock::time_point now,
                                         random_source rng = {}) {
    auto endpoint = detail::advertised(as.revocation_endpoint);
    if (!endpoint) return failure(endpoint.error());
    return detail::exchange(
        executor,
        oauth::make_revocation_request(*endpoint, token, hint, client, {.issuer = as.issuer, .now = now, .rng = rng}),
        [](http_response const& r) { return oauth::parse_revocation_response(r); });
}

} // namespace authwire::client
