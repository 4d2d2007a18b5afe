// The building blocks of the demo applications: the Beast server shell, the CLI's loopback redirect
// listener, the in-memory executor of mcp_flow, routing, argument parsing, the consent step, and the demo
// deployment driven end to end (the MCP layer itself is tested in mcp.cpp).
#define BOOST_TEST_MODULE examples_apps
#include <boost/test/unit_test.hpp>

#include <authwire/adapters/beast.hpp>
#include "../cli_client/browser.hpp"
#include "../cli_client/loopback_listener.hpp"
#include "../common/command_line.hpp"
#include "../common/http_server.hpp"
#include "../common/router.hpp"
#include "../mcp_flow/in_memory_executor.hpp"

#include <authwire/core/json.hpp>

#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace aw = authwire;
namespace ex = authwire::examples;
using namespace std::chrono_literals;

namespace {

aw::http_request get(std::string const& url) {
    aw::http_request r;
    r.url = boost::urls::url(url);
    return r;
}

// A loopback client for the server shell's tests: connect, send `bytes`, read until the server closes.
std::string exchange_raw(unsigned short port, std::string const& bytes) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    boost::asio::write(s, boost::asio::buffer(bytes));
    std::string out;
    std::array<char, 4096> buf{};
    boost::system::error_code ec;
    while (!ec) out.append(buf.data(), s.read_some(boost::asio::buffer(buf), ec));
    return out;
}

void quiet(std::string_view) {}

aw::http_response text(unsigned status, std::string body) {
    aw::http_response r;
    r.status = status;
    r.headers.append("Content-Type", "text/plain");
    r.body = std::move(body);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(examples_apps)

BOOST_AUTO_TEST_CASE(command_line_flags_options_positionals) {
    ex::command_line cl({"--headless"}, {"--port", "--executor"});
    char const* argv[] = {"prog", "https://mcp.example/mcp", "--headless", "--port", "8080", "--executor=curl"};
    BOOST_TEST(cl.parse(6, argv));
    BOOST_TEST(cl.flag("--headless"));
    BOOST_TEST(cl.option("--executor").value() == "curl");
    BOOST_TEST(cl.port("--port").value() == 8080);
    BOOST_TEST(!cl.option("--missing"));
    BOOST_TEST(cl.positional() == std::vector<std::string>{"https://mcp.example/mcp"});
}

BOOST_AUTO_TEST_CASE(command_line_rejects_unknown_missing_and_bad_values) {
    {
        ex::command_line cl({"--headless"}, {"--port"});
        char const* argv[] = {"prog", "--nope"};
        BOOST_TEST(!cl.parse(2, argv));
        BOOST_TEST(cl.error() == "unknown option --nope");
    }
    {
        ex::command_line cl({"--headless"}, {"--port"});
        char const* argv[] = {"prog", "--port"};
        BOOST_TEST(!cl.parse(2, argv));
        BOOST_TEST(cl.error() == "--port needs a value");
    }
    {
        ex::command_line cl({"--headless"}, {"--port"});
        char const* argv[] = {"prog", "--headless=yes"};
        BOOST_TEST(!cl.parse(2, argv));
    }
    {
        ex::command_line cl({}, {"--port"});
        char const* argv[] = {"prog", "--port", "1", "--port=2"};
        BOOST_TEST(!cl.parse(4, argv));  // a single-valued option given twice is a mistake, not "the last one wins"
        BOOST_TEST(cl.error() == "--port given more than once");
    }
    for (char const* bad : {"65536", "-1", "80x", ""}) {
        ex::command_line cl({}, {"--port"});
        char const* argv[] = {"prog", "--port", bad};
        BOOST_TEST(cl.parse(3, argv));
        BOOST_TEST(!cl.port("--port"));
        BOOST_TEST(!cl.error().empty());
    }
}

BOOST_AUTO_TEST_CASE(command_line_repeatable_options_keep_every_value_in_order) {
    ex::command_line cl({}, {"--port"}, {"--allowed-host", "--allowed-origin"});
    char const* argv[] = {"prog", "--allowed-host", "a.example", "--allowed-host=b.example:8443", "--port", "1",
                          "--allowed-origin", "https://c.example"};
    BOOST_TEST(cl.parse(8, argv));
    BOOST_TEST(cl.values("--allowed-host") == (std::vector<std::string>{"a.example", "b.example:8443"}));
    BOOST_TEST(cl.values("--allowed-origin") == std::vector<std::string>{"https://c.example"});
    BOOST_TEST(cl.values("--port").empty());  // single-valued options are read with option()
    BOOST_TEST(cl.option("--port").value() == "1");
    BOOST_TEST(!cl.option("--allowed-host"));
    char const* missing[] = {"prog", "--allowed-host"};
    ex::command_line cl2({}, {}, {"--allowed-host"});
    BOOST_TEST(!cl2.parse(2, missing));
}

BOOST_AUTO_TEST_CASE(http_server_hands_requests_to_the_handler_and_logs_one_line) {
    std::vector<std::string> log;
    std::vector<aw::http_request> seen;
    ex::http_server server(
        {}, [&](aw::http_request const& r) {
            seen.push_back(r);
            auto resp = text(201, "made");
            resp.headers.append("X-Test", "yes");
            return resp;
        },
        [&](std::string_view line) { log.emplace_back(line); });
    BOOST_TEST(server.origin() == "http://127.0.0.1:" + std::to_string(server.port()));
    std::thread t([&] { server.run(); });

    aw::adapters::beast_executor http;
    aw::http_request req;
    req.method = "POST";
    req.url = boost::urls::url(server.origin() + "/token?x=%2F1");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    req.body = "grant_type=authorization_code&code=secret-code";
    auto resp = http(req);
    server.stop();
    t.join();

    BOOST_REQUIRE(resp);
    BOOST_TEST(resp->status == 201u);
    BOOST_TEST(resp->body == "made");
    BOOST_TEST(resp->header("X-Test").value_or("") == "yes");
    BOOST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].method == "POST");
    BOOST_TEST(seen[0].url.buffer() == server.origin() + "/token?x=%2F1");
    BOOST_TEST(seen[0].body == req.body);
    BOOST_TEST(seen[0].header("content-type").value_or("") == "application/x-www-form-urlencoded");
    BOOST_REQUIRE(log.size() == 1u);
    BOOST_TEST(log[0].starts_with("127.0.0.1 \"POST /token\" 201 4B "));
    BOOST_TEST(log[0].find("secret-code") == std::string::npos);  // never the body or query
    BOOST_TEST(log[0].find("x=") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(http_server_refuses_oversized_bodies_and_survives_throwing_handlers) {
    ex::http_server::options o;
    o.max_body = 16;
    ex::http_server server(o, [](aw::http_request const& r) -> aw::http_response {
        if (r.url.encoded_path() == "/throw") throw std::runtime_error("boom");
        return text(200, "ok");
    }, [](std::string_view) {});
    std::thread t([&] { server.run(); });
    aw::adapters::beast_executor http;
    aw::http_request big;
    big.method = "POST";
    big.url = boost::urls::url(server.origin() + "/x");
    big.body = std::string(17, 'a');
    auto too_big = http(big);
    auto thrown = http(get(server.origin() + "/throw"));
    auto fine = http(get(server.origin() + "/"));
    server.stop();
    t.join();
    BOOST_REQUIRE(too_big);
    BOOST_TEST(too_big->status == 413u);
    BOOST_REQUIRE(thrown);
    BOOST_TEST(thrown->status == 500u);
    BOOST_TEST(thrown->body.find("boom") == std::string::npos);
    BOOST_REQUIRE(fine);
    BOOST_TEST(fine->status == 200u);
}

// --threads N: requests are answered from several threads at once, each exactly once, and stop() still ends run().
BOOST_AUTO_TEST_CASE(http_server_serves_from_several_threads) {
    ex::http_server::options o;
    o.threads = 4;
    std::mutex m;
    std::vector<std::thread::id> handler_threads;
    std::atomic<int> inside{0};
    std::atomic<int> most_inside{0};
    std::atomic<int> log_lines{0};
    ex::http_server server(
        o,
        [&](aw::http_request const& r) {
            int const now_inside = ++inside;
            int seen = most_inside.load();
            while (now_inside > seen && !most_inside.compare_exchange_weak(seen, now_inside)) {
            }
            {
                std::lock_guard lock(m);
                handler_threads.push_back(std::this_thread::get_id());
            }
            std::this_thread::sleep_for(20ms);  // long enough for the other clients' requests to arrive meanwhile
            --inside;
            return text(200, std::string(r.url.encoded_path()));
        },
        [&](std::string_view) { ++log_lines; });
    BOOST_TEST(server.threads() == 4u);
    std::thread t([&] { server.run(); });

    constexpr int clients = 6;
    constexpr int each = 5;
    std::atomic<int> right{0};
    std::vector<std::thread> callers;
    for (int c = 0; c < clients; ++c)
        callers.emplace_back([&, c] {
            aw::adapters::beast_executor http;
            for (int i = 0; i < each; ++i) {
                auto const path = "/c" + std::to_string(c) + "/" + std::to_string(i);
                auto resp = http(get(server.origin() + path));
                if (resp && resp->status == 200u && resp->body == path) ++right;
            }
        });
    for (auto& c : callers) c.join();
    server.stop();
    t.join();

    BOOST_TEST(right.load() == clients * each);
    BOOST_TEST(log_lines.load() == clients * each);
    BOOST_TEST(handler_threads.size() == static_cast<std::size_t>(clients * each));
    std::sort(handler_threads.begin(), handler_threads.end());
    auto const distinct = std::unique(handler_threads.begin(), handler_threads.end()) - handler_threads.begin();
    BOOST_TEST(distinct >= 2);            // more than one thread ran the handler...
    BOOST_TEST(most_inside.load() >= 2);  // ...at the same time
    BOOST_TEST(server.connections() == 0u);
}

BOOST_AUTO_TEST_CASE(http_server_run_for_times_out_without_requests) {
    ex::http_server server({}, [](aw::http_request const&) { return text(200, "ok"); }, [](std::string_view) {});
    auto const start = std::chrono::steady_clock::now();
    BOOST_TEST(!server.run_for(100ms));
    BOOST_TEST((std::chrono::steady_clock::now() - start >= 100ms));
}

// The demo server limits registrations per client address: the shell hands the handler the peer's address.
BOOST_AUTO_TEST_CASE(http_server_hands_the_peer_address_to_the_handler) {
    std::optional<ex::connection_info> peer;
    ex::http_server server(
        {}, [&](aw::http_request const&, ex::connection_info const& c) {
            peer = c;
            return text(200, "ok");
        },
        quiet);
    std::thread t([&] { server.run(); });
    aw::adapters::beast_executor http;
    auto resp = http(get(server.origin() + "/"));
    server.stop();
    t.join();
    BOOST_REQUIRE(resp);
    BOOST_REQUIRE(peer);
    BOOST_TEST(peer->address == "127.0.0.1");
    BOOST_TEST(peer->port != 0u);
}

// RFC 9112, RFC 6585 §5: a request the parser refuses gets its status and Connection: close, not a silent close;
// the handler never sees it. (The demo server's full list runs in tests/demo_server_abuse.py.)
BOOST_AUTO_TEST_CASE(http_server_answers_malformed_requests_before_closing) {
    std::atomic<int> handled{0};
    ex::http_server server({}, [&](aw::http_request const&) {
        ++handled;
        return text(200, "ok");
    }, quiet);
    std::thread t([&] { server.run(); });
    std::vector<std::pair<std::string, std::string>> const cases = {
        {"GET / HTTP/9.9\r\nHost: x\r\n\r\n", "HTTP/1.1 505 "},
        {"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17 * 1024, 'a') + "\r\n\r\n", "HTTP/1.1 431 "},
        {"GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "HTTP/1.1 400 "},
        {"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", "HTTP/1.1 400 "},  // HTTP/1.1 without Host
        {"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab", "HTTP/1.1 400 "},
        {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "HTTP/1.1 400 "},
        {"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 501 "},
    };
    std::vector<std::string> answers;
    for (auto const& c : cases) answers.push_back(exchange_raw(server.port(), c.first));
    auto const fine = exchange_raw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    server.stop();
    t.join();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        BOOST_TEST(answers[i].starts_with(cases[i].second), cases[i].second << "for case " << i << ": " << answers[i]);
        BOOST_TEST(answers[i].find("Connection: close\r\n") != std::string::npos, "case " << i);
    }
    BOOST_TEST(fine.starts_with("HTTP/1.1 200 "));
    BOOST_TEST(handled == 1);
}

// Beyond max_connections the oldest connection still waiting for its request is closed: slow clients cannot keep
// others out.
BOOST_AUTO_TEST_CASE(http_server_closes_the_oldest_idle_connection_beyond_its_cap) {
    ex::http_server::options o;
    o.max_connections = 2;
    ex::http_server server(o, [](aw::http_request const&) { return text(200, "ok"); }, quiet);
    BOOST_TEST(server.max_connections() == 2u);
    std::thread t([&] { server.run(); });
    boost::asio::io_context io;
    auto const at = boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), server.port());
    boost::asio::ip::tcp::socket oldest(io), younger(io);
    oldest.connect(at);
    boost::asio::write(oldest, boost::asio::buffer(std::string_view("GET / HTTP/1.1\r\nHost: x\r\n")));
    std::this_thread::sleep_for(100ms);
    younger.connect(at);
    boost::asio::write(younger, boost::asio::buffer(std::string_view("GET / HTTP/1.1\r\n")));
    std::this_thread::sleep_for(100ms);
    auto const answer = exchange_raw(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    std::array<char, 64> buf{};
    boost::system::error_code oldest_ec, younger_ec;
    (void)oldest.read_some(boost::asio::buffer(buf), oldest_ec);  // closed by the server: returns at once
    younger.non_blocking(true);
    (void)younger.read_some(boost::asio::buffer(buf), younger_ec);
    younger.close();
    server.stop();
    t.join();
    BOOST_TEST(answer.starts_with("HTTP/1.1 200 "));
    BOOST_TEST((oldest_ec == boost::asio::error::eof || oldest_ec == boost::asio::error::connection_reset),
               oldest_ec.message());
    BOOST_TEST((younger_ec == boost::asio::error::would_block), younger_ec.message());  // still open, still waited for
}

// stop() does not wait for idle connections to time out (the CLI's loopback listener stops as soon as the
// authorization response arrives, while a browser may hold a speculative connection open).
BOOST_AUTO_TEST_CASE(http_server_stop_closes_idle_connections_at_once) {
    ex::http_server server({}, [](aw::http_request const&) { return text(200, "ok"); }, quiet);
    std::thread t([&] { server.run(); });
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket idle(io);
    idle.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
    std::this_thread::sleep_for(50ms);
    auto const start = std::chrono::steady_clock::now();
    server.stop();
    t.join();
    BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));  // the header timeout is 10 s
}

BOOST_AUTO_TEST_CASE(http_server_runs_periodic_tasks_on_its_thread) {
    ex::http_server server({}, [](aw::http_request const&) { return text(200, "ok"); }, quiet);
    int ticks = 0;
    server.every(20ms, [&] { ++ticks; });
    BOOST_TEST(!server.run_for(250ms));
    BOOST_TEST(ticks >= 3);
}

BOOST_AUTO_TEST_CASE(http_server_default_connection_cap_leaves_room_under_the_descriptor_limit) {
    auto const cap = ex::http_server::default_max_connections();
    rlimit files{};
    BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &files) == 0);
    BOOST_TEST(cap <= 512u);
    BOOST_TEST(cap >= 16u);
    if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur > 48) BOOST_TEST(cap + 32 <= files.rlim_cur);
}

BOOST_AUTO_TEST_CASE(loopback_listener_returns_the_authorization_response) {
    ex::loopback_listener listener;
    auto const uri = listener.redirect_uri();
    BOOST_TEST(uri.starts_with("http://127.0.0.1:"));
    BOOST_TEST(uri.ends_with("/callback"));
    BOOST_TEST(uri != "http://127.0.0.1:0/callback");

    aw::adapters::beast_executor http;
    std::optional<aw::result<aw::http_response>> favicon, callback;
    std::thread browser([&] {
        favicon = http(get(listener.redirect_uri().substr(0, uri.size() - 9) + "/favicon.ico"));
        callback = http(get(uri + "?code=abc&state=xyz"));
    });
    auto got = listener.wait(10s);
    browser.join();
    BOOST_REQUIRE(got);
    BOOST_TEST(*got == uri + "?code=abc&state=xyz");
    BOOST_REQUIRE(favicon && *favicon);
    BOOST_TEST((*favicon)->status == 404u);
    BOOST_REQUIRE(callback && *callback);
    BOOST_TEST((*callback)->status == 200u);
    BOOST_TEST((*callback)->header("Cache-Control").value_or("") == "no-store");
}

BOOST_AUTO_TEST_CASE(loopback_listener_times_out) {
    ex::loopback_listener listener;
    BOOST_TEST(!listener.wait(50ms));
}

BOOST_AUTO_TEST_CASE(in_memory_executor_routes_by_origin) {
    ex::in_memory_executor exec;
    exec.serve("https://as.example", [](aw::http_request const& r) {
        return text(200, "as " + std::string(r.url.path()) + " " + std::string(r.header("Host").value_or("-")));
    });
    exec.serve("http://127.0.0.1:8080", [](aw::http_request const&) { return text(204, ""); });
    std::vector<std::string> seen;
    exec.on_exchange([&](aw::http_request const& q, aw::http_response const& a) {
        seen.push_back(std::string(q.url.buffer()) + " " + std::to_string(a.status));
    });
    auto a = exec(get("https://as.example/token"));
    auto b = exec(get("http://127.0.0.1:8080/x"));
    auto c = exec(get("https://evil.example/token"));
    auto d = exec(get("https://as.example:444/token"));
    BOOST_REQUIRE(a);
    BOOST_TEST(a->body == "as /token as.example");  // with the Host field a transport adds
    BOOST_REQUIRE(b);
    BOOST_TEST(b->status == 204u);
    BOOST_TEST(!c);
    BOOST_TEST(!d);
    BOOST_TEST(exec.requests() == 2u);
    BOOST_TEST(seen == (std::vector<std::string>{"https://as.example/token 200", "http://127.0.0.1:8080/x 204"}));
}

BOOST_AUTO_TEST_CASE(router_matches_exact_paths) {
    ex::router r;
    r.route("/token", [](aw::http_request const&) { return text(200, "token"); });
    BOOST_TEST(r(get("https://as.example/token")).body == "token");
    BOOST_TEST(r(get("https://as.example/token/")).status == 404u);
    BOOST_TEST(r(get("https://as.example/%74oken")).status == 404u);  // no decoding games
    BOOST_TEST(r(get("https://as.example/")).status == 404u);
}

BOOST_AUTO_TEST_CASE(command_line_numbers_are_checked) {
    ex::command_line cl({}, {"--max-clients", "--max-connections"});
    char const* argv[] = {"prog", "--max-clients", "20", "--max-connections", "0"};
    BOOST_TEST(cl.parse(5, argv));
    BOOST_TEST(cl.number("--max-clients", 1, 100).value() == 20u);
    BOOST_TEST(cl.error().empty());
    BOOST_TEST(!cl.number("--max-connections", 1, 100));
    BOOST_TEST(cl.error() == "--max-connections must be a number from 1 to 100");
    BOOST_TEST(!cl.number("--absent", 1, 100));
}

BOOST_AUTO_TEST_CASE(print_only_shows_the_url) {
    std::ostringstream out;
    ex::send_user_to("https://as.example/authorize?client_id=x", true, out);
    BOOST_TEST(out.str().find("  https://as.example/authorize?client_id=x\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

#include "../common/rate_limit.hpp"

BOOST_AUTO_TEST_SUITE(examples_rate_limit)

BOOST_AUTO_TEST_CASE(burst_then_one_per_interval_with_retry_after) {
    auto const t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(1000);
    ex::address_rate_limit limit({.burst = 3, .interval = 10s, .max_addresses = 100});
    for (int i = 0; i < 3; ++i) BOOST_TEST(limit.take("192.0.2.1", t0).allowed);
    auto refused = limit.take("192.0.2.1", t0);
    BOOST_TEST(!refused.allowed);
    BOOST_TEST(refused.retry_after.count() == 10);
    BOOST_TEST(limit.take("192.0.2.2", t0).allowed);  // another address has its own bucket
    refused = limit.take("192.0.2.1", t0 + 4s);
    BOOST_TEST(!refused.allowed);
    BOOST_TEST(refused.retry_after.count() == 6);
    BOOST_TEST(limit.take("192.0.2.1", t0 + 10s).allowed);  // one more per interval
    BOOST_TEST(!limit.take("192.0.2.1", t0 + 10s).allowed);
    BOOST_TEST(limit.purge(t0 + 10s) == 1u);  // 192.0.2.2's bucket is full again: forgotten
    BOOST_TEST(limit.purge(t0 + 39s) == 0u);  // 192.0.2.1's only at t0 + 40 s
    BOOST_TEST(limit.purge(t0 + 40s) == 1u);
    BOOST_TEST(limit.size() == 0u);
}

BOOST_AUTO_TEST_CASE(ipv6_addresses_count_per_64_and_the_table_is_bounded) {
    BOOST_TEST(ex::address_rate_limit::key_for("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64");
    BOOST_TEST(ex::address_rate_limit::key_for("127.0.0.1") == "127.0.0.1");
    BOOST_TEST(ex::address_rate_limit::key_for("::ffff:192.0.2.1") == "::ffff:192.0.2.1");
    auto const t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(1000);
    ex::address_rate_limit limit({.burst = 1, .interval = 10s, .max_addresses = 2});
    BOOST_TEST(limit.take("2001:db8::1", t0).allowed);
    BOOST_TEST(!limit.take("2001:db8::ffff:2", t0).allowed);  // same /64
    BOOST_TEST(limit.take("2001:db8:0:1::1", t0).allowed);     // another /64
    auto full = limit.take("192.0.2.9", t0);                  // a third address while both buckets are in use
    BOOST_TEST(!full.allowed);
    BOOST_TEST(full.retry_after.count() == 10);
    BOOST_TEST(limit.take("192.0.2.9", t0 + 10s).allowed);  // full buckets are dropped to make room
}

BOOST_AUTO_TEST_SUITE_END()

#include "../demo_server/consent.hpp"

BOOST_AUTO_TEST_SUITE(examples_consent)

// Chromium applies the CSP form-action to the redirect that answers the consent form: the client's origin (a
// loopback port, its https origin, its private-use scheme) must be allowed besides 'self'.
BOOST_AUTO_TEST_CASE(consent_page_lets_its_answer_redirect_to_the_client) {
    BOOST_TEST(ex::form_action_source("http://127.0.0.1:5555/callback").value_or("") == "http://127.0.0.1:5555");
    BOOST_TEST(ex::form_action_source("http://localhost:80/cb").value_or("") == "http://localhost:80");
    BOOST_TEST(ex::form_action_source("https://app.example/cb?x=1").value_or("") == "https://app.example");
    BOOST_TEST(ex::form_action_source("com.example.app:/oauth2redirect").value_or("") == "com.example.app:");
    BOOST_TEST(ex::form_action_source("http://[::1]:8080/cb").value_or("") == "http:");  // no CSP source names IPv6
    BOOST_TEST(!ex::form_action_source("not a uri"));
    BOOST_TEST(!ex::form_action_source("https://a.example;script-src:/"));
    ex::consent_screen s;
    s.action = "/authorize/consent";
    s.transaction = "tx";
    s.client_id = "c1";
    s.redirect_uri = "http://127.0.0.1:5555/callback";
    auto const r = ex::render_consent_page(s);
    BOOST_TEST(r.header("Content-Security-Policy").value_or("") ==
               "frame-ancestors 'none'; default-src 'none'; style-src " + ex::consent_style_source() +
                   "; base-uri 'none'; form-action 'self' http://127.0.0.1:5555");
}

// The page's one style sheet is allowed by the hash of its exact bytes: 'sha256-' and 44 base64 characters, the
// same bytes in the <style> element, and never 'unsafe-inline' (tests/interop/browser checks that browsers apply
// it). The problem pages use it too, and allow no form at all.
BOOST_AUTO_TEST_CASE(consent_pages_are_styled_by_a_hashed_style_sheet) {
    auto const& source = ex::consent_style_source();
    BOOST_TEST(source.starts_with("'sha256-"));
    BOOST_TEST(source.size() == 8u + 44u + 1u);
    auto const digest = aw::detail::sha256(aw::detail::as_bytes(ex::consent_css)).value();
    BOOST_TEST(source == "'sha256-" + aw::base64_encode(std::string_view(reinterpret_cast<char const*>(digest.data()),
                                                                        digest.size())) + "'");
    ex::consent_screen s;
    s.action = "/authorize/consent";
    s.redirect_uri = "https://app.example/cb";
    for (auto const& r : {ex::render_consent_page(s), ex::consent_problem_page(400, "t", "w", "d")}) {
        auto const csp = r.header("Content-Security-Policy").value_or("");
        BOOST_TEST(csp.find("style-src " + source + ";") != std::string::npos, csp);
        BOOST_TEST(csp.find("unsafe") == std::string::npos, csp);
        BOOST_TEST(r.body.find("<style>" + std::string(ex::consent_css) + "</style>") != std::string::npos);
        BOOST_TEST(r.body.find("<link") == std::string::npos);
        BOOST_TEST(r.body.find("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">") !=
                   std::string::npos);
    }
    BOOST_TEST(ex::consent_problem_page(400, "t", "w", "d").header("Content-Security-Policy").value_or("").ends_with(
        "form-action 'none'"));
}

// What the user reads: who is signed in, each scope in words (an undescribed one said to be so), where the browser
// goes afterwards.
BOOST_AUTO_TEST_CASE(consent_page_says_who_what_and_where) {
    ex::consent_screen s;
    s.action = "/authorize/consent";
    s.transaction = "tx";
    s.client_id = "c1";
    s.client_name = "Job Helper";
    s.user = "ada & co";
    s.scope = "mcp:tools other";
    s.scope_descriptions = {{"mcp:tools", "Use the <tools>"}};
    s.redirect_uri = "http://127.0.0.1:5555/callback";
    auto body = ex::render_consent_page(s).body;
    BOOST_TEST(body.find("Signed in as <strong>ada &amp; co</strong>") != std::string::npos);
    BOOST_TEST(body.find("<p class=\"id\"><code>c1</code></p>") != std::string::npos);
    BOOST_TEST(body.find("<q class=\"name\">Job Helper</q><span class=\"badge\">unverified</span>") !=
               std::string::npos);
    BOOST_TEST(body.find("<li><code>mcp:tools</code><span>Use the &lt;tools&gt;</span></li>") != std::string::npos);
    BOOST_TEST(body.find("<li><code>other</code><span class=\"undescribed\">") != std::string::npos);
    BOOST_TEST(body.find("<strong class=\"return-host\">127.0.0.1:5555</strong> (an application on this computer)") !=
               std::string::npos);
    s.redirect_uri = "https://app.example/cb";
    s.user.clear();
    body = ex::render_consent_page(s).body;
    BOOST_TEST(body.find("<strong class=\"return-host\">app.example</strong>.") != std::string::npos);
    BOOST_TEST(body.find("Signed in") == std::string::npos);
    s.redirect_uri = "com.example.app:/oauth2redirect";
    body = ex::render_consent_page(s).body;
    BOOST_TEST(body.find("<strong class=\"return-host\">com.example.app:</strong> (an app on this device") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(consent_answers_from_another_site_are_refused) {
    auto answer = [](std::vector<std::pair<std::string, std::string>> headers) {
        aw::http_request r;
        r.method = "POST";
        r.url = boost::urls::url("https://mcp.example/authorize/consent");
        for (auto const& [k, v] : headers) r.headers.append(k, v);
        return ex::refuse_cross_site_answer(r, "https://mcp.example");
    };
    BOOST_TEST(!answer({}));  // no browser headers: curl, tests
    BOOST_TEST(!answer({{"Origin", "https://mcp.example"}, {"Sec-Fetch-Site", "same-origin"}}));
    BOOST_TEST(!answer({{"Sec-Fetch-Site", "same-origin"}}));
    auto refused = answer({{"Origin", "https://evil.example"}});
    BOOST_REQUIRE(refused);
    BOOST_TEST(refused->status == 403u);
    BOOST_TEST(refused->header("Content-Type").value_or("").starts_with("text/html"));
    BOOST_TEST(answer({{"Origin", "null"}}).has_value());
    BOOST_TEST(answer({{"Origin", "https://mcp.example"}, {"Sec-Fetch-Site", "same-site"}}).has_value());
    BOOST_TEST(answer({{"Sec-Fetch-Site", "cross-site"}}).has_value());
    BOOST_TEST(answer({{"Sec-Fetch-Site", "none"}}).has_value());
}

BOOST_AUTO_TEST_CASE(consent_problem_pages_escape_and_cannot_be_framed) {
    auto const r = ex::consent_problem_page(400, "<t>", "a & b", "\"c\"");
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(r.body.find("&lt;t&gt;") != std::string::npos);
    BOOST_TEST(r.body.find("a &amp; b") != std::string::npos);
    BOOST_TEST(r.body.find("&quot;c&quot;") != std::string::npos);
    BOOST_TEST(r.header("X-Frame-Options").value_or("") == "DENY");
    BOOST_TEST(r.header("Cache-Control").value_or("") == "no-store");
}

BOOST_AUTO_TEST_CASE(consent_page_escapes_everything_and_cannot_be_framed) {
    ex::consent_screen s;
    s.action = "/authorize/consent";
    s.transaction = "tx\"><script>";
    s.client_id = "c1";
    s.client_name = "<img src=x onerror=alert(1)>";
    s.scope = "jobs:read profile";
    s.resources = {"https://mcp.example/mcp?a=<b>"};
    auto const r = ex::render_consent_page(s);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.find("<img") == std::string::npos);
    BOOST_TEST(r.body.find("<script>") == std::string::npos);
    BOOST_TEST(r.body.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
    BOOST_TEST(r.body.find("value=\"tx&quot;&gt;&lt;script&gt;\"") != std::string::npos);
    BOOST_TEST(r.body.find("<code>jobs:read</code>") != std::string::npos);
    BOOST_TEST(r.body.find("<code>profile</code>") != std::string::npos);
    BOOST_TEST(r.body.find("a=&lt;b&gt;") != std::string::npos);
    BOOST_TEST(r.header("X-Frame-Options").value_or("") == "DENY");
    BOOST_TEST(r.header("Content-Security-Policy").value_or("").find("frame-ancestors 'none'") != std::string::npos);
    BOOST_TEST(r.header("Cache-Control").value_or("") == "no-store");
}

// Issue 14: a Client ID Metadata Document client is shown by the host of its client_id (what the user can trust),
// its self-asserted name and logo marked unverified — escaped like everything else, the logo never loaded.
BOOST_AUTO_TEST_CASE(consent_page_for_a_metadata_document_client) {
    ex::consent_screen s;
    s.action = "/authorize/consent";
    s.transaction = "tx";
    s.client_id = "https://app.example.com/oauth/client.json";
    s.client_name = "Your Bank <b>";
    s.logo_uri = "https://app.example.com/logo.png\"><img src=x>";
    s.metadata_document = true;
    s.scope = "mcp:tools mcp:write";
    auto const r = ex::render_consent_page(s);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body.find("<h1>An application from <strong>app.example.com</strong>") != std::string::npos);
    BOOST_TEST(r.body.find("<p class=\"host\">app.example.com</p>") != std::string::npos);
    BOOST_TEST(r.body.find("<q class=\"name\">Your Bank &lt;b&gt;</q><span class=\"badge\">unverified</span>") !=
               std::string::npos);
    BOOST_TEST(r.body.find("unverified and not loaded, is at <code class=\"logo\">"
                           "https://app.example.com/logo.png&quot;&gt;&lt;img") != std::string::npos);
    BOOST_TEST(r.body.find("<img") == std::string::npos);
    BOOST_TEST(r.body.find("<code>https://app.example.com/oauth/client.json</code>") != std::string::npos);
    BOOST_TEST(r.body.find("<code>mcp:write</code>") != std::string::npos);
    BOOST_TEST(ex::client_id_host("https://[::1]:8443/c.json") == "[::1]");
    BOOST_TEST(ex::client_id_host("not a url").empty());
    // A registered client's page does not claim a host.
    s.metadata_document = false;
    BOOST_TEST(ex::render_consent_page(s).body.find("An application from") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(pending_consents_are_single_use_expiring_and_bounded) {
    auto const t0 = std::chrono::system_clock::time_point{} + std::chrono::hours(1000);
    ex::pending_consents<std::string> p(std::chrono::seconds(60), 2);
    auto a = p.put("a", t0).value();
    auto b = p.put("b", t0 + 1s).value();
    BOOST_TEST(a.size() == 43u);
    BOOST_TEST(a != b);
    BOOST_TEST(p.take(a, t0 + 2s).value() == "a");
    BOOST_TEST(!p.take(a, t0 + 2s));  // single use
    BOOST_TEST(!p.take("unknown", t0));
    BOOST_TEST(!p.take(b, t0 + 61s));  // expired (and gone)
    auto c = p.put("c", t0).value();
    auto d = p.put("d", t0 + 1s).value();
    auto e = p.put("e", t0 + 2s).value();  // capacity 2: the oldest (c) is dropped
    BOOST_TEST(p.size() == 2u);
    BOOST_TEST(!p.take(c, t0 + 3s));
    BOOST_TEST(p.take(d, t0 + 3s).value() == "d");
    BOOST_TEST(p.take(e, t0 + 3s).value() == "e");
    (void)p.put("f", t0).value();
    (void)p.put("g", t0 + 30s).value();
    BOOST_TEST(p.purge(t0 + 60s) == 1u);  // f expired, g has 30 s left
    BOOST_TEST(p.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

#include "../common/mcp_client.hpp"
#include "../demo_server/demo_app.hpp"

#include <authwire/client.hpp>

BOOST_AUTO_TEST_SUITE(examples_demo_app)

namespace {

struct deployment {
    ex::demo_app app;
    ex::in_memory_executor http;
    explicit deployment(bool auto_approve) : app(options(auto_approve)) {
        http.serve("https://mcp.example", [this](aw::http_request const& r) { return app(r); });
    }
    static ex::demo_options options(bool auto_approve) {
        ex::demo_options o;
        o.origin = "https://mcp.example";
        o.auto_approve = auto_approve;
        return o;
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(discovery_registration_and_consent_through_the_drivers) {
    deployment d(false);
    BOOST_TEST(d.app.validate().has_value());
    auto found = aw::client::discover(d.http, "https://mcp.example/mcp");
    BOOST_REQUIRE(found);
    BOOST_TEST(found->authorization_server.issuer == "https://mcp.example");
    BOOST_TEST(found->resource.resource == "https://mcp.example/mcp");
    auto const& as = found->authorization_server;

    auto reg = ex::mcp::register_native_client(d.http, as, "http://127.0.0.1/callback", "<b>tester</b>");
    BOOST_REQUIRE(reg);
    aw::client::code_flow::parameters p;
    p.client_id = reg->client_id;
    p.redirect_uri = "http://127.0.0.1:5555/callback";  // loopback: any port (RFC 8252 §7.3)
    p.resource = {"https://mcp.example/mcp"};
    auto started = aw::client::code_flow::start(as, p);
    BOOST_REQUIRE(started);

    // No auto-approval: the consent page, then the user's answer.
    aw::http_request get_authorize;
    get_authorize.url = started->authorization_url;
    auto page = d.http(get_authorize).value();
    BOOST_TEST(page.status == 200u);
    BOOST_TEST(page.body.find("&lt;b&gt;tester&lt;/b&gt;") != std::string::npos);
    auto const at = page.body.find("name=\"transaction\" value=\"");
    BOOST_REQUIRE(at != std::string::npos);
    auto const tx = page.body.substr(at + 26, 43);

    auto answer = [&](std::string const& body) {
        aw::http_request r;
        r.method = "POST";
        r.url = boost::urls::url("https://mcp.example/authorize/consent");
        r.headers.append("Content-Type", "application/x-www-form-urlencoded");
        r.body = body;
        return d.http(r).value();
    };
    BOOST_TEST(answer("transaction=nope&decision=approve").status == 400u);
    BOOST_TEST(answer("transaction=" + tx + "&decision=maybe").status == 400u);
    // From another site (a valid transaction value is not enough): refused, and the request is still waiting.
    aw::http_request forged;
    forged.method = "POST";
    forged.url = boost::urls::url("https://mcp.example/authorize/consent");
    forged.headers.append("Content-Type", "application/x-www-form-urlencoded");
    forged.headers.append("Origin", "https://evil.example");
    forged.headers.append("Sec-Fetch-Site", "cross-site");
    forged.body = "transaction=" + tx + "&decision=approve";
    auto const refused_forgery = d.http(forged).value();
    BOOST_TEST(refused_forgery.status == 403u);
    BOOST_TEST(!refused_forgery.header("Location"));
    auto approved = answer("transaction=" + tx + "&decision=approve");
    BOOST_TEST(approved.status == 302u);
    auto const location = std::string(approved.header("Location").value_or(""));
    auto code = aw::client::code_flow::check_callback(location, started->pending, as);
    BOOST_TEST(code.has_value());
    auto const again = answer("transaction=" + tx + "&decision=approve");  // single use: a page that says so
    BOOST_TEST(again.status == 400u);
    BOOST_TEST(again.header("Content-Type").value_or("").starts_with("text/html"));
    BOOST_TEST(again.body.find("no longer waiting") != std::string::npos);

    // A second request, denied.
    auto page2 = d.http(get_authorize).value();
    auto const at2 = page2.body.find("name=\"transaction\" value=\"");
    BOOST_REQUIRE(at2 != std::string::npos);
    auto denied = answer("transaction=" + page2.body.substr(at2 + 26, 43) + "&decision=deny");
    BOOST_TEST(denied.status == 302u);
    auto refused = aw::client::code_flow::check_callback(std::string(denied.header("Location").value_or("")),
                                                          started->pending, as);
    BOOST_REQUIRE(!refused);
    BOOST_TEST(aw::oauth::is_access_denied(refused.error()));
}

// A browser-based client (the MCP Inspector's page at http://localhost:6274) may call the public endpoints from
// any origin, and /mcp only from an origin its guard allows; /authorize and /introspect answer no CORS.
BOOST_AUTO_TEST_CASE(cross_origin_requests_from_browser_clients) {
    ex::demo_options o = deployment::options(false);
    o.allowed_origins = {"http://localhost:6274"};
    ex::demo_app app(o);
    BOOST_REQUIRE(app.validate());
    auto request = [&](std::string method, std::string path, std::string origin, bool preflight) {
        aw::http_request r;
        r.method = std::move(method);
        r.url = boost::urls::url("https://mcp.example" + path);
        r.headers.append("Host", "mcp.example");
        r.headers.append("Origin", origin);
        if (preflight) r.headers.append("Access-Control-Request-Method", "POST");
        return app(r);
    };
    for (auto const* path : {"/.well-known/oauth-authorization-server", "/.well-known/oauth-protected-resource/mcp",
                             "/register", "/token", "/revoke"}) {
        auto pre = request("OPTIONS", path, "https://any.example", true);
        BOOST_TEST(pre.status == 204u, path);
        BOOST_TEST(pre.header("Access-Control-Allow-Origin").value_or("") == "*", path);
        BOOST_TEST(pre.header("Access-Control-Allow-Headers").value_or("").find("MCP-Protocol-Version") !=
                   std::string_view::npos);
    }
    auto meta = request("GET", "/.well-known/oauth-authorization-server", "https://any.example", false);
    BOOST_TEST(meta.status == 200u);
    BOOST_TEST(meta.header("Access-Control-Allow-Origin").value_or("") == "*");

    auto mcp_pre = request("OPTIONS", "/mcp", "http://localhost:6274", true);
    BOOST_TEST(mcp_pre.status == 204u);
    BOOST_TEST(mcp_pre.header("Access-Control-Allow-Origin").value_or("") == "http://localhost:6274");
    BOOST_TEST(mcp_pre.header("Access-Control-Allow-Headers").value_or("").find("Mcp-Session-Id") != std::string_view::npos);
    auto unauthorized = request("POST", "/mcp", "http://localhost:6274", false);
    BOOST_TEST(unauthorized.status == 401u);
    BOOST_TEST(unauthorized.header("Access-Control-Allow-Origin").value_or("") == "http://localhost:6274");
    BOOST_TEST(unauthorized.header("Access-Control-Expose-Headers").value_or("").find("WWW-Authenticate") !=
               std::string_view::npos);
    auto evil_pre = request("OPTIONS", "/mcp", "https://evil.example", true);
    BOOST_TEST(evil_pre.status == 403u);
    BOOST_TEST(!evil_pre.header("Access-Control-Allow-Origin"));
    auto evil = request("POST", "/mcp", "https://evil.example", false);
    BOOST_TEST(evil.status == 403u);
    BOOST_TEST(!evil.header("Access-Control-Allow-Origin"));

    for (auto const* path : {"/authorize", "/introspect"}) {
        auto r = request("OPTIONS", path, "https://any.example", true);
        BOOST_TEST(!r.header("Access-Control-Allow-Origin"), path);
    }
}

BOOST_AUTO_TEST_CASE(auto_approve_redirects_at_once_and_bad_clients_get_no_redirect) {
    deployment d(true);
    auto found = aw::client::discover(d.http, "https://mcp.example/mcp");
    BOOST_REQUIRE(found);
    auto reg = ex::mcp::register_native_client(d.http, found->authorization_server, "http://127.0.0.1/callback", "t");
    BOOST_REQUIRE(reg);
    aw::client::code_flow::parameters p;
    p.client_id = reg->client_id;
    p.redirect_uri = "http://127.0.0.1:1234/callback";
    auto started = aw::client::code_flow::start(found->authorization_server, p);
    BOOST_REQUIRE(started);
    auto location = ex::mcp::follow_authorization_redirect(d.http, started->authorization_url);
    BOOST_REQUIRE(location);
    BOOST_TEST(location->starts_with("http://127.0.0.1:1234/callback?code="));

    // The code exchange (PKCE) yields a nested JWT access token and a refresh token that rotates.
    auto const& as = found->authorization_server;
    auto const client = aw::oauth::client_authentication::public_client(reg->client_id);
    auto const now = std::chrono::system_clock::now();
    auto tokens = aw::client::code_flow::finish(*location, started->pending, as, client, d.http, now);
    BOOST_REQUIRE(tokens);
    BOOST_TEST(std::count(tokens->access_token.reveal().begin(), tokens->access_token.reveal().end(), '.') == 4);
    BOOST_TEST(!tokens->refresh_token.empty());
    ex::mcp::client_session mcp("https://mcp.example/mcp");
    auto no_token = mcp.initialize(d.http).value();
    BOOST_REQUIRE(no_token.unauthorized());
    BOOST_TEST(no_token.http_refusal()->header("WWW-Authenticate").value_or("").find(
                   "resource_metadata=\"https://mcp.example/.well-known/oauth-protected-resource/mcp\"") != std::string::npos);
    mcp.set_bearer_token(tokens->access_token);
    BOOST_REQUIRE(mcp.initialize(d.http).value().ok());
    auto call = mcp.list_tools(d.http).value();
    BOOST_REQUIRE(call.ok());
    std::vector<std::string> names;
    for (auto const& t : call.result()) names.push_back(t.name);
    BOOST_TEST(names == (std::vector<std::string>{"search_jobs", "get_job", "list_applications", "add", "apply_to_job"}));
    auto mine = mcp.call_tool(d.http, "list_applications").value();
    BOOST_REQUIRE(mine.ok());
    BOOST_TEST(mine.result().text().starts_with("Applications of demo-user:"));  // the token's subject reaches the tool

    auto refresh = [&](aw::secret const& refresh_token) {
        aw::oauth::refresh_token_grant g;
        g.refresh_token = refresh_token;
        return aw::client::refresh_access_token(d.http, as, client, g, now);
    };
    auto refreshed = refresh(tokens->refresh_token);
    BOOST_REQUIRE(refreshed);
    BOOST_TEST(!(refreshed->refresh_token == tokens->refresh_token));
    auto replay = refresh(tokens->refresh_token);
    BOOST_REQUIRE(!replay);
    BOOST_TEST((replay.error().code == aw::error::invalid_grant));
    auto after_reuse = refresh(refreshed->refresh_token);
    BOOST_TEST(!after_reuse);  // reuse revoked the whole family, and its access tokens
    mcp.set_bearer_token(refreshed->access_token);
    auto revoked_call = mcp.list_tools(d.http).value();
    BOOST_REQUIRE(revoked_call.unauthorized());
    BOOST_TEST(revoked_call.http_refusal()->header("WWW-Authenticate").value_or("").find("invalid_token") !=
               std::string::npos);

    // A code is single use; presenting it again also revokes what it issued (RFC 6749 §4.1.2).
    auto started2 = aw::client::code_flow::start(as, p);
    BOOST_REQUIRE(started2);
    auto location2 = ex::mcp::follow_authorization_redirect(d.http, started2->authorization_url);
    BOOST_REQUIRE(location2);
    auto tokens2 = aw::client::code_flow::finish(*location2, started2->pending, as, client, d.http, now);
    BOOST_REQUIRE(tokens2);
    auto again = aw::client::code_flow::finish(*location2, started2->pending, as, client, d.http, now);
    BOOST_TEST(!again);
    BOOST_TEST(!refresh(tokens2->refresh_token));

    p.redirect_uri = "https://evil.example/callback";  // not registered: a 400 page, never a redirect
    auto evil = aw::client::code_flow::start(found->authorization_server, p);
    BOOST_REQUIRE(evil);
    auto no = ex::mcp::follow_authorization_redirect(d.http, evil->authorization_url);
    BOOST_TEST(!no);
}

// RFC 7591 §3 leaves it to the server whom it registers: the demo limits registrations per client address
// (429 with Retry-After), in total (503) and in size (413).
BOOST_AUTO_TEST_CASE(registration_is_limited_per_address_in_total_and_in_size) {
    auto now = std::chrono::system_clock::now();
    ex::demo_options o = deployment::options(false);
    o.clock = [&now] { return now; };
    o.max_clients = 3;
    o.registration_rate = {.burst = 2, .interval = 30s, .max_addresses = 100};
    ex::demo_app app(o);
    auto reg = [&](std::string const& peer, std::size_t padding = 0) {
        aw::http_request r;
        r.method = "POST";
        r.url = boost::urls::url("https://mcp.example/register");
        r.headers.append("Content-Type", "application/json");
        r.body = R"({"redirect_uris":["http://127.0.0.1/callback"],"token_endpoint_auth_method":"none",)"
                 R"("client_name":")" + std::string(padding, 'x') + R"("})";
        return app(r, peer);
    };
    BOOST_TEST(reg("192.0.2.1").status == 201u);
    BOOST_TEST(reg("192.0.2.1").status == 201u);
    auto limited = reg("192.0.2.1");
    BOOST_TEST(limited.status == 429u);
    BOOST_TEST(limited.header("Retry-After").value_or("") == "30");
    BOOST_TEST(limited.header("Access-Control-Allow-Origin").value_or("") == "*");  // browser clients can read it
    BOOST_TEST(limited.body.find("\"error\":\"temporarily_unavailable\"") != std::string::npos);
    auto big = reg("192.0.2.2", 9000);
    BOOST_TEST(big.status == 413u);
    BOOST_TEST(big.body.find("invalid_client_metadata") != std::string::npos);
    BOOST_TEST(reg("192.0.2.3").status == 201u);
    auto full = reg("192.0.2.4");
    BOOST_TEST(full.status == 503u);
    BOOST_TEST(!full.header("Retry-After"));  // nothing frees room but a restart
    now += 30s;
    BOOST_TEST(reg("192.0.2.1").status == 503u);  // the rate allows it again, the cap does not
    BOOST_TEST(app.held().clients == 3u);
}

// What the demo server's timer runs: unused codes, spent-code tombstones, dead grants, lapsed revocations, consent
// requests nobody answered, idle MCP sessions and full rate-limit buckets are forgotten.
BOOST_AUTO_TEST_CASE(purge_forgets_what_has_expired) {
    auto now = std::chrono::system_clock::now();
    for (bool auto_approve : {true, false}) {
        ex::demo_options o = deployment::options(auto_approve);
        o.clock = [&now] { return now; };
        ex::demo_app app(o);
        ex::in_memory_executor http;
        http.serve("https://mcp.example", [&app](aw::http_request const& r) { return app(r); });
        auto found = aw::client::discover(http, "https://mcp.example/mcp");
        BOOST_REQUIRE(found);
        auto reg = ex::mcp::register_native_client(http, found->authorization_server, "http://127.0.0.1/callback", "t");
        BOOST_REQUIRE(reg);
        aw::client::code_flow::parameters p;
        p.client_id = reg->client_id;
        p.redirect_uri = "http://127.0.0.1:1234/callback";
        for (int i = 0; i < 3; ++i) {
            auto started = aw::client::code_flow::start(found->authorization_server, p);
            BOOST_REQUIRE(started);
            aw::http_request r;
            r.url = started->authorization_url;
            BOOST_TEST(http(r).value().status == (auto_approve ? 302u : 200u));
        }
        auto const held = app.held();
        BOOST_TEST(held.codes == (auto_approve ? 3u : 0u));
        BOOST_TEST(held.consents == (auto_approve ? 0u : 3u));
        BOOST_TEST(held.rate_limit_buckets == 1u);
        auto const early = app.purge();
        BOOST_TEST(early.codes + early.consents == 0u);
        now += std::chrono::minutes(11);  // codes live 60 s, consent requests 10 minutes, the rate bucket 6 s
        auto const n = app.purge();
        BOOST_TEST(n.codes == (auto_approve ? 3u : 0u));
        BOOST_TEST(n.consents == (auto_approve ? 0u : 3u));
        BOOST_TEST(n.rate_limit_buckets == 1u);
        BOOST_TEST(app.held().codes + app.held().consents == 0u);
    }
}

// RFC 7662 at the demo's /introspect: a confidential client asks about its own tokens (active, with the
// grant's client, subject and audience; inactive once the grant is revoked); a public client reads another's as inactive.
BOOST_AUTO_TEST_CASE(introspection_for_a_confidential_client) {
    deployment d(true);
    auto found = aw::client::discover(d.http, "https://mcp.example/mcp");
    BOOST_REQUIRE(found);
    auto const& as = found->authorization_server;
    aw::oauth::client_metadata m;
    m.redirect_uris = {"https://app.example/callback"};
    m.token_endpoint_auth_method = "client_secret_basic";
    m.grant_types = {"authorization_code", "refresh_token"};
    m.response_types = {"code"};
    m.client_name = "jobs web app";
    auto reg = aw::client::register_client(d.http, as, m);
    BOOST_REQUIRE(reg);
    BOOST_TEST(!reg->client_secret.empty());
    auto const client = aw::client::client_authentication_for(*reg, as).value();

    aw::client::code_flow::parameters p;
    p.client_id = reg->client_id;
    p.redirect_uri = "https://app.example/callback";
    p.resource = {"https://mcp.example/mcp"};
    auto started = aw::client::code_flow::start(as, p);
    BOOST_REQUIRE(started);
    auto location = ex::mcp::follow_authorization_redirect(d.http, started->authorization_url);
    BOOST_REQUIRE(location);
    auto const now = std::chrono::system_clock::now();
    auto tokens = aw::client::code_flow::finish(*location, started->pending, as, client, d.http, now);
    BOOST_REQUIRE(tokens);

    auto introspect = [&](aw::secret const& token, std::string_view hint, aw::oauth::client_authentication const& c) {
        return aw::client::introspect_token(d.http, as, c, token, hint, now);
    };
    auto at = introspect(tokens->access_token, "access_token", client);
    BOOST_REQUIRE(at);
    BOOST_TEST(at->active);
    BOOST_TEST(at->client_id.value_or("") == reg->client_id);
    BOOST_TEST(!at->sub.value_or("").empty());
    BOOST_TEST(at->aud == (std::vector<std::string>{"https://mcp.example/mcp"}));
    BOOST_TEST((at->exp.has_value() && *at->exp > now));
    auto rt = introspect(tokens->refresh_token, "refresh_token", client);
    BOOST_REQUIRE(rt);
    BOOST_TEST(rt->active);

    auto native = ex::mcp::register_native_client(d.http, as, "http://127.0.0.1/callback", "cli");
    BOOST_REQUIRE(native);
    // A public client may introspect (its own tokens only, as the metadata's "none" says): this token is not its.
    auto foreign = introspect(tokens->access_token, "access_token",
                              aw::oauth::client_authentication::public_client(native->client_id));
    BOOST_REQUIRE(foreign);
    BOOST_TEST(!foreign->active);

    // Signing out revokes the grant: both of its tokens are then inactive.
    BOOST_REQUIRE(aw::client::revoke_token(d.http, as, client, tokens->refresh_token, "refresh_token", now));
    auto after = introspect(tokens->access_token, "access_token", client);
    BOOST_REQUIRE(after);
    BOOST_TEST(!after->active);
    BOOST_TEST(!introspect(tokens->refresh_token, "refresh_token", client).value().active);
}

BOOST_AUTO_TEST_SUITE_END()
