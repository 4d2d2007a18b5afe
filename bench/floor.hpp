#pragma once
// The raw-OpenSSL floor of each token workload, measured in the same process as authwire (issue 13): what a
// hand-written, single-purpose C-style implementation pays for the same token with the same keys.
//  - split: memchr on '.';
//  - base64url: a 256-entry table, 4 characters at a time (no canonical-encoding checks);
//  - HS256: one keyed EVP_MAC_CTX re-initialised with a NULL key per call (single-threaded, never duplicated);
//  - A256GCM: one EVP_CIPHER_CTX holding the key schedule, re-initialised with the IV only per call;
//  - JSON: none — the header is checked with memmem for "alg"/"enc", the claims with memmem for iss and aud
//    (the quoted audience, as a string or in an array) and a digit scan of "exp" and "iat". (authwire parses both strictly; the floor's shortcut is the point of
//    a floor, and is why the JSON share of a ratio is visible.)
// Not thread-safe: one raw_floor per thread.

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>

namespace bench_floor {

inline constexpr char b64url_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

struct b64_table {
    std::array<std::uint8_t, 256> v{};
    constexpr b64_table() {
        for (auto& x : v) x = 0xff;
        for (std::uint8_t i = 0; i < 64; ++i) v[static_cast<unsigned char>(b64url_chars[i])] = i;
    }
};
inline constexpr b64_table b64_rev{};

// Decodes unpadded base64url; returns the length, or -1 on a bad character or length.
inline long b64_decode(std::string_view in, unsigned char* out) noexcept {
    if (in.size() % 4 == 1) return -1;
    auto const* t = b64_rev.v.data();
    unsigned char const* s = reinterpret_cast<unsigned char const*>(in.data());
    std::size_t i = 0, o = 0;
    std::uint8_t bad = 0;
    for (; i + 4 <= in.size(); i += 4) {
        std::uint8_t a = t[s[i]], b = t[s[i + 1]], c = t[s[i + 2]], d = t[s[i + 3]];
        bad |= a | b | c | d;
        std::uint32_t v = (std::uint32_t{a} << 18) | (std::uint32_t{b} << 12) | (std::uint32_t{c} << 6) | d;
        out[o++] = static_cast<unsigned char>(v >> 16);
        out[o++] = static_cast<unsigned char>(v >> 8);
        out[o++] = static_cast<unsigned char>(v);
    }
    std::size_t const rest = in.size() - i;
    if (rest >= 2) {
        std::uint8_t a = t[s[i]], b = t[s[i + 1]];
        bad |= a | b;
        out[o++] = static_cast<unsigned char>((a << 2) | (b >> 4));
        if (rest == 3) {
            std::uint8_t c = t[s[i + 2]];
            bad |= c;
            out[o++] = static_cast<unsigned char>((b << 4) | (c >> 2));
        }
    }
    return (bad & 0xc0) ? -1 : static_cast<long>(o);
}

inline void b64_encode(std::string& out, unsigned char const* in, std::size_t n) {
    std::size_t const start = out.size();
    out.resize(start + n / 3 * 4 + (n % 3 ? n % 3 + 1 : 0));
    char* p = out.data() + start;
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8) | in[i + 2];
        *p++ = b64url_chars[v >> 18];
        *p++ = b64url_chars[(v >> 12) & 63];
        *p++ = b64url_chars[(v >> 6) & 63];
        *p++ = b64url_chars[v & 63];
    }
    if (n - i == 1) {
        std::uint32_t v = std::uint32_t{in[i]} << 16;
        *p++ = b64url_chars[v >> 18];
        *p++ = b64url_chars[(v >> 12) & 63];
    } else if (n - i == 2) {
        std::uint32_t v = (std::uint32_t{in[i]} << 16) | (std::uint32_t{in[i + 1]} << 8);
        *p++ = b64url_chars[v >> 18];
        *p++ = b64url_chars[(v >> 12) & 63];
        *p++ = b64url_chars[(v >> 6) & 63];
    }
}

// Splits on '.' with memchr into at most N parts; returns the part count (N + 1 when there are more).
template <std::size_t N>
inline std::size_t split(std::string_view s, std::array<std::string_view, N>& parts) noexcept {
    std::size_t count = 0;
    char const* p = s.data();
    char const* const end = s.data() + s.size();
    for (;;) {
        auto const* dot = static_cast<char const*>(std::memchr(p, '.', static_cast<std::size_t>(end - p)));
        char const* const stop = dot ? dot : end;
        if (count == N) return N + 1;
        parts[count++] = std::string_view(p, static_cast<std::size_t>(stop - p));
        if (!dot) return count;
        p = dot + 1;
    }
}

inline bool contains(std::string_view hay, std::string_view needle) noexcept {
    return memmem(hay.data(), hay.size(), needle.data(), needle.size()) != nullptr;
}

// The digits after `"name":`, or -1.
inline long long number_after(std::string_view json, std::string_view key) noexcept {
    auto const* k = static_cast<char const*>(memmem(json.data(), json.size(), key.data(), key.size()));
    if (!k) return -1;
    char const* p = k + key.size();
    char const* const end = json.data() + json.size();
    long long v = 0;
    bool any = false;
    while (p < end && *p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        any = true;
    }
    return any ? v : -1;
}

class raw_floor {
public:
    // `mac_key` for HS256 and `enc_key` for dir + A256GCM (32 bytes each); the expected iss and aud.
    raw_floor(std::string_view mac_key, std::string_view enc_key, std::string iss, std::string aud)
        : iss_("\"iss\":\"" + iss + "\""), aud_("\"" + aud + "\"") {
        mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
        hmac_ = EVP_MAC_CTX_new(mac_);
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
                               OSSL_PARAM_construct_end()};
        if (EVP_MAC_init(hmac_, reinterpret_cast<unsigned char const*>(mac_key.data()), mac_key.size(), params) != 1)
            throw std::runtime_error("HMAC init");
        cipher_ = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
        dec_ = EVP_CIPHER_CTX_new();
        enc_ = EVP_CIPHER_CTX_new();
        auto const* k = reinterpret_cast<unsigned char const*>(enc_key.data());
        if (EVP_DecryptInit_ex2(dec_, cipher_, k, nullptr, nullptr) != 1 ||
            EVP_EncryptInit_ex2(enc_, cipher_, k, nullptr, nullptr) != 1)
            throw std::runtime_error("GCM init");
    }
    raw_floor(raw_floor const&) = delete;
    raw_floor& operator=(raw_floor const&) = delete;
    ~raw_floor() {
        EVP_CIPHER_CTX_free(enc_);
        EVP_CIPHER_CTX_free(dec_);
        EVP_CIPHER_free(cipher_);
        EVP_MAC_CTX_free(hmac_);
        EVP_MAC_free(mac_);
    }

    // HS256 verify + claims: split, header alg, HMAC, constant-time compare, payload decode, iss/aud/exp/iat.
    bool verify_hs256(std::string_view token, long long now) noexcept {
        std::array<std::string_view, 3> p;
        if (split(token, p) != 3) return false;
        unsigned char buf[1024];
        if (p[0].size() > 1000 || p[1].size() > 1360) return false;
        long n = b64_decode(p[0], buf);
        if (n < 0 || !contains({reinterpret_cast<char*>(buf), static_cast<std::size_t>(n)}, "\"alg\":\"HS256\""))
            return false;
        unsigned char sig[64];
        if (p[2].size() != 43 || b64_decode(p[2], sig) != 32) return false;
        unsigned char mac[32];
        std::size_t len = 0;
        auto const signing_input = token.substr(0, p[0].size() + 1 + p[1].size());
        if (EVP_MAC_init(hmac_, nullptr, 0, nullptr) != 1 ||
            EVP_MAC_update(hmac_, reinterpret_cast<unsigned char const*>(signing_input.data()), signing_input.size()) !=
                1 ||
            EVP_MAC_final(hmac_, mac, &len, sizeof mac) != 1 || CRYPTO_memcmp(mac, sig, 32) != 0)
            return false;
        n = b64_decode(p[1], buf);
        if (n < 0) return false;
        std::string_view const claims(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
        bool const ok = contains(claims, iss_) && contains(claims, aud_) && number_after(claims, "\"exp\":") > now &&
                        number_after(claims, "\"iat\":") <= now + 30;
        OPENSSL_cleanse(buf, static_cast<std::size_t>(n));
        return ok;
    }

    // dir + A256GCM decrypt into `buffer` (reused), then verify_hs256 on the inner JWS.
    bool validate_nested(std::string_view token, std::string& buffer, long long now) noexcept {
        std::array<std::string_view, 5> p;
        if (split(token, p) != 5 || !p[1].empty() || p[2].size() != 16 || p[4].size() != 22) return false;
        unsigned char hdr[512];
        if (p[0].size() > 680) return false;
        long n = b64_decode(p[0], hdr);
        if (n < 0 || !contains({reinterpret_cast<char*>(hdr), static_cast<std::size_t>(n)}, "\"enc\":\"A256GCM\""))
            return false;
        unsigned char iv[12], tag[16];
        if (b64_decode(p[2], iv) != 12 || b64_decode(p[4], tag) != 16) return false;
        buffer.resize(p[3].size() / 4 * 3 + 3);
        auto* out = reinterpret_cast<unsigned char*>(buffer.data());
        long const ct = b64_decode(p[3], out);
        if (ct < 0) return false;
        int len = 0, fin = 0;
        bool ok = EVP_DecryptInit_ex2(dec_, nullptr, nullptr, iv, nullptr) == 1 &&
                  EVP_CIPHER_CTX_ctrl(dec_, EVP_CTRL_AEAD_SET_TAG, 16, tag) == 1 &&
                  EVP_DecryptUpdate(dec_, nullptr, &len, reinterpret_cast<unsigned char const*>(p[0].data()),
                                    static_cast<int>(p[0].size())) == 1 &&
                  EVP_DecryptUpdate(dec_, out, &len, out, static_cast<int>(ct)) == 1 &&
                  EVP_DecryptFinal_ex(dec_, out + len, &fin) == 1;
        ok = ok && verify_hs256(std::string_view(buffer.data(), static_cast<std::size_t>(ct)), now);
        OPENSSL_cleanse(buffer.data(), buffer.size());
        return ok;
    }

    // Sign + encrypt: claims formatted with snprintf, HS256 JWS with a fixed header, a fresh IV from RAND_bytes,
    // A256GCM with the prepared key, the compact JWE with a fixed protected header.
    std::string mint_nested(char const* sub, char const* aud, long long exp, long long iat, char const* jti,
                            char const* client_id, char const* scope, char const* api_key) {
        char claims[512];
        int const cn = std::snprintf(claims, sizeof claims,
                                     "{%s,\"sub\":\"%s\",\"aud\":\"%s\",\"exp\":%lld,\"iat\":%lld,\"jti\":\"%s\","
                                     "\"client_id\":\"%s\",\"scope\":\"%s\",\"api_key\":\"%s\"}",
                                     iss_.c_str(), sub, aud, exp, iat, jti, client_id, scope, api_key);
        if (cn <= 0 || static_cast<std::size_t>(cn) >= sizeof claims) return {};
        std::string& jws = scratch_;
        jws.clear();
        jws.append(jws_header_b64);
        jws.push_back('.');
        b64_encode(jws, reinterpret_cast<unsigned char*>(claims), static_cast<std::size_t>(cn));
        unsigned char mac[32];
        std::size_t len = 0;
        if (EVP_MAC_init(hmac_, nullptr, 0, nullptr) != 1 ||
            EVP_MAC_update(hmac_, reinterpret_cast<unsigned char const*>(jws.data()), jws.size()) != 1 ||
            EVP_MAC_final(hmac_, mac, &len, sizeof mac) != 1)
            return {};
        jws.push_back('.');
        b64_encode(jws, mac, 32);
        unsigned char iv[12], tag[16];
        if (RAND_bytes(iv, sizeof iv) != 1) return {};
        ct_.resize(jws.size());
        int n = 0, fin = 0;
        if (EVP_EncryptInit_ex2(enc_, nullptr, nullptr, iv, nullptr) != 1 ||
            EVP_EncryptUpdate(enc_, nullptr, &n, reinterpret_cast<unsigned char const*>(jwe_header_b64.data()),
                              static_cast<int>(jwe_header_b64.size())) != 1 ||
            EVP_EncryptUpdate(enc_, ct_.data(), &n, reinterpret_cast<unsigned char const*>(jws.data()),
                              static_cast<int>(jws.size())) != 1 ||
            EVP_EncryptFinal_ex(enc_, ct_.data() + n, &fin) != 1 ||
            EVP_CIPHER_CTX_ctrl(enc_, EVP_CTRL_AEAD_GET_TAG, 16, tag) != 1)
            return {};
        OPENSSL_cleanse(jws.data(), jws.size());
        std::string out;
        out.reserve(jwe_header_b64.size() + 4 + 16 + (jws.size() + 2) / 3 * 4 + 22);
        out.append(jwe_header_b64);
        out.append("..");
        b64_encode(out, iv, sizeof iv);
        out.push_back('.');
        b64_encode(out, ct_.data(), jws.size());
        out.push_back('.');
        b64_encode(out, tag, sizeof tag);
        return out;
    }

    std::string jws_header_b64 = "eyJhbGciOiJIUzI1NiIsImtpZCI6InMxIiwidHlwIjoiYXQrand0In0";  // {"alg":"HS256","kid":"s1","typ":"at+jwt"}
    std::string jwe_header_b64 = "eyJhbGciOiJkaXIiLCJraWQiOiJlMSIsImN0eSI6IkpXVCIsImVuYyI6IkEyNTZHQ00ifQ";  // {"alg":"dir","kid":"e1","cty":"JWT","enc":"A256GCM"}

private:
    std::string iss_;
    std::string aud_;
    EVP_MAC* mac_ = nullptr;
    EVP_MAC_CTX* hmac_ = nullptr;
    EVP_CIPHER* cipher_ = nullptr;
    EVP_CIPHER_CTX* dec_ = nullptr;
    EVP_CIPHER_CTX* enc_ = nullptr;
    std::string scratch_;
    std::basic_string<unsigned char> ct_;
};

} // namespace bench_floor
