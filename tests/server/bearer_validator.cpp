#include <authwire/server/bearer_validator.hpp>

#include "clock_support.hpp"

#include <authwire/client/step_up.hpp>
#include <authwire/core/json.hpp>
#include <authwire/oauth/www_authenticate.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace server_bearer_validator_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;

constexpr char resource[] = "https://mcp.example/mcp";
constexpr char metadata_url[] = "https://mcp.example/.well-known/oauth-protected-resource/mcp";

jwt_access_token_format make_format(char fill) {
    jose::jws_key_ring s;
    jose::jwe_key_ring e;
    BOOST_REQUIRE(s.rotate_to(jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, fill)), std::string("s1")).value(),
                                                  jose::jws_algorithm::HS256)
                                  .value()));
    BOOST_REQUIRE(e.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, char(fill + 1))),
                                                                         std::string("e1")).value(),
                                                  jose::jwe_algorithm::dir)
                                  .value()));
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    return jwt_access_token_format::make(s, e, o).value();
}

access_token_grant grant(std::string aud = resource) {
    access_token_grant g;
    g.subject = "alice";
    g.client_id = "mcp-client-42";
    g.scope = "mcp:read profile";
    g.audience = {std::move(aud)};
    g.family_id = "fam-1";
    g.claims["api_key"] = "rp_live_3f9a8c1d2e7b4a60";
    return g;
}

http_request request_with(std::optional<std::string> authorization) {
    http_request r;
    r.method = "POST";
    r.url = boost::urls::url("https://mcp.example/mcp");
    if (authorization) r.headers.append("Authorization", *authorization);
    return r;
}

struct fixture {
    jwt_access_token_format format = make_format('a');
    memory_revocation_store revocations;
    bearer_validator<jwt_access_token_format, memory_revocation_store> validator{format, revocations,
                                                                                 {resource, metadata_url}};
    std::string token(access_token_grant const& g = grant(), clock_type::time_point at = t0) {
        return std::string(format.issue(g, at).value().access_token.reveal());
    }
};

// Check status, the exact challenge, the JSON body and the no-store headers of a rejection.
void check_rejection(bearer_result const& r, unsigned status, std::string const& challenge,
                     std::string const& body) {
    BOOST_REQUIRE(!r);
    auto const& resp = r.error().response;
    BOOST_TEST(resp.status == status);
    BOOST_TEST(r.error().status == status);
    BOOST_TEST(resp.header("WWW-Authenticate").value_or("") == challenge);
    BOOST_TEST(resp.headers.count("WWW-Authenticate") == 1u);
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
    BOOST_TEST(resp.content_type() == "application/json");
    BOOST_TEST(resp.body == body);
}

BOOST_AUTO_TEST_SUITE(server_bearer_validator)

BOOST_AUTO_TEST_CASE(no_token_is_401_with_resource_metadata_and_no_error) {
    fixture f;
    auto r = f.validator.validate(request_with(std::nullopt), t0);
    check_rejection(r, 401, R"(Bearer resource_metadata=")" + std::string(metadata_url) + "\"",
                    R"({"error":"auth_required","error_description":"a bearer token is required"})");
    BOOST_TEST((r.error().code == error::missing_argument));
    BOOST_TEST(r.error().error.empty());
    // The client side reads it as a challenge with resource_metadata and no error (RFC 6750 §3.1, RFC 9728 §5.1).
    auto challenges = oauth::parse_www_authenticate(r.error().response).value();
    BOOST_REQUIRE(challenges.size() == 1u);
    BOOST_TEST(challenges[0].is("bearer"));
    BOOST_TEST(challenges[0].param("resource_metadata").value() == metadata_url);
    BOOST_TEST(!oauth::challenge_error(challenges[0], 401).has_value());

    // Other schemes are not Bearer authentication: the same answer.
    check_rejection(f.validator.validate(request_with("Basic YWxpY2U6c2VjcmV0"), t0), 401,
                    R"(Bearer resource_metadata=")" + std::string(metadata_url) + "\"",
                    R"({"error":"auth_required","error_description":"a bearer token is required"})");
    // Without a metadata URL the challenge is bare.
    bearer_validator<jwt_access_token_format, memory_revocation_store> bare{f.format, f.revocations, {resource, ""}};
    BOOST_TEST(bare.validate(request_with(std::nullopt), t0).error().response.header("WWW-Authenticate").value() ==
               "Bearer");
}

BOOST_AUTO_TEST_CASE(tokens_in_the_query_or_body_are_ignored) {
    fixture f;
    auto const t = f.token();
    auto q = request_with(std::nullopt);
    q.url.params().append({"access_token", t});
    BOOST_TEST(f.validator.validate(q, t0).error().error.empty());
    auto b = request_with(std::nullopt);
    b.headers.append("Content-Type", "application/x-www-form-urlencoded");
    b.body = "access_token=" + t;
    BOOST_TEST(f.validator.validate(b, t0).error().status == 401u);
    BOOST_TEST(f.validator.validate(b, t0).error().error.empty());
}

BOOST_AUTO_TEST_CASE(a_valid_token_yields_the_identity) {
    fixture f;
    auto const t = f.token();
    for (auto const& h : {"Bearer " + t, "bearer " + t, "BEARER   " + t, "  Bearer " + t + " "}) {
        auto r = f.validator.validate(request_with(h), t0 + 5min, "mcp:read");
        BOOST_REQUIRE(r);
        BOOST_TEST(r->subject == "alice");
        BOOST_TEST(r->client_id == "mcp-client-42");
        BOOST_TEST(r->scope == "mcp:read profile");
        BOOST_TEST(r->has_scope("profile"));
        BOOST_TEST(!r->has_scope("mcp"));
        BOOST_TEST(r->scopes().size() == 2u);
        BOOST_TEST((r->expires_at == t0 + 1h));
        BOOST_TEST(r->resource == resource);
        BOOST_TEST(r->issuer == "https://as.example");
        BOOST_TEST(r->family_id == "fam-1");
        BOOST_TEST(!r->jti.empty());
        BOOST_TEST(r->claims.at("api_key").as_string() == "rp_live_3f9a8c1d2e7b4a60");
    }
    // Several required scope tokens, all present; none required.
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "profile mcp:read").has_value());
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0).has_value());
}

BOOST_AUTO_TEST_CASE(malformed_credentials_are_400_invalid_request) {
    fixture f;
    auto const t = f.token();
    auto const challenge = R"(Bearer error="invalid_request", error_description="malformed Authorization header", )"
                           R"(resource_metadata=")" + std::string(metadata_url) + "\"";
    auto const body = R"({"error":"invalid_request","error_description":"malformed Authorization header"})";
    for (auto const& h : {std::string("Bearer"), std::string("Bearer "), "Bearer " + t + " " + t, "Bearer " + t + ",x",
                          "Bearer " + t + "\"", std::string("Bearer ==="), std::string("Bearer a=b")}) {
        BOOST_TEST_INFO(h);
        check_rejection(f.validator.validate(request_with(h), t0), 400, challenge, body);
    }
    auto two = request_with("Bearer " + t);
    two.headers.append("Authorization", "Bearer " + t);
    check_rejection(f.validator.validate(two, t0), 400, challenge, body);
}

BOOST_AUTO_TEST_CASE(bad_tokens_are_401_invalid_token_with_a_description) {
    fixture f;
    auto expect = [&](bearer_result const& r, std::string const& description, error e) {
        check_rejection(r, 401,
                        R"(Bearer error="invalid_token", error_description=")" + description +
                            R"(", resource_metadata=")" + metadata_url + "\"",
                        R"({"error":"invalid_token","error_description":")" + description + "\"}");
        BOOST_TEST((r.error().code == e));
        BOOST_TEST(r.error().error == "invalid_token");
        BOOST_TEST(r.error().error_description == description);
        // The client side parses the same error out of the challenge.
        auto ch = oauth::parse_www_authenticate(r.error().response).value();
        auto err = oauth::challenge_error(ch.at(0), 401);
        BOOST_REQUIRE(err.has_value());
        BOOST_TEST(err->error == "invalid_token");
        BOOST_TEST(err->error_description == description);
    };
    auto const t = f.token();
    expect(f.validator.validate(request_with("Bearer " + t), t0 + 1h), "expired", error::token_expired);
    expect(f.validator.validate(request_with("Bearer " + f.token(grant("https://other.example/api"))), t0),
           "wrong audience", error::wrong_audience);
    auto const foreign = make_format('x').issue(grant(), t0).value();
    expect(f.validator.validate(request_with("Bearer " + std::string(foreign.access_token.reveal())), t0),
           "decryption failed", error::decryption_failed);
    expect(f.validator.validate(request_with("Bearer abc"), t0), "malformed", error::malformed_token);
    expect(f.validator.validate(request_with("Bearer a.b.c"), t0), "not an access token", error::wrong_token_type);
    expect(f.validator.validate(request_with("Bearer " + t), t0 - 10s), "not yet valid", error::token_not_yet_valid);
}

BOOST_AUTO_TEST_CASE(revoked_tokens_and_families_are_refused) {
    fixture f;
    auto const issued = f.format.issue(grant(), t0).value();
    auto const h = "Bearer " + std::string(issued.access_token.reveal());
    BOOST_TEST(f.validator.validate(request_with(h), t0).has_value());
    BOOST_REQUIRE(f.revocations.revoke_jti(issued.jti, issued.expires_at));
    auto r = f.validator.validate(request_with(h), t0);
    BOOST_TEST(r.error().error_description == "revoked");
    BOOST_TEST((r.error().code == error::token_revoked));

    fixture g;
    auto const other = "Bearer " + g.token();
    BOOST_REQUIRE(g.revocations.revoke_family("fam-1", t0 + 1h));
    BOOST_TEST(g.validator.validate(request_with(other), t0).error().error_description == "revoked");
    // A token of another family is unaffected.
    auto g2 = grant();
    g2.family_id = "fam-2";
    BOOST_TEST(g.validator.validate(request_with("Bearer " + g.token(g2)), t0).has_value());
}

// A revocation store that cannot answer.
struct broken_revocation_store {
    result<void> revoke_family(std::string_view, clock_type::time_point) { return error::server_error; }
    result<void> revoke_jti(std::string_view, clock_type::time_point) { return error::server_error; }
    result<bool> is_revoked(std::string_view, std::string_view, clock_type::time_point) const noexcept {
        return error::temporarily_unavailable;
    }
};
static_assert(revocation_store<broken_revocation_store>);

BOOST_AUTO_TEST_CASE(a_failing_revocation_store_fails_closed) {
    auto const format = make_format('a');
    broken_revocation_store store;
    bearer_validator<jwt_access_token_format, broken_revocation_store> v{format, store, {resource, metadata_url}};
    auto const t = std::string(format.issue(grant(), t0).value().access_token.reveal());
    auto r = v.validate(request_with("Bearer " + t), t0);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().status == 401u);
    BOOST_TEST(r.error().error == "invalid_token");
    BOOST_TEST(r.error().error_description == "revocation status unavailable");
    BOOST_TEST((r.error().code == error::temporarily_unavailable));
}

BOOST_AUTO_TEST_CASE(missing_scope_is_403_insufficient_scope) {
    fixture f;
    auto const t = f.token();
    auto r = f.validator.validate(request_with("Bearer " + t), t0, "mcp:write");
    check_rejection(r, 403,
                    R"(Bearer error="insufficient_scope", error_description="insufficient scope", scope="mcp:write", )"
                    R"(resource_metadata=")" + std::string(metadata_url) + "\"",
                    R"({"error":"insufficient_scope","error_description":"insufficient scope","scope":"mcp:write"})");
    BOOST_TEST((r.error().code == error::insufficient_scope));
    BOOST_TEST(r.error().scope == "mcp:write");
    // One of two required tokens missing; a prefix of a granted token is not the token.
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "mcp:read mcp:write").error().status == 403u);
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "mcp").error().status == 403u);
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "prof").error().status == 403u);
}

// A refusal of the caller's own input: 500, code invalid_argument, no challenge at all.
void check_refused_call(bearer_rejection const& r, std::string_view context) {
    BOOST_TEST(r.status == 500u, context);
    BOOST_TEST(r.response.status == 500u, context);
    BOOST_TEST((r.code == error::invalid_argument), context);
    BOOST_TEST(!r.response.header("WWW-Authenticate").has_value(),
               context << ": " << r.response.header("WWW-Authenticate").value_or(""));
}

// Issue 12, RFC 6750 §3 / RFC 6749 §3.3: the required scope goes into the challenge, where a '"' (or a '\', a
// control or non-ASCII byte) is not allowed. It is checked on every call — whether the token has it or not, and
// before any token is looked at — and a malformed one refuses the request (500) instead of shaping the header.
BOOST_AUTO_TEST_CASE(a_malformed_required_scope_is_refused_at_call_time) {
    fixture f;
    auto const t = f.token();
    for (std::string_view bad : {"mcp:read\" x", "mcp:read\"", "a\\b", "mcp:read  profile", " mcp:read", "mcp:read ",
                                 "mcp:read\tprofile", "caf\xc3\xa9", "mcp:read\r\nX-Injected: 1"}) {
        auto r = f.validator.validate(request_with("Bearer " + t), t0, bad);
        BOOST_TEST_REQUIRE(!r, bad);
        check_refused_call(r.error(), bad);
        check_refused_call(f.validator.validate(request_with(std::nullopt), t0, bad).error(), bad);  // no token
        check_refused_call(f.validator.validate_token(t, t0, bad).error(), bad);
    }
    // Well-formed scopes behave as before: granted, or 403 with the scope in the challenge.
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "mcp:read profile").has_value());
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "").has_value());
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "mcp:write").error().status == 403u);
}

// Issue 12: the challenge builder never sends what RFC 6750 §3 forbids inside its quoted strings — error and
// error_description (%x20-21 / %x23-5B / %x5D-7E), scope (scope tokens), resource_metadata (a URI): it refuses
// instead (500, no challenge), rather than escape into an attribute a Bearer client cannot read.
BOOST_AUTO_TEST_CASE(the_challenge_builder_refuses_what_a_quoted_string_must_not_hold) {
    check_refused_call(make_bearer_rejection(error::invalid_token, 401, "invalid_token", R"(the "bad" token)", {},
                                             metadata_url), "quote in description");
    check_refused_call(
        make_bearer_rejection(error::invalid_token, 401, "invalid_token", "back\\slash", {}, metadata_url),
        "backslash in description");
    check_refused_call(make_bearer_rejection(error::invalid_token, 401, "invalid\"token", "x", {}, metadata_url),
                       "quote in error");
    check_refused_call(make_bearer_rejection(error::insufficient_scope, 403, "insufficient_scope", "x", "a\"b",
                                             metadata_url), "quote in scope");
    check_refused_call(make_bearer_rejection(error::missing_argument, 401, {}, "x", {}, "https://rs.example/\"x"),
                       "quote in resource_metadata");
    check_refused_call(make_bearer_rejection(error::missing_argument, 401, {}, "caf\xc3\xa9", {}, metadata_url),
                       "non-ASCII description");
    // A validator configured with such a URL refuses every challenge rather than send a broken one.
    fixture f;
    bearer_validator<jwt_access_token_format, memory_revocation_store> broken{
        f.format, f.revocations, {resource, "https://mcp.example/\"meta"}};
    check_refused_call(broken.challenge(), "configured resource_metadata");
    // What RFC 6750 allows still goes through, spaces in a description included.
    auto ok = make_bearer_rejection(error::invalid_token, 401, "invalid_token", "token expired at 12:00 (UTC)!", {},
                                    metadata_url);
    BOOST_TEST(
        ok.response.header("WWW-Authenticate").value() ==
        R"(Bearer error="invalid_token", error_description="token expired at 12:00 (UTC)!", resource_metadata=")" +
            std::string(metadata_url) + "\"");
}

// Issue 14, MCP 2025-11-25 "Scope Selection Strategy": configured, every 401 challenge names the scope to ask
// for — the resource's baseline, and (when asked) the scope the attempted operation needs — in the challenge
// and the body; the client side reads it back. Not configured, nothing changes (the tests above).
BOOST_AUTO_TEST_CASE(a_configured_scope_goes_into_every_401_challenge) {
    fixture f;
    bearer_validator_config cfg{resource, metadata_url};
    cfg.challenge_scope = "mcp:read";
    bearer_validator<jwt_access_token_format, memory_revocation_store> v{f.format, f.revocations, cfg};
    auto const meta = R"(resource_metadata=")" + std::string(metadata_url) + "\"";

    auto none = v.validate(request_with(std::nullopt), t0, "mcp:write");
    check_rejection(none, 401, R"(Bearer scope="mcp:read", )" + meta,
                    R"({"error":"auth_required","error_description":"a bearer token is required","scope":"mcp:read"})");
    BOOST_TEST(none.error().scope == "mcp:read");
    auto read = client::parse_scope_challenge(none.error().response).value().value();
    BOOST_TEST((read.reason == client::challenge_reason::authorization_required));
    BOOST_TEST(read.scope.value().to_string() == "mcp:read");
    BOOST_TEST(read.resource_metadata.value() == metadata_url);
    BOOST_TEST(v.challenge().response.header("WWW-Authenticate").value() == R"(Bearer scope="mcp:read", )" + meta);

    // An invalid token: the same scope after error and error_description.
    auto const expired = v.validate(request_with("Bearer " + f.token()), t0 + 2h, "mcp:read");
    check_rejection(expired, 401,
                    R"(Bearer error="invalid_token", error_description="expired", scope="mcp:read", )" + meta,
                    R"({"error":"invalid_token","error_description":"expired","scope":"mcp:read"})");
    auto revoked = grant();
    revoked.family_id = "fam-revoked";
    f.revocations.revoke_family("fam-revoked", t0 + 1h).value();
    BOOST_TEST(
        v.validate(request_with("Bearer " + f.token(revoked)), t0).error().response.header("WWW-Authenticate").value() ==
        R"(Bearer error="invalid_token", error_description="revoked", scope="mcp:read", )" + meta);
    // A malformed credential is 400 invalid_request, no scope.
    BOOST_TEST(v.validate(request_with("Bearer a b"), t0).error().scope.empty());

    // With the operation's scope: the baseline then what the operation needs, each token once.
    cfg.challenge_with_required_scope = true;
    bearer_validator<jwt_access_token_format, memory_revocation_store> op{f.format, f.revocations, cfg};
    BOOST_TEST(op.validate(request_with(std::nullopt), t0, "mcp:write mcp:read").error().scope ==
               "mcp:read mcp:write");
    BOOST_TEST(op.challenge("mcp:write").scope == "mcp:read mcp:write");
    BOOST_TEST(op.validate(request_with(std::nullopt), t0).error().scope == "mcp:read");
    cfg.challenge_scope.clear();
    bearer_validator<jwt_access_token_format, memory_revocation_store> only_op{f.format, f.revocations, cfg};
    BOOST_TEST(only_op.validate(request_with(std::nullopt), t0, "mcp:write").error().scope == "mcp:write");
    BOOST_TEST(only_op.validate(request_with(std::nullopt), t0).error().response.header("WWW-Authenticate").value() ==
               "Bearer " + meta);

    // A configured scope that is not scope tokens refuses every challenge instead of shaping the header.
    for (std::string_view bad : {"mcp:read\"", "a  b", "caf\xc3\xa9", "x\r\ny"}) {
        bearer_validator_config broken{resource, metadata_url};
        broken.challenge_scope = bad;
        bearer_validator<jwt_access_token_format, memory_revocation_store> b{f.format, f.revocations, broken};
        check_refused_call(b.challenge(), bad);
        check_refused_call(b.validate(request_with(std::nullopt), t0).error(), bad);
        check_refused_call(b.validate(request_with("Bearer " + f.token()), t0 + 2h).error(), bad);
        BOOST_TEST(b.validate(request_with("Bearer " + f.token()), t0, "profile").has_value());  // no challenge
    }
}

// Issue 14, MCP 2025-11-25 "Scope Challenge Handling": a 403 may name the granted scope too, so that a client
// re-authorizing with exactly the challenged scope keeps what it had; the client's step-up scope is the same.
BOOST_AUTO_TEST_CASE(insufficient_scope_can_name_the_granted_scope_too) {
    fixture f;
    bearer_validator_config cfg{resource, metadata_url};
    cfg.insufficient_scope_with_granted = true;
    bearer_validator<jwt_access_token_format, memory_revocation_store> v{f.format, f.revocations, cfg};
    auto const t = f.token();  // "mcp:read profile"
    auto r = v.validate(request_with("Bearer " + t), t0, "mcp:write profile");
    check_rejection(r, 403,
                    R"(Bearer error="insufficient_scope", error_description="insufficient scope", )"
                    R"(scope="mcp:read profile mcp:write", resource_metadata=")" + std::string(metadata_url) + "\"",
                    R"({"error":"insufficient_scope","error_description":"insufficient scope",)"
                    R"("scope":"mcp:read profile mcp:write"})");
    auto c = client::parse_scope_challenge(r.error().response).value().value();
    BOOST_TEST((c.reason == client::challenge_reason::insufficient_scope));
    auto const next = client::step_up_scope(oauth::scope_set{"mcp:read"}, *c.scope);
    BOOST_TEST(next.to_string() == "mcp:read profile mcp:write");
    // Enough scope: no challenge at all. The default (the test above) names the required scope only.
    BOOST_TEST(v.validate(request_with("Bearer " + t), t0, "profile").has_value());
    BOOST_TEST(f.validator.validate(request_with("Bearer " + t), t0, "mcp:write profile").error().scope ==
               "mcp:write profile");
}

BOOST_AUTO_TEST_CASE(works_with_opaque_tokens_too) {
    memory_access_token_store tokens;
    opaque_access_token_format<memory_access_token_store> format(tokens, {"https://as.example", 1h});
    memory_revocation_store revocations;
    bearer_validator<opaque_access_token_format<memory_access_token_store>, memory_revocation_store> v{
        format, revocations, {resource, metadata_url}};
    auto const issued = format.issue(grant(), t0).value();
    auto const h = "Bearer " + std::string(issued.access_token.reveal());
    BOOST_TEST(v.validate(request_with(h), t0, "mcp:read").value().subject == "alice");
    BOOST_TEST(v.validate(request_with("Bearer " + std::string(43, 'A')), t0).error().error_description ==
               "unknown token");
    BOOST_TEST(v.validate(request_with(h), t0 + 1h).error().error_description == "expired");
}

BOOST_AUTO_TEST_CASE(value_throws_the_rejection) {
    fixture f;
    auto r = f.validator.validate(request_with(std::nullopt), t0);
    try {
        (void)r.value();
        BOOST_FAIL("value() did not throw");
    } catch (bearer_exception const& e) {
        BOOST_TEST(e.why().response.status == 401u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_bearer_validator_test

namespace server_bearer_scratch_test {

using namespace authwire;
using namespace authwire::server;

auto const at = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

bool same_members(boost::json::object const& a, boost::json::object const& b) {
    return boost::json::serialize(a) == boost::json::serialize(b);  // content and order
}

// Access tokens minted by hand with the format's keys, so that the Claims Set can have any shape: flat ones (the
// custom claims kept unbuilt by the scratch overloads) in several member orders, and others that take the
// streaming or the general path.
struct hand_minted {
    jose::jws_key sig = jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, '\x42')),
                                                                   std::string("s1")).value(),
                                            jose::jws_algorithm::HS256)
                            .value();
    jose::jwe_key enc = jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, '\x17')),
                                                                   std::string("e1")).value(),
                                            jose::jwe_algorithm::dir)
                            .value();
    jose::jws_signer signer = jose::jws_signer::make(sig).value();
    jose::jwe_encrypter encrypter = jose::make_nested_encrypter(enc, jose::jwe_encryption::A256GCM, "at+jwt").value();
    jose::jws_key_ring signing;
    jose::jwe_key_ring encryption;
    std::optional<jwt_access_token_format> format;
    memory_revocation_store revocations;
    std::optional<bearer_validator<jwt_access_token_format, memory_revocation_store>> validator;

    hand_minted() {
        (void)signing.rotate_to(sig);
        (void)encryption.rotate_to(enc);
        jwt_access_token_options o;
        o.issuer = "https://as.example";
        format.emplace(jwt_access_token_format::make(signing, encryption, o).value());
        validator.emplace(*format, revocations,
                          bearer_validator_config{"https://rs.example/mcp",
                                                  "https://rs.example/.well-known/oauth-protected-resource/mcp"});
    }
    std::string token(std::string const& claims) const {
        return encrypter.encrypt(signer.sign(claims, boost::json::object{{"typ", "at+jwt"}}).value()).value();
    }
    static std::vector<std::string> claims_texts() {
        std::string const reg =
            R"("iss":"https://as.example","sub":"u1","aud":"https://rs.example/mcp","exp":1767225600,)"
            R"("iat":1767222000,"jti":"j1")";
        return {
            "{" + reg + R"(,"client_id":"c1","scope":"mcp read","fid":"f1","api_key":"k1","n":[1,null]})",
            R"({"api_key":"k1","scope":"mcp","x":true,"client_id":"c1",)" + reg + R"(,"y":-3,"fid":"f1","z":"é"})",
            R"({"fid":"f1","a":1,"b":2,"client_id":"c1","c":3,"d":4,)" + reg + R"(,"scope":"mcp"})",
            "{" + reg + R"(,"client_id":"c1","scope":"mcp","a":"1","b":"2","c":"3"})",
            "{" + reg + R"(,"client_id":"c1"})",  // no scope: insufficient
            "{" + reg + R"(,"scope":"mcp"})",     // no client_id
            "{" + reg + R"(,"client_id":"c1","scope":["mcp"]})",
            "{" + reg + R"(,"client_id":7,"scope":"mcp"})",
            "{" + reg + R"(,"client_id":"c1","scope":"mcp","fid":null})",
            "{" + reg + R"(,"client_id":"c\"1","scope":"mcp","k":"v"})",        // streaming path
            "{" + reg + R"(,"client_id":"c1","scope":"mcp","o":{"k":"v"},"m":2})",  // nested object
            "{" + reg + R"(,"client_id":"c1","scope":"mcp","d":2.5})",
            "{" + reg + R"(,"client_id":"c1","scope":"mcp","scope":"mcp"})",     // duplicate
        };
    }
};

BOOST_AUTO_TEST_SUITE(bearer_scratch_deferred_custom_claims)

// identity_without_claims() (custom claims not built) and identity() (built on access) against the by-value
// validate, the order of the custom claims included.
BOOST_AUTO_TEST_CASE(identity_and_identity_without_claims_equal_the_by_value_identity) {
    hand_minted h;
    bearer_scratch<access_token_scratch> scratch;
    int accepted = 0;
    for (auto const& text : hand_minted::claims_texts()) {
        BOOST_TEST_CONTEXT(text) {
            auto const token = h.token(text);
            auto const eager = h.validator->validate_token(token, at, "mcp");
            auto const lazy = h.validator->validate_token(token, at, "mcp", scratch);
            BOOST_REQUIRE(eager.has_value() == lazy.has_value());
            if (!eager) {
                BOOST_TEST(eager.error().code == lazy.error().code);
                BOOST_TEST(eager.error().error_description == lazy.error().error_description);
                continue;
            }
            ++accepted;
            auto const& core = scratch.identity_without_claims();
            BOOST_TEST((core.subject == eager->subject && core.client_id == eager->client_id &&
                        core.scope == eager->scope && core.expires_at == eager->expires_at &&
                        core.resource == eager->resource && core.issuer == eager->issuer && core.jti == eager->jti &&
                        core.family_id == eager->family_id));
            BOOST_TEST(same_members(scratch.identity().claims, eager->claims));
            BOOST_TEST(same_members(scratch.identity().claims, eager->claims));
            BOOST_TEST(same_members(scratch.identity_without_claims().claims, eager->claims));
        }
    }
    BOOST_TEST(accepted >= 7);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_bearer_scratch_test
