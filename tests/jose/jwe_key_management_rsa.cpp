#include <authwire/jose/detail/key_management_rsa.hpp>

#include "jose/jwe_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/rsa.h>

#include <algorithm>
#include <vector>

namespace jose_jwe_key_management_rsa_test {

using namespace authwire;
using namespace authwire::jose::detail;
using jwe_test::b64u;
using jwe_test::bytes;

boost::json::object appendix(char const* which) {
    return jwe_test::read_vector("rfc7516/appendix_a.json").at(which).as_object();
}

bytes byte_array(boost::json::value const& v) {
    bytes out;
    for (auto const& e : v.as_array()) out.push_back(static_cast<unsigned char>(e.as_int64()));
    return out;
}

// The JWE Encrypted Key (second segment) of a compact token.
bytes encrypted_key_of(std::string const& compact) {
    auto const a = compact.find('.');
    auto const b = compact.find('.', a + 1);
    return b64u(compact.substr(a + 1, b - a - 1));
}

BOOST_AUTO_TEST_SUITE(jose_jwe_key_management_rsa)

BOOST_AUTO_TEST_CASE(rfc7516_a1_rsa_oaep_decrypts_the_cek) {
    auto const a1 = appendix("A.1");
    auto key = jwe_test::rsa_key(a1.at("key").as_object());
    auto const expected = byte_array(a1.at("cek"));
    cek_buffer cek;
    auto r = rsa_decrypt_key(key.get(), rsa_key_encryption::oaep_sha1,
                             encrypted_key_of(std::string(a1.at("compact").as_string())), 32, cek);
    BOOST_REQUIRE(r);
    BOOST_TEST(bytes(cek.view().begin(), cek.view().end()) == expected);
}

BOOST_AUTO_TEST_CASE(rfc7516_a2_rsa1_5_decrypts_the_cek) {
    auto const a2 = appendix("A.2");
    auto key = jwe_test::rsa_key(a2.at("key").as_object());
    auto const expected = byte_array(a2.at("cek"));
    cek_buffer cek;
    BOOST_REQUIRE(rsa_decrypt_key(key.get(), rsa_key_encryption::pkcs1_v1_5,
                                  encrypted_key_of(std::string(a2.at("compact").as_string())), 32, cek));
    BOOST_TEST(bytes(cek.view().begin(), cek.view().end()) == expected);
}

BOOST_AUTO_TEST_CASE(cookbook_5_2_rsa_oaep) {
    auto const v = jwe_test::read_vector("rfc7520-cookbook/jwe/5_2.key_encryption_using_rsa-oaep_with_aes-gcm.json");
    auto key = jwe_test::rsa_key(v.at("input").as_object().at("key").as_object());
    auto const expected = b64u(jwe_test::member(v.at("generated").as_object(), "cek"));
    cek_buffer cek;
    BOOST_REQUIRE(rsa_decrypt_key(key.get(), rsa_key_encryption::oaep_sha1,
                                  b64u(jwe_test::member(v.at("encrypting_key").as_object(), "encrypted_key")),
                                  expected.size(), cek));
    BOOST_TEST(bytes(cek.view().begin(), cek.view().end()) == expected);
}

BOOST_AUTO_TEST_CASE(every_scheme_round_trips) {
    auto key = jwe_test::rsa_key(appendix("A.1").at("key").as_object());
    bytes const cek(32, 0x5a);
    for (auto scheme : {rsa_key_encryption::oaep_sha1, rsa_key_encryption::oaep_sha256,
                        rsa_key_encryption::pkcs1_v1_5}) {
        auto enc = rsa_encrypt_key(key.get(), scheme, cek);
        BOOST_REQUIRE(enc);
        BOOST_TEST(enc->size() == 256u);
        cek_buffer back;
        BOOST_REQUIRE(rsa_decrypt_key(key.get(), scheme, *enc, 32, back));
        BOOST_TEST(bytes(back.view().begin(), back.view().end()) == cek);
    }
    // OAEP with SHA-1 and with SHA-256 are different schemes: one cannot decrypt the other's output.
    auto enc = rsa_encrypt_key(key.get(), rsa_key_encryption::oaep_sha256, cek);
    BOOST_REQUIRE(enc);
    cek_buffer back;
    BOOST_REQUIRE(rsa_decrypt_key(key.get(), rsa_key_encryption::oaep_sha1, *enc, 32, back));
    BOOST_TEST(bytes(back.view().begin(), back.view().end()) != cek);
}

BOOST_AUTO_TEST_CASE(failures_yield_a_random_cek_never_an_error) {
    // RFC 7516 §11.5: a failed key decryption must not be distinguishable from a good one at this step.
    auto key = jwe_test::rsa_key(appendix("A.1").at("key").as_object());
    bytes const cek(32, 0x33);
    auto enc = rsa_encrypt_key(key.get(), rsa_key_encryption::oaep_sha1, cek);
    BOOST_REQUIRE(enc);
    // Compared for equality only: an ordered set of byte vectors makes gcc 12 at -O3 warn (stringop-overread)
    // about the memcmp inside std::vector's operator<=> — a false positive, but there is nothing to order here.
    std::vector<bytes> seen;
    auto check = [&](bytes const& encrypted, std::size_t size, rsa_key_encryption scheme) {
        cek_buffer out;
        auto r = rsa_decrypt_key(key.get(), scheme, encrypted, size, out);
        BOOST_REQUIRE(r);
        BOOST_TEST(out.size() == size);
        bytes got(out.view().begin(), out.view().end());
        BOOST_TEST(got != cek);
        BOOST_TEST((std::find(seen.begin(), seen.end(), got) == seen.end()));  // fresh random bytes every time
        seen.push_back(got);
    };
    auto flipped = *enc;
    flipped[100] ^= 1;
    check(flipped, 32, rsa_key_encryption::oaep_sha1);
    check(flipped, 32, rsa_key_encryption::pkcs1_v1_5);
    check(bytes(enc->begin(), enc->end() - 1), 32, rsa_key_encryption::oaep_sha1);  // wrong length
    check(bytes{}, 32, rsa_key_encryption::oaep_sha1);                                // empty
    check(bytes(256, 0xff), 32, rsa_key_encryption::oaep_sha1);                       // >= modulus
    check(*enc, 16, rsa_key_encryption::oaep_sha1);  // decrypts, but to the wrong CEK length for this enc
    check(*enc, 64, rsa_key_encryption::oaep_sha1);
}

BOOST_AUTO_TEST_CASE(the_random_cek_comes_from_the_given_source) {
    auto key = jwe_test::rsa_key(appendix("A.1").at("key").as_object());
    jwe_test::fixed_bytes fixed{bytes(32, 0xEE)};
    cek_buffer out;
    BOOST_REQUIRE(rsa_decrypt_key(key.get(), rsa_key_encryption::oaep_sha1, bytes(256, 1), 32, out, fixed));
    BOOST_TEST(bytes(out.view().begin(), out.view().end()) == bytes(32, 0xEE));
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((rsa_decrypt_key(key.get(), rsa_key_encryption::oaep_sha1, bytes(256, 1), 32, out, broken).error() ==
                error::random_failure));
}

BOOST_AUTO_TEST_CASE(unusable_keys_are_refused) {
    cek_buffer out;
    bytes const cek(16, 1);
    BOOST_TEST((rsa_encrypt_key(nullptr, rsa_key_encryption::oaep_sha1, cek).error() == error::key_unusable));
    // An EC key is not an RSA key.
    auto ec = jwe_test::ec_key(jwe_test::read_vector("rfc7520-cookbook/jwe/5_4.key_agreement_with_key_wrapping_using_ecdh-es_and_aes-"
                                                     "keywrap_with_aes-gcm.json")
                                   .at("input").as_object().at("key").as_object());
    BOOST_TEST((rsa_encrypt_key(ec.get(), rsa_key_encryption::oaep_sha1, cek).error() == error::key_unusable));
    BOOST_TEST((rsa_decrypt_key(ec.get(), rsa_key_encryption::oaep_sha1, bytes(256), 16, out).error() ==
                error::key_unusable));
    // RSA below 2048 bits is weak (RFC 7518 §4.2, §4.3).
    authwire::detail::evp_pkey_ptr small{EVP_RSA_gen(1024)};
    BOOST_REQUIRE(small);
    BOOST_TEST((rsa_encrypt_key(small.get(), rsa_key_encryption::oaep_sha256, cek).error() == error::weak_key));
    BOOST_TEST((rsa_decrypt_key(small.get(), rsa_key_encryption::oaep_sha256, bytes(128), 16, out).error() ==
                error::weak_key));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_key_management_rsa_test
