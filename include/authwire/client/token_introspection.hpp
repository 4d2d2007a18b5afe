#pragma once
// authwire — token introspection (RFC 7662) over an executor.

#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <chrono>
#include <string_view>

namespace authwire::client {

/// RFC 7662 §2: ask `as.introspection_endpoint` (error::unsupported_operation when absent) about `token`,
/// authenticated as `client`. An inactive token is a success with `active == false`.
template <http_executor E>
[[nodiscard]] outcome<oauth::introspection_response> introspect_token(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    secret const& token, std::string_view hint, std::chrono::system_clock::time_point now, random_source rng = {}) {
    auto endpoint = detail::advertised(as.introspection_endpoint);
    if (!endpoint) return failure(endpoint.error());
    return detail::exchange(executor,
                            oauth::make_introspection_request(*endpoint, token, hint, client,
                                                              {.issuer = as.issuer, .now = now, .rng = rng}),
                            [](http_response const& r) { return oauth::parse_introspection_response(r); });
}

} // namespace authwire::client
