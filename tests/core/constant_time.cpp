#include <authwire/core/constant_time.hpp>

#include <boost/test/unit_test.hpp>

#include <array>

namespace core_constant_time_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_constant_time)

BOOST_AUTO_TEST_CASE(equal_only_when_every_byte_and_the_length_match) {
    BOOST_TEST(constant_time_equal("state-123", "state-123"));
    BOOST_TEST(!constant_time_equal("state-123", "state-124"));
    BOOST_TEST(!constant_time_equal("xtate-123", "state-123"));
    BOOST_TEST(!constant_time_equal("state-123", "state-12"));
    BOOST_TEST(!constant_time_equal("", "a"));
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(!constant_time_equal(std::string_view("a\0b", 3), std::string_view("a\0c", 3)));
}

BOOST_AUTO_TEST_CASE(byte_spans) {
    std::array<unsigned char, 4> a{1, 2, 3, 4}, b{1, 2, 3, 4}, c{1, 2, 3, 5};
    BOOST_TEST(constant_time_equal(std::span<unsigned char const>(a), std::span<unsigned char const>(b)));
    BOOST_TEST(!constant_time_equal(std::span<unsigned char const>(a), std::span<unsigned char const>(c)));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_constant_time_test
