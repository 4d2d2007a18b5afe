#pragma once
// authwire — opaque server credentials (authorization codes, refresh tokens): 256-bit random values, and the
// SHA-256 digests that stores keep instead of them (RFC 6749 §10.10, RFC 9700 §4.14.2).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>

#include <array>
#include <cstddef>
#include <cstring>
#include <string_view>

namespace authwire::server {

/// Random octets in every opaque token: 256 bits (RFC 6749 §10.10 asks for at least 128; RFC 9700 §4.14.2).
inline constexpr std::size_t opaque_token_bytes = 32;
/// Characters of an opaque token: the base64url encoding of `opaque_token_bytes` octets, without padding.
inline constexpr std::size_t opaque_token_length = base64url_encoded_size(opaque_token_bytes);

/// The SHA-256 digest of an opaque token: what the stores keep and index by, so that a leaked store does not
/// leak usable credentials. Looking up by digest reveals nothing about the token to a timing observer.
struct token_hash {
    std::array<unsigned char, 32> bytes{};
    friend bool operator==(token_hash const&, token_hash const&) = default;
};

/// For hash maps keyed by token_hash: the digest is uniformly distributed, so its first bytes are the hash.
struct token_hash_hasher {
    [[nodiscard]] std::size_t operator()(token_hash const& h) const noexcept {
        std::size_t v = 0;
        std::memcpy(&v, h.bytes.data(), sizeof v);
        return v;
    }
};

/// RFC 6749 §10.10, RFC 9700 §4.14.2: a fresh opaque token (code or refresh token): 256 bits from `rng`,
/// base64url without padding (43 characters).
[[nodiscard]] AUTHWIRE_DECL result<secret> generate_opaque_token(random_source rng = {});

/// FIPS 180-4 SHA-256 of the token's characters: the form in which stores keep codes and refresh tokens.
[[nodiscard]] AUTHWIRE_DECL result<token_hash> hash_token(std::string_view token) noexcept;

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/opaque_token.ipp>
#endif
