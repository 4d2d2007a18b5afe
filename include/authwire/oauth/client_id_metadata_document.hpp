#pragma once
// authwire — OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document), what both sides
// share: which URLs can be a client_id that names a metadata document. The client chooses such an identity
// (client/client_identity.hpp); the authorization server resolves it (server/client_id_metadata_document.hpp).

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <string_view>

namespace authwire::oauth {

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

} // namespace authwire::oauth
