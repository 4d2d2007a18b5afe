#include <authwire/core/location.hpp>

#include <boost/test/unit_test.hpp>
#include <boost/url/url_view.hpp>

#include <string>
#include <string_view>

namespace core_location_test {

using namespace authwire;

std::string resolved(std::string_view target, std::string_view location, location_options opt = {}) {
    auto r = resolve_location(boost::urls::url_view(target), location, opt);
    return r ? std::string(r->buffer()) : "error: " + r.error().message();
}

BOOST_AUTO_TEST_SUITE(core_location)

// RFC 9110 §10.2.2 with RFC 3986 §5.4.1's examples for the reference forms a redirect uses.
BOOST_AUTO_TEST_CASE(every_reference_form) {
    auto const base = "http://a/b/c/d;p?q";
    BOOST_TEST(resolved(base, "https://as.example/authorize?x=1") == "https://as.example/authorize?x=1");  // absolute
    BOOST_TEST(resolved(base, "/g") == "http://a/g");                          // absolute path
    BOOST_TEST(resolved(base, "g") == "http://a/b/c/g");                       // relative path
    BOOST_TEST(resolved(base, "./g") == "http://a/b/c/g");
    BOOST_TEST(resolved(base, "../g") == "http://a/b/g");                      // dot-dot
    BOOST_TEST(resolved(base, "../..") == "http://a/");
    BOOST_TEST(resolved(base, "?y") == "http://a/b/c/d;p?y");                  // query only
    BOOST_TEST(resolved(base, "g?y") == "http://a/b/c/g?y");
    BOOST_TEST(resolved(base, "//g/x") == "http://g/x");                       // scheme-relative
    BOOST_TEST(resolved("https://as.example/login", "//other.example/cb?code=c") == "https://other.example/cb?code=c");
    BOOST_TEST(resolved("http://127.0.0.1:8080/authorize?client_id=c", "/interaction/abc") ==
               "http://127.0.0.1:8080/interaction/abc");
}

// RFC 3986 §5.4.2: ".." cannot climb above the root (Boost.URL 1.81 would keep "/../g").
BOOST_AUTO_TEST_CASE(dot_dot_stops_at_the_root) {
    auto const base = "http://a/b/c/d;p?q";
    BOOST_TEST(resolved(base, "../../../g") == "http://a/g");
    BOOST_TEST(resolved(base, "../../../../g") == "http://a/g");
    BOOST_TEST(resolved(base, "/../g") == "http://a/g");
    BOOST_TEST(resolved(base, "/..") == "http://a/");
    BOOST_TEST(resolved(base, "/..g") == "http://a/..g");  // a segment that merely starts with dots stays
}

// RFC 9110 §10.2.2: a Location without a fragment inherits the target's; one with a fragment keeps its own.
BOOST_AUTO_TEST_CASE(fragments) {
    BOOST_TEST(resolved("https://as.example/a#top", "/b") == "https://as.example/b#top");
    BOOST_TEST(resolved("https://as.example/a#top", "/b#s") == "https://as.example/b#s");
    BOOST_TEST(resolved("https://as.example/a", "/b#s") == "https://as.example/b#s");
    BOOST_TEST(resolved("https://as.example/a", "?q=1") == "https://as.example/a?q=1");
    BOOST_TEST(resolved("https://as.example/a#top", "?q=1") == "https://as.example/a?q=1#top");
    BOOST_TEST(resolved("https://as.example/a", "#s") == "https://as.example/a#s");
}

// Only http(s) results by default: a redirect to javascript:, data: or file: is refused; opt out to recognise a
// native app's private-use redirect URI.
BOOST_AUTO_TEST_CASE(non_http_results) {
    auto const base = "https://as.example/authorize";
    for (auto bad : {"javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "com.example.app:/cb?code=c",
                     "http:g", "http://127.0.0.1.nip.io/x"})
        BOOST_TEST(resolved(base, bad).starts_with("error: insecure URL"), bad);
    BOOST_TEST(resolved(base, "com.example.app:/cb?code=c", {.http_only = false}) == "com.example.app:/cb?code=c");
}

BOOST_AUTO_TEST_CASE(malformed_values) {
    BOOST_TEST(resolved("https://as.example/a", "") == "error: malformed header field");
    BOOST_TEST(resolved("https://as.example/a", "http://a b/") == "error: malformed header field");
    BOOST_TEST(resolved("https://as.example/a", "/x\r\nSet-Cookie: y") == "error: malformed header field");
    BOOST_TEST(resolved("/relative/target", "/b") == "error: invalid URL");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_location_test
