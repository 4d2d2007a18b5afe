#pragma once
// authwire — the definitions of <authwire/jose/detail/jws_crypto.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/detail/jws_crypto.hpp>

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::shared_ptr<prepared_jws_key const>> prepare_jws_key(jws_key const& binding) {
    auto p = std::make_shared<prepared_jws_key>();
    p->alg = binding.algorithm();
    auto const& key = binding.key();
    if (auto const* name = digest_name(p->alg)) {
        p->md.reset(EVP_MD_fetch(nullptr, name, nullptr));
        if (!p->md) return clear_openssl_errors(error::crypto_failure);
    }
    switch (family_of(p->alg)) {
        case jws_family::hmac: {
            evp_mac_ptr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
            if (!mac) return clear_openssl_errors(error::crypto_failure);
            p->hmac.reset(EVP_MAC_CTX_new(mac.get()));
            if (!p->hmac) return clear_openssl_errors(error::crypto_failure);
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_name(p->alg)), 0),
                OSSL_PARAM_construct_end()};
            auto const k = key.symmetric_key()->reveal_bytes();
            if (EVP_MAC_init(p->hmac.get(), k.data(), k.size(), params) != 1)
                return clear_openssl_errors(error::crypto_failure);
            if (!p->spare_hmac.open()) return error::crypto_failure;
            p->signature_size = hash_size_of(p->alg);
            break;
        }
        case jws_family::rsa_pkcs1:
        case jws_family::rsa_pss:
            p->pkey = key.evp_pkey();
            p->signature_size = static_cast<std::size_t>(EVP_PKEY_get_size(p->pkey));
            break;
        case jws_family::ecdsa: {
            p->pkey = key.evp_pkey();
            p->coordinate_size = (key.bits() + 7) / 8;
            p->signature_size = 2 * p->coordinate_size;
            BIGNUM* order = nullptr;
            if (EVP_PKEY_get_bn_param(p->pkey, OSSL_PKEY_PARAM_EC_ORDER, &order) != 1 || order == nullptr)
                return clear_openssl_errors(error::crypto_failure);
            bignum_ptr owned(order);
            p->order.assign(p->coordinate_size, '\0');
            if (BN_bn2binpad(order, reinterpret_cast<unsigned char*>(p->order.data()),
                             static_cast<int>(p->coordinate_size)) < 0)
                return error::crypto_failure;
            break;
        }
        case jws_family::eddsa:
            p->pkey = key.evp_pkey();
            p->signature_size = 64;  // RFC 8032 §5.1.6
            break;
    }
    return std::shared_ptr<prepared_jws_key const>(std::move(p));
}

AUTHWIRE_DECL result<std::size_t> hmac(prepared_jws_key const& k, std::span<unsigned char const> input,
                                       std::span<unsigned char, 64> out) noexcept {
    // Take a pooled context (re-keyed from its own state with a NULL key), or duplicate the template.
    evp_mac_ctx_ptr ctx(k.spare_hmac.take());
    if (ctx && EVP_MAC_init(ctx.get(), nullptr, 0, nullptr) != 1) ctx.reset();
    if (!ctx) ctx.reset(EVP_MAC_CTX_dup(k.hmac.get()));
    std::size_t len = 0;
    if (!ctx || EVP_MAC_update(ctx.get(), input.data(), input.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1)
        return clear_openssl_errors(error::crypto_failure);  // a context in an unknown state is not kept
    k.spare_hmac.give(ctx.release());
    return len;
}

AUTHWIRE_DECL bool set_rsa_padding(EVP_PKEY_CTX* pctx, prepared_jws_key const& k) noexcept {
    if (family_of(k.alg) != jws_family::rsa_pss) return true;
    // RFC 7518 §3.5: MGF1 with the same hash, salt as long as the hash output.
    return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, k.md.get()) == 1;
}

AUTHWIRE_DECL bool in_scalar_range(std::span<unsigned char const> v, std::string const& order) noexcept {
    bool nonzero = false;
    for (auto b : v) nonzero = nonzero || b != 0;
    if (!nonzero) return false;
    for (std::size_t i = 0; i < v.size(); ++i) {
        auto const o = static_cast<unsigned char>(order[i]);
        if (v[i] != o) return v[i] < o;
    }
    return false;  // equal to the order
}

AUTHWIRE_DECL result<void> verify_signature(prepared_jws_key const& k, std::span<unsigned char const> input,
                                            std::span<unsigned char const> signature) noexcept {
    if (signature.size() != k.signature_size) return error::signature_invalid;
    switch (family_of(k.alg)) {
        case jws_family::hmac: {
            std::array<unsigned char, 64> mac{};
            auto len = hmac(k, input, mac);
            if (!len) return len.error();
            // RFC 7515 §10.7 / RFC 8725 §3.1: compare MACs in constant time.
            if (!constant_time_equal(std::span<unsigned char const>(mac.data(), *len), signature))
                return error::signature_invalid;
            return {};
        }
        case jws_family::ecdsa: {
            // RFC 7518 §3.4: the signature is R ‖ S, each exactly the coordinate size; 0 < R, S < n.
            auto const r = signature.first(k.coordinate_size);
            auto const s = signature.subspan(k.coordinate_size);
            if (!in_scalar_range(r, k.order) || !in_scalar_range(s, k.order)) return error::signature_invalid;
            ecdsa_sig_ptr sig(ECDSA_SIG_new());
            if (!sig) return clear_openssl_errors(error::crypto_failure);
            BIGNUM* br = BN_bin2bn(r.data(), static_cast<int>(r.size()), nullptr);
            BIGNUM* bs = BN_bin2bn(s.data(), static_cast<int>(s.size()), nullptr);
            if (br == nullptr || bs == nullptr || ECDSA_SIG_set0(sig.get(), br, bs) != 1) {
                BN_free(br);
                BN_free(bs);
                return clear_openssl_errors(error::crypto_failure);
            }
            std::array<unsigned char, 160> der{};
            int const der_len = i2d_ECDSA_SIG(sig.get(), nullptr);
            if (der_len <= 0 || static_cast<std::size_t>(der_len) > der.size())
                return clear_openssl_errors(error::crypto_failure);
            unsigned char* p = der.data();
            i2d_ECDSA_SIG(sig.get(), &p);
            evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
            if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, k.md.get(), nullptr, k.pkey) != 1)
                return clear_openssl_errors(error::crypto_failure);
            if (EVP_DigestVerify(ctx.get(), der.data(), static_cast<std::size_t>(der_len), input.data(),
                                 input.size()) != 1)
                return clear_openssl_errors(error::signature_invalid);
            return {};
        }
        case jws_family::rsa_pkcs1:
        case jws_family::rsa_pss:
        case jws_family::eddsa: {
            evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
            EVP_PKEY_CTX* pctx = nullptr;
            if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, k.md.get(), nullptr, k.pkey) != 1 ||
                !set_rsa_padding(pctx, k))
                return clear_openssl_errors(error::crypto_failure);
            if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), input.data(), input.size()) != 1)
                return clear_openssl_errors(error::signature_invalid);
            return {};
        }
    }
    return error::unsupported_algorithm;
}

AUTHWIRE_DECL result<void> sign_into(prepared_jws_key const& k, std::span<unsigned char const> input,
                                     std::string& out) {
    switch (family_of(k.alg)) {
        case jws_family::hmac: {
            std::array<unsigned char, 64> mac{};
            auto len = hmac(k, input, mac);
            if (!len) return len.error();
            base64url_encode_into(out, std::span<unsigned char const>(mac.data(), *len));
            return {};
        }
        case jws_family::rsa_pkcs1:
        case jws_family::rsa_pss:
        case jws_family::ecdsa:
        case jws_family::eddsa: {
            evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
            EVP_PKEY_CTX* pctx = nullptr;
            if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, k.md.get(), nullptr, k.pkey) != 1 ||
                !set_rsa_padding(pctx, k))
                return clear_openssl_errors(error::crypto_failure);
            std::size_t len = 0;
            if (EVP_DigestSign(ctx.get(), nullptr, &len, input.data(), input.size()) != 1)
                return clear_openssl_errors(error::crypto_failure);
            std::string sig(len, '\0');
            auto* data = reinterpret_cast<unsigned char*>(sig.data());
            if (EVP_DigestSign(ctx.get(), data, &len, input.data(), input.size()) != 1)
                return clear_openssl_errors(error::crypto_failure);
            sig.resize(len);
            if (family_of(k.alg) != jws_family::ecdsa) {
                base64url_encode_into(out, as_bytes(sig));
                return {};
            }
            // RFC 7518 §3.4: DER → R ‖ S, each left-padded to the coordinate size.
            unsigned char const* p = data;
            ecdsa_sig_ptr parsed(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(len)));
            if (!parsed) return clear_openssl_errors(error::crypto_failure);
            std::array<unsigned char, 132> raw{};
            auto const n = static_cast<int>(k.coordinate_size);
            if (BN_bn2binpad(ECDSA_SIG_get0_r(parsed.get()), raw.data(), n) != n ||
                BN_bn2binpad(ECDSA_SIG_get0_s(parsed.get()), raw.data() + n, n) != n)
                return error::crypto_failure;
            base64url_encode_into(out, std::span<unsigned char const>(raw.data(), 2 * k.coordinate_size));
            return {};
        }
    }
    return error::unsupported_algorithm;
}

}  // namespace authwire::jose::detail
