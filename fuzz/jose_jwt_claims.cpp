// Property: JWT claims parsing and validation agree with RFC 7519 as written again independently
// (jose_support.hpp). The input is a Claims Set's JSON text.
//  - jwt_claims::parse accepts exactly the JSON objects without duplicate members whose registered claims have
//    their types (iss, sub, jti strings; aud a string or an array of strings; exp, nbf, iat NumericDates in
//    0 … 9999-12-31) — both directions, for inputs well inside the size and depth limits;
//  - what it accepts serializes (to_json, serialize) and parses back to the same claims: registered ones
//    exactly, dates truncated to seconds, custom ones up to Boost.JSON's double rounding and member order;
//  - validate_jwt_claims accepts exactly when the independent rules do, under three policies: an audience
//    with 30 s leeway; issuer + iat + max_age 300 s + required claims with the audience left to the caller and
//    no leeway; an empty audience list (every token with "aud" fails) with a day of leeway and no exp required.
//  - the JOSE header / claims scanner (jose/detail/json_scan.hpp) against Boost.JSON (parse_json), under the
//    default limits and under tight ones: its "ok" is parse_json's acceptance with the same members in the same
//    order, its "invalid" parse_json's rejection; and jwt_claims::parse (scanner first) agrees with the general
//    path (parse_json_object + from_json) on acceptance, on the error and on the claims.
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/jwt.hpp>

#include "jose_support.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

using namespace authwire;

inline constexpr std::int64_t now_s = 1767222000;  // 2026-01-01T00:00:00Z

struct policy {
    jose::jwt_validation authwire;
    fuzz::jose::claim_rules independent;
};

std::vector<policy> const& policies() {
    static std::vector<policy> const p = [] {
        std::vector<policy> out(3);
        out[0].authwire.audiences = {"https://mcp.example.com/mcp"};
        out[0].independent.audiences = {"https://mcp.example.com/mcp"};

        out[1].authwire.issuer = "https://as.example";
        out[1].authwire.audience_matched_by_caller = true;
        out[1].authwire.leeway = std::chrono::seconds(0);
        out[1].authwire.require_iat = true;
        out[1].authwire.max_age = std::chrono::seconds(300);
        out[1].authwire.required_claims = {"jti", "client_id"};
        out[1].independent.issuer = "https://as.example";
        out[1].independent.audience_by_caller = true;
        out[1].independent.leeway = 0;
        out[1].independent.require_iat = true;
        out[1].independent.max_age = 300;
        out[1].independent.required = {"jti", "client_id"};

        out[2].authwire.leeway = std::chrono::hours(24);
        out[2].authwire.require_exp = false;
        out[2].independent.leeway = 86400;
        out[2].independent.require_exp = false;
        for (auto& x : out) x.independent.now = now_s;
        return out;
    }();
    return p;
}

// Registered claims with their RFC 7519 §4.1 types.
bool registered_types_ok(boost::json::object const& o) {
    for (auto const* name : {"iss", "sub", "jti"})
        if (auto const* v = o.if_contains(name); v && !v->is_string()) return false;
    if (auto const* a = o.if_contains("aud")) {
        if (a->is_array()) {
            for (auto const& e : a->get_array())
                if (!e.is_string()) return false;
        } else if (!a->is_string()) {
            return false;
        }
    }
    for (auto const* name : {"exp", "nbf", "iat"})
        if (auto const* v = o.if_contains(name); v && !fuzz::jose::numeric_date(*v)) return false;
    return true;
}

// Same members in the same order, the same values of the same kinds.
bool same_in_order(boost::json::object const& a, boost::json::object const& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto const& x = *(a.begin() + static_cast<std::ptrdiff_t>(i));
        auto const& y = *(b.begin() + static_cast<std::ptrdiff_t>(i));
        if (x.key() != y.key() || x.value() != y.value() || x.value().kind() != y.value().kind()) return false;
    }
    return true;
}

// The scanner against parse_json, and jwt_claims::parse against the general path, under `lim`.
void check_scanner(std::string_view in, json_limits const& lim) {
    jose::detail::scanned_object scanned;
    auto const status = jose::detail::scan_json_object(in, lim, scanned);
    auto const general = parse_json_object(in, lim);
    if (status == jose::detail::scan_status::ok) {
        FUZZ_CHECK(general.has_value());
        FUZZ_CHECK(same_in_order(jose::detail::scan_to_object(scanned, {}), *general));
    } else if (status == jose::detail::scan_status::invalid) {
        FUZZ_CHECK(!general.has_value());
    }
    jose::jwt_claims fast;
    auto const r = jose::jwt_claims::parse(in, fast, lim, {});
    if (!general) {
        FUZZ_CHECK(!r && r.error() == (general.error() == error::wrong_member_type ? error::malformed_token
                                                                                   : general.error()));
        return;
    }
    auto slow = jose::jwt_claims::from_json(*general);
    FUZZ_CHECK(r.has_value() == slow.has_value());
    if (!r) {
        FUZZ_CHECK(r.error() == slow.error());
        return;
    }
    FUZZ_CHECK(fast.iss == slow->iss && fast.sub == slow->sub && fast.aud == slow->aud &&
               fast.aud_is_array == slow->aud_is_array && fast.exp == slow->exp && fast.nbf == slow->nbf &&
               fast.iat == slow->iat && fast.jti == slow->jti && same_in_order(fast.custom, slow->custom));
}

bool same_claims(jose::jwt_claims const& a, jose::jwt_claims const& b) {
    return a.iss == b.iss && a.sub == b.sub && a.aud == b.aud && a.aud_is_array == b.aud_is_array && a.exp == b.exp &&
           a.nbf == b.nbf && a.iat == b.iat && a.jti == b.jti && fuzz::same_up_to_two_ulps(a.custom, b.custom, false);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const in = fuzz::text_of(data, size);
    check_scanner(in, {});
    check_scanner(in, json_limits{size / 2 + 1, 2});
    auto claims = jose::jwt_claims::parse(in);
    fuzz::trace("parse: %s", claims ? "accepted" : claims.error().message().c_str());

    // Strict JSON is core_json's subject; here, given an object authwire's JSON layer takes, are the claims read
    // right? (The duplicate check is the independent one.)
    auto value = authwire::parse_json(in);
    bool const object = value && value->is_object() && !fuzz::json_has_duplicate_member(in);
    std::size_t open = 0;
    for (char const c : in) open += c == '[' || c == '{';
    if (claims) {
        FUZZ_CHECK(object && registered_types_ok(value->get_object()));
    } else if (object && in.size() < 64 * 1024 && open < 30) {
        FUZZ_CHECK(!registered_types_ok(value->get_object()));
    }
    if (!claims) return 0;

    auto text = claims->serialize();
    FUZZ_CHECK(text.has_value());
    auto again = jose::jwt_claims::parse(*text);
    FUZZ_CHECK(again.has_value() && same_claims(*claims, *again));

    auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(now_s));
    for (auto const& p : policies()) {
        bool const accepted = jose::validate_jwt_claims(*claims, p.authwire, now).has_value();
        FUZZ_CHECK(accepted == fuzz::jose::claims_acceptable(value->get_object(), p.independent));
    }
    return 0;
}
