#include <authwire/jose/jwk.hpp>

#include <authwire/jose/jwk_set.hpp>

#include "test_vectors.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/bn.h>
#include <openssl/evp.h>

#include <string>

namespace jose_jwk_test {

using namespace authwire;
using namespace authwire::jose;

// RFC 7517 Appendix A.1: example public keys.
constexpr char rfc7517_a1[] = R"({"keys":
 [
  {"kty":"EC",
   "crv":"P-256",
   "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
   "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
   "use":"enc",
   "kid":"1"},

  {"kty":"RSA",
   "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
   "e":"AQAB",
   "alg":"RS256",
   "kid":"2011-04-29"}
 ]
})";

// RFC 7517 Appendix A.2: the EC private key.
constexpr char rfc7517_a2_ec[] = R"({"kty":"EC",
   "crv":"P-256",
   "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
   "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
   "d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE",
   "use":"enc",
   "kid":"1"})";

// RFC 7517 Appendix A.3: symmetric keys.
constexpr char rfc7517_a3[] = R"({"keys":
 [
  {"kty":"oct",
   "alg":"A128KW",
   "k":"GawgguFyGrWKav7AX4VKUg"},

  {"kty":"oct",
   "k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow",
   "kid":"HMAC key used in JWS spec A.1 example"}
 ]
})";

// RFC 8037 Appendix A.1: the Ed25519 private key.
constexpr char rfc8037_a1[] = R"({"kty":"OKP","crv":"Ed25519",
   "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
   "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";

authwire::detail::evp_pkey_ptr keygen(char const* type, char const* arg = nullptr, std::size_t bits = 0) {
    if (arg != nullptr) return authwire::detail::evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, type, arg));
    if (bits != 0) return authwire::detail::evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, type, bits));
    return authwire::detail::evp_pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, type));
}

std::string with_member(std::string json, std::string const& name, std::string const& value) {
    // Replaces the string value of `name` in a flat JSON object written by the tests.
    auto const key = "\"" + name + "\":\"";
    auto const at = json.find(key);
    BOOST_REQUIRE(at != std::string::npos);
    auto const start = at + key.size();
    auto const end = json.find('"', start);
    return json.replace(start, end - start, value);
}

BOOST_AUTO_TEST_SUITE(jose_jwk)

BOOST_AUTO_TEST_CASE(rfc7517_a1_public_keys_and_rfc7638_thumbprint) {
    auto set = jwk_set::parse(rfc7517_a1);
    BOOST_TEST_REQUIRE(set.has_value());
    BOOST_TEST(set->size() == 2u);
    BOOST_TEST(set->skipped() == 0u);

    auto const& ec = set->keys()[0];
    BOOST_TEST((ec.kty() == key_type::EC));
    BOOST_TEST((ec.crv() == curve::P_256));
    BOOST_TEST(ec.kid().value() == "1");
    BOOST_TEST(ec.use().value() == "enc");
    BOOST_TEST(!ec.has_private());
    BOOST_TEST(ec.bits() == 256u);

    auto const& rsa = set->keys()[1];
    BOOST_TEST((rsa.kty() == key_type::RSA));
    BOOST_TEST(rsa.bits() == 2048u);
    BOOST_TEST(rsa.alg().value() == "RS256");
    // RFC 7638 §3.1: the thumbprint of this very key.
    BOOST_TEST(rsa.thumbprint().value() == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");

    BOOST_TEST(set->find("2011-04-29") == &rsa);
    BOOST_TEST(set->find("2011-04-2") == nullptr);  // exact match only
    BOOST_TEST(set->find("1 ") == nullptr);

    // Serializing gives back the same members.
    auto again = parse_json(set->serialize().value()).value();
    auto original = parse_json(rfc7517_a1).value();
    BOOST_TEST(again == original);
}

BOOST_AUTO_TEST_CASE(rfc7517_a2_ec_private_key_and_public_view) {
    auto k = jwk::parse(rfc7517_a2_ec);
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(k->has_private());
    BOOST_TEST(k->evp_pkey() != nullptr);

    // Private material only on explicit request.
    auto pub_json = k->to_json().value();
    BOOST_TEST(!pub_json.contains("d"));
    auto priv_json = k->to_json(jwk_members::include_private).value();
    BOOST_TEST(priv_json.at("d").as_string() == "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE");
    BOOST_TEST(boost::json::value(priv_json) == parse_json(rfc7517_a2_ec).value());

    auto pub = k->to_public();
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(!pub->has_private());
    BOOST_TEST(pub->kid().value() == "1");
    BOOST_TEST(pub->thumbprint().value() == k->thumbprint().value());
    BOOST_TEST(!pub->to_json(jwk_members::include_private).value().contains("d"));
}

BOOST_AUTO_TEST_CASE(rfc7517_a3_symmetric_keys) {
    auto set = jwk_set::parse(rfc7517_a3);
    BOOST_TEST_REQUIRE(set.has_value());
    auto const& kw = set->keys()[0];
    BOOST_TEST((kw.kty() == key_type::oct));
    BOOST_TEST(kw.symmetric_key()->size() == 16u);
    BOOST_TEST(kw.alg().value() == "A128KW");
    BOOST_TEST(set->keys()[1].symmetric_key()->size() == 64u);
    BOOST_TEST(kw.evp_pkey() == nullptr);
    // A symmetric key has no public form.
    BOOST_TEST((kw.to_public().error() == error::key_unusable));
    BOOST_TEST((kw.to_json().error() == error::key_unusable));
    BOOST_TEST((set->serialize().error() == error::key_unusable));
    BOOST_TEST(parse_json(set->serialize(jwk_members::include_private).value()).value() ==
               parse_json(rfc7517_a3).value());
}

BOOST_AUTO_TEST_CASE(rfc7517_b_x5c_is_ignored) {
    // RFC 7517 Appendix B: an RSA key carrying an "x5c" chain. The key members are verbatim; the chain is
    // cut to its first line here, since authwire ignores "x5c" (keys never come from certificates).
    auto k = jwk::parse(R"({"kty":"RSA",
      "use":"sig",
      "kid":"1b94c",
      "n":"vrjOfz9Ccdgx5nQudyhdoR17V-IubWMeOZCwX_jj0hgAsz2J_pqYW08PLbK_PdiVGKPrqzmDIsLI7sA25VEnHU1uCLNwBuUiCO11_-7dYbsr4iJmG0Qu2j8DsVyT1azpJC_NG84Ty5KKthuCaPod7iI7w0LK9orSMhBEwwZDCxTWq4aYWAchc8t-emd9qOvWtVMDC2BXksRngh6X5bUYLy6AyHKvj-nUy1wgzjYQDwHMTplCoLtU-o-8SNnZ1tmRoGE9uJkBLdh5gFENabWnU5m1ZqZPdwS-qo-meMvVfJb6jJVWRpl2SUtCnYG2C32qvbWbjZ_jBPD5eunqsIo1vQ",
      "e":"AQAB",
      "x5c":["MIIDQjCCAiqgAwIBAgIGATz/FuLiMA0GCSqGSIb3DQEBBQUAMGIxCzAJB"]})");
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(k->kid().value() == "1b94c");
    BOOST_TEST(k->use().value() == "sig");
    BOOST_TEST(k->bits() == 2048u);
    BOOST_TEST(!k->to_json().value().contains("x5c"));
}

BOOST_AUTO_TEST_CASE(rfc8037_a_ed25519_key_and_thumbprint) {
    auto k = jwk::parse(rfc8037_a1);
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST((k->kty() == key_type::OKP));
    BOOST_TEST((k->crv() == curve::Ed25519));
    BOOST_TEST(k->has_private());
    // RFC 8037 A.3
    BOOST_TEST(k->thumbprint().value() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    // RFC 8037 A.2: the public key alone.
    auto pub = jwk::parse(R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})");
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->thumbprint().value() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
    // A private key whose d does not derive x is not a key.
    auto mismatched = with_member(rfc8037_a1, "x", "Jmc1NYz8ryD84oC7ri7Kvt1Fj7XH-j-Bcu6ZiMdNA5k");
    BOOST_TEST((jwk::parse(mismatched).error() == error::malformed_key));
}

BOOST_AUTO_TEST_CASE(rfc7520_cookbook_keys_round_trip) {
    for (auto const* name : {"jwk/3_1.ec_public_key.json", "jwk/3_2.ec_private_key.json",
                             "jwk/3_3.rsa_public_key.json", "jwk/3_4.rsa_private_key.json",
                             "jwk/3_5.symmetric_key_mac_computation.json",
                             "jwk/3_6.symmetric_key_encryption.json"}) {
        BOOST_TEST_CONTEXT(name) {
            auto const text = authwire_test::read_text_file(std::string("rfc7520-cookbook/") + name);
            auto k = jwk::parse(text);
            BOOST_TEST_REQUIRE(k.has_value());
            auto out = k->to_json(jwk_members::include_private);
            BOOST_TEST_REQUIRE(out.has_value());
            BOOST_TEST(boost::json::value(*out) == parse_json(text).value());
        }
    }
    auto rsa = jwk::parse(authwire_test::read_text_file("rfc7520-cookbook/jwk/3_4.rsa_private_key.json")).value();
    BOOST_TEST(rsa.has_private());
    BOOST_TEST(rsa.kid().value() == "bilbo.baggins@hobbiton.example");
    BOOST_TEST(rsa.bits() == 2048u);
    auto ec = jwk::parse(authwire_test::read_text_file("rfc7520-cookbook/jwk/3_2.ec_private_key.json")).value();
    BOOST_TEST((ec.crv() == curve::P_521));
    BOOST_TEST(ec.bits() == 521u);
}

BOOST_AUTO_TEST_CASE(pem_round_trip_and_strictness) {
    auto ec = jwk::parse(rfc7517_a2_ec).value();
    auto priv_pem = ec.to_private_pem();
    BOOST_TEST_REQUIRE(priv_pem.has_value());
    BOOST_TEST(priv_pem->starts_with("-----BEGIN PRIVATE KEY-----"));
    auto back = jwk::from_pem(*priv_pem, std::string("1"));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->has_private());
    // PEM carries the key, not the JWK metadata ("use" is gone; the kid was given again).
    BOOST_TEST(back->with_use("enc").to_json(jwk_members::include_private).value() ==
               ec.to_json(jwk_members::include_private).value());

    auto pub_pem = ec.to_public_pem();
    BOOST_TEST_REQUIRE(pub_pem.has_value());
    BOOST_TEST(pub_pem->starts_with("-----BEGIN PUBLIC KEY-----"));
    auto pub = jwk::from_pem(*pub_pem);
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(!pub->has_private());
    BOOST_TEST(!pub->kid().has_value());
    BOOST_TEST(pub->thumbprint().value() == ec.thumbprint().value());
    BOOST_TEST((pub->to_private_pem().error() == error::key_unusable));

    auto ed = jwk::parse(rfc8037_a1).value();
    auto ed_back = jwk::from_pem(ed.to_private_pem().value());
    BOOST_TEST_REQUIRE(ed_back.has_value());
    BOOST_TEST(ed_back->thumbprint().value() == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");

    // Only PKCS#8 and SPKI; garbage, truncation, traditional formats and encrypted keys fail cleanly.
    BOOST_TEST((jwk::from_pem("").error() == error::malformed_key));
    BOOST_TEST((jwk::from_pem("hello").error() == error::malformed_key));
    BOOST_TEST((jwk::from_pem(priv_pem->substr(0, priv_pem->size() / 2)).error() == error::malformed_key));
    std::string traditional = *priv_pem;
    traditional.replace(0, 27, "-----BEGIN EC PRIVATE KEY-----");
    BOOST_TEST((jwk::from_pem(traditional).error() == error::malformed_key));
    BOOST_TEST((jwk::from_pem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n")
                    .error() == error::malformed_key));
    BOOST_TEST((jwk::from_pem(std::string(70 * 1024, 'A')).error() == error::input_too_large));
    BOOST_TEST((jwk::from_octets(secret("0123456789abcdef")).value().to_public_pem().error() ==
                error::key_unusable));
}

BOOST_AUTO_TEST_CASE(evp_pkey_round_trip_for_every_key_type) {
    struct gen_t {
        char const* type;
        char const* arg;
        std::size_t bits;
        key_type kty;
    };
    for (auto const& g : {gen_t{"EC", "P-256", 0, key_type::EC}, gen_t{"EC", "P-384", 0, key_type::EC},
                          gen_t{"EC", "P-521", 0, key_type::EC}, gen_t{"ED25519", nullptr, 0, key_type::OKP},
                          gen_t{"X25519", nullptr, 0, key_type::OKP}, gen_t{"RSA", nullptr, 2048, key_type::RSA}}) {
        BOOST_TEST_CONTEXT(g.type << ' ' << (g.arg ? g.arg : "")) {
            auto pkey = keygen(g.type, g.arg, g.bits);
            BOOST_TEST_REQUIRE(pkey != nullptr);
            auto k = jwk::from_evp_pkey(pkey.get(), std::string("k1"));
            BOOST_TEST_REQUIRE(k.has_value());
            BOOST_TEST((k->kty() == g.kty));
            BOOST_TEST(k->has_private());
            BOOST_TEST(k->kid().value() == "k1");
            auto text = k->serialize(jwk_members::include_private).value();
            auto again = jwk::parse(text);
            BOOST_TEST_REQUIRE(again.has_value());
            BOOST_TEST(again->serialize(jwk_members::include_private).value() == text);
            BOOST_TEST(again->thumbprint().value() == k->thumbprint().value());
            BOOST_TEST(EVP_PKEY_eq(again->evp_pkey(), pkey.get()) == 1);
            // Metadata changes share the key material.
            auto renamed = k->with_kid("k2").with_use("sig");
            BOOST_TEST(renamed.kid().value() == "k2");
            BOOST_TEST(renamed.use().value() == "sig");
            BOOST_TEST(renamed.evp_pkey() == k->evp_pkey());
            BOOST_TEST(k->kid().value() == "k1");
        }
    }
    BOOST_TEST((jwk::from_evp_pkey(nullptr).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(rsa_below_2048_bits_is_weak) {
    auto small = keygen("RSA", nullptr, 1024);
    BOOST_TEST_REQUIRE(small != nullptr);
    BOOST_TEST((jwk::from_evp_pkey(small.get()).error() == error::weak_key));
    auto as_json = jwk::from_evp_pkey(keygen("RSA", nullptr, 2048).get()).value().to_json().value();
    // Same shape, 1024-bit modulus taken from a real key: rejected when parsed too.
    BIGNUM* n = nullptr;
    BOOST_TEST_REQUIRE(EVP_PKEY_get_bn_param(small.get(), "n", &n) == 1);
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(n)), '\0');
    BN_bn2bin(n, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(n);
    as_json["n"] = base64url_encode(bytes);
    BOOST_TEST((jwk::from_json(as_json).error() == error::weak_key));
}

// Issue 12, CVE-2017-15361 (ROCA): RSA moduli from Infineon's RSALib are factored in practical time whatever
// their size. Two public test vectors of the original detector (github.com/crocs-muni/roca, roca/tests/data):
// mod03.txt, a 2048-bit modulus, and the 2049-bit modulus of pubkey03.pem (only the numbers are used here).
constexpr char roca_mod03_hex[] =
    "9dcd7420e420c270a68060eb8b5aa7457a9f6648f86fafed2775cc1f79ae962f1e63f1b9e51c55f9ea6fdc7332e9b0058c9ff2eb1fc8"
    "9855029cf6aafe21e689feb38ac9ffb12f1ce371bb5d0e9aae64161abce74b4244bf68f1edb4411f756a097c8929c14740245ea355f8"
    "332d1aa36bb50c7dcb4505da8de02e4e53d38f8df06097da7524df0df93db48eac8cc4af2d3a16257eb2b2adca6ba464e5974fa92550"
    "d31b1babf161e7692d00b86e3dd886ecab4abfbe1a8f8cc263ff4af55cdb45f4249a5193925f5e983d762f0b6800943eb0267b08f42e"
    "d311ce1f5c86eacbc8ce4d3cb7a2fee1ef5641423a1cf4114e5ecf50034a60a412523af9e6f4aa11";
constexpr char roca_pubkey03_pem[] = R"(-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEBqcWmh9uPsqMPgt/43aFU
wpHvJ7BLJeGFuKsgxMal9gSFn+We3lSgr3wOcoiACtcZO7cxpb8eEXDXocZpMNQe
o+sh3t97ivXUKpHDT3IEW5bv1XyxgjAd3MJpZ+VQjpq4iZhtV+g33+cPmfw3xJj0
PBfDubBkz3BEQ9egM+A6ghaXqr8w+ynufTOzdnllqJBY47OXVL06HAB9KKI7DPp5
+dcRrG5MS093sGNLHs1oWRrwPH1TtipfLZEWPU70+PJoMa5GHthexfeIxRI//BLI
dCD9z+odG0pSw1IYJPs5mDSHObYqmG2OdrIom8Lri8BtE4FHhRuDoHGD0hBVn5Bj
IQIDAQAB
-----END PUBLIC KEY-----
)";

std::string from_hex(std::string_view hex) {
    std::string out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

BOOST_AUTO_TEST_CASE(roca_vulnerable_rsa_keys_are_weak) {
    auto const n = from_hex(roca_mod03_hex);
    BOOST_TEST_REQUIRE(n.size() == 256u);
    boost::json::object o{{"kty", "RSA"}, {"n", base64url_encode(n)}, {"e", "AQAB"}};
    BOOST_TEST((jwk::from_json(o).error() == error::weak_key));
    BOOST_TEST((jwk::parse(boost::json::serialize(o)).error() == error::weak_key));
    BOOST_TEST((jwk::from_pem(roca_pubkey03_pem).error() == error::weak_key));  // the EVP_PKEY path
    // A sound key of the same size is not affected.
    auto sound = jwk::from_evp_pkey(keygen("RSA", nullptr, 2048).get());
    BOOST_TEST_REQUIRE(sound.has_value());
    BOOST_TEST(jwk::from_json(sound->to_json().value()).has_value());
}

// SP 800-56B §6.4.2.1 partial validation of an RSA public key, deterministic (see detail::check_rsa_public):
// the same modulus gets the same answer on every call, which OpenSSL's randomized check did not give.
namespace rsa_check {
using bn = std::unique_ptr<BIGNUM, decltype(&BN_free)>;
bn make() { return bn(BN_new(), &BN_free); }
bn prime(int bits) {
    auto p = make();
    BOOST_TEST_REQUIRE(BN_generate_prime_ex(p.get(), bits, 0, nullptr, nullptr, nullptr) == 1);
    return p;
}
bn product(BIGNUM const* a, BIGNUM const* b) {
    auto r = make();
    std::unique_ptr<BN_CTX, decltype(&BN_CTX_free)> ctx(BN_CTX_new(), &BN_CTX_free);
    BOOST_TEST_REQUIRE(BN_mul(r.get(), a, b, ctx.get()) == 1);
    return r;
}
std::string bytes(BIGNUM const* b) {
    std::string out(static_cast<std::size_t>(BN_num_bytes(b)), '\0');
    BN_bn2bin(b, reinterpret_cast<unsigned char*>(out.data()));
    return out;
}
result<jwk> parse(BIGNUM const* n, std::string_view e = "AQAB") {
    return jwk::from_json(boost::json::object{{"kty", "RSA"}, {"n", base64url_encode(bytes(n))}, {"e", e}});
}
}  // namespace rsa_check

BOOST_AUTO_TEST_CASE(rsa_public_key_validation_is_deterministic) {
    using namespace rsa_check;
    auto const p = prime(1024);
    auto const q = prime(1024);
    auto const n = product(p.get(), q.get());
    BOOST_TEST(parse(n.get()).has_value());
    // A prime modulus (RFC 3526's 2048-bit MODP prime) and a prime's square are no RSA moduli.
    auto const modp = make();
    BOOST_TEST_REQUIRE(BN_get_rfc3526_prime_2048(modp.get()) != nullptr);
    BOOST_TEST((parse(modp.get()).error() == error::malformed_key));
    BOOST_TEST((parse(product(p.get(), p.get()).get()).error() == error::malformed_key));
    // A small factor, an even modulus.
    auto small = make();
    BOOST_TEST_REQUIRE(BN_set_word(small.get(), 997) == 1);
    BOOST_TEST((parse(product(n.get(), small.get()).get()).error() == error::malformed_key));
    auto even = product(n.get(), BN_value_one());
    BOOST_TEST_REQUIRE(BN_add_word(even.get(), 1) == 1);
    BOOST_TEST((parse(even.get()).error() == error::malformed_key));
    // The exponent: odd, above 2^16, below 2^256 (SP 800-56B §6.2.1).
    BOOST_TEST((parse(n.get(), "Aw").error() == error::malformed_key));        // 3
    BOOST_TEST((parse(n.get(), "AQAC").error() == error::malformed_key));      // 65538, even
    BOOST_TEST(parse(n.get(), "AQAAAQ").has_value());                         // 2^24 + 1
    BOOST_TEST(!parse(n.get(), "BAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB").has_value());  // 2^258 + 1
    // Three primes: a modulus OpenSSL's check also accepts; and moduli that are no real ones (one bit of a
    // real modulus flipped), whose answer used to change from call to call: now the same answer every time.
    auto const r = prime(700);
    BOOST_TEST(parse(product(product(prime(700).get(), prime(700).get()).get(), r.get()).get()).has_value());
    for (int bit = 1; bit < 2048; bit += 97) {
        auto mutated = product(n.get(), BN_value_one());
        bool const set = BN_is_bit_set(mutated.get(), bit) != 0;
        BOOST_TEST_REQUIRE((set ? BN_clear_bit(mutated.get(), bit) : BN_set_bit(mutated.get(), bit)) == 1);
        auto const first = parse(mutated.get());
        for (int i = 0; i < 8; ++i) BOOST_TEST(parse(mutated.get()).has_value() == first.has_value());
    }
}

BOOST_AUTO_TEST_CASE(strict_members) {
    std::string const ec = rfc7517_a2_ec;
    // Required members.
    BOOST_TEST((jwk::parse(R"({"crv":"P-256"})").error() == error::missing_member));
    BOOST_TEST((jwk::parse(R"({"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4"})")
                    .error() == error::missing_member));
    BOOST_TEST((jwk::parse(R"({"kty":"RSA","e":"AQAB"})").error() == error::missing_member));
    BOOST_TEST((jwk::parse(R"({"kty":"oct"})").error() == error::missing_member));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":""})").error() == error::malformed_key));
    // Types.
    BOOST_TEST((jwk::parse(R"({"kty":1})").error() == error::wrong_member_type));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AAAA","kid":7})").error() == error::wrong_member_type));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AAAA","key_ops":"sign"})").error() == error::wrong_member_type));
    BOOST_TEST((jwk::parse(R"(["kty"])").error() == error::wrong_member_type));
    // RFC 7517 §4.3: no duplicate key operations; duplicate members never parse.
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AAAA","key_ops":["sign","sign"]})").error() ==
                error::duplicate_member));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AAAA","k":"BBBB"})").error() == error::duplicate_member));
    // Unknown types and curves are "unsupported", which a set skips.
    BOOST_TEST((jwk::parse(R"({"kty":"foo"})").error() == error::unsupported_algorithm));
    BOOST_TEST((jwk::parse(R"({"kty":"ec","crv":"P-256"})").error() == error::unsupported_algorithm));
    BOOST_TEST((jwk::parse(with_member(ec, "crv", "secp256k1")).error() == error::unsupported_algorithm));
    BOOST_TEST((jwk::parse(R"({"kty":"OKP","crv":"P-256","x":"AAAA"})").error() == error::unsupported_algorithm));
    BOOST_TEST((jwk::parse(R"({"kty":"EC","crv":"Ed25519","x":"AAAA","y":"AAAA"})").error() ==
                error::unsupported_algorithm));
    // Strict base64url: padding, whitespace, standard alphabet.
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AAA="})").error() == error::malformed_key));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AA AA"})").error() == error::malformed_key));
    BOOST_TEST((jwk::parse(R"({"kty":"oct","k":"AA+/"})").error() == error::malformed_key));
    BOOST_TEST((jwk::parse(with_member(ec, "d", "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE=")).error() ==
                error::malformed_key));
}

BOOST_AUTO_TEST_CASE(ec_coordinates_and_points_are_validated) {
    std::string const ec = rfc7517_a2_ec;
    // RFC 7518 §6.2.1.2: x is exactly the curve size — a stripped or an extra leading zero is wrong.
    BOOST_TEST((jwk::parse(with_member(ec, "x", "AMKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4")).error() ==
                error::malformed_key));
    BOOST_TEST((jwk::parse(with_member(ec, "y", "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IF")).error() ==
                error::malformed_key));
    BOOST_TEST((jwk::parse(with_member(ec, "d", "870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3")).error() ==
                error::malformed_key));
    // A point off the curve (last byte of y changed).
    std::string off_curve = R"({"kty":"EC","crv":"P-256","x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
                            R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyQ"})";
    BOOST_TEST((jwk::parse(off_curve).error() == error::malformed_key));
    // The all-zero "point".
    std::string zero = R"({"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",)"
                       R"("y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})";
    BOOST_TEST((jwk::parse(zero).error() == error::malformed_key));
    // A private scalar that does not belong to the public point.
    BOOST_TEST((jwk::parse(with_member(ec, "d", "970MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE")).error() ==
                error::malformed_key));
    // P-256 coordinates under P-384: wrong length for that curve.
    BOOST_TEST((jwk::parse(with_member(ec, "crv", "P-384")).error() == error::malformed_key));
    // An OKP key has no "y".
    BOOST_TEST((jwk::parse(R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","y":"AA"})")
                    .error() == error::malformed_key));
    BOOST_TEST((jwk::parse(R"({"kty":"OKP","crv":"X25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHU"})")
                    .error() == error::malformed_key));
}

BOOST_AUTO_TEST_CASE(rsa_integers_are_minimal_and_crt_complete) {
    auto k = jwk::parse(authwire_test::read_text_file("rfc7520-cookbook/jwk/3_4.rsa_private_key.json")).value();
    auto o = k.to_json(jwk_members::include_private).value();
    auto const n = base64url_decode(o.at("n").as_string()).value();
    // RFC 7518 §6.3.1.1: a leading zero octet in n (or e) is not the minimal encoding.
    auto padded = o;
    padded["n"] = base64url_encode(std::string(1, '\0') + n);
    BOOST_TEST((jwk::from_json(padded).error() == error::malformed_key));
    padded = o;
    padded["e"] = base64url_encode(std::string("\0\x01\0\x01", 4));
    BOOST_TEST((jwk::from_json(padded).error() == error::malformed_key));
    // RFC 7518 §6.3.2: CRT parameters all or none; multi-prime ("oth") is not supported.
    auto partial = o;
    partial.erase("qi");
    BOOST_TEST((jwk::from_json(partial).error() == error::malformed_key));
    auto no_crt = o;
    for (auto const* m : {"p", "q", "dp", "dq", "qi"}) no_crt.erase(m);
    auto plain = jwk::from_json(no_crt);
    BOOST_TEST_REQUIRE(plain.has_value());
    BOOST_TEST(plain->has_private());
    auto oth = o;
    oth["oth"] = boost::json::array{};
    BOOST_TEST((jwk::from_json(oth).error() == error::unsupported_algorithm));
    // A private exponent that belongs to another modulus fails the pairwise check.
    auto other = o;
    auto d = base64url_decode(o.at("d").as_string()).value();
    d.back() = static_cast<char>(d.back() ^ 0x02);
    other["d"] = base64url_encode(d);
    BOOST_TEST((jwk::from_json(other).error() == error::malformed_key));
    // Public parameters alongside CRT without d are not a key either.
    auto no_d = o;
    no_d.erase("d");
    BOOST_TEST((jwk::from_json(no_d).error() == error::malformed_key));
}

BOOST_AUTO_TEST_CASE(generated_octets_use_the_random_source) {
    int calls = 0;
    auto rng = [&calls](std::span<unsigned char> out) {
        ++calls;
        for (auto& b : out) b = 0x5a;
        return true;
    };
    auto k = jwk::generate_octets(32, std::string("hs"), rng);
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(calls == 1);
    BOOST_TEST(k->symmetric_key()->reveal() == std::string(32, '\x5a'));
    auto failing = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((jwk::generate_octets(32, std::nullopt, failing).error() == error::random_failure));
    BOOST_TEST((jwk::generate_octets(8).error() == error::invalid_argument));
    BOOST_TEST((jwk::from_octets(secret()).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(oversized_and_deep_documents) {
    std::string big = R"({"kty":"oct","k":")" + std::string(300 * 1024, 'A') + R"("})";
    BOOST_TEST((jwk::parse(big).error() == error::input_too_large));
    std::string deep = R"({"kty":"oct","k":"AAAA","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    BOOST_TEST((jwk::parse(deep).error() == error::nesting_too_deep));
    BOOST_TEST((jwk::parse("{").error() == error::malformed_json));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jose_jwk_set)

BOOST_AUTO_TEST_CASE(unsupported_keys_are_skipped_malformed_keys_are_not) {
    auto set = jwk_set::parse(R"({"keys":[
        {"kty":"foo","kid":"a"},
        {"kty":"EC","crv":"secp256k1","x":"AA","y":"AA","kid":"b"},
        {"kty":"OKP","crv":"Ed448","x":"AA","kid":"c"},
        {"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ","kid":"d"}],
        "extra":{"ignored":true}})");
    BOOST_TEST_REQUIRE(set.has_value());
    BOOST_TEST(set->size() == 1u);
    BOOST_TEST(set->skipped() == 3u);
    BOOST_TEST(set->find("d") != nullptr);
    BOOST_TEST(set->find("D") == nullptr);

    BOOST_TEST((jwk_set::parse(R"({"keys":[{"kty":"oct","k":"A="}]})").error() == error::malformed_key));
    BOOST_TEST((jwk_set::parse(R"({"keys":{}})").error() == error::wrong_member_type));
    BOOST_TEST((jwk_set::parse(R"({"keys":[1]})").error() == error::wrong_member_type));
    BOOST_TEST((jwk_set::parse(R"({"key":[]})").error() == error::missing_member));
    BOOST_TEST((jwk_set::parse(R"({"keys":[],"keys":[]})").error() == error::duplicate_member));
    BOOST_TEST(jwk_set::parse(R"({"keys":[]})").value().size() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwk_test
