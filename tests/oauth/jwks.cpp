#include <authwire/oauth/jwks.hpp>

#include "oauth/id_token_support.hpp"
#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_jwks_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::response;

BOOST_AUTO_TEST_SUITE(oauth_jwks)

// RFC 8414 §2 jwks_uri: a plain GET asking for JSON.
BOOST_AUTO_TEST_CASE(request) {
    auto req = make_jwk_set_request("https://op.example/jwks.json");
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "GET");
    BOOST_TEST(req->url.buffer() == "https://op.example/jwks.json");
    BOOST_TEST(*req->header("Accept") == "application/json");
    BOOST_TEST(req->body.empty());
    BOOST_TEST((make_jwk_set_request("/jwks.json").error() == error::invalid_url));
    BOOST_TEST((make_jwk_set_request("https://op.example/jwks#k").error() == error::invalid_url));
}

// RFC 7517 §5: the set as published, with either media type; unsupported key types are skipped.
BOOST_AUTO_TEST_CASE(response_parsing) {
    test::id_token_provider op;
    auto set = parse_jwk_set_response(response(200, op.jwks_json()));
    BOOST_REQUIRE(set);
    BOOST_TEST(set->size() == 1u);
    BOOST_TEST(set->find("id-key-1") != nullptr);
    BOOST_TEST(parse_jwk_set_response(response(200, op.jwks_json(), "application/jwk-set+json")).has_value());
    auto skipped = parse_jwk_set_response(response(200, R"({"keys":[{"kty":"XYZ"}]})"));
    BOOST_REQUIRE(skipped);
    BOOST_TEST(skipped->size() == 0u);
    BOOST_TEST(skipped->skipped() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_responses) {
    BOOST_TEST((parse_jwk_set_response(response(404, "not found", "text/plain")).error().code == error::unexpected_status));
    auto err = parse_jwk_set_response(response(500, R"({"error":"server_error"})"));
    BOOST_TEST((err.error().code == error::server_error));
    BOOST_TEST((parse_jwk_set_response(response(200, "<html>", "text/html")).error().code ==
                error::unexpected_content_type));
    BOOST_TEST((parse_jwk_set_response(response(200, "{}")).error().code == error::missing_member));
    BOOST_TEST((parse_jwk_set_response(response(200, R"({"keys":{}})")).error().code == error::wrong_member_type));
    BOOST_TEST((parse_jwk_set_response(response(200, "{")).error().code == error::malformed_json));
    BOOST_TEST(!parse_jwk_set_response(response(200, R"({"keys":[{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}]})")));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_jwks_test
