#pragma once
// authwire — internal: RAII ownership of OpenSSL 3 objects and one-shot digests (EVP APIs only).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/params.h>

#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <string_view>

namespace authwire::detail {

template <class T, void (*Free)(T*)>
struct openssl_deleter {
    void operator()(T* p) const noexcept { Free(p); }
};

template <class T, void (*Free)(T*)>
using openssl_ptr = std::unique_ptr<T, openssl_deleter<T, Free>>;

using evp_md_ctx_ptr = openssl_ptr<EVP_MD_CTX, &EVP_MD_CTX_free>;
using evp_pkey_ptr = openssl_ptr<EVP_PKEY, &EVP_PKEY_free>;
using evp_pkey_ctx_ptr = openssl_ptr<EVP_PKEY_CTX, &EVP_PKEY_CTX_free>;
using evp_cipher_ctx_ptr = openssl_ptr<EVP_CIPHER_CTX, &EVP_CIPHER_CTX_free>;
using evp_mac_ptr = openssl_ptr<EVP_MAC, &EVP_MAC_free>;
using evp_mac_ctx_ptr = openssl_ptr<EVP_MAC_CTX, &EVP_MAC_CTX_free>;
using evp_md_ptr = openssl_ptr<EVP_MD, &EVP_MD_free>;
using evp_cipher_ptr = openssl_ptr<EVP_CIPHER, &EVP_CIPHER_free>;
using bignum_ptr = openssl_ptr<BIGNUM, &BN_clear_free>;  // wiped on release: may hold a private exponent
using bio_ptr = openssl_ptr<BIO, &BIO_free_all>;
using ossl_param_bld_ptr = openssl_ptr<OSSL_PARAM_BLD, &OSSL_PARAM_BLD_free>;
using ossl_param_ptr = openssl_ptr<OSSL_PARAM, &OSSL_PARAM_free>;
using ecdsa_sig_ptr = openssl_ptr<ECDSA_SIG, &ECDSA_SIG_free>;
using bn_ctx_ptr = openssl_ptr<BN_CTX, &BN_CTX_free>;

/// A view of bytes as OpenSSL wants them.
[[nodiscard]] AUTHWIRE_DECL std::span<unsigned char const> as_bytes(std::string_view s) noexcept;

/// SHA-256 of `in` (FIPS 180-4), one shot.
[[nodiscard]] AUTHWIRE_DECL result<std::array<unsigned char, 32>> sha256(std::span<unsigned char const> in) noexcept;

} // namespace authwire::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/detail/impl/openssl.ipp>
#endif
