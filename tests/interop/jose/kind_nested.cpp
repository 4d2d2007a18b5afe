// authwire interop — nested JWT cases on the authwire side (the npm jose side is kinds/nested.mjs).
#include "peer.hpp"

#include <authwire/jose/nested.hpp>

#include <chrono>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

jwe_algorithm alg_of(boost::json::object const& o) { return parse_jwe_algorithm(o.at("alg").as_string()).value(); }
jwe_encryption enc_of(boost::json::object const& o) { return parse_jwe_encryption(o.at("enc").as_string()).value(); }
jws_algorithm inner_alg_of(boost::json::object const& o) {
    return parse_jws_algorithm(o.at("inner_alg").as_string()).value();
}

boost::json::object mint(boost::json::object const& c) {
    auto sig = jwk::generate_octets(32, std::string("authwire-sig")).value();
    auto enc = jwk::generate_octets(32, std::string("authwire-enc")).value();
    auto signer = jws_signer::make(jws_key::make(sig, inner_alg_of(c)).value());
    auto encrypter = make_nested_encrypter(jwe_key::make(enc, alg_of(c)).value(), enc_of(c));
    if (!signer || !encrypter) interop::fail("signer/encrypter");
    auto const now = std::chrono::system_clock::now();  // the interop driver is not the library: it may read the clock
    jwt_claims claims;
    claims.sub = "user-authwire";
    claims.aud = {"https://mcp.example.com/mcp"};
    claims.iat = std::chrono::floor<std::chrono::seconds>(now);
    claims.exp = std::chrono::floor<std::chrono::seconds>(now + std::chrono::hours(1));
    claims.custom["api_key"] = "rp_live_authwire_interop";
    auto token = mint_nested(claims, *signer, *encrypter, "at+jwt");
    if (!token) interop::fail("mint_nested: " + token.error().message());
    boost::json::object r;
    r["kind"] = "nested";
    r["alg"] = c.at("alg");
    r["enc"] = c.at("enc");
    r["inner_alg"] = c.at("inner_alg");
    r["token"] = *token;
    r["audience"] = "https://mcp.example.com/mcp";
    r["signing_jwk"] = sig.to_json(jwk_members::include_private).value();
    r["encryption_jwk"] = enc.to_json(jwk_members::include_private).value();
    r["sub"] = "user-authwire";
    r["api_key"] = "rp_live_authwire_interop";
    return r;
}

void verify(boost::json::object const& r) {
    auto sig = jwk::from_json(r.at("signing_jwk").as_object());
    auto enc = jwk::from_json(r.at("encryption_jwk").as_object());
    if (!sig || !enc) interop::fail("jwk");
    jws_key_set ss;
    jwe_key_set es;
    if (!ss.add(jws_key::make(*sig, inner_alg_of(r)).value()) || !es.add(jwe_key::make(*enc, alg_of(r)).value()))
        interop::fail("key sets");
    auto verifier = jws_verifier::make(std::move(ss), {inner_alg_of(r)});
    auto decrypter = jwe_decrypter::make(std::move(es), {enc_of(r)});
    if (!verifier || !decrypter) interop::fail("verifier/decrypter");
    jwt_validation v;
    v.audiences = {std::string(r.at("audience").as_string())};
    v.type = "at+jwt";
    v.require_iat = true;
    auto const token = std::string(r.at("token").as_string());
    auto got = validate_nested(token, *decrypter, *verifier, v, std::chrono::system_clock::now());
    if (!got) interop::fail("validate_nested: " + got.error().message());
    if (got->claims.sub != std::string(r.at("sub").as_string())) interop::fail("sub differs");
    if (got->claims.custom.at("api_key") != r.at("api_key")) interop::fail("api_key differs");
    // A tampered tag must fail, or the success above proves nothing.
    auto bad = token;
    auto& ch = bad[bad.rfind('.') + 1];
    ch = ch == 'A' ? 'B' : 'A';
    auto tampered = validate_nested(bad, *decrypter, *verifier, v, std::chrono::system_clock::now());
    if (tampered || tampered.error() != error::decryption_failed) interop::fail("a tampered token validated");
}

interop::registrar const nested_registrar("nested", {mint, verify, {}});

} // namespace
