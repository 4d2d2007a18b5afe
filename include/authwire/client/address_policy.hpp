#pragma once
// authwire — which hosts a client may be sent to by a resource's metadata (RFC 9728 §7.7, server-side request
// forgery): classifying a URL's host without resolving it, and the policy discovery applies.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/host_class.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>

#include <boost/url/url_view.hpp>

namespace authwire::client {

/// RFC 6890, RFC 6761 §6.3: what kind of host a URL names (moved to oauth/host_class.hpp, shared with the
/// authorization server's fetches; the names stay here for the client side).
using oauth::host_class;
using oauth::classify_host;

/// RFC 9728 §7.7: where a resource may send a client to fetch metadata — the `resource_metadata` URL of its
/// challenge and the issuers in its `authorization_servers`.
struct address_policy {
    /// Fetch loopback, private and link-local hosts too: tests and closed networks only. Off (default): such
    /// hosts are refused (error::address_not_allowed) unless the resource itself is on a host of the same
    /// class — loopback next to a loopback resource, private next to a private one (a local MCP server, an
    /// intranet) — never link-local or unspecified ones.
    bool allow_internal_hosts = false;
    /// Also require the `resource_metadata` URL to be on the resource's own origin (RFC 6454): a resource then
    /// cannot make the client fetch anything from another host (error::address_not_allowed).
    bool require_same_origin_metadata = false;
};

/// RFC 9728 §7.7: may the client fetch `target`, which the resource at `resource` named? See address_policy.
/// Only the URL is examined: names are not resolved (a sans-IO library does no DNS). An executor that must
/// stop a name resolving to an internal address has to check the address it connects to.
[[nodiscard]] AUTHWIRE_DECL result<void> check_address(boost::urls::url_view target, boost::urls::url_view resource,
                                                       address_policy const& policy);

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/address_policy.ipp>
#endif
