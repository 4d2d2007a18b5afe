#include <authwire/oauth/revocation.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

namespace oauth_revocation_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::header_lines;
using authwire::test::response;

BOOST_AUTO_TEST_SUITE(oauth_revocation)

// RFC 7009 §2.1, the example request.
BOOST_AUTO_TEST_CASE(rfc7009_section_2_1_example) {
    auto req = make_revocation_request("https://server.example.com/revoke", secret("45ghiukldjahdnhzdauz"),
                                       token_type_hint::refresh_token,
                                       client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV")));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url.buffer() == "https://server.example.com/revoke");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/x-www-form-urlencoded\n"
                                             "Accept: application/json\n"
                                             "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW\n");
    BOOST_TEST(req->body == "token=45ghiukldjahdnhzdauz&token_type_hint=refresh_token");
}

BOOST_AUTO_TEST_CASE(public_clients_and_no_hint) {
    auto req = make_revocation_request("https://as/revoke", secret("tok en"), "", client_authentication::public_client("app"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "token=tok+en&client_id=app");
    BOOST_TEST((make_revocation_request("https://as/revoke", secret(), "", client_authentication::public_client("app")).error() ==
                error::missing_argument));
    BOOST_TEST((make_revocation_request("revoke", secret("t"), "", client_authentication::public_client("app")).error() ==
                error::invalid_url));
}

// RFC 7009 §2.2: 200 whatever the body; §2.2.1: errors.
BOOST_AUTO_TEST_CASE(responses_rfc7009_section_2_2) {
    BOOST_TEST(parse_revocation_response(response(200, "", "")).has_value());
    BOOST_TEST(parse_revocation_response(response(200, "not json at all", "text/plain")).has_value());
    auto unsupported = parse_revocation_response(response(400, R"({"error":"unsupported_token_type"})"));
    BOOST_TEST((unsupported.error().code == error::unsupported_token_type));
    BOOST_TEST(unsupported.error().response->status == 400u);
    auto busy = parse_revocation_response(response(503, R"({"error":"temporarily_unavailable"})"));
    BOOST_TEST((busy.error().code == error::temporarily_unavailable));
    BOOST_TEST((parse_revocation_response(response(503, "", "")).error().code == error::unexpected_status));
    BOOST_TEST((parse_revocation_response(response(204, "", "")).error().code == error::unexpected_status));
    BOOST_TEST((parse_revocation_response(response(401, R"({"error":"invalid_client","error":"x"})")).error().code ==
                error::unexpected_status));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_revocation_test
