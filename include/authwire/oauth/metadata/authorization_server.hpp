#pragma once
// authwire — authorization server metadata (RFC 8414 §2, §3.2, §3.3): the document, its validation, its JSON.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 8414 §2 (+ RFC 7009, RFC 7662, RFC 8628 §4, RFC 9126 §5, RFC 9207 §3, OpenID Connect Discovery, Client ID
/// Metadata Documents):
/// what an authorization server says about itself. Lists are nullopt when absent, so the RFC defaults stay
/// visible (see the accessors). Members not named here are kept in `extra`; `signed_metadata` is kept there
/// too and NOT verified.
struct authorization_server_metadata {
    std::string issuer;
    std::optional<std::string> authorization_endpoint;
    std::optional<std::string> token_endpoint;
    std::optional<std::string> jwks_uri;
    std::optional<std::string> registration_endpoint;
    std::optional<std::vector<std::string>> scopes_supported;
    std::vector<std::string> response_types_supported;  ///< required by §2
    std::optional<std::vector<std::string>> response_modes_supported;
    std::optional<std::vector<std::string>> grant_types_supported;
    std::optional<std::vector<std::string>> token_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> token_endpoint_auth_signing_alg_values_supported;
    std::optional<std::string> service_documentation;
    std::optional<std::vector<std::string>> ui_locales_supported;
    std::optional<std::string> op_policy_uri;
    std::optional<std::string> op_tos_uri;
    std::optional<std::string> revocation_endpoint;
    std::optional<std::vector<std::string>> revocation_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> revocation_endpoint_auth_signing_alg_values_supported;
    std::optional<std::string> introspection_endpoint;
    std::optional<std::vector<std::string>> introspection_endpoint_auth_methods_supported;
    std::optional<std::vector<std::string>> introspection_endpoint_auth_signing_alg_values_supported;
    std::optional<std::vector<std::string>> code_challenge_methods_supported;
    std::optional<std::string> device_authorization_endpoint;          ///< RFC 8628 §4
    std::optional<std::string> pushed_authorization_request_endpoint;  ///< RFC 9126 §5
    std::optional<bool> require_pushed_authorization_requests;         ///< RFC 9126 §5
    std::optional<bool> authorization_response_iss_parameter_supported;  ///< RFC 9207 §3
    std::optional<std::string> userinfo_endpoint;                      ///< OpenID Connect Discovery §3
    /// OpenID Connect Discovery §3: the JWS algorithms the server signs ID tokens with.
    std::optional<std::vector<std::string>> id_token_signing_alg_values_supported;
    /// OAuth Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document, AS metadata): the
    /// server accepts an https URL as client_id and fetches the client's metadata from it.
    std::optional<bool> client_id_metadata_document_supported;
    boost::json::object extra;

    /// RFC 8414 §2: token_endpoint_auth_methods_supported, or its default ["client_secret_basic"].
    [[nodiscard]] std::vector<std::string> token_endpoint_auth_methods() const;
    /// RFC 8414 §2: grant_types_supported, or its default ["authorization_code", "implicit"].
    [[nodiscard]] std::vector<std::string> grant_types() const;
    /// RFC 8414 §2: response_modes_supported, or its default ["query", "fragment"].
    [[nodiscard]] std::vector<std::string> response_modes() const;
    /// RFC 7636 §4.3 / RFC 8414 §2: the server says it supports PKCE with S256 (absent list: not known).
    [[nodiscard]] bool supports_s256() const;
    /// draft-ietf-oauth-client-id-metadata-document: URL client_ids are accepted (absent: not known, false).
    [[nodiscard]] bool supports_client_id_metadata_documents() const noexcept;
    /// RFC 9207 §2.4: the client must require `iss` in authorization responses.
    [[nodiscard]] bool iss_parameter_required() const noexcept;
};

/// How metadata is validated.
struct metadata_options {
    /// Accept http:// issuers and endpoints on loopback hosts (127.0.0.1, [::1], localhost): tests and
    /// local development only. Off: every endpoint must be https (RFC 8414 §2, RFC 9700 §2.6).
    bool allow_http_loopback = false;
    json_limits limits{};
};

namespace detail {

// RFC 8414 §2: an issuer identifier — https (or loopback http when allowed), a host, no query, no fragment.
[[nodiscard]] AUTHWIRE_DECL result<void> check_issuer_identifier(std::string_view issuer, bool allow_http_loopback);

// An endpoint in metadata: an absolute http(s) URL (error::malformed_url) that is https (error::insecure_url).
[[nodiscard]] AUTHWIRE_DECL result<void> check_endpoint(std::optional<std::string> const& s, bool allow_http_loopback);

} // namespace detail

/// RFC 8414 §3.2/§3.3: read and validate metadata from its JSON object. The `issuer` must equal
/// `expected_issuer` exactly, code point for code point (error::wrong_issuer) and be a valid issuer identifier;
/// `response_types_supported` is required; every endpoint and jwks_uri must be an https URL
/// (error::insecure_url; see metadata_options); members must have their registered types.
[[nodiscard]] AUTHWIRE_DECL result<authorization_server_metadata> authorization_server_metadata_from_json(
    boost::json::object const& o, std::string_view expected_issuer, metadata_options const& opt = {});

/// RFC 8414 §3.2/§3.3: interpret the metadata response: 200 with a JSON object, validated as
/// authorization_server_metadata_from_json says. Other statuses are failures (error::unexpected_status, or
/// the peer's error response when it sent one) — a discovery driver decides which ones mean "try the next
/// candidate URL".
[[nodiscard]] AUTHWIRE_DECL outcome<authorization_server_metadata> parse_authorization_server_metadata_response(
    http_response const& resp, std::string_view expected_issuer, metadata_options const& opt = {}) noexcept;

/// RFC 8414 §3.2: the metadata as a JSON object (what a server publishes). Absent members are omitted.
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(authorization_server_metadata const& m);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/metadata/impl/authorization_server.ipp>
#endif
