#include <authwire/jose/jwe.hpp>

#include "jose/jwe_test_support.hpp"

#include <authwire/jose/key_ring.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>
#include <vector>

namespace jose_jwe_test {

using namespace authwire;
using namespace authwire::jose;
using jwe_test::b64u;
using jwe_test::bytes;

boost::json::object const& obj(boost::json::object const& o, char const* name) { return o.at(name).as_object(); }

std::string text(boost::json::object const& o, char const* name) { return std::string(o.at(name).as_string()); }

bytes byte_array(boost::json::value const& v) {
    bytes out;
    for (auto const& e : v.as_array()) out.push_back(static_cast<unsigned char>(e.as_int64()));
    return out;
}

jwk key_of(boost::json::object const& o) { return jwk::from_json(o).value(); }

jwe_key bind(boost::json::object const& o, jwe_algorithm alg) { return jwe_key::make(key_of(o), alg).value(); }

boost::json::object appendix(char const* which) {
    return jwe_test::read_vector("rfc7516/appendix_a.json").at(which).as_object();
}

boost::json::object cookbook(std::string const& file) {
    return jwe_test::read_vector("rfc7520-cookbook/jwe/" + file);
}

std::vector<std::string> segments(std::string const& compact) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto const dot = compact.find('.', start);
        out.push_back(compact.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
    }
    return out;
}

jwe_decrypted decrypt_one(std::string const& compact, jwe_key const& key, jwe_encryption enc,
                          jwe_decrypt_options options = {}) {
    auto r = jwe_decrypt(compact, key, {enc}, std::move(options));
    BOOST_REQUIRE_MESSAGE(r.has_value(), "decryption failed: " << r.error().message());
    return std::move(*r);
}

BOOST_AUTO_TEST_SUITE(jose_jwe)

// ---- RFC 7516 Appendix A ------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(rfc7516_a1_rsa_oaep_a256gcm_decrypts) {
    auto const a1 = appendix("A.1");
    auto const key = bind(obj(a1, "key"), jwe_algorithm::RSA_OAEP);
    auto const r = decrypt_one(text(a1, "compact"), key, jwe_encryption::A256GCM);
    BOOST_TEST(r.plaintext == text(a1, "plaintext"));
    BOOST_TEST((r.header.alg() == jwe_algorithm::RSA_OAEP));
    BOOST_TEST((r.header.enc() == jwe_encryption::A256GCM));
    BOOST_TEST((!r.header.kid().has_value()));
}

BOOST_AUTO_TEST_CASE(rfc7516_a1_encrypts_with_the_given_cek_and_iv) {
    // RSA-OAEP is randomized: every segment but the encrypted key is the RFC's, and the whole decrypts.
    auto const a1 = appendix("A.1");
    auto const key = bind(obj(a1, "key"), jwe_algorithm::RSA_OAEP);
    auto fixed = jwe_test::fixed_bytes{byte_array(a1.at("cek"))};
    auto const iv = byte_array(a1.at("iv"));
    fixed.data.insert(fixed.data.end(), iv.begin(), iv.end());
    auto token = jwe_encrypt(text(a1, "plaintext"), key, jwe_encryption::A256GCM, {}, {}, fixed);
    BOOST_REQUIRE(token);
    auto const ours = segments(*token);
    auto const rfc = segments(text(a1, "compact"));
    BOOST_REQUIRE(ours.size() == 5u);
    BOOST_TEST(ours[0] == rfc[0]);
    BOOST_TEST(ours[1] != rfc[1]);
    BOOST_TEST(ours[1].size() == rfc[1].size());
    BOOST_TEST(ours[2] == rfc[2]);
    BOOST_TEST(ours[3] == rfc[3]);
    BOOST_TEST(ours[4] == rfc[4]);
    BOOST_TEST(decrypt_one(*token, key, jwe_encryption::A256GCM).plaintext == text(a1, "plaintext"));
}

BOOST_AUTO_TEST_CASE(rfc7516_a2_rsa1_5_is_refused_by_default) {
    auto const a2 = appendix("A.2");
    auto const key = bind(obj(a2, "key"), jwe_algorithm::RSA1_5);
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    // A decrypter cannot even be built with an RSA1_5 key unless it is enabled…
    BOOST_TEST((jwe_decrypter::make(keys, {jwe_encryption::A128CBC_HS256}).error() == error::algorithm_not_allowed));
    // …and a token saying RSA1_5 is refused by a decrypter for the same key under RSA-OAEP.
    auto const oaep = bind(obj(a2, "key"), jwe_algorithm::RSA_OAEP);
    auto r = jwe_decrypt(text(a2, "compact"), oaep, {jwe_encryption::A128CBC_HS256});
    BOOST_TEST((r.error() == error::algorithm_not_allowed));
    // Nor does an encrypter produce it.
    BOOST_TEST((jwe_encrypt("x", key, jwe_encryption::A128CBC_HS256).error() == error::algorithm_not_allowed));
}

BOOST_AUTO_TEST_CASE(rfc7516_a2_rsa1_5_when_explicitly_enabled) {
    auto const a2 = appendix("A.2");
    auto const key = bind(obj(a2, "key"), jwe_algorithm::RSA1_5);
    jwe_decrypt_options options;
    options.allow_rsa1_5 = true;
    BOOST_TEST(decrypt_one(text(a2, "compact"), key, jwe_encryption::A128CBC_HS256, options).plaintext ==
               text(a2, "plaintext"));

    auto fixed = jwe_test::fixed_bytes{byte_array(a2.at("cek"))};
    auto const iv = byte_array(a2.at("iv"));
    fixed.data.insert(fixed.data.end(), iv.begin(), iv.end());
    jwe_encrypt_options enc_options;
    enc_options.allow_rsa1_5 = true;
    auto token = jwe_encrypt(text(a2, "plaintext"), key, jwe_encryption::A128CBC_HS256, {}, enc_options, fixed);
    BOOST_REQUIRE(token);
    auto const ours = segments(*token);
    auto const rfc = segments(text(a2, "compact"));
    BOOST_TEST(ours[0] == rfc[0]);
    BOOST_TEST(ours[2] == rfc[2]);
    BOOST_TEST(ours[3] == rfc[3]);
    BOOST_TEST(ours[4] == rfc[4]);
    BOOST_TEST(decrypt_one(*token, key, jwe_encryption::A128CBC_HS256, options).plaintext == text(a2, "plaintext"));
}

BOOST_AUTO_TEST_CASE(rfc7516_a3_a128kw_a128cbc_hs256_exact_bytes) {
    auto const a3 = appendix("A.3");
    auto const key = bind(obj(a3, "key"), jwe_algorithm::A128KW);
    auto fixed = jwe_test::fixed_bytes{byte_array(a3.at("cek"))};
    auto const iv = byte_array(a3.at("iv"));
    fixed.data.insert(fixed.data.end(), iv.begin(), iv.end());
    auto token = jwe_encrypt(text(a3, "plaintext"), key, jwe_encryption::A128CBC_HS256, {}, {}, fixed);
    BOOST_REQUIRE(token);
    BOOST_TEST(*token == text(a3, "compact"));
    BOOST_TEST(decrypt_one(text(a3, "compact"), key, jwe_encryption::A128CBC_HS256).plaintext ==
               text(a3, "plaintext"));
}

// ---- RFC 7520 §5 (the JOSE cookbook) ---------------------------------------------------------------------------

struct cookbook_case {
    char const* file;
    jwe_algorithm alg;
    jwe_encryption enc;
};

// Every cookbook case that has a compact serialization and that authwire supports.
cookbook_case const cookbook_cases[] = {
    {"5_1.key_encryption_using_rsa_v15_and_aes-hmac-sha2.json", jwe_algorithm::RSA1_5, jwe_encryption::A128CBC_HS256},
    {"5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json", jwe_algorithm::RSA_OAEP, jwe_encryption::A256GCM},
    {"5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json",
     jwe_algorithm::ECDH_ES_A128KW, jwe_encryption::A128GCM},
    {"5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json", jwe_algorithm::ECDH_ES,
     jwe_encryption::A128CBC_HS256},
    {"5_6.direct_encryption_using_aes-gcm.json", jwe_algorithm::dir, jwe_encryption::A128GCM},
    {"5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json", jwe_algorithm::A256GCMKW,
     jwe_encryption::A128CBC_HS256},
    {"5_8.key_wrap_using_aes-keywrap_with_aes-gcm.json", jwe_algorithm::A128KW, jwe_encryption::A128GCM},
};

// The cookbook's recipient key. Its "alg" member names the algorithm the cookbook had in mind, which for the
// "dir" key of §5.6 is the content encryption ("A128GCM"); drop it so the key can be bound to "dir".
jwe_key cookbook_key(boost::json::object const& v, jwe_algorithm alg) {
    auto k = obj(obj(v, "input"), "key");
    k.erase("alg");
    return bind(k, alg);
}

BOOST_AUTO_TEST_CASE(cookbook_compact_tokens_decrypt) {
    jwe_decrypt_options options;
    options.allow_rsa1_5 = true;  // §5.1 uses it
    for (auto const& c : cookbook_cases) {
        BOOST_TEST_CONTEXT(c.file) {
            auto const v = cookbook(c.file);
            auto const key = cookbook_key(v, c.alg);
            auto const r = decrypt_one(text(obj(v, "output"), "compact"), key, c.enc, options);
            BOOST_TEST(r.plaintext == text(obj(v, "input"), "plaintext"));
            BOOST_TEST((r.header.alg() == c.alg));
            BOOST_TEST((r.header.enc() == c.enc));
            BOOST_TEST((r.header.kid() == key.kid()));
        }
    }
}

BOOST_AUTO_TEST_CASE(cookbook_compact_tokens_are_reproduced) {
    // With the cookbook's CEK, IVs and ephemeral keys, authwire writes the same bytes (the header member
    // order is the cookbook's). RSA padding is randomized, so for §5.1–5.2 the encrypted key differs.
    jwe_decrypt_options dopt;
    dopt.allow_rsa1_5 = true;
    for (auto const& c : cookbook_cases) {
        BOOST_TEST_CONTEXT(c.file) {
            auto const v = cookbook(c.file);
            auto const key = cookbook_key(v, c.alg);
            auto const& generated = obj(v, "generated");
            static boost::json::object const none;
            auto const& encrypting_key = v.contains("encrypting_key") ? obj(v, "encrypting_key") : none;
            jwe_test::fixed_bytes fixed;
            auto append = [&](bytes const& b) { fixed.data.insert(fixed.data.end(), b.begin(), b.end()); };
            if (generated.contains("cek")) append(b64u(text(generated, "cek")));
            if (c.alg == jwe_algorithm::A256GCMKW) append(b64u(text(encrypting_key, "iv")));
            append(b64u(text(generated, "iv")));
            jwe_encrypt_options options;
            options.allow_rsa1_5 = true;
            if (encrypting_key.contains("epk")) options.ephemeral_key = key_of(obj(encrypting_key, "epk"));
            auto token = jwe_encrypt(text(obj(v, "input"), "plaintext"), key, c.enc, {}, options, fixed);
            BOOST_REQUIRE(token);
            auto const expected = text(obj(v, "output"), "compact");
            if (c.alg == jwe_algorithm::RSA1_5 || c.alg == jwe_algorithm::RSA_OAEP) {
                auto const ours = segments(*token);
                auto const theirs = segments(expected);
                BOOST_TEST(ours[0] == theirs[0]);
                BOOST_TEST(ours[2] == theirs[2]);
                BOOST_TEST(ours[3] == theirs[3]);
                BOOST_TEST(ours[4] == theirs[4]);
            } else {
                BOOST_TEST(*token == expected);
            }
            BOOST_TEST(fixed.used == fixed.data.size());  // every fixed byte was drawn, in the documented order
            BOOST_TEST(decrypt_one(*token, key, c.enc, dopt).plaintext == text(obj(v, "input"), "plaintext"));
        }
    }
}

BOOST_AUTO_TEST_CASE(cookbook_5_3_pbes2_only_when_enabled) {
    auto const v = cookbook("5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json");
    auto const password = jwk::from_octets(secret(text(obj(v, "input"), "pwd"))).value();
    auto const key = jwe_key::make(password, jwe_algorithm::PBES2_HS512_A256KW).value();
    auto const compact = text(obj(v, "output"), "compact");
    // Refused by default, at construction and for a token naming it.
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    BOOST_TEST((jwe_decrypter::make(keys, {jwe_encryption::A128CBC_HS256}).error() == error::algorithm_not_allowed));
    auto const oct = jwe_key::make(jwk::from_octets(secret(std::string(16, 'k'))).value(), jwe_algorithm::A128KW).value();
    BOOST_TEST((jwe_decrypt(compact, oct, {jwe_encryption::A128CBC_HS256}).error() == error::algorithm_not_allowed));

    jwe_decrypt_options options;
    options.allow_pbes2 = true;
    auto const r = decrypt_one(compact, key, jwe_encryption::A128CBC_HS256, options);
    BOOST_TEST(r.plaintext == text(obj(v, "input"), "plaintext"));
    BOOST_TEST((r.header.cty() == std::optional<std::string_view>("jwk-set+json")));

    // The iteration count is capped: 8192 is above a cap of 8191.
    options.pbes2_max_iterations = 8191;
    BOOST_TEST((jwe_decrypt(compact, key, {jwe_encryption::A128CBC_HS256}, options).error() ==
                error::algorithm_not_allowed));

    // Reproduced with the cookbook's CEK, salt and IV.
    jwe_test::fixed_bytes fixed;
    for (auto const& b : {b64u(text(obj(v, "generated"), "cek")), b64u(text(obj(v, "encrypting_key"), "salt")),
                          b64u(text(obj(v, "generated"), "iv"))})
        fixed.data.insert(fixed.data.end(), b.begin(), b.end());
    jwe_encrypt_options eopt;
    eopt.allow_pbes2 = true;
    eopt.pbes2_iterations = 8192;
    jwe_header_params header;
    header.cty = "jwk-set+json";
    auto token = jwe_encrypt(text(obj(v, "input"), "plaintext"), key, jwe_encryption::A128CBC_HS256, header, eopt, fixed);
    BOOST_REQUIRE(token);
    BOOST_TEST(*token == compact);
    BOOST_TEST((jwe_encrypt("x", key, jwe_encryption::A128CBC_HS256).error() == error::algorithm_not_allowed));
}

BOOST_AUTO_TEST_CASE(cookbook_5_9_compressed_content_is_refused) {
    // RFC 7520 §5.9 uses "zip":"DEF"; authwire implements no compression and refuses the token cleanly.
    auto const v = cookbook("5_9.compressed_content.json");
    auto const key = cookbook_key(v, jwe_algorithm::A128KW);
    auto r = jwe_decrypt(text(obj(v, "output"), "compact"), key, {jwe_encryption::A128GCM});
    BOOST_TEST((r.error() == error::unsupported_algorithm));
}

BOOST_AUTO_TEST_CASE(cookbook_json_serialization_only_cases_are_refused) {
    // RFC 7520 §5.10–5.13 exist only in the JSON serializations (additional AAD, unprotected headers, several
    // recipients). authwire implements the compact serialization: their JSON forms are malformed tokens.
    for (auto const* file : {"5_10.including_additional_authentication_data.json",
                             "5_11.protecting_specific_header_fields.json", "5_12.protecting_content_only.json",
                             "5_13.encrypting_to_multiple_recipients.json"}) {
        BOOST_TEST_CONTEXT(file) {
            auto const v = cookbook(file);
            BOOST_TEST(!obj(v, "output").contains("compact"));
            auto const key = jwe_key::make(jwk::from_octets(secret(std::string(16, 'k'))).value(),
                                           jwe_algorithm::A128KW).value();
            for (auto const* form : {"json", "json_flat"}) {
                if (!obj(v, "output").contains(form)) continue;
                auto const json = boost::json::serialize(obj(v, "output").at(form));
                auto r = jwe_decrypt(json, key, {jwe_encryption::A128GCM});
                BOOST_TEST((r.error() == error::malformed_token));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(cookbook_curve25519_ecdh_es_x25519) {
    // RFC 8037 §3.2 ECDH-ES with X25519, from the cookbook's curve25519 set.
    auto const v = jwe_test::read_vector("rfc7520-cookbook/curve25519/ecdh-es.json");
    auto const key = bind(obj(obj(v, "input"), "key"), jwe_algorithm::ECDH_ES);
    auto const r = decrypt_one(text(obj(v, "output"), "compact"), key, jwe_encryption::A128GCM);
    BOOST_TEST(r.plaintext == text(obj(v, "input"), "plaintext"));
    BOOST_TEST((r.header.kid() == std::optional<std::string_view>("Bob")));
}

BOOST_AUTO_TEST_CASE(rfc8037_a6_ecdh_es_a128kw_x25519_agrees) {
    // RFC 8037 A.6: Bob's X25519 key (RFC 7748 §6.1) and Alice's ephemeral key as the "epk". Encrypting with
    // Alice's ephemeral key writes its public key as "epk"; Bob decrypts.
    auto const bob = key_of(boost::json::object{
        {"kty", "OKP"}, {"crv", "X25519"}, {"kid", "Bob"}, {"x", "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"},
        {"d", base64url_encode(jwe_test::hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))}});
    auto const alice_ephemeral = key_of(boost::json::object{
        {"kty", "OKP"}, {"crv", "X25519"}, {"x", "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},
        {"d", base64url_encode(jwe_test::hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))}});
    auto const key = jwe_key::make(bob, jwe_algorithm::ECDH_ES_A128KW).value();
    jwe_encrypt_options options;
    options.ephemeral_key = alice_ephemeral;
    auto token = jwe_encrypt("Live long and prosper.", key, jwe_encryption::A128GCM, {}, options);
    BOOST_REQUIRE(token);
    auto const header = jwe_test::str(b64u(segments(*token)[0]));
    BOOST_TEST(header == R"({"alg":"ECDH-ES+A128KW","kid":"Bob","epk":{"kty":"OKP","crv":"X25519",)"
                         R"("x":"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"},"enc":"A128GCM"})");
    BOOST_TEST(decrypt_one(*token, key, jwe_encryption::A128GCM).plaintext == "Live long and prosper.");
}

// ---- the API ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(header_members_are_written_in_order_and_read_back) {
    auto const k = jwk::from_octets(secret(std::string(32, 'z')), "key-1").value();
    auto const key = jwe_key::make(k, jwe_algorithm::dir).value();
    jwe_header_params header;
    header.typ = "at+jwt";
    header.cty = "JWT";
    header.extra["iss"] = "https://as.example";
    header.extra["ver"] = 2;
    auto token = jwe_encrypt("inner", key, jwe_encryption::A256GCM, header);
    BOOST_REQUIRE(token);
    auto const parts = segments(*token);
    BOOST_TEST(parts[1].empty());  // "dir": no encrypted key
    BOOST_TEST(jwe_test::str(b64u(parts[0])) ==
               R"({"alg":"dir","kid":"key-1","typ":"at+jwt","cty":"JWT","iss":"https://as.example","ver":2,)"
               R"("enc":"A256GCM"})");
    auto r = decrypt_one(*token, key, jwe_encryption::A256GCM);
    BOOST_TEST(r.plaintext == "inner");
    BOOST_TEST((r.header.typ() == std::optional<std::string_view>("at+jwt")));
    BOOST_TEST((r.header.cty() == std::optional<std::string_view>("JWT")));
    BOOST_TEST((r.header.kid() == std::optional<std::string_view>("key-1")));
    BOOST_TEST(r.header.members().at("ver").as_int64() == 2);

    // An explicit kid replaces the key's.
    header.kid = "other";
    token = jwe_encrypt("inner", key, jwe_encryption::A256GCM, header);
    BOOST_REQUIRE(token);
    BOOST_TEST(jwe_test::str(b64u(segments(*token)[0])).find(R"("kid":"other")") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_encrypter_refuses_what_cannot_work) {
    auto const k32 = jwk::from_octets(secret(std::string(32, 'z'))).value();
    auto const dir = jwe_key::make(k32, jwe_algorithm::dir).value();
    // RFC 7518 §4.5: a "dir" key is exactly the CEK, so its size must be enc's key size.
    BOOST_TEST((jwe_encrypter::make(dir, jwe_encryption::A128GCM).error() == error::key_unusable));
    BOOST_TEST((jwe_encrypter::make(dir, jwe_encryption::A256CBC_HS512).error() == error::key_unusable));
    BOOST_TEST(jwe_encrypter::make(dir, jwe_encryption::A128CBC_HS256).has_value());
    // Registered header names cannot be smuggled in through `extra`.
    for (auto const* name : {"alg", "enc", "zip", "crit", "epk", "iv", "tag", "p2c", "kid", "jwk"}) {
        jwe_header_params h;
        h.extra[name] = "x";
        BOOST_TEST((jwe_encrypter::make(dir, jwe_encryption::A256GCM, h).error() == error::invalid_argument));
    }
    // apu/apv only mean something for ECDH-ES.
    jwe_header_params h;
    h.apu = "Alice";
    BOOST_TEST((jwe_encrypter::make(dir, jwe_encryption::A256GCM, h).error() == error::invalid_argument));
    // PBES2 settings below the minimums.
    auto const pw = jwe_key::make(k32, jwe_algorithm::PBES2_HS256_A128KW).value();
    jwe_encrypt_options o;
    o.allow_pbes2 = true;
    o.pbes2_iterations = 999;
    BOOST_TEST((jwe_encrypter::make(pw, jwe_encryption::A128GCM, {}, o).error() == error::invalid_argument));
    o.pbes2_iterations = 1000;
    o.pbes2_salt_size = 7;
    BOOST_TEST((jwe_encrypter::make(pw, jwe_encryption::A128GCM, {}, o).error() == error::invalid_argument));
    o.pbes2_salt_size = 8;
    BOOST_TEST(jwe_encrypter::make(pw, jwe_encryption::A128GCM, {}, o).has_value());
    // A failing random source is an error, never a weak token.
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((jwe_encrypt("x", dir, jwe_encryption::A128CBC_HS256, {}, {}, broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_CASE(an_encrypter_is_reused_and_never_repeats_an_iv) {
    auto const key = jwe_key::make(jwk::generate_octets(32).value(), jwe_algorithm::dir).value();
    auto const e = jwe_encrypter::make(key, jwe_encryption::A256GCM).value();
    std::set<std::string> ivs;
    for (int i = 0; i < 50; ++i) {
        auto t = e.encrypt(std::string_view("same plaintext"));
        BOOST_REQUIRE(t);
        BOOST_TEST(ivs.insert(segments(*t)[2]).second);
        BOOST_TEST(decrypt_one(*t, key, jwe_encryption::A256GCM).plaintext == "same plaintext");
    }
}

BOOST_AUTO_TEST_CASE(key_rotation_selects_by_kid) {
    auto const old_key = jwe_key::make(jwk::generate_octets(32, "2024").value(), jwe_algorithm::dir).value();
    auto const new_key = jwe_key::make(jwk::generate_octets(32, "2025").value(), jwe_algorithm::dir).value();
    jwe_key_ring ring;
    BOOST_REQUIRE(ring.rotate_to(old_key));
    auto const old_token = jwe_encrypt("old", *ring.current(), jwe_encryption::A256GCM).value();
    BOOST_REQUIRE(ring.rotate_to(new_key));
    auto const new_token = jwe_encrypt("new", *ring.current(), jwe_encryption::A256GCM).value();

    auto const d = jwe_decrypter::make(ring.keys(), {jwe_encryption::A256GCM}).value();
    BOOST_TEST(d.decrypt(old_token)->plaintext == "old");
    BOOST_TEST(d.decrypt(new_token)->plaintext == "new");

    // Retired: the old token's kid is unknown now.
    BOOST_REQUIRE(ring.retire("2024"));
    auto const d2 = jwe_decrypter::make(ring.keys(), {jwe_encryption::A256GCM}).value();
    BOOST_TEST((d2.decrypt(old_token).error() == error::unknown_key));
    BOOST_TEST(d2.decrypt(new_token)->plaintext == "new");
}

BOOST_AUTO_TEST_CASE(decrypt_into_reuses_the_buffer) {
    auto const key = jwe_key::make(jwk::generate_octets(32, "k").value(), jwe_algorithm::dir).value();
    jwe_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    auto const d = jwe_decrypter::make(keys, {jwe_encryption::A256GCM}).value();
    std::string const payload(300, 'p');
    auto const token = jwe_encrypt(payload, key, jwe_encryption::A256GCM).value();
    std::string plaintext;
    plaintext.reserve(2048);
    auto const* storage = plaintext.data();
    for (int i = 0; i < 3; ++i) {
        auto h = d.decrypt_into(token, plaintext);
        BOOST_REQUIRE(h);
        BOOST_TEST(plaintext == payload);
        BOOST_TEST(plaintext.data() == storage);  // no reallocation
    }
    // On failure the buffer is left empty.
    auto bad = token;
    bad[bad.size() - 2] = bad[bad.size() - 2] == 'A' ? 'B' : 'A';
    BOOST_TEST((d.decrypt_into(bad, plaintext).error() == error::decryption_failed));
    BOOST_TEST(plaintext.empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_test
