#pragma once
// authwire — where metadata documents live (RFC 8615, RFC 8414 §3.1 and §5, OpenID Connect Discovery §4,
// RFC 9728 §3.1): well-known URL construction and the ordered list of URLs a client tries.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 8615 / RFC 8414 §3.1: where the well-known path goes relative to the identifier's own path.
enum class well_known_placement {
    inserted,  ///< between the host and the path: https://as/.well-known/x/tenant (RFC 8414, RFC 9728)
    appended,  ///< after the path: https://as/tenant/.well-known/x (OpenID Connect Discovery §4)
};

/// The registered well-known suffixes this library looks up.
namespace well_known_suffix {
inline constexpr std::string_view oauth_authorization_server = "oauth-authorization-server";  ///< RFC 8414 §3
inline constexpr std::string_view openid_configuration = "openid-configuration";  ///< OIDC Discovery §4
inline constexpr std::string_view oauth_protected_resource = "oauth-protected-resource";  ///< RFC 9728 §3
} // namespace well_known_suffix

/// One URL to try for a metadata document, and how it was formed.
struct well_known_candidate {
    boost::urls::url url;
    std::string_view suffix;        ///< one of well_known_suffix
    well_known_placement placement;
};

namespace detail {

// An identifier (issuer or resource): absolute http(s), a host, no userinfo, no fragment; optionally no query.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> parse_identifier(std::string_view id, bool query_allowed);

} // namespace detail

/// RFC 8414 §3.1 / RFC 9728 §3.1 (inserted) or OpenID Connect Discovery §4 (appended): the well-known URL for
/// `identifier` and `suffix`. A terminating "/" of the path is removed first; a query is kept after the path.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> well_known_url(
    std::string_view identifier, std::string_view suffix,
    well_known_placement placement = well_known_placement::inserted);

/// RFC 8414 §3.1: the authorization server metadata URL for `issuer`
/// (`https://as/tenant` → `https://as/.well-known/oauth-authorization-server/tenant`). An issuer with a query,
/// userinfo or fragment is error::invalid_url (RFC 8414 §2).
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> authorization_server_metadata_url(std::string_view issuer);

/// RFC 8414 §3.1 and §5, OpenID Connect Discovery §4: the URLs to try, in order — RFC 8414 insertion, OpenID
/// Connect insertion, OpenID Connect appending (the last two collapse into one when the issuer has no path).
[[nodiscard]] AUTHWIRE_DECL result<std::vector<well_known_candidate>> authorization_server_metadata_candidates(
    std::string_view issuer);

/// RFC 9728 §3.1: the protected resource metadata URL for `resource`
/// (`https://rs/mcp` → `https://rs/.well-known/oauth-protected-resource/mcp`).
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> protected_resource_metadata_url(std::string_view resource);

/// RFC 9728 §3.1: the URLs to try, in order — path-aware, then the host's root document (one entry when the
/// resource has neither path nor query).
[[nodiscard]] AUTHWIRE_DECL result<std::vector<well_known_candidate>> protected_resource_metadata_candidates(
    std::string_view resource);

/// RFC 8414 §3.1 / RFC 9728 §3.1: `GET url` with `Accept: application/json`.
[[nodiscard]] AUTHWIRE_DECL http_request make_metadata_request(boost::urls::url_view url);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/metadata/impl/well_known.ipp>
#endif
