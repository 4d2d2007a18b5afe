#pragma once
// authwire — access-token formats of an authorization server (RFC 9068, RFC 7519 §5.2, RFC 6749 §1.4): the
// scope's JWE(dir, A256GCM, cty JWT) ∘ JWS(HS256, typ at+jwt) tokens, minted and read with kid-based key rings
// for both keys (rotation: the current key mints, older keys validate until retired), and an opaque
// alternative backed by a store. Both satisfy access_token_format (access_token.hpp).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/jose/jwe.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_ring.hpp>
#include <authwire/jose/nested.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/detail/access_token_claims.hpp>
#include <authwire/server/opaque_token.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <openssl/crypto.h>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace authwire::server {

/// The private claim that carries an access token's refresh-token family (its grant), so that revoking the
/// grant revokes the token (RFC 7009 §2.1, RFC 9700 §4.14.2). Absent when the token has no family.
inline constexpr std::string_view family_claim_name = detail::family_claim;

/// RFC 9068 §2.2: the claims a JWT access token's issuer sets itself; custom claims may not reuse them.
[[nodiscard]] AUTHWIRE_DECL bool is_reserved_access_token_claim(std::string_view name) noexcept;

/// The configuration of jwt_access_token_format besides its keys.
struct jwt_access_token_options {
    std::string issuer;                                   ///< "iss": this authorization server's issuer identifier
    std::chrono::seconds lifetime = std::chrono::hours(1); ///< "exp" - "iat" (RFC 9068 §2.2); at least 1 s
    /// Clock skew tolerated on "exp"/"iat" when reading (0 to 1 day). The authorization server and the resource
    /// servers that share its keys normally share a clock too; the default is none. A token is accepted until
    /// exp + leeway, so revocations must outlast that: set the same value as the access_token_leeway of the
    /// server's authorization_code_policy and refresh_token_policy (the token endpoint refuses to issue otherwise).
    std::chrono::seconds leeway{0};
    jose::jwe_encryption enc = jose::jwe_encryption::A256GCM; ///< the JWE "enc"; "dir" keys must fit it
    std::size_t max_token_size = limits::max_compact_token_size; ///< checked before any decoding
};

class jwt_access_token_format;

/// Caller-owned memory for the allocation-free overload of jwt_access_token_format::read: the nested token's
/// scratch (jose::nested_jwt_scratch) and the access_token_info itself, reused from call to call (strings keep
/// their capacity; the custom claims live in the scratch's arena, see jose::jwt_scratch for what that means for
/// copies). In steady state a read then makes no C++ heap allocation. One per thread: not copyable, not
/// movable, not thread-safe.
class access_token_scratch {
public:
    access_token_scratch() = default;
    access_token_scratch(access_token_scratch const&) = delete;
    access_token_scratch& operator=(access_token_scratch const&) = delete;

    /// The token read by the last successful read with this scratch (unspecified after a failure). The custom
    /// claims of the usual flat Claims Set are kept unbuilt by read and built into info().claims here, on the
    /// first call after it (in the scratch's arena, as before). Like the scratch itself, not for concurrent calls.
    /// Building may throw std::bad_alloc (memory exhausted; claims is then left empty and built on the next call).
    [[nodiscard]] access_token_info const& info() const;
    /// The same, for moving parts out (e.g. the custom claims).
    [[nodiscard]] access_token_info& info();
    /// The same token without building the custom claims: for callers that use only the other members.
    /// claims is empty unless info() was called since the last read (then it holds the custom claims).
    [[nodiscard]] access_token_info const& info_without_claims() const noexcept { return info_; }

private:
    friend class jwt_access_token_format;

    void build_claims() const;
    // For bearer_scratch (found by argument-dependent lookup): the unbuilt custom claims and the info as read.
    friend jose::detail::deferred_object& deferred_custom_claims(access_token_scratch& s) noexcept {
        return jose::detail::nested_jwt_scratch_access::custom(s.nested_);
    }
    friend access_token_info& unbuilt_info(access_token_scratch& s) noexcept { return s.info_; }

    // mutable: info() const builds the custom claims kept in nested_ into info_ on first access.
    mutable jose::nested_jwt_scratch nested_;
    mutable access_token_info info_;
};

/// RFC 9068 access tokens as nested JWTs (RFC 7519 §5.2): an HS256 JWS with typ "at+jwt" and the claims iss,
/// sub, aud, exp, iat, jti, client_id, scope, "fid" (the grant's family, when it has one) and the grant's
/// custom claims, encrypted as a JWE (dir, A256GCM, cty "JWT"). Both keys come from kid-based key rings: the
/// rings' current keys mint, every key a ring still holds validates. After a ring changes (rotate_to, retire),
/// make a new format from it and swap it in; tokens whose JWE key was retired then read as
/// error::decryption_failed, tokens whose signing key was retired as error::signature_invalid.
/// Immutable once made: issue and read are const and safe to call concurrently. Satisfies access_token_format.
class jwt_access_token_format {
public:
    /// RFC 9068 §2, RFC 8725 §3.1: a format over `signing` (JWS keys, e.g. HS256 "oct" keys of 32+ bytes) and
    /// `encryption` ("dir" keys of the "enc"'s size). A ring without a current key, an empty issuer or a
    /// lifetime or leeway out of range is error::invalid_argument; keys that do not fit are the errors of
    /// jws_signer::make / make_nested_encrypter / jwe_decrypter::make.
    [[nodiscard]] static result<jwt_access_token_format> make(jose::jws_key_ring const& signing,
                                                              jose::jwe_key_ring const& encryption,
                                                              jwt_access_token_options options);

    /// RFC 9068 §2.2, RFC 7519 §7.1, §5.2: mint an access token for `grant` at `now`: a fresh 128-bit "jti" and
    /// the IV come from `rng`. A grant without subject, client_id or audience is error::missing_argument; a
    /// custom claim with a reserved name (is_reserved_access_token_claim) is error::invalid_argument.
    [[nodiscard]] result<issued_access_token> issue(access_token_grant const& grant,
                                                    std::chrono::system_clock::time_point now,
                                                    random_source rng = {}) const;

    /// RFC 9068 §4, RFC 7519 §7.2: read a presented token back: decrypt (error::decryption_failed for a wrong,
    /// retired or unknown JWE key or any tampering), check "cty" and the inner "typ" at+jwt
    /// (error::wrong_token_type), verify the HS256 signature (error::signature_invalid, also for a retired
    /// signing key), then the claims: "iss" is ours (error::wrong_issuer), "exp" not passed
    /// (error::token_expired), "iat" not in the future (error::token_not_yet_valid), and sub, aud, jti,
    /// client_id present (error::missing_claim). The audience is NOT matched here (see access_token_info).
    [[nodiscard]] result<access_token_info> read(std::string_view token,
                                                 std::chrono::system_clock::time_point now) const;

    /// RFC 9068 §4, RFC 7519 §7.2: read (same checks, same errors) into `scratch`, whose memory is reused: on
    /// success the token is in scratch.info() until the next call with `scratch`.
    [[nodiscard]] result<void> read(std::string_view token, std::chrono::system_clock::time_point now,
                                    access_token_scratch& scratch) const;

    /// The configuration it was made with.
    [[nodiscard]] jwt_access_token_options const& options() const noexcept { return options_; }

    /// RFC 7519 §4.1.4: how long past "exp" read() still accepts a token (options().leeway).
    [[nodiscard]] std::chrono::seconds leeway() const noexcept { return options_.leeway; }

private:
    jwt_access_token_format(jose::jws_signer signer, jose::jwe_encrypter encrypter, jose::jws_verifier verifier,
                            jose::jwe_decrypter decrypter, jwt_access_token_options options)
        : signer_(std::move(signer)), encrypter_(std::move(encrypter)), verifier_(std::move(verifier)),
          decrypter_(std::move(decrypter)), options_(std::move(options)), validation_(validation_for(options_)) {}

    // RFC 9068 §4 / RFC 7519 §7.2: what read() requires of the inner JWT, prepared once (no per-token copies).
    [[nodiscard]] static jose::jwt_validation validation_for(jwt_access_token_options const& o);

    [[nodiscard]] result<access_token_info> read_impl(std::string_view token, std::chrono::system_clock::time_point now,
                                                      std::string& buffer) const;

    jose::jws_signer signer_;
    jose::jwe_encrypter encrypter_;
    jose::jws_verifier verifier_;
    jose::jwe_decrypter decrypter_;
    jwt_access_token_options options_;
    jose::jwt_validation validation_;
};

// ---- the opaque alternative --------------------------------------------------------------------------------

/// The store behind opaque access tokens. Tokens are known only by their SHA-256 (token_hash).
/// - `store(hash, info)`: remember a token; a hash already present is error::invalid_argument.
/// - `find(hash)`: the token's record, or nullopt when unknown. const, safe to call concurrently.
template <class S>
concept access_token_store = requires(S& s, S const& cs, token_hash const& hash, access_token_info info) {
    { s.store(hash, std::move(info)) } -> std::same_as<result<void>>;
    { cs.find(hash) } -> std::same_as<result<std::optional<access_token_info>>>;
};

/// An in-memory access_token_store: a hash map under a reader-writer lock. Thread-safe. Call purge(now) from
/// time to time to forget expired tokens.
class memory_access_token_store {
public:
    /// RFC 6749 §1.4, §10.3: remember a token by its SHA-256 (see access_token_store).
    [[nodiscard]] result<void> store(token_hash const& hash, access_token_info info);

    /// RFC 6750 §3.1, RFC 7662 §2.2: a token's record, or nullopt.
    [[nodiscard]] result<std::optional<access_token_info>> find(token_hash const& hash) const;

    /// Forget tokens expired at `now`. Returns how many went.
    std::size_t purge(std::chrono::system_clock::time_point now);

    /// Tokens held.
    [[nodiscard]] std::size_t size() const;

private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<token_hash, access_token_info, token_hash_hasher> tokens_;
};

/// The configuration of opaque_access_token_format.
struct opaque_access_token_options {
    std::string issuer;                                    ///< recorded as the tokens' issuer
    std::chrono::seconds lifetime = std::chrono::hours(1); ///< at least 1 s
};

namespace detail {

// opaque_access_token_format::issue() but the store: the checks, a fresh token and jti, the token's hash, the
// record to store under it and the answer once stored (in `out`).
struct prepared_access_token {
    token_hash hash;
    access_token_info info;
    issued_access_token issued;
};

[[nodiscard]] AUTHWIRE_DECL result<void> prepare_opaque_access_token(access_token_grant const& grant,
                                                                   std::chrono::system_clock::time_point now,
                                                                   random_source rng,
                                                                   opaque_access_token_options const& options,
                                                                   prepared_access_token& out);

// opaque_access_token_format::read() before the store: the presented token's hash (error::malformed_token when
// it is not of the opaque shape).
[[nodiscard]] AUTHWIRE_DECL result<token_hash> opaque_token_hash(std::string_view token);

// opaque_access_token_format::read() once the store answered.
[[nodiscard]] AUTHWIRE_DECL result<access_token_info> opaque_token_lookup(
    result<std::optional<access_token_info>> found, std::chrono::system_clock::time_point now);

} // namespace detail

/// RFC 6749 §1.4, §10.3: opaque access tokens — 256 random bits (base64url, 43 characters) that mean nothing
/// by themselves; the store maps their SHA-256 to what they stand for. Reading one is a store lookup.
/// Satisfies access_token_format; issue and read are const (the store synchronises itself).
template <access_token_store Store>
class opaque_access_token_format {
public:
    /// RFC 6749 §1.4: a format over `store` (which must outlive it).
    opaque_access_token_format(Store& store, opaque_access_token_options options)
        : store_(&store), options_(std::move(options)) {}

    /// RFC 6749 §5.1: a fresh opaque token for `grant`, recorded in the store. A grant without subject or
    /// client_id is error::missing_argument; a lifetime under 1 s error::invalid_argument.
    [[nodiscard]] result<issued_access_token> issue(access_token_grant const& grant,
                                                    std::chrono::system_clock::time_point now,
                                                    random_source rng = {}) const {
        detail::prepared_access_token prepared;
        if (auto r = detail::prepare_opaque_access_token(grant, now, rng, options_, prepared); !r) return r.error();
        if (auto r = store_->store(prepared.hash, std::move(prepared.info)); !r) return r.error();
        return std::move(prepared.issued);
    }

    /// RFC 6750 §3.1: look a presented token up. Not of the opaque shape: error::malformed_token; unknown:
    /// error::invalid_token; expired at `now`: error::token_expired; store failures as the store reports them.
    [[nodiscard]] result<access_token_info> read(std::string_view token, std::chrono::system_clock::time_point now) const {
        auto hash = detail::opaque_token_hash(token);
        if (!hash) return hash.error();
        return detail::opaque_token_lookup(store_->find(*hash), now);
    }

    [[nodiscard]] opaque_access_token_options const& options() const noexcept { return options_; }

    /// None: read() refuses a token from its expiry on (the store's clock is the server's own).
    [[nodiscard]] std::chrono::seconds leeway() const noexcept { return std::chrono::seconds{0}; }

private:
    Store* store_;
    opaque_access_token_options options_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/token_issuer.ipp>
#endif
