#include <authwire/oauth/token_request.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_token_request_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::header_lines;
using authwire::test::sorted_params;

client_authentication rfc6749_client() { return client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV")); }

BOOST_AUTO_TEST_SUITE(oauth_token_request)

// RFC 6749 §4.1.3: the access token request for an authorization code.
BOOST_AUTO_TEST_CASE(rfc6749_section_4_1_3_example) {
    authorization_code_grant g;
    g.code = secret("SplxlOBeZQQYbYS6WxSbIA");
    g.redirect_uri = "https://client.example.com/cb";
    auto req = make_token_request("https://server.example.com/token", g, rfc6749_client());
    BOOST_REQUIRE(req);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url.buffer() == "https://server.example.com/token");
    BOOST_TEST(header_lines(req->headers) == "Content-Type: application/x-www-form-urlencoded\n"
                                             "Accept: application/json\n"
                                             "Authorization: Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW\n");
    // '.' is unreserved, so authwire leaves it as is where the RFC's example wrote %2E: the same parameters.
    BOOST_TEST(req->body ==
               "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb");
    BOOST_TEST((sorted_params(req->body) ==
                sorted_params("grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
                              "&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb")));
}

// RFC 7636 §4.5 (Appendix B verifier) and RFC 8707 §2 resources, from a public client.
BOOST_AUTO_TEST_CASE(pkce_and_resources) {
    authorization_code_grant g;
    g.code = secret("SplxlOBeZQQYbYS6WxSbIA");
    g.redirect_uri = "http://127.0.0.1:8765/cb";
    g.code_verifier = secret("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    g.resource = {"https://rs.example.com/", "https://api.example.com/v1?x=1"};
    auto req = make_token_request("https://as.example.com/token", g, client_authentication::public_client("app-1"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
                            "&redirect_uri=http%3A%2F%2F127.0.0.1%3A8765%2Fcb"
                            "&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
                            "&resource=https%3A%2F%2Frs.example.com%2F&resource=https%3A%2F%2Fapi.example.com%2Fv1%3Fx%3D1"
                            "&client_id=app-1");
    BOOST_TEST(!req->header("Authorization"));
}

// RFC 6749 §6: refreshing an access token.
BOOST_AUTO_TEST_CASE(rfc6749_section_6_example) {
    refresh_token_grant g;
    g.refresh_token = secret("tGzv3JOkF0XG5Qx2TlKWIA");
    auto req = make_token_request("https://server.example.com/token", g, rfc6749_client());
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA");
    BOOST_TEST(req->header("Authorization").value() == "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");

    g.scope = {"read", "jobs:read"};
    g.resource = {"https://rs.example.com/"};
    auto narrowed = make_token_request("https://server.example.com/token", g,
                                       client_authentication::secret_post("s6BhdRkqt3", secret("gX1fBat3bV")));
    BOOST_REQUIRE(narrowed);
    BOOST_TEST(narrowed->body == "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&scope=read+jobs%3Aread"
                                 "&resource=https%3A%2F%2Frs.example.com%2F&client_id=s6BhdRkqt3&client_secret=gX1fBat3bV");
    BOOST_TEST(!narrowed->header("Authorization"));
}

// RFC 6749 §4.4.2: client credentials.
BOOST_AUTO_TEST_CASE(rfc6749_section_4_4_2_example) {
    auto req = make_token_request("https://server.example.com/token", client_credentials_grant{}, rfc6749_client());
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=client_credentials");
    BOOST_TEST(req->header("Authorization").value() == "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
    // §4.4: only confidential clients.
    BOOST_TEST((make_token_request("https://server.example.com/token", client_credentials_grant{},
                                   client_authentication::public_client("x"))
                    .error() == error::invalid_argument));
}

// RFC 8628 §3.4: the device access token request, verbatim.
BOOST_AUTO_TEST_CASE(rfc8628_section_3_4_example) {
    device_code_grant g;
    g.device_code = secret("GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS");
    auto req = make_token_request("https://example.com/token", g, client_authentication::public_client("1406020730"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
                            "&device_code=GmRhmhcxhwAzkoEqiMEg_DnyEysNkuNhszIySk9eS&client_id=1406020730");
}

// RFC 8693 §2.3: the token exchange request example, verbatim (rs08 / long-secure-random-secret).
BOOST_AUTO_TEST_CASE(rfc8693_section_2_3_example) {
    token_exchange_grant g;
    g.resource = {"https://backend.example.com/api"};
    g.subject_token = secret("accVkjcJyb4BWCxGsndESCJQbdFMogUC5PbRDqceLTC");
    g.subject_token_type = "urn:ietf:params:oauth:token-type:access_token";
    auto req = make_token_request("https://as.example.com/as/token.oauth2", g,
                                  client_authentication::secret_basic("rs08", secret("long-secure-random-secret")));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->header("Authorization").value() == "Basic cnMwODpsb25nLXNlY3VyZS1yYW5kb20tc2VjcmV0");
    BOOST_TEST(req->body == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
                            "&resource=https%3A%2F%2Fbackend.example.com%2Fapi"
                            "&subject_token=accVkjcJyb4BWCxGsndESCJQbdFMogUC5PbRDqceLTC"
                            "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token");

    g.actor_token = secret("actor");  // an actor token needs its type
    BOOST_TEST((make_token_request("https://as/t", g, client_authentication::public_client("c")).error() ==
                error::invalid_argument));
    g.actor_token_type = "urn:ietf:params:oauth:token-type:jwt";
    g.audience = {"urn:example:cooperation-context"};
    g.requested_token_type = "urn:ietf:params:oauth:token-type:access_token";
    auto full = make_token_request("https://as/t", g, client_authentication::public_client("c"));
    BOOST_REQUIRE(full);
    BOOST_TEST(full->body.find("&audience=urn%3Aexample%3Acooperation-context&requested_token_type=") != std::string::npos);
    BOOST_TEST(full->body.ends_with("&actor_token=actor&actor_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Ajwt&client_id=c"));
    g.subject_token_type.clear();
    BOOST_TEST((make_token_request("https://as/t", g, client_authentication::public_client("c")).error() ==
                error::missing_argument));
}

// RFC 7523 §2.1: a JWT as an authorization grant.
BOOST_AUTO_TEST_CASE(rfc7523_jwt_bearer_grant) {
    jwt_bearer_grant g;
    g.assertion = secret("eyJhbGciOiJFUzI1NiIsImtpZCI6IjE2In0.eyJpc3MiOiJ4In0.c2ln");
    g.scope = {"read"};
    auto req = make_token_request("https://authz.example.net/token.oauth2", g, client_authentication::public_client("c"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"
                            "&assertion=eyJhbGciOiJFUzI1NiIsImtpZCI6IjE2In0.eyJpc3MiOiJ4In0.c2ln&scope=read&client_id=c");
    BOOST_TEST((make_token_request("https://as/t", jwt_bearer_grant{}, client_authentication::public_client("c")).error() ==
                error::missing_argument));
}

BOOST_AUTO_TEST_CASE(extra_parameters_come_last_and_never_override) {
    refresh_token_grant g;
    g.refresh_token = secret("rt");
    g.extra.add("audience", "jobs");
    auto req = make_token_request("https://as/t", g, client_authentication::public_client("c"));
    BOOST_REQUIRE(req);
    BOOST_TEST(req->body == "grant_type=refresh_token&refresh_token=rt&audience=jobs&client_id=c");
    for (auto name : {"grant_type", "refresh_token", ""}) {
        refresh_token_grant bad;
        bad.refresh_token = secret("rt");
        bad.extra.add(name, "x");
        BOOST_TEST((make_token_request("https://as/t", bad, client_authentication::public_client("c")).error() ==
                    error::invalid_argument), name);
    }
}

BOOST_AUTO_TEST_CASE(caller_mistakes_are_refused) {
    auto const pub = client_authentication::public_client("c");
    authorization_code_grant g;
    BOOST_TEST((make_token_request("https://as/t", g, pub).error() == error::missing_argument));
    g.code = secret("code");
    for (auto endpoint : {"", "/token", "token", "ftp://as/t", "https://as/t#frag", "https:///t", "https://as/t t",
                          "https://127.0.0.1.nip.io/t"}) {
        auto r = make_token_request(endpoint, g, pub);
        BOOST_TEST(!r, endpoint);
        if (!r) BOOST_TEST((r.error() == error::invalid_url), endpoint);
    }
    g.code_verifier = secret("too-short");
    BOOST_TEST((make_token_request("https://as/t", g, pub).error() == error::invalid_argument));
    g.code_verifier = secret();
    for (auto resource : {"not a uri", "/relative", "https://rs/#frag", ""}) {
        g.resource = {resource};
        BOOST_TEST((make_token_request("https://as/t", g, pub).error() == error::invalid_argument), resource);
    }
    refresh_token_grant r;
    r.refresh_token = secret("rt");
    r.scope = {"bad scope"};
    BOOST_TEST((make_token_request("https://as/t", r, pub).error() == error::invalid_argument));
    BOOST_TEST((make_token_request("https://as/t", refresh_token_grant{}, pub).error() == error::missing_argument));
    BOOST_TEST((make_token_request("https://as/t", device_code_grant{}, pub).error() == error::missing_argument));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_token_request_test
