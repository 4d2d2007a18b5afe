#pragma once
// authwire — the redirect-URI policy (RFC 6749 §3.1.2, RFC 8252 §7, RFC 9700 §4.1): one object that validates a
// URI at registration and matches a requested URI against the registered ones at the authorization endpoint.
//
// What is accepted, precisely (everything else is rejected with a reason):
//   * The URI is 1..max_length bytes of printable ASCII (0x21–0x7e) other than '\' and '#', and parses as an
//     absolute URI (RFC 3986 §4.3, Boost.URL; the authority of an http(s) URI is split by hand, see below,
//     because Boost.URL 1.81 mis-splits hosts that start with a dotted quad). No fragment (RFC 6749 §3.1.2), no userinfo — not even an
//     empty one before '@' (RFC 9700 §4.1.1 open-redirect tricks).
//   * The scheme is written in lower case and is either
//       - `https` with a host;
//       - `http` only to a loopback host (RFC 8252 §7.3): the IP literals `127.0.0.1` and `[::1]` exactly as
//         written here, and the name `localhost` unless options.allow_localhost is false (RFC 8252 §8.3 calls
//         it NOT RECOMMENDED; the MCP deployments in scope use it);
//       - a private-use scheme (RFC 8252 §7.1) only if options.allow_private_use_schemes: a reverse-domain
//         name containing a '.' (`com.example.app`), no authority ("com.example.app:/cb", one slash), a path
//         that starts with '/'.
//   * A host name is lower-case LDH labels (a–z, 0–9, '-'; 1–63 characters, not starting or ending with '-')
//     separated by single dots, at most 253 characters, no trailing dot, no percent-encoding, and its last
//     label is not numeric (`127.1`, `2130706433`, `0x7f.1` — which browsers read as IPv4 addresses).
//     An IPv4 literal is four decimal octets without leading zeros; an IPv6 literal must be in the RFC 5952
//     text form (`[::1]`, not `[0:0:0:0:0:0:0:1]`); IPvFuture and zone identifiers are refused.
//   * A port, when present, is 1..65535 without leading zeros. `host:` with an empty port is refused.
//   * The path has no dot segments, literal or percent-encoded (`/.`, `/..`, `/%2e%2E`), and no percent-encoded
//     '/' or '\' (`%2f`, `%5c`). A query is allowed (RFC 6749 §3.1.2) and compared exactly, but it must not name
//     a parameter of the authorization response — code, state, iss, error, error_description, error_uri — in
//     any spelling (`co%64e`, `;state=`): the response would repeat it, an injected value first (RFC 6749 §3.1,
//     RFC 9207).
//
// Matching (RFC 6749 §3.1.2.3, RFC 9700 §4.1.3): the requested URI must itself pass the checks above, and then
// equal a registered URI byte for byte. The one exception (RFC 8252 §7.3): when the requested URI is an `http`
// loopback IP literal (127.0.0.1 or [::1]) and so is the registered one, the port is ignored — scheme, host,
// path and query must still be identical. `localhost` gets no such allowance (exact match, port included).
// No normalisation of any kind is applied (no case folding, no percent-decoding, no default-port removal, no
// dot-segment removal), so there is nothing for a crafted URI to normalise its way through.
//
// Per application_type (OpenID Connect Registration 1.0 §2, RFC 8252 §7), when the client has one:
//   * `web`: https only — loopback http (127.0.0.1, [::1], localhost) only if options.web_allows_loopback, a
//     private-use scheme only if options.allow_private_use_schemes;
//   * `native`: https (RFC 8252 §7.2, claimed https URIs), loopback http on any port (§7.3) and private-use
//     schemes (§7.1, unless options.native_allows_private_use_schemes is off).
// A client without one (a record made before application_type existed) gets the rules above the line.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/basic_result.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/authorization_response.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authwire::server {

/// Why a redirect URI was refused. `describe()` gives text fit for `error_description`.
enum class redirect_uri_reason : unsigned char {
    empty = 1,              ///< no URI at all
    too_long,               ///< longer than options.max_length
    invalid_character,      ///< a byte outside printable ASCII (control, space, non-ASCII)
    backslash,              ///< a '\' anywhere (parsers disagree on what it means)
    fragment,               ///< a '#' fragment (RFC 6749 §3.1.2)
    not_absolute_uri,       ///< does not parse as an absolute URI (RFC 3986 §4.3)
    scheme_not_lowercase,   ///< the scheme is not written in lower case
    scheme_not_allowed,     ///< neither https, loopback http, nor an allowed private-use scheme
    insecure_http,          ///< http to a host that is not loopback (RFC 8252 §8.3)
    localhost_not_allowed,  ///< http://localhost while options.allow_localhost is false
    userinfo,               ///< user information ("user@") in the authority
    missing_host,           ///< no authority or an empty host
    host_not_lowercase,     ///< upper-case letters in the host name
    host_trailing_dot,      ///< the host name ends with '.'
    host_numeric,           ///< the host name ends in a numeric label (`127.1`, `2130706433`)
    invalid_host,           ///< another host-name, IP-literal or IPvFuture problem
    ipv6_not_canonical,     ///< an IPv6 literal not in RFC 5952 form (`[0:0:0:0:0:0:0:1]`)
    invalid_port,           ///< empty, out of range, or leading zeros
    dot_segment,            ///< a `.` or `..` path segment, literal or percent-encoded
    encoded_separator,      ///< a percent-encoded '/' or '\' in the path
    private_use_authority,  ///< a private-use scheme followed by "//" (RFC 8252 §7.1: one slash)
    private_use_path,       ///< a private-use URI whose path does not start with '/'
    not_registered,         ///< valid, but not among the client's registered redirect URIs
    missing,                ///< omitted while more than one redirect URI is registered (RFC 6749 §3.1.2.3)
    response_parameter_in_query,  ///< the query names code, state, iss, error … (RFC 6749 §3.1: no repeats)
    not_for_web_client,     ///< loopback http for an application_type "web" client (OIDC Registration §2)
};

/// Text for `error_description` (RFC 7591 §3.2.2 invalid_redirect_uri, or the authorization endpoint's page).
[[nodiscard]] constexpr std::string_view describe(redirect_uri_reason r) noexcept {
    switch (r) {
    case redirect_uri_reason::empty: return "redirect_uri is empty";
    case redirect_uri_reason::too_long: return "redirect_uri is too long";
    case redirect_uri_reason::invalid_character: return "redirect_uri contains a character outside printable ASCII";
    case redirect_uri_reason::backslash: return "redirect_uri contains a backslash";
    case redirect_uri_reason::fragment: return "redirect_uri must not contain a fragment";
    case redirect_uri_reason::not_absolute_uri: return "redirect_uri is not an absolute URI";
    case redirect_uri_reason::scheme_not_lowercase: return "redirect_uri scheme must be lower case";
    case redirect_uri_reason::scheme_not_allowed: return "redirect_uri scheme is not allowed";
    case redirect_uri_reason::insecure_http: return "redirect_uri must use https unless it is a loopback address";
    case redirect_uri_reason::localhost_not_allowed: return "redirect_uri must not use localhost; use 127.0.0.1 or [::1]";
    case redirect_uri_reason::userinfo: return "redirect_uri must not contain user information";
    case redirect_uri_reason::missing_host: return "redirect_uri has no host";
    case redirect_uri_reason::host_not_lowercase: return "redirect_uri host must be lower case";
    case redirect_uri_reason::host_trailing_dot: return "redirect_uri host must not end with a dot";
    case redirect_uri_reason::host_numeric: return "redirect_uri host is an ambiguous numeric address";
    case redirect_uri_reason::invalid_host: return "redirect_uri host is not valid";
    case redirect_uri_reason::ipv6_not_canonical: return "redirect_uri IPv6 address is not in canonical form";
    case redirect_uri_reason::invalid_port: return "redirect_uri port is not valid";
    case redirect_uri_reason::dot_segment: return "redirect_uri path must not contain dot segments";
    case redirect_uri_reason::encoded_separator: return "redirect_uri path must not contain an encoded slash or backslash";
    case redirect_uri_reason::private_use_authority: return "private-use redirect_uri must have a single slash after the scheme";
    case redirect_uri_reason::private_use_path: return "private-use redirect_uri path must start with a slash";
    case redirect_uri_reason::not_registered: return "redirect_uri is not registered for this client";
    case redirect_uri_reason::missing: return "redirect_uri is required when several are registered";
    case redirect_uri_reason::response_parameter_in_query:
        return "redirect_uri query must not contain code, state, iss, error, error_description or error_uri";
    case redirect_uri_reason::not_for_web_client:
        return "redirect_uri of a web client must use https; loopback redirect URIs are for native clients";
    }
    return "redirect_uri rejected";
}

/// A refused redirect URI: always error::redirect_uri_rejected, with the reason why.
struct redirect_uri_rejection {
    redirect_uri_reason reason = redirect_uri_reason::not_registered;

    /// Always error::redirect_uri_rejected (condition::policy_rejection).
    [[nodiscard]] error_code code() const noexcept { return make_error_code(error::redirect_uri_rejected); }
    /// Text for `error_description`.
    [[nodiscard]] std::string_view description() const noexcept { return describe(reason); }
    /// RFC 7591 §3.2.2: the registration endpoint's answer, 400 `invalid_redirect_uri`.
    [[nodiscard]] error_response to_error_response() const;

    friend bool operator==(redirect_uri_rejection const&, redirect_uri_rejection const&) = default;
    friend bool operator==(redirect_uri_rejection const& r, redirect_uri_reason why) noexcept { return r.reason == why; }
};

// Found by argument-dependent lookup from redirect_uri_result<T>::value().
[[noreturn]] AUTHWIRE_DECL void throw_exception_from_error(redirect_uri_rejection const& r,
                                                           boost::source_location const& loc);

/// The value, or why the redirect URI was refused.
template <class T>
using redirect_uri_result = authwire::basic_result<T, redirect_uri_rejection>;

/// What kind of redirect URI passed the policy (RFC 8252 §7 names the native-app kinds).
enum class redirect_uri_kind : unsigned char {
    https,        ///< https to any valid host
    loopback_ip,  ///< http://127.0.0.1 or http://[::1], any port (RFC 8252 §7.3)
    localhost,    ///< http://localhost (exact match, port included)
    private_use,  ///< a reverse-domain private-use scheme (RFC 8252 §7.1)
};

/// OpenID Connect Registration 1.0 §2 `application_type`: what kind of client registers, and so which redirect
/// URIs it may use (see the top of this header).
enum class application_type : unsigned char {
    web,     ///< the OpenID default: a web server or browser application; https redirect URIs
    native,  ///< an application on the user's device (RFC 8252): loopback, private-use or claimed https URIs
};

/// OpenID Connect Registration 1.0 §2: the registered value, "web" or "native".
[[nodiscard]] constexpr std::string_view to_string(application_type t) noexcept {
    return t == application_type::native ? "native" : "web";
}

/// OpenID Connect Registration 1.0 §2: "web" or "native" (exactly, case-sensitive); nullopt for anything else.
[[nodiscard]] constexpr std::optional<application_type> parse_application_type(std::string_view s) noexcept {
    if (s == "web") return application_type::web;
    if (s == "native") return application_type::native;
    return std::nullopt;
}

/// The switches of a redirect_uri_policy. The defaults suit an OAuth 2.1 / MCP authorization server.
struct redirect_uri_options {
    bool allow_localhost = true;             ///< http://localhost[:port] counts as loopback
    /// com.example.app:/cb (RFC 8252 §7.1) for every client; native ones may use them anyway (below).
    bool allow_private_use_schemes = false;
    std::size_t max_length = 2048;           ///< longest URI accepted, in bytes
    /// OIDC Registration §2: a client registered as `web` may use loopback http redirect URIs too. Off: https
    /// only, as the specification says.
    bool web_allows_loopback = false;
    /// RFC 8252 §7.1: a client registered as `native` may use private-use schemes, whatever
    /// allow_private_use_schemes says.
    bool native_allows_private_use_schemes = true;
    /// A registration without `application_type` (RFC 7591 knows no such member; MCP clients before
    /// 2026-07-28 do not send it): on, the client is `native` when every redirect URI is loopback http or a
    /// private-use scheme, `web` otherwise (the same rule authwire's client side applies when it sends one);
    /// off, it is `web`, the OpenID default.
    bool infer_application_type = true;
};

namespace detail {

// The components of a redirect URI that passed the policy, as views into the checked string.
struct checked_redirect_uri {
    redirect_uri_kind kind = redirect_uri_kind::https;
    std::string_view scheme;
    std::string_view host;  // as written, brackets included for IPv6
    std::string_view path;
    std::string_view query;
    bool has_query = false;
};

[[nodiscard]] constexpr bool is_lower_alpha(char c) noexcept { return c >= 'a' && c <= 'z'; }
[[nodiscard]] constexpr bool is_upper_alpha(char c) noexcept { return c >= 'A' && c <= 'Z'; }
[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A host name (Boost.URL host_type::name): lower-case LDH labels, no trailing dot, not numeric-looking.
[[nodiscard]] constexpr std::optional<redirect_uri_reason> check_host_name(std::string_view host) noexcept {
    if (host.empty()) return redirect_uri_reason::missing_host;
    for (char const c : host)
        if (is_upper_alpha(c)) return redirect_uri_reason::host_not_lowercase;
    if (host.back() == '.') return redirect_uri_reason::host_trailing_dot;
    if (host.size() > 253) return redirect_uri_reason::invalid_host;
    std::string_view last;
    while (!host.empty()) {
        auto const dot = host.find('.');
        auto const label = host.substr(0, dot);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
            return redirect_uri_reason::invalid_host;
        for (char const c : label)
            if (!is_lower_alpha(c) && !is_digit(c) && c != '-') return redirect_uri_reason::invalid_host;
        last = label;
        host = dot == std::string_view::npos ? std::string_view{} : host.substr(dot + 1);
    }
    // The WHATWG URL host parser reads a name whose last label is a number (decimal, 0x-hex, octal) as an IPv4
    // address, so `127.1` or `2130706433` would reach 127.0.0.1 in a browser. Such names are never valid.
    bool numeric = true;
    for (char const c : last) numeric = numeric && is_digit(c);
    if (numeric || last.starts_with("0x")) return redirect_uri_reason::host_numeric;
    return std::nullopt;
}

// RFC 3986 §3.2.3 port, strictly: 1..65535, decimal, no leading zero.
[[nodiscard]] constexpr bool is_valid_port(std::string_view port) noexcept {
    if (port.empty() || port.size() > 5 || port.front() == '0') return false;
    unsigned value = 0;
    for (char const c : port) {
        if (!is_digit(c)) return false;
        value = value * 10 + static_cast<unsigned>(c - '0');
    }
    return value <= 65535;
}

// Does the path contain a dot segment (".", "..", percent-encoded or not) or an encoded '/' or '\'?
[[nodiscard]] constexpr std::optional<redirect_uri_reason> check_path(std::string_view path) noexcept {
    for (std::size_t i = 0; i + 2 < path.size(); ++i) {
        if (path[i] != '%') continue;
        char const a = path[i + 1];
        char const b = path[i + 2];
        if ((a == '2' && (b == 'f' || b == 'F')) || (a == '5' && (b == 'c' || b == 'C')))
            return redirect_uri_reason::encoded_separator;
    }
    while (!path.empty()) {
        auto const slash = path.find('/');
        auto segment = path.substr(0, slash);
        // Count the segment's characters after decoding "%2e"/"%2E" to '.'; a segment of only dots, one or two
        // of them, is a dot segment.
        std::size_t dots = 0;
        bool only_dots = !segment.empty();
        while (!segment.empty() && only_dots) {
            if (segment.front() == '.') {
                segment.remove_prefix(1);
            } else if (segment.size() >= 3 && segment[0] == '%' && segment[1] == '2' &&
                       (segment[2] == 'e' || segment[2] == 'E')) {
                segment.remove_prefix(3);
            } else {
                only_dots = false;
                break;
            }
            ++dots;
        }
        if (only_dots && dots >= 1 && dots <= 2) return redirect_uri_reason::dot_segment;
        path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    }
    return std::nullopt;
}

[[nodiscard]] AUTHWIRE_DECL redirect_uri_result<checked_redirect_uri> check_redirect_uri(
    std::string_view uri, redirect_uri_options const& opt);

} // namespace detail

/// One redirect-URI policy, used both when a client registers its redirect URIs and when the authorization
/// endpoint receives one (see the top of this header for exactly what is accepted). Immutable and thread-safe.
class redirect_uri_policy {
public:
    redirect_uri_policy() = default;
    explicit redirect_uri_policy(redirect_uri_options options) : options_(options) {}

    [[nodiscard]] redirect_uri_options const& options() const noexcept { return options_; }

    /// RFC 7591 §2 and RFC 8252 §7–8: may `uri` be registered as a redirect URI? The kind, or why not.
    [[nodiscard]] redirect_uri_result<redirect_uri_kind> validate(std::string_view uri) const;

    /// OpenID Connect Registration 1.0 §2, RFC 8252 §7: may a client of application type `type` register
    /// `uri`? The kind, or why not (redirect_uri_reason::not_for_web_client for loopback http on a web client
    /// unless options().web_allows_loopback).
    [[nodiscard]] redirect_uri_result<redirect_uri_kind> validate(std::string_view uri, application_type type) const;

    /// OpenID Connect Registration 1.0 §2, RFC 8252 §7: the application type of a client that registers
    /// `uris` without saying: native when there is at least one and every one is loopback http or a
    /// private-use scheme (as a native client may use them), otherwise web. With
    /// options().infer_application_type off, always web (the OpenID default).
    [[nodiscard]] application_type application_type_for(std::span<std::string const> uris) const;

    /// RFC 6749 §3.1.2.3, RFC 9700 §4.1.3, RFC 8252 §7.3: the index in `registered` of the URI that `requested`
    /// matches — exactly, or up to the port for loopback IP literals. Registered URIs that no longer pass the
    /// policy (for the client's application `type`, when it has one) never match. The authorization response
    /// goes to `requested` (with its port), not the registered one.
    [[nodiscard]] redirect_uri_result<std::size_t> match(std::string_view requested,
                                                         std::span<std::string const> registered,
                                                         std::optional<application_type> type = std::nullopt) const;

    /// RFC 6749 §3.1.2.3: the redirect URI an authorization request resolves to. With `requested`, it must match
    /// (see match()) and is returned as sent; without, the client must have exactly one registered URI, which
    /// must still pass the policy (for the client's application `type`, when it has one).
    [[nodiscard]] redirect_uri_result<std::string> resolve(std::optional<std::string_view> requested,
                                                           std::span<std::string const> registered,
                                                           std::optional<application_type> type = std::nullopt) const;

private:
    // The checks of the top of this header, then those of the application type when there is one.
    [[nodiscard]] redirect_uri_result<detail::checked_redirect_uri> check(std::string_view uri,
                                                                          std::optional<application_type> type) const;

    redirect_uri_options options_{};
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/redirect_uri_policy.ipp>
#endif
