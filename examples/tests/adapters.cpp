// The two example executors against real sockets: plain http on loopback, TLS with a test CA, redirects
// returned (not followed), response limits, repeated header fields, and refusal of plain http elsewhere.
#include <authwire/adapters/beast.hpp>
#include <authwire/adapters/curl.hpp>
#include "loopback_server.hpp"

#define BOOST_TEST_MODULE adapters
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdlib>
#include <string>

using namespace authwire;
using authwire::examples::testing::loopback_server;
using authwire::examples::testing::received_request;

namespace {

std::string pki(char const* file) {
    char const* dir = std::getenv("AUTHWIRE_TEST_PKI");
    BOOST_REQUIRE_MESSAGE(dir != nullptr, "AUTHWIRE_TEST_PKI must name the directory make_test_pki.sh filled");
    return std::string(dir) + "/" + file;
}

http_response route(received_request const& r) {
    if (r.target == "/redirect") return {302, {{"Location", "/echo"}}, ""};
    if (r.target == "/big") return {200, {{"Content-Type", "text/plain"}}, std::string(2 * 1024 * 1024, 'x')};
    if (r.target == "/challenge")
        return {401, {{"WWW-Authenticate", "Bearer realm=\"a\""}, {"WWW-Authenticate", "DPoP algs=\"ES256\""}}, ""};
    boost::json::object echo;
    echo["method"] = r.method;
    echo["target"] = r.target;
    echo["body"] = r.body;
    echo["content_type"] = std::string(r.headers.find("Content-Type").value_or(""));
    echo["authorization"] = std::string(r.headers.find("Authorization").value_or(""));
    echo["host"] = std::string(r.headers.find("Host").value_or(""));
    return {200, {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}}, boost::json::serialize(echo)};
}

http_request request(std::string const& url, std::string method = "GET", std::string body = {}) {
    http_request r;
    r.method = std::move(method);
    r.url = boost::urls::url(url);
    r.body = std::move(body);
    if (!r.body.empty()) r.headers.append("Content-Type", "application/x-www-form-urlencoded");
    r.headers.append("Authorization", "Bearer abc.def");
    return r;
}

struct curl_init {
    adapters::curl_global g;
};
BOOST_GLOBAL_FIXTURE(curl_init);

template <class Executor>
void exercise_plain(Executor& execute) {
    loopback_server server(route);
    auto const base = "http://127.0.0.1:" + std::to_string(server.port());

    auto r = execute(request(base + "/echo?x=1", "POST", "grant_type=refresh_token&refresh_token=a%2Bb"));
    BOOST_REQUIRE_MESSAGE(r.has_value(), (r ? std::string() : r.error().message()));
    BOOST_TEST(r->status == 200u);
    BOOST_TEST(r->is_json());
    auto const echo = boost::json::parse(r->body).as_object();
    BOOST_TEST(echo.at("method").as_string() == "POST");
    BOOST_TEST(echo.at("target").as_string() == "/echo?x=1");
    BOOST_TEST(echo.at("body").as_string() == "grant_type=refresh_token&refresh_token=a%2Bb");
    BOOST_TEST(echo.at("content_type").as_string() == "application/x-www-form-urlencoded");
    BOOST_TEST(echo.at("authorization").as_string() == "Bearer abc.def");
    BOOST_TEST(echo.at("host").as_string() == "127.0.0.1:" + std::to_string(server.port()));

    // RFC 9112 §3.2.1: a URL with an empty path is requested as "/" (with its query, if any).
    for (auto const& [url, target] : {std::pair{base, "/"}, std::pair{base + "?x=1", "/?x=1"}}) {
        auto root = execute(request(url));
        BOOST_REQUIRE_MESSAGE(root.has_value(), (root ? std::string() : root.error().message()));
        BOOST_TEST(boost::json::parse(root->body).as_object().at("target").as_string() == target, url);
    }

    auto redirect = execute(request(base + "/redirect"));
    BOOST_REQUIRE(redirect.has_value());
    BOOST_TEST(redirect->status == 302u);  // handed back, never followed
    BOOST_TEST(redirect->header("location").value() == "/echo");

    auto challenge = execute(request(base + "/challenge"));
    BOOST_REQUIRE(challenge.has_value());
    BOOST_TEST(challenge->status == 401u);
    BOOST_TEST(challenge->headers.count("WWW-Authenticate") == 2u);

    auto big = execute(request(base + "/big"));
    BOOST_TEST(!big.has_value());
    if (!big) BOOST_TEST((big.error() == error::input_too_large));
}

template <class Executor>
void refuse_plain_http_elsewhere(Executor& execute) {
    for (auto url : {"http://example.com/token", "http://10.0.0.1/token", "http://localhost.evil.test/x",
                     "ftp://127.0.0.1/x"}) {
        auto r = execute(request(url));
        BOOST_TEST(!r.has_value(), url);
        if (!r) BOOST_TEST((r.error() == error::insecure_url), url);
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(curl_over_plain_loopback) {
    adapters::curl_executor curl;
    exercise_plain(curl);
    refuse_plain_http_elsewhere(curl);
}

BOOST_AUTO_TEST_CASE(beast_over_plain_loopback) {
    adapters::beast_executor beast;
    exercise_plain(beast);
    refuse_plain_http_elsewhere(beast);
}

BOOST_AUTO_TEST_CASE(tls_is_verified) {
    loopback_server server(route, pki("server.pem"), pki("server.key"));
    auto const port = std::to_string(server.port());
    adapters::curl_executor trusting_curl({.ca_file = pki("ca.pem")});
    adapters::beast_executor trusting_beast({.ca_file = pki("ca.pem")});
    for (auto const& url : {"https://localhost:" + port + "/echo", "https://127.0.0.1:" + port + "/echo"}) {
        auto c = trusting_curl(request(url));
        BOOST_TEST(c.has_value(), url << ": " << (c ? std::string() : c.error().message()));
        auto b = trusting_beast(request(url));
        BOOST_TEST(b.has_value(), url << ": " << (b ? std::string() : b.error().message()));
    }
    // Without the test CA, the same server is not trusted.
    adapters::curl_executor default_curl;
    adapters::beast_executor default_beast;
    BOOST_TEST(!default_curl(request("https://localhost:" + port + "/echo")).has_value());
    BOOST_TEST(!default_beast(request("https://localhost:" + port + "/echo")).has_value());
}

BOOST_AUTO_TEST_CASE(tls_host_name_is_verified) {
    // A certificate from the trusted CA, but for another name.
    loopback_server server(route, pki("other.pem"), pki("other.key"));
    auto const url = "https://localhost:" + std::to_string(server.port()) + "/echo";
    adapters::curl_executor curl({.ca_file = pki("ca.pem")});
    adapters::beast_executor beast({.ca_file = pki("ca.pem")});
    BOOST_TEST(!curl(request(url)).has_value());
    BOOST_TEST(!beast(request(url)).has_value());
}
