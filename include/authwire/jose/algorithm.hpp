#pragma once
// authwire — JOSE algorithm identifiers (RFC 7518 §3.1, §4.1, §5.1; RFC 8037 §3): enums and exact-string conversion.

#include <authwire/core/result.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace authwire::jose {

/// RFC 7518 §3.1 and RFC 8037 §3.1: the JWS "alg" values authwire signs and verifies. There is no `none`.
enum class jws_algorithm {
    HS256, HS384, HS512,  ///< RFC 7518 §3.2: HMAC with SHA-2
    RS256, RS384, RS512,  ///< RFC 7518 §3.3: RSASSA-PKCS1-v1_5
    PS256, PS384, PS512,  ///< RFC 7518 §3.5: RSASSA-PSS, MGF1 with the same hash, salt = hash length
    ES256, ES384, ES512,  ///< RFC 7518 §3.4: ECDSA over P-256, P-384, P-521, signature is raw r‖s
    EdDSA,                ///< RFC 8037 §3.1: EdDSA (authwire accepts Ed25519 keys only)
};

/// RFC 7518 §4.1 and RFC 8037 §3.2: the JWE key management "alg" values. Which of them a decrypter accepts is
/// its allow-list; RSA1_5 and PBES2 are listed so that they can be recognised and refused by name.
enum class jwe_algorithm {
    RSA1_5,              ///< RFC 7518 §4.2 (refused unless explicitly enabled)
    RSA_OAEP,            ///< "RSA-OAEP", RFC 7518 §4.3
    RSA_OAEP_256,        ///< "RSA-OAEP-256", RFC 7518 §4.3
    A128KW, A192KW, A256KW,  ///< RFC 7518 §4.4: AES Key Wrap
    dir,                 ///< RFC 7518 §4.5: direct use of a shared symmetric key as the CEK
    ECDH_ES,             ///< "ECDH-ES", RFC 7518 §4.6 (direct key agreement)
    ECDH_ES_A128KW,      ///< "ECDH-ES+A128KW"
    ECDH_ES_A192KW,      ///< "ECDH-ES+A192KW"
    ECDH_ES_A256KW,      ///< "ECDH-ES+A256KW"
    A128GCMKW, A192GCMKW, A256GCMKW,  ///< RFC 7518 §4.7: key wrapping with AES-GCM
    PBES2_HS256_A128KW,  ///< "PBES2-HS256+A128KW", RFC 7518 §4.8 (refused unless explicitly enabled)
    PBES2_HS384_A192KW,  ///< "PBES2-HS384+A192KW"
    PBES2_HS512_A256KW,  ///< "PBES2-HS512+A256KW"
};

/// RFC 7518 §5.1: the JWE content encryption "enc" values.
enum class jwe_encryption {
    A128CBC_HS256,  ///< "A128CBC-HS256", RFC 7518 §5.2.3
    A192CBC_HS384,  ///< "A192CBC-HS384", RFC 7518 §5.2.4
    A256CBC_HS512,  ///< "A256CBC-HS512", RFC 7518 §5.2.5
    A128GCM, A192GCM, A256GCM,  ///< RFC 7518 §5.3
};

/// RFC 7518 §3.1, RFC 8725 §3.1: true when `s` is "none" in any letter case — never a valid algorithm here.
[[nodiscard]] constexpr bool is_none_algorithm(std::string_view s) noexcept {
    if (s.size() != 4) return false;
    constexpr std::string_view none = "none";
    for (std::size_t i = 0; i < 4; ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != none[i]) return false;
    }
    return true;
}

namespace detail {

template <class E>
struct named {
    E value;
    std::string_view name;
};

inline constexpr named<jws_algorithm> jws_algorithm_names[] = {
    {jws_algorithm::HS256, "HS256"}, {jws_algorithm::HS384, "HS384"}, {jws_algorithm::HS512, "HS512"},
    {jws_algorithm::RS256, "RS256"}, {jws_algorithm::RS384, "RS384"}, {jws_algorithm::RS512, "RS512"},
    {jws_algorithm::PS256, "PS256"}, {jws_algorithm::PS384, "PS384"}, {jws_algorithm::PS512, "PS512"},
    {jws_algorithm::ES256, "ES256"}, {jws_algorithm::ES384, "ES384"}, {jws_algorithm::ES512, "ES512"},
    {jws_algorithm::EdDSA, "EdDSA"},
};

inline constexpr named<jwe_algorithm> jwe_algorithm_names[] = {
    {jwe_algorithm::RSA1_5, "RSA1_5"},
    {jwe_algorithm::RSA_OAEP, "RSA-OAEP"},
    {jwe_algorithm::RSA_OAEP_256, "RSA-OAEP-256"},
    {jwe_algorithm::A128KW, "A128KW"},
    {jwe_algorithm::A192KW, "A192KW"},
    {jwe_algorithm::A256KW, "A256KW"},
    {jwe_algorithm::dir, "dir"},
    {jwe_algorithm::ECDH_ES, "ECDH-ES"},
    {jwe_algorithm::ECDH_ES_A128KW, "ECDH-ES+A128KW"},
    {jwe_algorithm::ECDH_ES_A192KW, "ECDH-ES+A192KW"},
    {jwe_algorithm::ECDH_ES_A256KW, "ECDH-ES+A256KW"},
    {jwe_algorithm::A128GCMKW, "A128GCMKW"},
    {jwe_algorithm::A192GCMKW, "A192GCMKW"},
    {jwe_algorithm::A256GCMKW, "A256GCMKW"},
    {jwe_algorithm::PBES2_HS256_A128KW, "PBES2-HS256+A128KW"},
    {jwe_algorithm::PBES2_HS384_A192KW, "PBES2-HS384+A192KW"},
    {jwe_algorithm::PBES2_HS512_A256KW, "PBES2-HS512+A256KW"},
};

inline constexpr named<jwe_encryption> jwe_encryption_names[] = {
    {jwe_encryption::A128CBC_HS256, "A128CBC-HS256"}, {jwe_encryption::A192CBC_HS384, "A192CBC-HS384"},
    {jwe_encryption::A256CBC_HS512, "A256CBC-HS512"}, {jwe_encryption::A128GCM, "A128GCM"},
    {jwe_encryption::A192GCM, "A192GCM"},             {jwe_encryption::A256GCM, "A256GCM"},
};

template <class E, std::size_t N>
[[nodiscard]] constexpr std::string_view name_of(named<E> const (&table)[N], E e) noexcept {
    for (auto const& n : table)
        if (n.value == e) return n.name;
    return {};
}

template <class E, std::size_t N>
[[nodiscard]] constexpr result<E> parse_name(named<E> const (&table)[N], std::string_view s) noexcept {
    if (is_none_algorithm(s)) return error::algorithm_not_allowed;
    // Exact, case-sensitive (RFC 7515 §4.1.1, RFC 7516 §4.1.2); compared inline (run on every token: `==` would
    // call memcmp for every name of the same length, e.g. "A128GCM", "A192GCM", "A256GCM").
    for (auto const& n : table) {
        if (n.name.size() != s.size()) continue;
        std::size_t i = 0;
        while (i < s.size() && n.name[i] == s[i]) ++i;
        if (i == s.size()) return n.value;
    }
    return error::unsupported_algorithm;
}

} // namespace detail

/// RFC 7518 §3.1: the registered "alg" name, e.g. "ES256".
[[nodiscard]] constexpr std::string_view to_string(jws_algorithm a) noexcept {
    return detail::name_of(detail::jws_algorithm_names, a);
}
/// RFC 7518 §4.1: the registered "alg" name, e.g. "ECDH-ES+A128KW".
[[nodiscard]] constexpr std::string_view to_string(jwe_algorithm a) noexcept {
    return detail::name_of(detail::jwe_algorithm_names, a);
}
/// RFC 7518 §5.1: the registered "enc" name, e.g. "A256GCM".
[[nodiscard]] constexpr std::string_view to_string(jwe_encryption e) noexcept {
    return detail::name_of(detail::jwe_encryption_names, e);
}

/// RFC 7515 §4.1.1, RFC 7518 §3.1: parse a JWS "alg" exactly (case-sensitive). "none" in any case is
/// error::algorithm_not_allowed; any other unknown name is error::unsupported_algorithm.
[[nodiscard]] constexpr result<jws_algorithm> parse_jws_algorithm(std::string_view s) noexcept {
    return detail::parse_name(detail::jws_algorithm_names, s);
}
/// RFC 7516 §4.1.1, RFC 7518 §4.1: parse a JWE "alg" exactly (same error rules as parse_jws_algorithm).
[[nodiscard]] constexpr result<jwe_algorithm> parse_jwe_algorithm(std::string_view s) noexcept {
    return detail::parse_name(detail::jwe_algorithm_names, s);
}
/// RFC 7516 §4.1.2, RFC 7518 §5.1: parse a JWE "enc" exactly (same error rules as parse_jws_algorithm).
[[nodiscard]] constexpr result<jwe_encryption> parse_jwe_encryption(std::string_view s) noexcept {
    return detail::parse_name(detail::jwe_encryption_names, s);
}

/// Every JWS algorithm, in declaration order (for allow-lists that want them all, and for tests).
inline constexpr std::array<jws_algorithm, 13> all_jws_algorithms = {
    jws_algorithm::HS256, jws_algorithm::HS384, jws_algorithm::HS512, jws_algorithm::RS256, jws_algorithm::RS384,
    jws_algorithm::RS512, jws_algorithm::PS256, jws_algorithm::PS384, jws_algorithm::PS512, jws_algorithm::ES256,
    jws_algorithm::ES384, jws_algorithm::ES512, jws_algorithm::EdDSA,
};

/// RFC 7518 §3.1: the families a JWS algorithm belongs to (what kind of key it needs).
enum class jws_family { hmac, rsa_pkcs1, rsa_pss, ecdsa, eddsa };

/// RFC 7518 §3.1: the family of `a`.
[[nodiscard]] constexpr jws_family family_of(jws_algorithm a) noexcept {
    switch (a) {
    case jws_algorithm::HS256: case jws_algorithm::HS384: case jws_algorithm::HS512: return jws_family::hmac;
    case jws_algorithm::RS256: case jws_algorithm::RS384: case jws_algorithm::RS512: return jws_family::rsa_pkcs1;
    case jws_algorithm::PS256: case jws_algorithm::PS384: case jws_algorithm::PS512: return jws_family::rsa_pss;
    case jws_algorithm::ES256: case jws_algorithm::ES384: case jws_algorithm::ES512: return jws_family::ecdsa;
    case jws_algorithm::EdDSA: return jws_family::eddsa;
    }
    return jws_family::hmac;
}

/// RFC 7518 §3.2–3.5: the SHA-2 output size in bytes `a` uses (32, 48 or 64); 0 for EdDSA (no separate hash).
[[nodiscard]] constexpr std::size_t hash_size_of(jws_algorithm a) noexcept {
    switch (a) {
    case jws_algorithm::HS256: case jws_algorithm::RS256: case jws_algorithm::PS256: case jws_algorithm::ES256:
        return 32;
    case jws_algorithm::HS384: case jws_algorithm::RS384: case jws_algorithm::PS384: case jws_algorithm::ES384:
        return 48;
    case jws_algorithm::HS512: case jws_algorithm::RS512: case jws_algorithm::PS512: case jws_algorithm::ES512:
        return 64;
    case jws_algorithm::EdDSA: return 0;
    }
    return 0;
}

} // namespace authwire::jose
