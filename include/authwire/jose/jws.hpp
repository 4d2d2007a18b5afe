#pragma once
// authwire — JSON Web Signature, compact serialization (RFC 7515 §3.1, §5, §7.1): sign and verify with bound keys.

#include <authwire/core/base64.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/detail/header.hpp>
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/detail/jws_crypto.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_ring.hpp>
#include <authwire/jose/key_set.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// RFC 7515 §4: the JOSE Header of a verified JWS, parsed once.
struct jws_header {
    jws_algorithm alg = jws_algorithm::HS256;  ///< §4.1.1 "alg" (one of the verifier's allowed algorithms)
    std::optional<std::string> kid;            ///< §4.1.4 "kid"
    std::optional<std::string> typ;            ///< §4.1.9 "typ", verbatim
    std::optional<std::string> cty;            ///< §4.1.10 "cty", verbatim
    boost::json::object members;               ///< every member as sent (extensions, "crit" …)
};

/// RFC 7515 §5.2: a JWS whose signature verified with one of the configured keys.
struct verified_jws {
    jws_header header;
    std::string payload;  ///< the decoded JWS Payload
};

/// What a verifier accepts besides its keys.
struct jws_options {
    /// The largest compact token accepted; checked before anything is decoded.
    std::size_t max_token_size = limits::max_compact_token_size;
    /// Nesting allowed in the JOSE header (never more than limits::max_json_depth_cap, whatever is set here).
    std::size_t max_header_depth = 8;
    /// RFC 7515 §4.1.11: extension header names the application processes after verification; a token
    /// whose "crit" lists anything else is rejected with error::unsupported_critical.
    std::vector<std::string> critical_extensions;
};

namespace detail {

// Where the parts of a JWS are, as views of the token.
struct jws_parts {
    std::string_view signing_input;  // ASCII(BASE64URL(header) '.' BASE64URL(payload))
    std::string_view payload_b64;
    std::string_view signature_b64;
};

// RFC 7515 §4.1.1, RFC 8725 §3.1: the "alg" member (of a parsed or a scanned header) names an algorithm in
// `allowed_mask`; "none", in any case, is error::algorithm_not_allowed.
template <class Member>
[[nodiscard]] result<jws_algorithm> allowed_algorithm(Member const* alg, std::uint32_t allowed_mask) noexcept {
    auto name = required_string_member(alg);
    if (!name) return name.error();
    auto a = parse_jws_algorithm(*name);
    if (!a) return a.error();
    if ((allowed_mask & (1u << static_cast<unsigned>(*a))) == 0) return error::algorithm_not_allowed;
    return *a;
}

// RFC 7515 §4.1.4, §4.1.9, §4.1.10: "kid", "typ" and "cty" (each absent or a string) into `out`, keeping the
// strings' capacity (a reused header).
template <class Member>
[[nodiscard]] result<void> read_string_parameters(Member const* kid, Member const* typ, Member const* cty,
                                                  jws_header& out) {
    for (auto [member, slot] : {std::pair{kid, &out.kid}, std::pair{typ, &out.typ}, std::pair{cty, &out.cty}}) {
        auto v = string_member(member);
        if (!v) return v.error();
        assign_member(*slot, *v);
    }
    return {};
}

// The checks of parse_jws_into on a scanned header `d` without "crit" or "b64" (whose checks then pass): "alg",
// then "kid", "typ", "cty", with the same errors in the same order. The members are left unbuilt in `d`.
[[nodiscard]] inline result<void> read_scanned_header(deferred_object& d, std::uint32_t allowed_mask,
                                                      jws_header& header_out) {
    static constexpr std::string_view names[] = {"alg", "kid", "typ", "cty"};
    scan_member const* found[std::size(names)];
    find_members(d.scan, names, found);
    auto alg = allowed_algorithm(found[0], allowed_mask);
    if (!alg) return alg.error();
    header_out.alg = *alg;
    if (auto r = read_string_parameters(found[1], found[2], found[3], header_out); !r) return r.error();
    d.defer_all();
    return {};
}

// RFC 7515 §5.2 steps 1–5 (and RFC 8725 §3.1): split, decode and parse the header into `header` (its JSON
// allocated with `sp`), check "alg" against `allowed`, "crit" and "b64". Nothing here depends on a key. On
// failure `header` holds whatever was read so far. With `deferred_members`, a flat header without "crit" or
// "b64" is scanned and its members are left there, not built (header.members stays as it was).
[[nodiscard]] inline result<jws_parts> parse_jws_into(std::string_view token, jws_options const& opt,
                                                      std::uint32_t allowed_mask, jws_header& header_out,
                                                      boost::json::storage_ptr sp = {},
                                                      deferred_object* deferred_members = nullptr) {
    if (token.size() > opt.max_token_size) return error::input_too_large;  // before any decoding
    auto const seg = find_segments(token);
    if (seg.count == 5) return error::wrong_token_type;  // RFC 7516 §9: a JWE is not a JWS
    if (seg.count != 3) return error::malformed_token;
    jws_parts out;
    auto const header_b64 = token.substr(0, seg.dots[0]);
    out.payload_b64 = token.substr(seg.dots[0] + 1, seg.dots[1] - seg.dots[0] - 1);
    out.signature_b64 = token.substr(seg.dots[1] + 1);
    out.signing_input = token.substr(0, seg.dots[1]);
    if (header_b64.empty() || out.signature_b64.empty()) return error::malformed_token;

    // The header is decoded into a stack buffer when it is small, as nearly all are — or, with
    // `deferred_members` and within the size limit, straight into the deferred text (whose scan views it: no
    // copy of the decoded text).
    std::array<unsigned char, 768> small;
    std::string large;
    std::span<unsigned char> buffer(small);
    auto const decoded_size = base64url_decoded_size(header_b64.size());
    json_limits const header_limits{opt.max_token_size, opt.max_header_depth};
    if (deferred_members != nullptr) deferred_members->clear();
    bool const into_deferred = deferred_members != nullptr && decoded_size <= header_limits.max_size;
    if (into_deferred) {
        auto& text = deferred_members->text;
        text.resize(decoded_size);
        buffer = std::span(reinterpret_cast<unsigned char*>(text.data()), text.size());
    } else if (decoded_size > small.size()) {
        large.resize(decoded_size);
        buffer = std::span(reinterpret_cast<unsigned char*>(large.data()), large.size());
    }
    auto n = base64url_decode_into(header_b64, buffer);
    if (!n) {
        if (deferred_members != nullptr) deferred_members->clear();
        return n.error();
    }
    std::string_view const header_text(reinterpret_cast<char const*>(buffer.data()), *n);
    if (into_deferred) {
        auto& d = *deferred_members;
        if (scan_json_object(d.text, header_limits, d.scan) == scan_status::ok &&
            d.find_in_scan("crit") == d.scan.size && d.find_in_scan("b64") == d.scan.size) {
            if (auto r = read_scanned_header(d, allowed_mask, header_out); !r) return r.error();
            return out;
        }
    }
    // The scanner reads the usual flat header without a parser; anything else goes to parse_json_object (which
    // then decides), its text wiped from the deferred object once parsed.
    auto header = parse_header_object(header_text, header_limits, std::move(sp));
    if (deferred_members != nullptr) deferred_members->clear();
    if (!header) return header.error() == error::wrong_member_type ? error::malformed_token : header.error();

    static constexpr std::string_view names[] = {"alg", "kid", "typ", "cty", "b64", "crit"};
    boost::json::value const* found[std::size(names)];
    find_members(*header, names, found);
    auto alg = allowed_algorithm(found[0], allowed_mask);
    if (!alg) return alg.error();
    header_out.alg = *alg;
    if (auto r = check_critical(*header, found[4], found[5], opt.critical_extensions); !r) return r.error();
    if (auto r = read_string_parameters(found[1], found[2], found[3], header_out); !r) return r.error();
    // "jwk", "jku", "x5u", "x5c" and friends are kept in `members` but never consulted: keys come only from
    // the verifier's key set (RFC 8725 §3.10 spirit: the token does not get to name its own key). Moved, not
    // copied, when `header_out.members` uses the same memory resource as `sp`.
    header_out.members = std::move(*header);
    return out;
}

// Decodes a base64url segment into `out` (resized to fit; its capacity is reused).
[[nodiscard]] inline result<void> decode_into_string(std::string_view b64, std::string& out) {
    if (b64.size() % 4 == 1) return error::malformed_base64;
    out.resize(base64url_decoded_size(b64.size()));
    auto n = base64url_decode_into(b64, {reinterpret_cast<unsigned char*>(out.data()), out.size()});
    if (!n) {
        out.clear();
        return n.error();
    }
    return {};
}

struct jws_verifier_access;

} // namespace detail

/// RFC 7515 §5.2 with RFC 8725 §3.1: verifies compact JWS tokens against a fixed allow-list of algorithms and
/// a set of (key, algorithm) bindings. The token's "alg" must be on the allow-list and then only selects
/// among the keys bound to that algorithm; "kid" selects by exact match (see key_set::find for the rule).
/// Key state (a keyed HMAC context, fetched digests, the EVP_PKEY) is prepared once here; `verify` is const
/// and safe to call from many threads at once.
class jws_verifier {
public:
    /// Build a verifier. An empty allow-list is error::invalid_argument. Keys bound to algorithms not on the
    /// allow-list are kept but can never be selected.
    [[nodiscard]] static result<jws_verifier> make(jws_key_set keys, std::span<jws_algorithm const> allowed,
                                                   jws_options options = {}) {
        if (allowed.empty()) return error::invalid_argument;
        jws_verifier v;
        for (auto a : allowed) v.allowed_ |= 1u << static_cast<unsigned>(a);
        try {
            v.prepared_.reserve(keys.size());
            for (auto const& b : keys) {
                auto p = detail::prepare_jws_key(b);
                if (!p) return p.error();
                v.prepared_.push_back(std::move(*p));
            }
        } catch (std::exception const&) {
            return error::input_too_large;
        }
        v.keys_ = std::move(keys);
        v.options_ = std::move(options);
        return v;
    }

    /// See the span overload.
    [[nodiscard]] static result<jws_verifier> make(jws_key_set keys, std::initializer_list<jws_algorithm> allowed,
                                                   jws_options options = {}) {
        return make(std::move(keys), std::span<jws_algorithm const>(allowed.begin(), allowed.size()),
                    std::move(options));
    }

    /// A verifier over every key a ring accepts, allowing exactly the algorithms those keys are bound to.
    [[nodiscard]] static result<jws_verifier> make(jws_key_ring const& ring, jws_options options = {}) {
        std::vector<jws_algorithm> algs;
        for (auto const& b : ring.keys()) algs.push_back(b.algorithm());
        return make(ring.keys(), algs, std::move(options));
    }

    /// RFC 7515 §5.2: verify a compact JWS. Checks, in order: size (error::input_too_large), shape (a JWE is
    /// error::wrong_token_type; other shapes error::malformed_token), strict base64url, the header JSON
    /// (duplicate members rejected), "alg" ("none" and anything not allowed: error::algorithm_not_allowed;
    /// unknown names: error::unsupported_algorithm), "crit"/"b64" (error::unsupported_critical), the key
    /// (error::unknown_key), then the signature (error::signature_invalid).
    [[nodiscard]] result<verified_jws> verify(std::string_view token) const {
        try {
            return verify_impl(token);
        } catch (std::exception const&) {
            return error::input_too_large;  // allocation failure
        }
    }

    /// The keys this verifier selects from.
    [[nodiscard]] jws_key_set const& keys() const noexcept { return keys_; }
    /// The options it was built with.
    [[nodiscard]] jws_options const& options() const noexcept { return options_; }

private:
    jws_verifier() = default;

    friend struct detail::jws_verifier_access;

    [[nodiscard]] result<verified_jws> verify_impl(std::string_view token) const {
        verified_jws out;
        if (auto r = verify_into(token, out.header, out.payload, {}); !r) return r.error();
        return out;
    }

    // RFC 7515 §5.2: the header into `header` (JSON allocated with `sp`), the decoded payload into `payload`.
    [[nodiscard]] result<void> verify_into(std::string_view token, jws_header& header, std::string& payload,
                                           boost::json::storage_ptr sp,
                                           detail::deferred_object* deferred_members = nullptr) const {
        auto parsed = detail::parse_jws_into(token, options_, allowed_, header, std::move(sp), deferred_members);
        if (!parsed) return parsed.error();
        std::optional<std::string_view> kid;
        if (header.kid) kid = *header.kid;
        auto index = keys_.find(header.alg, kid);
        if (!index) return index.error();

        std::array<unsigned char, 1024> small;  // up to RSA-8192
        std::string large;
        std::span<unsigned char> sig(small);
        auto const sig_size = base64url_decoded_size(parsed->signature_b64.size());
        if (sig_size > small.size()) {
            large.resize(sig_size);
            sig = std::span(reinterpret_cast<unsigned char*>(large.data()), large.size());
        }
        auto n = base64url_decode_into(parsed->signature_b64, sig);
        if (!n) return n.error();
        if (auto r = detail::verify_signature(*prepared_[*index], detail::as_bytes(parsed->signing_input),
                                              sig.first(*n));
            !r)
            return r.error();
        return detail::decode_into_string(parsed->payload_b64, payload);
    }

    jws_key_set keys_;
    std::vector<std::shared_ptr<detail::prepared_jws_key const>> prepared_;
    std::uint32_t allowed_ = 0;
    jws_options options_;
};

namespace detail {
// The allocation-free overloads (verify_jwt with a jwt_scratch, validate_nested with a nested_jwt_scratch) reach
// the verifier's internals through this.
struct jws_verifier_access {
    [[nodiscard]] static result<void> verify_into(jws_verifier const& v, std::string_view token, jws_header& header,
                                                  std::string& payload, boost::json::storage_ptr sp,
                                                  deferred_object* deferred_members = nullptr) {
        return v.verify_into(token, header, payload, std::move(sp), deferred_members);
    }
};
} // namespace detail

/// RFC 7515 §5.1: produces compact JWS tokens with one bound key (e.g. a key ring's current key).
/// The key state is prepared once; `sign` is const and safe to call from many threads at once.
class jws_signer {
public:
    /// A signer for `key`. An asymmetric key without its private part is error::key_unusable.
    [[nodiscard]] static result<jws_signer> make(jws_key key) {
        if (!key.key().has_private()) return error::key_unusable;
        auto p = detail::prepare_jws_key(key);
        if (!p) return p.error();
        return jws_signer(std::move(key), std::move(*p));
    }

    /// RFC 7515 §5.1, §7.1: sign `payload`. The protected header is {"alg", "kid" (when the key has one),
    /// then the members of `header`}. `header` may not set "alg" or "kid" (they come from the key) nor
    /// "b64" (RFC 7797 is not supported): error::invalid_argument.
    [[nodiscard]] result<std::string> sign(std::string_view payload, boost::json::object const& header = {}) const {
        if (header.contains("alg") || header.contains("kid") || header.contains("b64")) return error::invalid_argument;
        try {
            // The header JSON is built on the stack (it is small) and serialized once.
            unsigned char buffer[512];
            boost::json::monotonic_resource arena(buffer, sizeof buffer);
            boost::json::object h{boost::json::storage_ptr(&arena)};
            h.reserve(header.size() + 2);
            h["alg"] = to_string(key_.algorithm());
            if (auto kid = key_.kid()) h["kid"] = *kid;
            for (auto const& m : header) h[m.key()] = m.value();
            auto const header_json = boost::json::serialize(h);
            std::string out;
            out.reserve(base64url_encoded_size(header_json.size()) + base64url_encoded_size(payload.size()) +
                        base64url_encoded_size(prepared_->signature_size) + 2);
            base64url_encode_into(out, detail::as_bytes(header_json));
            out.push_back('.');
            base64url_encode_into(out, detail::as_bytes(payload));
            auto const signing_input_size = out.size();
            out.push_back('.');
            if (auto r = detail::sign_into(*prepared_,
                                           std::span(reinterpret_cast<unsigned char const*>(out.data()),
                                                     signing_input_size),
                                           out);
                !r)
                return r.error();
            return out;
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// The key this signer uses.
    [[nodiscard]] jws_key const& key() const noexcept { return key_; }

private:
    jws_signer(jws_key key, std::shared_ptr<detail::prepared_jws_key const> p) noexcept
        : key_(std::move(key)), prepared_(std::move(p)) {}

    jws_key key_;
    std::shared_ptr<detail::prepared_jws_key const> prepared_;
};

} // namespace authwire::jose
