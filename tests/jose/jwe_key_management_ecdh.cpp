#include <authwire/jose/detail/key_management_ecdh.hpp>

#include "jose/jwe_test_support.hpp"

#include <authwire/jose/detail/key_management_aes.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/rsa.h>

namespace jose_jwe_key_management_ecdh_test {

using namespace authwire;
using namespace authwire::jose::detail;
using jwe_test::b64u;
using jwe_test::bytes;
using jwe_test::hex;

bytes view_bytes(bytes_view v) { return bytes(v.begin(), v.end()); }

boost::json::object const& obj(boost::json::object const& o, char const* name) { return o.at(name).as_object(); }

BOOST_AUTO_TEST_SUITE(jose_jwe_key_management_ecdh)

BOOST_AUTO_TEST_CASE(rfc7518_appendix_c_concat_kdf) {
    // RFC 7518 Appendix C: Z from the example P-256 agreement, "A128GCM", apu "Alice", apv "Bob", 128 bits.
    bytes const z = {158, 86,  217, 29,  129, 113, 53,  211, 114, 131, 66,  131, 191, 132, 38,  156,
                     251, 49,  110, 163, 218, 128, 106, 72,  246, 218, 167, 121, 140, 254, 144, 196};
    bytes out(16);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A128GCM", jwe_test::of("Alice"), jwe_test::of("Bob"), out));
    BOOST_TEST(base64url_encode(out) == "VqqN6vgjbSBcIijNcacQGg");
    // Every input changes the output.
    bytes other(16);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A256GCM", jwe_test::of("Alice"), jwe_test::of("Bob"), other));
    BOOST_TEST(other != out);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A128GCM", jwe_test::of("Bob"), jwe_test::of("Alice"), other));
    BOOST_TEST(other != out);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A128GCM", {}, {}, other));
    BOOST_TEST(other != out);
    // The key length is an input (SuppPubInfo): 32 octets do not start with the 16-octet key.
    bytes longer(32);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A128GCM", jwe_test::of("Alice"), jwe_test::of("Bob"), longer));
    BOOST_TEST(bytes(longer.begin(), longer.begin() + 16) != out);
    // Two hash rounds for 64 octets.
    bytes two_rounds(64);
    BOOST_REQUIRE(concat_kdf_sha256(z, "A256CBC-HS512", {}, {}, two_rounds));
    BOOST_TEST(bytes(two_rounds.begin(), two_rounds.begin() + 32) != bytes(two_rounds.begin() + 32, two_rounds.end()));
    bytes none;
    BOOST_TEST((concat_kdf_sha256(z, "A128GCM", {}, {}, none).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(rfc8037_a6_x25519_shared_secret) {
    // RFC 8037 A.6 (the keys of RFC 7748 §6.1): Bob's static key, Alice's ephemeral public key.
    auto bob = jwe_test::ec_key(boost::json::object{{"kty", "OKP"},
                                                   {"crv", "X25519"},
                                                   {"x", "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"},
                                                   {"d", base64url_encode(hex("5dab087e624a8a4b79e17f8b83800ee6"
                                                                              "6f3bb1292618b6fd1c2f8b27ff88e0eb"))}});
    auto epk = jwe_test::ec_key(boost::json::object{
        {"kty", "OKP"}, {"crv", "X25519"}, {"x", "hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo"}});
    auto z = ecdh_shared_secret(bob.get(), epk.get());
    BOOST_REQUIRE(z);
    BOOST_TEST(view_bytes(z->view()) == hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
    BOOST_TEST((*ecdh_curve_of(bob.get()) == ecdh_curve::x25519));
}

BOOST_AUTO_TEST_CASE(x25519_low_order_points_are_refused) {
    auto bob = jwe_test::ec_key(boost::json::object{
        {"kty", "OKP"}, {"crv", "X25519"}, {"x", "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"},
        {"d", base64url_encode(hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))}});
    // u = 0 and u = 1 are of small order: the shared secret would be all zero.
    for (auto const* u : {"0000000000000000000000000000000000000000000000000000000000000000",
                          "0100000000000000000000000000000000000000000000000000000000000000"}) {
        auto low = jwe_test::ec_key(
            boost::json::object{{"kty", "OKP"}, {"crv", "X25519"}, {"x", base64url_encode(hex(u))}});
        auto z = ecdh_shared_secret(bob.get(), low.get());
        BOOST_TEST(!z.has_value());
    }
}

BOOST_AUTO_TEST_CASE(cookbook_5_4_ecdh_es_a128kw_p384_both_directions) {
    auto const v = jwe_test::read_vector(
        "rfc7520-cookbook/jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-keywrap_with_aes-gcm.json");
    auto recipient = jwe_test::ec_key(obj(obj(v, "input"), "key"));
    auto const& header = obj(obj(v, "encrypting_content"), "protected");
    auto epk_public = jwe_test::ec_key(obj(header, "epk"));
    auto epk_private = jwe_test::ec_key(obj(obj(v, "encrypting_key"), "epk"));
    auto const cek = b64u(jwe_test::member(obj(v, "generated"), "cek"));
    auto const encrypted_key = b64u(jwe_test::member(obj(v, "encrypting_key"), "encrypted_key"));
    BOOST_TEST((*ecdh_curve_of(recipient.get()) == ecdh_curve::p384));

    // Recipient: Z from its private key and the header's epk; KEK = ConcatKDF(Z, "ECDH-ES+A128KW"), 128 bits.
    bytes kek(16);
    BOOST_REQUIRE(ecdh_es_derive(recipient.get(), epk_public.get(), "ECDH-ES+A128KW", {}, {}, kek));
    bytes unwrapped(encrypted_key.size() - 8);
    BOOST_REQUIRE(aes_key_unwrap(kek, encrypted_key, unwrapped));
    BOOST_TEST(unwrapped == cek);

    // Sender: the same KEK from the ephemeral private key and the recipient's public key.
    bytes sender_kek(16);
    BOOST_REQUIRE(ecdh_es_derive(epk_private.get(), recipient.get(), "ECDH-ES+A128KW", {}, {}, sender_kek));
    BOOST_TEST(sender_kek == kek);
    bytes wrapped(cek.size() + 8);
    BOOST_REQUIRE(aes_key_wrap(sender_kek, cek, wrapped));
    BOOST_TEST(wrapped == encrypted_key);
}

BOOST_AUTO_TEST_CASE(cookbook_5_5_ecdh_es_direct_p256) {
    auto const v = jwe_test::read_vector("rfc7520-cookbook/jwe/5_5.key_agreement_using_ecdh-es_with_aes-cbc-hmac-sha2.json");
    auto recipient = jwe_test::ec_key(obj(obj(v, "input"), "key"));
    auto epk_public = jwe_test::ec_key(obj(obj(obj(v, "encrypting_content"), "protected"), "epk"));
    auto const cek = b64u(jwe_test::member(obj(v, "encrypting_key"), "cek"));
    // Direct key agreement: AlgorithmID is the "enc" value and the key is the CEK itself (256 bits here).
    bytes derived(32);
    BOOST_REQUIRE(ecdh_es_derive(recipient.get(), epk_public.get(), "A128CBC-HS256", {}, {}, derived));
    BOOST_TEST(derived == cek);
}

BOOST_AUTO_TEST_CASE(cookbook_curve25519_ecdh_es_direct) {
    // The epk actually used is the one in the protected header (encrypting_key.epk is stale, see README).
    auto const v = jwe_test::read_vector("rfc7520-cookbook/curve25519/ecdh-es.json");
    auto recipient = jwe_test::ec_key(obj(obj(v, "input"), "key"));
    auto epk_public = jwe_test::ec_key(obj(obj(obj(v, "encrypting_content"), "protected"), "epk"));
    bytes cek(16);
    BOOST_REQUIRE(ecdh_es_derive(recipient.get(), epk_public.get(), "A128GCM", {}, {}, cek));
    // Proof that the derived key is right: the cookbook ciphertext authenticates and decrypts under it.
    auto const& content = obj(v, "encrypting_content");
    auto const c = content_cipher::make(*find_content_encryption("A128GCM"));
    BOOST_REQUIRE(c);
    auto const ciphertext = b64u(jwe_test::member(content, "ciphertext"));
    bytes plain(ciphertext.size());
    auto n = c->decrypt(cek, b64u(jwe_test::member(obj(v, "generated"), "iv")),
                        jwe_test::of(jwe_test::member(content, "protected_b64u")), ciphertext,
                        b64u(jwe_test::member(content, "tag")), plain);
    BOOST_REQUIRE(n);
    BOOST_TEST(jwe_test::str(plain) == jwe_test::member(obj(v, "input"), "plaintext"));
}

BOOST_AUTO_TEST_CASE(ephemeral_keys_agree_on_every_curve) {
    for (auto const* crv : {"P-256", "P-384", "P-521", "X25519"}) {
        BOOST_TEST_CONTEXT(crv) {
            authwire::detail::evp_pkey_ptr recipient;
            if (std::string_view(crv) == "X25519")
                recipient.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
            else
                recipient.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", crv));
            BOOST_REQUIRE(recipient);
            auto eph = ecdh_generate_ephemeral(recipient.get());
            BOOST_REQUIRE(eph);
            BOOST_TEST((*ecdh_curve_of(eph->get()) == *ecdh_curve_of(recipient.get())));
            bytes a(32), b(32);
            BOOST_REQUIRE(ecdh_es_derive(eph->get(), recipient.get(), "A256GCM", {}, jwe_test::of("v"), a));
            BOOST_REQUIRE(ecdh_es_derive(recipient.get(), eph->get(), "A256GCM", {}, jwe_test::of("v"), b));
            BOOST_TEST(a == b);
            auto z = ecdh_shared_secret(recipient.get(), eph->get());
            BOOST_REQUIRE(z);
            BOOST_TEST(z->size() == (std::string_view(crv) == "P-521" ? 66u : std::string_view(crv) == "P-384" ? 48u : 32u));
        }
    }
}

BOOST_AUTO_TEST_CASE(keys_on_different_curves_or_of_other_types_are_refused) {
    authwire::detail::evp_pkey_ptr p256{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
    authwire::detail::evp_pkey_ptr p384{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384")};
    authwire::detail::evp_pkey_ptr x25519{EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519")};
    authwire::detail::evp_pkey_ptr secp256k1{EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "secp256k1")};
    authwire::detail::evp_pkey_ptr ed25519{EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")};
    authwire::detail::evp_pkey_ptr rsa{EVP_RSA_gen(2048)};
    bytes out(16);
    BOOST_TEST((ecdh_es_derive(p256.get(), p384.get(), "A128GCM", {}, {}, out).error() == error::malformed_key));
    BOOST_TEST((ecdh_es_derive(p256.get(), x25519.get(), "A128GCM", {}, {}, out).error() == error::malformed_key));
    BOOST_TEST((ecdh_es_derive(x25519.get(), p256.get(), "A128GCM", {}, {}, out).error() == error::malformed_key));
    BOOST_TEST((ecdh_es_derive(p256.get(), rsa.get(), "A128GCM", {}, {}, out).error() == error::malformed_key));
    BOOST_TEST((ecdh_es_derive(rsa.get(), p256.get(), "A128GCM", {}, {}, out).error() == error::key_unusable));
    BOOST_TEST((ecdh_es_derive(secp256k1.get(), secp256k1.get(), "A128GCM", {}, {}, out).error() ==
                error::key_unusable));
    BOOST_TEST((ecdh_es_derive(ed25519.get(), ed25519.get(), "A128GCM", {}, {}, out).error() == error::key_unusable));
    BOOST_TEST((ecdh_generate_ephemeral(rsa.get()).error() == error::key_unusable));
    BOOST_TEST((ecdh_generate_ephemeral(nullptr).error() == error::key_unusable));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_key_management_ecdh_test
