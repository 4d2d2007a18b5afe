#include <authwire/client/token_revocation.hpp>

#include "client/support.hpp"

#include <authwire/oauth/token_type_hint.hpp>

#include <boost/test/unit_test.hpp>

namespace client_token_revocation_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

BOOST_AUTO_TEST_SUITE(client_token_revocation)

// Issue 12: the token being revoked and the client secret never come back through the peer's error text.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_secret_into_the_failure) {
    test::echoing_server server;
    auto const client = oauth::client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV-long"));
    auto r = revoke_token(server, as_metadata(), client, secret("45ghiukldjahdnhzdauz"),
                          oauth::token_type_hint::refresh_token, test::fixed_now());
    BOOST_REQUIRE(!r);
    auto secrets = test::client_secret_spellings("s6BhdRkqt3", "gX1fBat3bV-long");
    secrets.emplace_back("45ghiukldjahdnhzdauz");
    test::expect_redacted(r.error(), secrets, "token_type_hint");
}

// RFC 7009 §2.1–§2.2: the example request; 200 is success whatever the body; errors keep the peer's response.
BOOST_AUTO_TEST_CASE(revokes) {
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/revoke",
               .body = "token=45ghiukldjahdnhzdauz&token_type_hint=refresh_token",
               .headers = {{"Authorization", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"}},
               .answer = response(200, "", "")});
    ex.expect_post("https://as.example/revoke", "token=45ghiukldjahdnhzdauz&token_type_hint=refresh_token",
                   response(400, R"({"error":"unsupported_token_type"})"));
    auto const client = oauth::client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV"));
    BOOST_TEST(revoke_token(ex, as_metadata(), client, secret("45ghiukldjahdnhzdauz"), oauth::token_type_hint::refresh_token,
                            test::fixed_now())
                   .has_value());
    auto r = revoke_token(ex, as_metadata(), client, secret("45ghiukldjahdnhzdauz"), oauth::token_type_hint::refresh_token,
                          test::fixed_now());
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::unsupported_token_type));
    BOOST_TEST(test::problems_of(ex) == "");

    auto no_endpoint = as_metadata();
    no_endpoint.revocation_endpoint.reset();
    BOOST_TEST((revoke_token(ex, no_endpoint, client, secret("t"), "", test::fixed_now()).error().code ==
                error::unsupported_operation));
    BOOST_TEST((revoke_token(ex, as_metadata(), client, secret(""), "", test::fixed_now()).error().code ==
                error::missing_argument));
    BOOST_TEST(ex.calls() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_token_revocation_test
