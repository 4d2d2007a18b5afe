#pragma once
// authwire — internal: JWE key wrapping with AES (RFC 7518 §4.4 AES Key Wrap, §4.7 AES-GCM key encryption).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>

#include <cstddef>

namespace authwire::jose::detail {

/// The OpenSSL name of the RFC 3394 key-wrap cipher for a KEK of `kek_size` octets, or nullptr.
[[nodiscard]] constexpr char const* aes_wrap_cipher_name(std::size_t kek_size) noexcept {
    switch (kek_size) {
    case 16: return "AES-128-WRAP";
    case 24: return "AES-192-WRAP";
    case 32: return "AES-256-WRAP";
    default: return nullptr;
    }
}

/// The OpenSSL name of AES-GCM for a key of `key_size` octets, or nullptr.
[[nodiscard]] constexpr char const* aes_gcm_cipher_name(std::size_t key_size) noexcept {
    switch (key_size) {
    case 16: return "AES-128-GCM";
    case 24: return "AES-192-GCM";
    case 32: return "AES-256-GCM";
    default: return nullptr;
    }
}

// Runs the RFC 3394 wrap (encrypt = true) or unwrap of `in` into `out`; returns the output length.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> aes_key_wrap_run(bytes_view kek, bytes_view in, bytes_span out,
                                                                 bool encrypt) noexcept;

/// RFC 3394 §2.2.1 (RFC 7518 §4.4): wrap `key` (a multiple of 8 octets, at least 16) under `kek` (16, 24 or
/// 32 octets) into `out` (at least key.size() + 8 octets); returns the wrapped length, key.size() + 8.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> aes_key_wrap(bytes_view kek, bytes_view key, bytes_span out) noexcept;

/// RFC 3394 §2.2.2 (RFC 7518 §4.4): unwrap `wrapped` under `kek` into `out` (at least wrapped.size() - 8
/// octets) and check the integrity value; returns the key length. Any failure of the input is
/// error::decryption_failed.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> aes_key_unwrap(bytes_view kek, bytes_view wrapped, bytes_span out) noexcept;

/// RFC 7518 §4.7.1: encrypt `key` under `kek` with AES-GCM, the 96-bit `iv` and no AAD, into `out` (at least
/// key.size() octets) and the 128-bit `tag`; returns key.size().
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> aes_gcm_key_wrap(bytes_view kek, bytes_view iv, bytes_view key,
                                                                 bytes_span out, bytes_span tag) noexcept;

/// RFC 7518 §4.7.1: decrypt and authenticate an AES-GCM-wrapped key (see aes_gcm_key_wrap); returns its
/// length. Any failure of the input is error::decryption_failed.
[[nodiscard]] AUTHWIRE_DECL result<std::size_t> aes_gcm_key_unwrap(bytes_view kek, bytes_view iv, bytes_view tag,
                                                                   bytes_view wrapped, bytes_span out) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/key_management_aes.ipp>
#endif
