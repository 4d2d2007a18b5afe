#include <authwire/server/client_secret.hpp>

#include <authwire/server/detail/hash.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <span>
#include <string>
#include <string_view>

namespace server_client_secret_test {

using namespace authwire;
using namespace authwire::server;

std::span<unsigned char const> bytes(std::string_view s) {
    return {reinterpret_cast<unsigned char const*>(s.data()), s.size()};
}

BOOST_AUTO_TEST_SUITE(server_client_secret)

BOOST_AUTO_TEST_CASE(hmac_sha256_rfc4231_test_case_2) {
    constexpr std::array<unsigned char, 32> expected = {
        0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24, 0x26, 0x08, 0x95, 0x75, 0xc7,
        0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27, 0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    auto mac = server::detail::hmac_sha256(bytes("Jefe"), bytes("what do ya want for nothing?"));
    BOOST_REQUIRE(mac);
    BOOST_TEST(*mac == expected);
    BOOST_TEST((server::detail::hmac_sha256({}, bytes("x")).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(generated_identifiers) {
    auto id = generate_client_id();
    BOOST_REQUIRE(id);
    BOOST_TEST(id->size() == 22u);
    auto s = generate_client_secret();
    BOOST_REQUIRE(s);
    BOOST_TEST(s->size() == 43u);
    BOOST_TEST(!(generate_client_secret().value() == *s));
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((generate_client_id(broken).error() == error::random_failure));
    BOOST_TEST((generate_client_secret(broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_CASE(stored_form_verifies_only_the_secret) {
    secret const s("s3cr3t-value-with-enough-entropy-0123456789");
    auto h = hash_client_secret(s);
    BOOST_REQUIRE(h);
    BOOST_TEST(verify_client_secret(*h, s.reveal()));
    BOOST_TEST(!verify_client_secret(*h, "s3cr3t-value-with-enough-entropy-0123456788"));
    BOOST_TEST(!verify_client_secret(*h, "s3cr3t-value-with-enough-entropy-012345678"));
    BOOST_TEST(!verify_client_secret(*h, std::string(s.reveal()) + "9"));
    BOOST_TEST(!verify_client_secret(*h, ""));
    // The stored form does not contain the secret, and is salted: the same secret hashes differently.
    auto h2 = hash_client_secret(s);
    BOOST_REQUIRE(h2);
    BOOST_TEST(!(h->salt == h2->salt));
    BOOST_TEST(!(h->mac == h2->mac));
    BOOST_TEST(verify_client_secret(*h2, s.reveal()));
    // The MAC is HMAC-SHA-256 keyed with the salt.
    BOOST_TEST(server::detail::hmac_sha256(h->salt, s.reveal_bytes()).value() == h->mac);
}

BOOST_AUTO_TEST_CASE(hashing_refuses_bad_input) {
    BOOST_TEST((hash_client_secret(secret{}).error() == error::missing_argument));
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((hash_client_secret(secret("x"), broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_client_secret_test
