#pragma once
// authwire — the definitions of <authwire/core/detail/openssl.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/detail/openssl.hpp>

namespace authwire::detail {

AUTHWIRE_DECL std::span<unsigned char const> as_bytes(std::string_view s) noexcept {
    return {reinterpret_cast<unsigned char const*>(s.data()), s.size()};
}

AUTHWIRE_DECL result<std::array<unsigned char, 32>> sha256(std::span<unsigned char const> in) noexcept {
    std::array<unsigned char, 32> out{};
    unsigned int len = 0;
    if (EVP_Digest(in.data(), in.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != out.size())
        return error::crypto_failure;
    return out;
}

}  // namespace authwire::detail
