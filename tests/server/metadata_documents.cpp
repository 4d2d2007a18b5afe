#include <authwire/server/metadata_documents.hpp>

#include "endpoint_support.hpp"

#include <authwire/core/json.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/metadata/well_known.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace server_metadata_documents_test {

using namespace authwire;
using namespace authwire::server;
using authwire_test::test_config;

http_request get(std::string_view url, std::string method = "GET") {
    http_request req;
    req.method = std::move(method);
    req.url = boost::urls::url(url);
    return req;
}

BOOST_AUTO_TEST_SUITE(server_metadata_documents)

BOOST_AUTO_TEST_CASE(authorization_server_metadata_is_what_the_client_side_accepts) {
    auto c = test_config();
    c.service_documentation = "https://as.example/docs";
    auto const url = oauth::authorization_server_metadata_url(c.issuer).value();
    BOOST_TEST(url.buffer() == "https://as.example/.well-known/oauth-authorization-server");
    auto const resp = handle_authorization_server_metadata(get(url.buffer()), c);
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.is_json());
    BOOST_TEST(*resp.header("Cache-Control") == "public, max-age=3600");

    auto m = oauth::parse_authorization_server_metadata_response(resp, "https://as.example");
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(m->issuer == "https://as.example");
    BOOST_TEST(*m->authorization_endpoint == "https://as.example/authorize");
    BOOST_TEST(*m->token_endpoint == "https://as.example/token");
    BOOST_TEST(*m->registration_endpoint == "https://as.example/register");
    BOOST_TEST(*m->revocation_endpoint == "https://as.example/revoke");
    BOOST_TEST(!m->introspection_endpoint);  // not configured, not advertised
    BOOST_TEST(!m->jwks_uri);
    BOOST_TEST(!m->device_authorization_endpoint);
    BOOST_TEST(!m->pushed_authorization_request_endpoint);
    BOOST_TEST(m->iss_parameter_required());
    BOOST_TEST(m->supports_s256());
    BOOST_TEST(*m->code_challenge_methods_supported == std::vector<std::string>{"S256"});
    BOOST_TEST(m->response_types_supported == std::vector<std::string>{"code"});
    BOOST_TEST(m->response_modes() == std::vector<std::string>{"query"});
    BOOST_TEST(m->grant_types() == (std::vector<std::string>{"authorization_code", "refresh_token"}));
    BOOST_TEST(m->token_endpoint_auth_methods() ==
               (std::vector<std::string>{"none", "client_secret_basic", "client_secret_post"}));
    BOOST_TEST(*m->revocation_endpoint_auth_methods_supported == m->token_endpoint_auth_methods());
    BOOST_TEST(*m->scopes_supported == (std::vector<std::string>{"mcp", "admin"}));
    BOOST_TEST(*m->service_documentation == "https://as.example/docs");
    BOOST_TEST(m->extra.empty());

    // The members of the RFC 8414 §3.2 example that apply to a server without OpenID Connect and JWT client
    // authentication are all there (userinfo_endpoint, jwks_uri, the signing algorithms and ui_locales are not
    // served, so not advertised).
    auto const o = parse_json_object(resp.body).value();
    for (auto name : {"issuer", "authorization_endpoint", "token_endpoint", "token_endpoint_auth_methods_supported",
                      "registration_endpoint", "scopes_supported", "response_types_supported", "service_documentation"})
        BOOST_TEST(o.contains(name), name);
    for (auto name :
         {"userinfo_endpoint", "jwks_uri", "token_endpoint_auth_signing_alg_values_supported", "ui_locales_supported"})
        BOOST_TEST(!o.contains(name), name);
    BOOST_TEST(o.at("authorization_response_iss_parameter_supported").as_bool());
}

BOOST_AUTO_TEST_CASE(only_what_is_served_is_advertised) {
    auto c = test_config();
    c.registration_endpoint.reset();
    c.revocation_endpoint.reset();
    c.introspection_endpoint = "https://as.example/introspect";
    c.client_credentials = true;
    c.authorization_codes.allow_plain_pkce = true;
    c.token_endpoint_auth_methods = {oauth::token_endpoint_auth_method::client_secret_post};
    c.scopes_supported.clear();
    c.default_scope.clear();
    auto const m = make_authorization_server_metadata(c);
    BOOST_TEST(!m.registration_endpoint);
    BOOST_TEST(!m.revocation_endpoint);
    BOOST_TEST(!m.revocation_endpoint_auth_methods_supported);
    BOOST_TEST(*m.introspection_endpoint == "https://as.example/introspect");
    BOOST_TEST(*m.introspection_endpoint_auth_methods_supported == std::vector<std::string>{"client_secret_post"});
    BOOST_TEST(m.grant_types().back() == "client_credentials");
    BOOST_TEST(*m.code_challenge_methods_supported == (std::vector<std::string>{"S256", "plain"}));
    BOOST_TEST(!m.scopes_supported);
    auto const o = oauth::to_json(m);
    BOOST_TEST(!o.contains("registration_endpoint"));
    BOOST_TEST(!o.contains("scopes_supported"));
    BOOST_TEST(!o.contains("jwks_uri"));  // symmetric access tokens: no keys to publish
}

// Issue 14, RFC 8414 §2: jwks_uri is advertised when the server publishes signing keys, and the client side
// reads it back (resource servers configured with the issuer alone find the keys there).
BOOST_AUTO_TEST_CASE(jwks_uri_is_advertised_when_configured) {
    auto c = test_config();
    c.jwks_uri = "https://as.example/jwks";
    BOOST_TEST(c.validate().has_value());
    auto const resp = handle_authorization_server_metadata(get("https://as.example/.well-known/oauth-authorization-server"), c);
    auto const m = oauth::parse_authorization_server_metadata_response(resp, "https://as.example").value();
    BOOST_TEST(m.jwks_uri.value() == "https://as.example/jwks");
    c.jwks_uri = "http://as.example/jwks";
    BOOST_TEST((c.validate().error() == error::insecure_url));
}

// Issue 14, OIDC Core §11 / MCP SEP-2207: offline_access is advertised in the authorization server's
// scopes_supported exactly when the OIDC-flavoured refresh policy is on — never in the resource's metadata (the
// server never makes a client ask for it) — and listing it while the policy is off is refused.
BOOST_AUTO_TEST_CASE(offline_access_is_advertised_only_when_it_governs_refresh_tokens) {
    auto c = test_config();
    auto scopes = [](authorization_server_config const& cfg) {
        return make_authorization_server_metadata(cfg).scopes_supported.value_or(std::vector<std::string>{});
    };
    BOOST_TEST((scopes(c) == std::vector<std::string>{"mcp", "admin"}));
    BOOST_TEST(!c.supports_scope("offline_access"));
    c.offline_access = true;
    BOOST_TEST(c.validate().has_value());
    BOOST_TEST((scopes(c) == std::vector<std::string>{"mcp", "admin", "offline_access"}));
    BOOST_TEST(c.supports_scope("offline_access"));
    auto const prm = make_protected_resource_metadata(
        c, protected_resource_description{"https://mcp.example/mcp", std::nullopt, std::nullopt, std::nullopt});
    BOOST_TEST((*prm->scopes_supported == std::vector<std::string>{"mcp", "admin"}));
    c.scopes_supported.push_back("offline_access");  // listed explicitly too: advertised once
    BOOST_TEST(c.validate().has_value());
    BOOST_TEST((scopes(c) == std::vector<std::string>{"mcp", "admin", "offline_access"}));
    c.default_scope = "mcp offline_access";  // the server must not ask for it on the client's behalf
    BOOST_TEST((c.validate().error() == error::invalid_argument));
    c.default_scope = "mcp";
    c.offline_access = false;  // listed while it governs nothing: the metadata would lie
    BOOST_TEST((c.validate().error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(protected_resource_metadata_is_what_the_client_side_accepts) {
    auto const c = test_config();
    protected_resource_description d{"https://mcp.example/mcp", std::nullopt, "MCP server", std::nullopt};
    auto const resp =
        handle_protected_resource_metadata(get("https://mcp.example/.well-known/oauth-protected-resource/mcp"), c, d);
    BOOST_TEST(resp.status == 200u);
    auto m = oauth::parse_protected_resource_metadata_response(resp, "https://mcp.example/mcp");
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST(*m->authorization_servers == std::vector<std::string>{"https://as.example"});
    BOOST_TEST(*m->bearer_methods_supported == std::vector<std::string>{"header"});
    BOOST_TEST(*m->scopes_supported == (std::vector<std::string>{"mcp", "admin"}));
    BOOST_TEST(*m->resource_name == "MCP server");

    d.scopes_supported = std::vector<std::string>{"mcp"};
    BOOST_TEST(*make_protected_resource_metadata(c, d)->scopes_supported == std::vector<std::string>{"mcp"});

    d.resource = "https://unknown.example/";
    BOOST_TEST((make_protected_resource_metadata(c, d).error() == error::invalid_target));
    BOOST_TEST(handle_protected_resource_metadata(get("https://unknown.example/"), c, d).status == 404u);
}

// A resource server that does not configure the authorization server describes itself from its own facts: its
// URL and the issuers it trusts — and the client side accepts the document.
BOOST_AUTO_TEST_CASE(protected_resource_metadata_from_the_resource_alone) {
    protected_resource_description d{"https://rs.example/mcp", std::vector<std::string>{"mcp:tools"}, "Jobs",
                                     std::nullopt};
    auto const m = make_protected_resource_metadata(d, {"https://as.example", "https://other-as.example"});
    BOOST_TEST_REQUIRE(m.has_value());
    http_response resp = serve_metadata(get("https://rs.example/.well-known/oauth-protected-resource/mcp"),
                                        oauth::to_json(*m), std::chrono::seconds(300));
    auto parsed = oauth::parse_protected_resource_metadata_response(resp, "https://rs.example/mcp");
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(*parsed->authorization_servers ==
               (std::vector<std::string>{"https://as.example", "https://other-as.example"}));
    BOOST_TEST(*parsed->scopes_supported == std::vector<std::string>{"mcp:tools"});
    BOOST_TEST(*parsed->bearer_methods_supported == std::vector<std::string>{"header"});
    BOOST_TEST(*parsed->resource_name == "Jobs");

    d.scopes_supported.reset();  // nothing to say about scopes: the member is left out
    BOOST_TEST(!make_protected_resource_metadata(d, {"https://as.example"})->scopes_supported);
    BOOST_TEST((make_protected_resource_metadata(d, {}).error() == error::invalid_argument));
    BOOST_TEST((make_protected_resource_metadata(d, {"as.example"}).error() == error::invalid_url));
    d.resource = "https://rs.example/mcp#top";
    BOOST_TEST((make_protected_resource_metadata(d, {"https://as.example"}).error() == error::invalid_url));
}

BOOST_AUTO_TEST_CASE(methods) {
    auto const c = test_config();
    auto const head = handle_authorization_server_metadata(get("https://as.example/", "HEAD"), c);
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.body.empty());
    auto const post = handle_authorization_server_metadata(get("https://as.example/", "POST"), c);
    BOOST_TEST(post.status == 405u);
    BOOST_TEST(*post.header("Allow") == "GET, HEAD");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_metadata_documents_test
