#include <authwire/oauth/metadata/authorization_server.hpp>

#include "support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_metadata_authorization_server_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::response;

// RFC 8414 §3.2, the example response.
constexpr char const* rfc8414_example = R"({
     "issuer":
       "https://server.example.com",
     "authorization_endpoint":
       "https://server.example.com/authorize",
     "token_endpoint":
       "https://server.example.com/token",
     "token_endpoint_auth_methods_supported":
       ["client_secret_basic", "private_key_jwt"],
     "token_endpoint_auth_signing_alg_values_supported":
       ["RS256", "ES256"],
     "userinfo_endpoint":
       "https://server.example.com/userinfo",
     "jwks_uri":
       "https://server.example.com/jwks.json",
     "registration_endpoint":
       "https://server.example.com/register",
     "scopes_supported":
       ["openid", "profile", "email", "address",
        "phone", "offline_access"],
     "response_types_supported":
       ["code", "code token"],
     "service_documentation":
       "http://server.example.com/service_documentation.html",
     "ui_locales_supported":
       ["en-US", "en-GB", "en-CA", "fr-FR", "fr-CA"]
    })";

error code_of(outcome<authorization_server_metadata> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

outcome<authorization_server_metadata> parse(std::string const& body, std::string_view issuer = "https://server.example.com",
                                             metadata_options const& opt = {}) {
    return parse_authorization_server_metadata_response(response(200, body), issuer, opt);
}

// The RFC example with one member replaced (or added).
std::string with(std::string_view name, std::string_view json_value) {
    auto o = boost::json::parse(rfc8414_example).as_object();
    o[name] = boost::json::parse(json_value);
    return boost::json::serialize(o);
}

BOOST_AUTO_TEST_SUITE(oauth_metadata_authorization_server)

BOOST_AUTO_TEST_CASE(rfc8414_section_3_2_example) {
    auto m = parse(rfc8414_example);
    BOOST_REQUIRE(m);
    BOOST_TEST(m->issuer == "https://server.example.com");
    BOOST_TEST(m->authorization_endpoint.value() == "https://server.example.com/authorize");
    BOOST_TEST(m->token_endpoint.value() == "https://server.example.com/token");
    BOOST_TEST(m->userinfo_endpoint.value() == "https://server.example.com/userinfo");
    BOOST_TEST(m->jwks_uri.value() == "https://server.example.com/jwks.json");
    BOOST_TEST(m->registration_endpoint.value() == "https://server.example.com/register");
    BOOST_TEST(m->scopes_supported->size() == 6u);
    BOOST_TEST(m->response_types_supported.size() == 2u);
    // service_documentation is a page for people, not an endpoint: its http URL is kept, not refused.
    BOOST_TEST(m->service_documentation.value() == "http://server.example.com/service_documentation.html");
    BOOST_TEST(m->ui_locales_supported->size() == 5u);
    BOOST_TEST((m->token_endpoint_auth_methods() == std::vector<std::string>{"client_secret_basic", "private_key_jwt"}));
    BOOST_TEST((m->grant_types() == std::vector<std::string>{"authorization_code", "implicit"}));  // §2 default
    BOOST_TEST((m->response_modes() == std::vector<std::string>{"query", "fragment"}));
    BOOST_TEST(!m->supports_s256());
    BOOST_TEST(!m->iss_parameter_required());
    BOOST_TEST(m->extra.empty());
    // Written back, the same document.
    BOOST_TEST(boost::json::value(to_json(*m)) == boost::json::parse(rfc8414_example));
}

BOOST_AUTO_TEST_CASE(extensions_pkce_par_device_and_rfc9207) {
    auto m = parse(with("code_challenge_methods_supported", R"(["S256"])"));
    BOOST_TEST(m->supports_s256());
    auto o = boost::json::parse(rfc8414_example).as_object();
    o["authorization_response_iss_parameter_supported"] = true;
    o["pushed_authorization_request_endpoint"] = "https://server.example.com/par";
    o["require_pushed_authorization_requests"] = false;
    o["device_authorization_endpoint"] = "https://server.example.com/device";
    o["revocation_endpoint"] = "https://server.example.com/revoke";
    o["introspection_endpoint"] = "https://server.example.com/introspect";
    o["grant_types_supported"] = boost::json::array{"authorization_code", "refresh_token"};
    o["mtls_endpoint_aliases"] = boost::json::object{{"token_endpoint", "https://mtls.server.example.com/token"}};
    auto full = parse(boost::json::serialize(o));
    BOOST_REQUIRE(full);
    BOOST_TEST(full->iss_parameter_required());
    BOOST_TEST(full->pushed_authorization_request_endpoint.value() == "https://server.example.com/par");
    BOOST_TEST(!full->require_pushed_authorization_requests.value());
    BOOST_TEST(full->device_authorization_endpoint.value() == "https://server.example.com/device");
    BOOST_TEST(full->grant_types().size() == 2u);
    BOOST_TEST(full->extra.size() == 1u);
    BOOST_TEST(full->extra.contains("mtls_endpoint_aliases"));
    BOOST_TEST(boost::json::value(to_json(*full)) == boost::json::value(o));
}

// OpenID Connect Discovery §3 id_token_signing_alg_values_supported and the Client ID Metadata Document
// flag: read, defaulted, written back.
BOOST_AUTO_TEST_CASE(openid_signing_algorithms_and_client_id_metadata_documents) {
    auto plain = parse(rfc8414_example);
    BOOST_REQUIRE(plain);
    BOOST_TEST(!plain->id_token_signing_alg_values_supported);
    BOOST_TEST(!plain->client_id_metadata_document_supported);
    BOOST_TEST(!plain->supports_client_id_metadata_documents());

    auto o = boost::json::parse(rfc8414_example).as_object();
    o["id_token_signing_alg_values_supported"] = boost::json::array{"RS256", "ES256"};
    o["client_id_metadata_document_supported"] = true;
    auto m = parse(boost::json::serialize(o));
    BOOST_REQUIRE(m);
    BOOST_TEST((*m->id_token_signing_alg_values_supported == std::vector<std::string>{"RS256", "ES256"}));
    BOOST_TEST(m->client_id_metadata_document_supported.value());
    BOOST_TEST(m->supports_client_id_metadata_documents());
    BOOST_TEST(m->extra.empty());  // named members, not extensions
    BOOST_TEST(boost::json::value(to_json(*m)) == boost::json::value(o));

    BOOST_TEST(!parse(with("client_id_metadata_document_supported", "false"))->supports_client_id_metadata_documents());
    BOOST_TEST((code_of(parse(with("client_id_metadata_document_supported", R"("true")"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("id_token_signing_alg_values_supported", R"("RS256")"))) == error::wrong_member_type));
}

// RFC 8414 §3.3: the issuer must be exactly the one the URL was built from.
BOOST_AUTO_TEST_CASE(issuer_must_match_exactly) {
    for (auto expected : {"https://server.example.com/", "https://SERVER.example.com", "https://server.example.com:443",
                          "http://server.example.com", "https://server.example.com/tenant"})
        BOOST_TEST((code_of(parse(rfc8414_example, expected)) == error::wrong_issuer), expected);
    BOOST_TEST((code_of(parse(with("issuer", R"("https://attacker.example")"))) == error::wrong_issuer));
    BOOST_TEST((code_of(parse(rfc8414_example, "")) == error::missing_argument));
    BOOST_TEST((code_of(parse(with("issuer", "null"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(R"({"response_types_supported":["code"]})")) == error::missing_member));
    // An issuer identifier has no query or fragment (RFC 8414 §2) and is https.
    BOOST_TEST((code_of(parse(with("issuer", R"("https://server.example.com?x=1")"), "https://server.example.com?x=1")) ==
                error::malformed_url));
    BOOST_TEST((code_of(parse(with("issuer", R"("https://server.example.com#f")"), "https://server.example.com#f")) ==
                error::malformed_url));
    BOOST_TEST((code_of(parse(with("issuer", R"("http://server.example.com")"), "http://server.example.com")) ==
                error::insecure_url));
}

BOOST_AUTO_TEST_CASE(endpoints_must_be_https) {
    for (auto name : {"authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint", "revocation_endpoint",
                      "introspection_endpoint", "device_authorization_endpoint", "pushed_authorization_request_endpoint",
                      "userinfo_endpoint"}) {
        BOOST_TEST((code_of(parse(with(name, R"("http://server.example.com/x")"))) == error::insecure_url), name);
        BOOST_TEST((code_of(parse(with(name, R"("/relative")"))) == error::malformed_url), name);
        BOOST_TEST((code_of(parse(with(name, R"("https://server.example.com/x#frag")"))) == error::malformed_url), name);
        BOOST_TEST((code_of(parse(with(name, "42"))) == error::wrong_member_type), name);
    }
}

BOOST_AUTO_TEST_CASE(loopback_http_only_when_allowed) {
    std::string const local = R"({"issuer":"http://127.0.0.1:9000","token_endpoint":"http://127.0.0.1:9000/token",)"
                              R"("authorization_endpoint":"http://localhost:9000/authorize","response_types_supported":["code"]})";
    BOOST_TEST((code_of(parse(local, "http://127.0.0.1:9000")) == error::insecure_url));
    metadata_options opt;
    opt.allow_http_loopback = true;
    BOOST_TEST(parse(local, "http://127.0.0.1:9000", opt).has_value());
    std::string const v6 = R"({"issuer":"http://[::1]:9000","response_types_supported":["code"]})";
    BOOST_TEST(parse(v6, "http://[::1]:9000", opt).has_value());
    // Not loopback, even though it looks like it.
    for (auto host : {"http://localhost.evil.test", "http://127.0.0.2", "http://[::2]", "http://127.1", "http://2130706433"}) {
        std::string doc = std::string(R"({"issuer":")") + host + R"(","response_types_supported":["code"]})";
        BOOST_TEST((code_of(parse(doc, host, opt)) == error::insecure_url), host);
    }
    // Boost.URL 1.81 reads this host as 127.0.0.1 followed by a path (boostorg/url#755): refused as malformed.
    std::string const nip = R"({"issuer":"http://127.0.0.1.nip.io","response_types_supported":["code"]})";
    BOOST_TEST((code_of(parse(nip, "http://127.0.0.1.nip.io", opt)) == error::malformed_url));
}

BOOST_AUTO_TEST_CASE(wrong_types_and_bad_documents) {
    BOOST_TEST((code_of(parse(with("response_types_supported", R"("code")"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("scopes_supported", R"(["a",1])"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("code_challenge_methods_supported", "{}"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("authorization_response_iss_parameter_supported", R"("true")"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(with("op_tos_uri", "[]"))) == error::wrong_member_type));
    BOOST_TEST((code_of(parse(R"({"issuer":"https://server.example.com","issuer":"https://server.example.com","response_types_supported":[]})")) ==
                error::duplicate_member));
    BOOST_TEST((code_of(parse("[]")) == error::wrong_member_type));
    BOOST_TEST((code_of(parse("{")) == error::malformed_json));
    auto not_found = parse_authorization_server_metadata_response(response(404, "<h1>Not Found</h1>", "text/html"),
                                                                  "https://server.example.com");
    BOOST_TEST((not_found.error().code == error::unexpected_status));
    auto html = parse_authorization_server_metadata_response(response(200, "<h1>Login</h1>", "text/html"),
                                                             "https://server.example.com");
    BOOST_TEST((html.error().code == error::unexpected_content_type));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_metadata_authorization_server_test
