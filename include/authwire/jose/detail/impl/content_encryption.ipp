#pragma once
// authwire — the definitions of <authwire/jose/detail/content_encryption.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/params.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::size_t> gcm_encrypt_with(EVP_CIPHER_CTX* ctx, EVP_CIPHER const* cipher, bytes_view key,
                                                   bytes_view iv, bytes_view aad, bytes_view plaintext, bytes_span out,
                                                   bytes_span tag) noexcept {
    if (iv.size() != 12 || tag.size() != 16 || out.size() < plaintext.size() || !fits_int(aad.size()) ||
        !fits_int(plaintext.size()))
        return error::invalid_argument;
    if (EVP_EncryptInit_ex2(ctx, cipher, key.empty() ? nullptr : key.data(), iv.data(), nullptr) != 1)
        return error::crypto_failure;
    int len = 0;
    if (!aad.empty() && EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
        return error::crypto_failure;
    int written = 0;
    if (!plaintext.empty() &&
        EVP_EncryptUpdate(ctx, out.data(), &written, plaintext.data(), static_cast<int>(plaintext.size())) != 1)
        return error::crypto_failure;
    unsigned char final_block[16];
    if (EVP_EncryptFinal_ex(ctx, final_block, &len) != 1 || len != 0 ||
        static_cast<std::size_t>(written) != plaintext.size())
        return error::crypto_failure;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, tag.data()) != 1) return error::crypto_failure;
    return plaintext.size();
}

AUTHWIRE_DECL result<std::size_t> gcm_decrypt_with(EVP_CIPHER_CTX* ctx, EVP_CIPHER const* cipher, bytes_view key,
                                                   bytes_view iv, bytes_view aad, bytes_view ciphertext, bytes_view tag,
                                                   bytes_span out) noexcept {
    if (out.size() < ciphertext.size() || !fits_int(aad.size()) || !fits_int(ciphertext.size()))
        return error::invalid_argument;
    if (iv.size() != 12 || tag.size() != 16) return error::decryption_failed;
    if (EVP_DecryptInit_ex2(ctx, cipher, key.empty() ? nullptr : key.data(), iv.data(), nullptr) != 1)
        return error::crypto_failure;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, 16, const_cast<unsigned char*>(tag.data())) != 1)
        return error::crypto_failure;
    int len = 0;
    if (!aad.empty() && EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
        return error::crypto_failure;
    int written = 0;
    if (!ciphertext.empty() &&
        EVP_DecryptUpdate(ctx, out.data(), &written, ciphertext.data(), static_cast<int>(ciphertext.size())) != 1)
        return error::crypto_failure;
    unsigned char final_block[16];
    if (EVP_DecryptFinal_ex(ctx, final_block, &len) != 1 || len != 0 ||
        static_cast<std::size_t>(written) != ciphertext.size()) {
        ERR_clear_error();
        if (!ciphertext.empty()) OPENSSL_cleanse(out.data(), ciphertext.size());
        return error::decryption_failed;
    }
    return ciphertext.size();
}

AUTHWIRE_DECL result<std::size_t> cbc_hmac_compute_mac(EVP_MAC* mac, char const* digest, bytes_view mac_key,
                                                       bytes_view aad, bytes_view iv, bytes_view ciphertext,
                                                       std::span<unsigned char, 64> m) noexcept {
    evp_mac_ctx_ptr ctx{EVP_MAC_CTX_new(mac)};
    if (!ctx) return error::crypto_failure;
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
                           OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx.get(), mac_key.data(), mac_key.size(), params) != 1) return error::crypto_failure;
    std::uint64_t const bits = static_cast<std::uint64_t>(aad.size()) * 8u;
    unsigned char al[8];
    for (int i = 0; i < 8; ++i) al[i] = static_cast<unsigned char>(bits >> (56 - 8 * i));
    if (EVP_MAC_update(ctx.get(), aad.data(), aad.size()) != 1 ||
        EVP_MAC_update(ctx.get(), iv.data(), iv.size()) != 1 ||
        EVP_MAC_update(ctx.get(), ciphertext.data(), ciphertext.size()) != 1 ||
        EVP_MAC_update(ctx.get(), al, sizeof al) != 1)
        return error::crypto_failure;
    std::size_t len = 0;
    if (EVP_MAC_final(ctx.get(), m.data(), &len, m.size()) != 1) return error::crypto_failure;
    return len;
}

AUTHWIRE_DECL result<content_cipher> content_cipher::make(content_encryption_params const& p) noexcept {
    content_cipher c;
    c.params_ = &p;
    c.cipher_.reset(EVP_CIPHER_fetch(nullptr, p.cipher, nullptr));
    if (!c.cipher_) return error::crypto_failure;
    if (p.mode == content_cipher_mode::aes_cbc_hmac_sha2) {
        c.mac_.reset(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
        if (!c.mac_) return error::crypto_failure;
    }
    return c;
}

AUTHWIRE_DECL result<std::size_t> content_cipher::encrypt(bytes_view cek, bytes_view iv, bytes_view aad,
                                                          bytes_view plaintext, bytes_span out,
                                                          bytes_span tag) const noexcept {
    auto const& p = *params_;
    if (cek.size() != p.key_size || iv.size() != p.iv_size || tag.size() != p.tag_size) return error::invalid_argument;
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) return error::crypto_failure;
    if (p.mode == content_cipher_mode::aes_gcm)
        return gcm_encrypt_with(ctx.get(), cipher_.get(), cek, iv, aad, plaintext, out, tag);

    auto const n = ciphertext_size(p, plaintext.size());
    if (out.size() < n || !fits_int(plaintext.size())) return error::invalid_argument;
    auto const half = p.key_size / 2;
    if (EVP_EncryptInit_ex2(ctx.get(), cipher_.get(), cek.data() + half, iv.data(), nullptr) != 1)
        return error::crypto_failure;
    int written = 0;
    int last = 0;
    if (!plaintext.empty() &&
        EVP_EncryptUpdate(ctx.get(), out.data(), &written, plaintext.data(), static_cast<int>(plaintext.size())) != 1)
        return error::crypto_failure;
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &last) != 1 ||
        static_cast<std::size_t>(written) + static_cast<std::size_t>(last) != n)
        return error::crypto_failure;
    std::array<unsigned char, 64> m{};
    auto len = cbc_hmac_compute_mac(mac_.get(), p.digest, cek.first(half), aad, iv, bytes_view{out.data(), n}, m);
    if (!len) return len.error();
    if (*len < p.tag_size) return error::crypto_failure;
    for (std::size_t i = 0; i < p.tag_size; ++i) tag[i] = m[i];
    return n;
}

AUTHWIRE_DECL result<std::size_t> content_cipher::decrypt(bytes_view cek, bytes_view iv, bytes_view aad,
                                                          bytes_view ciphertext, bytes_view tag,
                                                          bytes_span out) const noexcept {
    auto const& p = *params_;
    if (cek.size() != p.key_size) return error::invalid_argument;
    if (iv.size() != p.iv_size || tag.size() != p.tag_size) return error::decryption_failed;
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx) return error::crypto_failure;
    if (p.mode == content_cipher_mode::aes_gcm)
        return gcm_decrypt_with(ctx.get(), cipher_.get(), cek, iv, aad, ciphertext, tag, out);

    if (out.size() < ciphertext.size() || !fits_int(ciphertext.size())) return error::invalid_argument;
    auto const half = p.key_size / 2;
    std::array<unsigned char, 64> m{};
    auto len = cbc_hmac_compute_mac(mac_.get(), p.digest, cek.first(half), aad, iv, ciphertext, m);
    if (!len) return len.error();
    if (*len < p.tag_size) return error::crypto_failure;
    if (!constant_time_equal(bytes_view{m.data(), p.tag_size}, tag)) return error::decryption_failed;
    if (ciphertext.empty() || ciphertext.size() % 16 != 0) return error::decryption_failed;
    if (EVP_DecryptInit_ex2(ctx.get(), cipher_.get(), cek.data() + half, iv.data(), nullptr) != 1)
        return error::crypto_failure;
    int written = 0;
    int last = 0;
    if (EVP_DecryptUpdate(ctx.get(), out.data(), &written, ciphertext.data(), static_cast<int>(ciphertext.size())) !=
            1 ||
        EVP_DecryptFinal_ex(ctx.get(), out.data() + written, &last) != 1) {
        ERR_clear_error();
        OPENSSL_cleanse(out.data(), ciphertext.size());
        return error::decryption_failed;
    }
    return static_cast<std::size_t>(written) + static_cast<std::size_t>(last);
}

AUTHWIRE_DECL result<prepared_content_key> prepared_content_key::make(content_encryption_params const& p,
                                                                      bytes_view key) noexcept {
    if (key.size() != p.key_size) return error::key_unusable;
    auto cipher = content_cipher::make(p);
    if (!cipher) return cipher.error();
    prepared_content_key k;
    k.state_.reset(new (std::nothrow) state);
    if (!k.state_) return error::crypto_failure;
    k.state_->cipher = std::move(*cipher);
    (void)k.state_->key.assign(key);
    if (p.mode == content_cipher_mode::aes_gcm) {
        if (!k.state_->contexts.open()) return error::crypto_failure;
        // The first context now, so that a key OpenSSL refuses is refused here rather than on each call.
        auto* ctx = k.state_->fresh_context();
        if (ctx == nullptr) return error::crypto_failure;
        k.state_->contexts.give(ctx);
    }
    return k;
}

AUTHWIRE_DECL result<std::size_t> prepared_content_key::encrypt(bytes_view iv, bytes_view aad, bytes_view plaintext,
                                                                bytes_span out, bytes_span tag) const noexcept {
    auto& s = *state_;
    if (auto ctx = s.borrow()) {
        auto r = gcm_encrypt_with(ctx.get(), nullptr, {}, iv, aad, plaintext, out, tag);
        s.settle(r, std::move(ctx));
        return r;
    }
    return s.cipher.encrypt(s.key.view(), iv, aad, plaintext, out, tag);
}

AUTHWIRE_DECL result<std::size_t> prepared_content_key::decrypt(bytes_view iv, bytes_view aad, bytes_view ciphertext,
                                                                bytes_view tag, bytes_span out) const noexcept {
    auto& s = *state_;
    if (auto ctx = s.borrow()) {
        auto r = gcm_decrypt_with(ctx.get(), nullptr, {}, iv, aad, ciphertext, tag, out);
        s.settle(r, std::move(ctx));
        return r;
    }
    return s.cipher.decrypt(s.key.view(), iv, aad, ciphertext, tag, out);
}

AUTHWIRE_DECL EVP_CIPHER_CTX* prepared_content_key::state::fresh_context() const noexcept {
    evp_cipher_ctx_ptr ctx{EVP_CIPHER_CTX_new()};
    if (!ctx || EVP_EncryptInit_ex2(ctx.get(), cipher.cipher(), key.view().data(), nullptr, nullptr) != 1) {
        ERR_clear_error();
        return nullptr;
    }
    return ctx.release();
}

AUTHWIRE_DECL evp_cipher_ctx_ptr prepared_content_key::state::borrow() noexcept {
    if (cipher.params().mode != content_cipher_mode::aes_gcm) return nullptr;
    if (auto* ctx = contexts.take()) return evp_cipher_ctx_ptr{ctx};
    return evp_cipher_ctx_ptr{fresh_context()};
}

AUTHWIRE_DECL void prepared_content_key::state::settle(result<std::size_t> const& r, evp_cipher_ctx_ptr ctx) noexcept {
    if (r || r.error() != error::crypto_failure) contexts.give(ctx.release());
}

}  // namespace authwire::jose::detail
