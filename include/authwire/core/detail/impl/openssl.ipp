#pragma once
// authwire — the definitions of <authwire/core/detail/openssl.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/detail/openssl.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

namespace authwire::detail {

AUTHWIRE_DECL void openssl_free(EVP_MD_CTX* p) noexcept { EVP_MD_CTX_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_PKEY* p) noexcept { EVP_PKEY_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_PKEY_CTX* p) noexcept { EVP_PKEY_CTX_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_CIPHER_CTX* p) noexcept { EVP_CIPHER_CTX_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_MAC* p) noexcept { EVP_MAC_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_MAC_CTX* p) noexcept { EVP_MAC_CTX_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_MD* p) noexcept { EVP_MD_free(p); }
AUTHWIRE_DECL void openssl_free(EVP_CIPHER* p) noexcept { EVP_CIPHER_free(p); }
AUTHWIRE_DECL void openssl_free(BIGNUM* p) noexcept { BN_clear_free(p); }
AUTHWIRE_DECL void openssl_free(BIO* p) noexcept { BIO_free_all(p); }
AUTHWIRE_DECL void openssl_free(OSSL_PARAM_BLD* p) noexcept { OSSL_PARAM_BLD_free(p); }
AUTHWIRE_DECL void openssl_free(OSSL_PARAM* p) noexcept { OSSL_PARAM_free(p); }
AUTHWIRE_DECL void openssl_free(ECDSA_SIG* p) noexcept { ECDSA_SIG_free(p); }
AUTHWIRE_DECL void openssl_free(BN_CTX* p) noexcept { BN_CTX_free(p); }

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
