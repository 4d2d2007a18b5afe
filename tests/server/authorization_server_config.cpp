#include <authwire/server/authorization_server_config.hpp>

#include "endpoint_support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace server_authorization_server_config_test {

using namespace authwire;
using namespace authwire::server;
using authwire_test::test_config;

BOOST_AUTO_TEST_SUITE(server_authorization_server_config)

BOOST_AUTO_TEST_CASE(the_test_configuration_is_valid) {
    BOOST_TEST(test_config().validate().has_value());
    auto c = test_config();
    c.issuer = "http://127.0.0.1:8080";
    c.authorization_endpoint = "http://127.0.0.1:8080/authorize";
    c.token_endpoint = "http://127.0.0.1:8080/token";
    c.registration_endpoint.reset();
    c.revocation_endpoint.reset();
    BOOST_TEST((c.validate().error() == error::insecure_url));
    c.allow_http_loopback = true;
    BOOST_TEST(c.validate().has_value());
}

BOOST_AUTO_TEST_CASE(incoherent_configurations_are_refused) {
    auto expect = [](auto mutate, error e) {
        auto c = test_config();
        mutate(c);
        auto r = c.validate();
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error() == e));
    };
    using cfg = authorization_server_config;
    expect([](cfg& c) { c.issuer.clear(); }, error::missing_argument);
    expect([](cfg& c) { c.issuer = "http://as.example"; }, error::insecure_url);
    expect([](cfg& c) { c.issuer = "https://as.example?x=1"; }, error::invalid_url);
    expect([](cfg& c) { c.issuer = "https://as.example#f"; }, error::invalid_url);
    expect([](cfg& c) { c.token_endpoint = "http://as.example/token"; }, error::insecure_url);
    expect([](cfg& c) { c.revocation_endpoint = "not a url"; }, error::invalid_url);
    expect([](cfg& c) { c.default_scope = "other"; }, error::invalid_argument);
    expect([](cfg& c) { c.default_scope = "mcp  admin"; }, error::invalid_argument);
    expect([](cfg& c) { c.scopes_supported.push_back("bad\"scope"); }, error::invalid_argument);
    expect([](cfg& c) { c.default_resource = "https://unknown.example/"; }, error::invalid_argument);
    expect([](cfg& c) { c.resources.push_back("relative/path"); }, error::invalid_argument);
    expect([](cfg& c) { c.token_endpoint_auth_methods = {oauth::token_endpoint_auth_method::private_key_jwt}; },
           error::invalid_argument);
    expect([](cfg& c) { c.token_endpoint_auth_methods.clear(); }, error::invalid_argument);
    expect([](cfg& c) { c.authorization_redirect_status = 301; }, error::invalid_argument);
    expect([](cfg& c) { c.authorization_codes.lifetime = std::chrono::seconds(0); }, error::invalid_argument);
    expect([](cfg& c) { c.refresh_tokens.access_token_leeway = std::chrono::seconds(-1); }, error::invalid_argument);
    expect([](cfg& c) { c.authorization_codes.access_token_leeway = std::chrono::seconds(-1); },
           error::invalid_argument);
}

BOOST_AUTO_TEST_CASE(scope_resolution) {
    auto const c = test_config();
    BOOST_TEST(c.resolve_scope(std::nullopt).value() == "mcp");  // empty ⇒ default
    BOOST_TEST(c.resolve_scope("").value() == "mcp");
    BOOST_TEST(c.resolve_scope("admin mcp admin").value() == "admin mcp");
    BOOST_TEST((c.resolve_scope("mcp unknown").error() == error::invalid_scope));
    BOOST_TEST((c.resolve_scope("mcp  admin").error() == error::invalid_scope));
    BOOST_TEST((c.resolve_scope(" mcp").error() == error::invalid_scope));
    BOOST_TEST((c.resolve_scope("MCP").error() == error::invalid_scope));  // scope tokens are case-sensitive
    // Within what the client registered or the grant carried (RFC 6749 §6: no widening on refresh).
    BOOST_TEST(c.resolve_scope("mcp", "mcp admin").value() == "mcp");
    BOOST_TEST(c.resolve_scope(std::nullopt, "mcp admin").value() == "mcp");
    BOOST_TEST((c.resolve_scope("admin", "mcp").error() == error::invalid_scope));
    auto none = c;
    none.default_scope.clear();
    BOOST_TEST(none.resolve_scope(std::nullopt).value().empty());
}

BOOST_AUTO_TEST_CASE(resource_resolution) {
    auto const c = test_config();
    std::vector<std::string_view> none;
    BOOST_TEST(c.resolve_resources(none).value() == std::vector<std::string>{"https://mcp.example/mcp"});
    std::vector<std::string_view> both{"https://other.example/api", "https://mcp.example/mcp",
                                       "https://mcp.example/mcp"};
    BOOST_TEST(c.resolve_resources(both).value() ==
               (std::vector<std::string>{"https://other.example/api", "https://mcp.example/mcp"}));
    for (std::string_view bad : {"https://mcp.example/mcp/", "https://MCP.example/mcp", "https://evil.example/",
                                 "https://mcp.example/mcp#x", ""}) {
        std::vector<std::string_view> one{bad};
        BOOST_TEST((c.resolve_resources(one).error() == error::invalid_target), bad);
    }
    std::vector<std::string> const granted{"https://mcp.example/mcp"};
    std::vector<std::string_view> other{"https://other.example/api"};
    BOOST_TEST((c.resolve_resources(other, std::span<std::string const>(granted)).error() == error::invalid_target));
    BOOST_TEST(c.resolve_resources(none, std::span<std::string const>(granted)).value() == granted);
    auto two = c;
    two.default_resource.reset();
    BOOST_TEST(two.resolve_resources(none).value().empty());  // ambiguous: no audience chosen
    two.resources = {"https://only.example/"};
    BOOST_TEST(two.resolve_resources(none).value() == std::vector<std::string>{"https://only.example/"});
}

BOOST_AUTO_TEST_CASE(what_is_served) {
    auto c = test_config();
    BOOST_TEST(c.grant_types_supported() == (std::vector<std::string>{"authorization_code", "refresh_token"}));
    c.client_credentials = true;
    BOOST_TEST(c.grant_types_supported().back() == "client_credentials");
    BOOST_TEST(c.code_challenge_methods_supported() == std::vector<std::string>{"S256"});
    c.authorization_codes.allow_plain_pkce = true;
    BOOST_TEST(c.code_challenge_methods_supported() == (std::vector<std::string>{"S256", "plain"}));
    BOOST_TEST(c.token_endpoint_auth_method_names() ==
               (std::vector<std::string>{"none", "client_secret_basic", "client_secret_post"}));
    BOOST_TEST(c.serves(oauth::token_endpoint_auth_method::none));
    BOOST_TEST(!c.serves(oauth::token_endpoint_auth_method::client_secret_jwt));
    auto const o = c.client_authentication();
    BOOST_TEST(o.realm == "https://as.example");
    BOOST_TEST(o.methods_supported.size() == 3u);
}

BOOST_AUTO_TEST_CASE(rfc7591_defaults_of_a_client_record) {
    client_record c;
    BOOST_TEST(client_uses_grant_type(c, "authorization_code"));
    BOOST_TEST(!client_uses_grant_type(c, "refresh_token"));
    BOOST_TEST(client_uses_response_type(c, "code"));
    BOOST_TEST(!client_uses_response_type(c, "token"));
    c.grant_types = {"client_credentials"};
    c.response_types = {"token"};
    BOOST_TEST(!client_uses_grant_type(c, "authorization_code"));
    BOOST_TEST(client_uses_grant_type(c, "client_credentials"));
    BOOST_TEST(!client_uses_response_type(c, "code"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_authorization_server_config_test
