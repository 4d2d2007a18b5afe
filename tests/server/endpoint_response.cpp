#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <authwire/core/json.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace server_endpoint_response_test {

using namespace authwire;
using namespace authwire::server;

BOOST_AUTO_TEST_SUITE(server_endpoint_response)

BOOST_AUTO_TEST_CASE(json_responses_are_never_cached) {
    boost::json::object body;
    body["access_token"] = "x";
    auto const r = json_response(200, body);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.is_json());
    BOOST_TEST(*r.header("Cache-Control") == "no-store");
    BOOST_TEST(*r.header("Pragma") == "no-cache");
    BOOST_TEST(r.body == R"({"access_token":"x"})");
}

BOOST_AUTO_TEST_CASE(error_responses_round_trip_through_the_client_parser) {
    for (auto [e, status] : {std::pair{error::invalid_request, 400u}, std::pair{error::invalid_client, 401u},
                             std::pair{error::invalid_grant, 400u}, std::pair{error::invalid_scope, 400u},
                             std::pair{error::server_error, 500u}, std::pair{error::temporarily_unavailable, 503u},
                             std::pair{error::invalid_client_metadata, 400u}}) {
        auto const r = json_error_response(e, "because \"quoted\" <text>");
        BOOST_TEST(r.status == status);
        BOOST_TEST(*r.header("Cache-Control") == "no-store");
        auto const parsed = oauth::parse_error_response(r);
        BOOST_TEST_REQUIRE(parsed.has_value());
        BOOST_TEST(parsed->error == oauth_error_name(e));
        BOOST_TEST(parsed->error_description == "because \"quoted\" <text>");
        BOOST_TEST(parsed->status == status);
        BOOST_TEST((oauth::response_failure(r).code == e));
    }
    // Not a protocol error code: answered as server_error, never as an empty `error`.
    auto const odd = make_error_response(error::malformed_json, "x");
    BOOST_TEST(odd.error == "server_error");
    BOOST_TEST(odd.status == 500u);
    // An error_uri is carried; status 0 means 400.
    auto const with_uri = json_error_response(error_response{"invalid_request", "", "https://as.example/e", 0});
    BOOST_TEST(with_uri.status == 400u);
    BOOST_TEST(with_uri.body == R"({"error":"invalid_request","error_uri":"https://as.example/e"})");
}

BOOST_AUTO_TEST_CASE(redirects_and_cacheable_documents) {
    auto const r = redirect_response("https://app.example/cb?code=abc&state=xyz");
    BOOST_TEST(r.status == 302u);
    BOOST_TEST(*r.header("Location") == "https://app.example/cb?code=abc&state=xyz");
    BOOST_TEST(*r.header("Cache-Control") == "no-store");
    BOOST_TEST(r.body.empty());
    BOOST_TEST(redirect_response("https://app.example/cb", 303).status == 303u);
    BOOST_TEST(redirect_response("https://app.example/cb", 301).status == 302u);  // only 302 or 303

    boost::json::object doc;
    doc["issuer"] = "https://as.example";
    auto const c = cacheable_json_response(doc, std::chrono::hours(1));
    BOOST_TEST(*c.header("Cache-Control") == "public, max-age=3600");
    BOOST_TEST(!c.header("Pragma"));
    BOOST_TEST(c.is_json());
    BOOST_TEST(*cacheable_json_response(doc, std::chrono::seconds(0)).header("Cache-Control") == "no-cache");
}

BOOST_AUTO_TEST_CASE(method_not_allowed_and_internal_error) {
    auto const r = method_not_allowed_response("GET, HEAD");
    BOOST_TEST(r.status == 405u);
    BOOST_TEST(*r.header("Allow") == "GET, HEAD");
    BOOST_TEST(oauth::parse_error_response(r)->error == "invalid_request");
    auto const e = internal_error_response();
    BOOST_TEST(e.status == 500u);
    BOOST_TEST(e.body.empty());
    BOOST_TEST(*e.header("Cache-Control") == "no-store");
}

BOOST_AUTO_TEST_CASE(error_page_escapes_everything) {
    auto const p = error_page_response(error_response{"invalid_request", "<script>alert('x')</script> & \"", {}, 0});
    BOOST_TEST(p.status == 400u);
    BOOST_TEST(p.content_type() == "text/html");
    BOOST_TEST(*p.header("Cache-Control") == "no-store");
    BOOST_TEST(!p.header("Location"));
    BOOST_TEST(p.body.find("<script>") == std::string::npos);
    BOOST_TEST(p.body.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(form_requests) {
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example/token?grant_type=ignored");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8");
    req.body = "grant_type=authorization_code&code=a%2Bb+c";
    auto f = read_form_request(req);
    BOOST_TEST_REQUIRE(f.has_value());
    BOOST_TEST(*f->find("grant_type") == "authorization_code");  // the body, never the query
    BOOST_TEST(*f->find("code") == "a+b c");
    BOOST_TEST(!repeated_parameter(*f, {"grant_type", "code"}));

    req.body = "code=1&code=2";
    f = read_form_request(req);
    BOOST_TEST(*repeated_parameter(*f, {"grant_type", "code"}) == "code");

    req.body = "code=%zz";
    BOOST_TEST((read_form_request(req).error() == error::malformed_form));
    BOOST_TEST(form_request_error_response(read_form_request(req).error()).status == 400u);
    req.body = std::string(limits::max_form_size + 1, 'a');
    BOOST_TEST((read_form_request(req).error() == error::input_too_large));

    req.body = "a=b";
    req.headers.set("Content-Type", "application/json");
    BOOST_TEST((read_form_request(req).error() == error::unexpected_content_type));
    req.headers.erase("Content-Type");
    BOOST_TEST((read_form_request(req).error() == error::unexpected_content_type));

    req.method = "GET";
    BOOST_TEST((read_form_request(req).error() == error::unsupported_operation));
    auto const r405 = form_request_error_response(read_form_request(req).error());
    BOOST_TEST(r405.status == 405u);
    BOOST_TEST(*r405.header("Allow") == "POST");
    auto q = read_form_request(req, {}, true);
    BOOST_TEST_REQUIRE(q.has_value());
    BOOST_TEST(*q->find("grant_type") == "ignored");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_endpoint_response_test
