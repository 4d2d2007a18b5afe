#include <authwire/oauth/api_key.hpp>

#include "support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace oauth_api_key_test {

using namespace authwire;
using namespace authwire::oauth;
using authwire::test::response;

BOOST_AUTO_TEST_SUITE(oauth_api_key)

BOOST_AUTO_TEST_CASE(api_key_header) {
    http_request req;
    BOOST_REQUIRE(set_api_key(req, "X-RP-API-Key", secret("k-123_ABC.xyz")));
    BOOST_TEST(req.header("x-rp-api-key").value() == "k-123_ABC.xyz");
    BOOST_REQUIRE(set_api_key(req, "X-RP-API-Key", secret("second")));
    BOOST_TEST(req.headers.count("X-RP-API-Key") == 1u);
    BOOST_TEST(req.header("X-RP-API-Key").value() == "second");
    BOOST_TEST(req.url.buffer().empty());  // never in the URL

    for (auto name : {"", "X Key", "X-Key:", "X-Key\r\nInjected", "Ключ"})
        BOOST_TEST((set_api_key(req, name, secret("k")).error() == error::invalid_argument), name);
    for (auto value : {"", "a b", "a\r\nSet-Cookie: x=y", "caf\xc3\xa9", "\x7f"})
        BOOST_TEST((set_api_key(req, "X-Key", secret(value)).error() == error::invalid_argument), value);
    BOOST_TEST(req.header("X-RP-API-Key").value() == "second");
}

// RFC 6750 §2.1, the example: "Authorization: Bearer mF_9.B5f-4.1JqM".
BOOST_AUTO_TEST_CASE(bearer_header_rfc6750_section_2_1) {
    http_request req;
    BOOST_REQUIRE(set_bearer_token(req, secret("mF_9.B5f-4.1JqM")));
    BOOST_TEST(req.header("Authorization").value() == "Bearer mF_9.B5f-4.1JqM");
    BOOST_REQUIRE(set_bearer_token(req, secret("eyJhbGciOiJIUzI1NiJ9.e30.sig+/==")));
    BOOST_TEST(req.headers.count("Authorization") == 1u);
    for (auto bad : {"", "=abc", "a b", "a\r\nX: y", "a=b", "a\"b", "==", "caf\xc3\xa9"})
        BOOST_TEST((set_bearer_token(req, secret(bad)).error() == error::invalid_argument), bad);
    BOOST_TEST(is_b64token("abc=="));
    BOOST_TEST(!is_b64token("ab=c"));
    static_assert(is_b64token("abc==") && !is_b64token("ab=c"));  // still usable in constant expressions
}

// is_b64token checks 16 characters a step and the rest one by one: every byte value at every position of tokens
// of 0 to 49 characters (plus 0 to 2 '='), against the grammar applied character by character.
BOOST_AUTO_TEST_CASE(b64token_every_byte_at_every_position) {
    auto by_the_grammar = [](std::string_view s) {
        auto const body = s.find_last_not_of('=');
        if (s.empty() || body == std::string_view::npos) return false;
        for (std::size_t i = 0; i <= body; ++i) {
            char const c = s[i];
            bool const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                            c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
            if (!ok) return false;
        }
        return true;
    };
    std::string const alphabet = "aZ09-._~+/";
    std::size_t checked = 0, accepted = 0;
    for (std::size_t len = 0; len < 50; ++len) {
        std::string token;
        for (std::size_t k = 0; k < len; ++k) token += alphabet[k % alphabet.size()];
        for (std::size_t pad = 0; pad < 3; ++pad) {
            auto const padded = token + std::string(pad, '=');
            BOOST_TEST(is_b64token(padded) == by_the_grammar(padded), padded);
            for (std::size_t pos = 0; pos < padded.size(); ++pos) {
                for (int c = 0; c < 256; ++c) {
                    auto changed = padded;
                    changed[pos] = static_cast<char>(c);
                    bool const expected = by_the_grammar(changed);
                    if (is_b64token(changed) != expected) BOOST_TEST(is_b64token(changed) == expected, changed);
                    ++checked;
                    accepted += expected ? 1u : 0u;
                }
            }
        }
    }
    BOOST_TEST(checked > 900000u);
    BOOST_TEST(accepted > 10000u);  // both answers were exercised
    BOOST_TEST(accepted < checked / 2);
}

BOOST_AUTO_TEST_CASE(api_error_bodies) {
    auto nested = parse_api_error_body(response(403, R"({"error":{"message":"Invalid API key","code":"invalid_api_key","status":403}})"));
    BOOST_REQUIRE(nested);
    BOOST_TEST(nested->error == "invalid_api_key");
    BOOST_TEST(nested->error_description == "Invalid API key");
    BOOST_TEST(nested->status == 403u);
    auto numeric = parse_api_error_body(response(429, R"({"error":{"message":"Too many requests","code":429}})"));
    BOOST_REQUIRE(numeric);
    BOOST_TEST(numeric->error.empty());
    BOOST_TEST(numeric->error_description == "Too many requests");
    auto flat = parse_api_error_body(response(401, R"({"error":"invalid_token","error_description":"expired"})"));
    BOOST_REQUIRE(flat);
    BOOST_TEST(flat->error == "invalid_token");
    struct {
        char const* body;
        error expected;
    } const cases[] = {
        {"{}", error::missing_member},
        {R"({"error":5})", error::wrong_member_type},
        {R"({"error":[]})", error::wrong_member_type},
        {R"({"error":{}})", error::missing_member},
        {R"({"error":{"message":5}})", error::wrong_member_type},
        {R"({"error":{"message":"a","message":"b"}})", error::duplicate_member},
        {"<html>", error::malformed_json},
    };
    for (auto const& c : cases) {
        auto r = parse_api_error_body(response(400, c.body));
        BOOST_TEST(!r, c.body);
        if (!r) BOOST_TEST((r.error() == c.expected), c.body);
    }
    BOOST_TEST((parse_api_error_body(response(400, R"({"error":"x"})", "text/html")).error() == error::unexpected_content_type));
}

BOOST_AUTO_TEST_CASE(api_failures_prefer_the_bearer_challenge) {
    auto expired = response(401, R"({"error":{"message":"ignored"}})");
    expired.headers.append("WWW-Authenticate", R"(Bearer error="invalid_token", error_description="expired")");
    auto f = api_failure(expired);
    BOOST_TEST((f.code == error::invalid_token));
    BOOST_TEST(f.response->error_description == "expired");
    BOOST_TEST(f.response->status == 401u);

    // No token sent: a challenge without error (RFC 6750 §3.1), and the body says why.
    auto required = response(401, R"({"error":"auth_required","error_description":"send a token"})");
    required.headers.append("WWW-Authenticate", R"(Bearer resource_metadata="https://rs/.well-known/oauth-protected-resource")");
    auto r = api_failure(required);
    BOOST_TEST((r.code == error::oauth_error));
    BOOST_TEST(r.response->error == "auth_required");

    auto scope = response(403, "", "");
    scope.headers.append("WWW-Authenticate", R"(Bearer error="insufficient_scope", scope="jobs:write")");
    BOOST_TEST((api_failure(scope).code == error::insufficient_scope));

    BOOST_TEST((api_failure(response(500, "<html>", "text/html")).code == error::unexpected_status));
    auto garbage = response(401, "", "");
    garbage.headers.append("WWW-Authenticate", "Bearer error=\"unterminated");
    BOOST_TEST((api_failure(garbage).code == error::unexpected_status));
}

BOOST_AUTO_TEST_CASE(api_responses) {
    auto ok = parse_api_response(response(200, R"({"jobs":[{"id":1,"title":"C++ engineer"}]})"));
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->at("jobs").as_array().size() == 1u);
    BOOST_TEST(parse_api_response(response(201, "[]", "application/vnd.api+json")).has_value());
    BOOST_TEST((parse_api_response(response(200, "<html>", "text/html")).error().code == error::unexpected_content_type));
    BOOST_TEST((parse_api_response(response(200, R"({"a":1,"a":2})")).error().code == error::duplicate_member));
    auto denied = parse_api_response(response(403, R"({"error":{"message":"Forbidden"}})"));
    BOOST_TEST((denied.error().code == error::oauth_error));
    BOOST_TEST(denied.error().response->error_description == "Forbidden");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_api_key_test
