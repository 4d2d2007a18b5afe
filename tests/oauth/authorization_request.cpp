#include <authwire/oauth/authorization_request.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_authorization_request_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::sorted_params;

BOOST_AUTO_TEST_SUITE(oauth_authorization_request)

// RFC 6749 §4.1.1, the example request (that example predates PKCE, so PKCE is switched off explicitly).
BOOST_AUTO_TEST_CASE(rfc6749_section_4_1_1_example) {
    authorization_request r;
    r.client_id = "s6BhdRkqt3";
    r.state = "xyz";
    r.redirect_uri = "https://client.example.com/cb";
    r.allow_without_pkce = true;
    auto url = make_authorization_url("https://server.example.com/authorize", r);
    BOOST_REQUIRE(url);
    BOOST_TEST(url->buffer() == "https://server.example.com/authorize?response_type=code&client_id=s6BhdRkqt3&state=xyz"
                                "&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb");
    // The RFC writes '.' as %2E; both decode to the same parameters.
    BOOST_TEST((sorted_params(url->encoded_query()) ==
                sorted_params("response_type=code&client_id=s6BhdRkqt3&state=xyz"
                              "&redirect_uri=https%3A%2F%2Fclient%2Eexample%2Ecom%2Fcb")));
}

BOOST_AUTO_TEST_CASE(pkce_is_required_by_default) {
    authorization_request r;
    r.client_id = "s6BhdRkqt3";
    BOOST_TEST((make_authorization_url("https://server.example.com/authorize", r).error() == error::pkce_required));
}

// RFC 7636 §4.3 with the Appendix B challenge, scope, resources (RFC 8707 §2) and a nonce.
BOOST_AUTO_TEST_CASE(full_request_rfc7636_appendix_b) {
    authorization_request r;
    r.client_id = "jobs-web";
    r.redirect_uri = "https://jobs.example/callback";
    r.scope = {"jobs:read", "profile"};
    r.state = "af0ifjsldkj";
    r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    r.resource = {"https://api.jobs.example/", "https://files.jobs.example/"};
    r.nonce = "n-0S6_WzA2Mj";
    r.extra.add("prompt", "consent");
    auto url = make_authorization_url("https://as.example/authorize", r);
    BOOST_REQUIRE(url);
    BOOST_TEST(url->buffer() ==
               "https://as.example/authorize?response_type=code&client_id=jobs-web&state=af0ifjsldkj"
               "&redirect_uri=https%3A%2F%2Fjobs.example%2Fcallback&scope=jobs%3Aread+profile"
               "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
               "&resource=https%3A%2F%2Fapi.jobs.example%2F&resource=https%3A%2F%2Ffiles.jobs.example%2F"
               "&nonce=n-0S6_WzA2Mj&prompt=consent");
}

BOOST_AUTO_TEST_CASE(from_a_pkce_pair_and_plain_only_when_chosen) {
    auto pair = make_pkce();
    BOOST_REQUIRE(pair);
    authorization_request r;
    r.client_id = "c";
    r.set_pkce(*pair);
    auto url = make_authorization_url("https://as/authorize", r);
    BOOST_REQUIRE(url);
    BOOST_TEST(url->buffer() == "https://as/authorize?response_type=code&client_id=c&code_challenge=" +
                                    pair->code_challenge + "&code_challenge_method=S256");
    auto plain = make_pkce({}, code_challenge_method::plain);
    r.set_pkce(*plain);
    BOOST_TEST(make_authorization_url("https://as/authorize", r)->buffer().ends_with("&code_challenge_method=plain"));
}

BOOST_AUTO_TEST_CASE(an_endpoint_query_is_kept_rfc6749_section_3_1) {
    authorization_request r;
    r.client_id = "c";
    r.allow_without_pkce = true;
    BOOST_TEST(make_authorization_url("https://as/authorize?tenant=a%20b", r)->buffer() ==
               "https://as/authorize?tenant=a%20b&response_type=code&client_id=c");
    BOOST_TEST(make_authorization_url("https://as:8443/o/authorize?", r)->buffer() ==
               "https://as:8443/o/authorize?response_type=code&client_id=c");
}

BOOST_AUTO_TEST_CASE(values_are_encoded_so_they_cannot_inject_parameters) {
    authorization_request r;
    r.client_id = "c&scope=admin";
    r.state = "a b+c=d#e";
    r.allow_without_pkce = true;
    auto url = make_authorization_url("https://as/authorize", r);
    BOOST_REQUIRE(url);
    BOOST_TEST(url->buffer() == "https://as/authorize?response_type=code&client_id=c%26scope%3Dadmin&state=a+b%2Bc%3Dd%23e");
    auto params = form::decode(url->encoded_query()).value();
    BOOST_TEST(params.find("client_id").value() == "c&scope=admin");
    BOOST_TEST(params.find("state").value() == "a b+c=d#e");
    BOOST_TEST(params.count("scope") == 0u);
}

BOOST_AUTO_TEST_CASE(caller_mistakes_are_refused) {
    authorization_request good;
    good.client_id = "c";
    good.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    BOOST_REQUIRE(make_authorization_url("https://as/authorize", good));

    for (auto endpoint : {"", "as/authorize", "/authorize", "https://as/authorize#x", "javascript:alert(1)", "https://"}) {
        auto u = make_authorization_url(endpoint, good);
        BOOST_TEST(!u, endpoint);
        if (!u) BOOST_TEST((u.error() == error::invalid_url), endpoint);
    }
    auto r = good;
    r.client_id.clear();
    BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::missing_argument));
    r = good;
    for (auto redirect : {"/cb", "cb", "https://app/cb#frag", "https://app/c b"}) {
        r.redirect_uri = redirect;
        BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument), redirect);
    }
    r = good;
    r.scope = {"ok", "not\"ok"};
    BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument));
    r = good;
    r.code_challenge = "short";
    BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument));
    r = good;
    r.resource = {"relative/path"};
    BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument));
    r = good;
    r.extra.add("client_id", "other");
    BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument));
}

// Issue 12, RFC 6749 §3.1: a redirect URI whose query names a response parameter would get it back twice (an
// injected value first), so the client does not send one.
BOOST_AUTO_TEST_CASE(a_redirect_uri_naming_a_response_parameter_is_refused) {
    authorization_request r;
    r.client_id = "c";
    r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    for (auto redirect : {"https://app/cb?code=x&state=y&iss=z", "https://app/cb?iss=z", "https://app/cb?%73tate=1",
                          "https://app/cb?a=1;error=2", "http://127.0.0.1:4000/cb?error_uri"}) {
        r.redirect_uri = redirect;
        BOOST_TEST((make_authorization_url("https://as/authorize", r).error() == error::invalid_argument), redirect);
    }
    r.redirect_uri = "https://app/cb?tenant=1&codes=2";
    BOOST_TEST(make_authorization_url("https://as/authorize", r).has_value());
    BOOST_TEST(is_authorization_response_parameter("error_description"));
    BOOST_TEST(!is_authorization_response_parameter("Code"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_authorization_request_test
