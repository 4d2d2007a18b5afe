#pragma once
// authwire — JSON Web Key (RFC 7517, RFC 7518 §6, RFC 8037 §2): parse, serialize, thumbprint, OpenSSL and PEM.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/jose/detail/roca.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// RFC 7517 §4.1, RFC 7518 §6.1, RFC 8037 §2: the "kty" values authwire understands.
enum class key_type { oct, RSA, EC, OKP };

/// RFC 7518 §6.2.1.1, RFC 8037 §2: the "crv" values authwire understands.
enum class curve { P_256, P_384, P_521, Ed25519, X25519 };

/// RFC 7517 §4.1: the "kty" name.
[[nodiscard]] constexpr std::string_view to_string(key_type t) noexcept {
    switch (t) {
    case key_type::oct: return "oct";
    case key_type::RSA: return "RSA";
    case key_type::EC: return "EC";
    case key_type::OKP: return "OKP";
    }
    return {};
}

/// RFC 7518 §6.2.1.1, RFC 8037 §2: the "crv" name.
[[nodiscard]] constexpr std::string_view to_string(curve c) noexcept {
    switch (c) {
    case curve::P_256: return "P-256";
    case curve::P_384: return "P-384";
    case curve::P_521: return "P-521";
    case curve::Ed25519: return "Ed25519";
    case curve::X25519: return "X25519";
    }
    return {};
}

/// Which members `jwk::to_json` writes: private key material only when asked for explicitly.
enum class jwk_members { public_only, include_private };

namespace detail {

// The core OpenSSL helpers, visible to every authwire::jose::detail user by their short names.
using authwire::detail::as_bytes;
using authwire::detail::bignum_ptr;
using authwire::detail::bio_ptr;
using authwire::detail::bn_ctx_ptr;
using authwire::detail::ecdsa_sig_ptr;
using authwire::detail::evp_mac_ctx_ptr;
using authwire::detail::evp_mac_ptr;
using authwire::detail::evp_md_ctx_ptr;
using authwire::detail::evp_md_ptr;
using authwire::detail::evp_pkey_ctx_ptr;
using authwire::detail::evp_pkey_ptr;
using authwire::detail::ossl_param_bld_ptr;
using authwire::detail::ossl_param_ptr;
using authwire::detail::sha256;

struct curve_info {
    curve crv;
    std::string_view name;
    char const* ec_group;  // OpenSSL group name for EC curves, nullptr for OKP
    char const* okp_type;  // OpenSSL key type for OKP curves, nullptr for EC
    std::size_t size;      // RFC 7518 §6.2.1.2: bytes of a coordinate (and of "d")
};

inline constexpr curve_info curve_table[] = {
    {curve::P_256, "P-256", "prime256v1", nullptr, 32},
    {curve::P_384, "P-384", "secp384r1", nullptr, 48},
    {curve::P_521, "P-521", "secp521r1", nullptr, 66},
    {curve::Ed25519, "Ed25519", nullptr, "ED25519", 32},
    {curve::X25519, "X25519", nullptr, "X25519", 32},
};

[[nodiscard]] constexpr curve_info const& info_of(curve c) noexcept {
    for (auto const& i : curve_table)
        if (i.crv == c) return i;
    return curve_table[0];
}

// The largest RSA modulus accepted (bits): bounds the cost a peer's key can impose on every verification.
inline constexpr std::size_t max_rsa_bits = 16384;
inline constexpr std::size_t min_rsa_bits = 2048;

// Everything a JWK holds. Immutable once built; shared by every copy of the jwk.
struct jwk_data {
    key_type kty = key_type::oct;
    std::optional<curve> crv;
    std::optional<std::string> kid, use, alg;
    std::optional<std::vector<std::string>> key_ops;
    std::string n, e, x, y;                 // public parameters: unsigned big-endian bytes
    secret k, d, p, q, dp, dq, qi;          // private (or symmetric) parameters
    bool has_private = false;
    evp_pkey_ptr pkey;                      // RSA, EC, OKP
    std::size_t bits = 0;
};

[[nodiscard]] AUTHWIRE_DECL error clear_openssl_errors(error e) noexcept;

// Reads the base64url member `name`: absent → nullopt; not a string → wrong_member_type; not strict
// base64url → malformed_key.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string>> read_b64_member(boost::json::object const& o,
                                                                               std::string_view name);

[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string>> read_string_member(boost::json::object const& o,
                                                                                  std::string_view name);

// RFC 7518 §2 "Base64urlUInt": the minimum number of octets, so no leading zero octet (zero itself is "AA").
[[nodiscard]] AUTHWIRE_DECL bool is_minimal_uint(std::string_view bytes) noexcept;

[[nodiscard]] AUTHWIRE_DECL bignum_ptr to_bignum(std::span<unsigned char const> bytes) noexcept;

// The BIGNUM parameter `name` of `pkey` as minimal big-endian bytes (or padded to `pad` bytes when pad > 0).
[[nodiscard]] AUTHWIRE_DECL std::optional<std::string> bn_param(EVP_PKEY const* pkey, char const* name, std::size_t pad = 0);

// NIST SP 800-56B Rev. 2 §6.4.2.1 partial public-key validation of an RSA key (n, e), made deterministic:
// e odd with 2^16 < e < 2^256; n odd and above e; no prime factor below 1,000 (one gcd with their product); n
// neither a prime nor a power of one.
// OpenSSL's EVP_PKEY_public_check runs the same list but ends with an enhanced Miller-Rabin test on random
// bases that refuses n whenever a base happens to expose a factor, so a modulus that is no real one was
// accepted on one call and refused on the next (found by the fuzz campaign, docs/SECURITY.md). A verifier
// gains nothing from that coin toss: the same key must get the same answer.
[[nodiscard]] AUTHWIRE_DECL result<void> check_rsa_public(EVP_PKEY const* pkey) noexcept;

// Runs the public-key checks on a freshly built key (EC and OKP: OpenSSL's — point on the curve, not at
// infinity, right order; RSA: check_rsa_public), and OpenSSL's check of the private part against the public one.
[[nodiscard]] AUTHWIRE_DECL result<void> check_evp_pkey(EVP_PKEY* pkey, bool has_private) noexcept;

[[nodiscard]] AUTHWIRE_DECL result<evp_pkey_ptr> build_from_params(char const* type, OSSL_PARAM_BLD* bld, bool has_private);

[[nodiscard]] AUTHWIRE_DECL bool push_bn(OSSL_PARAM_BLD* bld, char const* name, std::span<unsigned char const> bytes,
                                         std::vector<bignum_ptr>& keep);

[[nodiscard]] AUTHWIRE_DECL result<void> build_rsa(jwk_data& k);

[[nodiscard]] AUTHWIRE_DECL result<void> build_ec(jwk_data& k);

[[nodiscard]] AUTHWIRE_DECL result<void> build_okp(jwk_data& k);

} // namespace detail

/// A JSON Web Key (RFC 7517): an immutable, cheaply copyable handle (copies share one prepared key).
///
/// Secret material lives in `authwire::secret` (wiped on release) and in the OpenSSL `EVP_PKEY` built once
/// when the key is parsed. Every way in validates: strict base64url, required members per "kty", exact
/// coordinate lengths, minimal integers, EC points on their curve, private parts consistent with public
/// parts, RSA moduli of at least 2048 bits and without the ROCA fingerprint (CVE-2017-15361: error::weak_key).
/// HMAC key lengths are checked when a key is bound to an algorithm.
class jwk {
public:
    /// RFC 7517 §4, RFC 7518 §6, RFC 8037 §2: parse one JWK from JSON text (strict, bounded, no duplicate
    /// members). An unknown "kty" or "crv" is error::unsupported_algorithm (a JWK Set skips such keys).
    [[nodiscard]] static result<jwk> parse(std::string_view json, json_limits const& lim = {});

    /// RFC 7517 §4, RFC 7518 §6, RFC 8037 §2: a JWK from an already parsed JSON object (see parse).
    [[nodiscard]] static result<jwk> from_json(boost::json::object const& o);

    /// RFC 7518 §6.4: a symmetric ("oct") key holding `key` (at least one byte).
    [[nodiscard]] static result<jwk> from_octets(secret key, std::optional<std::string> kid = std::nullopt);

    /// RFC 7518 §6.4: a fresh random symmetric key of `size` bytes (16 to 1024) from `rng`.
    [[nodiscard]] static result<jwk> generate_octets(std::size_t size, std::optional<std::string> kid = std::nullopt,
                                                     random_source rng = {});

    /// RFC 7517 §4 / RFC 7518 §6.2–6.3 / RFC 8037 §2: the JWK of an OpenSSL key (RSA, EC P-256/384/521,
    /// Ed25519, X25519), public or private. The key is shared (reference count), not copied.
    [[nodiscard]] static result<jwk> from_evp_pkey(EVP_PKEY* pkey, std::optional<std::string> kid = std::nullopt);

    /// RFC 7468 §10 / §13: a JWK from a PEM "PRIVATE KEY" (unencrypted PKCS#8) or "PUBLIC KEY" (SPKI) text.
    [[nodiscard]] static result<jwk> from_pem(std::string_view pem, std::optional<std::string> kid = std::nullopt);

    /// RFC 7468 §13: the public key as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo). Not for "oct" keys.
    [[nodiscard]] result<std::string> to_public_pem() const;

    /// RFC 7468 §10: the private key as an unencrypted PEM "PRIVATE KEY" (PKCS#8). Only for private keys.
    [[nodiscard]] result<std::string> to_private_pem() const;

    /// RFC 7517 §4.1: "kty".
    [[nodiscard]] key_type kty() const noexcept { return d_->kty; }
    /// RFC 7518 §6.2.1.1, RFC 8037 §2: "crv" (EC and OKP keys).
    [[nodiscard]] std::optional<curve> crv() const noexcept;
    /// RFC 7517 §4.5: "kid", if the key has one.
    [[nodiscard]] std::optional<std::string_view> kid() const noexcept;
    /// RFC 7517 §4.2: "use" ("sig", "enc", or another registered value), if present.
    [[nodiscard]] std::optional<std::string_view> use() const noexcept;
    /// RFC 7517 §4.4: "alg", if present (kept verbatim; checked when the key is bound to an algorithm).
    [[nodiscard]] std::optional<std::string_view> alg() const noexcept;
    /// RFC 7517 §4.3: "key_ops", if present.
    [[nodiscard]] std::optional<std::span<std::string const>> key_ops() const noexcept;
    /// True when the key holds private (or, for "oct", secret) material.
    [[nodiscard]] bool has_private() const noexcept { return d_->has_private; }
    /// The key size in bits: RSA modulus, curve order size, or the length of an "oct" key.
    [[nodiscard]] std::size_t bits() const noexcept { return d_->bits; }
    /// RFC 7518 §6.4.1: the bytes of an "oct" key ("k"), or nullptr for other key types.
    [[nodiscard]] secret const* symmetric_key() const noexcept;
    /// The OpenSSL key (borrowed; valid as long as any copy of this jwk lives), or nullptr for "oct".
    [[nodiscard]] EVP_PKEY* evp_pkey() const noexcept { return d_->pkey.get(); }

    /// RFC 7517 §4.5: the same key with "kid" set to `kid`.
    [[nodiscard]] jwk with_kid(std::string kid) const;
    /// RFC 7517 §4.2: the same key with "use" set to `use`.
    [[nodiscard]] jwk with_use(std::string use) const;
    /// RFC 7517 §4.4: the same key with "alg" set to `alg`.
    [[nodiscard]] jwk with_alg(std::string alg) const;

    /// RFC 7517 §4 (RFC 7518 §6.2.1, §6.3.1, RFC 8037 §2): the public key alone, with the same metadata.
    /// An "oct" key has no public part: error::key_unusable.
    [[nodiscard]] result<jwk> to_public() const;

    /// RFC 7517 §4: the JWK as a JSON object. Private members ("d", "p", …, and "k") only with
    /// jwk_members::include_private; asking for the public members of an "oct" key is error::key_unusable.
    [[nodiscard]] result<boost::json::object> to_json(jwk_members which = jwk_members::public_only) const;

    /// RFC 7517 §4: the JWK as JSON text (see to_json for which members are written).
    [[nodiscard]] result<std::string> serialize(jwk_members which = jwk_members::public_only) const;

    /// RFC 7638 §3: the JWK thumbprint — base64url(SHA-256(the required members, sorted, no whitespace)).
    [[nodiscard]] result<std::string> thumbprint() const;

private:
    explicit jwk(std::shared_ptr<detail::jwk_data const> d) noexcept : d_(std::move(d)) {}

    [[nodiscard]] std::shared_ptr<detail::jwk_data> copy_metadata() const;

    [[nodiscard]] result<std::string> write_pem(bool with_private) const;

    [[nodiscard]] static result<jwk> from_json_impl(boost::json::object const& o);

    [[nodiscard]] static result<jwk> from_evp_pkey_impl(EVP_PKEY* pkey, std::optional<std::string> kid);

    std::shared_ptr<detail::jwk_data const> d_;
};

} // namespace authwire::jose

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/impl/jwk.ipp>
#endif
