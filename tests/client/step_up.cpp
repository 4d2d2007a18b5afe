#include <authwire/client/step_up.hpp>

#include "oauth/support.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

namespace client_step_up_test {

using namespace authwire;
using namespace authwire::client;

http_response challenged(unsigned status, std::string www_authenticate) {
    auto r = test::response(status, R"({"error":"insufficient_scope","error_description":"x","scope":"body:scope"})");
    if (!www_authenticate.empty()) r.headers.append("WWW-Authenticate", www_authenticate);
    return r;
}

std::optional<scope_challenge> read(http_response const& r) { return parse_scope_challenge(r).value(); }

BOOST_AUTO_TEST_SUITE(client_step_up)

// RFC 6750 §3.1: a 403 insufficient_scope challenge, its parameters in any order and among others.
BOOST_AUTO_TEST_CASE(insufficient_scope_challenges) {
    auto const rm = "https://mcp.example.com/.well-known/oauth-protected-resource";
    for (std::string h :
         {std::string(R"(Bearer error="insufficient_scope", scope="files:read files:write", resource_metadata=")") + rm + "\"",
          std::string(R"(Bearer scope="files:read files:write", resource_metadata=")") + rm +
              R"(", error="insufficient_scope")",
          std::string(R"(Bearer realm="mcp", resource_metadata=")") + rm +
              R"(", error_description="File write permission required", scope="files:read files:write", error=insufficient_scope, x-extra="1")",
          std::string(R"(Basic realm="other", bearer error="insufficient_scope", scope="files:read files:write", resource_metadata=")") +
              rm + "\""}) {
        auto c = read(challenged(403, h));
        BOOST_REQUIRE_MESSAGE(c.has_value(), h);
        BOOST_TEST((c->reason == challenge_reason::insufficient_scope));
        BOOST_REQUIRE(c->scope);
        BOOST_TEST((*c->scope == oauth::scope_set{"files:read", "files:write"}));
        BOOST_TEST(c->resource_metadata.value() == rm);
        BOOST_REQUIRE(c->error);
        BOOST_TEST(c->error->error == "insufficient_scope");
        BOOST_TEST(c->error->status == 403u);
    }
    // The scope comes from the challenge only, never from the body.
    auto no_scope = read(challenged(403, R"(Bearer error="insufficient_scope")"));
    BOOST_REQUIRE(no_scope);
    BOOST_TEST(!no_scope->scope);
    // A malformed scope or header on a 403 is an error, not a guess.
    BOOST_TEST((parse_scope_challenge(challenged(403, R"(Bearer error="insufficient_scope", scope="a  b")")).error() ==
                error::malformed_header));
    BOOST_TEST((parse_scope_challenge(challenged(403, R"(Bearer error="insufficient_scope", scope="a)")).error() ==
                error::malformed_header));
}

// A 403 for another reason, or any other status, is no authorization challenge: authorizing again won't help.
BOOST_AUTO_TEST_CASE(not_a_challenge) {
    BOOST_TEST(!read(challenged(403, "")));
    BOOST_TEST(!read(challenged(403, R"(Bearer error="invalid_request")")));
    BOOST_TEST(!read(challenged(403, R"(Basic realm="x")")));
    BOOST_TEST(!read(challenged(200, R"(Bearer error="insufficient_scope", scope="a")")));
    BOOST_TEST(!read(challenged(400, R"(Bearer error="invalid_request")")));
}

// A 401 — no token, or error="invalid_token" with a scope — is handled like the initial challenge.
BOOST_AUTO_TEST_CASE(unauthorized_is_the_initial_challenge) {
    auto c = read(challenged(401, R"(Bearer error="invalid_token", scope="mcp:basic", resource_metadata="https://rs/prm")"));
    BOOST_REQUIRE(c);
    BOOST_TEST((c->reason == challenge_reason::authorization_required));
    BOOST_TEST(c->scope.value().to_string() == "mcp:basic");
    BOOST_TEST(c->error.value().error == "invalid_token");
    auto bare = read(challenged(401, "Bearer"));
    BOOST_REQUIRE(bare);
    BOOST_TEST((bare->reason == challenge_reason::authorization_required));
    BOOST_TEST(!bare->scope);
    BOOST_TEST(!bare->error);
    // A broken header on a 401 does not hide the 401.
    auto broken = read(challenged(401, R"(Bearer scope="unterminated)"));
    BOOST_REQUIRE(broken);
    BOOST_TEST(!broken->scope);
    BOOST_TEST(read(challenged(401, "")).has_value());
}

// MCP "Step-Up Authorization Flow" step 2: the union of what was requested and what is challenged.
BOOST_AUTO_TEST_CASE(step_up_scope_is_the_union) {
    auto const u = step_up_scope({"mcp:basic", "files:read"}, {"files:read", "files:write"});
    BOOST_TEST(u.to_string() == "mcp:basic files:read files:write");
    BOOST_TEST(step_up_scope({}, {"a"}).to_string() == "a");
    BOOST_TEST(step_up_scope({"a"}, {}).to_string() == "a");
}

// The conformance suite's auth/scope-step-up: 401 mcp:basic, then 403 for mcp:basic mcp:write.
BOOST_AUTO_TEST_CASE(policy_steps_up) {
    step_up_policy policy;
    auto first = read(challenged(401, R"(Bearer scope="mcp:basic", resource_metadata="https://rs/prm")")).value();
    auto s1 = policy.authorize("tools/call", first, {});
    BOOST_TEST(s1.value().to_string() == "mcp:basic");
    auto more = read(challenged(403, R"(Bearer scope="mcp:basic mcp:write", error="insufficient_scope")")).value();
    auto s2 = policy.authorize("tools/call", more, *s1);
    BOOST_TEST(s2.value().to_string() == "mcp:basic mcp:write");
    BOOST_TEST(policy.attempts("tools/call") == 2u);
    policy.succeeded("tools/call");
    BOOST_TEST(policy.attempts("tools/call") == 0u);
    // A 401 without a scope keeps what was chosen before (select_scope's answer).
    auto bare = read(challenged(401, "Bearer")).value();
    BOOST_TEST(policy.authorize("tools/list", bare, {"mcp:basic"}).value().to_string() == "mcp:basic");
    // A 403 that names no scope cannot be stepped up.
    auto vague = read(challenged(403, R"(Bearer error="insufficient_scope")")).value();
    BOOST_TEST((policy.authorize("tools/list", vague, {"mcp:basic"}).error() == error::missing_member));
}

// The conformance suite's auth/scope-retry-limit: a server that always answers 403 gets three authorizations
// for the operation, then a clear error — per operation, and again after a success.
BOOST_AUTO_TEST_CASE(policy_limits_attempts) {
    step_up_policy policy;
    BOOST_TEST(policy.max_attempts() == 3u);
    auto const never = read(challenged(403, R"(Bearer error="insufficient_scope", scope="mcp:admin", error_description="Scope upgrade will never succeed")")).value();
    oauth::scope_set held{"mcp:admin"};
    for (int i = 0; i < 3; ++i) BOOST_TEST(policy.authorize("tools/call", never, held).has_value());
    auto refused = policy.authorize("tools/call", never, held);
    BOOST_TEST((refused.error() == error::too_many_attempts));
    BOOST_TEST((refused.error() == condition::policy_rejection));
    BOOST_TEST(policy.attempts("tools/call") == 3u);  // the refused one is not counted
    BOOST_TEST(policy.authorize("tools/list", never, held).has_value());  // another operation has its own count
    policy.succeeded("tools/call");
    BOOST_TEST(policy.authorize("tools/call", never, held).has_value());

    step_up_policy once(1);
    BOOST_TEST(once.authorize("op", never, held).has_value());
    BOOST_TEST((once.authorize("op", never, held).error() == error::too_many_attempts));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_step_up_test
