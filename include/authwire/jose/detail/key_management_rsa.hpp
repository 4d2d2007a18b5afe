#pragma once
// authwire — internal: JWE key encryption with RSA (RFC 7518 §4.2 RSAES-PKCS1-v1_5, §4.3 RSAES-OAEP).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace authwire::jose::detail {

/// The RSA encryption schemes JWE registers.
enum class rsa_key_encryption {
    oaep_sha1,    ///< "RSA-OAEP": RSAES-OAEP, SHA-1 and MGF1 with SHA-1 (RFC 7518 §4.3)
    oaep_sha256,  ///< "RSA-OAEP-256": RSAES-OAEP, SHA-256 and MGF1 with SHA-256 (RFC 7518 §4.3)
    pkcs1_v1_5,   ///< "RSA1_5": RSAES-PKCS1-v1_5 (RFC 7518 §4.2) — refused unless enabled
};

/// RFC 7518 §4.2–4.3: RSA keys shorter than 2048 bits are refused.
inline constexpr int rsa_minimum_bits = 2048;

// A key context set up for `scheme`, with `init` (EVP_PKEY_encrypt_init or EVP_PKEY_decrypt_init) already run.
[[nodiscard]] AUTHWIRE_DECL result<evp_pkey_ctx_ptr> rsa_key_encryption_context(EVP_PKEY* key,
                                                                                rsa_key_encryption scheme,
                                                                                int (*init)(EVP_PKEY_CTX*)) noexcept;

/// RFC 7518 §4.2–4.3: encrypt `cek` to the RSA public key `key`; returns the JWE Encrypted Key (as long as the
/// modulus). The padding randomness comes from OpenSSL's CSPRNG.
[[nodiscard]] AUTHWIRE_DECL result<std::vector<unsigned char>> rsa_encrypt_key(EVP_PKEY* key, rsa_key_encryption scheme,
                                                                               bytes_view cek);

/// RFC 7518 §4.2–4.3 with RFC 7516 §11.5: decrypt the JWE Encrypted Key with the RSA private key `key` into
/// `cek`, which then holds `cek_size` octets. When decryption fails, or yields a key of the wrong length, `cek`
/// silently holds `cek_size` random octets instead (from `rng`), chosen without a data-dependent branch, so
/// that the content decryption fails like any other forgery and no padding oracle exists (Bleichenbacher,
/// Manger). Errors are returned only for local failures (no random bytes, unusable key).
[[nodiscard]] AUTHWIRE_DECL result<void> rsa_decrypt_key(EVP_PKEY* key, rsa_key_encryption scheme, bytes_view encrypted,
                                                         std::size_t cek_size, cek_buffer& cek,
                                                         random_source rng = {}) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/key_management_rsa.ipp>
#endif
