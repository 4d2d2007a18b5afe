#pragma once
// authwire — client identifiers and secrets issued by the server (RFC 7591 §3.2.1, RFC 6749 §2.2–2.3.1), and the
// salted HMAC-SHA-256 form in which a client store keeps a secret, so that a leaked store does not leak it.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/server/detail/hash.hpp>

#include <array>
#include <string>
#include <string_view>

namespace authwire::server {

/// A client secret as stored: a random per-secret salt and HMAC-SHA-256(key = salt, message = secret).
///
/// The server generates secrets with 256 bits of entropy (generate_client_secret), so a fast keyed hash is
/// enough: a brute-force search of the secret space is infeasible, and the salt stops precomputation and
/// cross-client comparison. Do not use this form for secrets chosen by people (use a slow KDF for those).
struct hashed_client_secret {
    std::array<unsigned char, 16> salt{};
    std::array<unsigned char, 32> mac{};
    friend bool operator==(hashed_client_secret const&, hashed_client_secret const&) = default;
};

/// RFC 7591 §3.2.1: a fresh `client_id`: 128 random bits, base64url (22 characters). Not a secret.
[[nodiscard]] AUTHWIRE_DECL result<std::string> generate_client_id(random_source rng = {});

/// RFC 7591 §3.2.1, RFC 6749 §2.3.1: a fresh `client_secret`: 256 random bits, base64url (43 characters).
[[nodiscard]] AUTHWIRE_DECL result<secret> generate_client_secret(random_source rng = {});

/// RFC 6749 §2.3.1: the stored form of `client_secret` (which must not be empty), with a fresh salt from `rng`.
[[nodiscard]] AUTHWIRE_DECL result<hashed_client_secret> hash_client_secret(secret const& client_secret,
                                                                            random_source rng = {});

/// RFC 6749 §2.3.1: does the presented `client_secret` match the stored one? The MACs are compared in constant
/// time; an empty presented secret never matches.
[[nodiscard]] AUTHWIRE_DECL bool verify_client_secret(hashed_client_secret const& stored,
                                                      std::string_view presented) noexcept;

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/client_secret.ipp>
#endif
