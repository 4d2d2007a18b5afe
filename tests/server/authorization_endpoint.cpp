#include <authwire/server/authorization_endpoint.hpp>

#include "endpoint_support.hpp"

#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace server_authorization_endpoint_test {

using namespace authwire;
using namespace authwire::server;
using authwire_test::test_config;

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
constexpr std::string_view authorize_url = "https://as.example/authorize";
constexpr std::string_view state_value = "af0ifjsldkj";

struct fixture {
    memory_client_store clients;
    memory_code_store codes;
    authorization_server_config config = test_config();
    oauth::pkce_pair pkce = oauth::make_pkce().value();

    fixture() {
        add("app", {"https://app.example/cb", "http://127.0.0.1/callback", "http://localhost:3000/cb",
                    "https://app.example/with?tenant=1"});
        add("single", {"https://single.example/cb"});
        client_record machine;
        machine.client_id = "machine";
        machine.grant_types = {"client_credentials"};
        machine.redirect_uris = {"https://machine.example/cb"};
        machine.token_endpoint_auth_method = "client_secret_post";
        BOOST_REQUIRE(clients.register_client(std::move(machine)));
        client_record narrow;
        narrow.client_id = "narrow";
        narrow.redirect_uris = {"https://narrow.example/cb"};
        narrow.grant_types = {"authorization_code"};
        narrow.response_types = {"code"};
        narrow.scope = "mcp";
        BOOST_REQUIRE(clients.register_client(std::move(narrow)));
    }

    void add(std::string id, std::vector<std::string> uris) {
        client_record r;
        r.client_id = std::move(id);
        r.client_name = "Test App";
        r.redirect_uris = std::move(uris);
        r.grant_types = {"authorization_code", "refresh_token"};
        r.response_types = {"code"};
        r.token_endpoint_auth_method = "none";
        BOOST_REQUIRE(clients.register_client(std::move(r)));
    }

    // The request authwire's client side builds.
    oauth::authorization_request client_request(std::string redirect = "https://app.example/cb") const {
        oauth::authorization_request r;
        r.client_id = "app";
        r.redirect_uri = std::move(redirect);
        r.state = std::string(state_value);
        r.set_pkce(pkce);
        return r;
    }

    static http_request get(std::string_view url) {
        http_request req;
        req.url = boost::urls::url(url);
        return req;
    }

    http_request get(oauth::authorization_request const& r) const {
        return get(oauth::make_authorization_url(authorize_url, r).value().buffer());
    }

    http_request get(form const& query) const { return get(std::string(authorize_url) + "?" + query.encode()); }

    form valid_query(std::string_view redirect = "https://app.example/cb") const {
        return form{{"response_type", "code"},
                    {"client_id", "app"},
                    {"redirect_uri", redirect},
                    {"state", state_value},
                    {"code_challenge", pkce.code_challenge},
                    {"code_challenge_method", "S256"}};
    }

    authorization_step run(http_request const& req) const { return authorize(req, clients, config); }
};

// A 400 page: no redirect, no Location, HTML.
void expect_page(authorization_step const& step, std::string_view context) {
    BOOST_TEST_REQUIRE(!step.needs_consent(), context);
    auto const& r = step.response();
    BOOST_TEST(r.status == 400u, context);
    BOOST_TEST(!r.header("Location"), context);
    BOOST_TEST(r.content_type() == "text/html", context);
    BOOST_TEST(*r.header("Cache-Control") == "no-store", context);
}

// An error redirected to the client, read back with the client-side parser (state and iss checked).
void expect_redirect_error(authorization_step const& step, error e, std::string_view context,
                           std::string_view to = "https://app.example/cb?") {
    BOOST_TEST_REQUIRE(!step.needs_consent(), context);
    auto const& r = step.response();
    BOOST_TEST(r.status == 302u, context);
    auto const location = r.header("Location");
    BOOST_TEST_REQUIRE(location.has_value(), context);
    BOOST_TEST(location->starts_with(to), context << ": " << *location);
    auto parsed = oauth::parse_authorization_response(*location, {state_value, "https://as.example", true});
    BOOST_TEST_REQUIRE(!parsed.has_value(), context);
    BOOST_TEST((parsed.error().code == e), context << ": " << parsed.error());
    BOOST_TEST(parsed.error().response.has_value(), context);
}

BOOST_AUTO_TEST_SUITE(server_authorization_endpoint)

BOOST_FIXTURE_TEST_CASE(approve_issues_a_code_the_client_side_accepts, fixture) {
    auto req = client_request();
    req.scope = {"mcp", "admin"};
    req.resource = {"https://other.example/api"};
    req.nonce = "n-0S6_WzA2Mj";
    auto const step = run(get(req));
    BOOST_TEST_REQUIRE(step.needs_consent());
    auto const& v = step.request();
    BOOST_TEST(v.client_id == "app");
    BOOST_TEST(v.client_name == "Test App");
    BOOST_TEST(v.redirect_uri == "https://app.example/cb");
    BOOST_TEST(v.redirect_uri_in_request);
    BOOST_TEST(*v.state == state_value);
    BOOST_TEST(v.scope == "mcp admin");
    BOOST_TEST(v.resources == std::vector<std::string>{"https://other.example/api"});
    BOOST_TEST(v.code_challenge == pkce.code_challenge);
    BOOST_TEST((v.code_challenge_method == oauth::code_challenge_method::S256));
    BOOST_TEST(v.nonce == "n-0S6_WzA2Mj");

    boost::json::object claims;
    claims["api_key"] = "k-123";
    auto const resp = finish_authorization(v, consent_decision::approve, "user-42", claims, now, codes, config);
    BOOST_TEST(resp.status == 302u);
    BOOST_TEST(*resp.header("Cache-Control") == "no-store");
    auto const location = std::string(*resp.header("Location"));
    BOOST_TEST(location.starts_with("https://app.example/cb?code="));
    auto code = oauth::parse_authorization_response(location, {state_value, "https://as.example", true});
    BOOST_TEST_REQUIRE(code.has_value());
    BOOST_TEST(*code->iss == "https://as.example");

    // The code is bound to everything that was validated.
    memory_refresh_store refresh;
    memory_revocation_store revoked;
    auto redeemed = redeem_authorization_code(
        codes, refresh, revoked,
        {code->code.reveal(), "app", std::string_view("https://app.example/cb"), pkce.code_verifier.reveal()}, now,
        config.authorization_codes);
    BOOST_TEST_REQUIRE(redeemed.has_value());
    BOOST_TEST(redeemed->record.subject == "user-42");
    BOOST_TEST(redeemed->record.scope == "mcp admin");
    BOOST_TEST(redeemed->record.resources == std::vector<std::string>{"https://other.example/api"});
    BOOST_TEST(redeemed->record.claims.at("api_key").as_string() == "k-123");
    BOOST_TEST(redeemed->record.nonce == "n-0S6_WzA2Mj");
    BOOST_TEST((redeemed->record.expires_at == now + std::chrono::seconds(60)));
}

BOOST_FIXTURE_TEST_CASE(defaults_and_deny, fixture) {
    auto const step = run(get(client_request()));
    BOOST_TEST_REQUIRE(step.needs_consent());
    BOOST_TEST(step.request().scope == "mcp");  // empty ⇒ the default scope
    BOOST_TEST(step.request().resources == std::vector<std::string>{"https://mcp.example/mcp"});

    auto const denied = finish_authorization(step.request(), consent_decision::deny, "user-42", {}, now, codes, config);
    BOOST_TEST(denied.status == 302u);
    auto parsed =
        oauth::parse_authorization_response(*denied.header("Location"), {state_value, "https://as.example", true});
    BOOST_TEST_REQUIRE(!parsed.has_value());
    BOOST_TEST(oauth::is_access_denied(parsed.error()));
    BOOST_TEST(codes.size() == 0u);

    auto const no_user = finish_authorization(step.request(), consent_decision::approve, "", {}, now, codes, config);
    expect_redirect_error(authorization_step(no_user), error::server_error, "empty subject");

    config.authorization_redirect_status = 303;
    BOOST_TEST(finish_authorization(step.request(), consent_decision::approve, "u", {}, now, codes, config).status ==
               303u);

    // Without state, none comes back; redirect_uri may be omitted when exactly one is registered.
    form q{{"response_type", "code"},
           {"client_id", "single"},
           {"code_challenge", pkce.code_challenge},
           {"code_challenge_method", "S256"}};
    auto const single = run(get(q));
    BOOST_TEST_REQUIRE(single.needs_consent());
    BOOST_TEST(single.request().redirect_uri == "https://single.example/cb");
    BOOST_TEST(!single.request().redirect_uri_in_request);
    BOOST_TEST(!single.request().state);
    auto const ok = finish_authorization(single.request(), consent_decision::approve, "u", {}, now, codes, config);
    auto const loc = std::string(*ok.header("Location"));
    BOOST_TEST(loc.find("state=") == std::string::npos);
    BOOST_TEST(oauth::parse_authorization_response(loc, {"", "https://as.example", true}).has_value());
}

// Issue 12, RFC 6749 §3.1: a response parameter is never sent twice. A redirect URI that already names one
// (registered before the policy refused such URIs) is not redirected to at all: the request is refused with a
// page, and the response builder itself fails closed for a validated request carrying such a URI.
BOOST_FIXTURE_TEST_CASE(a_stale_redirect_uri_naming_response_parameters_is_refused, fixture) {
    add("stale", {"https://stale.example/cb?code=x&state=y&iss=z"});
    auto q = valid_query("https://stale.example/cb?code=x&state=y&iss=z");
    q.erase("client_id");
    q.add("client_id", "stale");
    expect_page(run(get(q)), "registered with response parameters");
    q.erase("redirect_uri");
    expect_page(run(get(q)), "the only registered URI, omitted");
}

BOOST_FIXTURE_TEST_CASE(the_response_builder_fails_closed_rather_than_repeat_a_parameter, fixture) {
    auto const step = run(get(client_request()));
    BOOST_TEST_REQUIRE(step.needs_consent());
    for (std::string_view uri : {"https://app.example/cb?code=x&state=y&iss=z", "https://app.example/cb?iss=z",
                                 "https://app.example/cb?%73tate=y", "https://app.example/cb?error=x"}) {
        auto forged = step.request();
        forged.redirect_uri = std::string(uri);
        for (auto decision : {consent_decision::approve, consent_decision::deny}) {
            auto const r = finish_authorization(forged, decision, "user-42", {}, now, codes, config);
            BOOST_TEST(!r.header("Location").has_value(), uri << ": " << r.header("Location").value_or(""));
            BOOST_TEST(r.status == 500u, uri);
        }
    }
}

BOOST_FIXTURE_TEST_CASE(redirect_uri_attacks_never_redirect, fixture) {
    for (std::string_view bad : {"https://app.example@evil.com/cb",
                                 "https://app.example/cb/../x",
                                 "https://app.example/cb/%2e%2e/x",
                                 "https://app.example/cb/extra",
                                 "https://app.example/cb?a=b",
                                 "https://app.example/cb#frag",
                                 "http://localhost.evil.test/cb",
                                 "http://127.0.0.1.nip.io/callback",
                                 "https://app.example\\@evil.com/cb",
                                 "https://APP.EXAMPLE/cb",
                                 "HTTPS://app.example/cb",
                                 "https://app.example./cb",
                                 "http://[0:0:0:0:0:0:0:1]/callback",
                                 "http://127.1/callback",
                                 "http://2130706433/callback",
                                 "https://app.example/cb/",
                                 "https://app.example/CB",
                                 "https://app.example:443/cb",
                                 "http://app.example/cb",
                                 "https://evil.example/cb",
                                 "https://app.example/with",
                                 "https://app.example/with?tenant=2",
                                 "http://localhost:3001/cb",
                                 "http://localhost/cb",
                                 "http://[::1]/callback/x",
                                 ""}) {
        auto q = valid_query(bad);
        expect_page(run(get(q)), bad);
        // Error-path open redirect: a bad redirect_uri together with a bad scope or response_type still only
        // gets the page.
        q.add("scope", "not-a-scope");
        expect_page(run(get(q)), bad);
        auto t = valid_query(bad);
        t.erase("response_type").add("response_type", "token");
        expect_page(run(get(t)), bad);
    }
}

BOOST_FIXTURE_TEST_CASE(bad_client_never_redirects, fixture) {
    auto q = valid_query();
    q.erase("client_id").add("client_id", "ghost").add("scope", "not-a-scope");
    expect_page(run(get(q)), "unknown client");
    q.erase("client_id");
    expect_page(run(get(q)), "no client_id");
    q.add("client_id", "");
    expect_page(run(get(q)), "empty client_id");
    auto twice = valid_query();
    twice.add("client_id", "app");
    expect_page(run(get(twice)), "repeated client_id");
    auto two_uris = valid_query();
    two_uris.add("redirect_uri", "https://evil.example/cb");
    expect_page(run(get(two_uris)), "repeated redirect_uri");
    // Another client's redirect URI.
    expect_page(run(get(valid_query("https://single.example/cb"))), "foreign redirect_uri");
    // Omitted while several are registered.
    auto none = valid_query();
    none.erase("redirect_uri");
    expect_page(run(get(none)), "omitted redirect_uri");
    auto malformed = authwire_test::form_post(authorize_url, {});
    malformed.body = "client_id=%zz&response_type=code";
    expect_page(run(malformed), "malformed form");
    // The page never reflects the request.
    auto xss = valid_query("https://app.example/<script>");
    auto const page = run(get(xss));
    expect_page(page, "xss");
    BOOST_TEST(page.response().body.find("<script>") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(loopback_port_variance_only_for_loopback_ips, fixture) {
    auto const step = run(get(valid_query("http://127.0.0.1:49152/callback")));
    BOOST_TEST_REQUIRE(step.needs_consent());
    BOOST_TEST(step.request().redirect_uri == "http://127.0.0.1:49152/callback");  // the port as requested
    auto const r = finish_authorization(step.request(), consent_decision::approve, "u", {}, now, codes, config);
    BOOST_TEST(r.header("Location")->starts_with("http://127.0.0.1:49152/callback?code="));
    expect_page(run(get(valid_query("http://localhost:3001/cb"))), "localhost is exact");
    BOOST_TEST(run(get(valid_query("http://localhost:3000/cb"))).needs_consent());
}

// Issue 14, OIDC Registration §2: the redirect URI is matched under the client's application_type — a web
// client's loopback URI (registered before the rule, or written into the store directly) never receives a
// code; a native client's does, on any port; a record without a type keeps the plain rules (the test above).
BOOST_FIXTURE_TEST_CASE(the_application_type_of_the_client_applies, fixture) {
    for (auto type : {application_type::web, application_type::native}) {
        client_record r;
        r.client_id = std::string(to_string(type));
        r.redirect_uris = {"https://app.example/cb", "http://127.0.0.1/callback"};
        r.grant_types = {"authorization_code"};
        r.token_endpoint_auth_method = "none";
        r.application_type = type;
        BOOST_REQUIRE(clients.register_client(std::move(r)));
    }
    auto query = [&](std::string_view client, std::string_view redirect) {
        auto q = valid_query(redirect);
        q.erase("client_id").add("client_id", client);
        return get(q);
    };
    expect_page(run(query("web", "http://127.0.0.1:49152/callback")), "web, loopback");
    expect_page(run(query("web", "http://127.0.0.1/callback")), "web, loopback, exact");
    BOOST_TEST(run(query("web", "https://app.example/cb")).needs_consent());
    BOOST_TEST(run(query("native", "http://127.0.0.1:49152/callback")).needs_consent());
    BOOST_TEST(run(query("native", "https://app.example/cb")).needs_consent());
}

BOOST_FIXTURE_TEST_CASE(errors_after_the_redirect_uri_is_trusted_go_back_to_the_client, fixture) {
    auto with = [&](auto mutate) {
        auto q = valid_query();
        mutate(q);
        return run(get(q));
    };
    expect_redirect_error(with([](form& q) { q.erase("response_type"); }), error::invalid_request, "no response_type");
    expect_redirect_error(with([](form& q) { q.erase("response_type").add("response_type", "token"); }),
                          error::unsupported_response_type, "implicit");
    expect_redirect_error(with([](form& q) { q.erase("response_type").add("response_type", "code id_token"); }),
                          error::unsupported_response_type, "hybrid");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge").erase("code_challenge_method"); }),
                          error::invalid_request, "no PKCE");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge_method"); }), error::invalid_request,
                          "absent method means plain, which is refused");
    expect_redirect_error(
        with([&](form& q) {
            q.erase("code_challenge").erase("code_challenge_method");
            q.add("code_challenge", pkce.code_verifier.reveal()).add("code_challenge_method", "plain");
        }),
        error::invalid_request, "plain refused");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge_method").add("code_challenge_method", "S512"); }),
                          error::invalid_request, "unknown method");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge_method").add("code_challenge_method", "s256"); }),
                          error::invalid_request, "method is case-sensitive");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge").add("code_challenge", "too-short"); }),
                          error::invalid_request, "malformed challenge");
    expect_redirect_error(with([](form& q) { q.erase("code_challenge").add("code_challenge", std::string(43, '+')); }),
                          error::invalid_request, "challenge alphabet");
    expect_redirect_error(with([](form& q) { q.add("scope", "mcp unknown"); }), error::invalid_scope, "unknown scope");
    expect_redirect_error(with([](form& q) { q.add("scope", "mcp").add("scope", "admin"); }), error::invalid_request,
                          "repeated scope");
    expect_redirect_error(with([](form& q) { q.add("resource", "https://evil.example/"); }), error::invalid_target,
                          "unknown resource");
    expect_redirect_error(with([](form& q) { q.add("resource", "https://mcp.example/mcp").add("resource", "x"); }),
                          error::invalid_target, "one unknown resource");
    expect_redirect_error(with([](form& q) { q.add("response_mode", "fragment"); }), error::invalid_request,
                          "fragment mode");
    expect_redirect_error(with([](form& q) { q.add("code_challenge", "x"); }), error::invalid_request,
                          "repeated code_challenge");

    // A client registered for another grant.
    auto m = valid_query("https://machine.example/cb");
    m.erase("client_id").add("client_id", "machine");
    expect_redirect_error(run(get(m)), error::unauthorized_client, "client_credentials client",
                          "https://machine.example/cb?");
    // A client registered with a narrower scope.
    auto n = valid_query("https://narrow.example/cb");
    n.erase("client_id").add("client_id", "narrow").add("scope", "admin");
    expect_redirect_error(run(get(n)), error::invalid_scope, "outside the registered scope",
                          "https://narrow.example/cb?");
    n.erase("scope").add("scope", "mcp");
    BOOST_TEST(run(get(n)).needs_consent());

    // A redirect URI with its own query keeps it.
    auto const t = run(get(valid_query("https://app.example/with?tenant=1")));
    BOOST_TEST_REQUIRE(t.needs_consent());
    auto const r = finish_authorization(t.request(), consent_decision::deny, "u", {}, now, codes, config);
    BOOST_TEST(r.header("Location")->starts_with("https://app.example/with?tenant=1&error=access_denied"));
}

BOOST_FIXTURE_TEST_CASE(plain_pkce_when_allowed_and_pkce_optional, fixture) {
    config.authorization_codes.allow_plain_pkce = true;
    auto q = valid_query();
    q.erase("code_challenge").erase("code_challenge_method").add("code_challenge", pkce.code_verifier.reveal());
    auto const step = run(get(q));  // method absent ⇒ plain (RFC 7636 §4.3)
    BOOST_TEST_REQUIRE(step.needs_consent());
    BOOST_TEST((step.request().code_challenge_method == oauth::code_challenge_method::plain));

    config.authorization_codes.require_pkce = false;
    auto bare = valid_query();
    bare.erase("code_challenge").erase("code_challenge_method");
    auto const no_pkce = run(get(bare));
    BOOST_TEST_REQUIRE(no_pkce.needs_consent());
    BOOST_TEST(no_pkce.request().code_challenge.empty());
    bare.add("code_challenge_method", "S256");
    expect_redirect_error(run(get(bare)), error::invalid_request, "method without challenge");
}

BOOST_FIXTURE_TEST_CASE(methods, fixture) {
    auto post = authwire_test::form_post(authorize_url, valid_query());
    BOOST_TEST(run(post).needs_consent());
    auto huge = post;
    huge.body += "&state=" + std::string(70 * 1024, 'a');
    expect_page(run(huge), "oversized request");
    post.method = "PUT";
    auto const put = run(post);
    BOOST_TEST(put.response().status == 405u);
    BOOST_TEST(!put.response().header("Location"));
}

BOOST_AUTO_TEST_CASE(a_failing_store_is_a_page_not_a_redirect) {
    struct broken_store {
        result<void> register_client(client_record) { return error::unsupported_operation; }
        result<std::optional<client_record>> find_client(std::string_view) const {
            return error::unsupported_operation;
        }
    };
    broken_store s;
    auto const config = test_config();
    auto const step = authorize(fixture::get("https://as.example/authorize?client_id=a&response_type=code"), s, config);
    BOOST_TEST(step.response().status == 500u);
    BOOST_TEST(!step.response().header("Location"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_authorization_endpoint_test
