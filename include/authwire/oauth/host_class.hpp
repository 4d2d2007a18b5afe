#pragma once
// authwire — what kind of host a URL names (RFC 6890 special-purpose addresses, RFC 6761 §6.3), classified from
// the URL alone, without resolving it: the basis of every server-side request forgery rule — a client's
// address_policy for the URLs a resource names (client/address_policy.hpp), an authorization server's rules
// for the client ID metadata documents it fetches (server/client_id_metadata_document.hpp).

#include <authwire/oauth/detail/endpoint.hpp>

#include <boost/url/host_type.hpp>
#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::oauth {

/// What kind of host a URL names, as far as the URL alone tells (RFC 6890 special-purpose addresses).
enum class host_class {
    public_host,      ///< a DNS name — not resolved here — or a global IP address
    loopback,         ///< 127.0.0.0/8, ::1, `localhost` and names under `.localhost` (RFC 6761 §6.3)
    private_network,  ///< 10/8, 172.16/12, 192.168/16 (RFC 1918), 100.64/10 (RFC 6598), fc00::/7 (RFC 4193)
    link_local,       ///< 169.254/16 (cloud metadata services live there), fe80::/10
    /// 0/8, ::, multicast, reserved and broadcast addresses, and hosts that cannot be classified: IPvFuture
    /// literals and numeric names a resolver would read as IPv4 but that do not parse as one.
    unspecified,
};

namespace detail {

[[nodiscard]] constexpr host_class classify_ipv4(std::uint32_t a) noexcept {
    auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
    if (in(0x7f000000u, 8)) return host_class::loopback;
    if (in(0x0a000000u, 8) || in(0xac100000u, 12) || in(0xc0a80000u, 16) || in(0x64400000u, 10))
        return host_class::private_network;
    if (in(0xa9fe0000u, 16)) return host_class::link_local;
    if (in(0x00000000u, 8) || in(0xe0000000u, 4) || in(0xf0000000u, 4)) return host_class::unspecified;
    return host_class::public_host;
}

[[nodiscard]] inline host_class classify_ipv6(boost::urls::ipv6_address const& a) noexcept {
    auto const b = a.to_bytes();
    if (a.is_v4_mapped()) {
        return classify_ipv4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) | (std::uint32_t{b[14]} << 8) |
                             std::uint32_t{b[15]});
    }
    if (a.is_loopback()) return host_class::loopback;
    if (a.is_unspecified()) return host_class::unspecified;
    if ((b[0] & 0xfe) == 0xfc) return host_class::private_network;                 // fc00::/7
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return host_class::private_network;  // fec0::/10 (site-local)
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return host_class::link_local;       // fe80::/10
    if (b[0] == 0xff) return host_class::unspecified;                              // multicast
    return host_class::public_host;
}

// WHATWG URL "IPv4 number": decimal, 0x-hex or 0-octal; nullopt when it is not one.
[[nodiscard]] inline std::optional<std::uint64_t> ipv4_number(std::string_view s) noexcept {
    unsigned base = 10;
    if (s.size() >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    } else if (s.size() >= 2 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    if (s.empty()) return base == 10 ? std::nullopt : std::optional<std::uint64_t>{0};
    if (s.size() > 16) return std::nullopt;
    std::uint64_t n = 0;
    for (char const c : s) {
        unsigned d = 0;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        else return std::nullopt;
        if (d >= base) return std::nullopt;
        n = n * base + d;
    }
    return n;
}

// A registered name a resolver (inet_aton, WHATWG URL) would read as IPv4 — "127.1", "2130706433",
// "0x7f.0.0.1" — because its last label is a number: nullopt for an ordinary name; otherwise the address, or
// an empty inner optional when it does not parse as one (such a host is refused, never guessed).
[[nodiscard]] inline std::optional<std::optional<std::uint32_t>> numeric_name(std::string_view name) {
    using answer = std::optional<std::optional<std::uint32_t>>;
    answer const unparsable{std::in_place, std::nullopt};
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    auto const last_dot = name.rfind('.');
    std::string_view const last = last_dot == std::string_view::npos ? name : name.substr(last_dot + 1);
    bool const digits = !last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits && (last.empty() || !ipv4_number(last))) return std::nullopt;  // an ordinary name
    std::array<std::uint64_t, 4> parts{};
    std::size_t n = 0;
    while (true) {
        auto const dot = name.find('.');
        auto part = ipv4_number(name.substr(0, dot));
        if (!part || n == 4) return unparsable;
        parts[n++] = *part;
        if (dot == std::string_view::npos) break;
        name.remove_prefix(dot + 1);
    }
    for (std::size_t i = 0; i + 1 < n; ++i)
        if (parts[i] > 255) return unparsable;
    if (parts[n - 1] >= (std::uint64_t{1} << (8 * (5 - n)))) return unparsable;
    std::uint64_t a = parts[n - 1];
    for (std::size_t i = 0; i + 1 < n; ++i) a += parts[i] << (8 * (3 - i));
    return answer{std::in_place, static_cast<std::uint32_t>(a)};
}

} // namespace detail

/// RFC 6890, RFC 6761 §6.3: the class of `u`'s host. IP literals are classified exactly (IPv4-mapped IPv6
/// as IPv4); registered names are not resolved — a sans-IO library cannot — except that `localhost` (and
/// names under it) is loopback and a name that a resolver would read as IPv4 is classified as that address.
/// Everything else is public_host: a name that resolves to a private address is the executor's to refuse.
[[nodiscard]] inline host_class classify_host(boost::urls::url_view u) {
    // "http://127.0.0.1.nip.io" reads as host 127.0.0.1 and path ".nip.io" in Boost.URL 1.81 (see
    // oauth::detail::has_sound_authority): neither reading can be trusted.
    if (!detail::has_sound_authority(u)) return host_class::unspecified;
    switch (u.host_type()) {
    case boost::urls::host_type::ipv4: return detail::classify_ipv4(u.host_ipv4_address().to_uint());
    case boost::urls::host_type::ipv6: return detail::classify_ipv6(u.host_ipv6_address());
    case boost::urls::host_type::name: {
        std::string name = u.host_name();  // percent-decoded
        for (auto& c : name)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        std::string_view n = name;
        if (!n.empty() && n.back() == '.') n.remove_suffix(1);
        if (n == "localhost" || n.ends_with(".localhost")) return host_class::loopback;
        if (auto numeric = detail::numeric_name(n)) {
            if (!*numeric) return host_class::unspecified;
            return detail::classify_ipv4(**numeric);
        }
        return host_class::public_host;
    }
    default: return host_class::unspecified;
    }
}

} // namespace authwire::oauth
