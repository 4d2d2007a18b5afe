#include <authwire/oauth/error_response.hpp>

#include "support.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_error_response_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::response;

BOOST_AUTO_TEST_SUITE(oauth_error_response)

// RFC 6749 §5.2, the example response.
BOOST_AUTO_TEST_CASE(rfc6749_section_5_2_example) {
    auto resp = response(400, "{\n  \"error\":\"invalid_request\"\n}", "application/json;charset=UTF-8");
    resp.headers.append("Cache-Control", "no-store");
    resp.headers.append("Pragma", "no-cache");
    auto e = parse_error_response(resp);
    BOOST_REQUIRE(e);
    BOOST_TEST(e->error == "invalid_request");
    BOOST_TEST(e->error_description.empty());
    BOOST_TEST(e->status == 400u);
    auto f = response_failure(resp);
    BOOST_TEST((f.code == error::invalid_request));
    BOOST_REQUIRE(f.response);
    BOOST_TEST(f.response->error == "invalid_request");
}

BOOST_AUTO_TEST_CASE(all_members_and_unregistered_codes) {
    auto resp = response(401, R"({"error":"invalid_client","error_description":"Client authentication failed","error_uri":"https://as.example/errors/1","x":1})");
    auto f = response_failure(resp);
    BOOST_TEST((f.code == error::invalid_client));
    BOOST_REQUIRE(f.response);
    BOOST_TEST(f.response->error_description == "Client authentication failed");
    BOOST_TEST(f.response->error_uri == "https://as.example/errors/1");
    BOOST_TEST(f.response->status == 401u);

    auto custom = response_failure(response(400, R"({"error":"use_dpop_nonce"})"));
    BOOST_TEST((custom.code == error::oauth_error));
    BOOST_TEST(custom.response->error == "use_dpop_nonce");
    // An error body without Content-Type is still read; one labelled as something else is not.
    BOOST_TEST((response_failure(response(400, R"({"error":"invalid_grant"})", "")).code == error::invalid_grant));
    auto html = response(500, "<html>oops</html>", "text/html");
    BOOST_TEST((response_failure(html).code == error::unexpected_status));
    BOOST_TEST(!response_failure(html).response);
    BOOST_TEST((parse_error_response(html).error() == error::unexpected_content_type));
}

BOOST_AUTO_TEST_CASE(malformed_bodies_give_typed_errors) {
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {"", error::malformed_json},
        {"{", error::malformed_json},
        {"[]", error::wrong_member_type},
        {"{}", error::missing_member},
        {R"({"error":1})", error::wrong_member_type},
        {R"({"error":null})", error::wrong_member_type},
        {R"({"error":""})", error::malformed_response},
        {R"({"error":"a\"b"})", error::malformed_response},
        {R"({"error":"a\\b"})", error::malformed_response},
        {R"({"error":"a\nb"})", error::malformed_response},
        {R"({"error":"x","error_description":5})", error::wrong_member_type},
        {R"({"error":"x","error_uri":[]})", error::wrong_member_type},
        {R"({"error":"x","error":"y"})", error::duplicate_member},
        {"{\"error\":\"\xff\"}", error::malformed_json},
    };
    for (auto const& c : cases) {
        auto e = parse_error_response(response(400, c.body));
        BOOST_TEST(!e, c.body);
        if (!e) BOOST_TEST((e.error() == c.expected), c.body << " -> " << e.error().message());
        BOOST_TEST((response_failure(response(400, c.body)).code == error::unexpected_status));
    }
    std::string big = R"({"error":"x","error_description":")" + std::string(300 * 1024, 'a') + "\"}";
    BOOST_TEST((parse_error_response(response(400, big)).error() == error::input_too_large));
}

BOOST_AUTO_TEST_CASE(written_bodies_read_back) {
    error_response r{"invalid_scope", "scope \"admin\" is unknown", "", 400};
    auto const json = boost::json::serialize(to_json(r));
    BOOST_TEST(json == R"({"error":"invalid_scope","error_description":"scope \"admin\" is unknown"})");
    auto back = parse_error_response(response(400, json));
    BOOST_REQUIRE(back);
    BOOST_TEST((*back == r));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_error_response_test
