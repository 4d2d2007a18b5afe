#pragma once
// authwire — the definitions of <authwire/jose/detail/key_management_aes.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/key_management_aes.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::size_t> aes_key_wrap_run(bytes_view kek, bytes_view in, bytes_span out,
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

AUTHWIRE_DECL result<std::size_t> aes_key_wrap(bytes_view kek, bytes_view key, bytes_span out) noexcept {
    if (key.size() < 16 || key.size() % 8 != 0 || !fits_int(key.size()) || out.size() < key.size() + 8)
        return error::invalid_argument;
    auto n = aes_key_wrap_run(kek, key, out, true);
    if (n && *n != key.size() + 8) return error::crypto_failure;
    return n;
}

AUTHWIRE_DECL result<std::size_t> aes_key_unwrap(bytes_view kek, bytes_view wrapped, bytes_span out) noexcept {
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

AUTHWIRE_DECL result<std::size_t> aes_gcm_key_wrap(bytes_view kek, bytes_view iv, bytes_view key, bytes_span out,
                                                   bytes_span tag) noexcept {
    auto const* name = aes_gcm_cipher_name(kek.size());
    if (name == nullptr) return error::key_unusable;
    evp_cipher_ptr cipher{EVP_CIPHER_fetch(nullptr, name, nullptr)};
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!cipher || !ctx) return error::crypto_failure;
    return gcm_encrypt_with(ctx.get(), cipher.get(), kek, iv, {}, key, out, tag);
}

AUTHWIRE_DECL result<std::size_t> aes_gcm_key_unwrap(bytes_view kek, bytes_view iv, bytes_view tag, bytes_view wrapped,
                                                     bytes_span out) noexcept {
    auto const* name = aes_gcm_cipher_name(kek.size());
    if (name == nullptr) return error::key_unusable;
    evp_cipher_ptr cipher{EVP_CIPHER_fetch(nullptr, name, nullptr)};
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!cipher || !ctx) return error::crypto_failure;
    return gcm_decrypt_with(ctx.get(), cipher.get(), kek, iv, {}, wrapped, tag, out);
}

}  // namespace authwire::jose::detail
