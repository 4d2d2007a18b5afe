#pragma once
// authwire — internal: the five segments of a JWE in compact serialization (RFC 7516 §7.1), split without copying.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/result.hpp>

#include <array>
#include <cstddef>
#include <span>
#include <string_view>

namespace authwire::jose::detail {

/// The base64url segments of a compact JWE, as views into the token.
struct jwe_compact_segments {
    std::string_view protected_header;  ///< BASE64URL(UTF8(JWE Protected Header)); also the AAD (RFC 7516 §5.1 step 14)
    std::string_view encrypted_key;     ///< BASE64URL(JWE Encrypted Key), empty for "dir" and "ECDH-ES"
    std::string_view iv;                ///< BASE64URL(JWE Initialization Vector)
    std::string_view ciphertext;        ///< BASE64URL(JWE Ciphertext)
    std::string_view tag;               ///< BASE64URL(JWE Authentication Tag)
};

/// RFC 7516 §7.1, §5.2 step 1: split `token` into its five segments. The size limit is checked first, before
/// anything else is looked at (error::input_too_large). Three segments is a JWS (RFC 7515 §7.1), not a JWE:
/// error::wrong_token_type. Any other count, an empty protected header, IV or tag, or a JSON serialization
/// (RFC 7516 §7.2, not supported) is error::malformed_token. No decoding happens here.
[[nodiscard]] constexpr result<jwe_compact_segments> split_compact_jwe(std::string_view token,
                                                                       std::size_t max_size) noexcept {
    if (token.size() > max_size) return error::input_too_large;
    if (!token.empty() && token.front() == '{') return error::malformed_token;  // JSON serialization
    std::array<std::string_view, 5> parts{};
    std::size_t count = 0;
    std::size_t start = 0;
    // string_view::find is memchr at run time (and still constexpr); counting stops at a sixth segment.
    for (;;) {
        auto const dot = token.find('.', start);
        auto const end = dot == std::string_view::npos ? token.size() : dot;
        if (count < parts.size()) parts[count] = token.substr(start, end - start);
        ++count;
        if (dot == std::string_view::npos || count > parts.size()) break;
        start = dot + 1;
    }
    if (count == 3) return error::wrong_token_type;
    if (count != 5) return error::malformed_token;
    if (parts[0].empty() || parts[2].empty() || parts[4].empty()) return error::malformed_token;
    return jwe_compact_segments{parts[0], parts[1], parts[2], parts[3], parts[4]};
}

/// RFC 7516 §5.2 step 2: decode a segment that must be exactly `size` octets into `out`. A wrong length is
/// error::malformed_token (judged from the encoded length, before decoding); bad base64url is
/// error::malformed_base64.
[[nodiscard]] AUTHWIRE_DECL result<void> decode_exact(std::string_view segment, std::size_t size,
                                                      std::span<unsigned char> out) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/jwe_compact.ipp>
#endif
