#pragma once
// authwire — how an MCP client gets its client_id at an authorization server, in the MCP 2026-07-28
// "Client Registration" priority order: pre-registration, a Client ID Metadata Document, Dynamic Client
// Registration (RFC 7591).

#include <authwire/core/result.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <string_view>

namespace authwire::client {

/// Where the client's identity at an authorization server comes from.
enum class client_identity {
    pre_registered,        ///< credentials the client already holds for this issuer (MCP "Pre-registration")
    metadata_document,     ///< an https URL as client_id, naming the client's metadata document (CIMD)
    dynamic_registration,  ///< RFC 7591 at the server's registration_endpoint (client/registration.hpp)
};

/// draft-ietf-oauth-client-id-metadata-document (client identifier): can `url` be a client_id that names a
/// metadata document — https, a host, a path other than "/", no "." or ".." segments, no fragment, no
/// userinfo? (A query is discouraged, not forbidden.)
[[nodiscard]] inline bool is_client_id_metadata_document_url(std::string_view url) noexcept {
    auto u = boost::urls::parse_absolute_uri(url);
    if (!u || u->scheme_id() != boost::urls::scheme::https) return false;
    if (!u->has_authority() || u->encoded_host().empty() || u->has_userinfo() || u->has_fragment()) return false;
    std::string_view path = u->encoded_path();
    if (path.empty() || path == "/" || path.front() != '/') return false;
    while (!path.empty()) {  // each "/segment"; Boost.URL's segment view hides a leading "/."
        path.remove_prefix(1);
        auto const seg = path.substr(0, path.find('/'));
        for (auto dots : {".", "..", "%2e", "%2E", "%2e%2e", "%2E%2E", ".%2e", ".%2E", "%2e.", "%2E."})
            if (seg == dots) return false;
        path.remove_prefix(seg.size());
    }
    return true;
}

/// MCP 2026-07-28 "Client Registration": choose how to identify to `as`, in the priority order —
///  1. pre-registered credentials, when the caller holds some for this issuer (`has_pre_registered`);
///  2. a Client ID Metadata Document, when the caller has one (`metadata_document_url`) and `as` says
///     `client_id_metadata_document_supported: true`;
///  3. Dynamic Client Registration, when `as` has a registration_endpoint;
///  4. otherwise error::unsupported_operation: the user has to supply a client_id (MCP: "prompt the user").
/// A `metadata_document_url` that cannot be a client_id (is_client_id_metadata_document_url) is
/// error::invalid_url, whether or not it would have been chosen.
[[nodiscard]] inline result<client_identity> choose_client_identity(oauth::authorization_server_metadata const& as,
                                                                    bool has_pre_registered,
                                                                    std::string_view metadata_document_url = {}) {
    if (!metadata_document_url.empty() && !is_client_id_metadata_document_url(metadata_document_url))
        return error::invalid_url;
    if (has_pre_registered) return client_identity::pre_registered;
    if (!metadata_document_url.empty() && as.supports_client_id_metadata_documents())
        return client_identity::metadata_document;
    if (as.registration_endpoint && !as.registration_endpoint->empty()) return client_identity::dynamic_registration;
    return error::unsupported_operation;
}

} // namespace authwire::client
