#include <authwire/oauth/device.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace oauth_device_test {

using namespace authwire;
using namespace authwire::oauth;
using namespace std::chrono_literals;
using authwire::test::fixed_now;
using authwire::test::header_lines;
using authwire::test::response;

BOOST_AUTO_TEST_SUITE(oauth_device)

// RFC 8628 §3.1, the example request, verbatim.
BOOST_AUTO_TEST_CASE(rfc8628_section_3_1_example) {
    auto req = make_device_authorization_request("https://server.example.com/device_authorization", {"example_scope"},
                                                 client_authentication::public_client("1406020730"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url.buffer() == "https://server.example.com/device_authorization");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/x-www-form-urlencoded\n"
                                             "Accept: application/json\n");
    BOOST_TEST(req->body == "client_id=1406020730&scope=example_scope");

    auto confidential = make_device_authorization_request("https://as/device", {},
                                                          client_authentication::secret_basic("c", secret("s")));
    BOOST_REQUIRE(confidential);
    BOOST_TEST(confidential->body.empty());
    BOOST_TEST(confidential->header("Authorization").value() == "Basic Yzpz");
    BOOST_TEST((make_device_authorization_request("https://as/device", {"a b"}, client_authentication::public_client("c"))
                    .error() == error::invalid_argument));
}

// RFC 8628 §3.2, the example response.
BOOST_AUTO_TEST_CASE(rfc8628_section_3_2_example) {
    auto d = parse_device_authorization_response(response(200, R"({
      "device_code": "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS",
      "user_code": "WDJB-MJHT",
      "verification_uri": "https://example.com/device",
      "verification_uri_complete":
          "https://example.com/device?user_code=WDJB-MJHT",
      "expires_in": 1800,
      "interval": 5
    })"),
                                                 fixed_now());
    BOOST_REQUIRE(d);
    BOOST_TEST(d->device_code.reveal() == "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS");
    BOOST_TEST(d->user_code == "WDJB-MJHT");
    BOOST_TEST(d->verification_uri == "https://example.com/device");
    BOOST_TEST(d->verification_uri_complete.value() == "https://example.com/device?user_code=WDJB-MJHT");
    BOOST_TEST(d->expires_in.count() == 1800);
    BOOST_TEST((d->expires_at == fixed_now() + 30min));
    BOOST_TEST(d->interval.count() == 5);
    BOOST_TEST(d->extra.empty());

    auto no_interval = parse_device_authorization_response(
        response(200, R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","expires_in":60,"x":1})"),
        fixed_now());
    BOOST_REQUIRE(no_interval);
    BOOST_TEST(no_interval->interval.count() == 5);  // the default
    BOOST_TEST(no_interval->extra.size() == 1u);
}

BOOST_AUTO_TEST_CASE(bad_device_authorization_responses) {
    BOOST_TEST((parse_device_authorization_response(response(400, R"({"error":"invalid_client"})"), fixed_now())
                    .error()
                    .code == error::invalid_client));
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {R"({"user_code":"u","verification_uri":"https://e/d","expires_in":60})", error::missing_member},
        {R"({"device_code":"d","verification_uri":"https://e/d","expires_in":60})", error::missing_member},
        {R"({"device_code":"d","user_code":"u","expires_in":60})", error::missing_member},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d"})", error::missing_member},
        {R"({"device_code":"d","user_code":"u","verification_uri":"not a url","expires_in":60})", error::malformed_url},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","verification_uri_complete":"javascript:x","expires_in":60})",
         error::malformed_url},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","expires_in":0})", error::malformed_response},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","expires_in":60,"interval":0})",
         error::malformed_response},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","expires_in":60,"interval":-5})",
         error::malformed_response},
        {R"({"device_code":"d","user_code":"u","verification_uri":"https://e/d","expires_in":"60"})", error::wrong_member_type},
        {R"({"device_code":7,"user_code":"u","verification_uri":"https://e/d","expires_in":60})", error::wrong_member_type},
    };
    for (auto const& c : cases) {
        auto r = parse_device_authorization_response(response(200, c.body), fixed_now());
        BOOST_TEST(!r, c.body);
        if (!r) BOOST_TEST((r.error().code == c.expected), c.body);
    }
}

// RFC 8628 §3.5: the polling outcomes are values; slow_down adds 5 seconds; nothing sleeps.
BOOST_AUTO_TEST_CASE(rfc8628_section_3_5_polling_outcomes) {
    auto poll = [](unsigned status, char const* body, std::chrono::seconds interval = 5s) {
        return parse_device_token_response(response(status, body), fixed_now(), interval);
    };
    auto pending = poll(400, R"({"error":"authorization_pending"})");
    BOOST_REQUIRE(pending);
    BOOST_TEST((pending->status == device_poll_status::authorization_pending));
    BOOST_TEST(pending->interval.count() == 5);
    BOOST_TEST(!pending->token);
    BOOST_TEST(pending->response->error == "authorization_pending");

    auto slow = poll(400, R"({"error":"slow_down"})", 10s);
    BOOST_REQUIRE(slow);
    BOOST_TEST((slow->status == device_poll_status::slow_down));
    BOOST_TEST(slow->interval.count() == 15);

    auto expired = poll(400, R"({"error":"expired_token"})");
    BOOST_TEST((expired->status == device_poll_status::expired));
    auto denied = poll(400, R"({"error":"access_denied","error_description":"no"})");
    BOOST_TEST((denied->status == device_poll_status::denied));
    BOOST_TEST(denied->response->error_description == "no");

    auto granted = poll(200, R"({"access_token":"at","token_type":"Bearer","expires_in":3600})");
    BOOST_REQUIRE(granted);
    BOOST_TEST((granted->status == device_poll_status::granted));
    BOOST_TEST(granted->token->access_token.reveal() == "at");

    BOOST_TEST((poll(400, R"({"error":"invalid_grant"})").error().code == error::invalid_grant));
    BOOST_TEST((poll(500, "").error().code == error::unexpected_status));
    BOOST_TEST((poll(200, R"({"access_token":"at"})").error().code == error::missing_member));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_device_test
