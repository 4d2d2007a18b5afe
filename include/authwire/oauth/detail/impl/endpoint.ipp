#pragma once
// authwire — the definitions of <authwire/oauth/detail/endpoint.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/detail/endpoint.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL bool has_sound_authority(boost::urls::url_view u) noexcept {
    auto const path = u.encoded_path();
    return !u.has_authority() || path.empty() || path.front() == '/';
}

AUTHWIRE_DECL result<boost::urls::url> parse_http_url(std::string_view s, error failure_code) {
    auto u = boost::urls::parse_absolute_uri(s);
    if (!u || !has_sound_authority(*u)) return failure_code;
    auto const scheme = u->scheme_id();
    if (scheme != boost::urls::scheme::https && scheme != boost::urls::scheme::http) return failure_code;
    if (!u->has_authority() || u->encoded_host().empty() || u->has_fragment()) return failure_code;
    return boost::urls::url(*u);
}

AUTHWIRE_DECL result<boost::urls::url> parse_endpoint(std::string_view s) {
    return parse_http_url(s, error::invalid_url);
}

AUTHWIRE_DECL bool is_loopback(boost::urls::url_view u) noexcept {
    switch (u.host_type()) {
        case boost::urls::host_type::ipv4:
            return u.encoded_host() == "127.0.0.1";
        case boost::urls::host_type::ipv6:
            return u.encoded_host() == "[::1]";
        case boost::urls::host_type::name:
            return u.encoded_host() == "localhost";
        default:
            return false;
    }
}

AUTHWIRE_DECL bool is_acceptable_scheme(boost::urls::url_view u, bool allow_http_loopback) noexcept {
    if (u.scheme_id() == boost::urls::scheme::https) return true;
    return allow_http_loopback && u.scheme_id() == boost::urls::scheme::http && is_loopback(u);
}

AUTHWIRE_DECL bool is_absolute_uri(std::string_view s) noexcept {
    auto u = boost::urls::parse_absolute_uri(s);
    return u && has_sound_authority(*u);
}

AUTHWIRE_DECL result<void> add_extra(form& body, form const& extra) {
    for (auto const& [name, value] : extra) {
        if (name.empty() || body.count(name) != 0) return error::invalid_argument;
        body.add(name, value);
    }
    return {};
}

AUTHWIRE_DECL result<void> append_query(boost::urls::url& u, std::string_view query) {
    std::string q;
    if (u.has_query()) q = std::string(u.encoded_query());
    if (!q.empty() && !query.empty()) q.push_back('&');
    q.append(query);
    auto pct = boost::urls::make_pct_string_view(q);
    if (!pct) return error::invalid_argument;
    u.set_encoded_query(*pct);
    return {};
}

AUTHWIRE_DECL http_request form_post(boost::urls::url url, form const& body) {
    http_request req;
    req.method = "POST";
    req.url = std::move(url);
    req.headers.append("Content-Type", form_media_type);
    req.headers.append("Accept", json_media_type);
    req.body = body.encode();
    return req;
}

AUTHWIRE_DECL http_request json_get(boost::urls::url url) {
    http_request req;
    req.method = "GET";
    req.url = std::move(url);
    req.headers.append("Accept", json_media_type);
    return req;
}

}  // namespace authwire::oauth::detail
