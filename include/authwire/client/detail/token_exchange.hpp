#pragma once
// authwire — internal: one token request (RFC 6749 §3.2) for any grant over an executor.

#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>

namespace authwire::client::detail {

// `grant` at `as.token_endpoint` (error::unsupported_operation when absent), authenticated as `client`; the
// §5.1 response is read with `opt`, its expiry counted from `now`.
template <http_executor E, class Grant>
[[nodiscard]] outcome<oauth::token_response> token_exchange(E& executor, oauth::authorization_server_metadata const& as,
                                                            oauth::client_authentication const& client,
                                                            Grant const& grant, std::chrono::system_clock::time_point now,
                                                            oauth::token_response_options const& opt, random_source rng) {
    auto endpoint = advertised(as.token_endpoint);
    if (!endpoint) return failure(endpoint.error());
    return exchange(executor,
                    oauth::make_token_request(*endpoint, grant, client, {.issuer = as.issuer, .now = now, .rng = rng}),
                    [&](http_response const& r) { return oauth::parse_token_response(r, now, opt); });
}

} // namespace authwire::client::detail
