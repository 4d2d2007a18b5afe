// Property: a JWS verifier never accepts a token that was not signed with one of its keys for that key's one
// algorithm. The input is a compact JWS, verified against the published keys of RFC 7520 (RSA for RS256 and
// PS384, P-521 for ES512, the HMAC key for HS256) and RFC 8037 (Ed25519), every algorithm allowed, with one
// understood critical extension ("exp-crit"). Every token it accepts is then checked again without authwire:
//  - exactly three segments, each strict base64url; the header a JSON object without duplicate members;
//  - "alg" names one of the bound algorithms (never "none"), and the key is found by the independent kid rule
//    (the binding with that alg and exactly that kid, or the only binding for the alg when there is no kid) —
//    so an RSA key can never be used as an HMAC secret, and "jwk"/"jku"/"x5u"/"x5c" never pick a key;
//  - "crit" lists only understood names that are present, "b64" is absent or true;
//  - the signature verifies with OpenSSL's one-shot API (HMAC; RSASSA-PKCS1-v1_5; RSASSA-PSS; ECDSA with R‖S
//    rewritten as DER — r = s = 0 never verifies; Ed25519);
//  - the payload returned is the decoded payload segment.
// A verifier that allows only RS256 accepts nothing else; a five-segment token is wrong_token_type.
//
// An input that starts with '{' is instead a header and a payload: the first line is the JOSE header's JSON text,
// taken byte for byte, the rest the payload; the target signs them with the RFC 7520 HMAC key (HS256) and
// verifies that. So the fuzzer reaches every header check (crit, b64, kid, duplicate members, alg confusion:
// "alg":"RS256" over an HMAC) with a signature that is valid for the bytes — and the same properties hold.
#include <authwire/jose/jws.hpp>

#include "jose_support.hpp"

#include <boost/json/parse.hpp>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace authwire;

struct key {
    jose::jws_algorithm alg;
    std::optional<std::string> kid;
    fuzz::jose::pkey_ptr pkey;  // null for HMAC
    std::string secret;         // HMAC only
};

struct world {
    std::vector<key> keys;
    std::optional<jose::jws_verifier> all;
    std::optional<jose::jws_verifier> rs256_only;

    world() {
        auto rsa = jose::jwk::parse(fuzz::jose::rfc7520_rsa_public).value();
        auto ec = jose::jwk::parse(fuzz::jose::rfc7520_ec_public).value();
        auto hmac = jose::jwk::parse(fuzz::jose::rfc7520_hmac).value();
        auto ed = jose::jwk::parse(fuzz::jose::rfc8037_ed25519_public).value();
        jose::jws_key_set set;
        auto bind = [&](jose::jwk const& k, jose::jws_algorithm a) {
            FUZZ_CHECK(set.add(jose::jws_key::make(k, a).value()).has_value());
            key entry{a, k.kid() ? std::optional<std::string>(std::string(*k.kid())) : std::nullopt, nullptr, {}};
            if (k.kty() == jose::key_type::oct)
                entry.secret = std::string(k.symmetric_key()->reveal());
            else
                entry.pkey = fuzz::jose::public_key_from_pem(k.to_public_pem().value());
            keys.push_back(std::move(entry));
        };
        bind(rsa, jose::jws_algorithm::RS256);
        bind(rsa, jose::jws_algorithm::PS384);
        bind(ec, jose::jws_algorithm::ES512);
        bind(hmac, jose::jws_algorithm::HS256);
        bind(ed, jose::jws_algorithm::EdDSA);
        jose::jws_options opt;
        opt.critical_extensions = {"exp-crit"};
        all = jose::jws_verifier::make(set, jose::all_jws_algorithms, opt).value();
        rs256_only = jose::jws_verifier::make(set, {jose::jws_algorithm::RS256}, opt).value();
    }
};

world const& the_world() {
    static world const w;
    return w;
}

// The binding the independent kid rule selects for a header, or nullptr.
key const* select(world const& w, std::string_view alg, boost::json::object const& header) {
    std::vector<key const*> candidates;
    for (auto const& k : w.keys)
        if (jose::to_string(k.alg) == alg) candidates.push_back(&k);
    auto const* kid = header.if_contains("kid");
    if (kid == nullptr) return candidates.size() == 1 ? candidates.front() : nullptr;
    if (!kid->is_string()) return nullptr;
    for (auto const* k : candidates)
        if (k->kid && *k->kid == std::string_view(kid->get_string())) return k;
    return nullptr;
}

bool signature_verifies(key const& k, std::string_view signing_input, std::string_view sig) {
    using fuzz::jose::padding;
    switch (k.alg) {
    case jose::jws_algorithm::HS256: return fuzz::jose::hmac_matches("SHA256", k.secret, signing_input, sig);
    case jose::jws_algorithm::RS256:
        return fuzz::jose::digest_verify(k.pkey.get(), "SHA256", padding::pkcs1, signing_input, sig);
    case jose::jws_algorithm::PS384:
        return fuzz::jose::digest_verify(k.pkey.get(), "SHA384", padding::pss, signing_input, sig);
    case jose::jws_algorithm::ES512:
        return fuzz::jose::ecdsa_verify_raw(k.pkey.get(), "SHA512", 66, signing_input, sig);
    case jose::jws_algorithm::EdDSA:
        return fuzz::jose::digest_verify(k.pkey.get(), nullptr, padding::none, signing_input, sig);
    default: return false;
    }
}

// Everything an accepted token must be, checked without authwire.
void check_accepted(world const& w, std::string_view token, jose::verified_jws const& v) {
    auto parts = fuzz::jose::split_jws(token);
    FUZZ_CHECK(parts.has_value());
    auto header_json = fuzz::strict_base64url_decode(parts->header_b64);
    auto payload = fuzz::strict_base64url_decode(parts->payload_b64);
    auto sig = fuzz::strict_base64url_decode(parts->signature_b64);
    FUZZ_CHECK(header_json && payload && sig && !sig->empty());
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(*header_json));
    boost::json::error_code ec;
    auto header = boost::json::parse(*header_json, ec);
    FUZZ_CHECK(!ec && header.is_object());
    auto const& h = header.get_object();
    auto const* alg = h.if_contains("alg");
    FUZZ_CHECK(alg != nullptr && alg->is_string());
    FUZZ_CHECK(jose::to_string(v.header.alg) == std::string_view(alg->get_string()));
    auto const* k = select(w, alg->get_string(), h);
    FUZZ_CHECK(k != nullptr && k->alg == v.header.alg);
    if (auto const* b64 = h.if_contains("b64")) FUZZ_CHECK(b64->is_bool() && b64->get_bool());
    if (auto const* crit = h.if_contains("crit")) {
        FUZZ_CHECK(crit->is_array() && !crit->get_array().empty());
        for (auto const& n : crit->get_array()) {
            FUZZ_CHECK(n.is_string());
            FUZZ_CHECK(n.get_string() == "exp-crit" || n.get_string() == "b64");
            FUZZ_CHECK(h.contains(n.get_string()));
        }
    }
    FUZZ_CHECK(signature_verifies(*k, parts->signing_input, *sig));
    FUZZ_CHECK(v.payload == *payload);
    FUZZ_CHECK(v.header.members == h);
}

// "{header}\npayload" signed with the HMAC key: header and payload base64url-encoded as given.
std::string sign_with_hmac(world const& w, std::string_view in) {
    auto const nl = in.find('\n');
    auto const header = in.substr(0, nl);
    auto const payload = nl == std::string_view::npos ? std::string_view{} : in.substr(nl + 1);
    std::string token = base64url_encode(header) + "." + base64url_encode(payload);
    auto const& k = w.keys[3];
    unsigned char mac[EVP_MAX_MD_SIZE];
    std::size_t n = 0;
    FUZZ_CHECK(EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, k.secret.data(), k.secret.size(),
                         reinterpret_cast<unsigned char const*>(token.data()), token.size(), mac, sizeof mac,
                         &n) != nullptr);
    token += "." + base64url_encode(std::string_view(reinterpret_cast<char const*>(mac), n));
    return token;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const& w = the_world();
    std::string signed_token;
    auto token = fuzz::text_of(data, size);
    if (token.starts_with('{')) {
        signed_token = sign_with_hmac(w, token);
        token = signed_token;
    }
    auto v = w.all->verify(token);
    fuzz::trace("verify: %s", v ? "accepted" : v.error().message().c_str());
    if (v) {
        check_accepted(w, token, *v);
    } else {
        std::size_t dots = 0;
        for (char const c : token) dots += c == '.';
        if (dots == 4 && token.size() <= limits::max_compact_token_size)
            FUZZ_CHECK(v.error() == error::wrong_token_type);  // RFC 7516 §9: a JWE is not a JWS
    }
    auto only = w.rs256_only->verify(token);
    if (only) {
        FUZZ_CHECK(only->header.alg == jose::jws_algorithm::RS256);
        check_accepted(w, token, *only);
    }
    FUZZ_CHECK(!only || v);  // what the narrower allow-list accepts, the wider one accepts too
    return 0;
}
