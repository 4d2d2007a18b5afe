#include <authwire/client/client_credentials.hpp>

#include "client/support.hpp"

#include <authwire/core/form.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>

namespace client_client_credentials_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

BOOST_AUTO_TEST_SUITE(client_client_credentials)

// RFC 6749 §4.4.2: grant_type=client_credentials with scope and resource, client_secret_basic.
BOOST_AUTO_TEST_CASE(gets_a_token) {
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/token",
               .body = "grant_type=client_credentials&scope=jobs%3Aread&resource=https%3A%2F%2Fapi.example%2F",
               .headers = {{"Authorization", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"}},
               .answer = response(200, R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"example_or_bearer",)"
                                       R"("expires_in":3600})")});
    ex.expect({.method = "POST",
               .url = "https://as.example/token",
               .answer = response(200, R"({"access_token":"at","token_type":"bearer","expires_in":60})")});
    oauth::client_credentials_grant g;
    g.scope = {"jobs:read"};
    g.resource = {"https://api.example/"};
    auto const client = oauth::client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV"));
    auto const now = test::fixed_now();
    // A token type other than Bearer is refused by default …
    auto bad = request_client_credentials(ex, as_metadata(), client, g, now);
    BOOST_REQUIRE(!bad);
    BOOST_TEST((bad.error().code == error::wrong_token_type));
    // … and a Bearer token is read, expiry from `now`.
    auto t = request_client_credentials(ex, as_metadata(), client, g, now);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "at");
    BOOST_TEST((*t->expires_at == now + std::chrono::seconds(60)));
    BOOST_TEST(test::problems_of(ex) == "");
}

BOOST_AUTO_TEST_CASE(refusals_send_nothing) {
    scripted_executor ex;
    auto const now = test::fixed_now();
    auto r = request_client_credentials(ex, as_metadata(), oauth::client_authentication::public_client("c"), {}, now);
    BOOST_TEST((r.error().code == error::invalid_argument));  // RFC 6749 §4.4: confidential clients only
    auto no_token = as_metadata();
    no_token.token_endpoint.reset();
    auto r2 = request_client_credentials(ex, no_token, oauth::client_authentication::secret_post("c", secret("s")), {}, now);
    BOOST_TEST((r2.error().code == error::unsupported_operation));
    BOOST_TEST(ex.calls() == 0u);

    ex.expect_post("https://as.example/token", "grant_type=client_credentials&client_id=c&client_secret=s",
                   response(401, R"({"error":"invalid_client"})"));
    auto r3 = request_client_credentials(ex, as_metadata(), oauth::client_authentication::secret_post("c", secret("s")),
                                         {}, now);
    BOOST_TEST((r3.error().code == error::invalid_client));
    BOOST_TEST(test::problems_of(ex) == "");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_client_credentials_test
