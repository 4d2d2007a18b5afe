// Property: a JWK Set (RFC 7517 §5) is read entry by entry, losing nothing silently: every entry of "keys" is
// either kept, or skipped because its "kty" or "crv" is not one authwire implements or it is a multi-prime RSA
// key ("oth"), counted (§5); any other bad entry fails the whole set. The input is the set's JSON text, or
// (starting with "HTTP/") a whole jwks_uri response in support.hpp's text form, read with
// oauth::parse_jwk_set_response. For every set accepted, checked without authwire: a JSON object without duplicate
// members whose "keys" is an array of objects; kept + skipped = entries, and the kept keys' RFC 7638 thumbprints
// (recomputed from the input) are those of the entries in order; a skipped entry names an unknown kty or curve,
// or has "oth"; find(kid) is the first key with that kid; serialize (with private members) → parse gives the same
// keys with nothing skipped. A response is read only when it is a 200 with a JSON media type; otherwise the
// failure carries the peer's error when it sent one.
#include <authwire/jose/jwk_set.hpp>
#include <authwire/oauth/jwks.hpp>

#include "jose_support.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace authwire;

bool implemented(boost::json::object const& entry) {
    auto const* kty = entry.if_contains("kty");
    if (kty == nullptr || !kty->is_string()) return true;  // not a question of support: a malformed entry
    if (*kty == "oct") return true;
    if (*kty == "RSA") return !entry.contains("oth");  // multi-prime RSA (RFC 7518 §6.3.2.7) is not implemented
    auto const* crv = entry.if_contains("crv");
    if (crv == nullptr || !crv->is_string()) return *kty == "EC" || *kty == "OKP";
    if (*kty == "EC") return *crv == "P-256" || *crv == "P-384" || *crv == "P-521";
    if (*kty == "OKP") return *crv == "Ed25519" || *crv == "X25519";
    return false;
}

void check_set(std::string_view json, jose::jwk_set const& set) {
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(json));
    auto o = authwire::parse_json_object(json);
    FUZZ_CHECK(o.has_value());
    auto const* keys = o->if_contains("keys");
    FUZZ_CHECK(keys != nullptr && keys->is_array());
    auto const& entries = keys->get_array();
    FUZZ_CHECK(set.size() + set.skipped() == entries.size());
    std::size_t kept = 0;
    for (auto const& e : entries) {
        FUZZ_CHECK(e.is_object());
        auto const& entry = e.get_object();
        if (kept < set.size() && fuzz::jose::thumbprint(entry) == set.keys()[kept].thumbprint().value()) {
            ++kept;
            continue;
        }
        FUZZ_CHECK(!implemented(entry));  // a skipped entry is one authwire does not implement
    }
    FUZZ_CHECK(kept == set.size());
    for (auto const& k : set) {
        if (!k.kid()) continue;
        auto const* found = set.find(*k.kid());
        FUZZ_CHECK(found != nullptr);
        for (auto const& first : set)
            if (first.kid() == k.kid()) {
                FUZZ_CHECK(found == &first);
                break;
            }
    }
    auto text = set.serialize(jose::jwk_members::include_private);
    FUZZ_CHECK(text.has_value());
    auto again = jose::jwk_set::parse(*text);
    FUZZ_CHECK(again.has_value() && again->size() == set.size() && again->skipped() == 0);
    for (std::size_t i = 0; i < set.size(); ++i)
        FUZZ_CHECK(again->keys()[i].thumbprint() == set.keys()[i].thumbprint() &&
                   again->keys()[i].kid() == set.keys()[i].kid());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const in = fuzz::text_of(data, size);
    if (in.starts_with("HTTP/")) {
        auto const resp = fuzz::parse_response(in);
        auto r = oauth::parse_jwk_set_response(resp);
        fuzz::trace("parse_jwk_set_response: %s", r ? "accepted" : r.error().code.message().c_str());
        if (r) {
            FUZZ_CHECK(resp.status == 200 && resp.is_json());
            check_set(resp.body, *r);
        } else if (r.error().response) {
            FUZZ_CHECK(resp.status != 200 && !r.error().response->error.empty());
        }
        return 0;
    }
    auto set = jose::jwk_set::parse(in);
    fuzz::trace("jwk_set::parse: %s", set ? "accepted" : set.error().message().c_str());
    if (set) check_set(in, *set);
    return 0;
}
