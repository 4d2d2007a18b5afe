#pragma once
// authwire — the token endpoint (RFC 6749 §3.2, §4.1.3, §4.4, §5, §6; RFC 7636 §4.6; RFC 8707 §2.2;
// RFC 9700 §4.14.2): client authentication, then the authorization_code, refresh_token and (when configured)
// client_credentials grants; access tokens issued through any access_token_format; the RFC 6749 §5.1 response
// or the §5.2 error with the right status.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/authorization_code.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/grant_error.hpp>
#include <authwire/server/opaque_token.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// The stores the token endpoint works on (references; the stores must outlive the call).
template <client_store S, code_store C, refresh_store R, revocation_store V>
struct token_endpoint_stores {
    S const& clients;
    C& codes;
    R& refresh_tokens;
    V& revocations;
};

template <class S, class C, class R, class V>
token_endpoint_stores(S&, C&, R&, V&) -> token_endpoint_stores<S, C, R, V>;

namespace detail {

// RFC 6749 §5.1: the successful response, written by the client side's own model (oauth::to_json).
[[nodiscard]] AUTHWIRE_DECL http_response token_success(issued_access_token&& at, secret refresh_token,
                                                        std::string_view scope);

[[nodiscard]] AUTHWIRE_DECL http_response grant_failure_response(grant_error const& g);

// The `resource` parameters of a request, as views into it.
[[nodiscard]] AUTHWIRE_DECL std::vector<std::string_view> resource_parameters(form const& f);

template <access_token_format F>
[[nodiscard]] http_response issue_and_respond(F const& format, access_token_grant const& grant,
                                              std::chrono::system_clock::time_point now,
                                              authorization_server_config const& config, secret refresh_token) {
    auto at = format.issue(grant, now, config.rng);
    if (!at) return json_error_response(error::server_error, "the access token could not be issued");
    // A revoked grant stays on the revocation list for the policies' retention (access_token_lifetime +
    // access_token_leeway); the token is accepted until expires_at + the format's leeway. A token accepted
    // longer would come back to life once its entry lapses. Fail closed on that misconfiguration.
    auto const accepted_for = at->expires_in + format.leeway();
    auto const accepted_until = at->expires_at + format.leeway();
    for (auto const retention : {revocation_retention(config.authorization_codes),
                                 revocation_retention(config.refresh_tokens)})
        if (accepted_for > retention || accepted_until > now + retention)
            return json_error_response(error::server_error, "access tokens outlive the revocation list");
    return token_success(std::move(*at), std::move(refresh_token), grant.scope);
}

}  // namespace detail

/// RFC 6749 §4.1.3, RFC 7636 §4.6, RFC 8707 §2.2: grant_type=authorization_code for an authenticated client.
/// The code is redeemed once (redeem_authorization_code: client, redirect_uri, PKCE — including the downgrade
/// of a verifier for a code issued without a challenge); `resource` may narrow the code's resources
/// (invalid_target otherwise); a grant (refresh-token family) is started and recorded against the code so that a
/// reuse of the code revokes it; the refresh token is returned only to clients registered for refresh_token,
/// and, with config.offline_access (OIDC-flavoured, MCP SEP-2207), only when the granted scope includes
/// `offline_access`.
template <access_token_format F, client_store S, code_store C, refresh_store R, revocation_store V>
[[nodiscard]] http_response exchange_authorization_code(form const& body, client_record const& client,
                                                        std::chrono::system_clock::time_point now,
                                                        token_endpoint_stores<S, C, R, V> stores, F const& format,
                                                        authorization_server_config const& config) {
    auto code = body.find("code");
    if (!code || code->empty()) return json_error_response(error::invalid_request, "code is missing");
    auto redeemed =
        redeem_authorization_code(stores.codes, stores.refresh_tokens, stores.revocations,
                                  {*code, client.client_id, body.find("redirect_uri"), body.find("code_verifier")}, now,
                                  config.authorization_codes);
    if (!redeemed) return detail::grant_failure_response(redeemed.error());
    auto& record = redeemed->record;
    auto const requested = detail::resource_parameters(body);
    auto audience = config.resolve_resources(requested, std::span<std::string const>(record.resources));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource was not authorized");

    refresh_family_record family;
    family.client_id = client.client_id;
    family.subject = record.subject;
    family.scope = record.scope;
    family.resources = record.resources;
    family.claims = record.claims;
    auto grant = start_refresh_family(stores.refresh_tokens, std::move(family), now, config.refresh_tokens);
    if (!grant) return json_error_response(store_failure_error(grant.error()), "the grant could not be recorded");
    if (auto r = record_code_exchange(stores.codes, stores.refresh_tokens, stores.revocations, redeemed->code_hash,
                                      grant->family_id, now, config.authorization_codes);
        !r)
        return detail::grant_failure_response(r.error());

    access_token_grant at{record.subject,       client.client_id, record.scope,
                          std::move(*audience), grant->family_id, std::move(record.claims)};
    secret refresh;
    if (client_uses_grant_type(client, oauth::grant_type::refresh_token) && config.issues_refresh_token_for(at.scope))
        refresh = std::move(grant->refresh_token);
    return detail::issue_and_respond(format, at, now, config, std::move(refresh));
}

/// RFC 6749 §6, RFC 9700 §4.14.2, RFC 8707 §2.2: grant_type=refresh_token for an authenticated client. The
/// requested scope (absent ⇒ the grant's) and resources (absent ⇒ the grant's) must lie within the grant —
/// checked BEFORE the token rotates, so a refused narrowing does not cost the client its refresh token. Then the
/// token rotates (rotate_refresh_token): a spent token presented again revokes the whole grant, refresh and
/// access tokens alike (invalid_grant); of concurrent uses of one token exactly one succeeds.
template <access_token_format F, client_store S, code_store C, refresh_store R, revocation_store V>
[[nodiscard]] http_response refresh_access_token(form const& body, client_record const& client,
                                                 std::chrono::system_clock::time_point now,
                                                 token_endpoint_stores<S, C, R, V> stores, F const& format,
                                                 authorization_server_config const& config) {
    auto presented = body.find("refresh_token");
    if (!presented || presented->empty())
        return json_error_response(error::invalid_request, "refresh_token is missing");
    auto const requested_scope = body.find("scope");
    auto const requested_resources = detail::resource_parameters(body);

    // Narrowing is checked against the grant first (read-only); the rotation below is the authority on
    // whether the token is still usable.
    if ((requested_scope && !requested_scope->empty()) || !requested_resources.empty()) {
        if (detail::is_plausible_token(*presented)) {
            auto hash = hash_token(*presented);
            if (!hash) return json_error_response(error::server_error, "the refresh token could not be processed");
            auto info = stores.refresh_tokens.find_refresh_token(*hash, now);
            if (!info)
                return json_error_response(store_failure_error(info.error()),
                                           "the refresh token could not be looked up");
            // Only a live token is checked here: a spent one must reach the rotation, which detects the reuse.
            if (*info && (*info)->state == refresh_token_state::active &&
                (*info)->family.client_id == client.client_id) {
                auto const& fam = (*info)->family;
                if (requested_scope && !requested_scope->empty() &&
                    !config.resolve_scope(requested_scope, std::string_view(fam.scope)))
                    return json_error_response(error::invalid_scope, "the requested scope exceeds the grant");
                if (!config.resolve_resources(requested_resources, std::span<std::string const>(fam.resources)))
                    return json_error_response(error::invalid_target, "the requested resource was not authorized");
            }
        }
    }

    auto rotated = rotate_refresh_token(stores.refresh_tokens, stores.revocations, *presented, client.client_id, now,
                                        config.refresh_tokens);
    if (!rotated) return detail::grant_failure_response(rotated.error());
    auto& fam = rotated->family;
    std::string scope = fam.scope;
    if (requested_scope && !requested_scope->empty()) {
        auto s = config.resolve_scope(requested_scope, std::string_view(fam.scope));
        if (!s) return json_error_response(error::invalid_scope, "the requested scope exceeds the grant");
        scope = std::move(*s);
    }
    auto audience = config.resolve_resources(requested_resources, std::span<std::string const>(fam.resources));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource was not authorized");
    access_token_grant at{fam.subject,          client.client_id, std::move(scope),
                          std::move(*audience), fam.family_id,    std::move(fam.claims)};
    return detail::issue_and_respond(format, at, now, config, std::move(rotated->refresh_token));
}

/// RFC 6749 §4.4: grant_type=client_credentials, when configured, for a confidential client registered for it:
/// an access token whose subject is the client itself, for the requested scope (empty ⇒ the default; within the
/// client's registered scope) and resources; no refresh token (§4.4.3).
template <access_token_format F>
[[nodiscard]] http_response client_credentials_token(form const& body, client_record const& client,
                                                     std::chrono::system_clock::time_point now, F const& format,
                                                     authorization_server_config const& config) {
    if (!client.client_secret) return json_error_response(error::unauthorized_client, "the client is not confidential");
    auto scope = config.resolve_scope(
        body.find("scope"), client.scope.empty() ? std::nullopt : std::optional<std::string_view>(client.scope));
    if (!scope)
        return json_error_response(error::invalid_scope, "the requested scope is invalid, unknown, or not allowed");
    auto audience = config.resolve_resources(detail::resource_parameters(body));
    if (!audience) return json_error_response(error::invalid_target, "the requested resource is not known");
    access_token_grant at{client.client_id, client.client_id, std::move(*scope), std::move(*audience), {}, {}};
    return detail::issue_and_respond(format, at, now, config, secret{});
}

/// RFC 6749 §3.2 and §5: the token endpoint. A form POST (read_form_request), the client authenticated
/// (authenticate_client, with config.client_authentication()), then by `grant_type`:
/// authorization_code (exchange_authorization_code), refresh_token (refresh_access_token), client_credentials
/// when config.client_credentials (client_credentials_token). Errors (RFC 6749 §5.2): invalid_request (400) for
/// a missing or repeated parameter, invalid_client (401, with a Basic challenge when the Authorization header was
/// used), unauthorized_client (400) for a grant type the client is not registered for, unsupported_grant_type
/// (400), invalid_grant (400), invalid_scope (400), invalid_target (400), server_error (500), and
/// temporarily_unavailable (503) when a store is unavailable (store_failure_error); no token is then issued. Responses are
/// JSON and never cached. Never throws.
template <access_token_format F, client_store S, code_store C, refresh_store R, revocation_store V>
[[nodiscard]] http_response handle_token_request(http_request const& req, std::chrono::system_clock::time_point now,
                                                 token_endpoint_stores<S, C, R, V> stores, F const& format,
                                                 authorization_server_config const& config) noexcept {
    try {
        auto body = read_form_request(req);
        if (!body) return form_request_error_response(body.error());
        auto client = authenticate_client(req, *body, stores.clients, config.client_authentication());
        if (!client) return client.error().to_http_response();
        if (repeated_parameter(*body,
                               {"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope"}))
            return json_error_response(error::invalid_request, "a parameter is repeated");
        auto const grant_type = body->find("grant_type");
        if (!grant_type || grant_type->empty())
            return json_error_response(error::invalid_request, "grant_type is missing");

        auto const& c = client->client;
        bool const known = *grant_type == oauth::grant_type::authorization_code ||
                           *grant_type == oauth::grant_type::refresh_token ||
                           (*grant_type == oauth::grant_type::client_credentials && config.client_credentials);
        if (!known) return json_error_response(error::unsupported_grant_type, "the grant type is not supported");
        if (!client_uses_grant_type(c, *grant_type))
            return json_error_response(error::unauthorized_client, "the client is not registered for this grant type");
        if (*grant_type == oauth::grant_type::authorization_code)
            return exchange_authorization_code(*body, c, now, stores, format, config);
        if (*grant_type == oauth::grant_type::refresh_token)
            return refresh_access_token(*body, c, now, stores, format, config);
        return client_credentials_token(*body, c, now, format, config);
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/token_endpoint.ipp>
#endif
