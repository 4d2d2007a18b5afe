#include <authwire/oauth/authorization_response.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_authorization_response_test {

using namespace authwire;
using namespace authwire::oauth;

error code_of(outcome<authorization_code_response> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(oauth_authorization_response)

// RFC 6749 §4.1.2, the example redirect.
BOOST_AUTO_TEST_CASE(rfc6749_section_4_1_2_example) {
    auto r = parse_authorization_response("https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz",
                                          {.state = "xyz"});
    BOOST_REQUIRE(r);
    BOOST_TEST(r->code.reveal() == "SplxlOBeZQQYbYS6WxSbIA");
    BOOST_TEST(r->state == "xyz");
    BOOST_TEST(!r->iss);
    // The same as a bare query, with or without '?', and with a fragment the browser kept.
    BOOST_TEST(parse_authorization_response("code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", {.state = "xyz"}).has_value());
    BOOST_TEST(parse_authorization_response("?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz", {.state = "xyz"}).has_value());
    BOOST_TEST(parse_authorization_response("https://c/cb?code=x&state=xyz#_=_", {.state = "xyz"}).has_value());
}

// RFC 6749 §4.1.2.1, the example error redirect: the friendly "user said no" case.
BOOST_AUTO_TEST_CASE(rfc6749_section_4_1_2_1_access_denied) {
    auto r = parse_authorization_response("https://client.example.com/cb?error=access_denied&state=xyz", {.state = "xyz"});
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::access_denied));
    BOOST_TEST(is_access_denied(r.error()));
    BOOST_REQUIRE(r.error().response);
    BOOST_TEST(r.error().response->error == "access_denied");
    BOOST_TEST(r.error().response->status == 0u);

    auto e = parse_authorization_response(
        "https://c/cb?error=invalid_scope&error_description=Unknown+scope+%22admin%22&error_uri=https%3A%2F%2Fas%2Fe&state=s",
        {.state = "s"});
    BOOST_REQUIRE(!e);
    BOOST_TEST((e.error().code == error::invalid_scope));
    BOOST_TEST(!is_access_denied(e.error()));
    BOOST_TEST(e.error().response->error_description == "Unknown scope \"admin\"");
    BOOST_TEST(e.error().response->error_uri == "https://as/e");
}

BOOST_AUTO_TEST_CASE(state_must_match_in_constant_time) {
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=xyz", {.state = "xyZ"})) == error::state_mismatch));
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=xy", {.state = "xyz"})) == error::state_mismatch));
    BOOST_TEST((code_of(parse_authorization_response("code=c", {.state = "xyz"})) == error::state_mismatch));
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=", {.state = "xyz"})) == error::state_mismatch));
    // No state sent: none may come back; none coming back is fine.
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=x", {})) == error::state_mismatch));
    BOOST_TEST(parse_authorization_response("code=c", {}).has_value());
    // A forged error response with the wrong state is not shown as the server's error.
    auto forged = parse_authorization_response("error=access_denied&error_description=Call+0800-SCAM&state=evil",
                                               {.state = "xyz"});
    BOOST_TEST((forged.error().code == error::state_mismatch));
    BOOST_TEST(!forged.error().response);
}

// RFC 9207 §2 example: iss is sent form-encoded and compared exactly.
BOOST_AUTO_TEST_CASE(rfc9207_issuer_identification) {
    std::string const redirect = "https://client.example/cb?code=x1848ZT64p4IirMPT0R-X3141MFPTuBX-VFL_cvaplMH58"
                                 "&state=ZWVlNDBlYzA1NjdkMDNhYjg3ZjUxZjAyNGQzMTM2NzI&iss=https%3A%2F%2Fhonest.as.example";
    authorization_response_expectations expect{.state = "ZWVlNDBlYzA1NjdkMDNhYjg3ZjUxZjAyNGQzMTM2NzI",
                                               .issuer = "https://honest.as.example",
                                               .iss_required = true};
    auto r = parse_authorization_response(redirect, expect);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->iss.value() == "https://honest.as.example");
    BOOST_TEST(r->code.reveal() == "x1848ZT64p4IirMPT0R-X3141MFPTuBX-VFL_cvaplMH58");

    // A mix-up: the response names another issuer. Nothing of it is surfaced.
    auto mixed = parse_authorization_response(
        "error=access_denied&error_description=attacker+text&state=s&iss=https%3A%2F%2Fattacker.example",
        {.state = "s", .issuer = "https://honest.as.example", .iss_required = true});
    BOOST_TEST((mixed.error().code == error::wrong_issuer));
    BOOST_TEST(!mixed.error().response);
    // Exact comparison: no trailing-slash, case or encoding leniency.
    for (auto iss : {"https%3A%2F%2Fhonest.as.example%2F", "https%3A%2F%2FHONEST.as.example", "https%3A%2F%2Fhonest.as.example%20"})
        BOOST_TEST((code_of(parse_authorization_response(std::string("code=c&state=s&iss=") + iss,
                                                         {.state = "s", .issuer = "https://honest.as.example"})) ==
                    error::wrong_issuer),
                   iss);
    // Required and absent; present though not required is still checked; required without an expected issuer.
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=s", {.state = "s", .issuer = "https://as", .iss_required = true})) ==
                error::missing_member));
    BOOST_TEST(parse_authorization_response("code=c&state=s", {.state = "s", .issuer = "https://as"}).has_value());
    BOOST_TEST((code_of(parse_authorization_response("code=c&state=s&iss=https%3A%2F%2Fas", {.state = "s", .iss_required = true})) ==
                error::missing_argument));
}

BOOST_AUTO_TEST_CASE(malformed_and_hostile_redirects) {
    struct {
        char const* redirect;
        error expected;
    } const cases[] = {
        {"state=s", error::missing_member},
        {"code=&state=s", error::missing_member},
        {"code=a&code=b&state=s", error::duplicate_member},
        {"code=a&state=s&state=s", error::duplicate_member},
        {"code=a&state=s&iss=x&iss=x", error::duplicate_member},
        {"error=a&error=b&state=s", error::duplicate_member},
        {"code=a&error=access_denied&state=s", error::malformed_response},
        {"error=&state=s", error::malformed_response},
        {"code=%zz&state=s", error::malformed_form},
        {"code=a%2&state=s", error::malformed_form},
        {"https://c/cb?state=s&code=%", error::malformed_form},
    };
    for (auto const& c : cases) BOOST_TEST((code_of(parse_authorization_response(c.redirect, {.state = "s"})) == c.expected), c.redirect);
    std::string big = "code=" + std::string(70 * 1024, 'a') + "&state=s";
    BOOST_TEST((code_of(parse_authorization_response(big, {.state = "s"})) == error::input_too_large));
    BOOST_TEST(parse_authorization_response(big, {.state = "s", .max_size = 80 * 1024}).has_value());
    // Binary garbage and every truncation of a valid redirect: typed errors, never a crash.
    std::string const good = "https://c/cb?code=abc&state=s&iss=https%3A%2F%2Fas";
    for (std::size_t n = 0; n <= good.size(); ++n)
        (void)parse_authorization_response(good.substr(0, n), {.state = "s", .issuer = "https://as"});
    BOOST_TEST(!parse_authorization_response(std::string("\0\xff\x01=&&==", 8), {.state = "s"}));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_authorization_response_test
