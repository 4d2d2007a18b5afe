#pragma once
// authwire — the definitions of <authwire/oauth/client_id_metadata_document.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/client_id_metadata_document.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL bool is_client_id_metadata_document_url(std::string_view url) noexcept {
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

}  // namespace authwire::oauth
