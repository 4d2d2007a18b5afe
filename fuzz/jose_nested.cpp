// Property: a nested JWT (a JWE around a signed JWT, RFC 7519 §5.2) is accepted only when its inner JWS was
// signed with the verifier's own key — holding the encryption key is not enough — and its claims are valid.
// Keys and token are authwire's own vector (tests/jose/vectors/authwire/nested_dir_a256gcm_hs256.json: JWE dir
// A256GCM around HS256; audience https://mcp.example.com/mcp, "typ" JWT). Whatever validate_nested accepts is
// checked without authwire: the outer header says dir/A256GCM with the encryption key's kid (or none), "cty"
// names JWT; the token decrypts with AES-256-GCM straight from OpenSSL; the inner JWS has exactly three strict
// base64url segments, "alg" HS256, the signing key's kid (or none), "typ" JWT, and its HMAC-SHA-256 verifies
// with the signing key; the claims are a JSON object without duplicates that the RFC 7519 rules accept
// (jose_support.hpp: exp, nbf, iat with 30 s leeway, the audience).
// The allocation-free overload (a nested_jwt_scratch reused across inputs) must give the same answer: the same
// error, or the same outer header (parameters read without building anything, members built on access) and claims.
// Three kinds of input:
//  - a compact token (the vector's, mutated);
//  - '#' then the bytes of an inner JWS, which the target encrypts with the real encryption key (cty JWT): an
//    attacker who has the JWE key still needs the signing key;
//  - '{' a claims set as JSON text, which the target signs (HS256, typ JWT) and encrypts properly: the claims
//    checks are reached with valid cryptography, and a claims set that is plainly valid must be accepted.
#include <authwire/jose/nested.hpp>

#include "jose_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace {

using namespace authwire;

inline constexpr std::string_view signing_key_json =
    R"({"kty":"oct","kid":"authwire-sig-2026-01","k":"EBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8"})";
inline constexpr std::string_view encryption_key_json =
    R"({"kty":"oct","kid":"authwire-enc-2026-01","k":"oKGio6SlpqeoqaqrrK2ur7CxsrO0tba3uLm6u7y9vr8"})";
inline constexpr std::int64_t valid_at = 1767222000;
inline constexpr std::string_view audience = "https://mcp.example.com/mcp";

struct world {
    std::string sig_key, enc_key;
    std::optional<jose::jws_signer> signer;
    std::optional<jose::jwe_encrypter> encrypter;
    std::optional<jose::jws_verifier> verifier;
    std::optional<jose::jwe_decrypter> decrypter;
    jose::jwt_validation validation;
    fuzz::jose::claim_rules rules;

    world() {
        auto sig = jose::jwk::parse(signing_key_json).value();
        auto enc = jose::jwk::parse(encryption_key_json).value();
        sig_key = std::string(sig.symmetric_key()->reveal());
        enc_key = std::string(enc.symmetric_key()->reveal());
        auto sig_binding = jose::jws_key::make(sig, jose::jws_algorithm::HS256).value();
        auto enc_binding = jose::jwe_key::make(enc, jose::jwe_algorithm::dir).value();
        signer = jose::jws_signer::make(sig_binding).value();
        encrypter = jose::make_nested_encrypter(enc_binding, jose::jwe_encryption::A256GCM).value();
        jose::jws_key_set s;
        FUZZ_CHECK(s.add(sig_binding).has_value());
        verifier = jose::jws_verifier::make(std::move(s), {jose::jws_algorithm::HS256}).value();
        jose::jwe_key_set e;
        FUZZ_CHECK(e.add(enc_binding).has_value());
        decrypter = jose::jwe_decrypter::make(std::move(e), {jose::jwe_encryption::A256GCM}).value();
        validation.audiences = {std::string(audience)};
        validation.type = "JWT";
        rules.now = valid_at;
        rules.audiences = {std::string(audience)};
    }
};

world const& the_world() {
    static world const w;
    return w;
}

std::optional<boost::json::object> parse_object(std::string_view text) {
    if (fuzz::json_has_duplicate_member(text)) return std::nullopt;
    boost::json::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    return std::move(v.get_object());
}

bool kid_is(boost::json::object const& h, std::string_view kid) {
    auto const* k = h.if_contains("kid");
    return k == nullptr || (k->is_string() && std::string_view(k->get_string()) == kid);
}

// Everything an accepted nested token must be, checked without authwire.
void check_accepted(world const& w, std::string_view token, jose::verified_nested_jwt const& v) {
    std::string_view seg[5];
    std::size_t n = 0;
    for (std::size_t start = 0;;) {
        auto const dot = token.find('.', start);
        FUZZ_CHECK(n < 5);
        seg[n++] = token.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    FUZZ_CHECK(n == 5 && seg[1].empty());
    auto outer_json = fuzz::strict_base64url_decode(seg[0]);
    auto iv = fuzz::strict_base64url_decode(seg[2]);
    auto ct = fuzz::strict_base64url_decode(seg[3]);
    auto tag = fuzz::strict_base64url_decode(seg[4]);
    FUZZ_CHECK(outer_json && iv && ct && tag);
    auto outer = parse_object(*outer_json);
    FUZZ_CHECK(outer.has_value());
    FUZZ_CHECK(outer->if_contains("alg") && outer->at("alg") == "dir");
    FUZZ_CHECK(outer->if_contains("enc") && outer->at("enc") == "A256GCM");
    FUZZ_CHECK(kid_is(*outer, "authwire-enc-2026-01"));
    FUZZ_CHECK(!outer->contains("zip") && !outer->contains("crit"));
    auto const* cty = outer->if_contains("cty");
    FUZZ_CHECK(cty && cty->is_string() && fuzz::jose::names_media_type(cty->get_string(), "JWT"));
    auto inner = fuzz::jose::aes_gcm_decrypt(w.enc_key, *iv, seg[0], *ct, *tag);
    FUZZ_CHECK(inner.has_value());

    auto parts = fuzz::jose::split_jws(*inner);
    FUZZ_CHECK(parts.has_value());
    auto inner_header_json = fuzz::strict_base64url_decode(parts->header_b64);
    auto payload = fuzz::strict_base64url_decode(parts->payload_b64);
    auto sig = fuzz::strict_base64url_decode(parts->signature_b64);
    FUZZ_CHECK(inner_header_json && payload && sig);
    auto inner_header = parse_object(*inner_header_json);
    FUZZ_CHECK(inner_header.has_value());
    FUZZ_CHECK(inner_header->if_contains("alg") && inner_header->at("alg") == "HS256");
    FUZZ_CHECK(kid_is(*inner_header, "authwire-sig-2026-01"));
    auto const* typ = inner_header->if_contains("typ");
    FUZZ_CHECK(typ && typ->is_string() && fuzz::jose::names_media_type(typ->get_string(), "JWT"));
    if (auto const* b64 = inner_header->if_contains("b64")) FUZZ_CHECK(*b64 == true);
    FUZZ_CHECK(fuzz::jose::hmac_matches("SHA256", w.sig_key, parts->signing_input, *sig));

    auto claims = parse_object(*payload);
    FUZZ_CHECK(claims.has_value());
    FUZZ_CHECK(fuzz::jose::claims_acceptable(*claims, w.rules));
    FUZZ_CHECK(v.claims.has_audience(audience));
    FUZZ_CHECK(v.header.alg == jose::jws_algorithm::HS256);
}

// '{' mode: sign the claims text as given (HS256, typ JWT, the key's kid), then encrypt.
std::string mint(world const& w, std::string_view claims) {
    auto jws = w.signer->sign(claims, boost::json::object{{"typ", "JWT"}});
    FUZZ_CHECK(jws.has_value());
    return *jws;
}

std::string encrypt(world const& w, std::string_view inner) {
    fuzz::deterministic_rng rng;
    auto token = w.encrypter->encrypt(inner, rng);
    FUZZ_CHECK(token.has_value());
    return *token;
}

// A claims set that must be accepted: valid JSON object, no duplicates, small and shallow, acceptable.
bool plainly_valid(world const& w, std::string_view claims) {
    if (claims.size() > 2048) return false;
    std::size_t open = 0;
    for (char const c : claims) open += c == '[' || c == '{';
    if (open > 16) return false;
    auto o = parse_object(claims);
    return o && fuzz::jose::claims_acceptable(*o, w.rules);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const& w = the_world();
    auto in = fuzz::text_of(data, size);
    std::string built;
    bool must_accept = false;
    if (in.starts_with('#')) {
        built = encrypt(w, in.substr(1));
    } else if (in.starts_with('{')) {
        built = encrypt(w, mint(w, in));
        must_accept = plainly_valid(w, in);
    }
    std::string_view const token = built.empty() ? in : std::string_view(built);
    auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(valid_at));
    std::string buffer;
    auto v = jose::validate_nested(token, *w.decrypter, *w.verifier, w.validation, now, buffer);
    fuzz::trace("validate_nested: %s", v ? "accepted" : v.error().message().c_str());
    FUZZ_CHECK(buffer.empty());  // the decrypted inner JWS is wiped and cleared, whatever happened
    static jose::nested_jwt_scratch scratch;
    auto const s = jose::validate_nested(token, *w.decrypter, *w.verifier, w.validation, now, scratch);
    FUZZ_CHECK(s.has_value() == v.has_value());
    if (!v) FUZZ_CHECK(s.error() == v.error());
    if (v && s) {
        auto const& p = scratch.verified_parameters();
        FUZZ_CHECK(p.outer.alg() == v->outer.alg() && p.outer.enc() == v->outer.enc());
        FUZZ_CHECK(p.outer.kid() == v->outer.kid() && p.outer.typ() == v->outer.typ() &&
                   p.outer.cty() == v->outer.cty());
        auto const& b = scratch.verified();
        FUZZ_CHECK(boost::json::serialize(b.outer.members()) == boost::json::serialize(v->outer.members()));
        FUZZ_CHECK(boost::json::serialize(b.claims.custom) == boost::json::serialize(v->claims.custom));
        FUZZ_CHECK(b.claims.iss == v->claims.iss && b.claims.sub == v->claims.sub && b.claims.exp == v->claims.exp);
    }
    if (v) check_accepted(w, token, *v);
    if (must_accept) FUZZ_CHECK(v.has_value());
    return 0;
}
