#pragma once
// authwire — refreshing an access token (RFC 6749 §6) over an executor: one request, no session state.

#include <authwire/client/detail/token_exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <chrono>

namespace authwire::client {

/// RFC 6749 §6 (+ RFC 8707 §2): exchange `grant.refresh_token` for new tokens at `as.token_endpoint`
/// (error::unsupported_operation when absent), authenticated as `client`. One request and no retry: a refused
/// refresh token is error::invalid_grant. The response may carry a rotated refresh token (RFC 9700 §4.14.2)
/// that replaces the old one, which the caller must store before using the new access token. For a session
/// that refreshes by itself, proactively and single-flight, use token_manager.
template <http_executor E>
[[nodiscard]] outcome<oauth::token_response> refresh_access_token(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::refresh_token_grant const& grant, std::chrono::system_clock::time_point now,
    oauth::token_response_options const& opt = {}, random_source rng = {}) {
    return detail::token_exchange(executor, as, client, grant, now, opt, rng);
}

} // namespace authwire::client
