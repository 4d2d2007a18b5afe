#include <authwire/oauth/www_authenticate.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace oauth_www_authenticate_test {

using namespace authwire;
using namespace authwire::oauth;

std::vector<auth_challenge> parse(std::string_view v) {
    auto r = parse_www_authenticate(v);
    BOOST_TEST_REQUIRE(r.has_value(), v);
    return *r;
}
error code_of(std::string_view v) {
    auto r = parse_www_authenticate(v);
    return r ? error{} : static_cast<error>(r.error().value());
}

BOOST_AUTO_TEST_SUITE(oauth_www_authenticate)

// RFC 6750 §3, the two example challenges.
BOOST_AUTO_TEST_CASE(rfc6750_section_3_examples) {
    auto a = parse(R"(Bearer realm="example")");
    BOOST_REQUIRE(a.size() == 1u);
    BOOST_TEST(a[0].is("Bearer"));
    BOOST_TEST(a[0].realm().value() == "example");
    BOOST_TEST(!a[0].error());

    // The second example is folded over three lines for print; an HTTP field value cannot contain line
    // breaks, so the folded text is refused and the unfolded one is read (next test).
    BOOST_TEST((code_of("Bearer realm=\"example\",\n"
                        "                  error=\"invalid_token\",\n"
                        "                  error_description=\"The access token expired\"") == error::malformed_header));
}

BOOST_AUTO_TEST_CASE(rfc6750_section_3_examples_unfolded) {
    auto c = parse(R"(Bearer realm="example", error="invalid_token", error_description="The access token expired")");
    BOOST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].realm().value() == "example");
    BOOST_TEST(c[0].error().value() == "invalid_token");
    BOOST_TEST(c[0].error_description().value() == "The access token expired");
    auto e = challenge_error(c[0], 401);
    BOOST_REQUIRE(e);
    BOOST_TEST(e->error == "invalid_token");
    BOOST_TEST(e->error_description == "The access token expired");
    BOOST_TEST(e->status == 401u);
    BOOST_TEST(!challenge_error(parse(R"(Bearer realm="example")")[0], 401));

    auto scope = parse(R"(Bearer error="insufficient_scope", scope="jobs:write profile")");
    BOOST_TEST(scope[0].scope().value() == "jobs:write profile");
}

// RFC 9728 §5.1, the example (unfolded).
BOOST_AUTO_TEST_CASE(rfc9728_section_5_1_resource_metadata) {
    auto c = parse(R"(Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource")");
    BOOST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].resource_metadata().value() == "https://resource.example.com/.well-known/oauth-protected-resource");
}

// RFC 9110 §11.6.1, the example with two challenges, a token value and escapes.
BOOST_AUTO_TEST_CASE(rfc9110_section_11_6_1_example) {
    auto c = parse(R"(Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple")");
    BOOST_REQUIRE(c.size() == 2u);
    BOOST_TEST(c[0].scheme == "Newauth");
    BOOST_TEST(c[0].params.size() == 3u);
    BOOST_TEST(c[0].param("type").value() == "1");
    BOOST_TEST(c[0].param("title").value() == R"(Login to "apps")");
    BOOST_TEST(c[1].is("basic"));
    BOOST_TEST(c[1].realm().value() == "simple");
    BOOST_TEST((find_challenge(c, "BASIC") == &c[1]));
    BOOST_TEST(find_challenge(c, "Bearer") == nullptr);
}

BOOST_AUTO_TEST_CASE(token68_and_bare_schemes) {
    auto c = parse("Negotiate a87421000492aa874209af8bc028, Basic, Bearer");
    BOOST_REQUIRE(c.size() == 3u);
    BOOST_TEST(c[0].token68.value() == "a87421000492aa874209af8bc028");
    BOOST_TEST(c[0].params.empty());
    BOOST_TEST(!c[1].token68);
    BOOST_TEST(c[1].params.empty());
    BOOST_TEST(c[2].scheme == "Bearer");
    BOOST_TEST(parse("Custom dGVzdDp0ZXN0==")[0].token68.value() == "dGVzdDp0ZXN0==");
    BOOST_TEST(parse("Custom abc=")[0].token68.value() == "abc=");
    BOOST_TEST(parse("Custom a/b+c~d.e-f_g")[0].token68.value() == "a/b+c~d.e-f_g");
    // "name=" with nothing after it is a token68 by the grammar, not a parameter without a value.
    auto t = parse("Bearer realm= , Basic");
    BOOST_REQUIRE(t.size() == 2u);
    BOOST_TEST(t[0].token68.value() == "realm=");
    BOOST_TEST(!t[0].realm());
}

BOOST_AUTO_TEST_CASE(case_whitespace_and_empty_list_elements) {
    auto c = parse(R"(  , bEaReR ReAlM = "x" ,, ERROR=invalid_token ,  , DPoP algs="ES256 PS256",)");
    BOOST_REQUIRE(c.size() == 2u);
    BOOST_TEST(c[0].is("Bearer"));
    BOOST_TEST(c[0].realm().value() == "x");
    BOOST_TEST(c[0].params[0].name == "realm");  // names are lower-cased
    BOOST_TEST(c[0].error().value() == "invalid_token");
    BOOST_TEST(c[1].is("dpop"));
    BOOST_TEST(c[1].param("ALGS").value() == "ES256 PS256");
    auto leading = parse("Bearer , realm=x");  // #auth-param allows an empty first element
    BOOST_REQUIRE(leading.size() == 1u);
    BOOST_TEST(leading[0].realm().value() == "x");
    BOOST_TEST(parse("").empty());
    BOOST_TEST(parse(" , ,").empty());
    BOOST_TEST((code_of("Bearer\trealm=x") == error::malformed_header));  // 1*SP after the scheme, not HTAB
}

BOOST_AUTO_TEST_CASE(quoted_string_escapes_rfc9110_section_5_6_4) {
    auto c = parse(R"(X a="back\\slash", b="q\"uote", c=")" "\t tab" R"(", d="", e="caf)" "\xc3\xa9" R"(", f="\a\b")");
    BOOST_REQUIRE(c.size() == 1u);
    BOOST_TEST(c[0].param("a").value() == "back\\slash");
    BOOST_TEST(c[0].param("b").value() == "q\"uote");
    BOOST_TEST(c[0].param("c").value() == "\t tab");
    BOOST_TEST(c[0].param("d").value() == "");
    BOOST_TEST(c[0].param("e").value() == "caf\xc3\xa9");  // obs-text kept as bytes
    BOOST_TEST(c[0].param("f").value() == "ab");
}

BOOST_AUTO_TEST_CASE(across_several_fields) {
    http_response r;
    r.status = 401;
    r.headers.append("WWW-Authenticate", R"(Basic realm="legacy")");
    r.headers.append("Content-Type", "application/json");
    r.headers.append("www-authenticate", R"(Bearer resource_metadata="https://rs/.well-known/oauth-protected-resource/mcp", scope="mcp")");
    auto c = parse_www_authenticate(r);
    BOOST_REQUIRE(c);
    BOOST_REQUIRE(c->size() == 2u);
    auto const* bearer = find_challenge(*c, "bearer");
    BOOST_REQUIRE(bearer);
    BOOST_TEST(bearer->resource_metadata().value() == "https://rs/.well-known/oauth-protected-resource/mcp");
    r.headers.append("WWW-Authenticate", "Bearer realm=\"unterminated");
    BOOST_TEST((parse_www_authenticate(r).error() == error::malformed_header));
    http_response none;
    BOOST_TEST(parse_www_authenticate(none)->empty());
}

BOOST_AUTO_TEST_CASE(off_grammar_values_are_malformed) {
    for (auto bad : {R"(Bearer realm="unterminated)", R"(Bearer realm="x" junk)",
                     R"(Bearer realm="x" error="y")", R"(Bearer realm="x", REALM="y")", "Bearer\x01", R"("Bearer")",
                     "Bearer realm=\"a\x01" "b\"", "Bearer realm=\"a\nb\"", R"(=x)", R"(Bearer a=b=)", R"(Bearer a=b c=d)",
                     R"(Bearer="x")", R"(Bearer realm="x\)", "Bearer realm=\"x\"\r\nSet-Cookie: a=b", R"(Bearer @=x)",
                     R"(Bearer realm="x",, =y)", "Negotiate abc def", "Basic abc==x", "B\xc3\xa9" "arer"}) {
        BOOST_TEST((code_of(bad) == error::malformed_header), bad);
    }
    std::string const big = "Bearer realm=\"" + std::string(17 * 1024, 'a') + "\"";
    BOOST_TEST((code_of(big) == error::input_too_large));
    BOOST_TEST(parse_www_authenticate(big, 32 * 1024).has_value());
    // Every prefix of a rich value parses or fails cleanly.
    std::string const rich = R"(Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple", Negotiate abc==)";
    for (std::size_t n = 0; n <= rich.size(); ++n) (void)parse_www_authenticate(rich.substr(0, n));
}

BOOST_AUTO_TEST_CASE(written_challenges_parse_back) {
    auth_challenge c{"Bearer",
                     std::nullopt,
                     {{"realm", "mcp"}, {"error", "invalid_token"}, {"error_description", "said \"expired\" \\ here"}}};
    auto s = format_challenge(c);
    BOOST_REQUIRE(s);
    BOOST_TEST(*s == R"(Bearer realm="mcp", error="invalid_token", error_description="said \"expired\" \\ here")");
    auto back = parse(*s);
    BOOST_REQUIRE(back.size() == 1u);
    BOOST_TEST((back[0] == c));
    BOOST_TEST(format_challenge(auth_challenge{"Bearer", std::nullopt, {}}).value() == "Bearer");
    BOOST_TEST(format_challenge(auth_challenge{"Negotiate", std::string("abc=="), {}}).value() == "Negotiate abc==");
    BOOST_TEST((format_challenge(auth_challenge{"Bad Scheme", std::nullopt, {}}).error() == error::invalid_argument));
    BOOST_TEST((format_challenge(auth_challenge{"Bearer", std::nullopt, {{"bad name", "x"}}}).error() == error::invalid_argument));
    BOOST_TEST((format_challenge(auth_challenge{"Bearer", std::nullopt, {{"realm", "a\r\nb"}}}).error() == error::invalid_argument));
    BOOST_TEST((format_challenge(auth_challenge{"Negotiate", std::string("a b"), {}}).error() == error::invalid_argument));
    BOOST_TEST((format_challenge(auth_challenge{"Negotiate", std::string("=="), {}}).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_www_authenticate_test
