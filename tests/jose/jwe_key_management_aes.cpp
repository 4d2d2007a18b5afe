#include <authwire/jose/detail/key_management_aes.hpp>

#include "jose/jwe_test_support.hpp"

#include <boost/test/unit_test.hpp>

namespace jose_jwe_key_management_aes_test {

using namespace authwire;
using namespace authwire::jose::detail;
using jwe_test::b64u;
using jwe_test::bytes;
using jwe_test::hex;

BOOST_AUTO_TEST_SUITE(jose_jwe_key_management_aes)

BOOST_AUTO_TEST_CASE(rfc3394_section4_vectors) {
    struct vector {
        char const* section;
        char const* kek;
        char const* key;
        char const* wrapped;
    } const vectors[] = {
        {"4.1", "000102030405060708090A0B0C0D0E0F", "00112233445566778899AABBCCDDEEFF",
         "1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5"},
        {"4.2", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF",
         "96778B25AE6CA435F92B5B97C050AED2468AB8A17AD84E5D"},
        {"4.3", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
         "00112233445566778899AABBCCDDEEFF", "64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7"},
        {"4.4", "000102030405060708090A0B0C0D0E0F1011121314151617", "00112233445566778899AABBCCDDEEFF0001020304050607",
         "031D33264E15D33268F24EC260743EDCE1C6C7DDEE725A936BA814915C6762D2"},
        {"4.5", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
         "00112233445566778899AABBCCDDEEFF0001020304050607",
         "A8F9BC1612C68B3FF6E6F4FBE30E71E4769C8B80A32CB8958CD5D17D6B254DA1"},
        {"4.6", "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F",
         "00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F",
         "28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21"},
    };
    for (auto const& v : vectors) {
        BOOST_TEST_CONTEXT("RFC 3394 §" << v.section) {
            auto const kek = hex(v.kek);
            auto const key = hex(v.key);
            auto const wrapped = hex(v.wrapped);
            bytes out(key.size() + 8);
            auto n = aes_key_wrap(kek, key, out);
            BOOST_REQUIRE(n);
            BOOST_TEST(*n == wrapped.size());
            BOOST_TEST(out == wrapped);
            bytes back(wrapped.size() - 8);
            auto m = aes_key_unwrap(kek, wrapped, back);
            BOOST_REQUIRE(m);
            BOOST_TEST(back == key);
        }
    }
}

BOOST_AUTO_TEST_CASE(rfc7516_a3_key_wrap) {
    // RFC 7516 A.3.3: the CEK wrapped with A128KW.
    auto const kek = b64u("GawgguFyGrWKav7AX4VKUg");
    bytes const cek = {4,   211, 31,  197, 84,  157, 252, 254, 11,  100, 157, 250, 63, 170, 106, 206,
                       107, 124, 212, 45,  111, 107, 9,   219, 200, 177, 0,   240, 143, 156, 44, 207};
    bytes out(40);
    BOOST_REQUIRE(aes_key_wrap(kek, cek, out));
    BOOST_TEST(base64url_encode(out) == "6KB707dM9YTIgHtLvtgWQ8mKwboJW3of9locizkDTHzBC2IlrT1oOQ");
}

BOOST_AUTO_TEST_CASE(unwrap_refuses_anything_tampered_with_one_code) {
    auto const kek = hex("000102030405060708090A0B0C0D0E0F");
    auto const wrapped = hex("1FA68B0A8112B447AEF34BD8FB5A7B829D3E862371D2CFE5");
    bytes out(wrapped.size());
    for (std::size_t i = 0; i < wrapped.size(); ++i) {
        auto bad = wrapped;
        bad[i] ^= 0x04;
        BOOST_TEST((aes_key_unwrap(kek, bad, out).error() == error::decryption_failed));
    }
    auto wrong_kek = kek;
    wrong_kek[0] ^= 1;
    BOOST_TEST((aes_key_unwrap(wrong_kek, wrapped, out).error() == error::decryption_failed));
    // Impossible lengths: shorter than 24, not a multiple of 8, empty.
    BOOST_TEST((aes_key_unwrap(kek, bytes(wrapped.begin(), wrapped.end() - 8), out).error() ==
                error::decryption_failed));
    BOOST_TEST((aes_key_unwrap(kek, bytes(wrapped.begin(), wrapped.end() - 1), out).error() ==
                error::decryption_failed));
    BOOST_TEST((aes_key_unwrap(kek, bytes{}, out).error() == error::decryption_failed));
    // A KEK of a size AES-KW does not have is the caller's problem.
    BOOST_TEST((aes_key_unwrap(bytes(20, 1), wrapped, out).error() == error::key_unusable));
    BOOST_TEST((aes_key_wrap(bytes(20, 1), bytes(16, 2), out).error() == error::key_unusable));
    // Keys to wrap must be whole 64-bit blocks, at least two.
    bytes big(64);
    BOOST_TEST((aes_key_wrap(kek, bytes(8, 2), big).error() == error::invalid_argument));
    BOOST_TEST((aes_key_wrap(kek, bytes(17, 2), big).error() == error::invalid_argument));
    BOOST_TEST((aes_key_wrap(kek, bytes(16, 2), std::span<unsigned char>(big.data(), 23)).error() ==
                error::invalid_argument));  // no room for the output
}

BOOST_AUTO_TEST_CASE(cookbook_5_7_aes_gcm_key_wrap) {
    // RFC 7520 §5.7: A256GCMKW wraps the CEK with the IV and produces the tag in the header.
    auto const v = jwe_test::read_vector("rfc7520-cookbook/jwe/5_7.key_wrap_using_aes-gcm_keywrap_with_aes-cbc-hmac-sha2.json");
    auto const kek = b64u(jwe_test::member(v.at("input").as_object().at("key").as_object(), "k"));
    auto const cek = b64u(jwe_test::member(v.at("generated").as_object(), "cek"));
    auto const& ek = v.at("encrypting_key").as_object();
    auto const iv = b64u(jwe_test::member(ek, "iv"));
    bytes wrapped(cek.size()), tag(16);
    auto n = aes_gcm_key_wrap(kek, iv, cek, wrapped, tag);
    BOOST_REQUIRE(n);
    BOOST_TEST(base64url_encode(wrapped) == jwe_test::member(ek, "encrypted_key"));
    BOOST_TEST(base64url_encode(tag) == jwe_test::member(ek, "tag"));

    bytes back(wrapped.size());
    BOOST_REQUIRE(aes_gcm_key_unwrap(kek, iv, tag, wrapped, back));
    BOOST_TEST(back == cek);

    auto bad_tag = tag;
    bad_tag[0] ^= 1;
    BOOST_TEST((aes_gcm_key_unwrap(kek, iv, bad_tag, wrapped, back).error() == error::decryption_failed));
    BOOST_TEST((aes_gcm_key_unwrap(kek, bytes(iv.begin(), iv.end() - 1), tag, wrapped, back).error() ==
                error::decryption_failed));
    BOOST_TEST((aes_gcm_key_unwrap(kek, iv, bytes(tag.begin(), tag.end() - 1), wrapped, back).error() ==
                error::decryption_failed));
    auto bad_wrapped = wrapped;
    bad_wrapped.back() ^= 1;
    BOOST_TEST((aes_gcm_key_unwrap(kek, iv, tag, bad_wrapped, back).error() == error::decryption_failed));
    BOOST_TEST((aes_gcm_key_unwrap(bytes(20), iv, tag, wrapped, back).error() == error::key_unusable));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_key_management_aes_test
