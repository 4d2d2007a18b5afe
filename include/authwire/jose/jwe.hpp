#pragma once
// authwire — JSON Web Encryption in compact serialization (RFC 7516, RFC 7518 §4–5, RFC 8037 §3.2).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/detail/content_encryption.hpp>
#include <authwire/jose/detail/header.hpp>
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/detail/jwe_compact.hpp>
#include <authwire/jose/detail/key_management.hpp>
#include <authwire/jose/detail/key_management_aes.hpp>
#include <authwire/jose/detail/key_management_ecdh.hpp>
#include <authwire/jose/detail/key_management_pbes2.hpp>
#include <authwire/jose/detail/key_management_rsa.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_set.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

// ---- the protected header ------------------------------------------------------------------------------------

namespace detail {

// RFC 7516 §4.1, RFC 7518 §4.6.1, §4.7.1, §4.8.1, RFC 7515 §4.1: names that are never extensions, so never
// acceptable in "crit" (RFC 7516 §4.1.13), and never settable through jwe_header_params::extra.
inline constexpr std::string_view jwe_registered_header_names[] = {
    "alg", "enc", "zip", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
    "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
};

[[nodiscard]] constexpr bool is_registered_jwe_header(std::string_view name) noexcept {
    for (auto n : jwe_registered_header_names)
        if (n == name) return true;
    return false;
}

// A required string member: absent is error::missing_member, not a string error::wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::string_view> required_string(boost::json::object const& o, std::string_view name);

} // namespace detail

namespace detail {
struct jwe_header_access;
struct jwe_decrypter_access;
} // namespace detail

/// RFC 7516 §4: the JOSE Header of a compact JWE (all of it integrity protected), parsed and checked once.
/// Every member is kept as sent; the accessors give the ones authwire interprets.
class jwe_header {
public:
    jwe_header() = default;

    /// RFC 7516 §4.1.1: "alg", the key management algorithm.
    [[nodiscard]] jwe_algorithm alg() const noexcept { return alg_; }
    /// RFC 7516 §4.1.2: "enc", the content encryption algorithm.
    [[nodiscard]] jwe_encryption enc() const noexcept { return enc_; }
    /// RFC 7516 §4.1.6: "kid", if present.
    [[nodiscard]] std::optional<std::string_view> kid() const noexcept;
    /// RFC 7516 §4.1.11: "typ", if present.
    [[nodiscard]] std::optional<std::string_view> typ() const noexcept;
    /// RFC 7516 §4.1.12: "cty", if present ("JWT" for a nested JWT, RFC 7519 §5.2).
    [[nodiscard]] std::optional<std::string_view> cty() const noexcept;
    /// Every member, as sent (including ones authwire does not interpret).
    [[nodiscard]] boost::json::object const& members() const noexcept { return members_; }

    /// RFC 7516 §5.2 steps 3–5, §4.1: parse and check the JSON text of a JWE protected header, strictly:
    /// duplicate members (error::duplicate_member), "alg" and "enc" present, registered and not "none"
    /// (error::missing_member, error::unsupported_algorithm, error::algorithm_not_allowed), "kid", "typ" and
    /// "cty" strings when present (error::wrong_member_type), no "zip" (compression is not implemented:
    /// error::unsupported_algorithm), and "crit" (RFC 7516 §4.1.13) a non-empty array of extension names that
    /// are present and listed in `understood_critical` (error::unsupported_critical; registered names or an
    /// empty list are error::malformed_token). "jku", "jwk", "x5u", "x5c" are kept but never used.
    [[nodiscard]] static result<jwe_header> parse(std::string_view json,
                                                  std::span<std::string const> understood_critical = {},
                                                  json_limits const& lim = {});

    /// RFC 7516 §4.1: check an already parsed header object (see parse).
    [[nodiscard]] static result<jwe_header> from_object(boost::json::object members,
                                                        std::span<std::string const> understood_critical = {});

private:
    friend struct detail::jwe_header_access;
    friend class jwe_decrypter;

    explicit jwe_header(boost::json::storage_ptr sp) noexcept : members_(std::move(sp)) {}

    // from_object into `h`: the members are moved into h.members_ (no copy when both use the same resource).
    [[nodiscard]] static result<void> check_into(jwe_header& h, boost::json::object& members,
                                                 std::span<std::string const> understood_critical);

    // RFC 7516 §4.1.1, §4.1.2: "alg" then "enc" (members of a parsed or a scanned header), both required.
    template <class Member>
    [[nodiscard]] static result<std::pair<jwe_algorithm, jwe_encryption>> algorithms_of(Member const* alg,
                                                                                       Member const* enc) {
        auto alg_name = detail::required_string_member(alg);
        if (!alg_name) return alg_name.error();
        auto a = parse_jwe_algorithm(*alg_name);
        if (!a) return a.error();
        auto enc_name = detail::required_string_member(enc);
        if (!enc_name) return enc_name.error();
        auto e = parse_jwe_encryption(*enc_name);
        if (!e) return e.error();
        return std::pair{*a, *e};
    }

    // check_into on a scanned header `d` (see detail::scan_json_object) without "zip" or "crit" (whose checks then
    // pass): "alg", "enc", then "kid", "typ", "cty", with the same errors in the same order. members_ is left as
    // it is and the members unbuilt in `d` (in document order); kid/typ/cty are kept in strings_.
    [[nodiscard]] static result<void> check_scanned(jwe_header& h, detail::deferred_object& d);

    [[nodiscard]] std::optional<std::string_view> string_member(std::string_view name) const noexcept;
    // kid/typ/cty (i = 0, 1, 2): from the copies the scratch path keeps when members_ is not built (read_ bit 3
    // set; bit i = present), from members_ otherwise.
    [[nodiscard]] std::optional<std::string_view> read_member(unsigned i, std::string_view name) const noexcept;

    boost::json::object members_;
    // Only on the scratch path of validate_nested (detail::read_scanned_jwe_header): "kid", "typ", "cty" as
    // read from the scan while members_ is left unbuilt (their capacity is kept from call to call).
    std::string strings_[3];
    unsigned char read_ = 0;
    jwe_algorithm alg_ = jwe_algorithm::dir;
    jwe_encryption enc_ = jwe_encryption::A256GCM;
};

// ---- encryption --------------------------------------------------------------------------------------------

/// The protected header members a producer chooses (RFC 7516 §4.1). authwire writes them in this order:
/// "alg", "kid", the algorithm's own parameters ("epk", "apu", "apv" | "tag", "iv" | "p2s", "p2c"), "typ",
/// "cty", the `extra` members in their order, then "enc" — the order of the RFC 7520 examples.
struct jwe_header_params {
    std::optional<std::string> kid;  ///< RFC 7516 §4.1.6; when unset, the key's own "kid" (if it has one)
    std::optional<std::string> typ;  ///< RFC 7516 §4.1.11, e.g. "JWT"
    std::optional<std::string> cty;  ///< RFC 7516 §4.1.12; "JWT" when the plaintext is a JWT (RFC 7519 §5.2)
    boost::json::object extra;       ///< further members; registered names are refused (error::invalid_argument)
    std::string apu;                 ///< ECDH-ES only (RFC 7518 §4.6.1.2): PartyUInfo bytes, sent as "apu" if set
    std::string apv;                 ///< ECDH-ES only (RFC 7518 §4.6.1.3): PartyVInfo bytes, sent as "apv" if set
};

/// Choices for encryption that are not header members.
struct jwe_encrypt_options {
    bool allow_rsa1_5 = false;                ///< RFC 8725 §3.2: RSA1_5 is refused unless enabled here
    bool allow_pbes2 = false;                 ///< PBES2 (password-based) is refused unless enabled here
    std::uint64_t pbes2_iterations = 310'000; ///< RFC 7518 §4.8.1.2 "p2c" (at least 1000)
    std::size_t pbes2_salt_size = 16;         ///< RFC 7518 §4.8.1.1 "p2s" octets (at least 8)
    /// ECDH-ES only: use this private key (on the recipient's curve) as the ephemeral key instead of a fresh
    /// one. Reusing an ephemeral key defeats its purpose: for reproducing published test vectors only.
    std::optional<jwk> ephemeral_key;
};

/// RFC 7516 §5.1: produces compact JWEs for one recipient key and one "enc", with everything that does not
/// change between messages prepared once (the protected header when it has no per-message parameters, the
/// AES-GCM key schedule of a "dir" key). Immutable; `encrypt` may be called concurrently.
class jwe_encrypter {
public:
    /// RFC 7516 §5.1, RFC 8725 §3.1: an encrypter for `key` (bound to its "alg") and `enc`. Fails with
    /// error::algorithm_not_allowed for RSA1_5/PBES2 unless enabled in `options`, error::key_unusable when a
    /// "dir" key is not exactly enc's key size or an ephemeral key does not fit, error::invalid_argument for
    /// `extra` members with registered names or PBES2 settings below the minimums.
    [[nodiscard]] static result<jwe_encrypter> make(jwe_key key, jwe_encryption enc, jwe_header_params header = {},
                                                    jwe_encrypt_options options = {});

    /// RFC 7516 §5.1 steps 1–19 (compact): encrypt `plaintext`. Randomness, drawn from `rng` in this order:
    /// the CEK (unless "dir"/"ECDH-ES" determine it), the AES-GCM key-wrap IV or the PBES2 salt, then the
    /// content IV. RSA padding and ECDH ephemeral keys use OpenSSL's own CSPRNG.
    [[nodiscard]] result<std::string> encrypt(std::span<unsigned char const> plaintext, random_source rng = {}) const;

    /// RFC 7516 §5.1: encrypt the bytes of `plaintext` (see the span overload).
    [[nodiscard]] result<std::string> encrypt(std::string_view plaintext, random_source rng = {}) const;

    [[nodiscard]] jwe_key const& key() const noexcept { return key_; }
    [[nodiscard]] jwe_encryption enc() const noexcept { return enc_; }

private:
    jwe_encrypter(jwe_key key, jwe_encryption enc, jwe_header_params header, jwe_encrypt_options options)
        : key_(std::move(key)), enc_(enc), header_(std::move(header)), options_(std::move(options)) {}

    [[nodiscard]] result<void> prepare();
    [[nodiscard]] result<std::string> header_b64(boost::json::object per_message) const;

    jwe_key key_;
    jwe_encryption enc_;
    jwe_header_params header_;
    jwe_encrypt_options options_;
    std::optional<detail::content_cipher> cipher_;
    std::optional<detail::prepared_content_key> dir_key_;
    std::string static_header_;  // BASE64URL(protected header) when it has no per-message members
};

/// RFC 7516 §5.1 (compact), one message: encrypt `plaintext` to `key` with `enc` (see jwe_encrypter).
[[nodiscard]] AUTHWIRE_DECL result<std::string> jwe_encrypt(std::string_view plaintext, jwe_key const& key,
                                                            jwe_encryption enc, jwe_header_params const& header = {},
                                                            jwe_encrypt_options const& options = {},
                                                            random_source rng = {});

// ---- decryption --------------------------------------------------------------------------------------------

/// Policy and limits of a decrypter. The defaults are the strict ones (RFC 8725).
struct jwe_decrypt_options {
    std::size_t max_token_size = limits::max_compact_token_size; ///< checked before any decoding
    json_limits header_limits{};                ///< bounds of the protected header JSON
    bool allow_rsa1_5 = false;                  ///< RFC 8725 §3.2: RSA1_5 keys are refused unless enabled
    bool allow_pbes2 = false;                   ///< password-based keys are refused unless enabled
    std::uint64_t pbes2_max_iterations = 310'000; ///< "p2c" above this is refused (it costs the recipient)
    std::vector<std::string> understood_critical; ///< "crit" extensions the caller checks itself
};

/// The result of a successful decryption.
struct jwe_decrypted {
    jwe_header header;      ///< the protected header (e.g. "cty": "JWT" for a nested JWT)
    std::string plaintext;  ///< the decrypted, authenticated content
};

/// RFC 7516 §5.2 (compact): decrypts JWEs for a fixed allow-list of (key, "alg") bindings and "enc" values.
/// The token's "alg", "enc" and "kid" only select among them (RFC 8725 §3.1); "jwk", "jku", "x5u" and "x5c"
/// headers are never used. Every failure to decrypt or authenticate — wrong key, tampered tag, ciphertext, IV
/// or header, bad padding, failed key unwrap — is the single code error::decryption_failed, and RSA key
/// decryption failures continue with a random CEK (RFC 7516 §11.5), so no oracle distinguishes them.
/// Immutable once made; `decrypt` may be called concurrently.
class jwe_decrypter {
public:
    /// RFC 7516 §5.2, RFC 8725 §3.1: a decrypter for `keys` that accepts the "enc" values `encryptions`.
    /// RSA1_5 and PBES2 bindings are error::algorithm_not_allowed unless enabled in `options`; keys without
    /// their private part, and "dir" keys that fit none of `encryptions`, are error::key_unusable; an empty
    /// key set or enc list is error::missing_argument.
    [[nodiscard]] static result<jwe_decrypter> make(jwe_key_set keys, std::span<jwe_encryption const> encryptions,
                                                    jwe_decrypt_options options = {});

    /// RFC 7516 §5.2: see the span overload.
    [[nodiscard]] static result<jwe_decrypter> make(jwe_key_set keys, std::initializer_list<jwe_encryption> encryptions,
                                                    jwe_decrypt_options options = {});

    /// RFC 7516 §5.2 steps 1–17: check, select the key, decrypt and authenticate a compact JWE.
    /// Errors, in the order they are checked: error::input_too_large (before any decoding),
    /// error::wrong_token_type (a three-segment JWS), error::malformed_token / malformed_base64 / malformed_json /
    /// duplicate_member / wrong_member_type / missing_member (shape), error::unsupported_algorithm,
    /// error::algorithm_not_allowed ("none", an "alg" or "enc" not allowed here, RSA1_5/PBES2 not enabled, a
    /// "dir" key and an "enc" of another key size), error::unsupported_critical, error::unknown_key (no
    /// binding for this "alg" and "kid"), error::malformed_key (a bad "epk"), error::decryption_failed.
    /// `rng` supplies the substitute CEK of RFC 7516 §11.5.
    [[nodiscard]] result<jwe_decrypted> decrypt(std::string_view compact, random_source rng = {}) const;

    /// RFC 7516 §5.2: decrypt into `plaintext` (its capacity is reused: no allocation once it is large enough)
    /// and return the header. On failure `plaintext` is empty.
    [[nodiscard]] result<jwe_header> decrypt_into(std::string_view compact, std::string& plaintext,
                                                  random_source rng = {}) const;

    [[nodiscard]] jwe_key_set const& keys() const noexcept { return keys_; }

private:
    struct prepared_binding {
        // "dir" keys: a prepared content key per allowed enc of the key's size.
        std::array<std::optional<detail::prepared_content_key>, detail::jwe_encryption_count> dir;
    };

    friend struct detail::jwe_decrypter_access;

    jwe_decrypter(jwe_key_set keys, jwe_decrypt_options options)
        : keys_(std::move(keys)), options_(std::move(options)) {}

    // decrypt_into with the header parsed into `header` (its JSON allocated with `sp`); with `deferred`, the
    // members of a flat "dir" header without "zip" or "crit" are left there, unbuilt.
    [[nodiscard]] result<void> decrypt_into_header(std::string_view compact, std::string& plaintext,
                                                   random_source rng, jwe_header& header,
                                                   boost::json::storage_ptr const& sp,
                                                   detail::deferred_object* deferred) const;

    [[nodiscard]] result<void> recover_cek(jwe_key const& key, jwe_header const& header,
                                           detail::jwe_compact_segments const& seg,
                                           detail::content_encryption_params const& enc, detail::cek_buffer& cek,
                                           random_source rng) const;

    jwe_key_set keys_;
    std::vector<prepared_binding> prepared_;  // parallel to keys_
    std::array<std::optional<detail::content_cipher>, detail::jwe_encryption_count> ciphers_;  // allowed encs
    jwe_decrypt_options options_;
};

/// RFC 7516 §5.2 (compact), one message: decrypt `compact` with the single binding `key`, accepting only the
/// "enc" values `encryptions` (see jwe_decrypter).
[[nodiscard]] AUTHWIRE_DECL result<jwe_decrypted> jwe_decrypt(std::string_view compact, jwe_key const& key,
                                                              std::initializer_list<jwe_encryption> encryptions,
                                                              jwe_decrypt_options options = {}, random_source rng = {});

// ---- implementation ----------------------------------------------------------------------------------------

namespace detail {

// The bytes of an "oct" key (empty for other key types).
[[nodiscard]] AUTHWIRE_DECL bytes_view octets_of(jwk const& key) noexcept;

// An optional base64url string member, decoded: absent is empty.
[[nodiscard]] AUTHWIRE_DECL result<std::string> optional_b64_member(boost::json::object const& o, std::string_view name);

// RFC 7518 §4.6.1.1: the "epk" of a header as a public key on the curve of `own` (error::malformed_key for
// anything else: not a JWK, private parts, another key type or curve). jwk::from_json has run
// EVP_PKEY_public_check on it (point on the curve, not infinity), so the ECDH step need not repeat it.
[[nodiscard]] AUTHWIRE_DECL result<jwk> epk_for(boost::json::object const& header, jwk const& own);

} // namespace detail








namespace detail {
// The allocation-free overload of validate_nested reaches the header's and the decrypter's internals here.
struct jwe_header_access {
    [[nodiscard]] static jwe_header make(boost::json::storage_ptr sp) noexcept { return jwe_header(std::move(sp)); }
    // Empties `h` for the next call (members_ on `sp`), keeping the capacity of its kid/typ/cty copies.
    static void reset(jwe_header& h, boost::json::storage_ptr const& sp) noexcept;
    // The members a scanned header left unbuilt (see jwe_header::check_scanned).
    [[nodiscard]] static boost::json::object& members(jwe_header& h) noexcept { return h.members_; }
};
struct jwe_decrypter_access {
    // With `deferred`, the members of the usual flat header are left there, unbuilt (see decrypt_into_header).
    [[nodiscard]] static result<void> decrypt_into(jwe_decrypter const& d, std::string_view compact,
                                                   std::string& plaintext, random_source rng, jwe_header& header,
                                                   boost::json::storage_ptr const& sp,
                                                   deferred_object* deferred = nullptr);
};
} // namespace detail

} // namespace authwire::jose

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/impl/jwe.ipp>
#endif
