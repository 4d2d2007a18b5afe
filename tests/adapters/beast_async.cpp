#include <authwire/adapters/beast_async.hpp>

#include "adapters/support.hpp"

#include <authwire/adapters/asio.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace adapters_beast_async_test {

using namespace authwire;
using namespace authwire::adapters;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

static_assert(async_http_executor<beast_async_executor>);

// What a one-shot loopback server (127.0.0.1, a free port) saw of the request it received.
struct seen {
    std::string method, target, host, body;
};

// Accept one connection, read one request, then answer `answer` — or, with `answer` empty, keep the connection
// open without a word until the client gives up.
asio::awaitable<void> serve_once(tcp::acceptor& acceptor, std::optional<http::response<http::string_body>> answer,
                                 seen& out) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req;
    std::tie(ec, std::ignore) = co_await http::async_read(socket, buffer, req, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    out = {std::string(req.method_string()), std::string(req.target()), std::string(req[http::field::host]),
           req.body()};
    if (!answer) {  // silent: wait for the client to close
        char byte = 0;
        (void)co_await socket.async_read_some(asio::buffer(&byte, 1), asio::as_tuple(asio::use_awaitable));
        co_return;
    }
    answer->prepare_payload();
    (void)co_await http::async_write(socket, *answer, asio::as_tuple(asio::use_awaitable));
}

// Run the executor once against a server answering `answer`; `path` is appended to http://127.0.0.1:<port>.
result<http_response> exchange(std::optional<http::response<http::string_body>> answer, std::string const& path,
                               seen& out, beast_async_executor::options opt = {}, std::string method = "GET",
                               std::string body = {}) {
    asio::io_context io;
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    asio::co_spawn(io, serve_once(acceptor, std::move(answer), out), asio::detached);
    beast_async_executor ex(std::move(opt));
    http_request req;
    req.method = std::move(method);
    req.url = boost::urls::url("http://127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()) + path);
    req.body = std::move(body);
    std::optional<result<http_response>> r;
    test::spawn(io, ex.async_execute(req), r);
    io.run();
    BOOST_TEST_REQUIRE(r.has_value());
    return std::move(*r);
}

http::response<http::string_body> reply(http::status status, std::string body) {
    http::response<http::string_body> r{status, 11};
    r.set(http::field::content_type, "application/json");
    r.body() = std::move(body);
    return r;
}

BOOST_AUTO_TEST_SUITE(adapters_beast_async)

// RFC 9112 §3.2.1: an empty path is sent as "/", Host carries the port; the answer and its fields come back.
BOOST_AUTO_TEST_CASE(origin_form_and_host) {
    seen s;
    auto r = exchange(reply(http::status::ok, R"({"ok":true})"), "", s);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 200u);
    BOOST_TEST(r->body == R"({"ok":true})");
    BOOST_TEST(*r->header("Content-Type") == "application/json");
    BOOST_TEST(s.method == "GET");
    BOOST_TEST(s.target == "/");
    BOOST_TEST(s.host.starts_with("127.0.0.1:"));

    seen q;
    auto p = exchange(reply(http::status::ok, "{}"), "/token?x=1", q, {}, "POST", "grant_type=refresh_token");
    BOOST_REQUIRE(p);
    BOOST_TEST(q.target == "/token?x=1");
    BOOST_TEST(q.body == "grant_type=refresh_token");
}

// RFC 9700 §4.11: a redirect is an answer, never followed; a 400 too.
BOOST_AUTO_TEST_CASE(no_redirects) {
    auto found = reply(http::status::found, "");
    found.set(http::field::location, "http://127.0.0.1:1/elsewhere");
    seen s;
    auto r = exchange(found, "/authorize", s);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->status == 302u);
    BOOST_TEST(*r->header("Location") == "http://127.0.0.1:1/elsewhere");
}

// Bounded answers and one deadline: a body over the cap is input_too_large; a server that never answers is a
// timeout, after about the configured time.
BOOST_AUTO_TEST_CASE(size_cap_and_timeout) {
    seen s;
    auto big = exchange(reply(http::status::ok, std::string(2048, 'x')), "/", s, {.max_response_size = 1024});
    BOOST_REQUIRE(!big);
    BOOST_TEST((big.error() == error::input_too_large));

    auto const start = std::chrono::steady_clock::now();
    auto silent = exchange(std::nullopt, "/", s, {.timeout = std::chrono::milliseconds(300)});
    auto const took = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(!silent);
    BOOST_TEST((silent.error() == boost::beast::error::timeout));
    BOOST_TEST(took < std::chrono::seconds(5));
}

// TLS everywhere except loopback (adapters/detail/transport.hpp): nothing is sent to another host over http.
BOOST_AUTO_TEST_CASE(plain_http_only_to_loopback) {
    beast_async_executor ex;
    http_request req;
    req.url = boost::urls::url("http://as.example/token");
    auto r = test::run(ex.async_execute(req));
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error() == error::insecure_url));
    req.url = boost::urls::url("ftp://127.0.0.1/x");
    auto f = test::run(ex.async_execute(req));
    BOOST_TEST(!f);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace adapters_beast_async_test
