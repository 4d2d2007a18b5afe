#include <authwire/oauth/introspection.hpp>

#include "support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace oauth_introspection_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::header_lines;
using authwire::test::response;

std::chrono::system_clock::time_point at(std::int64_t s) { return std::chrono::system_clock::time_point{} + std::chrono::seconds(s); }

// RFC 7662 §2.2, the example response for an active token.
constexpr char const* rfc7662_active = R"({
      "active": true,
      "client_id": "l238j323ds-23ij4",
      "username": "jdoe",
      "scope": "read write dolphin",
      "sub": "Z5O3upPC88QrAjx00dis",
      "aud": "https://protected.example.net/resource",
      "iss": "https://server.example.com/",
      "exp": 1419356238,
      "iat": 1419350238,
      "extension_field": "twenty-seven"
     })";

BOOST_AUTO_TEST_SUITE(oauth_introspection)

// RFC 7662 §2.1, the example request.
BOOST_AUTO_TEST_CASE(rfc7662_section_2_1_example) {
    auto req = make_introspection_request("https://server.example.com/introspect", secret("mF_9.B5f-4.1JqM"),
                                          token_type_hint::access_token,
                                          client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV")));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/x-www-form-urlencoded\n"
                                             "Accept: application/json\n"
                                             "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW\n");
    BOOST_TEST(req->body == "token=mF_9.B5f-4.1JqM&token_type_hint=access_token");
    BOOST_TEST((make_introspection_request("https://as/i", secret(), "", client_authentication::public_client("c")).error() ==
                error::missing_argument));
}

BOOST_AUTO_TEST_CASE(rfc7662_section_2_2_examples) {
    auto r = parse_introspection_response(response(200, rfc7662_active));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->active);
    BOOST_TEST(r->client_id.value() == "l238j323ds-23ij4");
    BOOST_TEST(r->username.value() == "jdoe");
    BOOST_TEST((r->scope.value() == scope_set{"read", "write", "dolphin"}));
    BOOST_TEST(r->sub.value() == "Z5O3upPC88QrAjx00dis");
    BOOST_TEST(r->aud.size() == 1u);
    BOOST_TEST(r->aud.front() == "https://protected.example.net/resource");
    BOOST_TEST(r->iss.value() == "https://server.example.com/");
    BOOST_TEST((r->exp.value() == at(1419356238)));
    BOOST_TEST((r->iat.value() == at(1419350238)));
    BOOST_TEST(!r->nbf);
    BOOST_TEST(r->extra.size() == 1u);
    BOOST_TEST(r->extra.at("extension_field").as_string() == "twenty-seven");
    // Written back, the same document (members compare regardless of order).
    BOOST_TEST(boost::json::value(to_json(*r)) == boost::json::parse(rfc7662_active));

    auto inactive = parse_introspection_response(response(200, R"({
      "active": false
     })"));
    BOOST_REQUIRE(inactive);
    BOOST_TEST(!inactive->active);
    BOOST_TEST(boost::json::serialize(to_json(*inactive)) == R"({"active":false})");

    auto multi = parse_introspection_response(response(200, R"({"active":true,"aud":["a","b"],"nbf":0,"jti":"j"})"));
    BOOST_REQUIRE(multi);
    BOOST_TEST(multi->aud.size() == 2u);
    BOOST_TEST((multi->nbf.value() == at(0)));
    BOOST_TEST(multi->jti.value() == "j");
}

BOOST_AUTO_TEST_CASE(errors_and_wrong_types) {
    auto unauth = parse_introspection_response(response(401, R"({"error":"invalid_client"})"));
    BOOST_TEST((unauth.error().code == error::invalid_client));
    BOOST_TEST((parse_introspection_response(response(200, "active=true", "text/plain")).error().code ==
                error::unexpected_content_type));
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {"{}", error::missing_member},
        {R"({"active":"true"})", error::wrong_member_type},
        {R"({"active":1})", error::wrong_member_type},
        {R"({"active":true,"exp":"1419356238"})", error::wrong_member_type},
        {R"({"active":true,"exp":-1})", error::malformed_response},
        {R"({"active":true,"exp":1.5})", error::wrong_member_type},
        {R"({"active":true,"exp":99999999999999999})", error::malformed_response},
        {R"({"active":true,"aud":[1]})", error::wrong_member_type},
        {R"({"active":true,"aud":{}})", error::wrong_member_type},
        {R"({"active":true,"scope":"a  b"})", error::malformed_response},
        {R"({"active":true,"scope":["a"]})", error::wrong_member_type},
        {R"({"active":true,"client_id":null})", error::wrong_member_type},
        {R"({"active":true,"active":false})", error::duplicate_member},
        {R"([true])", error::wrong_member_type},
        {R"({"active":tru})", error::malformed_json},
    };
    for (auto const& c : cases) {
        auto r = parse_introspection_response(response(200, c.body));
        BOOST_TEST(!r, c.body);
        if (!r) BOOST_TEST((r.error().code == c.expected), c.body);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_introspection_test
