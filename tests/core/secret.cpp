#include <authwire/core/secret.hpp>

#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <utility>

namespace core_secret_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_secret)

BOOST_AUTO_TEST_CASE(never_printed) {
    secret const s("s3cr3t-client-password");
    std::ostringstream os;
    os << "secret=" << s;
    BOOST_TEST(os.str() == "secret=[redacted]");
    BOOST_TEST(os.str().find("s3cr3t") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(reveal_is_explicit) {
    secret const s("abc");
    BOOST_TEST(s.reveal() == "abc");
    BOOST_TEST(s.size() == 3u);
    BOOST_TEST(!s.empty());
    BOOST_TEST(secret{}.empty());
    BOOST_TEST(s.reveal_bytes().size() == 3u);
}

BOOST_AUTO_TEST_CASE(taking_a_string_wipes_it) {
    std::string source = "refresh-token-value";
    secret const s(std::move(source));
    BOOST_TEST(s.reveal() == "refresh-token-value");
    BOOST_TEST(source.empty());  // NOLINT(bugprone-use-after-move): the constructor promises to wipe it
}

BOOST_AUTO_TEST_CASE(equality_and_value_semantics) {
    secret a("x1"), b("x1"), c("x2"), d("x10");
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == c));
    BOOST_TEST(!(a == d));
    secret moved = std::move(c);
    BOOST_TEST(moved.reveal() == "x2");
    secret copy = moved;
    BOOST_TEST((copy == moved));
    copy = secret("a much longer secret than before");
    copy = secret("x");
    BOOST_TEST(copy.reveal() == "x");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_secret_test
