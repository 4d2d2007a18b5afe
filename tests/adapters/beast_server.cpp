#include <authwire/adapters/beast_server.hpp>

#include <boost/beast/core/buffer_traits.hpp>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adapters_beast_server_test {

using namespace authwire;
using namespace authwire::adapters;
namespace http = boost::beast::http;

// A request exactly as these bytes would reach a Beast server: through Beast's own parser.
beast_server_request parse(std::string_view wire) {
    http::request_parser<http::string_body> parser;
    parser.eager(true);
    boost::system::error_code ec;
    std::size_t used = 0;
    while (!ec && !parser.is_done() && used < wire.size())
        used += parser.put(boost::asio::buffer(wire.data() + used, wire.size() - used), ec);
    BOOST_TEST_REQUIRE(!ec, ec.message() << " parsing " << wire);
    BOOST_TEST_REQUIRE(parser.is_done());
    return parser.release();
}

// The bytes a Beast server would send for `r`.
std::string wire_of(beast_server_response r) {
    std::string out;
    http::serializer<false, http::string_body> sr(r);
    boost::system::error_code ec;
    while (!sr.is_done() && !ec)
        sr.next(ec, [&](boost::system::error_code&, auto const& buffers) {
            for (auto const b : boost::beast::buffers_range_ref(buffers))
                out.append(static_cast<char const*>(b.data()), b.size());
            sr.consume(boost::beast::buffer_bytes(buffers));
        });
    BOOST_TEST(!ec);
    return out;
}

BOOST_AUTO_TEST_SUITE(adapters_beast_server)

// RFC 9112 §3.2.1: origin + origin-form target is the URL; method, fields (in order, as received) and body
// are copied; the query keeps its percent-encoding.
BOOST_AUTO_TEST_CASE(origin_form_request) {
    auto const in = parse("POST /token?a=%2F&b HTTP/1.1\r\nHost: as.example\r\nContent-Type: application/"
                          "x-www-form-urlencoded\r\nX-Two: 1\r\nx-two: 2\r\nContent-Length: 18\r\n\r\n"
                          "grant_type=refresh");
    auto r = from_beast_request(in, "https://as.example");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->method == "POST");
    BOOST_TEST(std::string(r->url.buffer()) == "https://as.example/token?a=%2F&b");
    BOOST_TEST(r->url.encoded_path() == "/token");
    BOOST_TEST(r->body == "grant_type=refresh");
    BOOST_TEST(*r->header("content-type") == "application/x-www-form-urlencoded");
    auto const twos = r->headers.find_all("X-Two");
    BOOST_TEST_REQUIRE(twos.size() == 2u);
    BOOST_TEST(twos[0] == "1");
    BOOST_TEST(twos[1] == "2");

    // The moving overload gives the same request.
    auto copy = in;
    auto moved = from_beast_request(std::move(copy), "https://as.example");
    BOOST_REQUIRE(moved);
    BOOST_TEST(std::string(moved->url.buffer()) == r->url.buffer());
    BOOST_TEST(moved->body == "grant_type=refresh");

    // A port and a trailing "/" in the configured origin; "/" alone as the target.
    auto root = from_beast_request(parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), "http://127.0.0.1:8080/");
    BOOST_REQUIRE(root);
    BOOST_TEST(std::string(root->url.buffer()) == "http://127.0.0.1:8080/");
    auto v6 = from_beast_request(parse("GET /mcp HTTP/1.1\r\nHost: x\r\n\r\n"), "http://[::1]:9");
    BOOST_REQUIRE(v6);
    BOOST_TEST(std::string(v6->url.buffer()) == "http://[::1]:9/mcp");
}

// The Host header never names the server: the URL's authority is the configured origin's, whatever Host says.
BOOST_AUTO_TEST_CASE(host_header_is_not_trusted) {
    auto r = from_beast_request(parse("GET /.well-known/oauth-authorization-server HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
                                "https://as.example");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->url.host() == "as.example");
    BOOST_TEST(*r->header("Host") == "evil.example");  // still there for whoever checks it (DNS rebinding guards)
}

// Hostile targets: whatever Beast's parser lets through, nothing but origin-form makes a request, and no target
// moves the URL to another scheme or authority.
BOOST_AUTO_TEST_CASE(hostile_targets) {
    std::vector<std::string> const refused = {
        "http://evil.example/token",        // absolute-form (§3.2.2): a proxy request
        "https://as.example/token",         // absolute-form even for our own origin
        "as.example:443",                   // authority-form (§3.2.3)
        "evil.example:80",
        "*",                                // asterisk-form (§3.2.4)
        "token",                            // relative
        "@evil.example/x",                  // would turn the origin into userinfo if concatenated
        ":8443/x",                          // would change the port if concatenated
        ".evil.example/x",                  // would change the host if concatenated
        "/a#fragment",                      // no fragment in a request target
        "/a/../b#x",
        "?x=1",                             // a query without a path
        "/%zz",                             // bad percent-encoding
        "/a b",                             // not a target at all (Beast stops at the space; kept for the pure call)
        "/a\\evil",                         // backslash: not in a path
        "/a\"b",
        "/a<b>",
        "/a{b}",
    };
    for (auto const& t : refused) {
        beast_server_request in{http::verb::get, t, 11};
        in.set(http::field::host, "as.example");
        auto r = from_beast_request(in, "https://as.example");
        BOOST_TEST(!r, "accepted target " << t);
        if (!r) BOOST_TEST((r.error() == error::malformed_url), t);
    }
    // An empty target (Beast refuses it on the wire; a hand-made message may have one).
    beast_server_request empty{http::verb::get, "", 11};
    BOOST_TEST(!from_beast_request(empty, "https://as.example"));

    // On the wire: absolute-form and authority-form reach the adapter (Beast accepts them) and are refused.
    for (std::string_view wire : {"GET http://evil.example/x HTTP/1.1\r\nHost: evil.example\r\n\r\n",
                                  "CONNECT as.example:443 HTTP/1.1\r\nHost: as.example:443\r\n\r\n",
                                  "OPTIONS * HTTP/1.1\r\nHost: as.example\r\n\r\n"}) {
        auto r = from_beast_request(parse(wire), "https://as.example");
        BOOST_TEST(!r, "accepted " << wire);
    }

    // Origin-form targets that look like other authorities stay paths on our origin: the URL serialises and
    // re-parses with the configured authority.
    for (std::string_view t : {"//evil.example/x", "///evil.example", "/..//evil.example", "/%2F%2Fevil.example",
                               "/@evil.example", "/:443", "/./a/../b", "/a?//evil.example#"}) {
        beast_server_request in{http::verb::get, t, 11};
        auto r = from_beast_request(in, "https://as.example");
        if (t.find('#') != std::string_view::npos) {
            BOOST_TEST(!r, t);
            continue;
        }
        BOOST_REQUIRE_MESSAGE(r, "refused " << t);
        BOOST_TEST(std::string(r->url.encoded_origin()) == "https://as.example", t);
        auto const again = boost::urls::parse_absolute_uri(r->url.buffer());
        BOOST_REQUIRE(again);
        BOOST_TEST(std::string(again->encoded_host()) == "as.example", t);
        BOOST_TEST(!again->has_userinfo(), t);
        BOOST_TEST(!again->has_port(), t);
        BOOST_TEST(std::string(r->url.encoded_path()) == std::string(t.substr(0, t.find('?'))), t);
    }
}

// Every target over an alphabet of the characters that delimit URL parts, up to 5 long: whatever is accepted
// keeps the configured scheme, host and port once serialised and parsed again, and its path and query are the
// target's, byte for byte.
BOOST_AUTO_TEST_CASE(no_target_leaves_the_origin) {
    std::string_view const alphabet = "/@:?#%.\\[a";
    std::vector<std::string> targets{""};
    std::size_t accepted = 0;
    for (std::size_t length = 1; length <= 5; ++length) {
        std::vector<std::string> longer;
        for (auto const& t : targets)
            for (char const c : alphabet) longer.push_back(t + c);
        targets = std::move(longer);
        for (auto const& t : targets) {
            beast_server_request in{http::verb::get, t, 11};
            auto r = from_beast_request(in, "https://as.example:8443");
            if (!r) continue;
            ++accepted;
            auto const again = boost::urls::parse_absolute_uri(r->url.buffer());
            bool const same = again && std::string(again->encoded_origin()) == "https://as.example:8443" &&
                              t.starts_with('/') &&
                              std::string(again->encoded_path()) + (again->has_query() ? "?" : "") +
                                      std::string(again->encoded_query()) == t;
            if (!same) BOOST_ERROR("target " << t << " became " << r->url.buffer());
        }
    }
    BOOST_TEST(accepted > 1000u);  // the check above saw real paths, not only refusals
}

// The configured origin must be one: http or https, an authority, no userinfo, nothing after it.
BOOST_AUTO_TEST_CASE(origin_must_be_an_origin) {
    beast_server_request in{http::verb::get, "/x", 11};
    for (std::string_view o : {"", "as.example", "//as.example", "ftp://as.example", "https://", "https://u@as.example",
                               "https://as.example/base", "https://as.example?x", "https://as.example#f",
                               "https:/as.example", "file:///etc/passwd"}) {
        auto r = from_beast_request(in, o);
        BOOST_TEST(!r, "accepted origin " << o);
        if (!r) BOOST_TEST((r.error() == error::invalid_url), o);
    }
}

// RFC 9112 §6: status, fields in order, body with the Content-Length computed here; the handler's own framing
// fields are dropped (no conflicting Content-Length, no chunked body announced but not sent).
BOOST_AUTO_TEST_CASE(response_to_beast) {
    http_response r;
    r.status = 401;
    r.headers.append("WWW-Authenticate", R"(Bearer resource_metadata="https://rs.example/.well-known/x")");
    r.headers.append("WWW-Authenticate", R"(DPoP algs="ES256")");
    r.headers.append("Content-Length", "999");
    r.headers.append("Transfer-Encoding", "chunked");
    r.headers.append("Cache-Control", "no-store");
    r.body = R"({"error":"invalid_token"})";
    auto const out = to_beast_response(r);
    BOOST_TEST(out.result_int() == 401u);
    BOOST_TEST(out.version() == 11u);
    BOOST_TEST(out.body() == r.body);
    auto const wire = wire_of(out);
    BOOST_TEST(wire.starts_with("HTTP/1.1 401 Unauthorized\r\n"));
    BOOST_TEST(wire.find("Content-Length: 25\r\n") != std::string::npos);
    BOOST_TEST(wire.find("999") == std::string::npos);
    BOOST_TEST(wire.find("chunked") == std::string::npos);
    auto const first = wire.find("WWW-Authenticate: Bearer");
    auto const second = wire.find("WWW-Authenticate: DPoP");
    BOOST_TEST(first != std::string::npos);
    BOOST_TEST(second != std::string::npos);
    BOOST_TEST(first < second);
    BOOST_TEST(wire.ends_with("\r\n\r\n" + r.body));

    auto moved = r;
    auto const m = to_beast_response(std::move(moved), 10);
    BOOST_TEST(m.version() == 10u);
    BOOST_TEST(m.body() == r.body);
    BOOST_TEST(wire_of(m).starts_with("HTTP/1.0 401 Unauthorized\r\n"));

    http_response empty;
    empty.status = 204;
    BOOST_TEST(wire_of(to_beast_response(empty)).starts_with("HTTP/1.1 204 No Content\r\n"));
}

// A response that cannot mean what it says is never sent: a bad status, or a field that would split the
// response or inject fields, makes a bare 500 — with none of the handler's fields or body.
BOOST_AUTO_TEST_CASE(unsendable_responses_become_500) {
    auto const refused = [](http_response const& r) {
        auto const out = to_beast_response(r);
        BOOST_TEST(out.result_int() == 500u);
        BOOST_TEST(out.body().empty());
        auto const wire = wire_of(out);
        BOOST_TEST(wire.find("evil") == std::string::npos, wire);
        auto moved = r;
        BOOST_TEST(to_beast_response(std::move(moved)).result_int() == 500u);
    };
    http_response base;
    base.status = 302;
    base.body = "evil body";
    for (unsigned status : {0u, 99u, 600u, 999u, 1000u, 70000u}) {
        auto r = base;
        r.status = status;
        refused(r);
    }
    for (auto const& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"Location", "https://c.example/cb\r\nSet-Cookie: evil=1"},
             {"Location", "https://c.example/cb\nevil: 1"},
             {"Location", std::string("https://c.example/\0evil", 23)},
             {"Bad Name", "evil"},
             {"Bad:Name", "evil"},
             {"", "evil"},
             {"X-\r\nevil", "1"}}) {
        auto r = base;
        r.headers.append("Cache-Control", "no-store");
        r.headers.append(name, value);
        refused(r);
    }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace adapters_beast_server_test
