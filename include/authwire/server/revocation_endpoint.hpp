#pragma once
// authwire — the token revocation endpoint (RFC 7009): an authenticated client revokes one of its access tokens
// (by its `jti`, for as long as the format would accept it) or refresh tokens (the whole grant: its refresh
// tokens and every access token issued from it). Unknown tokens are answered with 200, like revoked ones.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/detail/presented_token.hpp>
#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace authwire::server {

/// What a revocation request did (for the application's logs and tests; the client only sees the response).
enum class revocation_outcome : unsigned char {
    access_token_revoked,   ///< an access token of the client: its jti is revoked until it expires (+ leeway)
    refresh_family_revoked, ///< a refresh token of the client: its grant is revoked (refresh and access tokens)
    unknown_token,          ///< not a live token of ours (unknown, expired, malformed): 200 all the same
    foreign_token,          ///< a token of another client: refused, nothing revoked
    refused,                ///< the request or the client authentication failed
    store_failure,          ///< a store could not answer: 503
};

/// The HTTP response and what it reflects.
struct revocation_result {
    http_response response;
    revocation_outcome outcome = revocation_outcome::refused;
};

namespace detail {

[[nodiscard]] AUTHWIRE_DECL revocation_result revocation_answer(revocation_outcome o);

} // namespace detail

/// RFC 7009 §2.1–2.2: handle a POST to the revocation endpoint. In order: the form body (405 / 400
/// invalid_request), client authentication as at the token endpoint (401 invalid_client, with a Basic
/// challenge when the Authorization header was used), `token` present once and `token_type_hint` at most once
/// (400 invalid_request). Then the token is looked for among refresh tokens and access tokens — refresh tokens
/// first when the hint says so, access tokens first otherwise; a wrong hint only changes the order (§2.1):
///  - a refresh token of this client: its grant is revoked (revoke_refresh_token: every refresh token of the
///    family, and the family on the revocation list so its access tokens fail) ⇒ 200;
///  - an access token of this client that `format` reads: its jti is revoked until it is no longer accepted
///    (its expiry plus format.leeway()) ⇒ 200;
///  - a token of another client ⇒ 400 unauthorized_client, nothing revoked (§2.1: "the request is refused");
///  - anything else (unknown, expired, malformed, already revoked) ⇒ 200 (§2.2);
///  - a store failure ⇒ 503 temporarily_unavailable (§2.2.1).
/// Responses are never cached. Never throws.
template <access_token_format F, client_store S, refresh_store R, revocation_store V>
[[nodiscard]] revocation_result handle_revocation_request(http_request const& req,
                                                          std::chrono::system_clock::time_point now,
                                                          S const& clients, R& refresh_tokens, V& revocations,
                                                          F const& format,
                                                          authorization_server_config const& config) noexcept {
    try {
        auto body = read_form_request(req);
        if (!body) return {form_request_error_response(body.error()), revocation_outcome::refused};
        auto client = authenticate_client(req, *body, clients, config.client_authentication());
        if (!client) return {client.error().to_http_response(), revocation_outcome::refused};
        auto presented = detail::read_presented_token(*body);
        if (!presented)
            return {json_error_response(error::invalid_request, "token is required, and each parameter at most once"),
                    revocation_outcome::refused};
        auto const& client_id = client->client.client_id;

        auto try_refresh = [&]() -> std::optional<revocation_outcome> {
            auto r = revoke_refresh_token(refresh_tokens, revocations, presented->token, client_id, now,
                                          config.refresh_tokens);
            if (!r) return revocation_outcome::store_failure;
            switch (*r) {
            case refresh_revocation::revoked: return revocation_outcome::refresh_family_revoked;
            case refresh_revocation::client_mismatch: return revocation_outcome::foreign_token;
            case refresh_revocation::unknown: break;
            }
            return std::nullopt;
        };
        auto try_access = [&]() -> std::optional<revocation_outcome> {
            auto info = format.read(presented->token, now);
            if (!info) return std::nullopt;  // not a live access token of ours
            if (info->client_id != client_id) return revocation_outcome::foreign_token;
            // Revoked for as long as `format` would accept it: past its expiry by the format's leeway.
            if (auto r = revocations.revoke_jti(info->jti, info->expires_at + format.leeway()); !r)
                return revocation_outcome::store_failure;
            return revocation_outcome::access_token_revoked;
        };
        auto found = presented->refresh_first ? try_refresh() : try_access();
        if (!found) found = presented->refresh_first ? try_access() : try_refresh();
        return detail::revocation_answer(found.value_or(revocation_outcome::unknown_token));
    } catch (...) {
        return detail::revocation_answer(revocation_outcome::refused);
    }
}

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/revocation_endpoint.ipp>
#endif
