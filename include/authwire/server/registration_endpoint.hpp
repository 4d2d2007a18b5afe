#pragma once
// authwire — the client registration endpoint (RFC 7591 §3): open Dynamic Client Registration with an optional
// application hook, validation of the client metadata against the server's configuration (redirect URIs through
// the redirect-URI policy, grant and response types consistent and served, the authentication method served, the
// scope supported), and the 201 client information response or the 400 error.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// An application's say in a registration (RFC 7591 §3: the server "MAY" reject or replace metadata values):
/// called with the metadata as sent (defaults not yet applied) and the request, before validation. It may
/// change the metadata (the result is validated), or refuse with an error response (e.g. invalid_client_metadata,
/// or access_denied with status 403). nullopt means go on.
using registration_hook =
    std::function<std::optional<error_response>(oauth::client_metadata& metadata, http_request const& request)>;

/// Bounds on what one registration may ask for.
struct registration_limits {
    std::size_t max_redirect_uris = 16;
    std::size_t max_list_size = 16;  ///< grant_types, response_types, contacts
    json_limits json{};              ///< the request body (default 256 KiB, depth 32)
};

namespace detail {

inline constexpr std::string_view response_type_code = "code";

[[nodiscard]] AUTHWIRE_DECL bool contains(std::vector<std::string> const& v, std::string_view s) noexcept;

[[nodiscard]] AUTHWIRE_DECL failure registration_failure(error e, std::string_view description);

// Removes repeated entries, keeping the first of each.
AUTHWIRE_DECL void unique_in_order(std::vector<std::string>& v);

}  // namespace detail

/// RFC 7591 §2 and §2.1, OpenID Connect Registration 1.0 §2: check `metadata` against `config` and fill in the
/// defaults, in place. Defaults: grant_types ["authorization_code"], response_types ["code"] when
/// authorization_code is a grant type, token_endpoint_auth_method "client_secret_basic" (§2), application_type
/// as config.redirect_uris.application_type_for(redirect_uris) says ("native" for loopback and private-use
/// URIs only, else "web"; always "web" with inference off). Refused with invalid_redirect_uri (a URI the
/// redirect-URI policy rejects for the application type — e.g. loopback http for "web" — or none while
/// authorization_code is requested) or invalid_client_metadata: an application_type other than web or native, a
/// grant type not served (only authorization_code, refresh_token and client_credentials when configured), a
/// response type other than "code", grant and response types that do not match (§2.1), refresh_token without a
/// grant that yields one, client_credentials for a public client, an authentication method not served, a scope
/// not supported, jwks together with jwks_uri, a list longer than the limits.
[[nodiscard]] AUTHWIRE_DECL outcome<void> validate_client_metadata(oauth::client_metadata& m,
                                                                   authorization_server_config const& config,
                                                                   registration_limits const& lim = {});

namespace detail {

// register_client() before the store: the metadata validated (in place, software statement dropped), a fresh
// client_id and, for a confidential client, a fresh secret; the record to store and the information to answer
// with (its metadata filled in once stored).
struct prepared_registration {
    oauth::client_information info;
    client_record record;
};

[[nodiscard]] AUTHWIRE_DECL outcome<prepared_registration> prepare_registration(
    oauth::client_metadata& metadata, std::chrono::system_clock::time_point now,
    authorization_server_config const& config, registration_limits const& lim);

// register_client() when the store refused the record.
[[nodiscard]] AUTHWIRE_DECL failure registration_store_failure(error_code ec);

// handle_registration() before registering: the request's metadata (read, then offered to `hook`) into `out`,
// or the response that answers the request instead.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> read_registration_request(http_request const& req,
                                                                                   registration_hook const& hook,
                                                                                   registration_limits const& lim,
                                                                                   oauth::client_metadata& out);

// handle_registration() once registered: 201 with the client information, or the error.
[[nodiscard]] AUTHWIRE_DECL http_response registration_response(outcome<oauth::client_information> const& info);

}  // namespace detail

/// RFC 7591 §3.1–3.2.1: register a client with validated metadata (see validate_client_metadata; the
/// application_type applied is recorded and echoed in the response, OIDC Registration §3.2): a fresh
/// client_id, and for a confidential client (any method but none) a fresh client_secret that never expires
/// (client_secret_expires_at 0) and is stored only as a salted MAC; client_id_issued_at = `now`. The software
/// statement is not processed (RFC 7591 §3.1.1 allows ignoring it) and is neither stored nor echoed.
/// Returns the client information to answer with; store failures are server_error (temporarily_unavailable when
/// the store is unavailable).
template <client_store S>
[[nodiscard]] outcome<oauth::client_information> register_client(oauth::client_metadata metadata,
                                                                 std::chrono::system_clock::time_point now, S& clients,
                                                                 authorization_server_config const& config,
                                                                 registration_limits const& lim = {}) {
    auto prepared = detail::prepare_registration(metadata, now, config, lim);
    if (!prepared) return prepared.error();
    if (auto r = clients.register_client(std::move(prepared->record)); !r)
        return detail::registration_store_failure(r.error());
    prepared->info.metadata = std::move(metadata);
    return std::move(prepared->info);
}

/// RFC 7591 §3: the registration endpoint. A POST with a JSON object body (Content-Type application/json) is
/// read with the client-side model (oauth::client_metadata_from_json), offered to `hook`, validated and
/// registered (see register_client): 201 with the client information (RFC 7591 §3.2.1), or 400 with
/// invalid_redirect_uri / invalid_client_metadata (§3.2.2), or the hook's error. Open registration: no initial
/// access token is asked for. Other methods are 405. Never cached.
template <client_store S>
[[nodiscard]] http_response handle_registration(http_request const& req, std::chrono::system_clock::time_point now,
                                                S& clients, authorization_server_config const& config,
                                                registration_hook const& hook = {},
                                                registration_limits const& lim = {}) noexcept {
    try {
        oauth::client_metadata metadata;
        if (auto answer = detail::read_registration_request(req, hook, lim, metadata)) return std::move(*answer);
        return detail::registration_response(register_client(std::move(metadata), now, clients, config, lim));
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/registration_endpoint.ipp>
#endif
