#pragma once
// authwire — internal: JWE password-based key derivation PBES2 (RFC 7518 §4.8, PBKDF2 of RFC 8018 §5.2).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace authwire::jose::detail {

/// RFC 7518 §4.8.1.1: a salt input shorter than 8 octets is refused.
inline constexpr std::size_t pbes2_minimum_salt = 8;

/// RFC 7518 §4.8: derive the AES key-wrap key (out.size() octets: 16, 24 or 32) from `password` with PBKDF2
/// using HMAC with `digest` ("SHA256", "SHA384", "SHA512"), salt = UTF8(alg) ‖ 0x00 ‖ p2s, and `p2c`
/// iterations. The iteration count must already be within the caller's policy.
[[nodiscard]] AUTHWIRE_DECL result<void> pbes2_derive_key(std::string_view alg, char const* digest, bytes_view password,
                                                          bytes_view p2s, std::uint64_t p2c, bytes_span out);

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/key_management_pbes2.ipp>
#endif
