#pragma once
// authwire — the discovery documents an authorization server and its resource servers publish: RFC 8414 §2
// authorization server metadata and RFC 9728 §2 protected resource metadata, generated from the configuration
// actually wired (nothing is advertised that is not served), and the endpoint that serves them (RFC 8414 §3,
// RFC 9728 §3: GET on the well-known URL, JSON, cacheable).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// RFC 8414 §2 (+ RFC 7009, RFC 7662, RFC 7636 §4.3, RFC 9207 §3): the metadata of the server `config`
/// describes. Endpoints appear only when configured; response type `code` in `query` mode only; grant types,
/// client authentication methods and PKCE methods exactly as served; `authorization_response_iss_parameter_supported`
/// is true because the authorization endpoint always sends `iss`.
[[nodiscard]] AUTHWIRE_DECL oauth::authorization_server_metadata make_authorization_server_metadata(
    authorization_server_config const& config);

/// What a resource server says about itself beyond what the authorization server configuration knows.
struct protected_resource_description {
    std::string resource;                                      ///< RFC 9728 §2 `resource`: one of config.resources
    std::optional<std::vector<std::string>> scopes_supported;  ///< nullopt: the authorization server's scopes
    std::optional<std::string> resource_name;
    std::optional<std::string> resource_documentation;
};

/// RFC 9728 §2: the metadata of a protected resource from its own facts alone — for a resource server that is
/// not (and does not configure) the authorization server: `resource` = description.resource (an absolute http(s)
/// URL without a fragment, else error::invalid_url), `authorization_servers` = the issuers whose tokens it
/// accepts (at least one, each an absolute http(s) URL, else error::invalid_argument / error::invalid_url),
/// `bearer_methods_supported` = ["header"] (RFC 6750 §2.1 only), `scopes_supported` when described.
[[nodiscard]] AUTHWIRE_DECL result<oauth::protected_resource_metadata> make_protected_resource_metadata(
    protected_resource_description const& description, std::vector<std::string> authorization_servers);

/// RFC 9728 §2: the metadata of a protected resource served by tokens of `config`'s authorization server:
/// `authorization_servers` = [issuer], `bearer_methods_supported` = ["header"] (RFC 6750 §2.1 only), the
/// scopes (the description's, else the authorization server's). `description.resource` must be a known resource
/// of the configuration (error::invalid_target).
[[nodiscard]] AUTHWIRE_DECL result<oauth::protected_resource_metadata> make_protected_resource_metadata(
    authorization_server_config const& config, protected_resource_description const& description);

/// RFC 8414 §3 / RFC 9728 §3: serve a metadata document (the JSON object of one of the documents above) at
/// its well-known URL: GET (or HEAD, without body) ⇒ 200 application/json, cacheable for `max_age`; any other
/// method ⇒ 405 with `Allow: GET, HEAD`. Routing by path is the application's.
[[nodiscard]] AUTHWIRE_DECL http_response serve_metadata(http_request const& req, boost::json::object const& document,
                                                         std::chrono::seconds max_age);

/// RFC 8414 §3: the authorization server metadata endpoint for `config` (see serve_metadata).
[[nodiscard]] AUTHWIRE_DECL http_response
handle_authorization_server_metadata(http_request const& req, authorization_server_config const& config);

/// RFC 9728 §3: the protected resource metadata endpoint for `description` (see serve_metadata); 404 with
/// invalid_target when the resource is not known to `config`.
[[nodiscard]] AUTHWIRE_DECL http_response
handle_protected_resource_metadata(http_request const& req, authorization_server_config const& config,
                                   protected_resource_description const& description);

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/metadata_documents.ipp>
#endif
