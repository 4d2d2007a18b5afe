#pragma once
// authwire — JSON Web Token (RFC 7519): claims model, builder, validation, and one-call verify_jwt.

#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/header.hpp>
#include <authwire/jose/jws.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>

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
    [[nodiscard]] static result<jwt_claims> parse(std::string_view json, json_limits const& lim = {}) {
        auto o = parse_json_object(json, lim);
        if (!o) return o.error() == error::wrong_member_type ? error::malformed_token : o.error();
        return from_json(std::move(*o));
    }

    /// RFC 7519 §7.2 steps 9–10: parse a Claims Set into `out` (see the overload above for the rules), reusing
    /// the capacity of its strings; `sp` is the memory resource of the JSON parsed (the custom claims are moved
    /// into out.custom when it uses the same resource, copied otherwise). On failure `out` is unspecified.
    [[nodiscard]] static result<void> parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                            boost::json::storage_ptr sp) {
        auto o = parse_json_object(json, lim, std::move(sp));
        if (!o) return o.error() == error::wrong_member_type ? error::malformed_token : o.error();
        try {
            return assign(out, *o);
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 7519 §4: the Claims Set of an already parsed JSON object (see parse).
    [[nodiscard]] static result<jwt_claims> from_json(boost::json::object o) {
        try {
            return from_json_impl(std::move(o));
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 7519 §4: the Claims Set as JSON: registered claims first, then the custom ones. A custom claim
    /// that reuses a registered name is error::invalid_argument.
    [[nodiscard]] result<boost::json::object> to_json() const {
        boost::json::object o;
        if (iss) o["iss"] = *iss;
        if (sub) o["sub"] = *sub;
        if (aud.size() == 1 && !aud_is_array) {
            o["aud"] = aud.front();
        } else if (!aud.empty() || aud_is_array) {
            boost::json::array a;
            for (auto const& s : aud) a.emplace_back(s);
            o["aud"] = std::move(a);
        }
        if (exp) o["exp"] = exp->time_since_epoch().count();
        if (nbf) o["nbf"] = nbf->time_since_epoch().count();
        if (iat) o["iat"] = iat->time_since_epoch().count();
        if (jti) o["jti"] = *jti;
        for (auto const& m : custom) {
            if (is_registered(m.key())) return error::invalid_argument;
            o[m.key()] = m.value();
        }
        return o;
    }

    /// RFC 7519 §7.1 step 1: the Claims Set as JSON text (see to_json).
    [[nodiscard]] result<std::string> serialize() const {
        auto o = to_json();
        if (!o) return o.error();
        return boost::json::serialize(*o);
    }

    /// RFC 7519 §4.1.3: does "aud" name `audience` (exact, case-sensitive)?
    [[nodiscard]] bool has_audience(std::string_view audience) const noexcept {
        for (auto const& a : aud)
            if (a == audience) return true;
        return false;
    }

    /// Is `name` present, registered or custom?
    [[nodiscard]] bool contains(std::string_view name) const noexcept {
        if (name == "iss") return iss.has_value();
        if (name == "sub") return sub.has_value();
        if (name == "aud") return !aud.empty() || aud_is_array;
        if (name == "exp") return exp.has_value();
        if (name == "nbf") return nbf.has_value();
        if (name == "iat") return iat.has_value();
        if (name == "jti") return jti.has_value();
        return custom.contains(name);
    }

    /// RFC 7519 §4.1: is `name` one of the registered claim names modelled above?
    [[nodiscard]] static bool is_registered(std::string_view name) noexcept {
        return name == "iss" || name == "sub" || name == "aud" || name == "exp" || name == "nbf" || name == "iat" ||
               name == "jti";
    }

private:
    // NumericDates beyond year 9999 (or before 1970) are refused rather than risk overflow in comparisons.
    static constexpr std::int64_t max_numeric_date = 253402300799;

    [[nodiscard]] static result<std::optional<numeric_date>> read_date(boost::json::value const* v) noexcept {
        if (v == nullptr) return std::optional<numeric_date>{};
        double seconds = 0;
        if (auto const* i = v->if_int64()) seconds = static_cast<double>(*i);
        else if (auto const* u = v->if_uint64()) seconds = static_cast<double>(*u);
        else if (auto const* d = v->if_double()) seconds = std::floor(*d);
        else return error::wrong_member_type;
        if (!(seconds >= 0 && seconds <= static_cast<double>(max_numeric_date))) return error::wrong_member_type;
        return std::optional<numeric_date>{numeric_date(std::chrono::seconds(static_cast<std::int64_t>(seconds)))};
    }

    [[nodiscard]] static result<jwt_claims> from_json_impl(boost::json::object o) {
        jwt_claims c;
        if (auto r = assign(c, o); !r) return r.error();
        return c;
    }

    // The claims of `o` into `c`, reusing the capacity of c's strings; the custom claims are moved out of `o`.
    [[nodiscard]] static result<void> assign(jwt_claims& c, boost::json::object& o) {
        // One pass finds the registered claims (the checks below keep their order: iss, sub, jti, aud, dates).
        static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
        boost::json::value const* found[std::size(names)];
        detail::find_members(o, names, found);
        for (auto [member, slot] : {std::pair{found[0], &c.iss}, std::pair{found[1], &c.sub},
                                    std::pair{found[6], &c.jti}}) {
            auto v = detail::string_member(member);
            if (!v) return v.error();
            if (!*v) {
                slot->reset();
            } else if (*slot) {
                (*slot)->assign(**v);
            } else {
                slot->emplace(**v);
            }
        }
        std::size_t audiences = 0;
        auto add_audience = [&](std::string_view a) {
            if (audiences < c.aud.size()) c.aud[audiences].assign(a);
            else c.aud.emplace_back(a);
            ++audiences;
        };
        c.aud_is_array = false;
        if (auto const* a = found[2]) {
            if (auto const* s = a->if_string()) {
                add_audience(*s);
            } else if (auto const* arr = a->if_array()) {
                c.aud_is_array = true;
                for (auto const& e : *arr) {
                    auto const* es = e.if_string();
                    if (es == nullptr) return error::wrong_member_type;
                    add_audience(*es);
                }
            } else {
                return error::wrong_member_type;
            }
        }
        c.aud.resize(audiences);
        for (auto [member, slot] : {std::pair{found[3], &c.exp}, std::pair{found[4], &c.nbf},
                                    std::pair{found[5], &c.iat}}) {
            auto d = read_date(member);
            if (!d) return d.error();
            *slot = *d;
        }
        // Erased in this order, as always (erase moves the last member into the hole: the order of the custom
        // claims depends on it); absent names need no lookup.
        for (std::size_t i = 0; i < std::size(names); ++i)
            if (found[i] != nullptr) o.erase(names[i]);
        c.custom = std::move(o);
        return {};
    }
};

/// RFC 7519 §7.1: builds a Claims Set and mints it as a JWS-signed JWT.
class jwt_builder {
public:
    jwt_builder& issuer(std::string v) { claims_.iss = std::move(v); return *this; }           ///< §4.1.1
    jwt_builder& subject(std::string v) { claims_.sub = std::move(v); return *this; }          ///< §4.1.2
    jwt_builder& audience(std::string v) {                                                      ///< §4.1.3
        claims_.aud.push_back(std::move(v));
        return *this;
    }
    jwt_builder& audiences(std::vector<std::string> v) {                                        ///< §4.1.3
        claims_.aud = std::move(v);
        claims_.aud_is_array = true;
        return *this;
    }
    jwt_builder& expires_at(std::chrono::system_clock::time_point t) {                          ///< §4.1.4
        claims_.exp = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& not_before(std::chrono::system_clock::time_point t) {                          ///< §4.1.5
        claims_.nbf = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& issued_at(std::chrono::system_clock::time_point t) {                           ///< §4.1.6
        claims_.iat = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& id(std::string v) { claims_.jti = std::move(v); return *this; }               ///< §4.1.7
    /// §4.2–4.3: a public or private claim. Registered names must use the setters above (checked at sign).
    jwt_builder& claim(std::string_view name, boost::json::value v) {
        claims_.custom[name] = std::move(v);
        return *this;
    }

    /// The Claims Set built so far.
    [[nodiscard]] jwt_claims const& claims() const noexcept { return claims_; }

    /// RFC 7519 §7.1: sign the claims with `signer`; the header gets "typ" = `typ` (RFC 7519 §5.1; e.g.
    /// "at+jwt" for RFC 9068 access tokens), or none when `typ` is empty.
    [[nodiscard]] result<std::string> sign(jws_signer const& signer, std::string_view typ = "JWT") const;

private:
    jwt_claims claims_;
};

/// RFC 7519 §7.1: mint `claims` as a JWT signed by `signer`, with header "typ" = `typ` (omitted if empty).
[[nodiscard]] inline result<std::string> mint_jwt(jwt_claims const& claims, jws_signer const& signer,
                                                  std::string_view typ = "JWT") {
    auto payload = claims.serialize();
    if (!payload) return payload.error();
    boost::json::object header;
    if (!typ.empty()) header["typ"] = typ;
    return signer.sign(*payload, header);
}

inline result<std::string> jwt_builder::sign(jws_signer const& signer, std::string_view typ) const {
    return mint_jwt(claims_, signer, typ);
}

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
[[nodiscard]] inline bool same_media_type(std::string_view a, std::string_view b) noexcept {
    auto strip = [](std::string_view s) {
        constexpr std::string_view prefix = "application/";
        if (s.size() > prefix.size()) {
            bool same = true;
            for (std::size_t i = 0; i < prefix.size(); ++i) {
                char c = s[i];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                same = same && c == prefix[i];
            }
            if (same && s.substr(prefix.size()).find('/') == std::string_view::npos) return s.substr(prefix.size());
        }
        return s;
    };
    a = strip(a);
    b = strip(b);
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

/// RFC 7519 §4.1 and §7.2 step 10 (and RFC 8725 §3.8–3.9): check the claims against `v` at `now`. In order:
/// exp (error::missing_claim / error::token_expired), nbf and iat (error::token_not_yet_valid), max_age
/// (error::token_expired), iss (error::missing_claim / error::wrong_issuer), aud (error::missing_claim /
/// error::wrong_audience; only presence when audience_matched_by_caller), required claims (error::missing_claim).
[[nodiscard]] inline result<void> validate_jwt_claims(jwt_claims const& c, jwt_validation const& v,
                                                      std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    if (v.leeway < seconds{0} || v.leeway > hours{24}) return error::invalid_argument;
    auto const t = floor<seconds>(now);
    if (c.exp) {
        if (t >= *c.exp + v.leeway) return error::token_expired;  // §4.1.4: now must be before exp
    } else if (v.require_exp) {
        return error::missing_claim;
    }
    if (c.nbf && t + v.leeway < *c.nbf) return error::token_not_yet_valid;  // §4.1.5
    if (c.iat) {
        if (*c.iat > t + v.leeway) return error::token_not_yet_valid;  // issued in the future
        if (v.max_age && t - *c.iat > *v.max_age + v.leeway) return error::token_expired;
    } else if (v.require_iat || v.max_age) {
        return error::missing_claim;
    }
    if (v.issuer) {
        if (!c.iss) return error::missing_claim;
        if (*c.iss != *v.issuer) return error::wrong_issuer;  // §4.1.1: case-sensitive StringOrURI
    }
    if ((v.audience_matched_by_caller || !v.audiences.empty()) && c.aud.empty()) return error::missing_claim;
    if (!v.audience_matched_by_caller && (!c.aud.empty() || c.aud_is_array)) {
        bool named = false;
        for (auto const& a : v.audiences) named = named || c.has_audience(a);
        if (!named) return error::wrong_audience;  // §4.1.3
    }
    for (auto const& name : v.required_claims)
        if (!c.contains(name)) return error::missing_claim;
    return {};
}

/// A JWT whose signature and claims were both accepted.
struct verified_jwt {
    jws_header header;
    jwt_claims claims;
};

namespace detail {

// RFC 7519 §7.2 (see verify_jwt): the header, claims and decoded payload go into the caller's objects, the JSON
// allocated with `sp`. The payload is wiped (its capacity kept) on every way out.
[[nodiscard]] inline result<void> verify_jwt_into(std::string_view token, jws_verifier const& verifier,
                                                  jwt_validation const& v, std::chrono::system_clock::time_point now,
                                                  jws_header& header, jwt_claims& claims, std::string& payload,
                                                  boost::json::storage_ptr const& sp) {
    struct wipe_on_exit {
        std::string& s;
        explicit wipe_on_exit(std::string& str) noexcept : s(str) {}
        wipe_on_exit(wipe_on_exit const&) = delete;
        wipe_on_exit& operator=(wipe_on_exit const&) = delete;
        ~wipe_on_exit() {
            OPENSSL_cleanse(s.data(), s.size());  // it may carry secrets (e.g. an API key claim)
            s.clear();
        }
    } const guard(payload);
    try {
        if (auto r = jws_verifier_access::verify_into(verifier, token, header, payload, sp); !r) return r.error();
        if (v.type) {
            if (!header.typ || !same_media_type(*header.typ, *v.type)) return error::wrong_token_type;
        }
        if (auto r = jwt_claims::parse(payload, claims,
                                       json_limits{verifier.options().max_token_size, limits::max_json_depth}, sp);
            !r)
            return r.error();
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
    return validate_jwt_claims(claims, v, now);
}

// Replaces `o` by an empty object on `sp` (assignment would keep o's own memory resource).
inline void rebind(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept {
    std::destroy_at(&o);
    std::construct_at(&o, sp);
}

struct jwt_scratch_access;

} // namespace detail

/// RFC 7519 §7.2: verify the JWS with `verifier` (see jws_verifier::verify for its errors), then check
/// "typ" (error::wrong_token_type) and the claims (see validate_jwt_claims) at `now`. The payload is parsed
/// once, within the verifier's size limit.
[[nodiscard]] inline result<verified_jwt> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                                     jwt_validation const& v,
                                                     std::chrono::system_clock::time_point now) {
    try {
        verified_jwt out;
        std::string payload;
        if (auto r = detail::verify_jwt_into(token, verifier, v, now, out.header, out.claims, payload, {}); !r)
            return r.error();
        return out;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

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
    [[nodiscard]] verified_jwt const& verified() const noexcept { return value_; }

private:
    friend struct detail::jwt_scratch_access;

    void rebuild() noexcept {
        detail::rebind(value_.header.members, arena_.storage());
        detail::rebind(value_.claims.custom, arena_.storage());
    }
    // Before each use: empty the JSON values and reuse the arena (or take a fresh one, see arena_storage).
    void prepare() {
        value_.header.members = boost::json::object(arena_.storage());
        value_.claims.custom = boost::json::object(arena_.storage());
        if (arena_.prepare()) rebuild();
    }

    authwire::detail::arena_storage arena_;
    std::string payload_;
    verified_jwt value_;
};

namespace detail {
struct jwt_scratch_access {
    static void prepare(jwt_scratch& s) { s.prepare(); }
    [[nodiscard]] static verified_jwt& value(jwt_scratch& s) noexcept { return s.value_; }
    [[nodiscard]] static std::string& payload(jwt_scratch& s) noexcept { return s.payload_; }
    [[nodiscard]] static boost::json::storage_ptr const& storage(jwt_scratch const& s) noexcept {
        return s.arena_.storage();
    }
};
} // namespace detail

/// RFC 7519 §7.2: verify_jwt (same checks, same errors) into `scratch`, whose memory is reused: on success the
/// header and claims are in scratch.verified() until the next call with `scratch`.
[[nodiscard]] inline result<void> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                             jwt_validation const& v, std::chrono::system_clock::time_point now,
                                             jwt_scratch& scratch) {
    using access = detail::jwt_scratch_access;
    try {
        access::prepare(scratch);
    } catch (std::exception const&) {
        return error::input_too_large;
    }
    auto& out = access::value(scratch);
    return detail::verify_jwt_into(token, verifier, v, now, out.header, out.claims, access::payload(scratch),
                                   access::storage(scratch));
}

} // namespace authwire::jose
