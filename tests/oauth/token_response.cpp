#include <authwire/oauth/token_response.hpp>

#include "support.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace oauth_token_response_test {

using namespace authwire;
using namespace authwire::oauth;
using namespace std::chrono_literals;
using authwire::test::fixed_now;
using authwire::test::response;

// RFC 6749 §5.1, the example response.
constexpr char const* rfc6749_example = R"({
       "access_token":"2YotnFZFEjr1zCsicMWpAA",
       "token_type":"example",
       "expires_in":3600,
       "refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA",
       "example_parameter":"example_value"
     })";

outcome<token_response> parse(std::string body, token_response_options const& opt = {}, unsigned status = 200) {
    return parse_token_response(response(status, std::move(body), "application/json;charset=UTF-8"), fixed_now(), opt);
}

error code_of(outcome<token_response> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(oauth_token_response)

BOOST_AUTO_TEST_CASE(rfc6749_section_5_1_example) {
    // Its token_type is "example": not Bearer, so refused by default …
    BOOST_TEST((code_of(parse(rfc6749_example)) == error::wrong_token_type));
    // … and read when the caller accepts other token types.
    token_response_options opt;
    opt.any_token_type = true;
    auto t = parse(rfc6749_example, opt);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "2YotnFZFEjr1zCsicMWpAA");
    BOOST_TEST(t->token_type == "example");
    BOOST_TEST(!t->is_bearer());
    BOOST_TEST(t->expires_in.value().count() == 3600);
    BOOST_TEST((t->expires_at.value() == fixed_now() + 3600s));
    BOOST_TEST(t->refresh_token.reveal() == "tGzv3JOkF0XG5Qx2TlKWIA");
    BOOST_TEST(!t->scope);
    BOOST_TEST(t->extra.at("example_parameter").as_string() == "example_value");
    BOOST_TEST(t->extra.size() == 1u);
    BOOST_TEST(!t->quirks_seen.any());
}

BOOST_AUTO_TEST_CASE(bearer_is_case_insensitive_and_normalised) {
    for (auto type : {"Bearer", "bearer", "BEARER", "bEaReR"}) {
        auto t = parse(std::string(R"({"access_token":"a","token_type":")") + type + R"("})");
        BOOST_REQUIRE(t);
        BOOST_TEST(t->token_type == "Bearer");
        BOOST_TEST(t->is_bearer());
        BOOST_TEST(!t->expires_at);
        BOOST_TEST(t->refresh_token.empty());
    }
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"Bearer2"})")) == error::wrong_token_type));
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"DPoP"})")) == error::wrong_token_type));
}

BOOST_AUTO_TEST_CASE(full_success_with_scope_and_id_token) {
    auto t = parse(R"({"access_token":"at","token_type":"Bearer","expires_in":0,"scope":"jobs:read profile",)"
                   R"("id_token":"eyJ.eyJ.sig","issued_token_type":"urn:ietf:params:oauth:token-type:access_token"})");
    BOOST_REQUIRE(t);
    BOOST_TEST((t->expires_at.value() == fixed_now()));
    BOOST_TEST((t->scope.value() == scope_set{"profile", "jobs:read"}));
    BOOST_TEST(t->id_token.value() == "eyJ.eyJ.sig");
    BOOST_TEST(t->issued_token_type.value() == "urn:ietf:params:oauth:token-type:access_token");
    BOOST_TEST(t->extra.empty());
    // An empty scope string is an empty grant, which is not the same as "what was requested" (absent).
    auto none = parse(R"({"access_token":"at","token_type":"Bearer","scope":""})");
    BOOST_REQUIRE(none);
    BOOST_TEST(none->scope.has_value());
    BOOST_TEST(none->scope->empty());
    BOOST_TEST(boost::json::serialize(to_json(*none)) == R"({"access_token":"at","token_type":"Bearer","scope":""})");
}

// RFC 6749 §5.2: error responses keep error, description, URI and status.
BOOST_AUTO_TEST_CASE(error_responses_rfc6749_section_5_2) {
    auto t = parse(R"({"error":"invalid_grant","error_description":"refresh token revoked","error_uri":"https://as/e"})", {},
                   400);
    BOOST_REQUIRE(!t);
    BOOST_TEST((t.error().code == error::invalid_grant));
    BOOST_REQUIRE(t.error().response);
    BOOST_TEST(t.error().response->error_description == "refresh token revoked");
    BOOST_TEST(t.error().response->error_uri == "https://as/e");
    BOOST_TEST(t.error().response->status == 400u);

    auto unauth = response(401, R"({"error":"invalid_client"})");
    unauth.headers.append("WWW-Authenticate", R"(Basic realm="as")");
    auto u = parse_token_response(unauth, fixed_now());
    BOOST_TEST((u.error().code == error::invalid_client));
    BOOST_TEST(u.error().response->status == 401u);

    BOOST_TEST((parse_token_response(response(502, "<html>bad gateway</html>", "text/html"), fixed_now()).error().code ==
                error::unexpected_status));
    BOOST_TEST((parse_token_response(response(201, R"({"access_token":"a","token_type":"Bearer"})"), fixed_now())
                    .error()
                    .code == error::unexpected_status));
    BOOST_TEST((parse_token_response(response(200, "access_token=a&token_type=bearer", "application/x-www-form-urlencoded"),
                                     fixed_now())
                    .error()
                    .code == error::unexpected_content_type));
    BOOST_TEST((parse_token_response(response(200, R"({"access_token":"a","token_type":"Bearer"})", ""), fixed_now())
                    .error()
                    .code == error::unexpected_content_type));
}

BOOST_AUTO_TEST_CASE(quirk_expires_in_as_string) {
    auto const body = R"({"access_token":"a","token_type":"Bearer","expires_in":"3600"})";
    BOOST_TEST((code_of(parse(body)) == error::wrong_member_type));
    token_response_options opt;
    opt.allow.expires_in_as_string = true;
    auto t = parse(body, opt);
    BOOST_REQUIRE(t);
    BOOST_TEST((t->expires_at.value() == fixed_now() + 3600s));
    BOOST_TEST(t->quirks_seen.expires_in_as_string);
    BOOST_TEST(!t->quirks_seen.scope_as_array);
    BOOST_TEST(!parse(R"({"access_token":"a","token_type":"Bearer","expires_in":60})", opt)->quirks_seen.any());
    for (auto bad : {"\"\"", "\"-5\"", "\"+5\"", "\"36 00\"", "\"3600.0\"", "\"1e3\"", "\"0x10\"", "\"9999999999999999999\""})
        BOOST_TEST((code_of(parse(std::string(R"({"access_token":"a","token_type":"Bearer","expires_in":)") + bad + "}",
                                  opt)) == error::malformed_response),
                   bad);
}

BOOST_AUTO_TEST_CASE(quirk_scope_as_array) {
    auto const body = R"({"access_token":"a","token_type":"Bearer","scope":["read","jobs:read"]})";
    BOOST_TEST((code_of(parse(body)) == error::wrong_member_type));
    token_response_options opt;
    opt.allow.scope_as_array = true;
    auto t = parse(body, opt);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->scope.value().to_string() == "read jobs:read");
    BOOST_TEST(t->quirks_seen.scope_as_array);
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"Bearer","scope":["a",1]})", opt)) ==
                error::wrong_member_type));
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"Bearer","scope":["a b"]})", opt)) ==
                error::malformed_response));
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"Bearer","scope":{}})", opt)) == error::wrong_member_type));
}

BOOST_AUTO_TEST_CASE(quirk_missing_token_type) {
    auto const body = R"({"access_token":"a"})";
    BOOST_TEST((code_of(parse(body)) == error::missing_member));
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":""})")) == error::missing_member));
    token_response_options opt;
    opt.allow.missing_token_type = true;
    auto t = parse(body, opt);
    BOOST_REQUIRE(t);
    BOOST_TEST(t->token_type == "Bearer");
    BOOST_TEST(t->quirks_seen.missing_token_type);
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":7})", opt)) == error::wrong_member_type));
}

BOOST_AUTO_TEST_CASE(quirk_error_with_status_200) {
    auto const body = R"({"error":"bad_verification_code","error_description":"The code passed is incorrect or expired."})";
    BOOST_TEST((code_of(parse(body)) == error::malformed_response));
    token_response_options opt;
    opt.allow.error_with_status_200 = true;
    auto t = parse(body, opt);
    BOOST_REQUIRE(!t);
    BOOST_TEST((t.error().code == error::oauth_error));
    BOOST_REQUIRE(t.error().response);
    BOOST_TEST(t.error().response->error == "bad_verification_code");
    BOOST_TEST(t.error().response->status == 200u);
    BOOST_TEST((parse(R"({"error":5})", opt).error().code == error::wrong_member_type));
}

// Issue 12: a 200 that carries both an error and an access token is neither a success (RFC 6749 §5.1) nor an
// error (§5.2): refused as malformed, with or without the error_with_status_200 quirk, and no token is handed out.
BOOST_AUTO_TEST_CASE(a_200_with_both_error_and_access_token_is_refused) {
    auto const body = R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","error":"invalid_grant"})";
    BOOST_TEST((code_of(parse(body)) == error::malformed_response));
    token_response_options opt;
    opt.allow.error_with_status_200 = true;
    BOOST_TEST((code_of(parse(body, opt)) == error::malformed_response));
    BOOST_TEST((code_of(parse(R"({"error":"","access_token":"a","token_type":"Bearer"})")) ==
                error::malformed_response));
    BOOST_TEST((code_of(parse(R"({"error":{},"access_token":"a","token_type":"Bearer"})")) ==
                error::malformed_response));
    // A null "error" carries none (serialisers write absent members so): a success.
    BOOST_TEST(parse(R"({"error":null,"access_token":"a","token_type":"Bearer"})").has_value());
}

BOOST_AUTO_TEST_CASE(expiry_is_absolute_and_bounded) {
    auto with = [](std::string const& expires) {
        return parse(R"({"access_token":"a","token_type":"Bearer","expires_in":)" + expires + "}");
    };
    BOOST_TEST((with("86400")->expires_at.value() == fixed_now() + 24h));
    for (auto bad : {"-1", "-9223372036854775808", "316224001", "18446744073709551615", "1e20"})
        BOOST_TEST((code_of(with(bad)) == error::malformed_response || code_of(with(bad)) == error::wrong_member_type), bad);
    BOOST_TEST((code_of(with("-1")) == error::malformed_response));
    BOOST_TEST((code_of(with("316224001")) == error::malformed_response));  // more than ten years
    for (auto bad : {"3600.5", "3600.0", "true", "null", "[]", "{}"}) BOOST_TEST((code_of(with(bad)) == error::wrong_member_type), bad);
    token_response_options opt;
    opt.max_expires_in = 60s;
    BOOST_TEST((code_of(parse(R"({"access_token":"a","token_type":"Bearer","expires_in":61})", opt)) ==
                error::malformed_response));
    // Near the end of the clock's range the expiry cannot be represented: refused, not overflowed.
    auto const late = std::chrono::system_clock::time_point::max() - 10s;
    auto r = parse_token_response(response(200, R"({"access_token":"a","token_type":"Bearer","expires_in":3600})"), late);
    BOOST_TEST((r.error().code == error::malformed_response));
    auto early = parse_token_response(response(200, R"({"access_token":"a","token_type":"Bearer","expires_in":3600})"),
                                      std::chrono::system_clock::time_point::min());
    BOOST_TEST(early.has_value());  // no overflow at the other end either
}

BOOST_AUTO_TEST_CASE(proactive_refresh_moment) {
    auto t = parse(R"({"access_token":"a","token_type":"Bearer","expires_in":3600})");
    BOOST_REQUIRE(t);
    BOOST_TEST((t->refresh_at().value() == fixed_now() + 3600s - 5min));
    BOOST_TEST((t->refresh_at(10min).value() == fixed_now() + 50min));
    auto short_lived = parse(R"({"access_token":"a","token_type":"Bearer","expires_in":120})");
    BOOST_TEST((short_lived->refresh_at().value() == fixed_now() + 60s));  // never before half the lifetime
    BOOST_TEST(!parse(R"({"access_token":"a","token_type":"Bearer"})")->refresh_at());
}

BOOST_AUTO_TEST_CASE(malformed_and_hostile_bodies) {
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {"", error::malformed_json},
        {"{", error::malformed_json},
        {R"({"access_token":"a","token_type":"Bearer")", error::malformed_json},
        {R"({"access_token":"a","token_type":"Bearer",})", error::malformed_json},
        {"null", error::wrong_member_type},
        {"[]", error::wrong_member_type},
        {R"("access_token")", error::wrong_member_type},
        {"{}", error::missing_member},
        {R"({"token_type":"Bearer"})", error::missing_member},
        {R"({"access_token":"","token_type":"Bearer"})", error::missing_member},
        {R"({"access_token":42,"token_type":"Bearer"})", error::wrong_member_type},
        {R"({"access_token":["a"],"token_type":"Bearer"})", error::wrong_member_type},
        {R"({"access_token":"a","token_type":"Bearer","refresh_token":""})", error::malformed_response},
        {R"({"access_token":"a","token_type":"Bearer","refresh_token":5})", error::wrong_member_type},
        {R"({"access_token":"a","token_type":"Bearer","scope":"a  b"})", error::malformed_response},
        {R"({"access_token":"a","token_type":"Bearer","scope":" a"})", error::malformed_response},
        {R"({"access_token":"a","token_type":"Bearer","id_token":{}})", error::wrong_member_type},
        {R"({"access_token":"a","access_token":"b","token_type":"Bearer"})", error::duplicate_member},
        {R"({"access_token":"a","token_type":"Bearer","x":{"y":1,"y":2}})", error::duplicate_member},
        {"{\"access_token\":\"\xc3\x28\",\"token_type\":\"Bearer\"}", error::malformed_json},
        {R"({"access_token":"a","token_type":"Bearer"} x)", error::malformed_json},
    };
    for (auto const& c : cases) BOOST_TEST((code_of(parse(c.body)) == c.expected), c.body);

    std::string deep = R"({"access_token":"a","token_type":"Bearer","x":)" + std::string(100, '[') + std::string(100, ']') + "}";
    BOOST_TEST((code_of(parse(deep)) == error::nesting_too_deep));
    std::string big = R"({"access_token":")" + std::string(300 * 1024, 'a') + R"(","token_type":"Bearer"})";
    BOOST_TEST((code_of(parse(big)) == error::input_too_large));
    token_response_options tight;
    tight.limits.max_size = 32;
    BOOST_TEST((code_of(parse(R"({"access_token":"abcdefghijklmnopqrstuvwxyz","token_type":"Bearer"})", tight)) ==
                error::input_too_large));

    // Every truncation of a valid response is an error, never a crash or a partial success.
    std::string const good = R"({"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","scope":"a b"})";
    BOOST_REQUIRE(parse(good));
    for (std::size_t n = 0; n < good.size(); ++n) BOOST_TEST(!parse(good.substr(0, n)), n);
}

BOOST_AUTO_TEST_CASE(written_responses_read_back) {
    auto t = parse(R"({"access_token":"at","token_type":"bearer","expires_in":3600,"refresh_token":"rt","scope":"a b","ext":[1]})");
    BOOST_REQUIRE(t);
    auto const json = boost::json::serialize(to_json(*t));
    BOOST_TEST(json == R"({"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt","scope":"a b","ext":[1]})");
    auto again = parse(json);
    BOOST_REQUIRE(again);
    BOOST_TEST((again->access_token == t->access_token));
    BOOST_TEST((again->scope == t->scope));
    BOOST_TEST(again->extra == t->extra);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_token_response_test
