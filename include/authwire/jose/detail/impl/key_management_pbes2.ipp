#pragma once
// authwire — the definitions of <authwire/jose/detail/key_management_pbes2.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/key_management_pbes2.hpp>

#include <openssl/evp.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> pbes2_derive_key(std::string_view alg, char const* digest, bytes_view password,
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

}  // namespace authwire::jose::detail
