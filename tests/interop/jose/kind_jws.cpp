// authwire interop — JWS/JWT cases on the authwire side (the npm jose side is kinds/jws.mjs).
#include "peer.hpp"

#include <authwire/jose/jwt.hpp>

#include <boost/json/serialize.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <string>

namespace {

using namespace authwire;
using namespace authwire::jose;

constexpr char issuer[] = "https://issuer.interop.example";
constexpr char audience[] = "https://rs.interop.example";

jws_algorithm alg_of(boost::json::object const& o) {
    auto a = parse_jws_algorithm(o.at("alg").as_string());
    if (!a) interop::fail("unknown alg " + std::string(o.at("alg").as_string()));
    return *a;
}

jwk new_key(jws_algorithm alg, std::string kid) {
    if (family_of(alg) == jws_family::hmac) return jwk::generate_octets(hash_size_of(alg), std::move(kid)).value();
    EVP_PKEY* p = nullptr;
    switch (family_of(alg)) {
    case jws_family::rsa_pkcs1:
    case jws_family::rsa_pss: p = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}); break;
    case jws_family::ecdsa:
        p = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC",
                              alg == jws_algorithm::ES256 ? "P-256" : alg == jws_algorithm::ES384 ? "P-384" : "P-521");
        break;
    default: p = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"); break;
    }
    authwire::detail::evp_pkey_ptr owned(p);
    if (!owned) interop::fail("key generation failed");
    return jwk::from_evp_pkey(owned.get(), std::move(kid)).value();
}

boost::json::object mint(boost::json::object const& c) {
    auto const alg = alg_of(c);
    auto const name = std::string(to_string(alg));
    auto key = new_key(alg, "authwire-" + name);
    auto signer = jws_signer::make(jws_key::make(key, alg).value());
    if (!signer) interop::fail("signer: " + signer.error().message());
    auto const now = std::chrono::system_clock::now();
    jwt_builder b;
    b.issuer(issuer)
        .subject("sub-" + name)
        .audience(audience)
        .issued_at(now)
        .expires_at(now + std::chrono::minutes(10))
        .id("jti-" + name)
        .claim("scope", "mcp")
        .claim("client_id", "interop");
    auto token = b.sign(*signer, "at+jwt");
    if (!token) interop::fail("sign: " + token.error().message());
    boost::json::object r;
    r["kind"] = "jws";
    r["alg"] = name;
    r["jwk"] = key.to_json(family_of(alg) == jws_family::hmac ? jwk_members::include_private
                                                               : jwk_members::public_only)
                   .value();
    r["token"] = *token;
    r["subject"] = "sub-" + name;
    return r;
}

void verify(boost::json::object const& r) {
    auto const alg = alg_of(r);
    auto key = jwk::from_json(r.at("jwk").as_object());
    if (!key) interop::fail("jwk: " + key.error().message());
    auto binding = jws_key::make(*key, alg);
    if (!binding) interop::fail("binding: " + binding.error().message());
    jws_key_set keys;
    if (!keys.add(*binding)) interop::fail("key set");
    auto verifier = jws_verifier::make(std::move(keys), {alg}).value();
    jwt_validation v;
    v.issuer = issuer;
    v.audiences = {audience};
    v.type = "at+jwt";
    v.require_iat = true;
    v.required_claims = {"sub", "jti"};
    auto const token = std::string(r.at("token").as_string());
    auto got = verify_jwt(token, verifier, v, std::chrono::system_clock::now());
    if (!got) interop::fail("verify_jwt: " + got.error().message());
    if (got->claims.sub != std::string(r.at("subject").as_string())) interop::fail("sub differs");
    if (got->claims.custom.at("nested") != authwire::parse_json(R"({"n":[1,2,3]})").value()) interop::fail("nested claim");
    if (got->header.kid != std::string(key->kid().value_or(""))) interop::fail("kid differs");
    // A tampered signature must fail, or the success above proves nothing.
    auto bad = token;
    auto& c = bad[bad.rfind('.') + 1];
    c = c == 'A' ? 'B' : 'A';
    if (verify_jwt(bad, verifier, v, std::chrono::system_clock::now())) interop::fail("a tampered token verified");
}

void check_coverage(std::vector<boost::json::object> const& cases) {
    for (auto a : all_jws_algorithms) {
        bool found = false;
        for (auto const& c : cases) found = found || c.at("alg").as_string() == to_string(a);
        if (!found) interop::fail("the interop cases miss JWS algorithm " + std::string(to_string(a)));
    }
}

interop::registrar const jws_registrar("jws", {mint, verify, check_coverage});

} // namespace
