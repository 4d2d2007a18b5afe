#include <authwire/server/revocation_endpoint.hpp>

#include "issued_tokens_support.hpp"

#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/revocation.hpp>
#include <authwire/oauth/token_type_hint.hpp>
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/introspection_endpoint.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace server_revocation_endpoint_test {

using namespace endpoint_test;
using namespace std::chrono_literals;

revocation_result revoke(authorization_server& as, std::string_view token, std::string_view hint,
                         oauth::client_authentication const& auth, clock_type::time_point now = t0) {
    auto req = oauth::make_revocation_request("https://as.example/revoke", secret(token), hint, auth);
    BOOST_REQUIRE(req);
    return handle_revocation_request(*req, now, as.clients, as.refresh_tokens, as.revocations, as.format, as.config);
}

bool access_revoked(authorization_server& as, issued_access_token const& at, std::string_view family,
                    clock_type::time_point now = t0) {
    auto info = as.format.read(at.access_token.reveal(), now).value();
    return as.revocations.is_revoked(family, info.jti, now).value();
}

void check_ok(revocation_result const& r) {
    BOOST_TEST(r.response.status == 200u);
    BOOST_TEST(r.response.header("Cache-Control").value_or("") == "no-store");
    // The client side reads it as a success.
    BOOST_TEST(oauth::parse_revocation_response(r.response).has_value());
}

// Is `at` refused at `now` by a resource server and by introspection (asked by the resource server), while the
// format alone would still accept it?
bool refused_everywhere(authorization_server& as, issued_access_token const& at, clock_type::time_point now) {
    BOOST_TEST_REQUIRE(as.format.read(at.access_token.reveal(), now).has_value());
    bearer_validator v(as.format, as.revocations, {"https://mcp.example/mcp", {}});
    auto who = v.validate_token(at.access_token.reveal(), now);
    auto req = oauth::make_introspection_request("https://as.example/introspect", at.access_token,
                                                 oauth::token_type_hint::access_token, rs_auth());
    BOOST_REQUIRE(req);
    auto answer = oauth::parse_introspection_response(handle_introspection_request(
        *req, now, as.clients, as.refresh_tokens, as.revocations, as.format, as.config,
        introspection_policy{.privileged_clients = {"resource-server"}}));
    BOOST_REQUIRE(answer);
    return !who && who.error().code == error::token_revoked && !answer->active;
}

BOOST_AUTO_TEST_SUITE(server_revocation_endpoint)

// Issue 12: with a leeway, the format accepts a token until exp + leeway; an RFC 7009 revocation must hold as
// long — for the access token itself and for the grant of a revoked refresh token.
BOOST_AUTO_TEST_CASE(a_revocation_holds_while_the_leeway_still_accepts_the_token) {
    authorization_server as(60s);
    auto g = as.grant();
    check_ok(revoke(as, g.access.access_token.reveal(), oauth::token_type_hint::access_token, app_auth()));
    BOOST_TEST(refused_everywhere(as, g.access, g.access.expires_at + 30s));
    BOOST_TEST(refused_everywhere(as, g.access, g.access.expires_at + 59s));

    auto h = as.grant();
    check_ok(revoke(as, h.refresh_token.reveal(), oauth::token_type_hint::refresh_token, app_auth()));
    BOOST_TEST(refused_everywhere(as, h.access, h.access.expires_at + 30s));
    BOOST_TEST(refused_everywhere(as, h.access, h.access.expires_at + 59s));

    // Once the format refuses them, the entries may go.
    BOOST_TEST(!as.format.read(g.access.access_token.reveal(), g.access.expires_at + 60s));
    BOOST_TEST(as.revocations.purge(g.access.expires_at + 60s) == 2u);
}

BOOST_AUTO_TEST_CASE(revoking_a_refresh_token_revokes_its_grant_and_access_tokens) {
    authorization_server as;
    auto g = as.grant();
    auto other = as.grant();
    auto r = revoke(as, g.refresh_token.reveal(), oauth::token_type_hint::refresh_token, app_auth());
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::refresh_family_revoked));
    BOOST_TEST(access_revoked(as, g.access, g.family_id));
    BOOST_TEST(!access_revoked(as, other.access, other.family_id));
    // The refresh token no longer rotates.
    auto rot = rotate_refresh_token(as.refresh_tokens, as.revocations, g.refresh_token.reveal(), "app", t0 + 1s,
                                    as.config.refresh_tokens);
    BOOST_TEST(!rot.has_value());
    // Revoking again is idempotent: still 200.
    check_ok(revoke(as, g.refresh_token.reveal(), {}, app_auth()));
}

BOOST_AUTO_TEST_CASE(the_hint_orders_the_search_but_is_not_trusted) {
    authorization_server as;
    auto g = as.grant();
    // A refresh token sent with the access_token hint is still found.
    auto r = revoke(as, g.refresh_token.reveal(), oauth::token_type_hint::access_token, app_auth());
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::refresh_family_revoked));
    // An access token sent with the refresh_token hint, and with an unknown hint value.
    auto h = as.grant();
    r = revoke(as, h.access.access_token.reveal(), oauth::token_type_hint::refresh_token, app_auth());
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::access_token_revoked));
    auto k = as.grant();
    r = revoke(as, k.access.access_token.reveal(), "id_token", app_auth());
    BOOST_TEST((r.outcome == revocation_outcome::access_token_revoked));
}

BOOST_AUTO_TEST_CASE(revoking_an_access_token_revokes_its_jti_only) {
    authorization_server as;
    auto g = as.grant();
    auto sibling = as.format.issue({"alice", "app", "mcp:read", {"https://mcp.example/mcp"}, g.family_id, {}}, t0).value();
    auto r = revoke(as, g.access.access_token.reveal(), oauth::token_type_hint::access_token, app_auth());
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::access_token_revoked));
    BOOST_TEST(access_revoked(as, g.access, g.family_id));
    BOOST_TEST(!access_revoked(as, sibling, g.family_id));  // same grant, other jti: untouched
    // The refresh token still rotates.
    BOOST_TEST(rotate_refresh_token(as.refresh_tokens, as.revocations, g.refresh_token.reveal(), "app", t0 + 1s,
                                    as.config.refresh_tokens)
                   .has_value());
    // The revocation lasts until the token's expiry, and no longer.
    BOOST_TEST(!as.revocations.is_revoked({}, as.format.read(g.access.access_token.reveal(), t0).value().jti,
                                          g.access.expires_at)
                    .value());
}

BOOST_AUTO_TEST_CASE(unknown_expired_and_malformed_tokens_get_200) {
    authorization_server as;
    auto g = as.grant();
    for (std::string const& t : {std::string("nope"), std::string(43, 'A'), std::string("a.b.c.d.e"), std::string(5000, 'x')}) {
        auto r = revoke(as, t, {}, app_auth());
        check_ok(r);
        BOOST_TEST((r.outcome == revocation_outcome::unknown_token));
    }
    auto r = revoke(as, g.access.access_token.reveal(), {}, app_auth(), t0 + 2h);  // expired access token
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::unknown_token));
}

BOOST_AUTO_TEST_CASE(another_clients_token_is_refused_and_kept) {
    authorization_server as;
    auto g = as.grant("app");
    for (auto const* hint : {"", "access_token", "refresh_token"}) {
        auto r = revoke(as, g.refresh_token.reveal(), hint, other_auth());
        BOOST_TEST(r.response.status == 400u);
        BOOST_TEST((r.outcome == revocation_outcome::foreign_token));
        auto parsed = oauth::parse_revocation_response(r.response);
        BOOST_REQUIRE(!parsed);
        BOOST_TEST(parsed.error().response->error == "unauthorized_client");
        r = revoke(as, g.access.access_token.reveal(), hint, other_auth());
        BOOST_TEST((r.outcome == revocation_outcome::foreign_token));
    }
    BOOST_TEST(!access_revoked(as, g.access, g.family_id));
    BOOST_TEST(rotate_refresh_token(as.refresh_tokens, as.revocations, g.refresh_token.reveal(), "app", t0 + 1s,
                                    as.config.refresh_tokens)
                   .has_value());
}

BOOST_AUTO_TEST_CASE(client_authentication_and_request_errors) {
    authorization_server as;
    auto g = as.grant();
    // Wrong secret with Basic: 401 invalid_client with a Basic challenge; nothing revoked.
    auto r = revoke(as, g.refresh_token.reveal(), {}, oauth::client_authentication::secret_basic("app", secret("wrong")));
    BOOST_TEST(r.response.status == 401u);
    BOOST_TEST(r.response.header("WWW-Authenticate").value_or("").starts_with("Basic"));
    BOOST_TEST((r.outcome == revocation_outcome::refused));
    BOOST_TEST(!access_revoked(as, g.access, g.family_id));

    // A public client revokes its own tokens (RFC 7009 §2.1: public clients identify themselves).
    auto p = as.grant("public-app");
    r = revoke(as, p.refresh_token.reveal(), {}, oauth::client_authentication::public_client("public-app"));
    check_ok(r);
    BOOST_TEST((r.outcome == revocation_outcome::refresh_family_revoked));

    // Missing or repeated parameters; wrong method; wrong content type.
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example/revoke");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    req.headers.append("Authorization", "Basic YXBwOmFwcC1zZWNyZXQ=");  // app:app-secret
    for (auto const* body : {"", "token=", "token=a&token=b", "token=a&token_type_hint=x&token_type_hint=y"}) {
        req.body = body;
        auto res = handle_revocation_request(req, t0, as.clients, as.refresh_tokens, as.revocations, as.format, as.config);
        BOOST_TEST_INFO(body);
        BOOST_TEST(res.response.status == 400u);
        BOOST_TEST(res.response.body.find("invalid_request") != std::string::npos);
    }
    req.body = "token=x";
    BOOST_TEST(handle_revocation_request(req, t0, as.clients, as.refresh_tokens, as.revocations, as.format, as.config)
                   .response.status == 200u);
    req.method = "GET";
    BOOST_TEST(handle_revocation_request(req, t0, as.clients, as.refresh_tokens, as.revocations, as.format, as.config)
                   .response.status == 405u);
}

// A revocation store that cannot write.
struct broken_revocation_store {
    result<void> revoke_family(std::string_view, clock_type::time_point) { return error::server_error; }
    result<void> revoke_jti(std::string_view, clock_type::time_point) { return error::server_error; }
    result<bool> is_revoked(std::string_view, std::string_view, clock_type::time_point) const noexcept { return false; }
};

BOOST_AUTO_TEST_CASE(a_failing_store_is_503) {
    authorization_server as;
    auto g = as.grant();
    broken_revocation_store broken;
    auto req = oauth::make_revocation_request("https://as.example/revoke", g.access.access_token, {}, app_auth()).value();
    auto r = handle_revocation_request(req, t0, as.clients, as.refresh_tokens, broken, as.format, as.config);
    BOOST_TEST(r.response.status == 503u);
    BOOST_TEST((r.outcome == revocation_outcome::store_failure));
    req = oauth::make_revocation_request("https://as.example/revoke", g.refresh_token, {}, app_auth()).value();
    r = handle_revocation_request(req, t0, as.clients, as.refresh_tokens, broken, as.format, as.config);
    BOOST_TEST(r.response.status == 503u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_revocation_endpoint_test
