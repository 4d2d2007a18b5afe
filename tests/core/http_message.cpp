#include <authwire/core/http_message.hpp>

#include <boost/test/unit_test.hpp>

namespace core_http_message_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_http_message)

BOOST_AUTO_TEST_CASE(field_lookup_ignores_case_and_keeps_repeats) {
    http_fields h;
    h.append("WWW-Authenticate", "Bearer realm=\"a\"").append("www-authenticate", "DPoP").append("X", "1");
    BOOST_TEST(h.find("www-AUTHENTICATE").value() == "Bearer realm=\"a\"");
    BOOST_TEST(h.count("WWW-Authenticate") == 2u);
    auto all = h.find_all("Www-Authenticate");
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[1] == "DPoP");
    h.set("www-authenticate", "Basic");
    BOOST_TEST(h.count("WWW-Authenticate") == 1u);
    BOOST_TEST(h.find("WWW-Authenticate").value() == "Basic");
    h.erase("x");
    BOOST_TEST(!h.contains("X"));
    BOOST_TEST(h.size() == 1u);
    BOOST_TEST(h.begin()->name == "www-authenticate");  // the name's case as set
}

BOOST_AUTO_TEST_CASE(iequals_is_ascii_only) {
    BOOST_TEST(iequals("Content-Type", "content-type"));
    BOOST_TEST(!iequals("Content-Type", "content-typ"));
    BOOST_TEST(!iequals("\xc3\x89", "\xc3\xa9"));
}

BOOST_AUTO_TEST_CASE(media_types) {
    BOOST_TEST(media_type("Application/JSON; charset=utf-8") == "application/json");
    BOOST_TEST(media_type("  text/html ") == "text/html");
    BOOST_TEST(media_type("").empty());
    http_response r{200, {{"content-type", "application/jwk-set+json"}}, "{}"};
    BOOST_TEST(r.is_json());
    r.headers.set("Content-Type", "application/json;charset=UTF-8");
    BOOST_TEST(r.is_json());
    r.headers.set("Content-Type", "text/json");
    BOOST_TEST(!r.is_json());
    r.headers.erase("content-type");
    BOOST_TEST(r.content_type().empty());
    BOOST_TEST(!r.is_json());
}

BOOST_AUTO_TEST_CASE(requests_carry_an_absolute_url) {
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example.com/token?x=1");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    req.body = "grant_type=client_credentials";
    BOOST_TEST(req.url.host() == "as.example.com");
    BOOST_TEST(req.url.encoded_target() == "/token?x=1");
    BOOST_TEST(req.header("content-type").value() == "application/x-www-form-urlencoded");
    BOOST_TEST(!req.header("Authorization"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_http_message_test
