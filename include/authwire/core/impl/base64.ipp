#pragma once
// authwire — the definitions of <authwire/core/base64.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/base64.hpp>

namespace authwire::detail {

AUTHWIRE_DECL void encode_base64_into(std::string& out, std::span<unsigned char const> in, char const* alphabet,
                                      bool pad) {
    // One resize, then plain stores (a push_back per character checks the capacity each time).
    auto const n = in.size();
    std::size_t const tail = n % 3;
    std::size_t const size = n / 3 * 4 + (tail == 0 ? 0 : pad ? 4 : tail + 1);
    std::size_t const start = out.size();
    out.resize(start + size);
    char* p = out.data() + start;
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        std::uint32_t const v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
        p[0] = alphabet[(v >> 18) & 63];
        p[1] = alphabet[(v >> 12) & 63];
        p[2] = alphabet[(v >> 6) & 63];
        p[3] = alphabet[v & 63];
        p += 4;
    }
    if (tail == 1) {
        std::uint32_t const v = std::uint32_t{in[i]} << 16;
        *p++ = alphabet[(v >> 18) & 63];
        *p++ = alphabet[(v >> 12) & 63];
        if (pad) {
            *p++ = '=';
            *p++ = '=';
        }
    } else if (tail == 2) {
        std::uint32_t const v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
        *p++ = alphabet[(v >> 18) & 63];
        *p++ = alphabet[(v >> 12) & 63];
        *p++ = alphabet[(v >> 6) & 63];
        if (pad) *p++ = '=';
    }
}

AUTHWIRE_DECL bool decode_sextets(std::string_view in, unsigned char* out,
                                  decoding_tables const& tables) noexcept {
    auto const& rev = tables.reverse;
    std::size_t i = 0;
    auto const n = in.size();
    std::uint8_t bad = 0;  // OR of all sextets: invalid_sextet has the high bits set
    if constexpr (std::endian::native == std::endian::little) {
        // Whole quanta through the pre-shifted tables: four loads and three ORs give the three bytes; one 4-byte
        // store while at least one more quantum follows (its fourth byte is overwritten by the next one), byte
        // stores for the last.
        auto const& q = tables.quanta;
        std::uint32_t invalid = 0;
        auto quantum = [&](std::size_t at) {
            std::uint32_t const w =
                q.at[0][static_cast<unsigned char>(in[at])] | q.at[1][static_cast<unsigned char>(in[at + 1])] |
                q.at[2][static_cast<unsigned char>(in[at + 2])] | q.at[3][static_cast<unsigned char>(in[at + 3])];
            invalid |= w;
            return w;
        };
        for (; i + 8 <= n; i += 4) {
            std::uint32_t const w = quantum(i);
            std::memcpy(out, &w, 4);
            out += 3;
        }
        for (; i + 4 <= n; i += 4) {
            std::uint32_t const w = quantum(i);
            *out++ = static_cast<unsigned char>(w);
            *out++ = static_cast<unsigned char>(w >> 8);
            *out++ = static_cast<unsigned char>(w >> 16);
        }
        if ((invalid & 0x80000000u) != 0) return false;
    }
    for (; i + 4 <= n; i += 4) {
        auto const a = rev[static_cast<unsigned char>(in[i])];
        auto const b = rev[static_cast<unsigned char>(in[i + 1])];
        auto const c = rev[static_cast<unsigned char>(in[i + 2])];
        auto const d = rev[static_cast<unsigned char>(in[i + 3])];
        bad |= static_cast<std::uint8_t>(a | b | c | d);
        std::uint32_t const v = (std::uint32_t{a} << 18) | (std::uint32_t{b} << 12) | (std::uint32_t{c} << 6) | d;
        *out++ = static_cast<unsigned char>(v >> 16);
        *out++ = static_cast<unsigned char>(v >> 8);
        *out++ = static_cast<unsigned char>(v);
    }
    auto const rest = n - i;
    if (rest == 2) {
        auto const a = rev[static_cast<unsigned char>(in[i])];
        auto const b = rev[static_cast<unsigned char>(in[i + 1])];
        bad |= static_cast<std::uint8_t>(a | b);
        if ((b & 0x0f) != 0) return false;  // non-canonical trailing bits
        *out = static_cast<unsigned char>((a << 2) | (b >> 4));
    } else if (rest == 3) {
        auto const a = rev[static_cast<unsigned char>(in[i])];
        auto const b = rev[static_cast<unsigned char>(in[i + 1])];
        auto const c = rev[static_cast<unsigned char>(in[i + 2])];
        bad |= static_cast<std::uint8_t>(a | b | c);
        if ((c & 0x03) != 0) return false;
        *out++ = static_cast<unsigned char>((a << 2) | (b >> 4));
        *out = static_cast<unsigned char>((b << 4) | (c >> 2));
    } else if (rest == 1) {
        return false;
    }
    return (bad & 0xc0) == 0;
}

}  // namespace authwire::detail

namespace authwire {

AUTHWIRE_DECL void base64url_encode_into(std::string& out, std::span<unsigned char const> in) {
    out.reserve(out.size() + base64url_encoded_size(in.size()));
    detail::encode_base64_into(out, in, detail::base64url_alphabet, false);
}

AUTHWIRE_DECL std::string base64url_encode(std::span<unsigned char const> in) {
    std::string out;
    base64url_encode_into(out, in);
    return out;
}

AUTHWIRE_DECL std::string base64url_encode(std::string_view in) {
    return base64url_encode(std::span{reinterpret_cast<unsigned char const*>(in.data()), in.size()});
}

AUTHWIRE_DECL result<std::size_t> base64url_decode_into(std::string_view in, std::span<unsigned char> out) noexcept {
    auto const size = base64url_decoded_size(in.size());
    if (in.size() % 4 == 1) return error::malformed_base64;
    if (out.size() < size) return error::invalid_argument;
    if (!detail::decode_sextets(in, out.data(), detail::base64url_tables)) return error::malformed_base64;
    return size;
}

AUTHWIRE_DECL result<std::string> base64url_decode(std::string_view in) {
    if (in.size() % 4 == 1) return error::malformed_base64;
    std::string out(base64url_decoded_size(in.size()), '\0');
    if (!detail::decode_sextets(in, reinterpret_cast<unsigned char*>(out.data()), detail::base64url_tables))
        return error::malformed_base64;
    return out;
}

AUTHWIRE_DECL std::string base64_encode(std::string_view in) {
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    detail::encode_base64_into(out, std::span{reinterpret_cast<unsigned char const*>(in.data()), in.size()},
                               detail::base64_alphabet, true);
    return out;
}

AUTHWIRE_DECL result<std::string> base64_decode(std::string_view in) {
    if (in.size() % 4 != 0) return error::malformed_base64;
    auto body = in;
    if (!body.empty() && body.back() == '=') body.remove_suffix(1);
    if (!body.empty() && body.back() == '=') body.remove_suffix(1);
    std::string out(base64url_decoded_size(body.size()), '\0');
    if (!detail::decode_sextets(body, reinterpret_cast<unsigned char*>(out.data()), detail::base64_tables))
        return error::malformed_base64;
    return out;
}

}  // namespace authwire
