#pragma once
// authwire — internal: JWE key wrapping with AES (RFC 7518 §4.4 AES Key Wrap, §4.7 AES-GCM key encryption).

#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstddef>

namespace authwire::jose::detail {

/// The OpenSSL name of the RFC 3394 key-wrap cipher for a KEK of `kek_size` octets, or nullptr.
[[nodiscard]] constexpr char const* aes_wrap_cipher_name(std::size_t kek_size) noexcept {
    switch (kek_size) {
    case 16: return "AES-128-WRAP";
    case 24: return "AES-192-WRAP";
    case 32: return "AES-256-WRAP";
    default: return nullptr;
    }
}

/// The OpenSSL name of AES-GCM for a key of `key_size` octets, or nullptr.
[[nodiscard]] constexpr char const* aes_gcm_cipher_name(std::size_t key_size) noexcept {
    switch (key_size) {
    case 16: return "AES-128-GCM";
    case 24: return "AES-192-GCM";
    case 32: return "AES-256-GCM";
    default: return nullptr;
    }
}

// Runs the RFC 3394 wrap (encrypt = true) or unwrap of `in` into `out`; returns the output length.
[[nodiscard]] inline result<std::size_t> aes_key_wrap_run(bytes_view kek, bytes_view in, bytes_span out,
                                                          bool encrypt) noexcept {
    auto const* name = aes_wrap_cipher_name(kek.size());
    if (name == nullptr) return error::key_unusable;
    evp_cipher_ptr cipher{EVP_CIPHER_fetch(nullptr, name, nullptr)};
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!cipher || !ctx) return error::crypto_failure;
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), kek.data(), nullptr, encrypt ? 1 : 0, nullptr) != 1)
        return error::crypto_failure;
    int len = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) != 1 || len < 0) {
        ERR_clear_error();
        OPENSSL_cleanse(out.data(), out.size());
        return encrypt ? error::crypto_failure : error::decryption_failed;
    }
    int last = 0;
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + len, &last) != 1 || last != 0) {
        ERR_clear_error();
        OPENSSL_cleanse(out.data(), out.size());
        return encrypt ? error::crypto_failure : error::decryption_failed;
    }
    return static_cast<std::size_t>(len);
}

/// RFC 3394 §2.2.1 (RFC 7518 §4.4): wrap `key` (a multiple of 8 octets, at least 16) under `kek` (16, 24 or
/// 32 octets) into `out` (at least key.size() + 8 octets); returns the wrapped length, key.size() + 8.
[[nodiscard]] inline result<std::size_t> aes_key_wrap(bytes_view kek, bytes_view key, bytes_span out) noexcept {
    if (key.size() < 16 || key.size() % 8 != 0 || !fits_int(key.size()) || out.size() < key.size() + 8)
        return error::invalid_argument;
    auto n = aes_key_wrap_run(kek, key, out, true);
    if (n && *n != key.size() + 8) return error::crypto_failure;
    return n;
}

/// RFC 3394 §2.2.2 (RFC 7518 §4.4): unwrap `wrapped` under `kek` into `out` (at least wrapped.size() - 8
/// octets) and check the integrity value; returns the key length. Any failure of the input is
/// error::decryption_failed.
[[nodiscard]] inline result<std::size_t> aes_key_unwrap(bytes_view kek, bytes_view wrapped, bytes_span out) noexcept {
    if (aes_wrap_cipher_name(kek.size()) == nullptr) return error::key_unusable;
    if (wrapped.size() < 24 || wrapped.size() % 8 != 0 || !fits_int(wrapped.size())) return error::decryption_failed;
    if (out.size() < wrapped.size() - 8) return error::invalid_argument;
    auto n = aes_key_wrap_run(kek, wrapped, out, false);
    if (n && *n != wrapped.size() - 8) {
        OPENSSL_cleanse(out.data(), out.size());
        return error::decryption_failed;
    }
    return n;
}

/// RFC 7518 §4.7.1: encrypt `key` under `kek` with AES-GCM, the 96-bit `iv` and no AAD, into `out` (at least
/// key.size() octets) and the 128-bit `tag`; returns key.size().
[[nodiscard]] inline result<std::size_t> aes_gcm_key_wrap(bytes_view kek, bytes_view iv, bytes_view key,
                                                          bytes_span out, bytes_span tag) noexcept {
    auto const* name = aes_gcm_cipher_name(kek.size());
    if (name == nullptr) return error::key_unusable;
    evp_cipher_ptr cipher{EVP_CIPHER_fetch(nullptr, name, nullptr)};
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!cipher || !ctx) return error::crypto_failure;
    return gcm_encrypt_with(ctx.get(), cipher.get(), kek, iv, {}, key, out, tag);
}

/// RFC 7518 §4.7.1: decrypt and authenticate an AES-GCM-wrapped key (see aes_gcm_key_wrap); returns its
/// length. Any failure of the input is error::decryption_failed.
[[nodiscard]] inline result<std::size_t> aes_gcm_key_unwrap(bytes_view kek, bytes_view iv, bytes_view tag,
                                                            bytes_view wrapped, bytes_span out) noexcept {
    auto const* name = aes_gcm_cipher_name(kek.size());
    if (name == nullptr) return error::key_unusable;
    evp_cipher_ptr cipher{EVP_CIPHER_fetch(nullptr, name, nullptr)};
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!cipher || !ctx) return error::crypto_failure;
    return gcm_decrypt_with(ctx.get(), cipher.get(), kek, iv, {}, wrapped, tag, out);
}

} // namespace authwire::jose::detail
