#pragma once
// authwire — internal: endpoint URLs a client sends requests to, and the request shapes it sends.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <boost/url/host_type.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <string>
#include <string_view>

namespace authwire::oauth::detail {

inline constexpr std::string_view form_media_type = "application/x-www-form-urlencoded";
inline constexpr std::string_view json_media_type = "application/json";

// RFC 3986 §3.3: after an authority the path is empty or begins with "/". Boost.URL 1.81 breaks this for hosts
// that begin like an IPv4 address ("http://127.0.0.1.nip.io" parses as host 127.0.0.1 and path ".nip.io",
// boostorg/url#755) — such a URL must never pass for a loopback one, so it is refused as malformed.
[[nodiscard]] AUTHWIRE_DECL bool has_sound_authority(boost::urls::url_view u) noexcept;

// An absolute http(s) URL with a host and without a fragment (RFC 6749 §3.1, §3.2), or `failure_code`.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> parse_http_url(std::string_view s, error failure_code);

// An endpoint URL the caller supplied: absolute http(s), a host, no fragment; otherwise error::invalid_url.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> parse_endpoint(std::string_view s);

// RFC 8252 §7.3/§8.3: a loopback host — the IPv4 literal 127.0.0.1, the IPv6 literal [::1], or "localhost".
[[nodiscard]] AUTHWIRE_DECL bool is_loopback(boost::urls::url_view u) noexcept;

// RFC 6749 §3.1, RFC 8414 §2, RFC 9700 §2.6: https, or plain http to a loopback host when the caller
// explicitly allowed it (tests and local development).
[[nodiscard]] AUTHWIRE_DECL bool is_acceptable_scheme(boost::urls::url_view u, bool allow_http_loopback) noexcept;

// RFC 3986 §4.3 absolute-URI (no fragment): what RFC 8707 §2 requires of `resource` and RFC 6749 §3.1.2 of
// a redirection URI.
[[nodiscard]] AUTHWIRE_DECL bool is_absolute_uri(std::string_view s) noexcept;

// Adds every `resource` (RFC 8707 §2), or error::invalid_argument when one is not an absolute URI.
template <class Range>
[[nodiscard]] result<void> add_resources(form& body, Range const& resources) {
    for (auto const& r : resources) {
        if (!is_absolute_uri(r)) return error::invalid_argument;
        body.add("resource", r);
    }
    return {};
}

// Appends the caller's extra parameters, refusing any that would repeat a parameter already present.
[[nodiscard]] AUTHWIRE_DECL result<void> add_extra(form& body, form const& extra);

// Append `query` (already form-encoded) to the query of `u`, keeping what was there (RFC 6749 §3.1).
[[nodiscard]] AUTHWIRE_DECL result<void> append_query(boost::urls::url& u, std::string_view query);

// A form POST to `url` that expects a JSON answer (RFC 6749 §3.2, §4.1.3; RFC 7009 §2.1; RFC 7662 §2.1).
[[nodiscard]] AUTHWIRE_DECL http_request form_post(boost::urls::url url, form const& body);

// A GET of a JSON document (RFC 8414 §3.1, RFC 9728 §3.1).
[[nodiscard]] AUTHWIRE_DECL http_request json_get(boost::urls::url url);

} // namespace authwire::oauth::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/detail/impl/endpoint.ipp>
#endif
