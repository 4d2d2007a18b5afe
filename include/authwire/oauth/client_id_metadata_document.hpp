#pragma once
// authwire — OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document), what both sides
// share: which URLs can be a client_id that names a metadata document. The client chooses such an identity
// (client/client_identity.hpp); the authorization server resolves it (server/client_id_metadata_document.hpp).

#include <authwire/core/detail/config.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <string_view>

namespace authwire::oauth {

/// draft-ietf-oauth-client-id-metadata-document (client identifier): can `url` be a client_id that names a
/// metadata document — https, a host, a path other than "/", no "." or ".." segments, no fragment, no
/// userinfo? (A query is discouraged, not forbidden.)
[[nodiscard]] AUTHWIRE_DECL bool is_client_id_metadata_document_url(std::string_view url) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/client_id_metadata_document.ipp>
#endif
