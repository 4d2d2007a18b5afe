#pragma once
// authwire adapters — the rule every HTTP adapter enforces before sending anything: TLS everywhere (RFC 9700
// §2.6, RFC 6749 §3.1/§10.9), except plain http to this machine's loopback interface (local development servers,
// RFC 8252 §7.3 listeners). Shared by adapters/beast.hpp and adapters/curl.hpp.

#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/oauth/host_class.hpp>

#include <boost/url/url_view.hpp>

#include <string>

namespace authwire::adapters::detail {

/// True when the URL alone proves the host is this machine: a loopback IP literal (127.0.0.0/8, ::1, IPv4-mapped
/// loopback), or the name `localhost` itself. Other names under `.localhost` (RFC 6761 §6.3) are loopback only
/// where the resolver honours that, so plain http is not sent to them.
[[nodiscard]] inline bool is_loopback_host(boost::urls::url_view url) {
    if (oauth::classify_host(url) != oauth::host_class::loopback) return false;
    return url.host_type() != boost::urls::host_type::name || iequals(url.host(), "localhost");
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

} // namespace authwire::adapters::detail
