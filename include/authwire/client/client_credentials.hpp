#pragma once
// authwire — the client credentials grant (RFC 6749 §4.4) over an executor.

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

/// RFC 6749 §4.4.2–§4.4.3: a confidential client gets a token for itself at `as.token_endpoint`
/// (error::unsupported_operation when absent), authenticated as `client` (never `none`: error::invalid_argument).
template <http_executor E>
[[nodiscard]] outcome<oauth::token_response> request_client_credentials(
    E& executor, oauth::authorization_server_metadata const& as, oauth::client_authentication const& client,
    oauth::client_credentials_grant const& grant, std::chrono::system_clock::time_point now,
    oauth::token_response_options const& opt = {}, random_source rng = {}) {
    return detail::token_exchange(executor, as, client, grant, now, opt, rng);
}

} // namespace authwire::client
