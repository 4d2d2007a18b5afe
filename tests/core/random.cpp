#include <authwire/core/random.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <set>
#include <stdexcept>
#include <string>

namespace core_random_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_random)

BOOST_AUTO_TEST_CASE(default_source_is_openssl_and_fills_everything) {
    random_source rng;
    BOOST_TEST(rng.is_default());
    std::array<unsigned char, 64> a{}, b{};
    BOOST_TEST(random_bytes(a).has_value());
    BOOST_TEST(random_bytes(b).has_value());
    BOOST_TEST(a != b);  // 2^-512 chance of a false failure
    BOOST_TEST(random_bytes(std::span<unsigned char>{}).has_value());
}

BOOST_AUTO_TEST_CASE(tokens_are_base64url_and_distinct) {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        auto t = random_token();
        BOOST_REQUIRE(t);
        BOOST_TEST(t->size() == 43u);
        BOOST_TEST(t->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
                   std::string::npos);
        BOOST_TEST(seen.insert(*t).second);
    }
    BOOST_TEST(random_token(16)->size() == 22u);
    BOOST_TEST((random_token(15).error() == error::invalid_argument));
    BOOST_TEST((random_token(1025).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(a_test_source_replaces_it_per_call) {
    unsigned char next = 0;
    auto counter = [&](std::span<unsigned char> out) {
        for (auto& b : out) b = next++;
        return true;
    };
    random_source rng(counter);
    BOOST_TEST(!rng.is_default());
    auto t = random_token(16, rng);
    BOOST_REQUIRE(t);
    BOOST_TEST(*t == "AAECAwQFBgcICQoLDA0ODw");  // bytes 00..0f
}

BOOST_AUTO_TEST_CASE(failure_is_an_error_never_ignored) {
    auto broken = [](std::span<unsigned char>) { return false; };
    auto throwing = [](std::span<unsigned char>) -> bool { throw std::runtime_error("hsm gone"); };
    std::array<unsigned char, 8> out{};
    BOOST_TEST((random_bytes(out, broken).error() == error::random_failure));
    BOOST_TEST((random_bytes(out, throwing).error() == error::random_failure));
    BOOST_TEST((random_token(32, broken).error() == error::random_failure));
    BOOST_TEST((error_code(error::random_failure) == condition::crypto_failure));
}

BOOST_AUTO_TEST_CASE(c_style_callback) {
    random_source rng(
        [](void* ctx, std::span<unsigned char> out) noexcept {
            for (auto& b : out) b = *static_cast<unsigned char*>(ctx);
            return true;
        },
        nullptr);
    unsigned char fill = 0xab;
    random_source rng2(
        [](void* ctx, std::span<unsigned char> out) noexcept {
            for (auto& b : out) b = *static_cast<unsigned char*>(ctx);
            return true;
        },
        &fill);
    (void)rng;
    std::array<unsigned char, 3> out{};
    BOOST_TEST(rng2.fill(out).has_value());
    BOOST_TEST((out == std::array<unsigned char, 3>{0xab, 0xab, 0xab}));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_random_test
