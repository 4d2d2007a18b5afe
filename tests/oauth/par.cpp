#include <authwire/oauth/par.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace oauth_par_test {

using namespace authwire;
using namespace authwire::oauth;
using namespace std::chrono_literals;
using authwire::test::fixed_now;
using authwire::test::header_lines;
using authwire::test::response;
using authwire::test::sorted_params;

// RFC 9126 §2.1, the example request's parameters.
authorization_request rfc9126_request() {
    authorization_request r;
    r.client_id = "s6BhdRkqt3";
    r.state = "af0ifjsldkj";
    r.redirect_uri = "https://client.example.org/cb";
    r.code_challenge = "K2-ltc83acc4h0c9w6ESC_rEMTJ3bww-uCHaoeK1t8U";
    r.scope = {"account-information"};
    return r;
}

BOOST_AUTO_TEST_SUITE(oauth_par)

BOOST_AUTO_TEST_CASE(rfc9126_section_2_1_example_request) {
    auto req = make_pushed_authorization_request(
        "https://as.example.com/as/par", rfc9126_request(),
        client_authentication::secret_basic("s6BhdRkqt3", secret("7Fjfp0ZBr1KtDRbnfVdmIw")));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url.buffer() == "https://as.example.com/as/par");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/x-www-form-urlencoded\n"
                                             "Accept: application/json\n"
                                             "Authorization: Basic czZCaGRSa3F0Mzo3RmpmcDBaQnIxS3REUmJuZlZkbUl3\n");
    BOOST_TEST(req->body == "response_type=code&client_id=s6BhdRkqt3&state=af0ifjsldkj"
                            "&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb&scope=account-information"
                            "&code_challenge=K2-ltc83acc4h0c9w6ESC_rEMTJ3bww-uCHaoeK1t8U&code_challenge_method=S256");
    // The same parameters as the RFC's body, which lists them in another order.
    BOOST_TEST((sorted_params(req->body) ==
                sorted_params("response_type=code&state=af0ifjsldkj&client_id=s6BhdRkqt3"
                              "&redirect_uri=https%3A%2F%2Fclient.example.org%2Fcb"
                              "&code_challenge=K2-ltc83acc4h0c9w6ESC_rEMTJ3bww-uCHaoeK1t8U"
                              "&code_challenge_method=S256&scope=account-information")));
}

BOOST_AUTO_TEST_CASE(public_and_post_clients_keep_one_client_id) {
    auto pub = make_pushed_authorization_request("https://as/par", rfc9126_request(),
                                                 client_authentication::public_client("s6BhdRkqt3"));
    BOOST_REQUIRE(pub);
    BOOST_TEST(form::decode(pub->body)->count("client_id") == 1u);
    auto post = make_pushed_authorization_request("https://as/par", rfc9126_request(),
                                                  client_authentication::secret_post("s6BhdRkqt3", secret("s")));
    BOOST_REQUIRE(post);
    BOOST_TEST(form::decode(post->body)->count("client_id") == 1u);
    BOOST_TEST(post->body.ends_with("&client_secret=s"));
    BOOST_TEST((make_pushed_authorization_request("https://as/par", rfc9126_request(),
                                                  client_authentication::public_client("other"))
                    .error() == error::invalid_argument));
}

// RFC 9126 §2.2 and §4: the response and the authorization URL that refers to it.
BOOST_AUTO_TEST_CASE(rfc9126_response_and_authorization_url) {
    auto resp = response(201, R"({
 "request_uri":
   "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c",
 "expires_in": 60
})");
    resp.headers.append("Cache-Control", "no-cache, no-store");
    auto p = parse_pushed_authorization_response(resp, fixed_now());
    BOOST_REQUIRE(p);
    BOOST_TEST(p->request_uri == "urn:ietf:params:oauth:request_uri:6esc_11ACC5bwc014ltc14eY22c");
    BOOST_TEST(p->expires_in.count() == 60);
    BOOST_TEST((p->expires_at == fixed_now() + 60s));

    auto url = make_pushed_authorization_url("https://as.example.com/authorize", "s6BhdRkqt3", p->request_uri);
    BOOST_REQUIRE(url);
    BOOST_TEST(url->buffer() == "https://as.example.com/authorize?client_id=s6BhdRkqt3"
                                "&request_uri=urn%3Aietf%3Aparams%3Aoauth%3Arequest_uri%3A6esc_11ACC5bwc014ltc14eY22c");
    BOOST_TEST((make_pushed_authorization_url("https://as/authorize", "", "urn:x").error() == error::missing_argument));
    BOOST_TEST((make_pushed_authorization_url("nope", "c", "urn:x").error() == error::invalid_url));
}

BOOST_AUTO_TEST_CASE(bad_responses_give_typed_errors) {
    auto f = parse_pushed_authorization_response(response(400, R"({"error":"invalid_request","error_description":"bad"})"),
                                                 fixed_now());
    BOOST_TEST((f.error().code == error::invalid_request));
    BOOST_TEST(f.error().response->error_description == "bad");
    BOOST_TEST((parse_pushed_authorization_response(response(200, R"({"request_uri":"urn:x","expires_in":60})"), fixed_now())
                    .error()
                    .code == error::unexpected_status));
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {R"({"expires_in":60})", error::missing_member},
        {R"({"request_uri":"","expires_in":60})", error::missing_member},
        {R"({"request_uri":5,"expires_in":60})", error::wrong_member_type},
        {R"({"request_uri":"urn:x"})", error::missing_member},
        {R"({"request_uri":"urn:x","expires_in":0})", error::malformed_response},
        {R"({"request_uri":"urn:x","expires_in":-1})", error::malformed_response},
        {R"({"request_uri":"urn:x","expires_in":"60"})", error::wrong_member_type},
        {R"({"request_uri":"urn:x","request_uri":"urn:y","expires_in":60})", error::duplicate_member},
        {R"({"request_uri":"urn:x",)", error::malformed_json},
    };
    for (auto const& c : cases) {
        auto r = parse_pushed_authorization_response(response(201, c.body), fixed_now());
        BOOST_TEST(!r, c.body);
        if (!r) BOOST_TEST((r.error().code == c.expected), c.body);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_par_test
