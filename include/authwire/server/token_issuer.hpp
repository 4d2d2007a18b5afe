#pragma once
// authwire — access-token formats of an authorization server (RFC 9068, RFC 7519 §5.2, RFC 6749 §1.4): the
// scope's JWE(dir, A256GCM, cty JWT) ∘ JWS(HS256, typ at+jwt) tokens, minted and read with kid-based key rings
// for both keys (rotation: the current key mints, older keys validate until retired), and an opaque
// alternative backed by a store. Both satisfy access_token_format (access_token.hpp).

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
[[nodiscard]] inline bool is_reserved_access_token_claim(std::string_view name) noexcept {
    return detail::is_reserved_claim(name);
}

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
    [[nodiscard]] access_token_info const& info() const {
        build_claims();
        return info_;
    }
    /// The same, for moving parts out (e.g. the custom claims).
    [[nodiscard]] access_token_info& info() {
        build_claims();
        return info_;
    }
    /// The same token without building the custom claims: for callers that use only the other members.
    /// claims is empty unless info() was called since the last read (then it holds the custom claims).
    [[nodiscard]] access_token_info const& info_without_claims() const noexcept { return info_; }

private:
    friend class jwt_access_token_format;

    void build_claims() const {
        auto& d = jose::detail::nested_jwt_scratch_access::custom(nested_);
        if (d.pending) d.build_into(info_.claims);
    }
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
                                                              jwt_access_token_options options) {
        using namespace std::chrono;
        if (signing.current() == nullptr || encryption.current() == nullptr || options.issuer.empty() ||
            options.lifetime < seconds(1) || options.leeway < seconds(0) || options.leeway > hours(24))
            return error::invalid_argument;
        auto signer = jose::jws_signer::make(*signing.current());
        if (!signer) return signer.error();
        auto encrypter = jose::make_nested_encrypter(*encryption.current(), options.enc, std::string("at+jwt"));
        if (!encrypter) return encrypter.error();
        jose::jws_options jws_opt;
        jws_opt.max_token_size = options.max_token_size;
        auto verifier = jose::jws_verifier::make(signing, std::move(jws_opt));
        if (!verifier) return verifier.error();
        jose::jwe_decrypt_options jwe_opt;
        jwe_opt.max_token_size = options.max_token_size;
        auto decrypter = jose::jwe_decrypter::make(encryption.keys(), {options.enc}, std::move(jwe_opt));
        if (!decrypter) return decrypter.error();
        return jwt_access_token_format(std::move(*signer), std::move(*encrypter), std::move(*verifier),
                                       std::move(*decrypter), std::move(options));
    }

    /// RFC 9068 §2.2, RFC 7519 §7.1, §5.2: mint an access token for `grant` at `now`: a fresh 128-bit "jti" and
    /// the IV come from `rng`. A grant without subject, client_id or audience is error::missing_argument; a
    /// custom claim with a reserved name (is_reserved_access_token_claim) is error::invalid_argument.
    [[nodiscard]] result<issued_access_token> issue(access_token_grant const& grant,
                                                    std::chrono::system_clock::time_point now,
                                                    random_source rng = {}) const {
        try {
            auto c = detail::access_token_claims(grant, options_.issuer, now, options_.lifetime, rng);
            if (!c) return c.error();
            auto token = jose::mint_nested(*c, signer_, encrypter_, "at+jwt", rng);
            if (!token) return token.error();
            return issued_access_token{secret(std::move(*token)), std::move(*c->jti), options_.lifetime, *c->exp};
        } catch (std::exception const&) {
            return error::input_too_large;  // allocation failure
        }
    }

    /// RFC 9068 §4, RFC 7519 §7.2: read a presented token back: decrypt (error::decryption_failed for a wrong,
    /// retired or unknown JWE key or any tampering), check "cty" and the inner "typ" at+jwt
    /// (error::wrong_token_type), verify the HS256 signature (error::signature_invalid, also for a retired
    /// signing key), then the claims: "iss" is ours (error::wrong_issuer), "exp" not passed
    /// (error::token_expired), "iat" not in the future (error::token_not_yet_valid), and sub, aud, jti,
    /// client_id present (error::missing_claim). The audience is NOT matched here (see access_token_info).
    [[nodiscard]] result<access_token_info> read(std::string_view token,
                                                 std::chrono::system_clock::time_point now) const {
        std::string buffer;
        try {
            auto r = read_impl(token, now, buffer);
            OPENSSL_cleanse(buffer.data(), buffer.size());
            return r;
        } catch (std::exception const&) {
            OPENSSL_cleanse(buffer.data(), buffer.size());
            return error::input_too_large;  // allocation failure
        }
    }

    /// RFC 9068 §4, RFC 7519 §7.2: read (same checks, same errors) into `scratch`, whose memory is reused: on
    /// success the token is in scratch.info() until the next call with `scratch`.
    [[nodiscard]] result<void> read(std::string_view token, std::chrono::system_clock::time_point now,
                                    access_token_scratch& scratch) const {
        using access = jose::detail::nested_jwt_scratch_access;
        auto& nested = scratch.nested_;
        auto& info = scratch.info_;
        auto& buffer = access::buffer(nested);
        auto wipe = [&buffer] {
            OPENSSL_cleanse(buffer.data(), buffer.size());
            buffer.clear();
        };
        try {
            // The previous call's custom claims go back to the arena first, so that it can be reused (nothing to
            // give back when they hold no memory: never built since the last call).
            if (info.claims.capacity() != 0) info.claims = boost::json::object(info.claims.storage());
            access::prepare(nested);
            auto const& sp = access::storage(nested);
            if (info.claims.storage().get() != sp.get()) jose::detail::rebind(info.claims, sp);
            auto& out = access::value(nested);
            // As decrypt_nested, then verify_jwt (see read_impl).
            if (auto r = jose::detail::jwe_decrypter_access::decrypt_into(decrypter_, token, buffer, {}, out.outer, sp,
                                                                           &access::outer(nested));
                !r)
                return r.error() == error::unknown_key ? error::decryption_failed : r.error();
            auto const cty = out.outer.cty();
            if (!cty || !jose::same_media_type(*cty, jose::nested_jwt_content_type)) {
                wipe();
                return error::wrong_token_type;
            }
            auto& custom = access::custom(nested);
            auto inner = jose::detail::verify_jwt_into(buffer, verifier_, validation_, now, out.header, out.claims,
                                                       access::payload(nested), sp, &custom, &access::header(nested));
            wipe();
            if (!inner) return inner.error() == error::unknown_key ? error::signature_invalid : inner.error();
            return detail::access_token_info_into(out.claims, info, &custom);
        } catch (std::exception const&) {
            wipe();
            return error::input_too_large;  // allocation failure
        }
    }

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
    [[nodiscard]] static jose::jwt_validation validation_for(jwt_access_token_options const& o) {
        jose::jwt_validation v;
        v.type = "at+jwt";
        v.issuer = o.issuer;
        v.audience_matched_by_caller = true;  // the resource server matches it (access_token_info::audience)
        v.leeway = o.leeway;
        v.require_iat = true;
        return v;
    }

    [[nodiscard]] result<access_token_info> read_impl(std::string_view token, std::chrono::system_clock::time_point now,
                                                      std::string& buffer) const {
        auto outer = jose::decrypt_nested(token, decrypter_, buffer);
        if (!outer) return outer.error() == error::unknown_key ? error::decryption_failed : outer.error();
        auto jwt = jose::verify_jwt(buffer, verifier_, validation_, now);
        if (!jwt) return jwt.error() == error::unknown_key ? error::signature_invalid : jwt.error();
        return detail::access_token_info_from(std::move(jwt->claims));
    }

    jose::jws_signer signer_;
    jose::jwe_encrypter encrypter_;
    jose::jws_verifier verifier_;
    jose::jwe_decrypter decrypter_;
    jwt_access_token_options options_;
    jose::jwt_validation validation_;
};

static_assert(access_token_format<jwt_access_token_format>);

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
    [[nodiscard]] result<void> store(token_hash const& hash, access_token_info info) {
        std::unique_lock lock(mutex_);
        if (!tokens_.try_emplace(hash, std::move(info)).second) return error::invalid_argument;
        return {};
    }

    /// RFC 6750 §3.1, RFC 7662 §2.2: a token's record, or nullopt.
    [[nodiscard]] result<std::optional<access_token_info>> find(token_hash const& hash) const {
        std::shared_lock lock(mutex_);
        auto const it = tokens_.find(hash);
        if (it == tokens_.end()) return std::optional<access_token_info>{};
        return std::optional<access_token_info>{it->second};
    }

    /// Forget tokens expired at `now`. Returns how many went.
    std::size_t purge(std::chrono::system_clock::time_point now) {
        std::unique_lock lock(mutex_);
        return std::erase_if(tokens_, [&](auto const& kv) { return now >= kv.second.expires_at; });
    }

    /// Tokens held.
    [[nodiscard]] std::size_t size() const {
        std::shared_lock lock(mutex_);
        return tokens_.size();
    }

private:
    mutable std::shared_mutex mutex_;
    std::unordered_map<token_hash, access_token_info, token_hash_hasher> tokens_;
};

static_assert(access_token_store<memory_access_token_store>);

/// The configuration of opaque_access_token_format.
struct opaque_access_token_options {
    std::string issuer;                                    ///< recorded as the tokens' issuer
    std::chrono::seconds lifetime = std::chrono::hours(1); ///< at least 1 s
};

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
        if (grant.subject.empty() || grant.client_id.empty()) return error::missing_argument;
        if (options_.lifetime < std::chrono::seconds(1)) return error::invalid_argument;
        auto token = generate_opaque_token(rng);
        if (!token) return token.error();
        auto jti = random_token(16, rng);
        if (!jti) return jti.error();
        auto hash = hash_token(token->reveal());
        if (!hash) return hash.error();
        access_token_info info;
        info.issuer = options_.issuer;
        info.subject = grant.subject;
        info.client_id = grant.client_id;
        info.scope = grant.scope;
        info.audience = grant.audience;
        info.family_id = grant.family_id;
        info.jti = *jti;
        info.issued_at = now;
        info.expires_at = now + options_.lifetime;
        info.claims = grant.claims;
        auto const expires_at = info.expires_at;
        if (auto r = store_->store(*hash, std::move(info)); !r) return r.error();
        return issued_access_token{std::move(*token), std::move(*jti), options_.lifetime, expires_at};
    }

    /// RFC 6750 §3.1: look a presented token up. Not of the opaque shape: error::malformed_token; unknown:
    /// error::invalid_token; expired at `now`: error::token_expired; store failures as the store reports them.
    [[nodiscard]] result<access_token_info> read(std::string_view token, std::chrono::system_clock::time_point now) const {
        if (token.size() != opaque_token_length) return error::malformed_token;
        auto hash = hash_token(token);
        if (!hash) return hash.error();
        auto found = store_->find(*hash);
        if (!found) return found.error();
        if (!*found) return error::invalid_token;
        if (now >= (*found)->expires_at) return error::token_expired;
        return std::move(**found);
    }

    [[nodiscard]] opaque_access_token_options const& options() const noexcept { return options_; }

    /// None: read() refuses a token from its expiry on (the store's clock is the server's own).
    [[nodiscard]] std::chrono::seconds leeway() const noexcept { return std::chrono::seconds{0}; }

private:
    Store* store_;
    opaque_access_token_options options_;
};

static_assert(access_token_format<opaque_access_token_format<memory_access_token_store>>);

} // namespace authwire::server
