#pragma once
// authwire — what kind of host a URL names (RFC 6890 special-purpose addresses, RFC 6761 §6.3), classified from
// the URL alone, without resolving it: the basis of every server-side request forgery rule — a client's
// address_policy for the URLs a resource names (client/address_policy.hpp), an authorization server's rules
// for the client ID metadata documents it fetches (server/client_id_metadata_document.hpp).

#include <authwire/core/detail/config.hpp>
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

[[nodiscard]] AUTHWIRE_DECL host_class classify_ipv6(boost::urls::ipv6_address const& a) noexcept;

// WHATWG URL "IPv4 number": decimal, 0x-hex or 0-octal; nullopt when it is not one.
[[nodiscard]] AUTHWIRE_DECL std::optional<std::uint64_t> ipv4_number(std::string_view s) noexcept;

// A registered name a resolver (inet_aton, WHATWG URL) would read as IPv4 — "127.1", "2130706433",
// "0x7f.0.0.1" — because its last label is a number: nullopt for an ordinary name; otherwise the address, or
// an empty inner optional when it does not parse as one (such a host is refused, never guessed).
[[nodiscard]] AUTHWIRE_DECL std::optional<std::optional<std::uint32_t>> numeric_name(std::string_view name);

} // namespace detail

/// RFC 6890, RFC 6761 §6.3: the class of `u`'s host. IP literals are classified exactly (IPv4-mapped IPv6
/// as IPv4); registered names are not resolved — a sans-IO library cannot — except that `localhost` (and
/// names under it) is loopback and a name that a resolver would read as IPv4 is classified as that address.
/// Everything else is public_host: a name that resolves to a private address is the executor's to refuse.
[[nodiscard]] AUTHWIRE_DECL host_class classify_host(boost::urls::url_view u);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/host_class.ipp>
#endif
