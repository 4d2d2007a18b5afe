// Property: a JWK is accepted only when it is a key (RFC 7517, RFC 7518 §6, RFC 8037 §2), and what is accepted
// is the key the JSON says. The input is a JWK's JSON text. For every key jwk::parse accepts, checked without
// authwire: a JSON object without duplicate members whose required members are strict base64url; EC points on
// their curve (OpenSSL EC_POINT arithmetic: the invalid-curve attack needs an off-curve point to pass) with
// coordinates of the curve's size; RSA moduli of 2048 bits or more, minimally encoded; the RFC 7638 thumbprint
// recomputed from the input's members. And:
//  - serialize (with private members) → parse → serialize is a fixed point with the same thumbprint, kid, use,
//    alg, key_ops, with the same answer every time, for an RSA modulus that is no real one too (docs/SECURITY.md,
//    Findings: OpenSSL's randomized RSA check once made that a coin toss); the public key alone (to_public)
//    carries no private member and has the same thumbprint;
//  - a private EC, Ed25519 or RSA-with-CRT key signs (ES256/384/512, EdDSA, RS256) what its public part verifies —
//    so a private part that does not belong to the public one is never accepted;
//  - binding to an algorithm (check_key_for) succeeds only for the right key type, curve and HMAC length, and
//    never against the key's own "alg" or "use".
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/key_binding.hpp>

#include "jose_support.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using namespace authwire;

bool is_string_member(boost::json::object const& o, char const* name) {
    auto const* v = o.if_contains(name);
    return v != nullptr && v->is_string();
}

std::string decoded(boost::json::object const& o, char const* name) {
    auto d = fuzz::strict_base64url_decode(o.at(name).get_string());
    FUZZ_CHECK(d.has_value());
    return *d;
}

// What the input must have been, given that it was accepted.
void check_shape(boost::json::object const& o, jose::jwk const& k) {
    FUZZ_CHECK(is_string_member(o, "kty"));
    auto const kty = std::string_view(o.at("kty").get_string());
    FUZZ_CHECK(kty == jose::to_string(k.kty()));
    switch (k.kty()) {
    case jose::key_type::oct: FUZZ_CHECK(is_string_member(o, "k") && !decoded(o, "k").empty()); break;
    case jose::key_type::RSA: {
        FUZZ_CHECK(is_string_member(o, "n") && is_string_member(o, "e"));
        auto const n = decoded(o, "n");
        auto const e = decoded(o, "e");
        FUZZ_CHECK(n.size() >= 256 && n.front() != '\0');  // RFC 7518 §6.3.1.1: no leading zero octet
        FUZZ_CHECK(!e.empty() && (e.size() == 1 || e.front() != '\0'));
        break;
    }
    case jose::key_type::EC: {
        FUZZ_CHECK(is_string_member(o, "crv") && is_string_member(o, "x") && is_string_member(o, "y"));
        auto const crv = std::string_view(o.at("crv").get_string());
        std::size_t const size = crv == "P-256" ? 32 : crv == "P-384" ? 48 : 66;
        auto const x = decoded(o, "x");
        auto const y = decoded(o, "y");
        FUZZ_CHECK(x.size() == size && y.size() == size);  // RFC 7518 §6.2.1.2: full length
        FUZZ_CHECK(fuzz::jose::on_curve(crv, x, y));
        break;
    }
    case jose::key_type::OKP:
        FUZZ_CHECK(is_string_member(o, "crv") && is_string_member(o, "x"));
        FUZZ_CHECK(o.at("crv") == "Ed25519" || o.at("crv") == "X25519");
        FUZZ_CHECK(decoded(o, "x").size() == 32);
        break;
    }
    FUZZ_CHECK(k.has_private() == (k.kty() == jose::key_type::oct || o.contains("d")));
    auto tp = k.thumbprint();
    FUZZ_CHECK(tp.has_value() && fuzz::jose::thumbprint(o) == *tp);
}

void check_round_trip(jose::jwk const& k) {
    auto text = k.serialize(jose::jwk_members::include_private);
    FUZZ_CHECK(text.has_value());
    auto const read = jose::jwk::parse(*text);
    FUZZ_CHECK(read.has_value());
    auto const& again = *read;
    FUZZ_CHECK(again.serialize(jose::jwk_members::include_private) == text);
    FUZZ_CHECK(again.thumbprint() == k.thumbprint() && again.kid() == k.kid() && again.use() == k.use() &&
               again.alg() == k.alg() && again.has_private() == k.has_private());
    if (k.kty() == jose::key_type::oct) return;
    auto pub = k.to_public();
    FUZZ_CHECK(pub.has_value() && !pub->has_private());
    auto pub_json = pub->to_json();
    FUZZ_CHECK(pub_json.has_value());
    for (auto const* name : {"d", "p", "q", "dp", "dq", "qi", "k", "oth"}) FUZZ_CHECK(!pub_json->contains(name));
    FUZZ_CHECK(pub->thumbprint() == k.thumbprint());
}

// Sign with the private key, verify with the public one (metadata stripped, so that "alg"/"use" cannot veto).
void check_private_matches_public(jose::jwk const& k) {
    if (!k.has_private() || k.kty() == jose::key_type::oct) return;
    jose::jws_algorithm alg = jose::jws_algorithm::RS256;
    if (k.kty() == jose::key_type::EC)
        alg = k.crv() == jose::curve::P_256   ? jose::jws_algorithm::ES256
              : k.crv() == jose::curve::P_384 ? jose::jws_algorithm::ES384
                                              : jose::jws_algorithm::ES512;
    else if (k.kty() == jose::key_type::OKP && k.crv() == jose::curve::Ed25519)
        alg = jose::jws_algorithm::EdDSA;
    else if (k.kty() == jose::key_type::OKP)
        return;  // X25519: key agreement only; its pairwise check is OpenSSL's at parse time
    auto json = k.to_json(jose::jwk_members::include_private);
    FUZZ_CHECK(json.has_value());
    if (k.kty() == jose::key_type::RSA && !json->contains("p")) return;  // no CRT parameters: d is used as given
    for (auto const* name : {"alg", "use", "key_ops"}) json->erase(name);
    auto const bare = jose::jwk::from_json(*json);
    FUZZ_CHECK(bare.has_value());
    auto binding = jose::jws_key::make(*bare, alg);
    FUZZ_CHECK(binding.has_value());
    auto signer = jose::jws_signer::make(*binding);
    FUZZ_CHECK(signer.has_value());
    auto token = signer->sign("fuzz");
    FUZZ_CHECK(token.has_value());
    jose::jws_key_set set;
    FUZZ_CHECK(set.add(jose::jws_key::make(bare->to_public().value(), alg).value()).has_value());
    auto verifier = jose::jws_verifier::make(std::move(set), {alg});
    FUZZ_CHECK(verifier.has_value() && verifier->verify(*token).has_value());
}

void check_bindings(jose::jwk const& k) {
    for (auto alg : jose::all_jws_algorithms) {
        if (!jose::check_key_for(alg, k)) continue;
        FUZZ_CHECK(!k.alg() || *k.alg() == jose::to_string(alg));
        FUZZ_CHECK(!k.use() || *k.use() == "sig");
        switch (jose::family_of(alg)) {
        case jose::jws_family::hmac:
            FUZZ_CHECK(k.kty() == jose::key_type::oct && k.symmetric_key()->size() >= jose::hash_size_of(alg));
            break;
        case jose::jws_family::rsa_pkcs1:
        case jose::jws_family::rsa_pss: FUZZ_CHECK(k.kty() == jose::key_type::RSA && k.bits() >= 2048); break;
        case jose::jws_family::ecdsa: FUZZ_CHECK(k.kty() == jose::key_type::EC); break;
        case jose::jws_family::eddsa: FUZZ_CHECK(k.crv() == jose::curve::Ed25519); break;
        }
    }
    for (auto const& n : jose::detail::jwe_algorithm_names) {
        if (!jose::check_key_for(n.value, k)) continue;
        FUZZ_CHECK(!k.alg() || *k.alg() == n.name);
        FUZZ_CHECK(!k.use() || *k.use() == "enc");
        if (n.name.starts_with("ECDH"))
            FUZZ_CHECK(k.kty() == jose::key_type::EC || k.crv() == jose::curve::X25519);
        else if (n.name.starts_with("RSA"))
            FUZZ_CHECK(k.kty() == jose::key_type::RSA);
        else
            FUZZ_CHECK(k.kty() == jose::key_type::oct);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const in = fuzz::text_of(data, size);
    auto k = jose::jwk::parse(in);
    fuzz::trace("jwk::parse: %s", k ? "accepted" : k.error().message().c_str());
    if (!k) return 0;
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(in));
    auto o = authwire::parse_json_object(in);
    FUZZ_CHECK(o.has_value());
    check_shape(*o, *k);
    check_round_trip(*k);
    check_private_matches_public(*k);
    check_bindings(*k);
    return 0;
}
