#pragma once
// authwire — the token introspection endpoint (RFC 7662): an authenticated client (typically a resource server)
// asks whether a token is active and what it stands for. Anything not currently valid — unknown, malformed,
// expired, revoked, rotated, or not this client's to see — is {"active":false}.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/detail/presented_token.hpp>
#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/opaque_token.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// RFC 7662 §4: what an introspecting client may learn. (Whether public clients may introspect at all is
/// authorization_server_config::public_client_introspection, which the metadata reads too.)
struct introspection_policy {
    /// RFC 7662 §4: client_ids (resource servers) that may introspect any token. Every other client learns about
    /// its own tokens only; another client's token is reported as {"active":false}.
    std::vector<std::string> privileged_clients;

    [[nodiscard]] bool may_see(std::string_view requester, std::string_view owner) const noexcept;
};

namespace detail {

[[nodiscard]] AUTHWIRE_DECL http_response introspection_answer(oauth::introspection_response const& r);

[[nodiscard]] AUTHWIRE_DECL std::optional<oauth::scope_set> scope_of(std::string const& scope);

// handle_introspection_request(): a public client (method "none") is refused unless
// config.public_client_introspection.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> introspecting_client_refused(
    oauth::token_endpoint_auth_method method, authorization_server_config const& config);

// The answer for a token found but not to be reported active.
[[nodiscard]] AUTHWIRE_DECL std::optional<oauth::introspection_response> inactive_introspection();

// handle_introspection_request(): an access token the format read, `revoked` the revocation store's answer for
// its grant and jti. Active only when not revoked (an error counts as revoked: fail closed) and `requester` may
// see it.
[[nodiscard]] AUTHWIRE_DECL std::optional<oauth::introspection_response> introspect_access_token(
    access_token_info& info, result<bool> const& revoked, std::string_view requester,
    introspection_policy const& policy);

// handle_introspection_request(): the refresh store's answer for a presented token. nullopt when it is not a
// refresh token of ours; inactive when the store failed (fail closed), the token is not its grant's current
// one, or `requester` may not see it.
[[nodiscard]] AUTHWIRE_DECL std::optional<oauth::introspection_response> introspect_refresh_token(
    result<std::optional<refresh_token_info>> found, std::string_view requester, introspection_policy const& policy,
    authorization_server_config const& config);

// handle_introspection_request(): the response for what the search found ({"active":false} for nothing).
[[nodiscard]] AUTHWIRE_DECL http_response introspection_result(std::optional<oauth::introspection_response> found);

} // namespace detail

/// RFC 7662 §2.1–2.3: handle a POST to the introspection endpoint. In order: the form body (405 / 400
/// invalid_request), client authentication (401 invalid_client; public clients — method "none" — only with
/// config.public_client_introspection, the default, and then for their own tokens), `token` present once and `token_type_hint` at most once (400 invalid_request).
/// Then the token is looked for among access tokens and refresh tokens (the hint only orders the search):
///  - an access token `format` reads (authentic, unexpired), whose jti and grant are not revoked ⇒ active, with
///    token_type "Bearer", scope, client_id, sub, aud, iss, exp, iat, jti (RFC 7662 §2.2);
///  - a refresh token that is its grant's current one, unexpired and not revoked ⇒ active, with scope,
///    client_id, sub, aud (the grant's resources) and exp — the token's expiry or its grant's absolute end
///    (refresh_token_policy::family_lifetime), whichever comes first;
///  - a token of a client policy.may_see does not allow, and everything else ⇒ {"active":false}.
/// A store that cannot answer makes the token inactive (fail closed). Responses are JSON and never cached.
/// Never throws.
template <access_token_format F, client_store S, refresh_store R, revocation_store V>
[[nodiscard]] http_response handle_introspection_request(http_request const& req,
                                                         std::chrono::system_clock::time_point now, S const& clients,
                                                         R& refresh_tokens, V const& revocations, F const& format,
                                                         authorization_server_config const& config,
                                                         introspection_policy const& policy = {}) noexcept {
    try {
        auto body = read_form_request(req);
        if (!body) return form_request_error_response(body.error());
        auto client = authenticate_client(req, *body, clients, config.client_authentication());
        if (!client) return client.error().to_http_response();
        if (auto refused = detail::introspecting_client_refused(client->method, config)) return std::move(*refused);
        auto presented = detail::read_presented_token(*body);
        if (!presented) return json_error_response(error::invalid_request, "token is required, and each parameter at most once");
        auto const& requester = client->client.client_id;

        auto try_access = [&]() -> std::optional<oauth::introspection_response> {
            auto info = format.read(presented->token, now);
            if (!info) return std::nullopt;
            return detail::introspect_access_token(*info, revocations.is_revoked(info->family_id, info->jti, now),
                                                   requester, policy);
        };
        auto try_refresh = [&]() -> std::optional<oauth::introspection_response> {
            if (!detail::is_plausible_token(presented->token)) return std::nullopt;
            auto hash = hash_token(presented->token);
            if (!hash) return detail::inactive_introspection();
            return detail::introspect_refresh_token(refresh_tokens.find_refresh_token(*hash, now), requester, policy,
                                                    config);
        };
        auto found = presented->refresh_first ? try_refresh() : try_access();
        if (!found) found = presented->refresh_first ? try_access() : try_refresh();
        return detail::introspection_result(std::move(found));
    } catch (...) {
        return internal_error_response();
    }
}

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/introspection_endpoint.ipp>
#endif
