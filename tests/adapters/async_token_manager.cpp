#include <authwire/adapters/async_token_manager.hpp>

#include "adapters/support.hpp"

#include <authwire/core/form.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace adapters_async_token_manager_test {

using namespace authwire;
using namespace authwire::adapters;
using namespace std::chrono_literals;
using authwire::test::fake_async_executor;
using authwire::test::response;
using authwire::test::scripted_executor;
using time_point = std::chrono::system_clock::time_point;
using fake = fake_async_executor<scripted_executor>;

constexpr auto token_endpoint = "https://as.example/token";

client::token_manager_config config() {
    client::token_manager_config c;
    c.issuer = "https://as.example";
    c.token_endpoint = token_endpoint;
    c.client = oauth::client_authentication::public_client("client-1");
    c.resource = {"https://rs.example/mcp"};
    return c;
}

oauth::token_response tokens(std::string_view at, std::string_view rt, std::chrono::seconds life, time_point issued) {
    oauth::token_response t;
    t.access_token = secret(at);
    t.token_type = "Bearer";
    t.expires_in = life;
    t.expires_at = issued + life;
    if (!rt.empty()) t.refresh_token = secret(rt);
    t.scope = oauth::scope_set{"files:read"};
    return t;
}

std::string refresh_body(std::string_view rt) {
    return form{{"grant_type", "refresh_token"},
                {"refresh_token", rt},
                {"resource", "https://rs.example/mcp"},
                {"client_id", "client-1"}}
        .encode();
}

http_response token_json(std::string_view at, std::string_view rt, int expires_in = 3600) {
    std::string body = R"({"access_token":")" + std::string(at) + R"(","token_type":"Bearer","expires_in":)" +
                       std::to_string(expires_in);
    if (!rt.empty()) body += R"(,"refresh_token":")" + std::string(rt) + '"';
    return response(200, body + "}");
}

std::string value_of(std::optional<outcome<secret>> const& r) {
    if (!r) return "not finished";
    return *r ? std::string((*r)->reveal()) : "error";
}

error code_of(outcome<secret> const& r) { return r ? error{} : static_cast<error>(r.error().code.value()); }

BOOST_AUTO_TEST_SUITE(adapters_async_token_manager)

// Single-flight across coroutines: five coroutines ask while the token is due; ONE refresh request is sent, the
// four others wait for it without a request of their own (their thread is not blocked: the io_context runs the
// refresh while they wait), and all five receive the new token. The rotated refresh token is stored once, before
// anyone gets the new access token.
BOOST_AUTO_TEST_CASE(single_flight_refresh_across_coroutines) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    fake ex(s);
    std::vector<std::string> log;
    auto cfg = config();
    cfg.store = [&](oauth::token_response const& t) {
        log.push_back("store " + std::string(t.refresh_token.reveal()));
        return result<void>{};
    };
    async_token_manager<fake&> m(cfg, ex);
    m.restore(tokens("AT1", "RT1", 3600s, t0));

    boost::asio::io_context io;
    constexpr std::size_t callers = 5;
    std::vector<std::optional<outcome<secret>>> got(callers);
    ex.hold();
    for (auto& g : got) test::spawn(io, m.access_token(t0 + 3300s), g);
    io.poll();  // every coroutine ran until it suspended: one in the executor, four waiting for it
    BOOST_TEST(s.calls() == 1u);
    BOOST_TEST(ex.in_flight() == 1u);
    for (auto const& g : got) BOOST_TEST(!g.has_value());
    BOOST_TEST(log.empty());

    ex.release();
    io.run();
    BOOST_TEST(s.calls() == 1u);  // exactly one refresh request for five callers
    for (auto const& g : got) BOOST_TEST(value_of(g) == "AT2");
    BOOST_TEST(log == (std::vector<std::string>{"store RT2"}), boost::test_tools::per_element());
    BOOST_TEST(test::problems_of(s) == "");

    // After the flight, the new token is handed out without a request; the next refresh presents RT2.
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3301s))) == "AT2");
    BOOST_TEST(s.calls() == 1u);
    s.expect_post(token_endpoint, refresh_body("RT2"), token_json("AT3", "RT3"));
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3300s + 3300s))) == "AT3");
    BOOST_TEST(test::problems_of(s) == "");
}

// RFC 6749 §6: before the margin the current token and no request; at it, one refresh; without tokens,
// not_signed_in (client::token_manager's answer).
BOOST_AUTO_TEST_CASE(proactive_refresh_at_the_margin) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    fake ex(s);
    async_token_manager<fake&> m(config(), ex);
    BOOST_TEST((m.state() == client::token_manager_state::no_tokens));
    BOOST_TEST((code_of(test::run(m.access_token(t0))) == error::not_signed_in));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST((*m.refresh_at() == t0 + 3300s));
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3299s))) == "AT1");
    BOOST_TEST(s.calls() == 0u);
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", ""));  // no rotation: RT1 is kept
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3300s))) == "AT2");
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT3", ""));
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3300s + 3300s))) == "AT3");
    BOOST_TEST(test::problems_of(s) == "");
}

// RFC 6749 §5.2 invalid_grant: every waiter receives the refusal, the tokens are forgotten, the callback runs
// once; later calls send nothing.
BOOST_AUTO_TEST_CASE(a_refused_refresh_token_reaches_every_waiter) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    s.expect_post(token_endpoint, refresh_body("RT1"), response(400, R"({"error":"invalid_grant"})"));
    fake ex(s);
    int reauthorizations = 0;
    auto cfg = config();
    cfg.on_reauthorization_required = [&](failure const&) { ++reauthorizations; };
    async_token_manager<fake&> m(cfg, ex);
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    boost::asio::io_context io;
    std::vector<std::optional<outcome<secret>>> got(3);
    for (auto& g : got) test::spawn(io, m.access_token(t0 + 3500s), g);
    io.run();
    for (auto const& g : got) {
        BOOST_REQUIRE(g.has_value());
        BOOST_TEST((code_of(*g) == error::invalid_grant));
    }
    BOOST_TEST(reauthorizations == 1);
    BOOST_TEST((m.state() == client::token_manager_state::reauthorization_required));
    BOOST_TEST((code_of(test::run(m.access_token(t0 + 3501s))) == error::invalid_grant));
    BOOST_TEST(s.calls() == 1u);
    BOOST_TEST(test::problems_of(s) == "");
}

// A refresh that gets no answer (transport failure) while the token is still valid: the current token, and the
// next call tries again; once expired, the failure.
BOOST_AUTO_TEST_CASE(transient_failures_keep_a_valid_token) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    auto const refused = boost::system::error_code(boost::asio::error::connection_refused);
    s.expect({.method = "POST", .url = token_endpoint, .answer = refused});
    s.expect({.method = "POST", .url = token_endpoint, .answer = refused});
    fake ex(s);
    async_token_manager<fake&> m(config(), ex);
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3400s))) == "AT1");
    auto const late = test::run(m.access_token(t0 + 3600s));
    BOOST_REQUIRE(!late);
    BOOST_TEST((late.error().code == boost::asio::error::connection_refused));
    BOOST_TEST((m.state() == client::token_manager_state::ready));
    BOOST_TEST(test::problems_of(s) == "");
}

// A refreshing coroutine that ends by an exception (a throwing store callback) still releases its waiters, with
// operation_aborted, and the exception reaches its own caller; the manager stays usable.
struct store_failed : std::runtime_error {
    using std::runtime_error::runtime_error;
};
BOOST_AUTO_TEST_CASE(waiters_are_released_when_the_refresh_throws) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    fake ex(s);
    bool fail = true;
    auto cfg = config();
    cfg.store = [&](oauth::token_response const&) -> result<void> {
        if (fail) throw store_failed("disk full");
        return {};
    };
    async_token_manager<fake&> m(cfg, ex);
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    boost::asio::io_context io;
    std::optional<outcome<secret>> leader, waiter;
    test::spawn(io, m.access_token(t0 + 3300s), leader);
    test::spawn(io, m.access_token(t0 + 3300s), waiter);
    BOOST_CHECK_THROW(io.run(), store_failed);
    io.restart();
    io.run();
    BOOST_TEST(!leader.has_value());
    BOOST_REQUIRE(waiter.has_value());
    BOOST_REQUIRE(!*waiter);
    BOOST_TEST((waiter->error().code == boost::asio::error::operation_aborted));
    fail = false;  // the installed, unstored set is stored on the next call, without a new request
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3301s))) == "AT2");
    BOOST_TEST(s.calls() == 1u);
    BOOST_TEST(test::problems_of(s) == "");
}

// A caller that stops waiting for the refresh in flight: Asio cancels its wait ("||" below cancels the slower
// side), the refresh goes on for the others, and nothing is left dangling (this test also runs under ASan).
boost::asio::awaitable<std::string> impatient(async_token_manager<fake&>& m, time_point now) {
    using namespace boost::asio::experimental::awaitable_operators;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, 5ms);
    auto r = co_await (m.access_token(now) || timer.async_wait(boost::asio::use_awaitable));
    co_return r.index() == 0 ? "got a token" : "gave up";
}
BOOST_AUTO_TEST_CASE(a_waiter_may_give_up) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    fake ex(s);
    async_token_manager<fake&> m(config(), ex);
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    boost::asio::io_context io;
    std::optional<outcome<secret>> leader;
    std::optional<std::string> other;
    ex.hold();
    test::spawn(io, m.access_token(t0 + 3300s), leader);
    test::spawn(io, impatient(m, t0 + 3300s), other);
    io.run_for(200ms);  // the impatient caller's timer fires; the leader is still held in the executor
    BOOST_TEST(other.value_or("unfinished") == "gave up");
    BOOST_TEST(!leader.has_value());
    BOOST_TEST(s.calls() == 1u);
    ex.release();
    io.restart();
    io.run();
    BOOST_TEST(value_of(leader) == "AT2");
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3301s))) == "AT2");
    BOOST_TEST(s.calls() == 1u);
    BOOST_TEST(test::problems_of(s) == "");
}

// The manager may own its executor (E by value).
BOOST_AUTO_TEST_CASE(owning_its_executor) {
    auto const t0 = test::fixed_now();
    scripted_executor s;
    s.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    async_token_manager<fake> m(config(), fake(s));
    BOOST_TEST(m.set_tokens(tokens("AT1", "RT1", 3600s, t0)));
    BOOST_TEST(value_of(test::run(m.access_token(t0 + 3300s))) == "AT2");
    m.forget();
    BOOST_TEST((code_of(test::run(m.access_token(t0 + 3300s))) == error::not_signed_in));
    BOOST_TEST(test::problems_of(s) == "");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace adapters_async_token_manager_test
