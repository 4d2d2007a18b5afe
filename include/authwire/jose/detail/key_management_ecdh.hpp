#pragma once
// authwire — internal: JWE key agreement with ECDH-ES (RFC 7518 §4.6, RFC 8037 §3.2): ECDH and the Concat KDF.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/content_encryption.hpp>

#include <openssl/crypto.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace authwire::jose::detail {

/// The curves ECDH-ES is implemented for.
enum class ecdh_curve { p256, p384, p521, x25519 };

/// The curve of `key` when ECDH-ES supports it (P-256, P-384, P-521, X25519).
[[nodiscard]] AUTHWIRE_DECL result<ecdh_curve> ecdh_curve_of(EVP_PKEY const* key) noexcept;

/// A shared secret Z: at most 66 octets (P-521).
using ecdh_secret = wiped_buffer<66>;

/// RFC 7518 §4.6.2 (NIST SP 800-56A §5.8.1, Concat KDF with SHA-256): derive out.size() octets from `z` with
/// OtherInfo = AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo, the first three each a 32-bit big-endian
/// length followed by the data, SuppPubInfo the key length in bits as a 32-bit big-endian integer.
[[nodiscard]] AUTHWIRE_DECL result<void> concat_kdf_sha256(bytes_view z, std::string_view algorithm_id, bytes_view apu,
                                                           bytes_view apv, bytes_span out) noexcept;

/// RFC 7518 §4.6.2: the ECDH (or X25519, RFC 8037 §3.2) shared secret Z of our private key `own` and the
/// peer's public key `peer`. Both must be on the same supported curve. Unless the caller has already run
/// EVP_PKEY_public_check on `peer` (as jwk::from_json does) and says so with `peer_checked`, `peer` is
/// validated here (on the curve, not the point at infinity). For X25519 OpenSSL refuses an all-zero result.
[[nodiscard]] AUTHWIRE_DECL result<ecdh_secret> ecdh_shared_secret(EVP_PKEY* own, EVP_PKEY* peer,
                                                                   bool peer_checked = false) noexcept;

/// RFC 7518 §4.6: a fresh ephemeral key pair on the curve of `recipient` (OpenSSL's CSPRNG).
[[nodiscard]] AUTHWIRE_DECL result<evp_pkey_ptr> ecdh_generate_ephemeral(EVP_PKEY* recipient) noexcept;

/// RFC 7518 §4.6.2: the agreed key of out.size() octets: Concat KDF over the ECDH secret of `own` and `peer`.
/// `algorithm_id` is the "enc" value for direct key agreement, the "alg" value for ECDH-ES+AxxxKW.
/// `peer_checked`: see ecdh_shared_secret.
[[nodiscard]] AUTHWIRE_DECL result<void> ecdh_es_derive(EVP_PKEY* own, EVP_PKEY* peer, std::string_view algorithm_id,
                                                        bytes_view apu, bytes_view apv, bytes_span out,
                                                        bool peer_checked = false) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/key_management_ecdh.ipp>
#endif
