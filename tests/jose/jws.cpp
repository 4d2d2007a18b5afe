#include <authwire/jose/jws.hpp>

#include "test_vectors.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ec.h>
#include <openssl/evp.h>

#include <atomic>
#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace jose_jws_test {

using namespace authwire;
using namespace authwire::jose;

// RFC 7515 Appendix A.1: HS256. The header is {"typ":"JWT",CRLF "alg":"HS256"} — the exact bytes matter.
constexpr char a1_key[] =
    R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"})";
constexpr char a1_token[] =
    "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr char a_payload[] = "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}";

// RFC 7515 Appendix A.2: RS256.
constexpr char a2_key[] = R"({"kty":"RSA",
 "n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ",
 "e":"AQAB",
 "d":"Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ",
 "p":"4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc",
 "q":"uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc",
 "dp":"BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0",
 "dq":"h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU",
 "qi":"IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"})";
constexpr char a2_token[] =
    "eyJhbGciOiJSUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t"
    "1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzD"
    "wusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";

// RFC 7515 Appendix A.3: ES256 (verify only: ECDSA signatures are randomized).
constexpr char a3_key[] = R"({"kty":"EC","crv":"P-256",
 "x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
 "y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
 "d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"})";
constexpr char a3_token[] =
    "eyJhbGciOiJFUzI1NiJ9"
    ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
    ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

// RFC 7515 Appendix A.4: ES512 over the payload "Payload".
constexpr char a4_key[] = R"({"kty":"EC","crv":"P-521",
 "x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk",
 "y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2",
 "d":"AY5pb7A0UFiB3RELSD64fTLOSV_jazdF7fLYyuTw8lOfRhWg6Y6rUrPAxerEzgdRhajnu0ferB0d53vM9mE15j2C"})";
constexpr char a4_token[] =
    "eyJhbGciOiJFUzUxMiJ9.UGF5bG9hZA.AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB3"
    "4XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";

jwk key_of(std::string_view json) { return jwk::parse(json).value(); }

jws_key bind(jwk k, jws_algorithm a) { return jws_key::make(std::move(k), a).value(); }

jws_verifier verifier_for(jws_key k, std::vector<jws_algorithm> allowed = {}, jws_options opt = {}) {
    if (allowed.empty()) allowed.push_back(k.algorithm());
    jws_key_set set;
    BOOST_REQUIRE(set.add(std::move(k)).has_value());
    return jws_verifier::make(std::move(set), allowed, std::move(opt)).value();
}

std::string b64(std::string_view s) { return base64url_encode(s); }

// A token with the given header JSON and payload, MAC'd with `mac_key` under HS256.
std::string hs256_token(std::string_view header, std::string_view payload, jwk const& mac_key) {
    auto binding = jws_key::make(mac_key, jws_algorithm::HS256).value();
    auto prepared = jose::detail::prepare_jws_key(binding).value();
    std::string out = b64(header) + "." + b64(payload);
    std::string const input = out;
    out.push_back('.');
    BOOST_REQUIRE(jose::detail::sign_into(*prepared, authwire::detail::as_bytes(input), out).has_value());
    return out;
}

jwk const& hmac_key() {
    static jwk const k = jwk::from_octets(secret(std::string(32, 's')), std::string("hk")).value();
    return k;
}

BOOST_AUTO_TEST_SUITE(jose_jws)

BOOST_AUTO_TEST_CASE(rfc7515_a1_hs256) {
    auto v = verifier_for(bind(key_of(a1_key), jws_algorithm::HS256));
    auto r = v.verify(a1_token);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->payload == a_payload);
    BOOST_TEST(r->header.typ.value() == "JWT");
    BOOST_TEST((r->header.alg == jws_algorithm::HS256));
    BOOST_TEST(!r->header.kid.has_value());
}

BOOST_AUTO_TEST_CASE(rfc7515_a2_rs256_sign_and_verify) {
    auto const key = bind(key_of(a2_key), jws_algorithm::RS256);
    auto v = verifier_for(key);
    auto r = v.verify(a2_token);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->payload == a_payload);
    // RSASSA-PKCS1-v1_5 is deterministic: signing the same input gives the RFC's token exactly.
    // (Our header serialization is {"alg":"RS256"}, the RFC's header bytes.)
    auto signer = jws_signer::make(jws_key::make(key_of(a2_key), jws_algorithm::RS256).value()).value();
    BOOST_TEST(signer.sign(a_payload).value() == a2_token);
    // Verification with the public key alone.
    auto pub = verifier_for(bind(key_of(a2_key).to_public().value(), jws_algorithm::RS256));
    BOOST_TEST(pub.verify(a2_token).has_value());
}

BOOST_AUTO_TEST_CASE(rfc7515_a3_es256_and_a4_es512) {
    auto v3 = verifier_for(bind(key_of(a3_key), jws_algorithm::ES256));
    auto r3 = v3.verify(a3_token);
    BOOST_TEST_REQUIRE(r3.has_value());
    BOOST_TEST(r3->payload == a_payload);
    auto v4 = verifier_for(bind(key_of(a4_key), jws_algorithm::ES512));
    auto r4 = v4.verify(a4_token);
    BOOST_TEST_REQUIRE(r4.has_value());
    BOOST_TEST(r4->payload == "Payload");
}

BOOST_AUTO_TEST_CASE(rfc8037_a4_ed25519) {
    auto const v = authwire_test::read_vector("rfc7520-cookbook/curve25519/jws.json");
    auto key = jwk::from_json(v.at("input").at("key").as_object()).value();
    auto const compact = std::string(v.at("output").at("compact").as_string());
    auto ver = verifier_for(bind(key, jws_algorithm::EdDSA));
    auto r = ver.verify(compact);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->payload == "Example of Ed25519 signing");
    // Ed25519 is deterministic: our signature is the RFC's.
    auto signer = jws_signer::make(bind(key, jws_algorithm::EdDSA)).value();
    BOOST_TEST(signer.sign("Example of Ed25519 signing").value() == compact);
}

BOOST_AUTO_TEST_CASE(rfc7520_cookbook_signatures) {
    for (auto const* name : {"4_1.rsa_v15_signature.json", "4_2.rsa-pss_signature.json", "4_3.ecdsa_signature.json",
                             "4_4.hmac-sha2_integrity_protection.json", "4_6.protecting_specific_header_fields.json"}) {
        BOOST_TEST_CONTEXT(name) {
            auto const v = authwire_test::read_vector(std::string("rfc7520-cookbook/jws/") + name);
            auto const& input = v.at("input");
            auto alg = parse_jws_algorithm(input.at("alg").as_string()).value();
            auto key = jwk::from_json(input.at("key").as_object()).value();
            auto const& signing = v.at("signing");
            // §4.6 has "kid" in an unprotected header, which compact cannot carry: re-assemble from the
            // protected header; the signature covers only that and the payload.
            std::string const compact =
                std::string(signing.at("protected_b64u").as_string()) + "." +
                std::string(signing.at("sig-input").as_string()).substr(signing.at("protected_b64u").as_string().size() + 1) +
                "." + std::string(signing.at("sig").as_string());
            if (auto const* out = v.at("output").as_object().if_contains("compact"))
                BOOST_TEST(compact == std::string(out->as_string()));
            auto ver = verifier_for(bind(key, alg));
            auto r = ver.verify(compact);
            BOOST_TEST_REQUIRE(r.has_value());
            BOOST_TEST(r->payload == std::string(input.at("payload").as_string()));
            // Deterministic algorithms reproduce the cookbook's signature exactly.
            if (v.as_object().contains("reproducible") && alg != jws_algorithm::PS384 &&
                signing.as_object().contains("protected") && !signing.as_object().contains("unprotected")) {
                auto signer = jws_signer::make(bind(key, alg)).value();
                auto const& ph = signing.at("protected").as_object();
                boost::json::object extra;
                for (auto const& m : ph)
                    if (m.key() != "alg" && m.key() != "kid") extra[m.key()] = m.value();
                // Header member order follows ours ({"alg","kid",...}); the cookbook uses the same order.
                BOOST_TEST(signer.sign(std::string(input.at("payload").as_string()), extra).value() == compact);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_algorithm_signs_and_verifies) {
    struct case_t {
        jws_algorithm alg;
        char const* type;
        char const* curve;
    };
    auto gen = [](char const* type, char const* curve) {
        authwire::detail::evp_pkey_ptr p(curve ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                                        : std::string_view(type) == "RSA"
                                            ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, std::size_t{2048})
                                            : EVP_PKEY_Q_keygen(nullptr, nullptr, type));
        return jwk::from_evp_pkey(p.get(), std::string("kid-") + type).value();
    };
    auto const rsa = gen("RSA", nullptr);
    for (auto alg : all_jws_algorithms) {
        BOOST_TEST_CONTEXT(to_string(alg)) {
            jwk key = rsa;
            switch (family_of(alg)) {
            case jws_family::hmac: key = jwk::from_octets(secret(std::string(64, 'h')), std::string("h")).value(); break;
            case jws_family::ecdsa:
                key = gen("EC", alg == jws_algorithm::ES256 ? "P-256" : alg == jws_algorithm::ES384 ? "P-384" : "P-521");
                break;
            case jws_family::eddsa: key = gen("ED25519", nullptr); break;
            default: break;
            }
            auto signer = jws_signer::make(bind(key, alg)).value();
            boost::json::object h;
            h["typ"] = "JWT";
            auto token = signer.sign("{\"sub\":\"x\"}", h);
            BOOST_TEST_REQUIRE(token.has_value());
            auto ver = verifier_for(bind(family_of(alg) == jws_family::hmac ? key : key.to_public().value(), alg));
            auto r = ver.verify(*token);
            BOOST_TEST_REQUIRE(r.has_value());
            BOOST_TEST(r->payload == "{\"sub\":\"x\"}");
            BOOST_TEST(r->header.kid.value() == std::string(key.kid().value()));
            BOOST_TEST(r->header.typ.value() == "JWT");
            // Flip one bit of the signature, then truncate it: both fail.
            auto flipped = *token;
            auto& last = flipped[flipped.rfind('.') + 3];
            last = last == 'A' ? 'B' : 'A';
            BOOST_TEST((ver.verify(flipped).error() == error::signature_invalid));
            auto truncated = token->substr(0, token->size() - 4);
            BOOST_TEST(!ver.verify(truncated).has_value());
            // A changed payload fails.
            auto dot = token->find('.');
            auto tampered = token->substr(0, dot + 1) + b64("{\"sub\":\"y\"}") + token->substr(token->rfind('.'));
            BOOST_TEST((ver.verify(tampered).error() == error::signature_invalid));
        }
    }
    // A public key cannot sign.
    BOOST_TEST((jws_signer::make(bind(rsa.to_public().value(), jws_algorithm::RS256)).error() == error::key_unusable));
}

BOOST_AUTO_TEST_CASE(alg_none_in_any_case_is_rejected) {
    auto v = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    for (auto none : {"none", "None", "NONE", "nOnE"}) {
        auto const token = b64(std::string(R"({"alg":")") + none + "\"}") + "." + b64("{}") + ".";
        BOOST_TEST(!v.verify(token).has_value());
        // With a (meaningless) signature too, and with the verifier allowing everything.
        auto const signed_token = token + "AAAA";
        BOOST_TEST((v.verify(signed_token).error() == error::algorithm_not_allowed));
    }
    auto all = jws_verifier::make(jws_key_set{}, std::span(all_jws_algorithms)).value();
    BOOST_TEST((all.verify(b64(R"({"alg":"none"})") + "." + b64("{}") + ".AAAA").error() ==
                error::algorithm_not_allowed));
}

BOOST_AUTO_TEST_CASE(algorithm_allow_list_and_key_binding) {
    auto rsa_pub = key_of(a2_key).to_public().value();
    // Key confusion: an HS256 token whose MAC key is the RSA public key's bytes (PEM and JWK forms).
    auto v = verifier_for(bind(rsa_pub, jws_algorithm::RS256), {jws_algorithm::RS256, jws_algorithm::HS256});
    for (auto const& bytes : {rsa_pub.to_public_pem().value(), rsa_pub.serialize().value()}) {
        auto confused = hs256_token(R"({"alg":"HS256"})", "{}", jwk::from_octets(secret(bytes)).value());
        BOOST_TEST((v.verify(confused).error() == error::unknown_key));  // no key is bound to HS256
    }
    // The same with an EC public key.
    auto ec_pub = key_of(a3_key).to_public().value();
    auto ve = verifier_for(bind(ec_pub, jws_algorithm::ES256));
    auto confused = hs256_token(R"({"alg":"HS256"})", "{}", jwk::from_octets(secret(ec_pub.to_public_pem().value())).value());
    BOOST_TEST((ve.verify(confused).error() == error::algorithm_not_allowed));
    // A valid token under an algorithm not on the allow-list.
    auto v384 = verifier_for(bind(hmac_key(), jws_algorithm::HS256), {jws_algorithm::HS384});
    BOOST_TEST((v384.verify(hs256_token(R"({"alg":"HS256"})", "{}", hmac_key())).error() ==
                error::algorithm_not_allowed));
    // Unknown algorithm names.
    auto vh = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    BOOST_TEST((vh.verify(hs256_token(R"({"alg":"HS257"})", "{}", hmac_key())).error() ==
                error::unsupported_algorithm));
    BOOST_TEST((vh.verify(hs256_token(R"({"alg":"hs256"})", "{}", hmac_key())).error() ==
                error::unsupported_algorithm));
    BOOST_TEST((vh.verify(hs256_token(R"({"typ":"JWT"})", "{}", hmac_key())).error() == error::missing_member));
    BOOST_TEST((vh.verify(hs256_token(R"({"alg":256})", "{}", hmac_key())).error() == error::wrong_member_type));
    BOOST_TEST((jws_verifier::make(jws_key_set{}, std::span<jws_algorithm const>{}).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(kid_selects_by_exact_match) {
    jws_key_set set;
    auto k1 = jwk::from_octets(secret(std::string(32, '1')), std::string("one")).value();
    auto k2 = jwk::from_octets(secret(std::string(32, '2')), std::string("two")).value();
    BOOST_REQUIRE(set.add(bind(k1, jws_algorithm::HS256)).has_value());
    BOOST_REQUIRE(set.add(bind(k2, jws_algorithm::HS256)).has_value());
    auto v = jws_verifier::make(set, {jws_algorithm::HS256}).value();
    BOOST_TEST(v.verify(hs256_token(R"({"alg":"HS256","kid":"two"})", "{}", k2)).has_value());
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","kid":"two"})", "{}", k1)).error() == error::signature_invalid));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","kid":"Two"})", "{}", k2)).error() == error::unknown_key));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","kid":"three"})", "{}", k2)).error() == error::unknown_key));
    // Two candidate keys and no kid: ambiguous, never "try them all".
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256"})", "{}", k1)).error() == error::unknown_key));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","kid":2})", "{}", k2)).error() == error::wrong_member_type));
}

BOOST_AUTO_TEST_CASE(embedded_keys_are_never_used) {
    // An attacker signs with their own key and embeds it ("jwk"), or points at it ("jku", "x5u").
    auto attacker = jwk::from_octets(secret(std::string(32, 'a')), std::string("hk")).value();
    auto v = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    for (auto const* header :
         {R"({"alg":"HS256","kid":"hk","jwk":{"kty":"oct","k":"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE"}})",
          R"({"alg":"HS256","kid":"hk","jku":"https://attacker.example/jwks"})",
          R"({"alg":"HS256","kid":"hk","x5u":"https://attacker.example/cert"})"}) {
        BOOST_TEST((v.verify(hs256_token(header, "{}", attacker)).error() == error::signature_invalid), header);
        // Signed with the real key, the same header verifies (the members are simply ignored).
        auto ok = v.verify(hs256_token(header, "{}", hmac_key()));
        BOOST_TEST_REQUIRE(ok.has_value());
        BOOST_TEST(ok->header.members.size() == 3u);
    }
    // An asymmetric attacker key embedded as "jwk" does not help an RS256 token either.
    auto rs = verifier_for(bind(key_of(a2_key).to_public().value(), jws_algorithm::RS256));
    authwire::detail::evp_pkey_ptr evil(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048}));
    auto evil_key = jwk::from_evp_pkey(evil.get()).value();
    auto evil_signer = jws_signer::make(bind(evil_key, jws_algorithm::RS256)).value();
    boost::json::object h;
    h["jwk"] = evil_key.to_json().value();
    BOOST_TEST((rs.verify(evil_signer.sign("{}", h).value()).error() == error::signature_invalid));
}

BOOST_AUTO_TEST_CASE(crit_and_b64) {
    jws_options opt;
    opt.critical_extensions = {"exp-ext"};
    auto v = verifier_for(bind(hmac_key(), jws_algorithm::HS256), {}, opt);
    auto plain = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    auto const ok = hs256_token(R"({"alg":"HS256","crit":["exp-ext"],"exp-ext":1})", "{}", hmac_key());
    BOOST_TEST(v.verify(ok).has_value());
    BOOST_TEST((plain.verify(ok).error() == error::unsupported_critical));  // not understood by this verifier
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","crit":["other"],"other":1})", "{}", hmac_key())).error() ==
                error::unsupported_critical));
    for (auto const* bad : {R"({"alg":"HS256","crit":[]})",                  // empty list
                            R"({"alg":"HS256","crit":"exp-ext","exp-ext":1})",  // not a list
                            R"({"alg":"HS256","crit":["exp-ext"]})",          // listed but absent
                            R"({"alg":"HS256","crit":["exp-ext","exp-ext"],"exp-ext":1})",
                            R"({"alg":"HS256","crit":["alg"]})",              // a registered name
                            R"({"alg":"HS256","crit":[1]})"}) {
        BOOST_TEST((v.verify(hs256_token(bad, "{}", hmac_key())).error() == error::malformed_token), bad);
    }
    // RFC 7797: unencoded payloads are not supported.
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","b64":false,"crit":["b64"]})", "{}", hmac_key())).error() ==
                error::unsupported_critical));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","b64":false})", "{}", hmac_key())).error() ==
                error::unsupported_critical));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","b64":"no"})", "{}", hmac_key())).error() ==
                error::malformed_token));
    BOOST_TEST(v.verify(hs256_token(R"({"alg":"HS256","b64":true,"crit":["b64"]})", "{}", hmac_key())).has_value());
}

BOOST_AUTO_TEST_CASE(malformed_tokens) {
    auto v = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    auto const good = hs256_token(R"({"alg":"HS256"})", "{}", hmac_key());
    BOOST_TEST(v.verify(good).has_value());
    // A JWE (five segments) is a typed error, not a parse failure.
    BOOST_TEST((v.verify("eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y3Q.dGFn").error() == error::wrong_token_type));
    for (auto const* bad : {"", ".", "..", "a.b", "a.b.c.d", "a.b.c.d.e.f", "...."}) {
        auto r = v.verify(bad);
        BOOST_TEST(!r.has_value(), bad);
    }
    BOOST_TEST((v.verify("a.b.c.d").error() == error::malformed_token));
    BOOST_TEST((v.verify(".e30.AAAA").error() == error::malformed_token));
    BOOST_TEST((v.verify(good.substr(0, good.rfind('.') + 1)).error() == error::malformed_token));  // no signature
    // Strict base64url everywhere: padding, whitespace, the standard alphabet.
    auto const dot1 = good.find('.');
    auto const dot2 = good.rfind('.');
    BOOST_TEST((v.verify(good.substr(0, dot1) + "=" + good.substr(dot1)).error() == error::malformed_base64));
    BOOST_TEST((v.verify(good.substr(0, dot1) + " " + good.substr(dot1)).error() == error::malformed_base64));
    BOOST_TEST((v.verify(good + "=").error() == error::malformed_base64));
    BOOST_TEST((v.verify(good.substr(0, dot2 + 1) + "+" + good.substr(dot2 + 2)).error() == error::malformed_base64));
    // (the payload is covered by the signature, which is checked first)
    BOOST_TEST((v.verify(good.substr(0, dot1 + 1) + "e30=" + good.substr(dot2)).error() == error::signature_invalid));
    BOOST_TEST((v.verify("\n" + good).error() == error::malformed_base64));
    // The header must be a JSON object without duplicates.
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256","alg":"HS256"})", "{}", hmac_key())).error() ==
                error::duplicate_member));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"none","alg":"HS256"})", "{}", hmac_key())).error() ==
                error::duplicate_member));
    BOOST_TEST((v.verify(hs256_token(R"(["HS256"])", "{}", hmac_key())).error() == error::malformed_token));
    BOOST_TEST((v.verify(hs256_token(R"({"alg":"HS256",})", "{}", hmac_key())).error() == error::malformed_json));
    BOOST_TEST((v.verify(hs256_token("{\"alg\":\"HS256\",\"x\":" + std::string(20, '[') + std::string(20, ']') + "}",
                                     "{}", hmac_key()))
                    .error() == error::nesting_too_deep));
    // Issue 12: raising max_header_depth does not let a deep header overflow the stack (limits::max_json_depth_cap).
    jws_options const deep_ok{.max_token_size = 8 * 1024 * 1024,
                              .max_header_depth = std::numeric_limits<std::size_t>::max(),
                              .critical_extensions = {}};
    auto const unlimited = verifier_for(bind(hmac_key(), jws_algorithm::HS256), {}, deep_ok);
    BOOST_TEST((unlimited.verify(hs256_token("{\"alg\":\"HS256\",\"x\":" + std::string(1'000'000, '[') +
                                                  std::string(1'000'000, ']') + "}",
                                              "{}", hmac_key()))
                    .error() == error::nesting_too_deep));
    BOOST_TEST((v.verify(hs256_token(std::string_view("{\"alg\":\"HS256\"}\0", 16), "{}", hmac_key())).error() ==
                error::malformed_json));
    // The payload may be empty (RFC 7515 allows it).
    auto empty = v.verify(hs256_token(R"({"alg":"HS256"})", "", hmac_key()));
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty->payload.empty());
}

BOOST_AUTO_TEST_CASE(size_limit_comes_first) {
    auto v = verifier_for(bind(hmac_key(), jws_algorithm::HS256));
    std::string const big(limits::max_compact_token_size + 1, '!');  // not even base64: the size decides
    BOOST_TEST((v.verify(big).error() == error::input_too_large));
    auto const large_payload = hs256_token(R"({"alg":"HS256"})", std::string(13000, 'x'), hmac_key());
    BOOST_TEST(large_payload.size() > limits::max_compact_token_size);
    BOOST_TEST((v.verify(large_payload).error() == error::input_too_large));
    jws_options opt;
    opt.max_token_size = 64 * 1024;
    auto roomy = verifier_for(bind(hmac_key(), jws_algorithm::HS256), {}, opt);
    BOOST_TEST(roomy.verify(large_payload).has_value());
    opt.max_token_size = 20;
    auto tight = verifier_for(bind(hmac_key(), jws_algorithm::HS256), {}, opt);
    BOOST_TEST((tight.verify(hs256_token(R"({"alg":"HS256"})", "{}", hmac_key())).error() == error::input_too_large));
    // A large header decodes into the heap buffer and still works.
    auto const big_header = hs256_token("{\"alg\":\"HS256\",\"pad\":\"" + std::string(2000, 'p') + "\"}", "{}", hmac_key());
    BOOST_TEST(v.verify(big_header).has_value());
}

BOOST_AUTO_TEST_CASE(ecdsa_signature_must_be_raw_and_in_range) {
    auto const key = key_of(a3_key);
    auto v = verifier_for(bind(key, jws_algorithm::ES256));
    std::string const input = std::string(a3_token).substr(0, std::string(a3_token).rfind('.') + 1);
    // All-zero r and s ("psychic signatures", CVE-2022-21449).
    BOOST_TEST((v.verify(input + base64url_encode(std::string(64, '\0'))).error() == error::signature_invalid));
    // r = 0 with a valid s, and r = n (the group order) — both out of range.
    auto sig = base64url_decode(std::string(a3_token).substr(std::string(a3_token).rfind('.') + 1)).value();
    auto zero_r = sig;
    std::fill(zero_r.begin(), zero_r.begin() + 32, '\0');
    BOOST_TEST((v.verify(input + base64url_encode(zero_r)).error() == error::signature_invalid));
    std::string const order_p256("\xff\xff\xff\xff\x00\x00\x00\x00\xff\xff\xff\xff\xff\xff\xff\xff"
                                 "\xbc\xe6\xfa\xad\xa7\x17\x9e\x84\xf3\xb9\xca\xc2\xfc\x63\x25\x51",
                                 32);
    BOOST_TEST_REQUIRE(order_p256.size() == 32u);
    BOOST_TEST((v.verify(input + base64url_encode(order_p256 + sig.substr(32))).error() == error::signature_invalid));
    BOOST_TEST((v.verify(input + base64url_encode(sig.substr(0, 32) + order_p256)).error() == error::signature_invalid));
    // A DER-encoded signature (what OpenSSL produces natively) is not a JWS signature.

    {
        authwire::detail::ecdsa_sig_ptr s(ECDSA_SIG_new());
        ECDSA_SIG_set0(s.get(), BN_bin2bn(reinterpret_cast<unsigned char const*>(sig.data()), 32, nullptr),
                       BN_bin2bn(reinterpret_cast<unsigned char const*>(sig.data()) + 32, 32, nullptr));
        unsigned char der[80];
        unsigned char* p = der;
        int const n = i2d_ECDSA_SIG(s.get(), &p);
        BOOST_TEST((v.verify(input + base64url_encode(std::span<unsigned char const>(der, static_cast<std::size_t>(n))))
                        .error() == error::signature_invalid));
    }
    // Wrong length (one byte short, one byte long).
    BOOST_TEST((v.verify(input + base64url_encode(sig.substr(1))).error() == error::signature_invalid));
    BOOST_TEST((v.verify(input + base64url_encode(sig + "x")).error() == error::signature_invalid));
}

BOOST_AUTO_TEST_CASE(prepared_hmac_state_is_reused_correctly) {
    // The keyed context is reused between calls (re-initialised, or duplicated under contention): every
    // call must give the same MAC as a fresh computation, interleaved signing and verifying included.
    auto const key = key_of(a1_key);
    auto v = verifier_for(bind(key, jws_algorithm::HS256));
    auto s = jws_signer::make(bind(key, jws_algorithm::HS256)).value();
    auto const first = s.sign("{}").value();
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(v.verify(a1_token).has_value());
        BOOST_TEST(s.sign("{}").value() == first);
        BOOST_TEST(!v.verify(std::string(a1_token) + "A").has_value());
        BOOST_TEST(v.verify(a1_token).has_value());
    }
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (!v.verify(a1_token)) ++failures;
                if (v.verify(hs256_token(R"({"alg":"HS256"})", "{}", hmac_key()))) ++failures;
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(failures.load() == 0);
}

BOOST_AUTO_TEST_CASE(signer_header_rules) {
    auto signer = jws_signer::make(bind(hmac_key(), jws_algorithm::HS256)).value();
    for (auto const* m : {"alg", "kid", "b64"}) {
        boost::json::object h;
        h[m] = "x";
        BOOST_TEST((signer.sign("{}", h).error() == error::invalid_argument), m);
    }
    auto token = signer.sign("payload").value();
    auto header = base64url_decode(token.substr(0, token.find('.'))).value();
    BOOST_TEST(header == R"({"alg":"HS256","kid":"hk"})");
}

BOOST_AUTO_TEST_CASE(verifier_from_a_key_ring_follows_rotation) {
    jws_key_ring ring;
    auto old_key = jwk::from_octets(secret(std::string(32, 'o')), std::string("old")).value();
    auto new_key = jwk::from_octets(secret(std::string(32, 'n')), std::string("new")).value();
    BOOST_REQUIRE(ring.rotate_to(bind(old_key, jws_algorithm::HS256)).has_value());
    auto const old_token = jws_signer::make(*ring.current()).value().sign("{}").value();
    BOOST_REQUIRE(ring.rotate_to(bind(new_key, jws_algorithm::HS256)).has_value());
    auto const new_token = jws_signer::make(*ring.current()).value().sign("{}").value();
    auto v = jws_verifier::make(ring).value();
    BOOST_TEST(v.verify(old_token).has_value());
    BOOST_TEST(v.verify(new_token).has_value());
    BOOST_REQUIRE(ring.retire("old").has_value());
    auto after = jws_verifier::make(ring).value();
    BOOST_TEST((after.verify(old_token).error() == error::unknown_key));
    BOOST_TEST(after.verify(new_token).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jws_test
