#pragma once
// authwire — Dynamic Client Registration (RFC 7591 §3) over an executor, and the client authentication the
// registered client then uses (RFC 7591 §2, RFC 8414 §2).

#include <authwire/core/detail/config.hpp>
#include <authwire/client/detail/exchange.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/registration.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

namespace authwire::client {

/// RFC 7591 §2 for a native app registering with `as` (MCP "Dynamic Client Registration"): `base` completed
/// where the caller left it empty —
///  - token_endpoint_auth_method: oauth::choose_registration_auth_method(as.token_endpoint_auth_methods_supported)
///    (none when offered; error::unsupported_operation when nothing usable is);
///  - application_type: oauth::application_type_for(redirect_uris) — "native" for loopback and private-use
///    redirect URIs (OpenID Connect Registration §2; OpenID providers default to "web" and refuse them);
///  - grant_types: authorization_code and refresh_token (MCP: clients that want refresh tokens SHOULD register
///    the grant), without refresh_token when `as` advertises grant types that exclude it;
///  - response_types: code.
/// Redirect URIs are the caller's (error::missing_argument when there are none).
[[nodiscard]] AUTHWIRE_DECL result<oauth::client_metadata> registration_metadata_for(
    oauth::authorization_server_metadata const& as, oauth::client_metadata base);

/// RFC 7591 §3.1–§3.2: register `metadata` at the server's registration_endpoint (error::unsupported_operation
/// when it has none), with an initial access token when the server requires one. Returns the client information
/// (client_id, secret, what was registered); registration errors (invalid_redirect_uri,
/// invalid_client_metadata …) keep the peer's response. Registered redirect_uris other than the ones sent are
/// error::redirect_uri_rejected (the client could not receive its codes). When the server echoes no
/// token_endpoint_auth_method, the requested one is recorded as registered
/// (oauth::registration_quirks::auth_method_not_echoed), so that client_authentication_for keeps it.
template <http_executor E>
[[nodiscard]] outcome<oauth::client_information> register_client(E& executor,
                                                                 oauth::authorization_server_metadata const& as,
                                                                 oauth::client_metadata const& metadata,
                                                                 secret const& initial_access_token = {},
                                                                 json_limits const& limits = {}) {
    auto endpoint = detail::advertised(as.registration_endpoint);
    if (!endpoint) return failure(endpoint.error());
    return detail::exchange(executor, oauth::make_registration_request(*endpoint, metadata, initial_access_token),
                            [&](http_response const& r) { return oauth::parse_registration_response(r, metadata, limits); });
}

/// RFC 7591 §2 / RFC 8414 §2: how the registered client authenticates — the method it registered (as the server
/// echoed it, or as requested when register_client found no echo: a `none` registration stays public even when
/// the server also issued a secret), or, when the record names none at all (pre-registered credentials), the
/// one oauth::choose_token_endpoint_auth_method picks from what the server advertises and the credentials the
/// client holds. `signer` is the private key for private_key_jwt. An unregistered method name is
/// error::unsupported_operation.
[[nodiscard]] AUTHWIRE_DECL result<oauth::client_authentication> client_authentication_for(
    oauth::client_information const& info, oauth::authorization_server_metadata const& as,
    std::optional<jose::jws_signer> signer = std::nullopt);

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/registration.ipp>
#endif
