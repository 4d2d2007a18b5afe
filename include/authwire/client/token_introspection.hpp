#pragma once
// authwire — token introspection (RFC 7662) over an executor.

#include <authwire/core/detail/config.hpp>
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

namespace detail {

// introspect_token() before the executor: the request (error::unsupported_operation when the server advertises
// no introspection endpoint).
[[nodiscard]] AUTHWIRE_DECL result<http_request> introspection_request(oauth::authorization_server_metadata const& as,
                                                                       oauth::client_authentication const& client,
                                                                       secret const& token, std::string_view hint,
                                                                       std::chrono::system_clock::time_point now,
                                                                       random_source rng);

} // namespace detail

/// RFC 7662 §2: ask `as.introspection_endpoint` (error::unsupported_operation when absent) about `token`,
/// authenticated as `client`. An inactive token is a success with `active == false`.
template <http_executor E>
[[nodiscard]] outcome<oauth::introspection_response> introspect_token(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    secret const& token, std::string_view hint, std::chrono::system_clock::time_point now, random_source rng = {}) {
    return detail::exchange(executor, detail::introspection_request(as, client, token, hint, now, rng),
                            [](http_response const& r) { return oauth::parse_introspection_response(r); });
}

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/token_introspection.ipp>
#endif
