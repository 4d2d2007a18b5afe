#pragma once
// authwire — the definitions of <authwire/jose/jws.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/jws.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> read_scanned_header(deferred_object& d, std::uint32_t allowed_mask, jws_header& header_out) {
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

AUTHWIRE_DECL result<jws_parts> parse_jws_into(std::string_view token, jws_options const& opt,
                                               std::uint32_t allowed_mask, jws_header& header_out,
                                               boost::json::storage_ptr sp, deferred_object* deferred_members) {
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

AUTHWIRE_DECL result<void> decode_into_string(std::string_view b64, std::string& out) {
    if (b64.size() % 4 == 1) return error::malformed_base64;
    out.resize(base64url_decoded_size(b64.size()));
    auto n = base64url_decode_into(b64, {reinterpret_cast<unsigned char*>(out.data()), out.size()});
    if (!n) {
        out.clear();
        return n.error();
    }
    return {};
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<jws_verifier> jws_verifier::make(jws_key_set keys, std::span<jws_algorithm const> allowed,
                                                      jws_options options) {
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

AUTHWIRE_DECL result<jws_verifier> jws_verifier::make(jws_key_set keys, std::initializer_list<jws_algorithm> allowed,
                                                      jws_options options) {
    return make(std::move(keys), std::span<jws_algorithm const>(allowed.begin(), allowed.size()), std::move(options));
}

AUTHWIRE_DECL result<jws_verifier> jws_verifier::make(jws_key_ring const& ring, jws_options options) {
    std::vector<jws_algorithm> algs;
    for (auto const& b : ring.keys()) algs.push_back(b.algorithm());
    return make(ring.keys(), algs, std::move(options));
}

AUTHWIRE_DECL result<verified_jws> jws_verifier::verify(std::string_view token) const {
    try {
        return verify_impl(token);
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<verified_jws> jws_verifier::verify_impl(std::string_view token) const {
    verified_jws out;
    if (auto r = verify_into(token, out.header, out.payload, {}); !r) return r.error();
    return out;
}

AUTHWIRE_DECL result<void> jws_verifier::verify_into(std::string_view token, jws_header& header, std::string& payload,
                                                     boost::json::storage_ptr sp,
                                                     detail::deferred_object* deferred_members) const {
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
    if (auto r = detail::verify_signature(*prepared_[*index], detail::as_bytes(parsed->signing_input), sig.first(*n));
        !r)
        return r.error();
    return detail::decode_into_string(parsed->payload_b64, payload);
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> jws_verifier_access::verify_into(jws_verifier const& v, std::string_view token,
                                                            jws_header& header, std::string& payload,
                                                            boost::json::storage_ptr sp,
                                                            deferred_object* deferred_members) {
    return v.verify_into(token, header, payload, std::move(sp), deferred_members);
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<jws_signer> jws_signer::make(jws_key key) {
    if (!key.key().has_private()) return error::key_unusable;
    auto p = detail::prepare_jws_key(key);
    if (!p) return p.error();
    return jws_signer(std::move(key), std::move(*p));
}

AUTHWIRE_DECL result<std::string> jws_signer::sign(std::string_view payload, boost::json::object const& header) const {
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
        if (auto r = detail::sign_into(
                *prepared_, std::span(reinterpret_cast<unsigned char const*>(out.data()), signing_input_size), out);
            !r)
            return r.error();
        return out;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

}  // namespace authwire::jose
