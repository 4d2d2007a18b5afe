#pragma once
// authwire — internal: what each JWE "alg" (RFC 7518 §4.1) and "enc" (RFC 7518 §5.1) needs, as one table.

#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/detail/content_encryption.hpp>
#include <authwire/jose/detail/key_management_rsa.hpp>

#include <cstddef>

namespace authwire::jose::detail {

/// How a key management algorithm determines the Content Encryption Key (RFC 7516 §2, RFC 7518 §4).
enum class key_management_mode {
    direct_encryption,  ///< "dir": the shared key is the CEK (RFC 7518 §4.5)
    aes_key_wrap,       ///< AxxxKW (RFC 7518 §4.4)
    aes_gcm_key_wrap,   ///< AxxxGCMKW, with "iv" and "tag" header parameters (RFC 7518 §4.7)
    rsa,                ///< RSA1_5, RSA-OAEP, RSA-OAEP-256 (RFC 7518 §4.2–4.3)
    ecdh_es_direct,     ///< "ECDH-ES": the agreed key is the CEK (RFC 7518 §4.6)
    ecdh_es_key_wrap,   ///< ECDH-ES+AxxxKW: the agreed key wraps the CEK (RFC 7518 §4.6)
    pbes2,              ///< PBES2-HSxxx+AxxxKW, with "p2s" and "p2c" header parameters (RFC 7518 §4.8)
};

/// Everything the processing of one "alg" value depends on.
struct key_management_params {
    jwe_algorithm alg;
    key_management_mode mode;
    std::size_t kek_size;        ///< AES key-wrap / AES-GCM key size in octets (0 when none)
    rsa_key_encryption rsa;      ///< RSA scheme (mode rsa only)
    char const* pbes2_digest;    ///< PBKDF2 HMAC digest (mode pbes2 only)
};

inline constexpr key_management_params key_management_table[] = {
    {jwe_algorithm::RSA1_5, key_management_mode::rsa, 0, rsa_key_encryption::pkcs1_v1_5, nullptr},
    {jwe_algorithm::RSA_OAEP, key_management_mode::rsa, 0, rsa_key_encryption::oaep_sha1, nullptr},
    {jwe_algorithm::RSA_OAEP_256, key_management_mode::rsa, 0, rsa_key_encryption::oaep_sha256, nullptr},
    {jwe_algorithm::A128KW, key_management_mode::aes_key_wrap, 16, {}, nullptr},
    {jwe_algorithm::A192KW, key_management_mode::aes_key_wrap, 24, {}, nullptr},
    {jwe_algorithm::A256KW, key_management_mode::aes_key_wrap, 32, {}, nullptr},
    {jwe_algorithm::dir, key_management_mode::direct_encryption, 0, {}, nullptr},
    {jwe_algorithm::ECDH_ES, key_management_mode::ecdh_es_direct, 0, {}, nullptr},
    {jwe_algorithm::ECDH_ES_A128KW, key_management_mode::ecdh_es_key_wrap, 16, {}, nullptr},
    {jwe_algorithm::ECDH_ES_A192KW, key_management_mode::ecdh_es_key_wrap, 24, {}, nullptr},
    {jwe_algorithm::ECDH_ES_A256KW, key_management_mode::ecdh_es_key_wrap, 32, {}, nullptr},
    {jwe_algorithm::A128GCMKW, key_management_mode::aes_gcm_key_wrap, 16, {}, nullptr},
    {jwe_algorithm::A192GCMKW, key_management_mode::aes_gcm_key_wrap, 24, {}, nullptr},
    {jwe_algorithm::A256GCMKW, key_management_mode::aes_gcm_key_wrap, 32, {}, nullptr},
    {jwe_algorithm::PBES2_HS256_A128KW, key_management_mode::pbes2, 16, {}, "SHA256"},
    {jwe_algorithm::PBES2_HS384_A192KW, key_management_mode::pbes2, 24, {}, "SHA384"},
    {jwe_algorithm::PBES2_HS512_A256KW, key_management_mode::pbes2, 32, {}, "SHA512"},
};

/// The parameters of `alg` (every jwe_algorithm has a row).
[[nodiscard]] constexpr key_management_params const& key_management_of(jwe_algorithm alg) noexcept {
    for (auto const& p : key_management_table)
        if (p.alg == alg) return p;
    return key_management_table[0];
}

/// The parameters of `enc` (every jwe_encryption has a row).
[[nodiscard]] constexpr content_encryption_params const& content_encryption_of(jwe_encryption enc) noexcept {
    auto const* p = find_content_encryption(to_string(enc));
    return p != nullptr ? *p : content_encryption_table[0];
}

/// Index of `enc` in declaration order, for per-enc arrays.
[[nodiscard]] constexpr std::size_t index_of(jwe_encryption enc) noexcept { return static_cast<std::size_t>(enc); }

/// The number of jwe_encryption values.
inline constexpr std::size_t jwe_encryption_count = 6;

/// Every jwe_encryption value, in declaration order.
inline constexpr jwe_encryption all_jwe_encryptions[jwe_encryption_count] = {
    jwe_encryption::A128CBC_HS256, jwe_encryption::A192CBC_HS384, jwe_encryption::A256CBC_HS512,
    jwe_encryption::A128GCM,       jwe_encryption::A192GCM,       jwe_encryption::A256GCM,
};

/// True for the algorithms that are refused unless explicitly enabled (RFC 8725 §3.2, RFC 7518 §8.3, §8.8).
[[nodiscard]] constexpr bool is_rsa1_5(jwe_algorithm alg) noexcept { return alg == jwe_algorithm::RSA1_5; }
[[nodiscard]] constexpr bool is_pbes2(jwe_algorithm alg) noexcept {
    return key_management_of(alg).mode == key_management_mode::pbes2;
}

} // namespace authwire::jose::detail
