#pragma once
// authwire — one configuration object for a whole authorization server (RFC 8414 §2, RFC 8707, RFC 6749 §3.3):
// the issuer, the endpoints actually served, the scopes and resources it knows, the client authentication
// methods, and the redirect-URI, authorization-code and refresh-token policies. Every endpoint and the metadata
// documents take this same object, so what is advertised is exactly what is served.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/server/authorization_code.hpp>
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/redirect_uri_policy.hpp>
#include <authwire/server/refresh_rotation.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// RFC 7591 §2: is `client` registered for `grant_type`? An empty grant_types list means the RFC default,
/// ["authorization_code"].
[[nodiscard]] AUTHWIRE_DECL bool client_uses_grant_type(client_record const& client, std::string_view grant_type) noexcept;

/// RFC 7591 §2: is `client` registered for `response_type`? An empty response_types list means the RFC
/// default, ["code"].
[[nodiscard]] AUTHWIRE_DECL bool client_uses_response_type(client_record const& client,
                                                           std::string_view response_type) noexcept;

/// RFC 8414 §2: the configuration of an authorization server. Fill it once, check it with validate(), then
/// share it (read-only, so thread-safe) among the endpoints.
struct authorization_server_config {
    /// RFC 8414 §2 `issuer`: https URL without query or fragment; sent as `iss` in authorization responses
    /// (RFC 9207) and in access tokens.
    std::string issuer;
    std::string authorization_endpoint;                 ///< RFC 6749 §3.1
    std::string token_endpoint;                         ///< RFC 6749 §3.2
    std::optional<std::string> registration_endpoint;   ///< RFC 7591 §3, when open registration is served
    std::optional<std::string> revocation_endpoint;     ///< RFC 7009 §2, when served
    std::optional<std::string> introspection_endpoint;  ///< RFC 7662 §2, when served
    std::optional<std::string> service_documentation;   ///< RFC 8414 §2, a page for developers
    /// RFC 8414 §2 `jwks_uri`: where the access-token signing keys are published (handle_jwks_request in
    /// access_token_keys.hpp), when access tokens are signed asymmetrically (signed_jwt_access_token.hpp).
    std::optional<std::string> jwks_uri;

    /// RFC 6749 §3.3: every scope token the server grants. A request for another is invalid_scope.
    std::vector<std::string> scopes_supported;
    /// RFC 6749 §3.3: the scope granted when a request names none (space-separated; may be empty).
    std::string default_scope;
    /// OpenID Connect Core 1.0 §11, MCP 2026-07-28 (SEP-2207): the OIDC-flavoured refresh policy. On: the scope
    /// `offline_access` is supported (and advertised in the metadata's scopes_supported — list it there only
    /// then: validate() refuses it in scopes_supported otherwise) and the code grant returns a refresh token only
    /// when the granted scope includes it. Off (the default): `offline_access` is not a scope, and every client
    /// registered for refresh_token gets a refresh token. The server never asks for it: keep it out of
    /// default_scope (refused by validate()), of resource metadata and of Bearer challenges — a client asks for
    /// it when it wants a refresh token.
    bool offline_access = false;

    /// RFC 8707 §2: the resources (audiences) tokens may be issued for; absolute URIs, exact match.
    std::vector<std::string> resources;
    /// The resource a token is for when the request names none; nullopt: the only entry of `resources` when
    /// there is exactly one, otherwise none (the token then has no audience).
    std::optional<std::string> default_resource;

    /// RFC 8414 §2 token_endpoint_auth_methods_supported (also used at revocation and introspection). Only
    /// none, client_secret_basic and client_secret_post are implemented.
    std::vector<oauth::token_endpoint_auth_method> token_endpoint_auth_methods{
        std::begin(default_token_endpoint_auth_methods), std::end(default_token_endpoint_auth_methods)};

    redirect_uri_policy redirect_uris{};              ///< at registration and at the authorization endpoint
    authorization_code_policy authorization_codes{};  ///< code lifetime, PKCE (S256 only by default)
    refresh_token_policy refresh_tokens{};            ///< lifetime, rotation grace window
    /// RFC 7662 §2.1, RFC 8414 §2: may a public client (token_endpoint_auth_method "none": it only names
    /// itself) use the introspection endpoint? On (the default, as major servers do): yes, and it learns about
    /// its own tokens only — any other client's token reads {"active":false} (introspection_policy::may_see) —
    /// and the metadata lists "none" in introspection_endpoint_auth_methods_supported when "none" is served.
    /// Off: 401 invalid_client, and "none" is not listed there. The metadata and the endpoint both read this
    /// one switch, so they cannot disagree.
    bool public_client_introspection = true;
    /// RFC 6749 §4.4: serve grant_type=client_credentials to confidential clients registered for it.
    bool client_credentials = false;
    /// draft-ietf-oauth-client-id-metadata-document: URL client_ids are accepted — the endpoints are given a
    /// client_id_metadata_document_store (server/client_id_metadata_document.hpp). Advertised in the metadata
    /// as `client_id_metadata_document_supported`; set it exactly when that is so.
    bool client_id_metadata_document_supported = false;
    /// RFC 6749 §4.1.2: the status of the authorization endpoint's redirects, 302 or 303.
    unsigned authorization_redirect_status = 302;
    /// How long caches may keep the metadata documents.
    std::chrono::seconds metadata_max_age = std::chrono::hours(1);
    /// Accept http:// issuer and endpoints on loopback hosts (tests, local development). Off: https only.
    bool allow_http_loopback = false;
    /// Where client ids and secrets come from (codes and refresh tokens use their policies' sources).
    random_source rng{};

    /// RFC 8414 §2: is the configuration coherent? error::invalid_url / insecure_url for a bad issuer or
    /// endpoint; error::invalid_argument for a default scope outside scopes_supported, a malformed scope token,
    /// a default resource that is not a known resource, a resource that is not an absolute URI, an auth method
    /// that is not implemented, a redirect status other than 302/303, a code or refresh-token lifetime that is
    /// not positive, or a negative access_token_leeway.
    [[nodiscard]] result<void> validate() const;

    /// OpenID Connect Core 1.0 §11: the scope that asks for a refresh token (see offline_access).
    static constexpr std::string_view offline_access_scope = "offline_access";

    /// RFC 6749 §3.3: is `token` a scope this server grants? (`offline_access` when offline_access is on.)
    [[nodiscard]] bool supports_scope(std::string_view token) const noexcept;

    /// RFC 8414 §2 scopes_supported: scopes_supported, plus `offline_access` when offline_access is on.
    [[nodiscard]] std::vector<std::string> advertised_scopes() const;

    /// OpenID Connect Core 1.0 §11, MCP SEP-2207: may the code grant for `granted_scope` return a refresh token
    /// (to a client registered for refresh_token)? Always when offline_access is off; otherwise only when the
    /// granted scope includes `offline_access`.
    [[nodiscard]] bool issues_refresh_token_for(std::string_view granted_scope) const noexcept;

    /// Is `token` listed in scopes_supported as such?
    [[nodiscard]] bool supports_listed(std::string_view token) const noexcept;

    /// RFC 8707 §2: is `resource` one of the known resources (exact string comparison)?
    [[nodiscard]] bool is_known_resource(std::string_view resource) const noexcept;

    /// RFC 8414 §2: is client authentication method `m` served?
    [[nodiscard]] bool serves(oauth::token_endpoint_auth_method m) const noexcept;

    /// RFC 8414 §2 grant_types_supported: authorization_code and refresh_token, and client_credentials when
    /// served.
    [[nodiscard]] std::vector<std::string> grant_types_supported() const;

    /// RFC 7636 §4.3 / RFC 8414 §2 code_challenge_methods_supported: S256, and plain when the code policy allows it.
    [[nodiscard]] std::vector<std::string> code_challenge_methods_supported() const;

    /// RFC 8414 §2: the names of token_endpoint_auth_methods.
    [[nodiscard]] std::vector<std::string> token_endpoint_auth_method_names() const;

    /// RFC 8414 §2 introspection_endpoint_auth_methods_supported: token_endpoint_auth_methods' names, without
    /// "none" when public_client_introspection is off.
    [[nodiscard]] std::vector<std::string> introspection_auth_method_names() const;

    /// The options client authentication runs with at this server's endpoints (realm = the issuer).
    [[nodiscard]] client_authentication_options client_authentication() const noexcept;

    /// RFC 6749 §3.3: the scope to grant for a request's `scope` parameter: empty or absent ⇒ default_scope;
    /// otherwise every token must follow the grammar and be supported, and — when `allowed` is given (the
    /// client's registered scope, or the scope of the grant being refreshed, RFC 6749 §6) — be in it.
    /// error::invalid_scope otherwise. The result is the space-separated scope, duplicates removed.
    [[nodiscard]] result<std::string> resolve_scope(std::optional<std::string_view> requested,
                                                    std::optional<std::string_view> allowed = std::nullopt) const;

    /// RFC 8707 §2: the audiences for a request's `resource` parameters: none ⇒ the default resource (see
    /// default_resource); otherwise each must be a known resource (error::invalid_target), and — when
    /// `allowed` is given (the resources of the grant being redeemed or refreshed, RFC 8707 §2.2) — one of them.
    [[nodiscard]] result<std::vector<std::string>> resolve_resources(
        std::span<std::string_view const> requested,
        std::optional<std::span<std::string const>> allowed = std::nullopt) const;
};

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/authorization_server_config.ipp>
#endif
