#pragma once
// authwire — nested JWTs (RFC 7519 §5.2, §7.1–7.2; RFC 7516 §5): a JWS-signed JWT encrypted in a JWE whose
// "cty" is "JWT" — minted in one call (sign, then encrypt) and validated in one call (decrypt, check "cty",
// verify the inner JWS with its own key, validate the claims).

#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/jwe.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>

#include <openssl/crypto.h>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::jose {

namespace detail {
struct nested_jwt_scratch_access;
} // namespace detail

/// The media type a nested JWT's JWE names in "cty" (RFC 7519 §5.2).
inline constexpr std::string_view nested_jwt_content_type = "JWT";

/// RFC 7519 §5.2, RFC 7516 §4.1.12: the encrypter of nested JWTs — a jwe_encrypter whose protected header is
/// {"alg", "kid" (the key's), "typ" (when given, e.g. "JWT" or "at+jwt"), "cty": "JWT", "enc"}. The header is
/// prepared once; use the result with mint_nested. Errors are those of jwe_encrypter::make.
[[nodiscard]] inline result<jwe_encrypter> make_nested_encrypter(jwe_key key, jwe_encryption enc,
                                                                 std::optional<std::string> typ = std::nullopt) {
    jwe_header_params header;
    header.typ = std::move(typ);
    header.cty = std::string(nested_jwt_content_type);
    return jwe_encrypter::make(std::move(key), enc, std::move(header));
}

/// RFC 7519 §7.1 with §5.2 (sign, then encrypt): mint `claims` as a JWS-signed JWT with header "typ" =
/// `inner_typ` (omitted when empty; "at+jwt" for RFC 9068 access tokens), then encrypt that JWS with
/// `encrypter`, which must come from make_nested_encrypter (so that its header says "cty": "JWT"). The IV
/// (and a CEK, for key-wrapping algorithms) is drawn from `rng`. Errors: those of mint_jwt and
/// jwe_encrypter::encrypt. The intermediate JWS is wiped before returning (it may carry secrets such as an
/// API key, readable by anyone who holds the JWE key).
[[nodiscard]] inline result<std::string> mint_nested(jwt_claims const& claims, jws_signer const& signer,
                                                     jwe_encrypter const& encrypter,
                                                     std::string_view inner_typ = "JWT", random_source rng = {}) {
    auto inner = mint_jwt(claims, signer, inner_typ);
    if (!inner) return inner.error();
    auto outer = encrypter.encrypt(*inner, rng);
    OPENSSL_cleanse(inner->data(), inner->size());
    return outer;
}

/// RFC 7519 §7.2 steps 1–8 for a nested JWT: decrypt the JWE with `decrypter` into `plaintext` (its capacity is
/// reused across calls) and require "cty" to name the JWT media type — "JWT" compared case-insensitively,
/// "application/jwt" accepted too (RFC 7515 §4.1.10). Returns the JWE protected header; `plaintext` then holds
/// the inner JWS. Errors: those of jwe_decrypter::decrypt_into (a three-segment JWS is error::wrong_token_type,
/// a wrong key or tampered token error::decryption_failed …), and error::wrong_token_type when "cty" is
/// absent or names anything else. On failure `plaintext` is empty.
[[nodiscard]] inline result<jwe_header> decrypt_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                       std::string& plaintext, random_source rng = {}) {
    auto header = decrypter.decrypt_into(token, plaintext, rng);
    if (!header) return header.error();
    auto const cty = header->cty();
    if (!cty || !same_media_type(*cty, nested_jwt_content_type)) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        plaintext.clear();
        return error::wrong_token_type;
    }
    return header;
}

/// A nested JWT that decrypted, whose inner signature verified and whose claims were accepted.
struct verified_nested_jwt {
    jwe_header outer;    ///< the JWE protected header ("alg", "enc", "kid", "cty": "JWT" …)
    jws_header header;   ///< the inner JWS header ("alg", "kid", "typ" …)
    jwt_claims claims;   ///< the validated claims
};

/// RFC 7519 §7.2 for a nested JWT, in one call: decrypt_nested (see there), then verify_jwt on the inner JWS
/// with `verifier` — its own key set, never the JWE key — checking "typ" and the claims against `validation`
/// at `now`. A JWS handed in instead of a JWE is error::wrong_token_type, as is an inner JWE; an inner "alg"
/// of "none" is error::algorithm_not_allowed. `buffer` receives the decrypted inner JWS while it is checked
/// and is wiped (its capacity kept) before returning: pass the same string on every call to avoid allocating.
[[nodiscard]] inline result<verified_nested_jwt> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                                 jws_verifier const& verifier,
                                                                 jwt_validation const& validation,
                                                                 std::chrono::system_clock::time_point now,
                                                                 std::string& buffer) {
    auto outer = decrypt_nested(token, decrypter, buffer);
    if (!outer) return outer.error();
    auto inner = verify_jwt(buffer, verifier, validation, now);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    buffer.clear();
    if (!inner) return inner.error();
    return verified_nested_jwt{std::move(*outer), std::move(inner->header), std::move(inner->claims)};
}

/// Caller-owned memory for the allocation-free overload of validate_nested: the decrypted inner JWS, its decoded
/// payload, an arena for the JSON of both headers and of the claims, and the verified_nested_jwt itself, all
/// reused from call to call (strings keep their capacity). In steady state a validation then makes no C++ heap
/// allocation (OpenSSL's HMAC re-initialisation makes its own). One per thread: not copyable, not movable, not
/// thread-safe. The buffers are wiped after each call and on destruction. The JSON of the result shares the
/// scratch's arena, as copies made of it with boost::json's copy constructors do (see jwt_scratch).
class nested_jwt_scratch {
public:
    nested_jwt_scratch() { rebuild(); }
    nested_jwt_scratch(nested_jwt_scratch const&) = delete;
    nested_jwt_scratch& operator=(nested_jwt_scratch const&) = delete;
    ~nested_jwt_scratch() {
        OPENSSL_cleanse(buffer_.data(), buffer_.capacity());
        OPENSSL_cleanse(payload_.data(), payload_.capacity());
    }

    /// The headers and claims of the last successful validate_nested with this scratch (unspecified after a
    /// failure).
    /// The members of the usual flat inner header and the custom claims of the usual flat Claims Set are kept
    /// unbuilt by validate_nested and built into header.members and claims.custom here, on the first call after
    /// it (in the scratch's arena, as before). Like the scratch itself, not for concurrent calls. Building may
    /// throw std::bad_alloc (memory exhausted; the objects are then left empty and built on the next call).
    /// The members of the usual flat JWE header ("dir" only, no "zip" or "crit") are kept unbuilt too, and
    /// built into outer.members() here.
    [[nodiscard]] verified_nested_jwt const& verified() const {
        build_outer();
        if (header_.pending) header_.build_into(value_.header.members);
        if (custom_.pending) custom_.build_into(value_.claims.custom);
        return value_;
    }

    /// The same headers and registered claims as verified() (the outer header in full; alg, kid, typ, cty of
    /// the inner one; iss … jti), without building header.members and claims.custom: for callers that use
    /// only those. The two objects are empty unless verified() was called since the last validate_nested (then
    /// they hold the members). Building the outer header's members may throw std::bad_alloc, as in verified().
    [[nodiscard]] verified_nested_jwt const& verified_registered() const {
        build_outer();
        return value_;
    }

    /// The same as verified_registered() without building outer.members() either: outer.alg(), enc(), kid(),
    /// typ() and cty() are those of verified(), but outer.members(), header.members and claims.custom are empty
    /// unless verified() or verified_registered() was called since the last validate_nested. Builds nothing.
    [[nodiscard]] verified_nested_jwt const& verified_parameters() const noexcept { return value_; }

private:
    friend struct detail::nested_jwt_scratch_access;

    void rebuild() noexcept {
        std::destroy_at(&value_.outer);
        std::construct_at(&value_.outer, detail::jwe_header_access::make(arena_.storage()));
        detail::rebind(value_.header.members, arena_.storage());
        detail::rebind(value_.claims.custom, arena_.storage());
    }
    void build_outer() const {
        if (outer_.pending) outer_.build_into(detail::jwe_header_access::members(value_.outer));
    }
    void prepare() {
        outer_.clear();
        header_.clear();
        custom_.clear();
        detail::jwe_header_access::reset(value_.outer, arena_.storage());
        detail::release_on(value_.header.members, arena_.storage());
        detail::release_on(value_.claims.custom, arena_.storage());
        if (arena_.prepare()) rebuild();
    }

    authwire::detail::arena_storage arena_;
    std::string buffer_;
    std::string payload_;
    // mutable: verified() builds the header members and custom claims kept here into value_ on first access.
    mutable detail::deferred_object outer_;
    mutable detail::deferred_object header_;
    mutable detail::deferred_object custom_;
    mutable verified_nested_jwt value_;
};

namespace detail {
struct nested_jwt_scratch_access {
    static void prepare(nested_jwt_scratch& s) { s.prepare(); }
    [[nodiscard]] static verified_nested_jwt& value(nested_jwt_scratch& s) noexcept { return s.value_; }
    [[nodiscard]] static std::string& buffer(nested_jwt_scratch& s) noexcept { return s.buffer_; }
    [[nodiscard]] static std::string& payload(nested_jwt_scratch& s) noexcept { return s.payload_; }
    [[nodiscard]] static deferred_object& custom(nested_jwt_scratch& s) noexcept { return s.custom_; }
    [[nodiscard]] static deferred_object& header(nested_jwt_scratch& s) noexcept { return s.header_; }
    [[nodiscard]] static deferred_object& outer(nested_jwt_scratch& s) noexcept { return s.outer_; }
    [[nodiscard]] static boost::json::storage_ptr const& storage(nested_jwt_scratch const& s) noexcept {
        return s.arena_.storage();
    }
};
} // namespace detail

/// RFC 7519 §7.2 for a nested JWT: validate_nested (same checks, same errors) into `scratch`, whose memory is
/// reused: on success the outer header, inner header and claims are in scratch.verified() until the next call
/// with `scratch`.
[[nodiscard]] inline result<void> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                  jws_verifier const& verifier, jwt_validation const& validation,
                                                  std::chrono::system_clock::time_point now,
                                                  nested_jwt_scratch& scratch) {
    using access = detail::nested_jwt_scratch_access;
    auto& buffer = access::buffer(scratch);
    auto wipe = [&buffer] {
        OPENSSL_cleanse(buffer.data(), buffer.size());
        buffer.clear();
    };
    try {
        access::prepare(scratch);
        auto& out = access::value(scratch);
        auto const& sp = access::storage(scratch);
        if (auto r = detail::jwe_decrypter_access::decrypt_into(decrypter, token, buffer, {}, out.outer, sp,
                                                                 &access::outer(scratch));
            !r)
            return r.error();
        auto const cty = out.outer.cty();
        if (!cty || !same_media_type(*cty, nested_jwt_content_type)) {
            wipe();
            return error::wrong_token_type;
        }
        auto inner = detail::verify_jwt_into(buffer, verifier, validation, now, out.header, out.claims,
                                             access::payload(scratch), sp, &access::custom(scratch),
                                             &access::header(scratch));
        wipe();
        return inner;
    } catch (std::exception const&) {
        wipe();
        return error::input_too_large;  // allocation failure
    }
}

/// RFC 7519 §7.2 for a nested JWT (see the overload with a buffer; this one uses a fresh one).
[[nodiscard]] inline result<verified_nested_jwt> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                                 jws_verifier const& verifier,
                                                                 jwt_validation const& validation,
                                                                 std::chrono::system_clock::time_point now) {
    std::string buffer;
    return validate_nested(token, decrypter, verifier, validation, now, buffer);
}

} // namespace authwire::jose
