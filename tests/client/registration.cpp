#include <authwire/client/registration.hpp>

#include "client/support.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace client_registration_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::response;
using authwire::test::scripted_executor;

// RFC 7591 §3.1 needs a registration endpoint; RFC 8414 §2 lists the auth methods the client may register.
oauth::authorization_server_metadata dcr_metadata() {
    auto m = test::as_metadata();
    m.token_endpoint_auth_methods_supported = std::vector<std::string>{"client_secret_post", "none"};
    return m;
}

oauth::client_metadata native_client() {
    oauth::client_metadata md;
    md.redirect_uris = {"http://127.0.0.1/cb"};
    md.token_endpoint_auth_method = "none";
    md.grant_types = {"authorization_code", "refresh_token"};
    md.response_types = {"code"};
    md.client_name = "authwire cli";
    return md;
}

constexpr auto native_body =
    R"({"redirect_uris":["http://127.0.0.1/cb"],"token_endpoint_auth_method":"none",)"
    R"("grant_types":["authorization_code","refresh_token"],"response_types":["code"],"client_name":"authwire cli"})";

template <class T>
error code_of(outcome<T> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(client_registration)

// RFC 7591 §3.1/§3.2.1: the metadata POSTed as JSON, the client information read back; a public client then
// authenticates with `none`.
BOOST_AUTO_TEST_CASE(registers_a_public_client) {
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/register",
               .body = native_body,
               .headers = {{"Content-Type", "application/json"}},
               .answer = response(201, R"({"client_id":"s6BhdRkqt3","client_id_issued_at":2893256800,)"
                                       R"("redirect_uris":["http://127.0.0.1/cb"],"token_endpoint_auth_method":"none",)"
                                       R"("client_name":"authwire cli"})")});
    auto info = register_client(ex, dcr_metadata(), native_client());
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(info);
    BOOST_TEST(info->client_id == "s6BhdRkqt3");
    BOOST_TEST(info->client_secret.empty());
    BOOST_TEST(!ex.requests().front().header("Authorization"));
    auto auth = client_authentication_for(*info, dcr_metadata());
    BOOST_REQUIRE(auth);
    BOOST_TEST((auth->method == oauth::token_endpoint_auth_method::none));
    BOOST_TEST(auth->client_id == "s6BhdRkqt3");
}

// A confidential client: the registered method and secret are what it authenticates with.
BOOST_AUTO_TEST_CASE(registers_a_confidential_client_with_an_initial_access_token) {
    scripted_executor ex;
    auto md = native_client();
    md.token_endpoint_auth_method = "client_secret_post";
    ex.expect({.method = "POST",
               .url = "https://as.example/register",
               .headers = {{"Authorization", "Bearer initial-token"}},
               .answer = response(201, R"({"client_id":"c1","client_secret":"cf136dc3c1fc93f31185e5885805d",)"
                                       R"("client_secret_expires_at":0,"token_endpoint_auth_method":"client_secret_post"})")});
    auto info = register_client(ex, dcr_metadata(), md, secret("initial-token"));
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(info);
    auto auth = client_authentication_for(*info, dcr_metadata());
    BOOST_REQUIRE(auth);
    BOOST_TEST((auth->method == oauth::token_endpoint_auth_method::client_secret_post));
    BOOST_TEST(auth->client_secret.reveal() == "cf136dc3c1fc93f31185e5885805d");
}

// The method when the server did not echo one, and refusals.
// Issue 12, RFC 7591 §3.2.1: a server that registered other redirect URIs than the client sent is reported — the
// client could not receive its code at the one it will use.
BOOST_AUTO_TEST_CASE(a_registration_with_changed_redirect_uris_is_refused) {
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/register",
               .body = native_body,
               .answer = response(201, R"({"client_id":"s6BhdRkqt3","redirect_uris":["https://as.example/cb"],)"
                                       R"("token_endpoint_auth_method":"none"})")});
    auto info = register_client(ex, dcr_metadata(), native_client());
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_TEST_REQUIRE(!info);
    BOOST_TEST((info.error().code == error::redirect_uri_rejected));
}

// Issue 12: the initial access token (RFC 7591 §3) never comes back through the peer's error text.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_initial_access_token_into_the_failure) {
    test::echoing_server server;
    auto r = register_client(server, dcr_metadata(), native_client(), secret("iat-0123456789abcdef"));
    BOOST_REQUIRE(!r);
    test::expect_redacted(r.error(), {"iat-0123456789abcdef"}, "Bearer");
}

BOOST_AUTO_TEST_CASE(client_authentication_choice) {
    oauth::client_information info;
    info.client_id = "c1";
    info.client_secret = secret("s3cr3t");
    auto as = dcr_metadata();
    as.token_endpoint_auth_methods_supported.reset();  // RFC 8414 default: client_secret_basic
    auto a = client_authentication_for(info, as);
    BOOST_REQUIRE(a);
    BOOST_TEST((a->method == oauth::token_endpoint_auth_method::client_secret_basic));

    info.metadata.token_endpoint_auth_method = "tls_client_auth";
    BOOST_TEST((client_authentication_for(info, as).error() == error::unsupported_operation));
    info.metadata.token_endpoint_auth_method = "client_secret_post";  // registered, but not advertised
    BOOST_TEST((client_authentication_for(info, as).error() == error::unsupported_operation));
    as.token_endpoint_auth_methods_supported = std::vector<std::string>{"private_key_jwt"};
    info.metadata.token_endpoint_auth_method = "private_key_jwt";  // and no key given
    BOOST_TEST((client_authentication_for(info, as).error() == error::missing_argument));
}

// The MCP conformance suite's authorization server: it advertises only `none`, registers without echoing a
// method, and still issues a secret without client_secret_expires_at. The client keeps `none` — what it asked
// for — instead of guessing a secret method the server never offered.
BOOST_AUTO_TEST_CASE(unechoed_method_stays_the_requested_one) {
    auto as = test::as_metadata();
    as.token_endpoint_auth_methods_supported = std::vector<std::string>{"none"};
    oauth::client_metadata base;
    base.redirect_uris = {"http://localhost:3000/callback"};
    base.client_name = "authwire";
    auto md = registration_metadata_for(as, base);
    BOOST_REQUIRE(md);
    BOOST_TEST(md->token_endpoint_auth_method.value() == "none");
    scripted_executor ex;
    ex.expect_post("https://as.example/register", boost::json::serialize(oauth::to_json(*md)),
                   response(201, R"({"client_id":"test-client-id","client_secret":"test-client-secret",)"
                                 R"("client_name":"authwire","redirect_uris":["http://localhost:3000/callback"]})"));
    auto info = register_client(ex, as, *md);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(info);
    BOOST_TEST(info->metadata.token_endpoint_auth_method.value() == "none");
    BOOST_TEST(info->quirks_seen.auth_method_not_echoed);
    BOOST_TEST(info->quirks_seen.secret_without_expiry);
    auto auth = client_authentication_for(*info, as);
    BOOST_REQUIRE(auth);
    BOOST_TEST((auth->method == oauth::token_endpoint_auth_method::none));

    // A method the server does echo is the one used, secret and all.
    as.token_endpoint_auth_methods_supported = std::vector<std::string>{"client_secret_basic"};
    auto basic = registration_metadata_for(as, base);
    BOOST_REQUIRE(basic);
    BOOST_TEST(basic->token_endpoint_auth_method.value() == "client_secret_basic");
    scripted_executor ex2;
    ex2.expect_post("https://as.example/register", boost::json::serialize(oauth::to_json(*basic)),
                    response(201, R"({"client_id":"c","client_secret":"s","token_endpoint_auth_method":"client_secret_basic"})"));
    auto info2 = register_client(ex2, as, *basic);
    BOOST_REQUIRE(info2);
    BOOST_TEST(!info2->quirks_seen.auth_method_not_echoed);
    auto auth2 = client_authentication_for(*info2, as);
    BOOST_REQUIRE(auth2);
    BOOST_TEST((auth2->method == oauth::token_endpoint_auth_method::client_secret_basic));
    BOOST_TEST(auth2->client_secret.reveal() == "s");
}

// RFC 7591 §2 for a native MCP client: what registration_metadata_for fills in, and what it leaves alone.
BOOST_AUTO_TEST_CASE(registration_metadata_for_a_native_app) {
    auto as = test::as_metadata();
    oauth::client_metadata base;
    base.redirect_uris = {"http://127.0.0.1:53124/callback"};
    auto md = registration_metadata_for(as, base);  // no list advertised: RFC 8414's client_secret_basic
    BOOST_REQUIRE(md);
    BOOST_TEST(md->token_endpoint_auth_method.value() == "client_secret_basic");
    BOOST_TEST(md->application_type.value() == "native");
    BOOST_TEST((md->grant_types == std::vector<std::string>{"authorization_code", "refresh_token"}));
    BOOST_TEST((md->response_types == std::vector<std::string>{"code"}));
    auto const body = boost::json::serialize(oauth::to_json(*md));
    BOOST_TEST(body.find(R"("application_type":"native")") != std::string::npos);

    // A web client's redirect URI: "web". A server whose grant types exclude refresh_token: not asked for.
    base.redirect_uris = {"https://client.example/cb"};
    as.token_endpoint_auth_methods_supported = std::vector<std::string>{"client_secret_post", "none"};
    as.grant_types_supported = std::vector<std::string>{"authorization_code"};
    auto web = registration_metadata_for(as, base);
    BOOST_REQUIRE(web);
    BOOST_TEST(web->application_type.value() == "web");
    BOOST_TEST(web->token_endpoint_auth_method.value() == "none");
    BOOST_TEST((web->grant_types == std::vector<std::string>{"authorization_code"}));

    // The caller's own choices are kept.
    base.token_endpoint_auth_method = "client_secret_post";
    base.application_type = "native";
    base.grant_types = {"authorization_code"};
    auto kept = registration_metadata_for(as, base);
    BOOST_REQUIRE(kept);
    BOOST_TEST(kept->token_endpoint_auth_method.value() == "client_secret_post");
    BOOST_TEST(kept->application_type.value() == "native");

    // Refusals: no redirect URI; nothing a native app can use.
    BOOST_TEST((registration_metadata_for(as, oauth::client_metadata{}).error() == error::missing_argument));
    as.token_endpoint_auth_methods_supported = std::vector<std::string>{"private_key_jwt"};
    oauth::client_metadata plain;
    plain.redirect_uris = {"http://127.0.0.1/cb"};
    BOOST_TEST((registration_metadata_for(as, plain).error() == error::unsupported_operation));
}

// RFC 7591 §3.2.2: the server's refusal reaches the caller with its error code and description.
BOOST_AUTO_TEST_CASE(registration_errors) {
    scripted_executor ex;
    ex.expect_post("https://as.example/register", native_body,
                   response(400, R"({"error":"invalid_redirect_uri","error_description":"loopback only"})"));
    ex.expect_post("https://as.example/register", native_body, response(200, R"({"client_id":"x"})"));
    ex.expect_post("https://as.example/register", native_body, response(201, R"({"client_id":""})"));
    auto r = register_client(ex, dcr_metadata(), native_client());
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::invalid_redirect_uri));
    BOOST_TEST(r.error().response->error_description == "loopback only");
    BOOST_TEST((code_of(register_client(ex, dcr_metadata(), native_client())) == error::unexpected_status));
    BOOST_TEST((code_of(register_client(ex, dcr_metadata(), native_client())) == error::missing_member));
    BOOST_TEST(test::problems_of(ex) == "");

    auto no_dcr = dcr_metadata();
    no_dcr.registration_endpoint.reset();
    scripted_executor none;
    BOOST_TEST((code_of(register_client(none, no_dcr, native_client())) == error::unsupported_operation));
    BOOST_TEST(none.calls() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_registration_test
