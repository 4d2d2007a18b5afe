#pragma once
// authwire — the definitions of <authwire/oauth/metadata/well_known.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/metadata/well_known.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<boost::urls::url> parse_identifier(std::string_view id, bool query_allowed) {
    auto u = parse_http_url(id, error::invalid_url);
    if (!u) return u.error();
    if (u->has_userinfo() || (!query_allowed && u->has_query())) return error::invalid_url;
    return u;
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<boost::urls::url> well_known_url(std::string_view identifier, std::string_view suffix,
                                                      well_known_placement placement) {
    auto u = detail::parse_identifier(identifier, true);
    if (!u) return u.error();
    if (suffix.empty() || suffix.find_first_of("/?#") != std::string_view::npos) return error::invalid_argument;
    std::string path(u->encoded_path());
    if (!path.empty() && path.back() == '/') path.pop_back();
    std::string s(u->scheme());
    s += "://";
    s += u->encoded_authority();
    std::string const well_known = "/.well-known/" + std::string(suffix);
    if (placement == well_known_placement::inserted) {
        s += well_known;
        s += path;
    } else {
        s += path;
        s += well_known;
    }
    if (u->has_query()) {
        s.push_back('?');
        s += u->encoded_query();
    }
    auto out = boost::urls::parse_absolute_uri(s);
    if (!out) return error::invalid_url;
    return boost::urls::url(*out);
}

AUTHWIRE_DECL result<boost::urls::url> authorization_server_metadata_url(std::string_view issuer) {
    if (auto u = detail::parse_identifier(issuer, false); !u) return u.error();
    return well_known_url(issuer, well_known_suffix::oauth_authorization_server);
}

AUTHWIRE_DECL result<std::vector<well_known_candidate>> authorization_server_metadata_candidates(
    std::string_view issuer) {
    if (auto u = detail::parse_identifier(issuer, false); !u) return u.error();
    std::vector<well_known_candidate> out;
    for (auto [suffix, placement] :
         {std::pair{well_known_suffix::oauth_authorization_server, well_known_placement::inserted},
          std::pair{well_known_suffix::openid_configuration, well_known_placement::inserted},
          std::pair{well_known_suffix::openid_configuration, well_known_placement::appended}}) {
        auto url = well_known_url(issuer, suffix, placement);
        if (!url) return url.error();
        bool const seen = std::any_of(out.begin(), out.end(),
                                      [&](well_known_candidate const& c) { return c.url.buffer() == url->buffer(); });
        if (!seen) out.push_back({std::move(*url), suffix, placement});
    }
    return out;
}

AUTHWIRE_DECL result<boost::urls::url> protected_resource_metadata_url(std::string_view resource) {
    return well_known_url(resource, well_known_suffix::oauth_protected_resource);
}

AUTHWIRE_DECL result<std::vector<well_known_candidate>> protected_resource_metadata_candidates(
    std::string_view resource) {
    auto path_aware = protected_resource_metadata_url(resource);
    if (!path_aware) return path_aware.error();
    std::vector<well_known_candidate> out;
    auto root_url = *path_aware;
    root_url.set_encoded_path("/.well-known/oauth-protected-resource");
    root_url.remove_query();
    bool const same = root_url.buffer() == path_aware->buffer();
    out.push_back(
        {std::move(*path_aware), well_known_suffix::oauth_protected_resource, well_known_placement::inserted});
    if (!same)
        out.push_back(
            {std::move(root_url), well_known_suffix::oauth_protected_resource, well_known_placement::inserted});
    return out;
}

AUTHWIRE_DECL http_request make_metadata_request(boost::urls::url_view url) {
    return detail::json_get(boost::urls::url(url));
}

}  // namespace authwire::oauth
