// authwire fuzz targets — JOSE: the published keys the targets verify and decrypt with, and signature checks
// written directly against OpenSSL's one-shot EVP interfaces (no authwire code on the verifying path), so that a
// token authwire accepts can be re-checked independently.
#pragma once

#include "support.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz::jose {

// RFC 7520 §3.1: Bilbo's EC P-521 public key (ES512 in §4.3).
inline constexpr std::string_view rfc7520_ec_public =
    R"({"kty":"EC","kid":"bilbo.baggins@hobbiton.example","use":"sig","crv":"P-521",)"
    R"("x":"AHKZLLOsCOzz5cY97ewNUajB957y-C-U88c3v13nmGZx6sYl_oJXu9A5RkTKqjqvjyekWF-7ytDyRXYgCF5cj0Kt",)"
    R"("y":"AdymlHvOiLxXkEhayXQnNCvDX4h9htZaCJN34kfmC6pV5OhQHiraVySsUdaQkAgDPrwQrJmbnX9cwlGfP-HqHZR1"})";

// RFC 7520 §3.3: Bilbo's RSA public key (RS256 in §4.1, PS384 in §4.2).
inline constexpr std::string_view rfc7520_rsa_public =
    R"({"kty":"RSA","kid":"bilbo.baggins@hobbiton.example","use":"sig",)"
    R"("n":"n4EPtAOCc9AlkeQHPzHStgAbgs7bTZLwUBZdR8_KuKPEHLd4rHVTeT-O-XV2jRojdNhxJWTDvNd7nqQ0VEiZQHz_AJmSCpMaJMRBSFKrKb2w)"
    R"(qVwGU_NsYOYL-QtiWN2lbzcEe6XC0dApr5ydQLrHqkHHig3RBordaZ6Aj-oBHqFEHYpPe7Tpe-OfVfHd1E6cS6M1FZcD1NNLYD5lFHpPI9bTwJlsde)"
    R"(3uhGqC0ZCuEHg8lhzwOHrtIQbS0FVbb9k3-tVTU4fg_3L_vniUFAKwuCLqKnS2BYwdq_mzSnbLY7h_qixoR7jig3__kRhuaxwUkRz5iaiQkqgc5g)"
    R"(HdrNP5zw","e":"AQAB"})";

// RFC 7520 §3.5: the HMAC key of §4.4 and §4.6.
inline constexpr std::string_view rfc7520_hmac =
    R"({"kty":"oct","kid":"018c0ae5-4d9b-471b-bfd6-eef314bc7037","use":"sig","alg":"HS256",)"
    R"("k":"hJtXIZ2uSN5kbQfbtTNWbpdmhkV8FJG-Onbc6mxCcYg"})";

// RFC 8037 Appendix A.2: the Ed25519 public key of A.4.
inline constexpr std::string_view rfc8037_ed25519_public =
    R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";

struct pkey_deleter {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_deleter>;

// An OpenSSL public key from PEM text ("PUBLIC KEY").
[[nodiscard]] inline pkey_ptr public_key_from_pem(std::string const& pem) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    pkey_ptr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    FUZZ_CHECK(key != nullptr);
    return key;
}

inline std::span<unsigned char const> bytes_of(std::string_view s) noexcept {
    return {reinterpret_cast<unsigned char const*>(s.data()), s.size()};
}

// HMAC (RFC 2104) with `digest` ("SHA256" …) over `data`, compared in constant time with `mac`.
[[nodiscard]] inline bool hmac_matches(char const* digest, std::string_view key, std::string_view data,
                                       std::string_view mac) {
    unsigned char out[EVP_MAX_MD_SIZE];
    std::size_t out_len = 0;
    if (EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key.data(), key.size(),
                  reinterpret_cast<unsigned char const*>(data.data()), data.size(), out, sizeof out, &out_len) == nullptr)
        return false;
    return out_len == mac.size() && CRYPTO_memcmp(out, mac.data(), out_len) == 0;
}

enum class padding { none, pkcs1, pss };

// EVP_DigestVerify one-shot: RSASSA-PKCS1-v1_5, RSASSA-PSS (salt = hash length, MGF1 with the same hash),
// Ed25519 (digest nullptr), or ECDSA with a DER signature.
[[nodiscard]] inline bool digest_verify(EVP_PKEY* key, char const* digest, padding pad, std::string_view data,
                                        std::string_view sig) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    bool ok = EVP_DigestVerifyInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr, key, nullptr) == 1;
    if (ok && pad == padding::pkcs1) ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    if (ok && pad == padding::pss)
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
    ok = ok && EVP_DigestVerify(ctx.get(), bytes_of(sig).data(), sig.size(), bytes_of(data).data(), data.size()) == 1;
    ERR_clear_error();
    return ok;
}

// RFC 7518 §3.4: an ECDSA JWS signature is R ‖ S, each exactly `coordinate` octets; rewritten as the DER
// ECDSA-Sig-Value OpenSSL verifies.
[[nodiscard]] inline bool ecdsa_verify_raw(EVP_PKEY* key, char const* digest, std::size_t coordinate,
                                           std::string_view data, std::string_view sig) {
    if (sig.size() != 2 * coordinate) return false;
    std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> s(ECDSA_SIG_new(), &ECDSA_SIG_free);
    BIGNUM* r = BN_bin2bn(bytes_of(sig).data(), static_cast<int>(coordinate), nullptr);
    BIGNUM* t = BN_bin2bn(bytes_of(sig).data() + coordinate, static_cast<int>(coordinate), nullptr);
    if (ECDSA_SIG_set0(s.get(), r, t) != 1) {
        BN_free(r);
        BN_free(t);
        return false;
    }
    unsigned char* der = nullptr;
    int const n = i2d_ECDSA_SIG(s.get(), &der);
    if (n <= 0) return false;
    std::string const der_sig(reinterpret_cast<char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
    return digest_verify(key, digest, padding::none, data, der_sig);
}

// The three segments of a compact JWS, or nullopt when there are not exactly three.
struct compact_jws {
    std::string_view header_b64, payload_b64, signature_b64, signing_input;
};
[[nodiscard]] inline std::optional<compact_jws> split_jws(std::string_view token) {
    auto const a = token.find('.');
    if (a == std::string_view::npos) return std::nullopt;
    auto const b = token.find('.', a + 1);
    if (b == std::string_view::npos || token.find('.', b + 1) != std::string_view::npos) return std::nullopt;
    return compact_jws{token.substr(0, a), token.substr(a + 1, b - a - 1), token.substr(b + 1), token.substr(0, b)};
}

} // namespace fuzz::jose
