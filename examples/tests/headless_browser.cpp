// The CLI's headless mode: the cookie jar (RFC 6265 §5.2–§5.4), redirects followed with relative Location
// values resolved (RFC 9110 §10.2.2) up to a bound, what ends a walk, and the loopback listener taking a second
// authorization response on the same redirect URI (step-up).
#include <boost/test/unit_test.hpp>

#include <authwire/adapters/beast.hpp>
#include "../cli_client/loopback_listener.hpp"
#include "../common/headless_browser.hpp"

#include <map>
#include <string>
#include <thread>
#include <vector>

namespace aw = authwire;
namespace ex = authwire::examples;
using namespace std::chrono_literals;

namespace examples_headless_browser_test {

boost::urls::url url(std::string_view s) { return boost::urls::url(s); }

aw::http_response redirect(unsigned status, std::string location, std::vector<std::string> cookies = {}) {
    aw::http_response r;
    r.status = status;
    r.headers.append("Location", location);
    for (auto& c : cookies) r.headers.append("Set-Cookie", c);
    return r;
}

// A fake server: answers by path (and query), and records the Cookie header of every request.
struct fake_server {
    std::map<std::string, aw::http_response> routes;
    std::vector<std::pair<std::string, std::string>> seen;  // (target, Cookie)

    aw::result<aw::http_response> operator()(aw::http_request const& r) {
        std::string target(r.url.encoded_path());
        if (r.url.has_query()) target += "?" + std::string(r.url.encoded_query());
        seen.emplace_back(target, std::string(r.header("Cookie").value_or("")));
        auto it = routes.find(target);
        if (it == routes.end()) {
            aw::http_response nf;
            nf.status = 404;
            return nf;
        }
        return it->second;
    }
};

bool is_callback(boost::urls::url_view u) { return u.encoded_path() == "/callback"; }

BOOST_AUTO_TEST_SUITE(cookie_jar)

BOOST_AUTO_TEST_CASE(default_path_is_the_directory_of_the_request) {
    ex::cookie_jar jar;
    jar.receive(url("https://as.example/login/step"), "sid=1");
    BOOST_TEST(jar.header_for(url("https://as.example/login/other")) == "sid=1");
    BOOST_TEST(jar.header_for(url("https://as.example/login")) == "sid=1");
    BOOST_TEST(jar.header_for(url("https://as.example/")) == "");
    BOOST_TEST(jar.header_for(url("https://as.example/loginx")) == "");  // §5.1.4: not a path boundary
}

BOOST_AUTO_TEST_CASE(path_attribute_and_longest_path_first) {
    ex::cookie_jar jar;
    jar.receive(url("https://as.example/auth"), "a=1; Path=/");
    jar.receive(url("https://as.example/auth"), "b=2; Path=/interaction/x1; HttpOnly; SameSite=Lax");
    BOOST_TEST(jar.header_for(url("https://as.example/interaction/x1")) == "b=2; a=1");
    BOOST_TEST(jar.header_for(url("https://as.example/interaction/x2")) == "a=1");
}

BOOST_AUTO_TEST_CASE(host_only_unless_a_matching_domain_is_given) {
    ex::cookie_jar jar;
    jar.receive(url("https://login.as.example/"), "host=1");
    jar.receive(url("https://login.as.example/"), "dom=2; Domain=.as.example");
    jar.receive(url("https://login.as.example/"), "evil=3; Domain=other.example");  // §5.3 step 6: ignored
    BOOST_TEST(jar.size() == 2u);
    BOOST_TEST(jar.header_for(url("https://login.as.example/")) == "host=1; dom=2");
    BOOST_TEST(jar.header_for(url("https://api.as.example/")) == "dom=2");
    BOOST_TEST(jar.header_for(url("https://as.example.evil/")) == "");
    BOOST_TEST(jar.header_for(url("https://other.example/")) == "");
}

BOOST_AUTO_TEST_CASE(replaced_deleted_secure_and_bounded) {
    ex::cookie_jar jar;
    jar.receive(url("http://127.0.0.1:8080/"), "a=1");
    jar.receive(url("http://127.0.0.1:8080/"), "a=2");  // same name, domain, path: replaced
    BOOST_TEST(jar.header_for(url("http://127.0.0.1:8080/")) == "a=2");
    jar.receive(url("http://127.0.0.1:8080/"), "a=x; Max-Age=0");  // §5.2.2: expires now
    BOOST_TEST(jar.size() == 0u);
    jar.receive(url("http://127.0.0.1:8080/"), "s=1; Secure");
    BOOST_TEST(jar.header_for(url("http://127.0.0.1:8080/")) == "");  // never over plain http
    BOOST_TEST(jar.header_for(url("https://127.0.0.1:8080/")) == "s=1");
    jar.receive(url("http://127.0.0.1/"), "ip=1; Domain=0.0.1");  // an IP address never domain-matches
    BOOST_TEST(jar.header_for(url("http://127.0.0.1/")) == "");
    for (char const* bad : {"novalue", "=x", ""}) jar.receive(url("http://127.0.0.1/"), bad);
    jar.receive(url("http://127.0.0.1/"), "big=" + std::string(5000, 'x'));
    BOOST_TEST(jar.size() == 1u);
    for (int i = 0; i < 100; ++i) jar.receive(url("http://127.0.0.1/"), std::string("c").append(std::to_string(i)).append("=1"));
    BOOST_TEST(jar.size() == ex::cookie_jar::max_cookies);
    BOOST_TEST(jar.header_for(url("http://127.0.0.1/")).find("c99=1") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(headless_browser)

// An OpenID provider's shape: the authorization endpoint sends the browser to an interaction page (relative
// Location, a cookie scoped to it), which sends it back to a resume URL (relative path with ".."), which
// redirects to the client's redirect URI.
BOOST_AUTO_TEST_CASE(follows_relative_redirects_with_cookies_to_the_callback) {
    fake_server as;
    as.routes["/auth?client_id=c"] = redirect(303, "/interaction/u1", {"_i=i1; Path=/interaction/u1", "_r=r1; Path=/auth/u1"});
    as.routes["/interaction/u1"] = redirect(302, "../auth/u1", {"_s=s1; Path=/"});
    as.routes["/auth/u1"] = redirect(303, "http://127.0.0.1:5555/callback?code=abc&state=xyz&iss=https%3A%2F%2Fas");
    ex::headless_browser browser;
    auto back = browser.navigate(as, url("https://as.example/auth?client_id=c"), is_callback);
    BOOST_TEST_REQUIRE(back.has_value(), browser.problem());
    BOOST_TEST(back->buffer() == "http://127.0.0.1:5555/callback?code=abc&state=xyz&iss=https%3A%2F%2Fas");
    BOOST_TEST_REQUIRE(as.seen.size() == 3u);  // the callback itself is returned, not requested
    BOOST_TEST(as.seen[0].second == "");
    BOOST_TEST(as.seen[1].first == "/interaction/u1");
    BOOST_TEST(as.seen[1].second == "_i=i1");
    BOOST_TEST(as.seen[2].first == "/auth/u1");
    BOOST_TEST(as.seen[2].second == "_r=r1; _s=s1");
    BOOST_TEST(browser.redirects_followed() == 2u);
}

BOOST_AUTO_TEST_CASE(a_native_apps_private_use_redirect_uri_ends_the_walk) {
    fake_server as;
    as.routes["/authorize"] = redirect(302, "com.example.app:/callback?code=abc&state=s");
    ex::headless_browser browser;
    auto back = browser.navigate(as, url("https://as.example/authorize"), is_callback);
    BOOST_TEST_REQUIRE(back.has_value(), browser.problem());
    BOOST_TEST(back->scheme() == "com.example.app");
}

BOOST_AUTO_TEST_CASE(what_ends_a_walk_without_a_callback) {
    {
        fake_server as;  // a login page: a person is needed
        aw::http_response page;
        page.status = 200;
        page.body = "<form>";
        as.routes["/authorize"] = page;
        ex::headless_browser browser;
        BOOST_TEST(!browser.navigate(as, url("https://as.example/authorize"), is_callback));
        BOOST_TEST(browser.problem().find("wants a person") != std::string::npos, browser.problem());
    }
    {
        fake_server as;  // an error status
        as.routes["/authorize"].status = 400;
        as.routes["/authorize"].body = R"({"error":"invalid_request"})";
        ex::headless_browser browser;
        BOOST_TEST(!browser.navigate(as, url("https://as.example/authorize"), is_callback));
        BOOST_TEST(browser.problem().find("400") != std::string::npos, browser.problem());
    }
    {
        fake_server as;  // a loop: bounded
        as.routes["/a"] = redirect(302, "/b");
        as.routes["/b"] = redirect(302, "/a");
        ex::headless_browser browser(10);
        BOOST_TEST(!browser.navigate(as, url("https://as.example/a"), is_callback));
        BOOST_TEST(as.seen.size() == 10u);
        BOOST_TEST(browser.problem().find("more than 10 redirects") != std::string::npos, browser.problem());
    }
    {
        fake_server as;  // somewhere no browser should be sent by a server
        as.routes["/authorize"] = redirect(302, "javascript:alert(1)");
        ex::headless_browser browser;
        BOOST_TEST(!browser.navigate(as, url("https://as.example/authorize"), is_callback));
        BOOST_TEST(as.seen.size() == 1u);
    }
    {
        fake_server as;  // a redirect without Location
        as.routes["/authorize"].status = 302;
        ex::headless_browser browser;
        BOOST_TEST(!browser.navigate(as, url("https://as.example/authorize"), is_callback));
        BOOST_TEST(browser.problem().find("without Location") != std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()

// Step-up needs a second authorization response at the same registered redirect URI.
BOOST_AUTO_TEST_CASE(loopback_listener_takes_a_second_response_on_the_same_port) {
    ex::loopback_listener listener("/callback", [](std::string_view) {});
    auto const redirect_uri = listener.redirect_uri();
    aw::adapters::beast_executor http;
    for (auto const* query : {"code=first&state=s1", "code=second&state=s2"}) {
        BOOST_TEST_REQUIRE(listener.rearm());
        BOOST_TEST(listener.redirect_uri() == redirect_uri);
        std::optional<std::string> got;
        std::thread waiter([&] { got = listener.wait(10s); });
        aw::http_request r;
        r.url = boost::urls::url(redirect_uri);
        r.url.set_encoded_query(query);
        auto resp = http(r);
        waiter.join();
        BOOST_TEST_REQUIRE(resp.has_value());
        BOOST_TEST(resp->status == 200u);
        BOOST_TEST_REQUIRE(got.has_value());
        BOOST_TEST(got->ends_with(query));
    }
}

} // namespace examples_headless_browser_test
