#pragma once
// authwire — the definitions of <authwire/oauth/pkce.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/pkce.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<secret> make_code_verifier(std::size_t length, random_source rng) {
    if (length < 43 || length > 128) return error::invalid_argument;
    unsigned char raw[96];
    auto const n = 3 * (length - 1) / 4 + 1;  // the fewest octets whose base64url has >= `length` characters
    auto bytes = std::span<unsigned char>(raw, n);
    if (auto r = rng.fill(bytes); !r) return r.error();
    std::string encoded = base64url_encode(bytes);
    OPENSSL_cleanse(raw, sizeof raw);
    encoded.resize(length);
    return secret(std::move(encoded));
}

AUTHWIRE_DECL result<std::string> make_code_challenge(std::string_view code_verifier, code_challenge_method method) {
    if (!is_valid_code_verifier(code_verifier)) return error::invalid_argument;
    if (method == code_challenge_method::plain) return std::string(code_verifier);
    auto digest = authwire::detail::sha256(authwire::detail::as_bytes(code_verifier));
    if (!digest) return digest.error();
    return base64url_encode(*digest);
}

AUTHWIRE_DECL result<pkce_pair> make_pkce(random_source rng, code_challenge_method method) {
    auto verifier = make_code_verifier(43, rng);
    if (!verifier) return verifier.error();
    auto challenge = make_code_challenge(verifier->reveal(), method);
    if (!challenge) return challenge.error();
    return pkce_pair{std::move(*verifier), std::move(*challenge), method};
}

AUTHWIRE_DECL bool verify_code_verifier(std::string_view code_verifier, std::string_view code_challenge,
                                        code_challenge_method method) {
    if (!is_valid_code_verifier(code_verifier)) return false;
    if (method == code_challenge_method::plain) return constant_time_equal(code_verifier, code_challenge);
    auto digest = authwire::detail::sha256(authwire::detail::as_bytes(code_verifier));
    if (!digest) return false;
    auto const expected = base64url_encode(*digest);
    return constant_time_equal(expected, code_challenge);
}

}  // namespace authwire::oauth
