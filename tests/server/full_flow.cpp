// authwire tests — issue 5 acceptance 2, in process: an MCP-style authorization server and resource server wired
// from the server endpoints, driven by authwire's CLIENT-side message functions. Discovery from a 401 →
// RFC 9728 → RFC 8414 → open DCR → authorize (PKCE, consent) → token → protected call → refresh (rotation) →
// reuse ⇒ family revoked → revocation → 401s. Every status, header and body on the way is checked.
#include <authwire/server/bearer_validator.hpp>

#include "clock_support.hpp"
#include "endpoint_support.hpp"

#include <authwire/client/step_up.hpp>
#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/metadata/well_known.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/revocation.hpp>
#include <authwire/oauth/state.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/oauth/token_type_hint.hpp>
#include <authwire/oauth/www_authenticate.hpp>
#include <authwire/server/authorization_endpoint.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/introspection_endpoint.hpp>
#include <authwire/server/metadata_documents.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/registration_endpoint.hpp>
#include <authwire/server/revocation_endpoint.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_endpoint.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>

namespace server_full_flow_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;
constexpr char resource[] = "https://mcp.example/mcp";
constexpr char redirect_uri[] = "http://127.0.0.1:53682/callback";

jwt_access_token_format make_format() {
    jose::jws_key_ring s;
    jose::jwe_key_ring e;
    BOOST_REQUIRE(s.rotate_to(jose::jws_key::make(jose::jwk::generate_octets(32, std::string("sig-2026")).value(),
                                                  jose::jws_algorithm::HS256)
                                  .value()));
    BOOST_REQUIRE(e.rotate_to(jose::jwe_key::make(jose::jwk::generate_octets(32, std::string("enc-2026")).value(),
                                                  jose::jwe_algorithm::dir)
                                  .value()));
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    return jwt_access_token_format::make(s, e, o).value();
}

// The whole deployment: one authorization server, one MCP resource server, routed by URL like an HTTP stack.
struct deployment {
    authorization_server_config config = authwire_test::test_config();
    memory_client_store clients;
    memory_code_store codes;
    memory_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    jwt_access_token_format format = make_format();
    std::string metadata_url = oauth::protected_resource_metadata_url(resource).value().buffer();
    bearer_validator<jwt_access_token_format, memory_revocation_store> validator{format, revocations,
                                                                                 {resource, metadata_url}};
    clock_type::time_point now = t0;

    deployment() { config.introspection_endpoint = "https://as.example/introspect"; }

    // The HTTP stack: every request goes to the handler for its URL.
    http_response send(http_request const& req) {
        auto const url = std::string(req.url.buffer());
        auto const path = std::string(req.url.path());
        if (url == metadata_url) return handle_protected_resource_metadata(req, config, {resource, {}, {}, {}});
        if (url == oauth::authorization_server_metadata_url(config.issuer).value().buffer())
            return handle_authorization_server_metadata(req, config);
        if (url == *config.registration_endpoint) return handle_registration(req, now, clients, config);
        if (url == config.token_endpoint)
            return handle_token_request(req, now, token_endpoint_stores{clients, codes, refresh_tokens, revocations},
                                        format, config);
        if (url == *config.revocation_endpoint)
            return handle_revocation_request(req, now, clients, refresh_tokens, revocations, format, config).response;
        if (url == *config.introspection_endpoint)
            return handle_introspection_request(req, now, clients, refresh_tokens, revocations, format, config);
        if (url == resource) {  // the MCP endpoint: needs scope "mcp"
            auto who = validator.validate(req, now, "mcp");
            if (!who) return who.error().response;
            http_response ok;
            ok.status = 200;
            ok.headers.append("Content-Type", "application/json");
            ok.body = boost::json::serialize(boost::json::object{{"hello", who->subject},
                                                                 {"client", who->client_id},
                                                                 {"api_key", who->claims.at("api_key")}});
            return ok;
        }
        BOOST_FAIL("no route for " + url + " (" + path + ")");
        return {};
    }
};

http_request mcp_call(secret const& access_token) {
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url(resource);
    req.headers.append("Content-Type", "application/json");
    req.body = R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})";
    if (!access_token.empty()) BOOST_REQUIRE(oauth::set_bearer_token(req, access_token));
    return req;
}

void check_invalid_token(http_response const& resp, std::string const& description, std::string const& metadata_url) {
    BOOST_TEST(resp.status == 401u);
    BOOST_TEST(resp.header("WWW-Authenticate").value_or("") ==
               R"(Bearer error="invalid_token", error_description=")" + description + R"(", resource_metadata=")" +
                   metadata_url + "\"");
    BOOST_TEST(resp.body == R"({"error":"invalid_token","error_description":")" + description + "\"}");
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
}

BOOST_AUTO_TEST_SUITE(server_full_flow)

BOOST_AUTO_TEST_CASE(discovery_registration_authorization_tokens_refresh_reuse_revocation) {
    deployment d;

    // 1. The MCP client calls without a token: 401, no error, and where to find the resource's metadata.
    auto resp = d.send(mcp_call({}));
    BOOST_TEST(resp.status == 401u);
    BOOST_TEST(resp.header("WWW-Authenticate").value() ==
               R"(Bearer resource_metadata="https://mcp.example/.well-known/oauth-protected-resource/mcp")");
    BOOST_TEST(resp.body == R"({"error":"auth_required","error_description":"a bearer token is required"})");
    auto challenges = oauth::parse_www_authenticate(resp).value();
    auto const* bearer = oauth::find_challenge(challenges, "Bearer");
    BOOST_REQUIRE(bearer != nullptr);
    BOOST_TEST(!oauth::challenge_error(*bearer, resp.status).has_value());
    auto const prm_url = std::string(bearer->param("resource_metadata").value());

    // 2. RFC 9728: the protected resource metadata names the authorization server.
    resp = d.send(oauth::make_metadata_request(boost::urls::url(prm_url)));
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.content_type() == "application/json");
    BOOST_TEST(resp.header("Cache-Control").value() == "public, max-age=3600");
    auto prm = oauth::parse_protected_resource_metadata_response(resp, resource).value();
    BOOST_REQUIRE(prm.authorization_servers.has_value());
    BOOST_TEST(prm.authorization_servers->size() == 1u);
    BOOST_TEST(prm.bearer_methods_supported.value() == std::vector<std::string>{"header"});
    auto const issuer = prm.authorization_servers->front();
    BOOST_TEST(issuer == "https://as.example");

    // 3. RFC 8414: the authorization server metadata.
    resp = d.send(oauth::make_metadata_request(oauth::authorization_server_metadata_url(issuer).value()));
    BOOST_TEST(resp.status == 200u);
    auto as = oauth::parse_authorization_server_metadata_response(resp, issuer).value();
    BOOST_TEST(as.authorization_endpoint.value() == "https://as.example/authorize");
    BOOST_TEST(as.token_endpoint.value() == "https://as.example/token");
    BOOST_TEST(as.registration_endpoint.value() == "https://as.example/register");
    BOOST_TEST(as.revocation_endpoint.value() == "https://as.example/revoke");
    BOOST_TEST(as.introspection_endpoint.value() == "https://as.example/introspect");
    BOOST_TEST(as.code_challenge_methods_supported.value() == std::vector<std::string>{"S256"});
    BOOST_TEST(as.authorization_response_iss_parameter_supported.value());

    // 4. RFC 7591: open dynamic client registration of a public (native) client with a loopback redirect.
    oauth::client_metadata md;
    md.redirect_uris = {redirect_uri};
    md.token_endpoint_auth_method = "none";
    md.grant_types = {"authorization_code", "refresh_token"};
    md.response_types = {"code"};
    md.client_name = "MCP Inspector";
    resp = d.send(oauth::make_registration_request(*as.registration_endpoint, md).value());
    BOOST_TEST(resp.status == 201u);
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
    auto registered = oauth::parse_registration_response(resp).value();
    BOOST_TEST(!registered.client_id.empty());
    BOOST_TEST(registered.client_secret.empty());  // public client
    auto const client = oauth::client_authentication::public_client(registered.client_id);

    // 5. The authorization request (PKCE S256, state, resource), consent, and the callback.
    auto authorize = [&](std::string const& scope) {
        auto pkce = oauth::make_pkce().value();
        auto state = oauth::make_state().value();
        oauth::authorization_request ar;
        ar.client_id = registered.client_id;
        ar.redirect_uri = redirect_uri;
        ar.scope = oauth::scope_set::parse(scope).value();
        ar.state = state;
        ar.set_pkce(pkce);
        ar.resource = {resource};
        http_request browser;
        browser.method = "GET";
        browser.url = oauth::make_authorization_url(*as.authorization_endpoint, ar).value();
        auto step = server::authorize(browser, d.clients, d.config);
        BOOST_REQUIRE(step.needs_consent());
        BOOST_TEST(step.request().client_name == "MCP Inspector");
        BOOST_TEST(step.request().scope == scope);
        BOOST_TEST(step.request().resources == std::vector<std::string>{resource});
        auto redirect = finish_authorization(step.request(), consent_decision::approve, "alice",
                                             boost::json::object{{"api_key", "rp_live_3f9a8c1d2e7b4a60"}}, d.now,
                                             d.codes, d.config);
        BOOST_TEST(redirect.status == 302u);
        BOOST_TEST(redirect.header("Cache-Control").value_or("") == "no-store");
        auto const location = std::string(redirect.header("Location").value());
        BOOST_TEST(location.starts_with(std::string(redirect_uri) + "?"));
        auto cb = oauth::parse_authorization_response(location, {state, issuer, true}).value();
        BOOST_TEST(cb.iss.value() == issuer);

        // 6. The token request.
        oauth::authorization_code_grant g;
        g.code = cb.code;
        g.redirect_uri = redirect_uri;
        g.code_verifier = pkce.code_verifier;
        g.resource = {resource};
        auto r = d.send(oauth::make_token_request(*as.token_endpoint, g, client).value());
        BOOST_TEST(r.status == 200u);
        BOOST_TEST(r.header("Cache-Control").value_or("") == "no-store");
        BOOST_TEST(r.content_type() == "application/json");
        auto t = oauth::parse_token_response(r, d.now).value();
        BOOST_TEST(t.is_bearer());
        BOOST_TEST(t.expires_in.value().count() == 3600);
        BOOST_TEST(!t.refresh_token.empty());
        BOOST_TEST(std::count(t.access_token.reveal().begin(), t.access_token.reveal().end(), '.') == 4);  // a JWE
        return t;
    };
    auto first = authorize("mcp");

    // 7. The protected call succeeds with the identity carried by the token.
    d.now += 1min;
    resp = d.send(mcp_call(first.access_token));
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.body == R"({"hello":"alice","client":")" + registered.client_id +
                                R"(","api_key":"rp_live_3f9a8c1d2e7b4a60"})");

    // 8. Refresh with rotation: a new access token and a new refresh token; both access tokens work.
    d.now += 30min;
    oauth::refresh_token_grant rg;
    rg.refresh_token = first.refresh_token;
    resp = d.send(oauth::make_token_request(*as.token_endpoint, rg, client).value());
    BOOST_TEST(resp.status == 200u);
    auto second = oauth::parse_token_response(resp, d.now).value();
    BOOST_TEST(second.refresh_token.reveal() != first.refresh_token.reveal());
    BOOST_TEST(second.access_token.reveal() != first.access_token.reveal());
    BOOST_TEST(d.send(mcp_call(second.access_token)).status == 200u);
    BOOST_TEST(d.send(mcp_call(first.access_token)).status == 200u);

    // 9. The spent refresh token comes back (stolen?): invalid_grant, and the whole family is revoked —
    //    the successor refresh token and every access token issued from the grant.
    d.now += 1min;
    resp = d.send(oauth::make_token_request(*as.token_endpoint, rg, client).value());
    BOOST_TEST(resp.status == 400u);
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
    auto reuse = oauth::parse_token_response(resp, d.now);
    BOOST_REQUIRE(!reuse);
    BOOST_TEST((reuse.error().code == error::invalid_grant));
    check_invalid_token(d.send(mcp_call(second.access_token)), "revoked", d.metadata_url);
    check_invalid_token(d.send(mcp_call(first.access_token)), "revoked", d.metadata_url);
    oauth::refresh_token_grant rg2;
    rg2.refresh_token = second.refresh_token;
    resp = d.send(oauth::make_token_request(*as.token_endpoint, rg2, client).value());
    BOOST_TEST(resp.status == 400u);
    BOOST_TEST((oauth::parse_token_response(resp, d.now).error().code == error::invalid_grant));

    // 10. A new grant; introspection sees its access token; RFC 7009 revocation of the access token, then of
    //     the refresh token.
    auto third = authorize("mcp");
    BOOST_TEST(d.send(mcp_call(third.access_token)).status == 200u);
    resp = d.send(oauth::make_introspection_request(*as.introspection_endpoint, third.access_token,
                                                    oauth::token_type_hint::access_token, client)
                      .value());
    // A public client introspects its own token (public_client_introspection, the default), as the metadata
    // says by listing "none" there (RFC 8414 §2: metadata describes what is served).
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(oauth::parse_introspection_response(resp).value().active);
    auto const& listed = as.introspection_endpoint_auth_methods_supported.value();
    BOOST_TEST((std::find(listed.begin(), listed.end(), "none") != listed.end()));
    resp = d.send(oauth::make_revocation_request(*as.revocation_endpoint, third.access_token,
                                                 oauth::token_type_hint::access_token, client)
                      .value());
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "no-store");
    BOOST_TEST(oauth::parse_revocation_response(resp).has_value());
    check_invalid_token(d.send(mcp_call(third.access_token)), "revoked", d.metadata_url);

    // The refresh token of the grant still works until it is revoked in turn …
    oauth::refresh_token_grant rg3;
    rg3.refresh_token = third.refresh_token;
    resp = d.send(oauth::make_token_request(*as.token_endpoint, rg3, client).value());
    BOOST_TEST(resp.status == 200u);
    auto fourth = oauth::parse_token_response(resp, d.now).value();
    BOOST_TEST(d.send(mcp_call(fourth.access_token)).status == 200u);
    resp = d.send(oauth::make_revocation_request(*as.revocation_endpoint, fourth.refresh_token,
                                                 oauth::token_type_hint::refresh_token, client)
                      .value());
    BOOST_TEST(resp.status == 200u);
    // … which revokes the grant: its access token is refused, and the refresh token no longer refreshes.
    check_invalid_token(d.send(mcp_call(fourth.access_token)), "revoked", d.metadata_url);
    oauth::refresh_token_grant rg4;
    rg4.refresh_token = fourth.refresh_token;
    resp = d.send(oauth::make_token_request(*as.token_endpoint, rg4, client).value());
    BOOST_TEST(resp.status == 400u);
    BOOST_TEST((oauth::parse_token_response(resp, d.now).error().code == error::invalid_grant));

    // Revoking something unknown is still 200 (RFC 7009 §2.2).
    resp = d.send(oauth::make_revocation_request(*as.revocation_endpoint, secret("not-a-token"), {}, client).value());
    BOOST_TEST(resp.status == 200u);

    // 11. Finally, a token past its hour: expired.
    auto fifth = authorize("mcp");
    d.now += 1h;
    check_invalid_token(d.send(mcp_call(fifth.access_token)), "expired", d.metadata_url);
}

// A registered public client's grant for `scope` — authorization request, consent, code exchange — through the
// server's endpoints (the checks of each step are in the test above). The token response, or nullopt on a
// refusal of the authorization request.
std::optional<oauth::token_response> authorize_for(deployment& d, std::string const& client_id,
                                                   std::string const& scope) {
    auto pkce = oauth::make_pkce().value();
    auto state = oauth::make_state().value();
    oauth::authorization_request ar;
    ar.client_id = client_id;
    ar.redirect_uri = redirect_uri;
    ar.scope = oauth::scope_set::parse(scope).value();
    ar.state = state;
    ar.set_pkce(pkce);
    ar.resource = {resource};
    http_request browser;
    browser.method = "GET";
    browser.url = oauth::make_authorization_url(d.config.authorization_endpoint, ar).value();
    auto step = server::authorize(browser, d.clients, d.config);
    if (!step.needs_consent()) return std::nullopt;
    auto redirect = finish_authorization(step.request(), consent_decision::approve, "alice",
                                         boost::json::object{{"api_key", "k"}}, d.now, d.codes, d.config);
    auto cb = oauth::parse_authorization_response(std::string(redirect.header("Location").value()),
                                                  {state, d.config.issuer, true})
                  .value();
    oauth::authorization_code_grant g;
    g.code = cb.code;
    g.redirect_uri = redirect_uri;
    g.code_verifier = pkce.code_verifier;
    g.resource = {resource};
    auto r = d.send(oauth::make_token_request(d.config.token_endpoint, g, oauth::client_authentication::public_client(
                                                                              client_id))
                        .value());
    BOOST_TEST_REQUIRE(r.status == 200u);
    return oauth::parse_token_response(r, d.now).value();
}

// Issue 14 (MCP scope selection and step-up): the resource names its baseline scope in the 401 and, on a 403
// insufficient_scope, the granted and the needed scope; the client authorizes for the first, then for the union;
// the authorization server honours the union in a new authorization, refuses it on a refresh of the narrower
// grant (RFC 6749 §6: the scope may not exceed the grant's) without spending the refresh token, and allows a
// refresh to narrow.
BOOST_AUTO_TEST_CASE(scope_selection_step_up_and_refresh_scope_rules) {
    deployment d;
    bearer_validator_config cfg{resource, d.metadata_url};
    cfg.challenge_scope = "mcp";
    cfg.insufficient_scope_with_granted = true;
    bearer_validator<jwt_access_token_format, memory_revocation_store> rs{d.format, d.revocations, cfg};
    auto const list_tools = [&](secret const& t) { return rs.validate(mcp_call(t), d.now, "mcp"); };
    auto const write_tool = [&](secret const& t) { return rs.validate(mcp_call(t), d.now, "admin"); };

    oauth::client_metadata md;
    md.redirect_uris = {redirect_uri};
    md.token_endpoint_auth_method = "none";
    md.grant_types = {"authorization_code", "refresh_token"};
    auto resp = d.send(oauth::make_registration_request(*d.config.registration_endpoint, md).value());
    BOOST_TEST_REQUIRE(resp.status == 201u);
    auto const client_id = oauth::parse_registration_response(resp).value().client_id;
    auto const app = oauth::client_authentication::public_client(client_id);
    client::step_up_policy policy;

    // 1. No token: the 401 names the scope to ask for first.
    auto first_try = list_tools({});
    BOOST_REQUIRE(!first_try);
    auto challenge = client::parse_scope_challenge(first_try.error().response).value().value();
    auto const wanted = policy.authorize("tools/list", challenge, {}).value();
    BOOST_TEST(wanted.to_string() == "mcp");
    auto narrow = authorize_for(d, client_id, wanted.to_string()).value();
    BOOST_TEST(narrow.scope.value().to_string() == "mcp");
    BOOST_TEST(list_tools(narrow.access_token).has_value());

    // 2. The write tool needs more: 403 with granted + needed; the client asks for the union.
    auto denied = write_tool(narrow.access_token);
    BOOST_REQUIRE(!denied);
    BOOST_TEST(denied.error().status == 403u);
    BOOST_TEST(denied.error().scope == "mcp admin");
    challenge = client::parse_scope_challenge(denied.error().response).value().value();
    auto const wider = policy.authorize("tools/call write", challenge, wanted).value();
    BOOST_TEST(wider.to_string() == "mcp admin");

    // 3. Up-scoping by refresh is refused (invalid_scope) and does not spend the refresh token.
    d.now += 1min;
    oauth::refresh_token_grant up;
    up.refresh_token = narrow.refresh_token;
    up.scope = wider;
    resp = d.send(oauth::make_token_request(d.config.token_endpoint, up, app).value());
    BOOST_TEST(resp.status == 400u);
    BOOST_TEST((oauth::parse_token_response(resp, d.now).error().code == error::invalid_scope));
    oauth::refresh_token_grant same;
    same.refresh_token = narrow.refresh_token;
    resp = d.send(oauth::make_token_request(d.config.token_endpoint, same, app).value());
    BOOST_TEST_REQUIRE(resp.status == 200u);
    BOOST_TEST(oauth::parse_token_response(resp, d.now).value().scope.value().to_string() == "mcp");

    // 4. A new authorization for the union is honoured: both tools work.
    auto full = authorize_for(d, client_id, wider.to_string()).value();
    BOOST_TEST(full.scope.value().to_string() == "mcp admin");
    BOOST_TEST(write_tool(full.access_token).has_value());
    BOOST_TEST(list_tools(full.access_token).has_value());
    policy.succeeded("tools/call write");

    // 5. Down-scoping on refresh stays allowed, and the narrower token is challenged again.
    d.now += 1min;
    oauth::refresh_token_grant down;
    down.refresh_token = full.refresh_token;
    down.scope = oauth::scope_set{"mcp"};
    resp = d.send(oauth::make_token_request(d.config.token_endpoint, down, app).value());
    BOOST_TEST_REQUIRE(resp.status == 200u);
    auto narrowed = oauth::parse_token_response(resp, d.now).value();
    BOOST_TEST(narrowed.scope.value().to_string() == "mcp");
    BOOST_TEST(list_tools(narrowed.access_token).has_value());
    BOOST_TEST(write_tool(narrowed.access_token).error().status == 403u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_full_flow_test
