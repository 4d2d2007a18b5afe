#include <authwire/client/device_flow.hpp>

#include "client/support.hpp"

#include <authwire/core/form.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <vector>

namespace client_device_flow_test {

using namespace authwire;
using namespace authwire::client;
using namespace std::chrono_literals;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

// RFC 8628 §3.2, the example response.
constexpr auto device_json = R"({"device_code":"GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS","user_code":"WDJB-MJHT",)"
                             R"("verification_uri":"https://example.com/device",)"
                             R"("verification_uri_complete":"https://example.com/device?user_code=WDJB-MJHT",)"
                             R"("expires_in":1800,"interval":5})";

constexpr auto poll_body =
    "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code&device_code="
    "GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS&client_id=1406020730";

http_response poll_error(std::string_view e) { return response(400, R"({"error":")" + std::string(e) + "\"}"); }

auto const device_client = oauth::client_authentication::public_client("1406020730");

oauth::device_authorization_response start(scripted_executor& ex) {
    ex.expect_post("https://as.example/device_authorization", "client_id=1406020730&scope=example_scope",
                   response(200, device_json));
    auto d = start_device_authorization(ex, as_metadata(), device_client, {"example_scope"}, test::fixed_now());
    BOOST_REQUIRE(d);
    return std::move(*d);
}

// A fake clock that the fake sleeper advances.
struct fake_time {
    std::chrono::system_clock::time_point now = test::fixed_now();
    std::vector<std::chrono::seconds> sleeps;
    auto clock() {
        return [this] { return now; };
    }
    auto sleeper() {
        return [this](std::chrono::seconds s) {
            sleeps.push_back(s);
            now += s;
        };
    }
};

BOOST_AUTO_TEST_SUITE(client_device_flow)

// RFC 8628 §3.1–§3.5: start, then pending → slow_down (+5 s) → pending → granted.
BOOST_AUTO_TEST_CASE(polls_until_granted) {
    scripted_executor ex;
    auto d = start(ex);
    BOOST_TEST(d.user_code == "WDJB-MJHT");
    BOOST_TEST((d.interval == 5s));
    ex.expect_post("https://as.example/token", poll_body, poll_error("authorization_pending"));
    ex.expect_post("https://as.example/token", poll_body, poll_error("slow_down"));
    ex.expect_post("https://as.example/token", poll_body, poll_error("authorization_pending"));
    ex.expect_post("https://as.example/token", poll_body,
                   response(200, R"({"access_token":"at","token_type":"Bearer","expires_in":3600})"));
    fake_time t;
    auto token = await_device_token(ex, as_metadata(), device_client, d, t.clock(), t.sleeper());
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(token);
    BOOST_TEST(token->access_token.reveal() == "at");
    BOOST_TEST(t.sleeps == (std::vector<std::chrono::seconds>{5s, 5s, 10s, 10s}), boost::test_tools::per_element());
    BOOST_TEST((*token->expires_at == test::fixed_now() + 30s + 3600s));
}

// The outcomes as values, one poll at a time.
BOOST_AUTO_TEST_CASE(single_polls_are_values) {
    scripted_executor ex;
    auto d = start(ex);
    auto const now = test::fixed_now() + 5s;
    ex.expect_post("https://as.example/token", poll_body, poll_error("slow_down"));
    auto p = poll_device_token(ex, as_metadata(), device_client, d, 5s, now);
    BOOST_REQUIRE(p);
    BOOST_TEST((p->status == oauth::device_poll_status::slow_down));
    BOOST_TEST((p->interval == 10s));
    // Past expires_at nothing is sent: the code is expired.
    auto e = poll_device_token(ex, as_metadata(), device_client, d, 5s, test::fixed_now() + 1800s);
    BOOST_REQUIRE(e);
    BOOST_TEST((e->status == oauth::device_poll_status::expired));
    BOOST_TEST(test::problems_of(ex) == "");
}

// Denied and expired end the wait with their codes; other errors pass through.
BOOST_AUTO_TEST_CASE(denied_expired_and_errors) {
    {
        scripted_executor ex;
        auto d = start(ex);
        ex.expect_post("https://as.example/token", poll_body, poll_error("access_denied"));
        fake_time t;
        auto r = await_device_token(ex, as_metadata(), device_client, d, t.clock(), t.sleeper());
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error().code == error::access_denied));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    {
        scripted_executor ex;
        auto d = start(ex);
        ex.expect_post("https://as.example/token", poll_body, poll_error("expired_token"));
        fake_time t;
        auto r = await_device_token(ex, as_metadata(), device_client, d, t.clock(), t.sleeper());
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error().code == error::expired_token));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    {  // the clock runs past expires_at while pending: no further request, expired
        scripted_executor ex;
        auto d = start(ex);
        ex.expect_post("https://as.example/token", poll_body, poll_error("authorization_pending"));
        fake_time t;
        auto sleeper = [&](std::chrono::seconds s) { t.now += s * 200; };
        auto r = await_device_token(ex, as_metadata(), device_client, d, t.clock(), sleeper);
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error().code == error::expired_token));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    {
        scripted_executor ex;
        auto d = start(ex);
        ex.expect_post("https://as.example/token", poll_body, poll_error("invalid_client"));
        fake_time t;
        BOOST_TEST((await_device_token(ex, as_metadata(), device_client, d, t.clock(), t.sleeper()).error().code ==
                    error::invalid_client));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    {  // bounded
        scripted_executor ex;
        auto d = start(ex);
        ex.expect_post("https://as.example/token", poll_body, poll_error("authorization_pending"));
        ex.expect_post("https://as.example/token", poll_body, poll_error("authorization_pending"));
        fake_time t;
        device_flow_options opt;
        opt.max_polls = 2;
        BOOST_TEST((await_device_token(ex, as_metadata(), device_client, d, t.clock(), t.sleeper(), opt).error().code ==
                    error::input_too_large));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    auto no_device = as_metadata();
    no_device.device_authorization_endpoint.reset();
    scripted_executor none;
    BOOST_TEST((start_device_authorization(none, no_device, device_client, {}, test::fixed_now()).error().code ==
                error::unsupported_operation));
    BOOST_TEST(none.calls() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_device_flow_test
