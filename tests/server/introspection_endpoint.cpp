#include <authwire/server/introspection_endpoint.hpp>
#include <authwire/server/metadata_documents.hpp>

#include "issued_tokens_support.hpp"

#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/token_type_hint.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace server_introspection_endpoint_test {

using namespace endpoint_test;
using namespace std::chrono_literals;

http_response introspect(authorization_server& as, std::string_view token, std::string_view hint,
                         oauth::client_authentication const& auth, clock_type::time_point now = t0,
                         introspection_policy const& policy = {}) {
    auto req = oauth::make_introspection_request("https://as.example/introspect", secret(token), hint, auth);
    BOOST_REQUIRE(req);
    return handle_introspection_request(*req, now, as.clients, as.refresh_tokens, as.revocations, as.format, as.config,
                                        policy);
}

// Parsed with the client side; an inactive answer must be exactly {"active":false}.
oauth::introspection_response parsed(http_response const& resp) {
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
    auto r = oauth::parse_introspection_response(resp);
    BOOST_REQUIRE(r);
    if (!r->active) BOOST_TEST(resp.body == R"({"active":false})");
    return std::move(*r);
}

BOOST_AUTO_TEST_SUITE(server_introspection_endpoint)

BOOST_AUTO_TEST_CASE(an_active_access_token) {
    authorization_server as;
    auto g = as.grant();
    auto r = parsed(introspect(as, g.access.access_token.reveal(), oauth::token_type_hint::access_token, app_auth(),
                               t0 + 10min));
    BOOST_TEST(r.active);
    BOOST_TEST(r.token_type.value() == "Bearer");
    BOOST_TEST(r.client_id.value() == "app");
    BOOST_TEST(r.sub.value() == "alice");
    BOOST_TEST(r.scope->contains("mcp:read"));
    BOOST_TEST(r.aud == std::vector<std::string>{"https://mcp.example/mcp"});
    BOOST_TEST(r.iss.value() == "https://as.example");
    BOOST_TEST((r.exp.value() == g.access.expires_at));
    BOOST_TEST((r.iat.value() == t0));
    BOOST_TEST(r.jti.value() == g.access.jti);
}

BOOST_AUTO_TEST_CASE(an_active_refresh_token_and_a_rotated_one) {
    authorization_server as;
    auto g = as.grant();
    auto r = parsed(introspect(as, g.refresh_token.reveal(), oauth::token_type_hint::refresh_token, app_auth()));
    BOOST_TEST(r.active);
    BOOST_TEST(!r.token_type.has_value());
    BOOST_TEST(r.client_id.value() == "app");
    BOOST_TEST(r.sub.value() == "alice");
    BOOST_TEST(r.aud == std::vector<std::string>{"https://mcp.example/mcp"});
    BOOST_TEST((r.exp.value() == t0 + as.config.refresh_tokens.lifetime));
    // The wrong hint does not hide it.
    BOOST_TEST(parsed(introspect(as, g.refresh_token.reveal(), oauth::token_type_hint::access_token, app_auth())).active);
    // After rotation the spent token is inactive, its successor active.
    auto next = rotate_refresh_token(as.refresh_tokens, as.revocations, g.refresh_token.reveal(), "app", t0 + 1s,
                                     as.config.refresh_tokens);
    BOOST_REQUIRE(next);
    BOOST_TEST(!parsed(introspect(as, g.refresh_token.reveal(), {}, app_auth(), t0 + 2s)).active);
    BOOST_TEST(parsed(introspect(as, next->refresh_token.reveal(), {}, app_auth(), t0 + 2s)).active);
}

// Issue 12, RFC 7662 §2.2: `exp` is when the token stops being active — its own 30 days, or the end of its
// grant (family_lifetime) when that comes first; and a rotated successor is bounded the same way.
BOOST_AUTO_TEST_CASE(a_refresh_token_expires_no_later_than_its_grant) {
    authorization_server as;
    as.config.refresh_tokens.family_lifetime = std::chrono::hours(24 * 7);
    auto g = as.grant();
    auto r = parsed(introspect(as, g.refresh_token.reveal(), oauth::token_type_hint::refresh_token, app_auth()));
    BOOST_TEST(r.active);
    BOOST_TEST((r.exp.value() == t0 + std::chrono::hours(24 * 7)));
    auto next = rotate_refresh_token(as.refresh_tokens, as.revocations, g.refresh_token.reveal(), "app", t0 + 24h,
                                     as.config.refresh_tokens);
    BOOST_REQUIRE(next);
    r = parsed(introspect(as, next->refresh_token.reveal(), {}, app_auth(), t0 + 25h));
    BOOST_TEST((r.exp.value() == t0 + std::chrono::hours(24 * 7)));
    // Active until then, and not a second longer.
    BOOST_TEST(!parsed(introspect(as, next->refresh_token.reveal(), {}, app_auth(), t0 + std::chrono::hours(24 * 7)))
                    .active);
    // A grant that outlives the token: the token's own expiry.
    as.config.refresh_tokens.family_lifetime = std::chrono::hours(24 * 90);
    auto h = as.grant();
    r = parsed(introspect(as, h.refresh_token.reveal(), {}, app_auth()));
    BOOST_TEST((r.exp.value() == t0 + as.config.refresh_tokens.lifetime));
}

BOOST_AUTO_TEST_CASE(anything_not_valid_is_inactive) {
    authorization_server as;
    auto g = as.grant();
    // Expired.
    BOOST_TEST(!parsed(introspect(as, g.access.access_token.reveal(), {}, app_auth(), t0 + 1h)).active);
    BOOST_TEST(!parsed(introspect(as, g.refresh_token.reveal(), {}, app_auth(),
                                  t0 + as.config.refresh_tokens.lifetime))
                    .active);
    // Unknown and malformed.
    for (std::string const& t : {std::string("nope"), std::string(43, 'A'), std::string("a.b.c"), std::string(5000, 'x')})
        BOOST_TEST(!parsed(introspect(as, t, {}, app_auth())).active);
    // Revoked: the jti, then the whole grant.
    auto h = as.grant();
    BOOST_REQUIRE(as.revocations.revoke_jti(h.access.jti, h.access.expires_at));
    BOOST_TEST(!parsed(introspect(as, h.access.access_token.reveal(), {}, app_auth())).active);
    BOOST_TEST(parsed(introspect(as, h.refresh_token.reveal(), {}, app_auth())).active);
    BOOST_REQUIRE(revoke_refresh_family(as.refresh_tokens, as.revocations, g.family_id, t0, 1h));
    BOOST_TEST(!parsed(introspect(as, g.access.access_token.reveal(), {}, app_auth())).active);
    BOOST_TEST(!parsed(introspect(as, g.refresh_token.reveal(), {}, app_auth())).active);
}

BOOST_AUTO_TEST_CASE(foreign_tokens_per_policy) {
    authorization_server as;
    auto g = as.grant("app");
    // Another client learns nothing about app's tokens.
    BOOST_TEST(!parsed(introspect(as, g.access.access_token.reveal(), {}, other_auth())).active);
    BOOST_TEST(!parsed(introspect(as, g.refresh_token.reveal(), {}, other_auth())).active);
    // A resource server listed as privileged sees them.
    introspection_policy p;
    p.privileged_clients = {"resource-server"};
    BOOST_TEST(!parsed(introspect(as, g.access.access_token.reveal(), {}, rs_auth())).active);
    auto r = parsed(introspect(as, g.access.access_token.reveal(), {}, rs_auth(), t0, p));
    BOOST_TEST(r.active);
    BOOST_TEST(r.client_id.value() == "app");
    BOOST_TEST(parsed(introspect(as, g.refresh_token.reveal(), {}, rs_auth(), t0, p)).active);
}

// Issue 14, RFC 7662 §2.1 / RFC 8414 §2: a public client (method "none") may introspect — its own tokens only
// — by default, and the metadata lists "none" for introspection exactly then; switched off, it is refused and
// "none" is not listed.
BOOST_AUTO_TEST_CASE(public_clients_introspect_their_own_tokens_only) {
    authorization_server as;
    auto mine = as.grant("public-app");
    auto theirs = as.grant("app");
    auto pub = oauth::client_authentication::public_client("public-app");
    for (auto const* t : {&mine.access.access_token, &mine.refresh_token}) {
        auto r = parsed(introspect(as, t->reveal(), {}, pub));
        BOOST_TEST(r.active);
        BOOST_TEST(r.client_id.value() == "public-app");
    }
    BOOST_TEST(!parsed(introspect(as, theirs.access.access_token.reveal(), {}, pub)).active);
    BOOST_TEST(!parsed(introspect(as, theirs.refresh_token.reveal(), {}, pub)).active);
    // The privileged list does not make a public client privileged by accident: it is per client_id, and
    // public-app is not on it.
    introspection_policy p;
    p.privileged_clients = {"resource-server"};
    BOOST_TEST(!parsed(introspect(as, theirs.access.access_token.reveal(), {}, pub, t0, p)).active);
    auto const listed = make_authorization_server_metadata(as.config).introspection_endpoint_auth_methods_supported;
    BOOST_TEST((listed == std::vector<std::string>{"none", "client_secret_basic", "client_secret_post"}));
}

BOOST_AUTO_TEST_CASE(client_authentication_is_required_when_public_clients_are_not_allowed) {
    authorization_server as;
    as.config.public_client_introspection = false;
    auto g = as.grant("public-app");
    auto pub = oauth::client_authentication::public_client("public-app");
    auto resp = introspect(as, g.access.access_token.reveal(), {}, pub);
    BOOST_TEST(resp.status == 401u);
    auto parsed_error = oauth::parse_introspection_response(resp);
    BOOST_REQUIRE(!parsed_error);
    BOOST_TEST(parsed_error.error().response->error == "invalid_client");
    auto const listed = make_authorization_server_metadata(as.config).introspection_endpoint_auth_methods_supported;
    BOOST_TEST((listed == std::vector<std::string>{"client_secret_basic", "client_secret_post"}));
    // The token endpoint still serves "none": only introspection's list changes.
    BOOST_TEST((make_authorization_server_metadata(as.config).token_endpoint_auth_methods_supported ==
                std::vector<std::string>{"none", "client_secret_basic", "client_secret_post"}));
    // A confidential client is still served.
    BOOST_TEST(parsed(introspect(as, as.grant("app").access.access_token.reveal(), {}, app_auth())).active);

    resp = introspect(as, g.access.access_token.reveal(), {}, oauth::client_authentication::secret_basic("app", secret("x")));
    BOOST_TEST(resp.status == 401u);
    BOOST_TEST(resp.header("WWW-Authenticate").value_or("").starts_with("Basic"));

    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example/introspect");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    req.headers.append("Authorization", "Basic YXBwOmFwcC1zZWNyZXQ=");  // app:app-secret
    for (auto const* body : {"", "token=", "token=a&token=b"}) {
        req.body = body;
        auto res = handle_introspection_request(req, t0, as.clients, as.refresh_tokens, as.revocations, as.format, as.config);
        BOOST_TEST(res.status == 400u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_introspection_endpoint_test
