#pragma once
// authwire — the definitions of <authwire/oauth/host_class.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/host_class.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL host_class classify_ipv6(boost::urls::ipv6_address const& a) noexcept {
    auto const b = a.to_bytes();
    if (a.is_v4_mapped()) {
        return classify_ipv4((std::uint32_t{b[12]} << 24) | (std::uint32_t{b[13]} << 16) | (std::uint32_t{b[14]} << 8) |
                             std::uint32_t{b[15]});
    }
    if (a.is_loopback()) return host_class::loopback;
    if (a.is_unspecified()) return host_class::unspecified;
    if ((b[0] & 0xfe) == 0xfc) return host_class::private_network;                  // fc00::/7
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return host_class::private_network;  // fec0::/10 (site-local)
    if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return host_class::link_local;       // fe80::/10
    if (b[0] == 0xff) return host_class::unspecified;                               // multicast
    return host_class::public_host;
}

AUTHWIRE_DECL std::optional<std::uint64_t> ipv4_number(std::string_view s) noexcept {
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
        if (c >= '0' && c <= '9')
            d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = static_cast<unsigned>(c - 'A' + 10);
        else
            return std::nullopt;
        if (d >= base) return std::nullopt;
        n = n * base + d;
    }
    return n;
}

AUTHWIRE_DECL std::optional<std::optional<std::uint32_t>> numeric_name(std::string_view name) {
    using answer = std::optional<std::optional<std::uint32_t>>;
    answer const unparsable{std::in_place, std::nullopt};
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    auto const last_dot = name.rfind('.');
    std::string_view const last = last_dot == std::string_view::npos ? name : name.substr(last_dot + 1);
    bool const digits =
        !last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return c >= '0' && c <= '9'; });
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

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL host_class classify_host(boost::urls::url_view u) {
    // "http://127.0.0.1.nip.io" reads as host 127.0.0.1 and path ".nip.io" in Boost.URL 1.81 (see
    // oauth::detail::has_sound_authority): neither reading can be trusted.
    if (!detail::has_sound_authority(u)) return host_class::unspecified;
    switch (u.host_type()) {
        case boost::urls::host_type::ipv4:
            return detail::classify_ipv4(u.host_ipv4_address().to_uint());
        case boost::urls::host_type::ipv6:
            return detail::classify_ipv6(u.host_ipv6_address());
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
        default:
            return host_class::unspecified;
    }
}

}  // namespace authwire::oauth
