#pragma once
// authwire adapters — the server side of Boost.Beast: a received Beast request as the http_request authwire's
// server endpoints take (its absolute URL built from the server's configured public origin and the request
// target), and their http_response as a Beast response to send. No I/O: the server reads and writes the messages.
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. CMake target
// `authwire::beast`; from the single header, include single_include/authwire/adapters/beast_server.hpp.

#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace authwire::adapters {

/// A request as a Beast server reads it (`boost::beast::http::request_parser<string_body>::get()`).
using beast_server_request = boost::beast::http::request<boost::beast::http::string_body>;
/// A response as a Beast server writes it.
using beast_server_response = boost::beast::http::response<boost::beast::http::string_body>;

namespace detail {

// The public origin as configured: "http" or "https", an authority without userinfo, nothing after it (an empty
// path or "/"). Its serialisation "scheme://authority"; anything else is error::invalid_url — a deployment
// mistake, not the peer's.
[[nodiscard]] inline result<std::string> parse_server_origin(std::string_view origin) {
    auto u = boost::urls::parse_absolute_uri(origin);
    if (!u) return error::invalid_url;
    auto const scheme = u->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https) return error::invalid_url;
    if (!u->has_authority() || u->encoded_host().empty() || u->has_userinfo()) return error::invalid_url;
    if (u->has_query() || u->has_fragment()) return error::invalid_url;
    if (!u->encoded_path().empty() && u->encoded_path() != "/") return error::invalid_url;
    return std::string(u->encoded_origin());
}

// RFC 9110 §5.1, §5.5: a field name is a token; a value has no CR, LF or NUL (what would split the response).
[[nodiscard]] inline bool is_field_name(std::string_view name) noexcept {
    if (name.empty()) return false;
    for (char const c : name) {
        bool const alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && std::string_view("!#$%&'*+-.^_`|~").find(c) == std::string_view::npos) return false;
    }
    return true;
}
[[nodiscard]] inline bool is_field_value(std::string_view value) noexcept {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

}  // namespace detail

namespace detail {

// from_beast_request without the body.
[[nodiscard]] inline result<http_request> from_beast_head(beast_server_request const& in, std::string_view origin) {
    auto base = parse_server_origin(origin);
    if (!base) return base.error();
    std::string_view const raw(in.target().data(), in.target().size());
    auto const target = boost::urls::parse_origin_form(raw);
    if (!target || !raw.starts_with('/')) return error::malformed_url;
    // The origin then the target, as text: after an authority, a path that starts with "/" (even "//") is a path.
    // Parsed again and compared part by part, so that no target can move the URL to another authority, and the
    // path and query are exactly as received (Boost.URL's setters would rewrite "//x" and "/./x").
    std::string const text = *base + std::string(raw);
    auto const whole = boost::urls::parse_absolute_uri(text);
    if (!whole || whole->encoded_origin() != *base || whole->encoded_path() != target->encoded_path() ||
        whole->has_query() != target->has_query() || whole->encoded_query() != target->encoded_query() ||
        whole->has_fragment())
        return error::malformed_url;
    http_request out;
    out.method = std::string(in.method_string());
    out.url = boost::urls::url(*whole);
    for (auto const& f : in) out.headers.append(f.name_string(), f.value());
    return out;
}

// Can `r` be sent as it is (see to_beast_response)?
[[nodiscard]] inline bool is_sendable(http_response const& r) noexcept {
    if (r.status < 100 || r.status > 599) return false;
    for (auto const& f : r.headers)
        if (!is_field_name(f.name) || !is_field_value(f.value)) return false;
    return true;
}

// to_beast_response without the body, for an `r` that is_sendable.
[[nodiscard]] inline beast_server_response to_beast_head(http_response const& r, unsigned version) {
    beast_server_response out;
    out.version(version == 10 ? 10 : 11);
    out.result(r.status);
    for (auto const& f : r.headers) {
        if (iequals(f.name, "Content-Length") || iequals(f.name, "Transfer-Encoding")) continue;
        out.insert(f.name, f.value);
    }
    return out;
}

[[nodiscard]] inline beast_server_response unsendable(unsigned version) {
    beast_server_response out{boost::beast::http::status::internal_server_error, version == 10 ? 10u : 11u};
    out.prepare_payload();
    return out;
}

}  // namespace detail

/// RFC 9112 §3.2, §3.3: the http_request of a request `in` that a server reached at `origin` (its configured
/// public origin, "https://as.example" or "http://127.0.0.1:8080": scheme and authority, no path) received.
///
/// The URL is `origin` followed by the request target, which must be in origin-form (§3.2.1: an absolute path
/// and an optional query, kept as received, percent-encoding included). The Host header is never used to build
/// it: a client cannot make the server believe it was reached at another origin. Refused with
/// error::malformed_url, as a 400 Bad Request deserves: absolute-form ("https://other.example/x", §3.2.2),
/// authority-form ("as.example:443", §3.2.3), asterisk-form ("*", §3.2.4), an empty target, a fragment, and any
/// target after which the URL would not have `origin`'s scheme and authority. An `origin` that is not one is
/// error::invalid_url. Method, header fields (in order, names as received) and body are copied.
[[nodiscard]] inline result<http_request> from_beast_request(beast_server_request const& in, std::string_view origin) {
    auto out = detail::from_beast_head(in, origin);
    if (out) out->body = in.body();
    return out;
}

/// As above, moving the body out of `in` instead of copying it.
[[nodiscard]] inline result<http_request> from_beast_request(beast_server_request&& in, std::string_view origin) {
    auto out = detail::from_beast_head(in, origin);
    if (out) out->body = std::move(in.body());
    return out;
}

/// RFC 9112 §6: the Beast response for `r` — HTTP/1.1, or HTTP/1.0 when `version` is 10 (Beast's numbering) —
/// with its status, its header fields in order and its body, the Content-Length computed here. The framing is
/// the adapter's: Content-Length and Transfer-Encoding fields of `r` are dropped. Never throws, and never sends
/// what `r` cannot mean: a status outside 100–599, or a field whose name is not a token (RFC 9110 §5.1) or
/// whose value holds CR, LF or NUL (§5.5: response splitting), makes the whole response a bare 500 Internal
/// Server Error.
[[nodiscard]] inline beast_server_response to_beast_response(http_response const& r, unsigned version = 11) {
    if (!detail::is_sendable(r)) return detail::unsendable(version);
    auto out = detail::to_beast_head(r, version);
    out.body() = r.body;
    out.prepare_payload();
    return out;
}

/// As above, moving the body out of `r` instead of copying it.
[[nodiscard]] inline beast_server_response to_beast_response(http_response&& r, unsigned version = 11) {
    if (!detail::is_sendable(r)) return detail::unsendable(version);
    auto out = detail::to_beast_head(r, version);
    out.body() = std::move(r.body);
    out.prepare_payload();
    return out;
}

} // namespace authwire::adapters
