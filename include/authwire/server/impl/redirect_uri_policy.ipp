#pragma once
// authwire — the definitions of <authwire/server/redirect_uri_policy.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/redirect_uri_policy.hpp>

namespace authwire::server {

AUTHWIRE_DECL error_response redirect_uri_rejection::to_error_response() const {
    return {std::string(oauth_error_name(error::invalid_redirect_uri)), std::string(description()), {}, 400};
}

AUTHWIRE_DECL void throw_exception_from_error(redirect_uri_rejection const& r, boost::source_location const& loc) {
    boost::throw_with_location(boost::system::system_error(r.code(), std::string(r.description())), loc);
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL redirect_uri_result<checked_redirect_uri> check_redirect_uri(std::string_view uri,
                                                                           redirect_uri_options const& opt) {
    using reason = redirect_uri_reason;
    if (uri.empty()) return redirect_uri_rejection{reason::empty};
    if (uri.size() > opt.max_length) return redirect_uri_rejection{reason::too_long};
    for (char const c : uri) {
        if (c == '\\') return redirect_uri_rejection{reason::backslash};
        auto const u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return redirect_uri_rejection{reason::invalid_character};
    }
    if (uri.find('#') != std::string_view::npos) return redirect_uri_rejection{reason::fragment};

    auto parsed = boost::urls::parse_uri(uri);
    if (!parsed) return redirect_uri_rejection{reason::not_absolute_uri};
    auto const& u = *parsed;
    if (u.has_fragment()) return redirect_uri_rejection{reason::fragment};

    checked_redirect_uri out;
    out.scheme = u.scheme();
    for (char const c : out.scheme)
        if (is_upper_alpha(c)) return redirect_uri_rejection{reason::scheme_not_lowercase};

    bool const http = out.scheme == "http";
    if (http || out.scheme == "https") {
        // The authority is split here, not taken from Boost.URL: Boost.URL 1.81 reads a host that starts with a
        // dotted quad ("127.0.0.1.nip.io", "1.2.3.4.example.com") as that IPv4 address followed by a rootless
        // path (".nip.io/cb"), which RFC 3986 §3.3 does not allow after an authority. Boost.URL has already
        // checked the grammar of the whole URI above; it still parses the IP literals below.
        auto rest = uri.substr(out.scheme.size() + 1);
        if (!rest.starts_with("//")) return redirect_uri_rejection{reason::missing_host};
        rest.remove_prefix(2);
        auto const authority_end = rest.find_first_of("/?");
        auto const authority = rest.substr(0, authority_end);
        auto const tail = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
        auto const q = tail.find('?');
        out.path = tail.substr(0, q);
        out.has_query = q != std::string_view::npos;
        out.query = out.has_query ? tail.substr(q + 1) : std::string_view{};
        if (authority.find('@') != std::string_view::npos) return redirect_uri_rejection{reason::userinfo};

        std::string_view port;
        bool has_port = false;
        out.host = authority;
        if (authority.starts_with('[')) {
            auto const close = authority.find(']');
            if (close == std::string_view::npos) return redirect_uri_rejection{reason::invalid_host};
            out.host = authority.substr(0, close + 1);
            auto const after = authority.substr(close + 1);
            if (!after.empty()) {
                if (after.front() != ':') return redirect_uri_rejection{reason::invalid_host};
                has_port = true;
                port = after.substr(1);
            }
        } else if (auto const colon = authority.find(':'); colon != std::string_view::npos) {
            out.host = authority.substr(0, colon);
            has_port = true;
            port = authority.substr(colon + 1);
        }
        if (out.host.empty()) return redirect_uri_rejection{reason::missing_host};
        if (out.host.find('%') != std::string_view::npos) return redirect_uri_rejection{reason::invalid_host};

        enum class host_kind { name, ipv4, ipv6 } kind = host_kind::name;
        if (out.host.front() == '[') {
            // RFC 3986 §3.2.2 IP-literal; IPvFuture ("[v1.x]") and zone identifiers do not parse as IPv6.
            auto const v6 = boost::urls::parse_ipv6_address(out.host.substr(1, out.host.size() - 2));
            if (!v6) return redirect_uri_rejection{reason::invalid_host};
            if (out.host != "[" + v6->to_string() + "]") return redirect_uri_rejection{reason::ipv6_not_canonical};
            kind = host_kind::ipv6;
        } else if (boost::urls::parse_ipv4_address(out.host)) {
            kind = host_kind::ipv4;  // exactly four decimal octets without leading zeros (RFC 3986 §3.2.2)
        } else if (auto bad = check_host_name(out.host)) {
            return redirect_uri_rejection{*bad};
        }
        if (has_port && !is_valid_port(port)) return redirect_uri_rejection{reason::invalid_port};
        if (auto bad = check_path(out.path)) return redirect_uri_rejection{*bad};
        if (oauth::query_names_authorization_response_parameter(out.query))
            return redirect_uri_rejection{reason::response_parameter_in_query};

        if (!http) {
            out.kind = redirect_uri_kind::https;
        } else if ((kind == host_kind::ipv4 && out.host == "127.0.0.1") ||
                   (kind == host_kind::ipv6 && out.host == "[::1]")) {
            out.kind = redirect_uri_kind::loopback_ip;
        } else if (kind == host_kind::name && out.host == "localhost") {
            if (!opt.allow_localhost) return redirect_uri_rejection{reason::localhost_not_allowed};
            out.kind = redirect_uri_kind::localhost;
        } else {
            return redirect_uri_rejection{reason::insecure_http};
        }
        return out;
    }

    // RFC 8252 §7.1: a private-use scheme is a reverse domain name, e.g. com.example.app.
    if (!opt.allow_private_use_schemes) return redirect_uri_rejection{reason::scheme_not_allowed};
    if (out.scheme.find('.') == std::string_view::npos || out.scheme.front() == '.' || out.scheme.back() == '.' ||
        out.scheme.find("..") != std::string_view::npos)
        return redirect_uri_rejection{reason::scheme_not_allowed};
    if (u.has_authority()) return redirect_uri_rejection{reason::private_use_authority};
    out.path = u.encoded_path();
    out.has_query = u.has_query();
    out.query = u.encoded_query();
    if (!out.path.starts_with('/')) return redirect_uri_rejection{reason::private_use_path};
    if (auto bad = check_path(out.path)) return redirect_uri_rejection{*bad};
    if (oauth::query_names_authorization_response_parameter(out.query))
        return redirect_uri_rejection{reason::response_parameter_in_query};
    out.kind = redirect_uri_kind::private_use;
    return out;
}

}  // namespace authwire::server::detail

namespace authwire::server {

AUTHWIRE_DECL redirect_uri_result<redirect_uri_kind> redirect_uri_policy::validate(std::string_view uri) const {
    auto checked = detail::check_redirect_uri(uri, options_);
    if (!checked) return checked.error();
    return checked->kind;
}

AUTHWIRE_DECL redirect_uri_result<redirect_uri_kind> redirect_uri_policy::validate(std::string_view uri,
                                                                                   application_type type) const {
    auto checked = check(uri, type);
    if (!checked) return checked.error();
    return checked->kind;
}

AUTHWIRE_DECL application_type redirect_uri_policy::application_type_for(std::span<std::string const> uris) const {
    if (!options_.infer_application_type || uris.empty()) return application_type::web;
    for (auto const& uri : uris) {
        auto checked = check(uri, application_type::native);
        if (!checked || checked->kind == redirect_uri_kind::https) return application_type::web;
    }
    return application_type::native;
}

AUTHWIRE_DECL redirect_uri_result<std::size_t> redirect_uri_policy::match(std::string_view requested,
                                                                          std::span<std::string const> registered,
                                                                          std::optional<application_type> type) const {
    auto req = check(requested, type);
    if (!req) return req.error();
    for (std::size_t i = 0; i < registered.size(); ++i)
        if (registered[i] == requested && check(registered[i], type)) return i;
    if (req->kind != redirect_uri_kind::loopback_ip) return redirect_uri_rejection{redirect_uri_reason::not_registered};
    for (std::size_t i = 0; i < registered.size(); ++i) {
        auto reg = check(registered[i], type);
        if (!reg || reg->kind != redirect_uri_kind::loopback_ip) continue;
        if (reg->scheme == req->scheme && reg->host == req->host && reg->path == req->path &&
            reg->has_query == req->has_query && reg->query == req->query)
            return i;
    }
    return redirect_uri_rejection{redirect_uri_reason::not_registered};
}

AUTHWIRE_DECL redirect_uri_result<std::string> redirect_uri_policy::resolve(
    std::optional<std::string_view> requested, std::span<std::string const> registered,
    std::optional<application_type> type) const {
    if (requested) {
        auto m = match(*requested, registered, type);
        if (!m) return m.error();
        return std::string(*requested);
    }
    if (registered.size() != 1) return redirect_uri_rejection{redirect_uri_reason::missing};
    auto checked = check(registered.front(), type);
    if (!checked) return checked.error();
    return registered.front();
}

AUTHWIRE_DECL redirect_uri_result<detail::checked_redirect_uri> redirect_uri_policy::check(
    std::string_view uri, std::optional<application_type> type) const {
    auto opt = options_;
    if (type == application_type::native && options_.native_allows_private_use_schemes)
        opt.allow_private_use_schemes = true;
    auto checked = detail::check_redirect_uri(uri, opt);
    if (!checked) return checked.error();
    bool const loopback =
        checked->kind == redirect_uri_kind::loopback_ip || checked->kind == redirect_uri_kind::localhost;
    if (type == application_type::web && loopback && !options_.web_allows_loopback)
        return redirect_uri_rejection{redirect_uri_reason::not_for_web_client};
    return checked;
}

}  // namespace authwire::server
