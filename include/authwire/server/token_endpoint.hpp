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

// issue_and_respond() once the token is issued: the success response, unless the token (accepted until its
// expiry plus `leeway`) would outlive the revocation list.
[[nodiscard]] AUTHWIRE_DECL http_response checked_token_success(issued_access_token&& at, std::chrono::seconds leeway,
                                                                std::chrono::system_clock::time_point now,
                                                                authorization_server_config const& config,
                                                                secret refresh_token, std::string_view scope);

// exchange_authorization_code() once the code is redeemed: the audience (`resource` may narrow the code's
// resources) into `out`, or the error response.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> code_audience(form const& body,
                                                                       authorization_code_record const& record,
                                                                       authorization_server_config const& config,
                                                                       std::vector<std::string>& out);

// exchange_authorization_code(): the grant (refresh-token family) a redeemed code starts.
[[nodiscard]] AUTHWIRE_DECL refresh_family_record code_grant_family(client_record const& client,
                                                                    authorization_code_record const& record);

// exchange_authorization_code() once the grant is recorded: the access token's grant into `at`, and the refresh
// token to return (empty unless the client is registered for refresh_token and the policy issues one).
[[nodiscard]] AUTHWIRE_DECL secret code_access_token_grant(
    client_record const& client, authorization_code_record& record, std::vector<std::string> audience,
    issued_refresh_token& grant, authorization_server_config const& config, access_token_grant& at);

// refresh_access_token(), narrowing checked against the grant before the rotation: `info` is the refresh store's
// answer for the presented token. The error response, or nullopt to go on.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> check_refresh_narrowing(
    result<std::optional<refresh_token_info>> const& info, client_record const& client,
    std::optional<std::string_view> requested_scope, std::vector<std::string_view> const& requested_resources,
    authorization_server_config const& config);

// refresh_access_token() once the token rotated: the access token's grant (the requested scope and resources
// within the grant's) into `at`, or the error response.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> refreshed_access_token_grant(
    rotated_refresh_token& rotated, client_record const& client, std::optional<std::string_view> requested_scope,
    std::vector<std::string_view> const& requested_resources, authorization_server_config const& config,
    access_token_grant& at);

// client_credentials_token(): the access token's grant into `at`, or the error response.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> client_credentials_grant(
    form const& body, client_record const& client, authorization_server_config const& config, access_token_grant& at);

// handle_token_request() once the client is authenticated: the checks on the parameters and the grant type
// (the error response), or nullopt when grant_type names a grant to run.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> check_token_request(form const& body, client_record const& c,
                                                                             authorization_server_config const& config);

template <access_token_format F>
[[nodiscard]] http_response issue_and_respond(F const& format, access_token_grant const& grant,
                                              std::chrono::system_clock::time_point now,
                                              authorization_server_config const& config, secret refresh_token) {
    auto at = format.issue(grant, now, config.rng);
    if (!at) return json_error_response(error::server_error, "the access token could not be issued");
    return checked_token_success(std::move(*at), format.leeway(), now, config, std::move(refresh_token), grant.scope);
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
    std::vector<std::string> audience;
    if (auto refused = detail::code_audience(body, record, config, audience)) return std::move(*refused);

    auto grant = start_refresh_family(stores.refresh_tokens, detail::code_grant_family(client, record), now,
                                      config.refresh_tokens);
    if (!grant) return json_error_response(store_failure_error(grant.error()), "the grant could not be recorded");
    if (auto r = record_code_exchange(stores.codes, stores.refresh_tokens, stores.revocations, redeemed->code_hash,
                                      grant->family_id, now, config.authorization_codes);
        !r)
        return detail::grant_failure_response(r.error());

    access_token_grant at;
    auto refresh = detail::code_access_token_grant(client, record, std::move(audience), *grant, config, at);
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
            // Only a live token is checked here: a spent one must reach the rotation, which detects the reuse.
            if (auto refused = detail::check_refresh_narrowing(stores.refresh_tokens.find_refresh_token(*hash, now),
                                                               client, requested_scope, requested_resources, config))
                return std::move(*refused);
        }
    }

    auto rotated = rotate_refresh_token(stores.refresh_tokens, stores.revocations, *presented, client.client_id, now,
                                        config.refresh_tokens);
    if (!rotated) return detail::grant_failure_response(rotated.error());
    access_token_grant at;
    if (auto refused =
            detail::refreshed_access_token_grant(*rotated, client, requested_scope, requested_resources, config, at))
        return std::move(*refused);
    return detail::issue_and_respond(format, at, now, config, std::move(rotated->refresh_token));
}

/// RFC 6749 §4.4: grant_type=client_credentials, when configured, for a confidential client registered for it:
/// an access token whose subject is the client itself, for the requested scope (empty ⇒ the default; within the
/// client's registered scope) and resources; no refresh token (§4.4.3).
template <access_token_format F>
[[nodiscard]] http_response client_credentials_token(form const& body, client_record const& client,
                                                     std::chrono::system_clock::time_point now, F const& format,
                                                     authorization_server_config const& config) {
    access_token_grant at;
    if (auto refused = detail::client_credentials_grant(body, client, config, at)) return std::move(*refused);
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
        auto const& c = client->client;
        if (auto refused = detail::check_token_request(*body, c, config)) return std::move(*refused);
        auto const grant_type = body->find("grant_type");
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
