#pragma once
// authwire — the definitions of <authwire/jose/detail/key_management_ecdh.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/jose/detail/key_management_ecdh.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<ecdh_curve> ecdh_curve_of(EVP_PKEY const* key) noexcept {
    if (key == nullptr) return error::key_unusable;
    if (EVP_PKEY_is_a(key, "X25519")) return ecdh_curve::x25519;
    if (!EVP_PKEY_is_a(key, "EC")) return error::key_unusable;
    char group[32] = {};
    std::size_t len = 0;
    if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) != 1)
        return error::key_unusable;
    std::string_view const name(group, len);
    if (name == "prime256v1" || name == "P-256") return ecdh_curve::p256;
    if (name == "secp384r1" || name == "P-384") return ecdh_curve::p384;
    if (name == "secp521r1" || name == "P-521") return ecdh_curve::p521;
    return error::key_unusable;
}

AUTHWIRE_DECL result<void> concat_kdf_sha256(bytes_view z, std::string_view algorithm_id, bytes_view apu,
                                             bytes_view apv, bytes_span out) noexcept {
    if (out.empty() || out.size() > 64 || algorithm_id.size() > 0xffff || apu.size() > 0xffffff ||
        apv.size() > 0xffffff)
        return error::invalid_argument;
    auto const be32 = [](std::size_t v) {
        return std::array<unsigned char, 4>{static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                                            static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    };
    evp_md_ptr sha256{EVP_MD_fetch(nullptr, "SHA256", nullptr)};
    evp_md_ctx_ptr ctx{EVP_MD_CTX_new()};
    if (!sha256 || !ctx) return error::crypto_failure;
    auto const alg_len = be32(algorithm_id.size());
    auto const apu_len = be32(apu.size());
    auto const apv_len = be32(apv.size());
    auto const keydatalen = be32(out.size() * 8);
    std::size_t done = 0;
    for (std::uint32_t counter = 1; done < out.size(); ++counter) {
        auto const round = be32(counter);
        std::array<unsigned char, 32> digest{};
        unsigned int len = 0;
        bool const ok = EVP_DigestInit_ex2(ctx.get(), sha256.get(), nullptr) == 1 &&
                        EVP_DigestUpdate(ctx.get(), round.data(), round.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), z.data(), z.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), alg_len.data(), alg_len.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), algorithm_id.data(), algorithm_id.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), apu_len.data(), apu_len.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), apu.data(), apu.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), apv_len.data(), apv_len.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), apv.data(), apv.size()) == 1 &&
                        EVP_DigestUpdate(ctx.get(), keydatalen.data(), keydatalen.size()) == 1 &&
                        EVP_DigestFinal_ex(ctx.get(), digest.data(), &len) == 1 && len == digest.size();
        if (!ok) {
            OPENSSL_cleanse(out.data(), out.size());
            return error::crypto_failure;
        }
        auto const take = out.size() - done < digest.size() ? out.size() - done : digest.size();
        for (std::size_t i = 0; i < take; ++i) out[done + i] = digest[i];
        done += take;
        OPENSSL_cleanse(digest.data(), digest.size());
    }
    return {};
}

AUTHWIRE_DECL result<ecdh_secret> ecdh_shared_secret(EVP_PKEY* own, EVP_PKEY* peer, bool peer_checked) noexcept {
    auto const own_curve = ecdh_curve_of(own);
    if (!own_curve) return own_curve.error();
    auto const peer_curve = ecdh_curve_of(peer);
    if (!peer_curve || *peer_curve != *own_curve) return error::malformed_key;
    evp_pkey_ctx_ptr ctx{EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr)};
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return error::crypto_failure;
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, peer_checked ? 0 : 1) != 1) {
        ERR_clear_error();
        return error::malformed_key;
    }
    ecdh_secret z;
    std::size_t len = ecdh_secret::capacity;
    if (EVP_PKEY_derive(ctx.get(), z.data(), &len) != 1 || len == 0) {
        ERR_clear_error();
        return error::decryption_failed;
    }
    (void)z.resize(len);
    return z;
}

AUTHWIRE_DECL result<evp_pkey_ptr> ecdh_generate_ephemeral(EVP_PKEY* recipient) noexcept {
    if (auto curve = ecdh_curve_of(recipient); !curve) return curve.error();
    evp_pkey_ctx_ptr ctx{EVP_PKEY_CTX_new_from_pkey(nullptr, recipient, nullptr)};
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return error::crypto_failure;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return error::crypto_failure;
    return evp_pkey_ptr{raw};
}

AUTHWIRE_DECL result<void> ecdh_es_derive(EVP_PKEY* own, EVP_PKEY* peer, std::string_view algorithm_id, bytes_view apu,
                                          bytes_view apv, bytes_span out, bool peer_checked) noexcept {
    auto z = ecdh_shared_secret(own, peer, peer_checked);
    if (!z) return z.error();
    return concat_kdf_sha256(z->view(), algorithm_id, apu, apv, out);
}

}  // namespace authwire::jose::detail
