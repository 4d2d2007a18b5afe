#pragma once
// authwire — strict base64url (RFC 4648 §5, as JOSE uses it) and base64 (RFC 4648 §4, for HTTP Basic).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

namespace authwire {

namespace detail {

inline constexpr char base64url_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
inline constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

inline constexpr std::uint8_t invalid_sextet = 0xff;

// A 256-entry reverse table: byte -> sextet, or invalid_sextet.
constexpr std::array<std::uint8_t, 256> make_reverse(char const (&alphabet)[65]) {
    std::array<std::uint8_t, 256> t{};
    for (auto& v : t) v = invalid_sextet;
    for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = i;
    return t;
}

// The reverse table pre-shifted for each of the four characters of a quantum, so that OR-ing the four entries
// gives the three decoded bytes as a little-endian word (byte 0 first) — no shifts per character — and an
// invalid character sets bit 31 (valid entries stay below bit 24).
struct quantum_tables {
    std::array<std::uint32_t, 256> at[4];
};
constexpr quantum_tables make_quantum_tables(std::array<std::uint8_t, 256> const& rev) {
    quantum_tables t{};
    for (std::size_t c = 0; c < 256; ++c) {
        std::uint32_t const s = rev[c];
        if (s == invalid_sextet) {
            for (auto& a : t.at) a[c] = 0x80000000u;
            continue;
        }
        t.at[0][c] = s << 2;                                      // byte 0, bits 7..2
        t.at[1][c] = (s >> 4) | ((s & 0x0fu) << 12);              // byte 0, bits 1..0; byte 1, bits 7..4
        t.at[2][c] = ((s >> 2) << 8) | ((s & 0x03u) << 22);       // byte 1, bits 3..0; byte 2, bits 7..6
        t.at[3][c] = s << 16;                                     // byte 2, bits 5..0
    }
    return t;
}

// One alphabet's decoding tables: the reverse table and its pre-shifted form, passed together so a decoder
// cannot pair one alphabet's quanta with the other's reverse table.
struct decoding_tables {
    std::array<std::uint8_t, 256> reverse;
    quantum_tables quanta;
};
constexpr decoding_tables make_decoding_tables(char const (&alphabet)[65]) {
    auto const reverse = make_reverse(alphabet);
    return {reverse, make_quantum_tables(reverse)};
}
inline constexpr auto base64url_tables = make_decoding_tables(base64url_alphabet);
inline constexpr auto base64_tables = make_decoding_tables(base64_alphabet);
inline constexpr auto const& base64url_reverse = base64url_tables.reverse;

AUTHWIRE_DECL void encode_base64_into(std::string& out, std::span<unsigned char const> in, char const* alphabet,
                                      bool pad);

// Decodes unpadded sextets `in` (length mod 4 != 1) into `out`, which must hold decoded_size bytes.
// Rejects bytes outside the alphabet and non-zero trailing bits (RFC 4648 §3.5 canonical encoding).
[[nodiscard]] AUTHWIRE_DECL bool decode_sextets(std::string_view in, unsigned char* out,
                                                decoding_tables const& tables) noexcept;

} // namespace detail

/// RFC 4648 §5: the number of characters base64url (unpadded) needs for `n` bytes.
[[nodiscard]] constexpr std::size_t base64url_encoded_size(std::size_t n) noexcept {
    return n / 3 * 4 + (n % 3 == 0 ? 0 : n % 3 + 1);
}

/// RFC 4648 §5: the number of bytes `n` base64url characters decode to (0 when `n` is not a valid length).
[[nodiscard]] constexpr std::size_t base64url_decoded_size(std::size_t n) noexcept {
    return n % 4 == 1 ? 0 : n / 4 * 3 + (n % 4 == 0 ? 0 : n % 4 - 1);
}

/// RFC 4648 §5 (RFC 7515 §2 "Base64url Encoding"): append base64url of `in`, without padding, to `out`.
AUTHWIRE_DECL void base64url_encode_into(std::string& out, std::span<unsigned char const> in);

/// RFC 4648 §5: base64url of `in`, without padding.
[[nodiscard]] AUTHWIRE_DECL std::string base64url_encode(std::span<unsigned char const> in);

/// RFC 4648 §5: base64url of the bytes of `in`, without padding.
[[nodiscard]] AUTHWIRE_DECL std::string base64url_encode(std::string_view in);

/// RFC 4648 §5, strictly: decode into `out` (at least base64url_decoded_size(in.size()) bytes) and return
/// the number of bytes written. Rejects padding, whitespace, bytes outside the alphabet, impossible lengths
/// and non-zero trailing bits, so each byte string has exactly one accepted encoding. Allocation-free.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> base64url_decode_into(std::string_view in,
                                                                      std::span<unsigned char> out) noexcept;

/// RFC 4648 §5, strictly (see base64url_decode_into): the decoded bytes.
[[nodiscard]] AUTHWIRE_DECL result<std::string> base64url_decode(std::string_view in);

/// RFC 4648 §4: standard base64 of `in`, with padding (the encoding HTTP Basic uses, RFC 7617 §2).
[[nodiscard]] AUTHWIRE_DECL std::string base64_encode(std::string_view in);

/// RFC 4648 §4, strictly: padding required and exact, no whitespace, canonical trailing bits.
[[nodiscard]] AUTHWIRE_DECL result<std::string> base64_decode(std::string_view in);

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/base64.ipp>
#endif
