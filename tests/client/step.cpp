#include <authwire/client/step.hpp>

#include "client/support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <variant>

namespace client_step_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::response;
using authwire::test::scripted_executor;

// A minimal flow: GET /a, then /b, then finish with the concatenated bodies.
struct two_gets {
    int sent = 0;
    std::string bodies;
    std::optional<outcome<std::string>> done;

    step<std::string> next() {
        if (done) return *done;
        http_request r;
        r.url = boost::urls::url(sent == 0 ? "https://x.example/a" : "https://x.example/b");
        return r;
    }
    void on_response(http_response const& resp) {
        bodies += resp.body;
        if (++sent == 2) done = bodies;
    }
    void on_transport_error(error_code ec) { done = failure(ec); }
};

BOOST_AUTO_TEST_SUITE(client_step)

// Every status is a response; only a missing response is a failure.
BOOST_AUTO_TEST_CASE(send_maps_transport_errors) {
    scripted_executor ex;
    ex.expect_get("https://x.example/", response(500, "boom", "text/plain"));
    ex.expect({.method = "GET", .url = "https://x.example/", .answer = make_error_code(error::unsupported_operation)});
    http_request req;
    req.url = boost::urls::url("https://x.example/");
    auto r = send(ex, req);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 500u);
    auto e = send(ex, req);
    BOOST_REQUIRE(!e);
    BOOST_TEST((e.error().code == error::unsupported_operation));
    BOOST_TEST(!e.error().response);
    BOOST_TEST(test::problems_of(ex) == "");
}

// drive() sends each request once, feeds each response back, and returns the flow's outcome.
BOOST_AUTO_TEST_CASE(drive_loops_a_flow) {
    scripted_executor ex;
    ex.expect_get("https://x.example/a", response(200, "A"));
    ex.expect_get("https://x.example/b", response(404, "B"));
    two_gets flow;
    auto r = drive(flow, ex);
    BOOST_REQUIRE(r);
    BOOST_TEST(*r == "AB");
    BOOST_TEST(test::problems_of(ex) == "");

    scripted_executor broken;
    broken.expect({.method = "GET", .url = "https://x.example/a", .answer = make_error_code(error::invalid_url)});
    two_gets flow2;
    auto r2 = drive(flow2, broken);
    BOOST_REQUIRE(!r2);
    BOOST_TEST((r2.error().code == error::invalid_url));
    BOOST_TEST(test::problems_of(broken) == "");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_step_test
