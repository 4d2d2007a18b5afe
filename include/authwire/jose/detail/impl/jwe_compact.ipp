#pragma once
// authwire — the definitions of <authwire/jose/detail/jwe_compact.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/jwe_compact.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> decode_exact(std::string_view segment, std::size_t size,
                                        std::span<unsigned char> out) noexcept {
    if (segment.size() % 4 == 1) return error::malformed_base64;
    if (base64url_decoded_size(segment.size()) != size || out.size() < size) return error::malformed_token;
    auto n = base64url_decode_into(segment, out);
    if (!n) return n.error();
    return {};
}

}  // namespace authwire::jose::detail
