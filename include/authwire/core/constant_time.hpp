#pragma once
// authwire — comparisons whose running time does not depend on where the inputs differ.

#include <authwire/core/detail/config.hpp>
#include <openssl/crypto.h>

#include <cstddef>
#include <span>
#include <string_view>

namespace authwire {

/// Compare two byte strings in time independent of their contents (OpenSSL `CRYPTO_memcmp`).
/// Use for secrets, `state` values, MACs, PKCE verifiers, codes and tokens (RFC 9700 §4.7.1, RFC 8725 §3.1).
/// Only the lengths may leak: strings of different lengths compare unequal immediately.
[[nodiscard]] AUTHWIRE_DECL bool constant_time_equal(std::span<unsigned char const> a,
                                                     std::span<unsigned char const> b) noexcept;

/// Compare two strings in time independent of their contents (see the byte-span overload).
[[nodiscard]] AUTHWIRE_DECL bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/constant_time.ipp>
#endif
