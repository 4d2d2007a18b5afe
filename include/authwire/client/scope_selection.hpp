#pragma once
// authwire — which scope an MCP client asks for in its first authorization request (MCP 2025-11-25
// "Scope Selection Strategy", RFC 6750 §3, RFC 9728 §2).

#include <authwire/core/detail/config.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/scope.hpp>

#include <optional>
#include <string_view>

namespace authwire::client {

/// MCP "Scope Selection Strategy" (RFC 6750 §3 `scope`, RFC 9728 §2 `scopes_supported`): the scope to request,
/// in this order —
///  1. the `scope` of the resource's 401 challenge, when it has a non-empty one (least privilege: what this
///     operation needs);
///  2. otherwise every entry of the protected resource metadata's `scopes_supported`;
///  3. otherwise none: the empty set, for which the authorization request omits the `scope` parameter.
/// Nothing is ever added — in particular not `offline_access`, which is not a resource's requirement (MCP asks
/// servers not to list it; a client that wants refresh tokens adds it itself, and only when the authorization
/// server lists it). A challenge scope or a `scopes_supported` entry off the RFC 6749 §3.3 grammar is
/// error::malformed_header / error::malformed_response.
[[nodiscard]] AUTHWIRE_DECL result<oauth::scope_set> select_scope(std::optional<std::string_view> challenge_scope,
                                                                  oauth::protected_resource_metadata const* resource);

/// The same choice from what discovery found: its 401's scope, else its resource's scopes_supported, else none.
[[nodiscard]] AUTHWIRE_DECL result<oauth::scope_set> select_scope(discovery_result const& found);

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/scope_selection.ipp>
#endif
