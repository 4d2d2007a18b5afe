#pragma once
// authwire — the definitions of <authwire/jose/detail/key_management_rsa.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/key_management_rsa.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<evp_pkey_ctx_ptr> rsa_key_encryption_context(EVP_PKEY* key, rsa_key_encryption scheme,
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

AUTHWIRE_DECL result<std::vector<unsigned char>> rsa_encrypt_key(EVP_PKEY* key, rsa_key_encryption scheme,
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

AUTHWIRE_DECL result<void> rsa_decrypt_key(EVP_PKEY* key, rsa_key_encryption scheme, bytes_view encrypted,
                                           std::size_t cek_size, cek_buffer& cek, random_source rng) noexcept {
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

}  // namespace authwire::jose::detail
