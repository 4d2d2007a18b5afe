// authwire fuzz targets — JOSE: the published keys the targets verify and decrypt with, and signature checks
// written directly against OpenSSL's one-shot EVP interfaces (no authwire code on the verifying path), so that a
// token authwire accepts can be re-checked independently.
#pragma once

#include "support.hpp"

#include <boost/json/serialize.hpp>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <cmath>
#include <cstdint>
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
                  reinterpret_cast<unsigned char const*>(data.data()), data.size(), out, sizeof out,
                  &out_len) == nullptr)
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

namespace fuzz::jose {

// RFC 7519 §4.1 and §7.2 step 10, as authwire documents its jwt_validation, written again from the RFC text:
// what a Claims Set must satisfy at `now` (seconds since the epoch).
struct claim_rules {
    std::int64_t now = 0;
    std::int64_t leeway = 30;
    bool require_exp = true;
    bool require_iat = false;
    std::optional<std::int64_t> max_age;
    std::optional<std::string> issuer;
    std::vector<std::string> audiences;
    bool audience_by_caller = false;
    std::vector<std::string> required;
};

// The NumericDate of a member (RFC 7519 §2: seconds, fractions truncated toward the past), or nullopt when it is
// not a number in 0 … 9999-12-31T23:59:59Z (authwire's documented range).
[[nodiscard]] inline std::optional<std::int64_t> numeric_date(boost::json::value const& v) {
    double d = 0;
    if (auto const* i = v.if_int64())
        d = static_cast<double>(*i);
    else if (auto const* u = v.if_uint64())
        d = static_cast<double>(*u);
    else if (auto const* x = v.if_double())
        d = std::floor(*x);
    else
        return std::nullopt;
    if (!(d >= 0 && d <= 253402300799.0)) return std::nullopt;
    return static_cast<std::int64_t>(d);
}

// Would a Claims Set (a parsed JSON object) be accepted under `r`?
[[nodiscard]] inline bool claims_acceptable(boost::json::object const& o, claim_rules const& r) {
    for (auto const* name : {"iss", "sub", "jti"})
        if (auto const* v = o.if_contains(name); v && !v->is_string()) return false;
    std::vector<std::string_view> aud;
    bool aud_present = false;
    if (auto const* a = o.if_contains("aud")) {
        aud_present = true;
        if (a->is_string()) {
            aud.push_back(a->get_string());
        } else if (a->is_array()) {
            for (auto const& e : a->get_array()) {
                if (!e.is_string()) return false;
                aud.push_back(e.get_string());
            }
        } else {
            return false;
        }
    }
    std::optional<std::int64_t> exp, nbf, iat;
    for (auto [name, slot] : {std::pair{"exp", &exp}, std::pair{"nbf", &nbf}, std::pair{"iat", &iat}}) {
        if (auto const* v = o.if_contains(name)) {
            *slot = numeric_date(*v);
            if (!*slot) return false;
        }
    }
    if (exp ? !(r.now < *exp + r.leeway) : r.require_exp) return false;  // §4.1.4: before exp
    if (nbf && r.now + r.leeway < *nbf) return false;                    // §4.1.5: not before nbf
    if (iat) {
        if (*iat > r.now + r.leeway) return false;
        if (r.max_age && r.now - *iat > *r.max_age + r.leeway) return false;
    } else if (r.require_iat || r.max_age) {
        return false;
    }
    if (r.issuer) {
        auto const* iss = o.if_contains("iss");
        if (iss == nullptr || std::string_view(iss->get_string()) != *r.issuer) return false;
    }
    if ((r.audience_by_caller || !r.audiences.empty()) && aud.empty()) return false;
    if (!r.audience_by_caller && aud_present) {
        bool named = false;
        for (auto const& want : r.audiences)
            for (auto got : aud) named = named || got == want;
        if (!named) return false;  // §4.1.3: a token with "aud" must name us
    }
    for (auto const& name : r.required)
        if (!o.contains(name)) return false;
    return true;
}

// AES-GCM decryption with OpenSSL directly (a JWE "dir" token's content, RFC 7518 §5.3): nullopt when the tag
// does not authenticate.
[[nodiscard]] inline std::optional<std::string> aes_gcm_decrypt(std::string_view key, std::string_view iv,
                                                                std::string_view aad, std::string_view ct,
                                                                std::string_view tag) {
    EVP_CIPHER const* cipher = key.size() == 16   ? EVP_aes_128_gcm()
                               : key.size() == 24 ? EVP_aes_192_gcm()
                               : key.size() == 32 ? EVP_aes_256_gcm()
                                                  : nullptr;
    if (cipher == nullptr || iv.size() != 12 || tag.size() != 16) return std::nullopt;
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    std::string out(ct.size(), '\0');
    int len = 0;
    bool ok = EVP_DecryptInit_ex2(ctx.get(), cipher, bytes_of(key).data(), bytes_of(iv).data(), nullptr) == 1 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes_of(aad).data(), static_cast<int>(aad.size())) == 1 &&
              (ct.empty() || EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                                               bytes_of(ct).data(), static_cast<int>(ct.size())) == 1) &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16,
                                  const_cast<unsigned char*>(bytes_of(tag).data())) == 1 &&
              EVP_DecryptFinal_ex(ctx.get(), nullptr, &len) == 1;
    ERR_clear_error();
    if (!ok) return std::nullopt;
    return out;
}

// RFC 7515 §4.1.9 / RFC 7519 §5.1: does a "typ"/"cty" value name the media type `want` ("JWT", "at+jwt")?
// Case-insensitive, "application/" optional.
[[nodiscard]] inline bool names_media_type(std::string_view value, std::string_view want) {
    auto lower = [](std::string_view s) {
        std::string out(s);
        for (auto& c : out)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        return out;
    };
    auto v = lower(value);
    auto const w = lower(want);
    if (v.starts_with("application/") && v.find('/', 12) == std::string::npos) v.erase(0, 12);
    return v == w;
}

} // namespace fuzz::jose

namespace fuzz::jose {

// RFC 7638 §3: the JWK thumbprint, computed from a JWK's JSON object: SHA-256 over the required members in
// lexicographic order without whitespace, base64url. nullopt for a kty it does not define.
[[nodiscard]] inline std::optional<std::string> thumbprint(boost::json::object const& o) {
    auto const* kty = o.if_contains("kty");
    if (kty == nullptr || !kty->is_string()) return std::nullopt;
    std::vector<char const*> names;
    if (*kty == "RSA")
        names = {"e", "kty", "n"};
    else if (*kty == "EC")
        names = {"crv", "kty", "x", "y"};
    else if (*kty == "OKP")
        names = {"crv", "kty", "x"};
    else if (*kty == "oct")
        names = {"k", "kty"};
    else
        return std::nullopt;
    std::string text = "{";
    for (auto const* n : names) {
        auto const* v = o.if_contains(n);
        if (v == nullptr || !v->is_string()) return std::nullopt;
        if (text.size() > 1) text += ',';
        text += '"';
        text += n;
        text += "\":";
        text += boost::json::serialize(*v);
    }
    text += '}';
    unsigned char digest[32];
    unsigned int n = 0;
    FUZZ_CHECK(EVP_Digest(text.data(), text.size(), digest, &n, EVP_sha256(), nullptr) == 1 && n == 32);
    std::string raw(reinterpret_cast<char const*>(digest), 32);
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char const ch : raw) {
        auto const c = static_cast<unsigned char>(ch);
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += alphabet[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += alphabet[(acc << (6 - bits)) & 63];
    return out;
}

// SEC 1 §3.2.2.1: is (x, y) a point on the named curve ("P-256", "P-384", "P-521")? OpenSSL's EC_POINT
// arithmetic directly.
[[nodiscard]] inline bool on_curve(std::string_view crv, std::string_view x, std::string_view y) {
    int const nid = crv == "P-256"   ? NID_X9_62_prime256v1
                    : crv == "P-384" ? NID_secp384r1
                    : crv == "P-521" ? NID_secp521r1
                                     : NID_undef;
    if (nid == NID_undef) return false;
    std::unique_ptr<EC_GROUP, decltype(&EC_GROUP_free)> group(EC_GROUP_new_by_curve_name(nid), &EC_GROUP_free);
    std::unique_ptr<EC_POINT, decltype(&EC_POINT_free)> p(EC_POINT_new(group.get()), &EC_POINT_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bx(BN_bin2bn(bytes_of(x).data(), static_cast<int>(x.size()), nullptr),
                                                   &BN_free);
    std::unique_ptr<BIGNUM, decltype(&BN_free)> by(BN_bin2bn(bytes_of(y).data(), static_cast<int>(y.size()), nullptr),
                                                   &BN_free);
    bool const ok = EC_POINT_set_affine_coordinates(group.get(), p.get(), bx.get(), by.get(), nullptr) == 1 &&
                    EC_POINT_is_on_curve(group.get(), p.get(), nullptr) == 1 &&
                    EC_POINT_is_at_infinity(group.get(), p.get()) == 0;
    ERR_clear_error();
    return ok;
}

} // namespace fuzz::jose
