#include <authwire/version.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace core_version_test {

BOOST_AUTO_TEST_CASE(version_string_matches_the_components) {
    auto const expected = std::to_string(AUTHWIRE_VERSION_MAJOR) + "." + std::to_string(AUTHWIRE_VERSION_MINOR) + "." +
                          std::to_string(AUTHWIRE_VERSION_PATCH);
    BOOST_TEST(std::string(authwire::version_string) == expected);
}

} // namespace core_version_test
