#pragma once
// authwire — Proof Key for Code Exchange (RFC 7636): code_verifier, code_challenge, and their check.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 7636 §4.2: how the code_challenge is derived from the code_verifier.
enum class code_challenge_method {
    S256,   ///< BASE64URL(SHA256(ASCII(code_verifier))) — the default, and the only one OAuth 2.1 servers need
    plain,  ///< code_challenge = code_verifier — only when explicitly asked for (RFC 9700 §2.1.1)
};

/// RFC 7636 §4.3: the `code_challenge_method` parameter value.
[[nodiscard]] constexpr std::string_view to_string(code_challenge_method m) noexcept {
    return m == code_challenge_method::S256 ? "S256" : "plain";
}

/// RFC 7636 §4.3: parse a `code_challenge_method` value (case-sensitive, as registered).
[[nodiscard]] constexpr std::optional<code_challenge_method> parse_code_challenge_method(std::string_view s) noexcept {
    if (s == "S256") return code_challenge_method::S256;
    if (s == "plain") return code_challenge_method::plain;
    return std::nullopt;
}

/// RFC 7636 §4.1: 43 to 128 characters, each from the unreserved set [A-Z] [a-z] [0-9] "-" "." "_" "~".
[[nodiscard]] constexpr bool is_valid_code_verifier(std::string_view v) noexcept {
    if (v.size() < 43 || v.size() > 128) return false;
    for (char const c : v) {
        bool const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == '_' || c == '~';
        if (!ok) return false;
    }
    return true;
}

/// RFC 7636 §4.1: a fresh code_verifier of `length` characters (43–128) from the CSPRNG: the base64url
/// encoding of just enough random octets, cut to `length`. The default follows §4.1's recommendation:
/// 32 octets (256 bits) encoded as 43 characters.
[[nodiscard]] AUTHWIRE_DECL result<secret> make_code_verifier(std::size_t length = 43, random_source rng = {});

/// RFC 7636 §4.2: the code_challenge for `code_verifier` under `method`.
[[nodiscard]] AUTHWIRE_DECL result<std::string> make_code_challenge(
    std::string_view code_verifier, code_challenge_method method = code_challenge_method::S256);

/// RFC 7636 §4.1–4.2: a code_verifier and its code_challenge, ready for the authorization and token requests.
struct pkce_pair {
    secret code_verifier;           ///< sent only in the token request
    std::string code_challenge;     ///< sent in the authorization request
    code_challenge_method method = code_challenge_method::S256;
};

/// RFC 7636 §4.1–4.2: a fresh pair. S256 unless the caller explicitly asks for plain.
[[nodiscard]] AUTHWIRE_DECL result<pkce_pair> make_pkce(random_source rng = {},
                                                        code_challenge_method method = code_challenge_method::S256);

/// RFC 7636 §4.6: does `code_verifier` match the stored `code_challenge`? The comparison is constant-time.
/// A malformed verifier never matches.
[[nodiscard]] AUTHWIRE_DECL bool verify_code_verifier(std::string_view code_verifier, std::string_view code_challenge,
                                                      code_challenge_method method);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/pkce.ipp>
#endif
