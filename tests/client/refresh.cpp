#include <authwire/client/refresh.hpp>

#include "client/support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

namespace client_refresh_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

BOOST_AUTO_TEST_SUITE(client_refresh)

// Issue 12: a server that echoes what it received gets neither the refresh token nor the client secret into the
// failure — as stored, as printed by operator<<, or in protocol_exception::what() — with either client_secret
// method; the client_id, which is no secret, stays readable.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_secret_into_the_failure) {
    test::echoing_server server;
    oauth::refresh_token_grant g;
    g.refresh_token = secret("tGzv3JOkF0XG5Qx2TlKWIA");
    std::string const client_secret = "gX1f/Bat+3bV =x";
    auto secrets = test::client_secret_spellings("s6BhdRkqt3", client_secret);
    secrets.emplace_back("tGzv3JOkF0XG5Qx2TlKWIA");
    for (auto const& client : {oauth::client_authentication::secret_basic("s6BhdRkqt3", secret(client_secret)),
                               oauth::client_authentication::secret_post("s6BhdRkqt3", secret(client_secret))}) {
        auto r = refresh_access_token(server, as_metadata(), client, g, test::fixed_now());
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error().code == error::invalid_grant));
        test::expect_redacted(r.error(), secrets, "s6BhdRkqt3");
    }
}

// RFC 6749 §6: grant_type=refresh_token with scope (and RFC 8707 resource), client_secret_basic; the rotated
// refresh token and the expiry (from `now`) come back.
BOOST_AUTO_TEST_CASE(refreshes_with_the_rfc6749_section_6_request) {
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/token",
               .body = "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&scope=jobs%3Aread"
                       "&resource=https%3A%2F%2Fapi.example%2F",
               .headers = {{"Authorization", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"}},
               .answer = response(200, R"({"access_token":"at-2","token_type":"Bearer","expires_in":3600,)"
                                       R"("refresh_token":"rt-2"})")});
    oauth::refresh_token_grant g;
    g.refresh_token = secret("tGzv3JOkF0XG5Qx2TlKWIA");
    g.scope = {"jobs:read"};
    g.resource = {"https://api.example/"};
    auto const client = oauth::client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV"));
    auto const now = test::fixed_now();
    auto t = refresh_access_token(ex, as_metadata(), client, g, now);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "at-2");
    BOOST_TEST(t->refresh_token.reveal() == "rt-2");
    BOOST_TEST((*t->expires_at == now + std::chrono::hours(1)));
    BOOST_TEST(test::problems_of(ex) == "");
}

// A used or revoked refresh token is invalid_grant (RFC 6749 §5.2) with the server's words kept; nothing is
// sent without a token endpoint or with a local error.
BOOST_AUTO_TEST_CASE(refusals) {
    scripted_executor ex;
    ex.expect_post("https://as.example/token", "grant_type=refresh_token&refresh_token=used&client_id=app",
                   response(400, R"({"error":"invalid_grant","error_description":"refresh token reused"})"));
    oauth::refresh_token_grant g;
    g.refresh_token = secret("used");
    auto const client = oauth::client_authentication::public_client("app");
    auto r = refresh_access_token(ex, as_metadata(), client, g, test::fixed_now());
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::invalid_grant));
    BOOST_REQUIRE(r.error().response);
    BOOST_TEST(r.error().response->error_description == "refresh token reused");

    auto no_token_endpoint = as_metadata();
    no_token_endpoint.token_endpoint.reset();
    BOOST_TEST((refresh_access_token(ex, no_token_endpoint, client, g, test::fixed_now()).error().code ==
                error::unsupported_operation));
    BOOST_TEST((refresh_access_token(ex, as_metadata(), client, oauth::refresh_token_grant{}, test::fixed_now())
                    .error()
                    .code == error::missing_argument));
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST(test::problems_of(ex) == "");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_refresh_test
