#pragma once
// authwire — the Location header field of a redirect (RFC 9110 §10.2.2): a value resolved against the URL
// of the request it answered (RFC 3986 §5.2), for code that follows redirects itself (executors never do).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

#include <exception>
#include <string>
#include <string_view>

namespace authwire {

/// What a resolved Location may be.
struct location_options {
    /// Refuse a result that is not an http(s) URL with a host (error::insecure_url): `javascript:`, `data:`,
    /// `file:`, a private-use scheme … Off: any absolute URI (e.g. to recognise a native app's redirect URI).
    bool http_only = true;
};

/// RFC 9110 §10.2.2: the URL a redirect sends the client to — `location` (the field value: an absolute URL,
/// an absolute path, a relative path with dot segments, a query only, or a scheme-relative "//host/x") resolved
/// against `target`, the absolute URL of the request that got the redirect (RFC 3986 §5.2.2). A Location
/// without a fragment inherits the fragment of `target` (§10.2.2); one with a fragment keeps its own.
/// An empty or unparseable value is error::malformed_header; a `target` that is not absolute is
/// error::invalid_url; a result that is not http(s) with a host is error::insecure_url (see location_options).
/// Following is the caller's decision: bound the hops (e.g. 10) and apply its transport policy to each URL.
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> resolve_location(boost::urls::url_view target,
                                                                      std::string_view location,
                                                                      location_options const& opt = {}) noexcept;

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/location.ipp>
#endif
