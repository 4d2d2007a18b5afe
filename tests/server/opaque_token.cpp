#include <authwire/server/opaque_token.hpp>

#include <authwire/core/base64.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <span>
#include <string>

namespace server_opaque_token_test {

using namespace authwire;
using namespace authwire::server;

BOOST_AUTO_TEST_SUITE(server_opaque_token)

BOOST_AUTO_TEST_CASE(tokens_carry_256_bits) {
    auto t = generate_opaque_token();
    BOOST_REQUIRE(t);
    BOOST_TEST(t->size() == opaque_token_length);
    BOOST_TEST(opaque_token_length == 43u);
    auto raw = base64url_decode(t->reveal());
    BOOST_REQUIRE(raw);
    BOOST_TEST(raw->size() == 32u);
    BOOST_TEST(!(generate_opaque_token().value() == generate_opaque_token().value()));
}

BOOST_AUTO_TEST_CASE(tokens_come_from_the_random_source) {
    auto zeros = [](std::span<unsigned char> out) {
        std::fill(out.begin(), out.end(), static_cast<unsigned char>(0));
        return true;
    };
    BOOST_TEST(generate_opaque_token(zeros).value().reveal() == std::string(43, 'A'));
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((generate_opaque_token(broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_CASE(hash_is_sha256_of_the_characters) {
    // FIPS 180-2 Appendix B.1: SHA-256("abc").
    constexpr std::array<unsigned char, 32> abc = {0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40,
                                                   0xde, 0x5d, 0xae, 0x22, 0x23, 0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17,
                                                   0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
    auto h = hash_token("abc");
    BOOST_REQUIRE(h);
    BOOST_TEST(h->bytes == abc);
    BOOST_TEST(!(hash_token("abd").value() == *h));
    BOOST_TEST(token_hash_hasher{}(*h) == token_hash_hasher{}(hash_token("abc").value()));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_opaque_token_test
