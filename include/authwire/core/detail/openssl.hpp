#pragma once
// authwire — internal: RAII ownership of OpenSSL 3 objects and one-shot digests (EVP APIs only).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <openssl/types.h>

#include <array>
#include <cstddef>
#include <ostream>
#include <span>
#include <string_view>

// <openssl/ec.h> names it; <openssl/types.h> does not.
typedef struct ECDSA_SIG_st ECDSA_SIG;  // NOLINT(modernize-use-using): the same declaration as OpenSSL's

namespace authwire::detail {

// Each OpenSSL type's free function, by overload (BN_clear_free for a BIGNUM: it may hold a private exponent).
// Null is ignored, as OpenSSL does. Declared against <openssl/types.h> alone, so that the declarations of the
// layers above need no other OpenSSL header; defined with the rest in the .ipp.
AUTHWIRE_DECL void openssl_free(EVP_MD_CTX* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_PKEY* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_PKEY_CTX* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_CIPHER_CTX* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_MAC* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_MAC_CTX* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_MD* p) noexcept;
AUTHWIRE_DECL void openssl_free(EVP_CIPHER* p) noexcept;
AUTHWIRE_DECL void openssl_free(BIGNUM* p) noexcept;
AUTHWIRE_DECL void openssl_free(BIO* p) noexcept;
AUTHWIRE_DECL void openssl_free(OSSL_PARAM_BLD* p) noexcept;
AUTHWIRE_DECL void openssl_free(OSSL_PARAM* p) noexcept;
AUTHWIRE_DECL void openssl_free(ECDSA_SIG* p) noexcept;
AUTHWIRE_DECL void openssl_free(BN_CTX* p) noexcept;

/// Sole owner of one OpenSSL object, freed once with its openssl_free: what std::unique_ptr with a deleter
/// would be, at a fraction of its cost to compile (one small class per OpenSSL type, in every translation unit
/// that sees these declarations). Move-only.
template <class T>
class openssl_ptr {
public:
    openssl_ptr() noexcept = default;
    openssl_ptr(std::nullptr_t) noexcept {}  // NOLINT: implicit, as unique_ptr's
    explicit openssl_ptr(T* p) noexcept : p_(p) {}
    openssl_ptr(openssl_ptr&& other) noexcept : p_(other.release()) {}
    openssl_ptr& operator=(openssl_ptr&& other) noexcept {
        reset(other.release());
        return *this;
    }
    openssl_ptr(openssl_ptr const&) = delete;
    openssl_ptr& operator=(openssl_ptr const&) = delete;
    ~openssl_ptr() {
        if (p_ != nullptr) openssl_free(p_);
    }

    [[nodiscard]] T* get() const noexcept { return p_; }
    [[nodiscard]] T* release() noexcept {
        T* p = p_;
        p_ = nullptr;
        return p;
    }
    void reset(T* p = nullptr) noexcept {
        T* old = p_;
        p_ = p;
        if (old != nullptr) openssl_free(old);
    }
    explicit operator bool() const noexcept { return p_ != nullptr; }

    friend bool operator==(openssl_ptr const& p, std::nullptr_t) noexcept { return p.p_ == nullptr; }
    friend std::ostream& operator<<(std::ostream& os, openssl_ptr const& p) { return os << static_cast<void*>(p.p_); }

private:
    T* p_ = nullptr;
};

using evp_md_ctx_ptr = openssl_ptr<EVP_MD_CTX>;
using evp_pkey_ptr = openssl_ptr<EVP_PKEY>;
using evp_pkey_ctx_ptr = openssl_ptr<EVP_PKEY_CTX>;
using evp_cipher_ctx_ptr = openssl_ptr<EVP_CIPHER_CTX>;
using evp_mac_ptr = openssl_ptr<EVP_MAC>;
using evp_mac_ctx_ptr = openssl_ptr<EVP_MAC_CTX>;
using evp_md_ptr = openssl_ptr<EVP_MD>;
using evp_cipher_ptr = openssl_ptr<EVP_CIPHER>;
using bignum_ptr = openssl_ptr<BIGNUM>;  // wiped on release: may hold a private exponent
using bio_ptr = openssl_ptr<BIO>;
using ossl_param_bld_ptr = openssl_ptr<OSSL_PARAM_BLD>;
using ossl_param_ptr = openssl_ptr<OSSL_PARAM>;
using ecdsa_sig_ptr = openssl_ptr<ECDSA_SIG>;
using bn_ctx_ptr = openssl_ptr<BN_CTX>;

/// A view of bytes as OpenSSL wants them.
[[nodiscard]] AUTHWIRE_DECL std::span<unsigned char const> as_bytes(std::string_view s) noexcept;

/// SHA-256 of `in` (FIPS 180-4), one shot.
[[nodiscard]] AUTHWIRE_DECL result<std::array<unsigned char, 32>> sha256(std::span<unsigned char const> in) noexcept;

} // namespace authwire::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/detail/impl/openssl.ipp>
#endif
