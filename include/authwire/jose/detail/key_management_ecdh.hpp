#pragma once
// authwire — internal: JWE key agreement with ECDH-ES (RFC 7518 §4.6, RFC 8037 §3.2): ECDH and the Concat KDF.

#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace authwire::jose::detail {

/// The curves ECDH-ES is implemented for.
enum class ecdh_curve { p256, p384, p521, x25519 };

/// The curve of `key` when ECDH-ES supports it (P-256, P-384, P-521, X25519).
[[nodiscard]] inline result<ecdh_curve> ecdh_curve_of(EVP_PKEY const* key) noexcept {
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

/// A shared secret Z: at most 66 octets (P-521).
using ecdh_secret = wiped_buffer<66>;

/// RFC 7518 §4.6.2 (NIST SP 800-56A §5.8.1, Concat KDF with SHA-256): derive out.size() octets from `z` with
/// OtherInfo = AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo, the first three each a 32-bit big-endian
/// length followed by the data, SuppPubInfo the key length in bits as a 32-bit big-endian integer.
[[nodiscard]] inline result<void> concat_kdf_sha256(bytes_view z, std::string_view algorithm_id, bytes_view apu,
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

/// RFC 7518 §4.6.2: the ECDH (or X25519, RFC 8037 §3.2) shared secret Z of our private key `own` and the
/// peer's public key `peer`. Both must be on the same supported curve. Unless the caller has already run
/// EVP_PKEY_public_check on `peer` (as jwk::from_json does) and says so with `peer_checked`, `peer` is
/// validated here (on the curve, not the point at infinity). For X25519 OpenSSL refuses an all-zero result.
[[nodiscard]] inline result<ecdh_secret> ecdh_shared_secret(EVP_PKEY* own, EVP_PKEY* peer,
                                                            bool peer_checked = false) noexcept {
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

/// RFC 7518 §4.6: a fresh ephemeral key pair on the curve of `recipient` (OpenSSL's CSPRNG).
[[nodiscard]] inline result<evp_pkey_ptr> ecdh_generate_ephemeral(EVP_PKEY* recipient) noexcept {
    if (auto curve = ecdh_curve_of(recipient); !curve) return curve.error();
    evp_pkey_ctx_ptr ctx{EVP_PKEY_CTX_new_from_pkey(nullptr, recipient, nullptr)};
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return error::crypto_failure;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return error::crypto_failure;
    return evp_pkey_ptr{raw};
}

/// RFC 7518 §4.6.2: the agreed key of out.size() octets: Concat KDF over the ECDH secret of `own` and `peer`.
/// `algorithm_id` is the "enc" value for direct key agreement, the "alg" value for ECDH-ES+AxxxKW.
/// `peer_checked`: see ecdh_shared_secret.
[[nodiscard]] inline result<void> ecdh_es_derive(EVP_PKEY* own, EVP_PKEY* peer, std::string_view algorithm_id,
                                                 bytes_view apu, bytes_view apv, bytes_span out,
                                                 bool peer_checked = false) noexcept {
    auto z = ecdh_shared_secret(own, peer, peer_checked);
    if (!z) return z.error();
    return concat_kdf_sha256(z->view(), algorithm_id, apu, apv, out);
}

} // namespace authwire::jose::detail
