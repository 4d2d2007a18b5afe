#pragma once
// authwire — how an MCP client gets its client_id at an authorization server, in the MCP 2026-07-28
// "Client Registration" priority order: pre-registration, a Client ID Metadata Document, Dynamic Client
// Registration (RFC 7591).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/client_id_metadata_document.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <string_view>

namespace authwire::client {

/// Where the client's identity at an authorization server comes from.
enum class client_identity {
    pre_registered,        ///< credentials the client already holds for this issuer (MCP "Pre-registration")
    metadata_document,     ///< an https URL as client_id, naming the client's metadata document (CIMD)
    dynamic_registration,  ///< RFC 7591 at the server's registration_endpoint (client/registration.hpp)
};

/// draft-ietf-oauth-client-id-metadata-document: can `url` be a client_id naming a metadata document (moved
/// to oauth/client_id_metadata_document.hpp, which the authorization server shares; the name stays here).
using oauth::is_client_id_metadata_document_url;

/// MCP 2026-07-28 "Client Registration": choose how to identify to `as`, in the priority order —
///  1. pre-registered credentials, when the caller holds some for this issuer (`has_pre_registered`);
///  2. a Client ID Metadata Document, when the caller has one (`metadata_document_url`) and `as` says
///     `client_id_metadata_document_supported: true`;
///  3. Dynamic Client Registration, when `as` has a registration_endpoint;
///  4. otherwise error::unsupported_operation: the user has to supply a client_id (MCP: "prompt the user").
/// A `metadata_document_url` that cannot be a client_id (is_client_id_metadata_document_url) is
/// error::invalid_url, whether or not it would have been chosen.
[[nodiscard]] AUTHWIRE_DECL result<client_identity> choose_client_identity(
    oauth::authorization_server_metadata const& as, bool has_pre_registered,
    std::string_view metadata_document_url = {});

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/client_identity.ipp>
#endif
