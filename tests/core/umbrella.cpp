#include <authwire/authwire.hpp>

#include <authwire/core.hpp>
#include <authwire/oauth.hpp>

#include <boost/test/unit_test.hpp>

namespace core_umbrella_test {

// The umbrella headers compile on their own and bring in every layer.
BOOST_AUTO_TEST_CASE(umbrella_headers_are_self_contained) {
    auto pair = authwire::oauth::make_pkce();
    BOOST_TEST(pair.has_value());
    BOOST_TEST(authwire::base64url_encode(std::string_view("f")) == "Zg");
}

} // namespace core_umbrella_test
