#include <authwire/oauth/metadata/protected_resource.hpp>

#include "support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_metadata_protected_resource_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::response;

// RFC 9728 §3.2, the example response.
constexpr char const* rfc9728_example = R"({
   "resource":
     "https://resource.example.com",
   "authorization_servers":
     ["https://as1.example.com",
      "https://as2.example.net"],
   "bearer_methods_supported":
     ["header", "body"],
   "scopes_supported":
     ["profile", "email", "phone"],
   "resource_documentation":
     "https://resource.example.com/resource_documentation.html"
  })";

error code_of(outcome<protected_resource_metadata> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

outcome<protected_resource_metadata> parse(std::string const& body, std::string_view resource = "https://resource.example.com",
                                           metadata_options const& opt = {}) {
    return parse_protected_resource_metadata_response(response(200, body), resource, opt);
}

std::string with(std::string_view name, std::string_view json_value) {
    auto o = boost::json::parse(rfc9728_example).as_object();
    o[name] = boost::json::parse(json_value);
    return boost::json::serialize(o);
}

BOOST_AUTO_TEST_SUITE(oauth_metadata_protected_resource)

BOOST_AUTO_TEST_CASE(rfc9728_section_3_2_example) {
    auto m = parse(rfc9728_example);
    BOOST_REQUIRE(m);
    BOOST_TEST(m->resource == "https://resource.example.com");
    BOOST_TEST((m->authorization_servers.value() == std::vector<std::string>{"https://as1.example.com", "https://as2.example.net"}));
    BOOST_TEST((m->bearer_methods_supported.value() == std::vector<std::string>{"header", "body"}));
    BOOST_TEST(m->scopes_supported->size() == 3u);
    BOOST_TEST(m->resource_documentation.value() == "https://resource.example.com/resource_documentation.html");
    BOOST_TEST(!m->jwks_uri);
    BOOST_TEST(m->extra.empty());
    BOOST_TEST(boost::json::value(to_json(*m)) == boost::json::parse(rfc9728_example));
}

BOOST_AUTO_TEST_CASE(every_member_round_trips) {
    auto o = boost::json::parse(rfc9728_example).as_object();
    o["jwks_uri"] = "https://resource.example.com/jwks";
    o["resource_signing_alg_values_supported"] = boost::json::array{"ES256"};
    o["resource_name"] = "Jobs API";
    o["resource_policy_uri"] = "https://resource.example.com/policy";
    o["resource_tos_uri"] = "https://resource.example.com/tos";
    o["tls_client_certificate_bound_access_tokens"] = false;
    o["authorization_details_types_supported"] = boost::json::array{"payment_initiation"};
    o["dpop_signing_alg_values_supported"] = boost::json::array{"ES256"};
    o["dpop_bound_access_tokens_required"] = false;
    o["resource_name#fr"] = "API Emplois";
    auto m = parse(boost::json::serialize(o));
    BOOST_REQUIRE(m);
    BOOST_TEST(m->resource_name.value() == "Jobs API");
    BOOST_TEST(!m->dpop_bound_access_tokens_required.value());
    BOOST_TEST(m->extra.size() == 1u);
    BOOST_TEST(boost::json::value(to_json(*m)) == boost::json::value(o));
}

// RFC 9728 §3.3: the resource must be exactly the one asked about.
BOOST_AUTO_TEST_CASE(resource_must_match_exactly) {
    for (auto expected : {"https://resource.example.com/", "https://resource.example.com/mcp", "https://RESOURCE.example.com",
                          "https://other.example.com"})
        BOOST_TEST((code_of(parse(rfc9728_example, expected)) == error::wrong_audience), expected);
    BOOST_TEST((code_of(parse(rfc9728_example, "")) == error::missing_argument));
    BOOST_TEST((code_of(parse(R"({"authorization_servers":["https://as1.example.com"]})")) == error::missing_member));
    BOOST_TEST((code_of(parse(with("resource", R"("http://resource.example.com")"), "http://resource.example.com")) ==
                error::insecure_url));
}

BOOST_AUTO_TEST_CASE(authorization_servers_and_jwks_uri_are_checked) {
    BOOST_TEST((code_of(parse(with("authorization_servers", R"(["http://as1.example.com"])"))) == error::insecure_url));
    BOOST_TEST((code_of(parse(with("authorization_servers", R"(["https://as1.example.com?x=1"])"))) == error::malformed_url));
    BOOST_TEST((code_of(parse(with("authorization_servers", R"(["not a url"])"))) == error::malformed_url));
    BOOST_TEST((code_of(parse(with("authorization_servers", R"("https://as1.example.com")"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("jwks_uri", R"("http://resource.example.com/jwks")"))) == error::insecure_url));
    BOOST_TEST((code_of(parse(with("dpop_bound_access_tokens_required", "1"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("resource_name", "{}"))) == error::wrong_member_type));
    metadata_options opt;
    opt.allow_http_loopback = true;
    auto local = parse(R"({"resource":"http://127.0.0.1:8080/mcp","authorization_servers":["http://127.0.0.1:9000"]})",
                       "http://127.0.0.1:8080/mcp", opt);
    BOOST_TEST(local.has_value());
    BOOST_TEST((parse_protected_resource_metadata_response(response(404, "", ""), "https://resource.example.com").error().code ==
                error::unexpected_status));
}

// RFC 9728 §3.3, relaxed for root and resource_metadata documents: the same origin and a path prefix on
// segment boundaries of the called URL; exact stays exact.
BOOST_AUTO_TEST_CASE(same_origin_prefix_match) {
    auto doc = [](std::string_view res) {
        return std::string(R"({"resource":")") + std::string(res) + R"(","authorization_servers":["https://as.example"]})";
    };
    auto prefix = [&](std::string_view res, std::string_view called) {
        return code_of(parse_protected_resource_metadata_response(response(200, doc(res)), called, {},
                                                                  resource_match::same_origin_prefix));
    };
    auto const called = "https://rs.example/api/mcp";
    for (auto ok : {"https://rs.example", "https://rs.example/", "https://rs.example/api", "https://rs.example/api/",
                    "https://rs.example/api/mcp", "https://RS.EXAMPLE/api", "https://rs.example:443/api"})
        BOOST_TEST((prefix(ok, called) == error{}), ok);
    for (auto bad : {"https://rs.example/ap", "https://rs.example/api/mcp/", "https://rs.example/api/mcp2",
                     "https://rs.example/other", "https://rs.example:8443/", "https://evil.example.com/api/mcp",
                     "https://rs.example.evil.com/", "https://rs.example/api?x=1", "https://rs.example/API"})
        BOOST_TEST((prefix(bad, called) == error::wrong_audience), bad);
    BOOST_TEST((prefix("http://rs.example/api", called) == error::wrong_audience));  // another scheme, another origin
    // A query must match exactly.
    BOOST_TEST((prefix("https://rs.example/api/mcp?t=1", "https://rs.example/api/mcp?t=1") == error{}));
    BOOST_TEST((prefix("https://rs.example/api/mcp?t=1", "https://rs.example/api/mcp?t=2") == error::wrong_audience));
    // The called URL may carry a query the origin document does not name.
    BOOST_TEST((prefix("https://rs.example", "https://rs.example/mcp?t=1") == error{}));
    // Exact is the default, and stays exact.
    BOOST_TEST((code_of(parse(doc("https://rs.example"), called)) == error::wrong_audience));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_metadata_protected_resource_test
