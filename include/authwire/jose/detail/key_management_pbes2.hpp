#pragma once
// authwire — internal: JWE password-based key derivation PBES2 (RFC 7518 §4.8, PBKDF2 of RFC 8018 §5.2).

#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace authwire::jose::detail {

/// RFC 7518 §4.8.1.1: a salt input shorter than 8 octets is refused.
inline constexpr std::size_t pbes2_minimum_salt = 8;

/// RFC 7518 §4.8: derive the AES key-wrap key (out.size() octets: 16, 24 or 32) from `password` with PBKDF2
/// using HMAC with `digest` ("SHA256", "SHA384", "SHA512"), salt = UTF8(alg) ‖ 0x00 ‖ p2s, and `p2c`
/// iterations. The iteration count must already be within the caller's policy.
[[nodiscard]] inline result<void> pbes2_derive_key(std::string_view alg, char const* digest, bytes_view password,
                                                   bytes_view p2s, std::uint64_t p2c, bytes_span out) {
    if (p2c == 0 || p2c > static_cast<std::uint64_t>(INT_MAX) || !fits_int(password.size()) || out.empty() ||
        out.size() > 32)
        return error::invalid_argument;
    if (p2s.size() < pbes2_minimum_salt || p2s.size() > 1024) return error::invalid_argument;
    std::vector<unsigned char> salt;
    salt.reserve(alg.size() + 1 + p2s.size());
    salt.insert(salt.end(), alg.begin(), alg.end());
    salt.push_back(0);
    salt.insert(salt.end(), p2s.begin(), p2s.end());
    evp_md_ptr md{EVP_MD_fetch(nullptr, digest, nullptr)};
    if (!md) return error::crypto_failure;
    if (PKCS5_PBKDF2_HMAC(reinterpret_cast<char const*>(password.data()), static_cast<int>(password.size()),
                          salt.data(), static_cast<int>(salt.size()), static_cast<int>(p2c), md.get(),
                          static_cast<int>(out.size()), out.data()) != 1)
        return error::crypto_failure;
    return {};
}

} // namespace authwire::jose::detail
