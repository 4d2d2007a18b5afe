#include <authwire/adapters/beast_async.hpp>

#include "adapters/support.hpp"

#include <authwire/adapters/asio.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <cstdlib>
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
    std::string sni{};  // TLS only: the server name the client indicated (RFC 6066 §3)
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

// The test PKI tests/adapters/CMakeLists.txt makes (examples/tests/make_test_pki.sh): a CA, a certificate for
// localhost and 127.0.0.1, and one for other.test only.
std::string pki(char const* file) {
    char const* dir = std::getenv("AUTHWIRE_TEST_PKI");
    BOOST_TEST_REQUIRE(dir != nullptr, "AUTHWIRE_TEST_PKI must name the directory make_test_pki.sh filled");
    return std::string(dir) + "/" + file;
}

// Accept one TLS connection with `certificate`, answer one request with 200 and record what was seen.
asio::awaitable<void> serve_tls_once(tcp::acceptor& acceptor, asio::ssl::context& tls, seen& out) {
    auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    asio::ssl::stream<tcp::socket> stream(std::move(socket), tls);
    std::tie(ec) = co_await stream.async_handshake(asio::ssl::stream_base::server, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;  // the client refused the certificate
    if (char const* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name)) out.sni = name;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req;
    std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    out.target = std::string(req.target());
    auto answer = reply(http::status::ok, R"({"tls":true})");
    answer.prepare_payload();
    std::tie(ec, std::ignore) = co_await http::async_write(stream, answer, asio::as_tuple(asio::use_awaitable));
    (void)co_await stream.async_shutdown(asio::as_tuple(asio::use_awaitable));
}

// One https exchange with a server presenting `name`.pem; the client trusts the test CA when `trust_ca`.
result<http_response> tls_exchange(std::string const& name, std::string const& host, bool trust_ca, seen& out) {
    asio::io_context io;
    asio::ssl::context tls(asio::ssl::context::tls_server);
    tls.use_certificate_chain_file(pki((name + ".pem").c_str()));
    tls.use_private_key_file(pki((name + ".key").c_str()), asio::ssl::context::pem);
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    asio::co_spawn(io, serve_tls_once(acceptor, tls, out), asio::detached);
    beast_async_executor::options opt;
    opt.timeout = std::chrono::seconds(10);
    if (trust_ca) opt.ca_file = pki("ca.pem");
    beast_async_executor ex(opt);
    http_request req;
    req.url = boost::urls::url("https://" + host + ":" + std::to_string(acceptor.local_endpoint().port()) + "/tls");
    std::optional<result<http_response>> r;
    test::spawn(io, ex.async_execute(req), r);
    io.run();
    BOOST_TEST_REQUIRE(r.has_value());
    return std::move(*r);
}

// RFC 9110 §4.3.4, RFC 6125: the certificate chain and the host name are verified; SNI names the host
// (RFC 6066 §3: never an IP literal).
BOOST_AUTO_TEST_CASE(tls_is_verified_with_sni) {
    seen by_name;
    auto ok = tls_exchange("server", "localhost", true, by_name);
    BOOST_TEST_REQUIRE(ok.has_value(), (ok ? std::string() : ok.error().message()));
    BOOST_TEST(ok->body == R"({"tls":true})");
    BOOST_TEST(by_name.target == "/tls");
    BOOST_TEST(by_name.sni == "localhost");

    seen by_ip;
    auto ip = tls_exchange("server", "127.0.0.1", true, by_ip);
    BOOST_TEST(ip.has_value(), (ip ? std::string() : ip.error().message()));
    BOOST_TEST(by_ip.sni.empty());

    seen untrusted;  // the same server without the test CA: refused, nothing sent
    BOOST_TEST(!tls_exchange("server", "localhost", false, untrusted).has_value());
    BOOST_TEST(untrusted.target.empty());

    seen other;  // a certificate from the trusted CA, for another name
    BOOST_TEST(!tls_exchange("other", "localhost", true, other).has_value());
    BOOST_TEST(other.target.empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace adapters_beast_async_test
