#include <authwire/oauth/state.hpp>

#include <boost/test/unit_test.hpp>

namespace oauth_state_test {

using namespace authwire::oauth;

BOOST_AUTO_TEST_SUITE(oauth_state)

BOOST_AUTO_TEST_CASE(state_and_nonce_are_fresh_256_bit_values) {
    auto a = make_state();
    auto b = make_state();
    BOOST_REQUIRE(a);
    BOOST_REQUIRE(b);
    BOOST_TEST(a->size() == 43u);
    BOOST_TEST(*a != *b);
    BOOST_TEST(make_nonce().value().size() == 43u);
}

BOOST_AUTO_TEST_CASE(state_check_is_exact) {
    BOOST_TEST(state_matches("abc", "abc"));
    BOOST_TEST(!state_matches("abc", "abd"));
    BOOST_TEST(!state_matches("abc", "ab"));
    BOOST_TEST(!state_matches("abc", ""));
    BOOST_TEST(!state_matches("", ""));  // nothing was sent, so nothing can match
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_state_test
