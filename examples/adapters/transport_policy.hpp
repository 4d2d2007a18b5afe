#pragma once
// authwire examples — the rule both HTTP adapters enforce before sending anything: TLS everywhere, except
// plain http to this machine's loopback interface (local development servers, RFC 8252 §7.3 listeners).

#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>

#include <boost/url/url_view.hpp>

#include <string>

namespace authwire::examples {

/// True for 127.0.0.0/8, ::1 and the name "localhost" (which resolves to loopback on every sane host).
[[nodiscard]] inline bool is_loopback_host(boost::urls::url_view url) {
    switch (url.host_type()) {
    case boost::urls::host_type::ipv4: return url.host_ipv4_address().is_loopback();
    case boost::urls::host_type::ipv6: return url.host_ipv6_address().is_loopback();
    case boost::urls::host_type::name: return url.host() == "localhost";
    default: return false;
    }
}

/// The scheme check every adapter applies: https always, http only to loopback.
[[nodiscard]] inline error_code check_transport(http_request const& req) {
    if (!req.url.has_scheme() || !req.url.has_authority() || req.url.host().empty()) return error::invalid_url;
    if (req.url.scheme_id() == boost::urls::scheme::https) return {};
    if (req.url.scheme_id() == boost::urls::scheme::http && is_loopback_host(req.url)) return {};
    return error::insecure_url;
}

/// The port to connect to: the URL's, or the scheme's default.
[[nodiscard]] inline std::string port_of(boost::urls::url_view url) {
    if (url.has_port()) return std::string(url.port());
    return url.scheme_id() == boost::urls::scheme::https ? "443" : "80";
}

} // namespace authwire::examples
