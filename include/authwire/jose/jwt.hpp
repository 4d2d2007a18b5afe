#pragma once
// authwire — JSON Web Token (RFC 7519): claims model, builder, validation, and one-call verify_jwt.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/header.hpp>
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/jws.hpp>

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// RFC 7519 §2 "NumericDate": seconds since the epoch, UTC (fractions are truncated toward the past).
using numeric_date = std::chrono::sys_seconds;

struct jwt_claims;

namespace detail {
// The streaming parse of a Claims Set (defined below jwt_claims): `fast` when `c` now holds the claims,
// `fallback` when the general path must decide (an error of any kind, or a shape it does not handle).
// `unsupported` (the scanner only): a shape the scanner leaves to the streaming parser.
enum class claims_parse { fast, fallback, unsupported };
struct claims_handler;
struct claims_scan;

// JSON text of a string as boost::json::serialize writes it (RFC 8259 §7): '"' and '\\' escaped, control
// characters as \b \f \n \r \t or \u00XX, everything else (UTF-8 included) as is.
AUTHWIRE_DECL void append_json_string(std::string& out, std::string_view s);
[[nodiscard]] inline claims_parse parse_claims_streaming(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                  boost::json::storage_ptr const& sp);
[[nodiscard]] inline claims_parse parse_claims_scanned(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                       boost::json::storage_ptr const& sp, deferred_object* d);
} // namespace detail

/// RFC 7519 §4: a JWT Claims Set. Registered claims are typed; every other claim is kept as sent.
struct jwt_claims {
    std::optional<std::string> iss;   ///< §4.1.1 issuer
    std::optional<std::string> sub;   ///< §4.1.2 subject
    std::vector<std::string> aud;     ///< §4.1.3 audience(s); empty when absent
    bool aud_is_array = false;        ///< whether "aud" is (or will be) written as an array
    std::optional<numeric_date> exp;  ///< §4.1.4 expiration time
    std::optional<numeric_date> nbf;  ///< §4.1.5 not before
    std::optional<numeric_date> iat;  ///< §4.1.6 issued at
    std::optional<std::string> jti;   ///< §4.1.7 JWT ID
    boost::json::object custom;       ///< every other claim (public and private names, §4.2–4.3)

    /// RFC 7519 §7.2 steps 9–10: parse a Claims Set (strict JSON, duplicate claim names rejected). A
    /// registered claim of the wrong type is error::wrong_member_type.
    [[nodiscard]] static result<jwt_claims> parse(std::string_view json, json_limits const& lim = {});

    /// RFC 7519 §7.2 steps 9–10: parse a Claims Set into `out` (see the overload above for the rules), reusing
    /// the capacity of its strings; `sp` is the memory resource of the JSON parsed (the custom claims are moved
    /// into out.custom when it uses the same resource, copied otherwise). On failure `out` is unspecified.
    [[nodiscard]] static result<void> parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                            boost::json::storage_ptr sp);

    /// RFC 7519 §4: the Claims Set of an already parsed JSON object (see parse).
    [[nodiscard]] static result<jwt_claims> from_json(boost::json::object o);

    /// RFC 7519 §4: the Claims Set as JSON: registered claims first, then the custom ones. A custom claim
    /// that reuses a registered name is error::invalid_argument.
    [[nodiscard]] result<boost::json::object> to_json() const;

    /// RFC 7519 §4: the Claims Set as JSON (see to_json), allocated with `sp`.
    [[nodiscard]] result<boost::json::object> to_json(boost::json::storage_ptr sp) const;

    /// RFC 7519 §7.1 step 1: the Claims Set as JSON text (see to_json): exactly boost::json::serialize(to_json()).
    [[nodiscard]] result<std::string> serialize() const;

    /// RFC 7519 §4.1.3: does "aud" name `audience` (exact, case-sensitive)?
    [[nodiscard]] bool has_audience(std::string_view audience) const noexcept;

    /// Is `name` present, registered or custom?
    [[nodiscard]] bool contains(std::string_view name) const noexcept;

    /// RFC 7519 §4.1: is `name` one of the registered claim names modelled above?
    [[nodiscard]] static bool is_registered(std::string_view name) noexcept;

private:
    // NumericDates beyond year 9999 (or before 1970) are refused rather than risk overflow in comparisons.
    static constexpr std::int64_t max_numeric_date = 253402300799;

    [[nodiscard]] static result<std::optional<numeric_date>> read_date(boost::json::value const* v) noexcept;

    // A NumericDate from seconds already floored (see read_date).
    [[nodiscard]] static result<std::optional<numeric_date>> date_of(double seconds) noexcept;

    // parse, with the custom claims of a scanned Claims Set left in `d` (when not null) instead of being built:
    // out.custom then stays as it was (empty) and d->pending is set. On any other path d->pending is false.
    [[nodiscard]] static result<void> parse_impl(std::string_view json, jwt_claims& out, json_limits const& lim,
                                                 boost::json::storage_ptr sp, detail::deferred_object* d);

    friend struct detail::claims_handler;
    friend struct detail::claims_scan;

    [[nodiscard]] static result<jwt_claims> from_json_impl(boost::json::object o);

    // The claims of `o` into `c`, reusing the capacity of c's strings; the custom claims are moved out of `o`.
    [[nodiscard]] static result<void> assign(jwt_claims& c, boost::json::object& o);
};

namespace detail {

// A basic_parser handler for a Claims Set: the registered claims of the top-level object go straight into a
// jwt_claims (strings reuse their capacity), every other member is built as JSON on a value_stack, as
// parse_json does, and members are counted so that duplicates are detected the same way. It gives up (and the
// general path decides) on anything else: a registered claim of another type or split into parts (escapes), a
// registered name seen twice, a key with escapes at the top level, more than 32 top-level members, or an error.
struct claims_handler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    // The registered names, in the order the general path erases them (which decides the custom claims' order).
    static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    enum : int { iss, sub, aud, exp, nbf, iat, jti, none = -1 };
    static constexpr std::size_t max_top_level = 32;

    boost::json::value_stack st;
    jwt_claims* c = nullptr;
    std::size_t members = 0;  // members of nested objects (for duplicate detection)
    std::size_t custom = 0;   // top-level custom members
    std::size_t depth = 0;
    unsigned seen = 0;        // bit i: names[i] was met
    int slot = none;          // the registered claim whose value comes next
    bool in_aud = false;      // inside "aud": [...]
    std::size_t audiences = 0;
    bool gave_up = false;
    // The top-level members in document order: 0..6 a registered name, 7 + k the k-th custom member.
    std::array<unsigned char, max_top_level> order{};
    std::size_t top_level = 0;

    claims_handler(boost::json::storage_ptr sp, unsigned char* buffer, std::size_t size)
        : st(std::move(sp), buffer, size) {}

    bool give_up(boost::json::error_code& ec);
    void add_audience(std::string_view a);
    static void set(std::optional<std::string>& slot_value, std::string_view v) { assign_member(slot_value, v); }
    bool date(double seconds, boost::json::error_code& ec);
    // A scalar at depth 1 for a registered claim: true when it was taken here.
    [[nodiscard]] bool registered_value() const noexcept { return depth == 1 && slot != none; }
    [[nodiscard]] static bool is_date(int s) noexcept { return s == exp || s == nbf || s == iat; }

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }
    bool on_object_begin(boost::json::error_code& ec);
    bool on_object_end(std::size_t n, boost::json::error_code&);
    bool on_array_begin(boost::json::error_code& ec);
    bool on_array_end(std::size_t n, boost::json::error_code&);
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec);
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code& ec);
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code& ec);
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec);
    bool on_bool(bool b, boost::json::error_code& ec);
    bool on_null(boost::json::error_code& ec);
    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return false; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return false; }
};

AUTHWIRE_DECL claims_parse parse_claims_streaming(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                  boost::json::storage_ptr const& sp);

// The registered claims of a scanned Claims Set into a jwt_claims, the custom ones built as JSON on `sp`.
struct claims_scan {
    static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    enum : int { iss, sub, aud, exp, nbf, iat, jti };

    static void set(std::optional<std::string>& slot, std::string_view v) { assign_member(slot, v); }
    static void add_audience(jwt_claims& c, std::size_t& n, std::string_view a);

    // fast when `c` holds the claims; fallback when a registered claim has another type or range (the general
    // path reports it).
    // With `deferred` (whose scan `o` is), the custom claims are left there (pending) instead of being built.
    [[nodiscard]] static claims_parse read(scanned_object const& o, jwt_claims& c, boost::json::storage_ptr const& sp,
                                           deferred_object* deferred);

    // jwt_claims::parse, with the custom claims of a scanned Claims Set left in `d` (see parse_impl).
    [[nodiscard]] static result<void> parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                            boost::json::storage_ptr sp, deferred_object* d);
};

AUTHWIRE_DECL claims_parse parse_claims_scanned(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                boost::json::storage_ptr const& sp, deferred_object* d);

} // namespace detail

/// RFC 7519 §7.1: builds a Claims Set and mints it as a JWS-signed JWT.
class jwt_builder {
public:
    jwt_builder& issuer(std::string v) { claims_.iss = std::move(v); return *this; }           ///< §4.1.1
    jwt_builder& subject(std::string v) {
        claims_.sub = std::move(v);
        return *this;
    }  ///< §4.1.2
    jwt_builder& audience(std::string v);
    jwt_builder& audiences(std::vector<std::string> v);
    jwt_builder& expires_at(std::chrono::system_clock::time_point t);
    jwt_builder& not_before(std::chrono::system_clock::time_point t);
    jwt_builder& issued_at(std::chrono::system_clock::time_point t);
    jwt_builder& id(std::string v) { claims_.jti = std::move(v); return *this; }               ///< §4.1.7
    /// §4.2–4.3: a public or private claim. Registered names must use the setters above (checked at sign).
    jwt_builder& claim(std::string_view name, boost::json::value v);

    /// The Claims Set built so far.
    [[nodiscard]] jwt_claims const& claims() const noexcept { return claims_; }

    /// RFC 7519 §7.1: sign the claims with `signer`; the header gets "typ" = `typ` (RFC 7519 §5.1; e.g.
    /// "at+jwt" for RFC 9068 access tokens), or none when `typ` is empty.
    [[nodiscard]] result<std::string> sign(jws_signer const& signer, std::string_view typ = "JWT") const;

private:
    jwt_claims claims_;
};

/// RFC 7519 §7.1: mint `claims` as a JWT signed by `signer`, with header "typ" = `typ` (omitted if empty).
[[nodiscard]] AUTHWIRE_DECL result<std::string> mint_jwt(jwt_claims const& claims, jws_signer const& signer,
                                                         std::string_view typ = "JWT");

/// What a JWT must satisfy besides its signature (RFC 7519 §4.1, §7.2; RFC 8725 §3.8–3.11).
struct jwt_validation {
    std::optional<std::string> issuer;     ///< "iss" must equal this exactly (missing: error::missing_claim)
    /// "aud" must name one of these. RFC 7519 §4.1.3: a token that has "aud" is rejected when none names
    /// the validator — so with an empty list every token carrying "aud" fails (error::wrong_audience).
    std::vector<std::string> audiences;
    /// When true, "aud" must be present (error::missing_claim) but `audiences` is not consulted: the caller
    /// matches the audience itself, as an authorization server reading back its own RFC 9068 access tokens
    /// leaves that to the resource server (RFC 9068 §4).
    bool audience_matched_by_caller = false;
    /// The expected "typ" header (e.g. "at+jwt", RFC 9068 §2.1), compared as a media type per RFC 7515
    /// §4.1.9: case-insensitively, with "application/" optional. Unset: "typ" is not checked.
    std::optional<std::string> type;
    std::chrono::seconds leeway{30};       ///< clock skew allowed on exp, nbf and iat (0 to 1 day)
    bool require_exp = true;               ///< RFC 8725 §3.10 spirit: tokens without an expiry are refused
    bool require_iat = false;
    std::optional<std::chrono::seconds> max_age;  ///< if set, "iat" is required and may be at most this old
    std::vector<std::string> required_claims;     ///< other claims that must be present
};

/// RFC 7515 §4.1.9: do two "typ" values name the same media type? Case-insensitive, and a value without
/// '/' stands for "application/" + value.
[[nodiscard]] AUTHWIRE_DECL bool same_media_type(std::string_view a, std::string_view b) noexcept;

/// RFC 7519 §4.1 and §7.2 step 10 (and RFC 8725 §3.8–3.9): check the claims against `v` at `now`. In order:
/// exp (error::missing_claim / error::token_expired), nbf and iat (error::token_not_yet_valid), max_age
/// (error::token_expired), iss (error::missing_claim / error::wrong_issuer), aud (error::missing_claim /
/// error::wrong_audience; only presence when audience_matched_by_caller), required claims (error::missing_claim).
[[nodiscard]] AUTHWIRE_DECL result<void> validate_jwt_claims(jwt_claims const& c, jwt_validation const& v,
                                                             std::chrono::system_clock::time_point now);

/// A JWT whose signature and claims were both accepted.
struct verified_jwt {
    jws_header header;
    jwt_claims claims;
};

namespace detail {

// RFC 7519 §7.2 (see verify_jwt): the header, claims and decoded payload go into the caller's objects, the JSON
// allocated with `sp`. The payload is wiped (its capacity kept) on every way out.
[[nodiscard]] AUTHWIRE_DECL result<void> verify_jwt_into(std::string_view token, jws_verifier const& verifier,
                                                         jwt_validation const& v,
                                                         std::chrono::system_clock::time_point now, jws_header& header,
                                                         jwt_claims& claims, std::string& payload,
                                                         boost::json::storage_ptr const& sp,
                                                         deferred_object* deferred_custom = nullptr,
                                                         deferred_object* deferred_header = nullptr);

// Replaces `o` by an empty object on `sp` (assignment would keep o's own memory resource).
AUTHWIRE_DECL void rebind(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept;

// Before a scratch's next use: `o` empty on `sp`, holding no memory (so that the arena can be rewound). An object
// that holds none and is on `sp` already — one never built since the last call — is left as it is.
AUTHWIRE_DECL void release_on(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept;

struct jwt_scratch_access;

} // namespace detail

/// RFC 7519 §7.2: verify the JWS with `verifier` (see jws_verifier::verify for its errors), then check
/// "typ" (error::wrong_token_type) and the claims (see validate_jwt_claims) at `now`. The payload is parsed
/// once, within the verifier's size limit.
[[nodiscard]] AUTHWIRE_DECL result<verified_jwt> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                                            jwt_validation const& v,
                                                            std::chrono::system_clock::time_point now);

/// Caller-owned memory for the allocation-free overload of verify_jwt: the decoded payload, an arena for the
/// JSON of the header and the claims, and the verified_jwt itself, all reused from call to call (strings keep
/// their capacity). In steady state a verification then makes no C++ heap allocation (OpenSSL's HMAC
/// re-initialisation makes its own). One per thread: not copyable, not movable, not thread-safe.
///
/// The JSON of the result (header.members, claims.custom) lives in the scratch's arena, and so do copies made
/// with boost::json's copy constructors (they keep the source's memory resource). Such copies stay valid — the
/// arena is reference-counted and is only reused once nothing allocated from it is alive — but they share it
/// with the scratch and its thread: to keep a value elsewhere, copy it onto another resource
/// (`boost::json::object(x, boost::json::storage_ptr())`).
class jwt_scratch {
public:
    jwt_scratch() { rebuild(); }
    jwt_scratch(jwt_scratch const&) = delete;
    jwt_scratch& operator=(jwt_scratch const&) = delete;
    ~jwt_scratch() { OPENSSL_cleanse(payload_.data(), payload_.capacity()); }

    /// The header and claims of the last successful verify_jwt with this scratch (unspecified after a failure).
    /// The members of the usual flat header and the custom claims of the usual flat Claims Set are kept
    /// unbuilt by verify_jwt and built into header.members and claims.custom here, on the first call after it
    /// (in the scratch's arena, as before). Like the scratch itself, not for concurrent calls. Building may
    /// throw std::bad_alloc (memory exhausted; the objects are then left empty and built on the next call).
    [[nodiscard]] verified_jwt const& verified() const;

    /// The same header and registered claims as verified() (alg, kid, typ, cty; iss … jti), without building
    /// header.members and claims.custom: for callers that use only those. The two objects are empty unless
    /// verified() was called since the last verify_jwt (then they hold the members).
    [[nodiscard]] verified_jwt const& verified_registered() const noexcept { return value_; }

private:
    friend struct detail::jwt_scratch_access;

    void rebuild() noexcept;
    // Before each use: empty the JSON values and reuse the arena (or take a fresh one, see arena_storage).
    void prepare();

    authwire::detail::arena_storage arena_;
    std::string payload_;
    // mutable: verified() builds the header members and custom claims kept here into value_ on first access.
    mutable detail::deferred_object header_;
    mutable detail::deferred_object custom_;
    mutable verified_jwt value_;
};

namespace detail {
struct jwt_scratch_access {
    static void prepare(jwt_scratch& s) { s.prepare(); }
    [[nodiscard]] static verified_jwt& value(jwt_scratch& s) noexcept { return s.value_; }
    [[nodiscard]] static std::string& payload(jwt_scratch& s) noexcept { return s.payload_; }
    [[nodiscard]] static deferred_object& custom(jwt_scratch& s) noexcept { return s.custom_; }
    [[nodiscard]] static deferred_object& header(jwt_scratch& s) noexcept { return s.header_; }
    [[nodiscard]] static boost::json::storage_ptr const& storage(jwt_scratch const& s) noexcept;
};
} // namespace detail

/// RFC 7519 §7.2: verify_jwt (same checks, same errors) into `scratch`, whose memory is reused: on success the
/// header and claims are in scratch.verified() until the next call with `scratch`.
[[nodiscard]] AUTHWIRE_DECL result<void> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                                    jwt_validation const& v, std::chrono::system_clock::time_point now,
                                                    jwt_scratch& scratch);

} // namespace authwire::jose

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/impl/jwt.ipp>
#endif
