#pragma once
// authwire — the client credentials grant (RFC 6749 §4.4) over an executor.

#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>

namespace authwire::client {

/// RFC 6749 §4.4.2–§4.4.3: a confidential client gets a token for itself at `as.token_endpoint`
/// (error::unsupported_operation when absent), authenticated as `client` (never `none`: error::invalid_argument).
template <http_executor E>
[[nodiscard]] outcome<oauth::token_response> request_client_credentials(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::client_credentials_grant const& grant, std::chrono::system_clock::time_point now,
    oauth::token_response_options const& opt = {}, random_source rng = {}) {
    auto endpoint = detail::advertised(as.token_endpoint);
    if (!endpoint) return failure(endpoint.error());
    return detail::exchange(executor,
                            oauth::make_token_request(*endpoint, grant, client,
                                                      {.issuer = as.issuer, .now = now, .rng = rng}),
                            [&](http_response const& r) { return oauth::parse_token_response(r, now, opt); });
}

} // namespace authwire::client
