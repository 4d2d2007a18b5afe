#pragma once
// authwire — the definitions of <authwire/server/detail/hash.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/detail/hash.hpp>

#include <openssl/evp.h>

namespace authwire::server::detail {

AUTHWIRE_DECL result<std::array<unsigned char, 32>> hmac_sha256(std::span<unsigned char const> key,
                                                                std::span<unsigned char const> data) noexcept {
    std::array<unsigned char, 32> out{};
    if (key.empty()) return error::invalid_argument;
    std::size_t len = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(), data.data(), data.size(),
                  out.data(), out.size(), &len) == nullptr ||
        len != out.size())
        return error::crypto_failure;
    return out;
}

}  // namespace authwire::server::detail
