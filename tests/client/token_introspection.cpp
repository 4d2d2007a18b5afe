#include <authwire/client/token_introspection.hpp>

#include "client/support.hpp"

#include <authwire/oauth/token_type_hint.hpp>

#include <boost/test/unit_test.hpp>

namespace client_token_introspection_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

BOOST_AUTO_TEST_SUITE(client_token_introspection)

// RFC 7662 §2.1–§2.3: the example exchange; inactive is an answer, not an error; 401 is a failure.
BOOST_AUTO_TEST_CASE(introspects) {
    scripted_executor ex;
    ex.expect_post("https://as.example/introspect",
                   "token=mF_9.B5f-4.1JqM&token_type_hint=access_token&client_id=rs1&client_secret=s",
                   response(200, R"({"active":true,"client_id":"l238j323ds-23ij4","username":"jdoe",)"
                                 R"("scope":"read write dolphin","sub":"Z5O3upPC88QrAjx00dis","aud":"https://protected.example.net/resource",)"
                                 R"("iss":"https://server.example.com/","exp":1419356238,"iat":1419350238,"extension_field":"twenty-seven"})"));
    ex.expect_post("https://as.example/introspect",
                   "token=mF_9.B5f-4.1JqM&token_type_hint=access_token&client_id=rs1&client_secret=s",
                   response(200, R"({"active":false})"));
    ex.expect_post("https://as.example/introspect",
                   "token=mF_9.B5f-4.1JqM&token_type_hint=access_token&client_id=rs1&client_secret=s",
                   response(401, R"({"error":"invalid_client"})"));
    auto const client = oauth::client_authentication::secret_post("rs1", secret("s"));
    auto const token = secret("mF_9.B5f-4.1JqM");
    auto r = introspect_token(ex, as_metadata(), client, token, oauth::token_type_hint::access_token, test::fixed_now());
    BOOST_REQUIRE(r);
    BOOST_TEST(r->active);
    BOOST_TEST(*r->username == "jdoe");
    BOOST_TEST(r->extra.contains("extension_field"));
    auto inactive = introspect_token(ex, as_metadata(), client, token, oauth::token_type_hint::access_token,
                                     test::fixed_now());
    BOOST_REQUIRE(inactive);
    BOOST_TEST(!inactive->active);
    auto refused = introspect_token(ex, as_metadata(), client, token, oauth::token_type_hint::access_token,
                                    test::fixed_now());
    BOOST_REQUIRE(!refused);
    BOOST_TEST((refused.error().code == error::invalid_client));
    BOOST_TEST(test::problems_of(ex) == "");

    auto no_endpoint = as_metadata();
    no_endpoint.introspection_endpoint.reset();
    BOOST_TEST((introspect_token(ex, no_endpoint, client, token, "", test::fixed_now()).error().code ==
                error::unsupported_operation));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_token_introspection_test
