#include <authwire/oauth/registration.hpp>

#include "support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace oauth_registration_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::header_lines;
using authwire::test::response;

std::chrono::system_clock::time_point at(std::int64_t s) { return std::chrono::system_clock::time_point{} + std::chrono::seconds(s); }

// RFC 7591 §3.1, the example request body.
constexpr char const* rfc7591_request = R"({
     "redirect_uris": [
       "https://client.example.org/callback",
       "https://client.example.org/callback2"],
     "client_name": "My Example Client",
     "client_name#ja-Jpan-JP":
        "\u30AF\u30E9\u30A4\u30A2\u30F3\u30C8\u540D",
     "token_endpoint_auth_method": "client_secret_basic",
     "logo_uri": "https://client.example.org/logo.png",
     "jwks_uri": "https://client.example.org/my_public_keys.jwks",
     "example_extension_parameter": "example_value"
    })";

// RFC 7591 §3.2.1, the example response body.
constexpr char const* rfc7591_response = R"({
     "client_id": "s6BhdRkqt3",
     "client_secret": "cf136dc3c1fc93f31185e5885805d",
     "client_id_issued_at": 2893256800,
     "client_secret_expires_at": 2893276800,
     "redirect_uris": [
       "https://client.example.org/callback",
       "https://client.example.org/callback2"],
     "grant_types": ["authorization_code", "refresh_token"],
     "client_name": "My Example Client",
     "client_name#ja-Jpan-JP":
        "\u30AF\u30E9\u30A4\u30A2\u30F3\u30C8\u540D",
     "token_endpoint_auth_method": "client_secret_basic",
     "logo_uri": "https://client.example.org/logo.png",
     "jwks_uri": "https://client.example.org/my_public_keys.jwks",
     "example_extension_parameter": "example_value"
    })";

client_metadata rfc7591_metadata() {
    client_metadata m;
    m.redirect_uris = {"https://client.example.org/callback", "https://client.example.org/callback2"};
    m.client_name = "My Example Client";
    m.token_endpoint_auth_method = "client_secret_basic";
    m.logo_uri = "https://client.example.org/logo.png";
    m.jwks_uri = "https://client.example.org/my_public_keys.jwks";
    m.extra["client_name#ja-Jpan-JP"] = "\xE3\x82\xAF\xE3\x83\xA9\xE3\x82\xA4\xE3\x82\xA2\xE3\x83\xB3\xE3\x83\x88\xE5\x90\x8D";
    m.extra["example_extension_parameter"] = "example_value";
    return m;
}

BOOST_AUTO_TEST_SUITE(oauth_registration)

BOOST_AUTO_TEST_CASE(rfc7591_section_3_1_example_request) {
    auto req = make_registration_request("https://server.example.com/register", rfc7591_metadata());
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url.buffer() == "https://server.example.com/register");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/json\nAccept: application/json\n");
    BOOST_TEST(req->body ==
               R"({"redirect_uris":["https://client.example.org/callback","https://client.example.org/callback2"],)"
               R"("token_endpoint_auth_method":"client_secret_basic","client_name":"My Example Client",)"
               R"("logo_uri":"https://client.example.org/logo.png","jwks_uri":"https://client.example.org/my_public_keys.jwks",)"
               "\"client_name#ja-Jpan-JP\":\"\xE3\x82\xAF\xE3\x83\xA9\xE3\x82\xA4\xE3\x82\xA2\xE3\x83\xB3\xE3\x83\x88\xE5\x90\x8D\","
               R"("example_extension_parameter":"example_value"})");
    // The same JSON document as the RFC's (member order aside).
    BOOST_TEST(boost::json::parse(req->body) == boost::json::parse(rfc7591_request));
}

BOOST_AUTO_TEST_CASE(the_server_reads_the_same_request) {
    auto m = client_metadata_from_json(boost::json::parse(rfc7591_request).as_object());
    BOOST_REQUIRE(m);
    BOOST_TEST(m->redirect_uris.size() == 2u);
    BOOST_TEST(m->token_endpoint_auth_method.value() == "client_secret_basic");
    BOOST_TEST(m->extra.size() == 2u);
    BOOST_TEST(boost::json::value(to_json(*m)) == boost::json::parse(rfc7591_request));
}

BOOST_AUTO_TEST_CASE(every_metadata_member_round_trips) {
    client_metadata m;
    m.redirect_uris = {"http://127.0.0.1/cb"};
    m.token_endpoint_auth_method = "none";
    m.grant_types = {"authorization_code", "refresh_token"};
    m.response_types = {"code"};
    m.client_name = "CLI";
    m.client_uri = "https://cli.example";
    m.scope = {"mcp:tools", "offline_access"};
    m.contacts = {"ops@cli.example"};
    m.tos_uri = "https://cli.example/tos";
    m.policy_uri = "https://cli.example/policy";
    m.jwks = boost::json::parse(R"({"keys":[]})").as_object();
    m.software_id = "4NRB1-0XZABZI9E6-5SM3R";
    m.software_version = "2.1";
    m.software_statement = "eyJ.eyJ.sig";
    m.application_type = "native";
    auto const json = to_json(m);
    BOOST_TEST(json.at("scope").as_string() == "mcp:tools offline_access");
    auto back = client_metadata_from_json(json);
    BOOST_REQUIRE(back);
    BOOST_TEST(boost::json::value(to_json(*back)) == boost::json::value(json));
    auto req = make_registration_request("https://as/register", m, secret("initial-token"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->header("Authorization").value() == "Bearer initial-token");
    m.jwks_uri = "https://cli.example/jwks";  // RFC 7591 §2: never both
    BOOST_TEST((make_registration_request("https://as/register", m).error() == error::invalid_argument));
    m.jwks_uri.reset();
    m.scope = {"bad scope"};
    BOOST_TEST((make_registration_request("https://as/register", m).error() == error::invalid_argument));
    BOOST_TEST((make_registration_request("register", client_metadata{}).error() == error::invalid_url));
}

BOOST_AUTO_TEST_CASE(rfc7591_section_3_2_1_example_response) {
    auto resp = response(201, rfc7591_response);
    resp.headers.append("Cache-Control", "no-store");
    auto c = parse_registration_response(resp);
    BOOST_REQUIRE(c);
    BOOST_TEST(c->client_id == "s6BhdRkqt3");
    BOOST_TEST(c->client_secret.reveal() == "cf136dc3c1fc93f31185e5885805d");
    BOOST_TEST((c->client_id_issued_at.value() == at(2893256800)));
    BOOST_TEST((c->client_secret_expires_at.value() == at(2893276800)));
    BOOST_TEST(c->registration_access_token.empty());
    BOOST_TEST(c->metadata.grant_types.size() == 2u);
    BOOST_TEST(c->metadata.client_name.value() == "My Example Client");
    BOOST_TEST(c->metadata.extra.size() == 2u);
    BOOST_TEST(c->metadata.extra.contains("client_name#ja-Jpan-JP"));
    BOOST_TEST(boost::json::value(to_json(*c)) == boost::json::parse(rfc7591_response));
}

BOOST_AUTO_TEST_CASE(public_clients_and_secrets_that_never_expire) {
    auto pub = parse_registration_response(response(201, R"({"client_id":"mcp-1","token_endpoint_auth_method":"none"})"));
    BOOST_REQUIRE(pub);
    BOOST_TEST(pub->client_secret.empty());
    BOOST_TEST(!pub->client_secret_expires_at);
    auto forever = parse_registration_response(
        response(201, R"({"client_id":"c","client_secret":"s","client_secret_expires_at":0,)"
                      R"("registration_access_token":"rat","registration_client_uri":"https://as/register/c"})"));
    BOOST_REQUIRE(forever);
    BOOST_TEST(!forever->client_secret_expires_at);
    BOOST_TEST(forever->registration_access_token.reveal() == "rat");
    BOOST_TEST(forever->registration_client_uri.value() == "https://as/register/c");
    BOOST_TEST(forever->metadata.extra.empty());
}

// Named quirk: a secret without client_secret_expires_at (REQUIRED by §3.2.1 — the MCP conformance suite's
// authorization server omits it) is accepted as a secret that does not expire, and reported.
BOOST_AUTO_TEST_CASE(secret_without_expiry_is_a_named_quirk) {
    auto r = parse_registration_response(
        response(201, R"({"client_id":"test-client-id","client_secret":"test-client-secret",)"
                      R"("client_name":"cli","redirect_uris":["http://localhost:3000/callback"]})"));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->client_secret.reveal() == "test-client-secret");
    BOOST_TEST(!r->client_secret_expires_at);
    BOOST_TEST(r->quirks_seen.secret_without_expiry);
    BOOST_TEST(!r->quirks_seen.auth_method_not_echoed);
    // Written back as a server would: with the explicit 0 the RFC asks for.
    BOOST_TEST(to_json(*r).at("client_secret_expires_at").as_int64() == 0);
    // Spec-conforming responses report no quirk.
    auto ok = parse_registration_response(response(201, rfc7591_response));
    BOOST_REQUIRE(ok);
    BOOST_TEST((ok->quirks_seen == registration_quirks{}));
    // A public client has no secret to expire: no quirk either.
    auto pub = parse_registration_response(response(201, R"({"client_id":"p"})"));
    BOOST_REQUIRE(pub);
    BOOST_TEST(!pub->quirks_seen.secret_without_expiry);
}

// Named quirk: a response without token_endpoint_auth_method takes the method the client requested, when the
// parser is given the request; what the server did echo always wins.
BOOST_AUTO_TEST_CASE(unechoed_auth_method_is_the_requested_one) {
    client_metadata requested;
    requested.redirect_uris = {"http://127.0.0.1:3000/cb"};
    requested.token_endpoint_auth_method = "none";
    auto const no_echo = response(201, R"({"client_id":"c","client_secret":"s"})");
    auto r = parse_registration_response(no_echo, requested);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->metadata.token_endpoint_auth_method.value() == "none");
    BOOST_TEST(r->quirks_seen.auth_method_not_echoed);
    BOOST_TEST(r->quirks_seen.secret_without_expiry);
    // Without the request, nothing is made up.
    auto bare = parse_registration_response(no_echo);
    BOOST_REQUIRE(bare);
    BOOST_TEST(!bare->metadata.token_endpoint_auth_method);
    BOOST_TEST(!bare->quirks_seen.auth_method_not_echoed);
    // The server's echo is what was registered, even when it differs from the request.
    auto echoed = parse_registration_response(
        response(201, R"({"client_id":"c","client_secret":"s","client_secret_expires_at":0,)"
                      R"("token_endpoint_auth_method":"client_secret_basic"})"),
        requested);
    BOOST_REQUIRE(echoed);
    BOOST_TEST(echoed->metadata.token_endpoint_auth_method.value() == "client_secret_basic");
    BOOST_TEST(!echoed->quirks_seen.auth_method_not_echoed);
    // Errors stay errors.
    BOOST_TEST((parse_registration_response(response(201, "{}"), requested).error().code == error::missing_member));
}

// Issue 12, RFC 7591 §3.2.1: the server may replace requested metadata, and the client must check the answer.
// Registered redirect_uris other than the ones asked for mean the client cannot receive its codes (or that
// someone else can): refused as redirect_uri_rejected. The same set in another order, or no echo at all, is fine.
BOOST_AUTO_TEST_CASE(changed_redirect_uris_are_refused) {
    client_metadata requested;
    requested.redirect_uris = {"http://127.0.0.1:3000/cb", "https://app.example/cb"};
    requested.token_endpoint_auth_method = "none";
    auto with = [&](std::string_view uris) {
        return parse_registration_response(
            response(201, R"({"client_id":"c","token_endpoint_auth_method":"none","redirect_uris":)" +
                              std::string(uris) + "}"),
            requested);
    };
    for (std::string_view changed :
         {R"(["https://evil.example/cb"])", R"(["http://127.0.0.1:3000/cb"])",
          R"(["http://127.0.0.1:3000/cb","https://app.example/cb","https://evil.example/cb"])",
          R"(["http://127.0.0.1:3000/CB","https://app.example/cb"])",
          R"(["http://127.0.0.1:3001/cb","https://app.example/cb"])"}) {
        auto r = with(changed);
        BOOST_TEST(!r, changed);
        if (!r) BOOST_TEST((r.error().code == error::redirect_uri_rejected), changed);
    }
    BOOST_TEST(with(R"(["https://app.example/cb","http://127.0.0.1:3000/cb"])").has_value());
    BOOST_TEST(with(R"(["https://app.example/cb","http://127.0.0.1:3000/cb","https://app.example/cb"])").has_value());
    auto unechoed = parse_registration_response(
        response(201, R"({"client_id":"c","token_endpoint_auth_method":"none"})"), requested);
    BOOST_TEST(unechoed.has_value());
    // A client that asked for none is given none.
    requested.redirect_uris.clear();
    BOOST_TEST((with(R"(["https://evil.example/cb"])").error().code == error::redirect_uri_rejected));
}

// RFC 8252 §7.3 loopback redirect URIs, and the OpenID Connect Registration application_type they call for.
BOOST_AUTO_TEST_CASE(loopback_redirect_uris_and_application_type) {
    for (auto yes : {"http://127.0.0.1/cb", "http://127.0.0.1:53124/callback", "http://[::1]:8080/cb",
                     "http://localhost:3000/callback"})
        BOOST_TEST(is_loopback_redirect_uri(yes), yes);
    for (auto no : {"https://127.0.0.1/cb", "http://127.0.0.2/cb", "http://localhost.evil.test/cb",
                    "http://127.0.0.1.nip.io/cb", "http://127.0.0.1/cb#f", "http://user@127.0.0.1/cb",
                    "https://client.example/cb", "com.example.app:/cb", "not a uri", ""})
        BOOST_TEST(!is_loopback_redirect_uri(no), no);

    using uris = std::vector<std::string>;
    BOOST_TEST(application_type_for(uris{"http://127.0.0.1:3000/cb", "http://[::1]:3000/cb"}) == "native");
    BOOST_TEST(application_type_for(uris{"com.example.app:/oauth2redirect"}) == "native");  // RFC 8252 §7.1
    BOOST_TEST(application_type_for(uris{"https://client.example/cb"}) == "web");
    BOOST_TEST(application_type_for(uris{"http://127.0.0.1/cb", "https://client.example/cb"}) == "web");
    BOOST_TEST(application_type_for(uris{}) == "web");
}

// RFC 7591 §3.2.2, the example error responses.
BOOST_AUTO_TEST_CASE(rfc7591_section_3_2_2_errors) {
    auto redirect = parse_registration_response(response(400, R"({
     "error": "invalid_redirect_uri",
     "error_description": "The redirection URI
       http://sketchy.example.com is not allowed by this server."
    })"));
    // That example folds a string across lines, which JSON does not allow: not an error response.
    BOOST_TEST((redirect.error().code == error::unexpected_status));
    auto r = parse_registration_response(response(
        400, R"({"error":"invalid_redirect_uri","error_description":"The redirection URI http://sketchy.example.com is not allowed by this server."})"));
    BOOST_TEST((r.error().code == error::invalid_redirect_uri));
    BOOST_TEST(r.error().response->error_description ==
               "The redirection URI http://sketchy.example.com is not allowed by this server.");
    auto m = parse_registration_response(response(400, R"({
     "error": "invalid_client_metadata",
     "error_description": "The grant type 'authorization_code' must be registered along with the response type 'code' but found only 'implicit' instead."
    })"));
    BOOST_TEST((m.error().code == error::invalid_client_metadata));
}

BOOST_AUTO_TEST_CASE(bad_responses_give_typed_errors) {
    BOOST_TEST((parse_registration_response(response(200, R"({"client_id":"c"})")).error().code == error::unexpected_status));
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {"{}", error::missing_member},
        {R"({"client_id":""})", error::missing_member},
        {R"({"client_id":5})", error::wrong_member_type},
        {R"({"client_id":"c","client_secret":"s","client_secret_expires_at":null})", error::wrong_member_type},
        {R"({"client_id":"c","client_secret":"s","client_secret_expires_at":-5})", error::malformed_response},
        {R"({"client_id":"c","client_secret":"","client_secret_expires_at":0})", error::malformed_response},
        {R"({"client_id":"c","client_secret":"s","client_secret_expires_at":"0"})", error::wrong_member_type},
        {R"({"client_id":"c","client_id_issued_at":-1})", error::malformed_response},
        {R"({"client_id":"c","redirect_uris":"https://a/cb"})", error::wrong_member_type},
        {R"({"client_id":"c","redirect_uris":[1]})", error::wrong_member_type},
        {R"({"client_id":"c","jwks":[]})", error::wrong_member_type},
        {R"({"client_id":"c","jwks":{"keys":[]},"jwks_uri":"https://c/jwks"})", error::malformed_response},
        {R"({"client_id":"c","scope":"a  b"})", error::malformed_response},
        {R"({"client_id":"c","client_name":{"en":"x"}})", error::wrong_member_type},
        {R"({"client_id":"c","client_id":"d"})", error::duplicate_member},
        {R"({"client_id":"c")", error::malformed_json},
    };
    for (auto const& c : cases) {
        auto r = parse_registration_response(response(201, c.body));
        BOOST_TEST(!r, c.body);
        if (!r) BOOST_TEST((r.error().code == c.expected), c.body);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_registration_test
