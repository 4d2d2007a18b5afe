#include <authwire/oauth/metadata/well_known.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace oauth_metadata_well_known_test {

using namespace authwire;
using namespace authwire::oauth;

std::vector<std::string> urls(std::vector<well_known_candidate> const& cs) {
    std::vector<std::string> out;
    for (auto const& c : cs) out.emplace_back(c.url.buffer());
    return out;
}

BOOST_AUTO_TEST_SUITE(oauth_metadata_well_known)

// RFC 8414 §3.1: the two example constructions.
BOOST_AUTO_TEST_CASE(rfc8414_section_3_1_examples) {
    BOOST_TEST(authorization_server_metadata_url("https://example.com")->buffer() ==
               "https://example.com/.well-known/oauth-authorization-server");
    BOOST_TEST(authorization_server_metadata_url("https://example.com/issuer1")->buffer() ==
               "https://example.com/.well-known/oauth-authorization-server/issuer1");
    // A terminating "/" is removed first; the port and deeper paths are kept.
    BOOST_TEST(authorization_server_metadata_url("https://as/tenant/")->buffer() ==
               "https://as/.well-known/oauth-authorization-server/tenant");
    BOOST_TEST(authorization_server_metadata_url("https://example.com/")->buffer() ==
               "https://example.com/.well-known/oauth-authorization-server");
    BOOST_TEST(authorization_server_metadata_url("https://as.example:8443/realms/a/b")->buffer() ==
               "https://as.example:8443/.well-known/oauth-authorization-server/realms/a/b");
}

BOOST_AUTO_TEST_CASE(authorization_server_candidates_in_order) {
    auto with_path = authorization_server_metadata_candidates("https://as/tenant");
    BOOST_REQUIRE(with_path);
    BOOST_TEST((urls(*with_path) == std::vector<std::string>{
                                        "https://as/.well-known/oauth-authorization-server/tenant",
                                        "https://as/.well-known/openid-configuration/tenant",
                                        "https://as/tenant/.well-known/openid-configuration",
                                    }));
    BOOST_TEST(((*with_path)[0].suffix == well_known_suffix::oauth_authorization_server));
    BOOST_TEST(((*with_path)[1].placement == well_known_placement::inserted));
    BOOST_TEST(((*with_path)[2].placement == well_known_placement::appended));
    auto root = authorization_server_metadata_candidates("https://as.example.com");
    BOOST_TEST((urls(*root) == std::vector<std::string>{
                                   "https://as.example.com/.well-known/oauth-authorization-server",
                                   "https://as.example.com/.well-known/openid-configuration",
                               }));
}

// RFC 9728 §3.1: the two example constructions, and the candidates (path-aware, then root).
BOOST_AUTO_TEST_CASE(rfc9728_section_3_1_examples) {
    BOOST_TEST(protected_resource_metadata_url("https://resource.example.com")->buffer() ==
               "https://resource.example.com/.well-known/oauth-protected-resource");
    BOOST_TEST(protected_resource_metadata_url("https://resource.example.com/resource1")->buffer() ==
               "https://resource.example.com/.well-known/oauth-protected-resource/resource1");
    auto cs = protected_resource_metadata_candidates("https://mcp.example.com/mcp");
    BOOST_REQUIRE(cs);
    BOOST_TEST((urls(*cs) == std::vector<std::string>{"https://mcp.example.com/.well-known/oauth-protected-resource/mcp",
                                                      "https://mcp.example.com/.well-known/oauth-protected-resource"}));
    BOOST_TEST(protected_resource_metadata_candidates("https://mcp.example.com")->size() == 1u);
    BOOST_TEST(protected_resource_metadata_candidates("https://mcp.example.com/")->size() == 1u);
    // A query stays after the path (RFC 9728 §3), and the root candidate drops it.
    auto q = protected_resource_metadata_candidates("https://rs.example/api?v=2");
    BOOST_TEST((urls(*q) == std::vector<std::string>{"https://rs.example/.well-known/oauth-protected-resource/api?v=2",
                                                     "https://rs.example/.well-known/oauth-protected-resource"}));
    BOOST_TEST(protected_resource_metadata_url("http://127.0.0.1:8080/mcp")->buffer() ==
               "http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp");
}

BOOST_AUTO_TEST_CASE(appended_placement_and_bad_identifiers) {
    BOOST_TEST(well_known_url("https://as/t/", "openid-configuration", well_known_placement::appended)->buffer() ==
               "https://as/t/.well-known/openid-configuration");
    for (auto bad : {"", "as.example.com", "/tenant", "ftp://as", "https://as#f", "https://user@as", "https://", "https://as/a b"}) {
        auto r = authorization_server_metadata_candidates(bad);
        BOOST_TEST(!r, bad);
        if (!r) BOOST_TEST((r.error() == error::invalid_url), bad);
        BOOST_TEST(!protected_resource_metadata_url(bad), bad);
    }
    BOOST_TEST((authorization_server_metadata_url("https://as?x=1").error() == error::invalid_url));  // RFC 8414 §2
    BOOST_TEST((well_known_url("https://as", "a/b").error() == error::invalid_argument));
    BOOST_TEST((well_known_url("https://as", "").error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(the_request) {
    auto url = authorization_server_metadata_url("https://as/tenant");
    auto req = make_metadata_request(*url);
    BOOST_TEST(req.method == "GET");
    BOOST_TEST(req.url.buffer() == "https://as/.well-known/oauth-authorization-server/tenant");
    BOOST_TEST(req.header("Accept").value() == "application/json");
    BOOST_TEST(req.body.empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_metadata_well_known_test
