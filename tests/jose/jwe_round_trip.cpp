#include <authwire/jose/jwe.hpp>

#include "jose/jwe_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/rsa.h>

#include <string>
#include <vector>

namespace jose_jwe_round_trip_test {

using namespace authwire;
using namespace authwire::jose;

jwk generated(char const* type, char const* curve = nullptr) {
    authwire::detail::evp_pkey_ptr p(std::string_view(type) == "RSA" ? EVP_RSA_gen(2048)
                                     : curve != nullptr             ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve)
                                                                    : EVP_PKEY_Q_keygen(nullptr, nullptr, type));
    return jwk::from_evp_pkey(p.get(), "rt").value();
}

jwk octets(std::size_t n) { return jwk::generate_octets(n, "rt").value(); }

BOOST_AUTO_TEST_SUITE(jose_jwe_round_trip)

BOOST_AUTO_TEST_CASE(every_alg_with_every_enc) {
    auto const rsa = generated("RSA");
    std::vector<std::pair<jwk, char const*>> const curves = {
        {generated("EC", "P-256"), "P-256"}, {generated("EC", "P-384"), "P-384"},
        {generated("EC", "P-521"), "P-521"}, {generated("X25519"), "X25519"}};
    jwe_encrypt_options eo;
    eo.allow_rsa1_5 = true;
    eo.allow_pbes2 = true;
    eo.pbes2_iterations = 1000;
    jwe_decrypt_options dopt;
    dopt.allow_rsa1_5 = true;
    dopt.allow_pbes2 = true;
    std::string const plaintext = "round trip: \xe2\x80\x93 with UTF-8, and long enough to span several blocks.";
    std::size_t combinations = 0;

    auto check = [&](jwk const& key, jwe_algorithm alg, jwe_encryption enc, char const* what) {
        BOOST_TEST_CONTEXT(to_string(alg) << " / " << to_string(enc) << " " << what) {
            auto const binding = jwe_key::make(key, alg);
            BOOST_REQUIRE(binding);
            auto const token = jwe_encrypt(plaintext, *binding, enc, {}, eo);
            BOOST_REQUIRE(token);
            auto const r = jwe_decrypt(*token, *binding, {enc}, dopt);
            BOOST_REQUIRE(r);
            BOOST_TEST(r->plaintext == plaintext);
            BOOST_TEST((r->header.alg() == alg));
            BOOST_TEST((r->header.enc() == enc));
            // Decrypting with only the other encs allowed is refused.
            std::vector<jwe_encryption> others;
            for (auto e : jose::detail::all_jwe_encryptions)
                if (e != enc) others.push_back(e);
            jwe_key_set keys;
            BOOST_REQUIRE(keys.add(*binding));
            auto const d = jwe_decrypter::make(keys, others, dopt);
            if (d) BOOST_TEST((d->decrypt(*token).error() == error::algorithm_not_allowed));
            ++combinations;
        }
    };

    for (auto enc : jose::detail::all_jwe_encryptions) {
        auto const cek_size = jose::detail::content_encryption_of(enc).key_size;
        check(octets(cek_size), jwe_algorithm::dir, enc, "");
        for (auto alg : {jwe_algorithm::RSA1_5, jwe_algorithm::RSA_OAEP, jwe_algorithm::RSA_OAEP_256})
            check(rsa, alg, enc, "RSA-2048");
        check(octets(16), jwe_algorithm::A128KW, enc, "");
        check(octets(24), jwe_algorithm::A192KW, enc, "");
        check(octets(32), jwe_algorithm::A256KW, enc, "");
        check(octets(16), jwe_algorithm::A128GCMKW, enc, "");
        check(octets(24), jwe_algorithm::A192GCMKW, enc, "");
        check(octets(32), jwe_algorithm::A256GCMKW, enc, "");
        for (auto const& [key, name] : curves)
            for (auto alg : {jwe_algorithm::ECDH_ES, jwe_algorithm::ECDH_ES_A128KW, jwe_algorithm::ECDH_ES_A192KW,
                             jwe_algorithm::ECDH_ES_A256KW})
                check(key, alg, enc, name);
        auto const password = jwk::from_octets(secret("Thus from my lips, by yours, my sin is purged.")).value();
        for (auto alg : {jwe_algorithm::PBES2_HS256_A128KW, jwe_algorithm::PBES2_HS384_A192KW,
                         jwe_algorithm::PBES2_HS512_A256KW})
            check(password, alg, enc, "password");
    }
    BOOST_TEST(combinations == 6u * (1 + 3 + 3 + 3 + 16 + 3));
}

BOOST_AUTO_TEST_CASE(ecdh_es_with_party_info) {
    // RFC 7518 §4.6.1.2–3: apu/apv are written to the header and enter the KDF; the recipient uses the header's.
    auto const key = jwe_key::make(generated("EC", "P-256"), jwe_algorithm::ECDH_ES_A256KW).value();
    jwe_header_params h;
    h.apu = "Alice";
    h.apv = "Bob";
    auto const token = jwe_encrypt("party", key, jwe_encryption::A256GCM, h).value();
    auto const header = jwe_test::str(jwe_test::b64u(token.substr(0, token.find('.'))));
    BOOST_TEST(header.find(R"("apu":"QWxpY2U")") != std::string::npos);
    BOOST_TEST(header.find(R"("apv":"Qm9i")") != std::string::npos);
    BOOST_TEST(jwe_decrypt(token, key, {jwe_encryption::A256GCM})->plaintext == "party");
}

BOOST_AUTO_TEST_CASE(empty_and_large_plaintexts) {
    auto const key = jwe_key::make(jwk::generate_octets(32, "k").value(), jwe_algorithm::A256KW).value();
    for (auto enc : {jwe_encryption::A256GCM, jwe_encryption::A128CBC_HS256}) {
        for (std::size_t n : {0u, 1u, 16u, 8000u}) {
            std::string const plaintext(n, 'm');
            auto const token = jwe_encrypt(plaintext, key, enc).value();
            auto const r = jwe_decrypt(token, key, {enc});
            BOOST_REQUIRE(r);
            BOOST_TEST(r->plaintext == plaintext);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_round_trip_test
