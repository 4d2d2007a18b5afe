#pragma once
// authwire — internal: JWE key encryption with RSA (RFC 7518 §4.2 RSAES-PKCS1-v1_5, §4.3 RSAES-OAEP).

#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

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
[[nodiscard]] inline result<evp_pkey_ctx_ptr> rsa_key_encryption_context(EVP_PKEY* key, rsa_key_encryption scheme,
                                                                         int (*init)(EVP_PKEY_CTX*)) noexcept {
    if (key == nullptr || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return error::key_unusable;
    if (EVP_PKEY_get_bits(key) < rsa_minimum_bits) return error::weak_key;
    evp_pkey_ctx_ptr ctx{EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr)};
    if (!ctx || init(ctx.get()) != 1) return error::crypto_failure;
    if (scheme == rsa_key_encryption::pkcs1_v1_5) {
        if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) return error::crypto_failure;
        return ctx;
    }
    char const* md = scheme == rsa_key_encryption::oaep_sha1 ? "SHA1" : "SHA256";
    if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_oaep_md_name(ctx.get(), md, nullptr) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md_name(ctx.get(), md, nullptr) != 1)
        return error::crypto_failure;
    return ctx;
}

/// RFC 7518 §4.2–4.3: encrypt `cek` to the RSA public key `key`; returns the JWE Encrypted Key (as long as the
/// modulus). The padding randomness comes from OpenSSL's CSPRNG.
[[nodiscard]] inline result<std::vector<unsigned char>> rsa_encrypt_key(EVP_PKEY* key, rsa_key_encryption scheme,
                                                                        bytes_view cek) {
    auto ctx = rsa_key_encryption_context(key, scheme, &EVP_PKEY_encrypt_init);
    if (!ctx) return ctx.error();
    std::size_t len = 0;
    if (EVP_PKEY_encrypt(ctx->get(), nullptr, &len, cek.data(), cek.size()) != 1) return error::crypto_failure;
    std::vector<unsigned char> out(len);
    if (EVP_PKEY_encrypt(ctx->get(), out.data(), &len, cek.data(), cek.size()) != 1) return error::crypto_failure;
    out.resize(len);
    return out;
}

/// RFC 7518 §4.2–4.3 with RFC 7516 §11.5: decrypt the JWE Encrypted Key with the RSA private key `key` into
/// `cek`, which then holds `cek_size` octets. When decryption fails, or yields a key of the wrong length, `cek`
/// silently holds `cek_size` random octets instead (from `rng`), chosen without a data-dependent branch, so
/// that the content decryption fails like any other forgery and no padding oracle exists (Bleichenbacher,
/// Manger). Errors are returned only for local failures (no random bytes, unusable key).
[[nodiscard]] inline result<void> rsa_decrypt_key(EVP_PKEY* key, rsa_key_encryption scheme, bytes_view encrypted,
                                                  std::size_t cek_size, cek_buffer& cek,
                                                  random_source rng = {}) noexcept {
    if (cek_size == 0 || cek_size > cek_buffer::capacity) return error::invalid_argument;
    auto ctx = rsa_key_encryption_context(key, scheme, &EVP_PKEY_decrypt_init);
    if (!ctx) return ctx.error();
    (void)cek.resize(cek_size);
    if (auto r = rng.fill(cek.span()); !r) return r.error();

    // A modulus-sized scratch buffer (RSA keys above 16384 bits are not supported).
    constexpr std::size_t max_modulus = 2048;
    auto const modulus = static_cast<std::size_t>(EVP_PKEY_get_size(key));
    if (modulus == 0 || modulus > max_modulus) return error::key_unusable;
    wiped_buffer<max_modulus> scratch;
    (void)scratch.resize(modulus);
    std::size_t len = modulus;
    int const ok = EVP_PKEY_decrypt(ctx->get(), scratch.data(), &len, encrypted.data(), encrypted.size());
    ERR_clear_error();  // always, so that success and failure leave the same (empty) error queue

    // mask = 0xff when decryption succeeded with the right length, else 0x00; then select without branching.
    unsigned const good = static_cast<unsigned>(ok == 1) & static_cast<unsigned>(len == cek_size);
    auto const mask = static_cast<unsigned char>(0u - good);
    auto out = cek.span();
    auto const* decrypted = scratch.data();
    for (std::size_t i = 0; i < cek_size; ++i)
        out[i] = static_cast<unsigned char>((decrypted[i] & mask) | (out[i] & static_cast<unsigned char>(~mask)));
    return {};
}

} // namespace authwire::jose::detail
