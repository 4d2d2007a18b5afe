#include <authwire/server/token_endpoint.hpp>

#include "clock_support.hpp"
#include "endpoint_support.hpp"

#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/oauth/www_authenticate.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace server_token_endpoint_test {

using namespace authwire;
using namespace authwire::server;
using authwire_test::test_config;
using namespace std::chrono_literals;

using server_test::t0;
constexpr std::string_view token_url = "https://as.example/token";

// A test-only access-token format: opaque random handles remembered in a map (the real JWE format is
// token_issuer.hpp's). It fails on demand, to exercise the endpoint's server_error path.
class table_format {
public:
    result<issued_access_token> issue(access_token_grant const& g, std::chrono::system_clock::time_point now,
                                      random_source rng) const {
        if (fail_) return error::crypto_failure;
        auto jti = random_token(16, rng);
        if (!jti) return jti.error();
        access_token_info info{"https://as.example", g.subject, g.client_id, g.scope,  g.audience,
                               g.family_id,          *jti,      now,         now + 1h, g.claims};
        std::lock_guard lock(mutex_);
        tokens_["at-" + *jti] = info;
        return issued_access_token{secret("at-" + *jti), *jti, 1h, now + 1h};
    }
    // Accepted until expiry + leeway, as jwt_access_token_format reads them.
    result<access_token_info> read(std::string_view token, std::chrono::system_clock::time_point now) const {
        std::lock_guard lock(mutex_);
        auto it = tokens_.find(std::string(token));
        if (it == tokens_.end()) return error::malformed_token;
        if (now >= it->second.expires_at + leeway_) return error::token_expired;
        return it->second;
    }
    std::chrono::seconds leeway() const noexcept { return leeway_; }
    void fail(bool f) { fail_ = f; }
    void set_leeway(std::chrono::seconds l) { leeway_ = l; }

private:
    mutable std::mutex mutex_;
    mutable std::map<std::string, access_token_info> tokens_;
    bool fail_ = false;
    std::chrono::seconds leeway_{0};
};
static_assert(access_token_format<table_format>);

struct fixture {
    memory_client_store clients;
    memory_code_store codes;
    memory_refresh_store refresh;
    memory_revocation_store revoked;
    table_format format;
    authorization_server_config config = test_config();
    oauth::pkce_pair pkce = oauth::make_pkce().value();
    secret app_secret;

    fixture() {
        config.client_credentials = true;
        add("public-app", "none", {"authorization_code", "refresh_token"});
        add("no-refresh", "none", {"authorization_code"});
        add("other-app", "none", {"authorization_code", "refresh_token"});
        app_secret = add("web-app", "client_secret_basic", {"authorization_code", "refresh_token"});
        add("machine", "client_secret_post", {"client_credentials"}, "mcp");
    }

    secret add(std::string id, std::string method, std::vector<std::string> grants, std::string scope = {}) {
        client_record r;
        r.client_id = std::move(id);
        r.redirect_uris = {"https://app.example/cb"};
        r.grant_types = std::move(grants);
        r.response_types = {"code"};
        r.token_endpoint_auth_method = method;
        r.scope = std::move(scope);
        secret s;
        if (method != "none") {
            s = secret(r.client_id + "-secret-0123456789");
            r.client_secret = hash_client_secret(s).value();
        }
        BOOST_REQUIRE(clients.register_client(std::move(r)));
        return s;
    }

    auto stores() { return token_endpoint_stores{clients, codes, refresh, revoked}; }

    http_response post(http_request const& req, std::chrono::system_clock::time_point now = t0) {
        return handle_token_request(req, now, stores(), format, config);
    }

    // A code as the authorization endpoint would issue it.
    std::string code_for(std::string client_id = "public-app", std::string scope = "mcp",
                         std::vector<std::string> resources = {"https://mcp.example/mcp"}, bool with_pkce = true,
                         oauth::code_challenge_method method = oauth::code_challenge_method::S256) {
        authorization_code_record r;
        r.client_id = std::move(client_id);
        r.redirect_uri = "https://app.example/cb";
        if (with_pkce) {
            r.code_challenge = oauth::make_code_challenge(pkce.code_verifier.reveal(), method).value();
            r.code_challenge_method = method;
        }
        r.scope = std::move(scope);
        r.resources = std::move(resources);
        r.subject = "user-42";
        r.claims["api_key"] = "k-123";
        auto policy = config.authorization_codes;
        policy.require_pkce = with_pkce;
        policy.allow_plain_pkce = true;
        return std::string(issue_authorization_code(codes, std::move(r), t0, policy).value().reveal());
    }

    // The token request authwire's client side builds.
    http_request code_request(std::string const& code, oauth::client_authentication const& auth,
                              bool with_verifier = true) const {
        oauth::authorization_code_grant g;
        g.code = secret(code);
        g.redirect_uri = "https://app.example/cb";
        if (with_verifier) g.code_verifier = pkce.code_verifier;
        return oauth::make_token_request(token_url, g, auth).value();
    }
    http_request refresh_request(std::string_view token, std::string_view client = "public-app",
                                 oauth::scope_set scope = {}) const {
        oauth::refresh_token_grant g;
        g.refresh_token = secret(token);
        g.scope = std::move(scope);
        return oauth::make_token_request(token_url, g, oauth::client_authentication::public_client(client)).value();
    }

    oauth::token_response expect_tokens(http_response const& r, std::chrono::system_clock::time_point now = t0) {
        BOOST_TEST_REQUIRE(r.status == 200u, r.body);
        BOOST_TEST(*r.header("Cache-Control") == "no-store");
        BOOST_TEST(*r.header("Pragma") == "no-cache");
        auto parsed = oauth::parse_token_response(r, now);
        BOOST_TEST_REQUIRE(parsed.has_value());
        BOOST_TEST(parsed->is_bearer());
        BOOST_TEST((*parsed->expires_in == 3600s));
        return std::move(*parsed);
    }
    static void expect_error(http_response const& r, error e, unsigned status, std::string_view context = {}) {
        BOOST_TEST(r.status == status, context << ": " << r.body);
        BOOST_TEST(*r.header("Cache-Control") == "no-store", context);
        auto f = oauth::parse_token_response(r, t0);
        BOOST_TEST_REQUIRE(!f.has_value(), context);
        BOOST_TEST((f.error().code == e), context << ": " << f.error());
    }
    access_token_info info(oauth::token_response const& t) const {
        return format.read(t.access_token.reveal(), t0).value();
    }
};

using auth = oauth::client_authentication;

BOOST_AUTO_TEST_SUITE(server_token_endpoint)

BOOST_FIXTURE_TEST_CASE(authorization_code_for_a_public_client, fixture) {
    auto t = expect_tokens(post(code_request(code_for(), auth::public_client("public-app"))));
    BOOST_TEST(!t.refresh_token.empty());
    BOOST_TEST(t.scope->to_string() == "mcp");
    auto const i = info(t);
    BOOST_TEST(i.subject == "user-42");
    BOOST_TEST(i.client_id == "public-app");
    BOOST_TEST(i.scope == "mcp");
    BOOST_TEST(i.audience == std::vector<std::string>{"https://mcp.example/mcp"});
    BOOST_TEST(!i.family_id.empty());
    BOOST_TEST(i.claims.at("api_key").as_string() == "k-123");
    // No refresh token for a client not registered for refresh_token.
    auto n = expect_tokens(post(code_request(code_for("no-refresh"), auth::public_client("no-refresh"))));
    BOOST_TEST(n.refresh_token.empty());
}

// Issue 14, OIDC Core §11 / MCP SEP-2207: with the OIDC-flavoured policy a refresh token comes only with a grant
// that includes offline_access; without it (the default) every client registered for refresh_token gets one.
BOOST_FIXTURE_TEST_CASE(offline_access_decides_refresh_tokens_when_oidc_flavoured, fixture) {
    config.offline_access = true;
    BOOST_TEST_REQUIRE(config.validate().has_value());
    auto without = expect_tokens(post(code_request(code_for("public-app", "mcp"), auth::public_client("public-app"))));
    BOOST_TEST(without.refresh_token.empty());
    BOOST_TEST(!info(without).family_id.empty());  // the grant still exists: a replayed code revokes its tokens
    auto with = expect_tokens(
        post(code_request(code_for("public-app", "mcp offline_access"), auth::public_client("public-app"))));
    BOOST_TEST_REQUIRE(!with.refresh_token.empty());
    BOOST_TEST(with.scope->contains("offline_access"));
    // The refresh works, and narrowing away offline_access is allowed (the grant is what was consented).
    auto next = expect_tokens(post(refresh_request(with.refresh_token.reveal(), "public-app",
                                                   oauth::scope_set::parse("mcp").value())));
    BOOST_TEST(next.scope->to_string() == "mcp");
    BOOST_TEST(!next.refresh_token.empty());
    // A client not registered for refresh_token gets none, offline_access or not.
    auto none = expect_tokens(
        post(code_request(code_for("no-refresh", "mcp offline_access"), auth::public_client("no-refresh"))));
    BOOST_TEST(none.refresh_token.empty());
    // Off (the default): refresh tokens as before, without offline_access.
    config.offline_access = false;
    auto plain = expect_tokens(post(code_request(code_for("public-app", "mcp"), auth::public_client("public-app"))));
    BOOST_TEST(!plain.refresh_token.empty());
}

BOOST_FIXTURE_TEST_CASE(authorization_code_for_a_confidential_client, fixture) {
    auto const code = code_for("web-app", "mcp admin", {"https://mcp.example/mcp", "https://other.example/api"});
    auto req = code_request(code, auth::secret_basic("web-app", app_secret));
    // RFC 8707 §2.2: the token request may narrow the resources.
    req.body += "&resource=https%3A%2F%2Fother.example%2Fapi";
    auto t = expect_tokens(post(req));
    BOOST_TEST(t.scope->to_string() == "mcp admin");
    BOOST_TEST(info(t).audience == std::vector<std::string>{"https://other.example/api"});

    auto wrong = post(code_request(code_for("web-app"), auth::secret_basic("web-app", secret("wrong"))));
    expect_error(wrong, error::invalid_client, 401, "wrong secret");
    auto challenge = oauth::parse_www_authenticate(wrong).value();
    BOOST_TEST(challenge.at(0).is("Basic"));
    BOOST_TEST(*challenge.at(0).realm() == "https://as.example");
    expect_error(post(code_request(code_for("web-app"), auth::public_client("web-app"))), error::invalid_client, 401,
                 "confidential client without secret");
}

BOOST_FIXTURE_TEST_CASE(code_failures, fixture) {
    auto pub = auth::public_client("public-app");
    expect_error(post(code_request("not-a-code-we-issued", pub)), error::invalid_grant, 400, "unknown code");
    expect_error(post(code_request(code_for("other-app"), pub)), error::invalid_grant, 400, "another client's code");
    auto wrong_uri = code_request(code_for(), pub);
    wrong_uri.body = form{
        {"grant_type", "authorization_code"},
        {"code", code_for()},
        {"redirect_uri", "https://app.example/other"},
        {"code_verifier", pkce.code_verifier.reveal()},
        {"client_id",
         "public-app"}}.encode();
    expect_error(post(wrong_uri), error::invalid_grant, 400, "redirect_uri mismatch");
    expect_error(post(code_request(code_for(), pub, false)), error::invalid_grant, 400, "verifier missing");
    auto other_verifier = oauth::make_pkce().value();
    oauth::authorization_code_grant g;
    g.code = secret(code_for());
    g.redirect_uri = "https://app.example/cb";
    g.code_verifier = other_verifier.code_verifier;
    expect_error(post(oauth::make_token_request(token_url, g, pub).value()), error::invalid_grant, 400,
                 "verifier mismatch");
    // PKCE downgrade: a verifier for a code issued without a challenge.
    config.authorization_codes.require_pkce = false;
    expect_error(post(code_request(code_for("public-app", "mcp", {"https://mcp.example/mcp"}, false), pub)),
                 error::invalid_grant, 400, "verifier without challenge");
    config.authorization_codes.require_pkce = true;
    // plain while S256 is required.
    expect_error(post(code_request(code_for("public-app", "mcp", {"https://mcp.example/mcp"}, true,
                                            oauth::code_challenge_method::plain),
                                   pub)),
                 error::invalid_grant, 400, "plain refused");
    // Expired (codes live 60 s).
    expect_error(post(code_request(code_for(), pub), t0 + 61s), error::invalid_grant, 400, "expired");
    // A resource the code was not issued for.
    auto widen = code_request(code_for(), pub);
    widen.body += "&resource=https%3A%2F%2Fother.example%2Fapi";
    expect_error(post(widen), error::invalid_target, 400, "resource widening");
    // Missing code.
    expect_error(
        post(authwire_test::form_post(token_url, {{"grant_type", "authorization_code"}, {"client_id", "public-app"}})),
        error::invalid_request, 400, "no code");
}

BOOST_FIXTURE_TEST_CASE(code_reuse_revokes_what_the_code_issued, fixture) {
    auto const code = code_for();
    auto first = expect_tokens(post(code_request(code, auth::public_client("public-app"))));
    auto const family = info(first).family_id;
    BOOST_TEST(!revoked.is_revoked(family, info(first).jti, t0 + 1s).value());
    expect_error(post(code_request(code, auth::public_client("public-app")), t0 + 1s), error::invalid_grant, 400,
                 "reuse");
    BOOST_TEST(revoked.is_revoked(family, info(first).jti, t0 + 2s).value());  // its access tokens
    expect_error(post(refresh_request(first.refresh_token.reveal()), t0 + 2s), error::invalid_grant, 400,
                 "its refresh token");
}

// Issue 12, RFC 6749 §4.1.3 / §10.5: a code presented by another client is refused and burnt (it has leaked);
// its rightful client is then told the code was used — not that tokens were revoked, since none were issued.
BOOST_FIXTURE_TEST_CASE(a_code_presented_by_another_client_is_burnt_and_no_revocation_is_claimed, fixture) {
    auto const pub = auth::public_client("public-app");
    auto description = [](http_response const& r) { return oauth::parse_error_response(r).value().error_description; };
    auto const code = code_for();
    auto const wrong = post(code_request(code, auth::public_client("other-app")));
    expect_error(wrong, error::invalid_grant, 400, "another client");
    BOOST_TEST(description(wrong) == "authorization code was issued to another client");
    auto const late = post(code_request(code, pub), t0 + 1s);
    expect_error(late, error::invalid_grant, 400, "its own client, after");
    BOOST_TEST(description(late) == "authorization code was already used");
    BOOST_TEST(description(late).find("revoked") == std::string::npos);
    BOOST_TEST(refresh.family_count() == 0u);  // nothing was issued, nothing revoked

    // A code reused after it was exchanged still says what the reuse did.
    auto const used = code_for();
    expect_tokens(post(code_request(used, pub)));
    auto const again = post(code_request(used, pub), t0 + 1s);
    expect_error(again, error::invalid_grant, 400, "reuse after an exchange");
    BOOST_TEST(description(again) == "authorization code was already used; tokens issued with it are revoked");
}

BOOST_FIXTURE_TEST_CASE(refresh_rotates_and_reuse_revokes_the_family, fixture) {
    auto first =
        expect_tokens(post(code_request(code_for("public-app", "mcp admin"), auth::public_client("public-app"))));
    auto second = expect_tokens(post(refresh_request(first.refresh_token.reveal()), t0 + 10s), t0 + 10s);
    BOOST_TEST(!second.refresh_token.empty());
    BOOST_TEST(second.refresh_token.reveal() != first.refresh_token.reveal());
    BOOST_TEST(second.scope->to_string() == "mcp admin");  // absent ⇒ the grant's scope
    auto const i = info(second);
    BOOST_TEST(i.family_id == info(first).family_id);
    BOOST_TEST(i.subject == "user-42");
    BOOST_TEST(i.claims.at("api_key").as_string() == "k-123");

    // Narrowing is allowed, widening is not — and a refused widening does not spend the token.
    expect_error(post(refresh_request(second.refresh_token.reveal(), "public-app", {"mcp", "root"}), t0 + 20s),
                 error::invalid_scope, 400, "unknown scope");
    auto narrowed_grant =
        expect_tokens(post(authwire_test::form_post(token_url, {{"grant_type", "refresh_token"},
                                                                {"refresh_token", second.refresh_token.reveal()},
                                                                {"scope", "mcp"},
                                                                {"client_id", "public-app"}}),
                           t0 + 20s),
                      t0 + 20s);
    BOOST_TEST(narrowed_grant.scope->to_string() == "mcp");
    BOOST_TEST(info(narrowed_grant).scope == "mcp");

    // Reuse of a spent token — even one asking for a scope it could never get — revokes the whole family,
    // refresh and access tokens.
    expect_error(post(refresh_request(first.refresh_token.reveal(), "public-app", {"root"}), t0 + 30s),
                 error::invalid_grant, 400, "reuse");
    expect_error(post(refresh_request(narrowed_grant.refresh_token.reveal()), t0 + 31s), error::invalid_grant, 400,
                 "family revoked");
    BOOST_TEST(revoked.is_revoked(i.family_id, "", t0 + 32s).value());

    // Another client cannot use the token, and an unknown one is invalid_grant.
    auto other = expect_tokens(post(code_request(code_for(), auth::public_client("public-app"))));
    expect_error(post(refresh_request(other.refresh_token.reveal(), "other-app")), error::invalid_grant, 400,
                 "foreign token");
    expect_error(post(refresh_request("garbage")), error::invalid_grant, 400, "unknown");
    expect_tokens(post(refresh_request(other.refresh_token.reveal())));  // still good for its owner
    // Expired (30 days).
    auto late = expect_tokens(post(code_request(code_for(), auth::public_client("public-app"))));
    expect_error(post(refresh_request(late.refresh_token.reveal()), t0 + 24h * 31), error::invalid_grant, 400,
                 "expired");
}

// Issue 14, RFC 6749 §6: "The requested scope MUST NOT include any scope not originally granted" — even a scope
// the server supports and the client may request in a new authorization. The refusal spends nothing; the union
// is then granted through a new authorization (a new code), and that grant may be refreshed down again.
BOOST_FIXTURE_TEST_CASE(refresh_cannot_add_a_supported_scope_the_grant_lacks, fixture) {
    auto narrow = expect_tokens(post(code_request(code_for("public-app", "mcp"), auth::public_client("public-app"))));
    for (auto wider : {oauth::scope_set{"mcp", "admin"}, oauth::scope_set{"admin"}})
        expect_error(post(refresh_request(narrow.refresh_token.reveal(), "public-app", wider), t0 + 10s),
                     error::invalid_scope, 400, wider.to_string());
    auto same = expect_tokens(post(refresh_request(narrow.refresh_token.reveal()), t0 + 20s), t0 + 20s);
    BOOST_TEST(same.scope->to_string() == "mcp");
    BOOST_TEST(info(same).scope == "mcp");

    auto both =
        expect_tokens(post(code_request(code_for("public-app", "mcp admin"), auth::public_client("public-app"))));
    BOOST_TEST(info(both).scope == "mcp admin");
    auto down = expect_tokens(
        post(refresh_request(both.refresh_token.reveal(), "public-app", oauth::scope_set{"admin"}), t0 + 30s),
        t0 + 30s);
    BOOST_TEST(info(down).scope == "admin");
}

BOOST_FIXTURE_TEST_CASE(concurrent_rotation_from_8_threads_has_exactly_one_winner, fixture) {
    auto first = expect_tokens(post(code_request(code_for(), auth::public_client("public-app"))));
    auto const req = refresh_request(first.refresh_token.reveal());
    std::atomic<int> ok{0}, invalid_grant{0}, other{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i)
        threads.emplace_back([&] {
            while (!go.load()) std::this_thread::yield();
            auto const r = handle_token_request(req, t0 + 5s, stores(), format, config);
            if (r.status == 200)
                ++ok;
            else if (r.status == 400 && r.body.find("invalid_grant") != std::string::npos)
                ++invalid_grant;
            else
                ++other;
        });
    go = true;
    for (auto& t : threads) t.join();
    BOOST_TEST(ok.load() == 1);
    BOOST_TEST(invalid_grant.load() == 7);
    BOOST_TEST(other.load() == 0);
}

BOOST_FIXTURE_TEST_CASE(client_credentials, fixture) {
    oauth::client_credentials_grant g;
    auto const machine = auth::secret_post("machine", secret("machine-secret-0123456789"));
    auto t = expect_tokens(post(oauth::make_token_request(token_url, g, machine).value()));
    BOOST_TEST(t.refresh_token.empty());
    BOOST_TEST(t.scope->to_string() == "mcp");
    BOOST_TEST(info(t).subject == "machine");
    BOOST_TEST(info(t).audience == std::vector<std::string>{"https://mcp.example/mcp"});
    BOOST_TEST(info(t).family_id.empty());
    g.scope = {"admin"};
    expect_error(post(oauth::make_token_request(token_url, g, machine).value()), error::invalid_scope, 400,
                 "outside the registered scope");
    g.scope = {};
    g.resource = {"https://evil.example/"};
    expect_error(post(oauth::make_token_request(token_url, g, machine).value()), error::invalid_target, 400,
                 "unknown resource");
    // Not registered for it, or not served.
    expect_error(post(oauth::make_token_request(token_url, oauth::client_credentials_grant{},
                                                auth::secret_basic("web-app", app_secret))
                          .value()),
                 error::unauthorized_client, 400, "web app");
    config.client_credentials = false;
    expect_error(post(oauth::make_token_request(token_url, oauth::client_credentials_grant{}, machine).value()),
                 error::unsupported_grant_type, 400, "not served");
}

BOOST_FIXTURE_TEST_CASE(request_errors, fixture) {
    using authwire_test::form_post;
    expect_error(post(form_post(token_url, {{"client_id", "public-app"}})), error::invalid_request, 400,
                 "no grant_type");
    expect_error(post(form_post(token_url, {{"grant_type", "password"}, {"client_id", "public-app"}})),
                 error::unsupported_grant_type, 400, "password");
    expect_error(post(form_post(token_url, {{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                            {"client_id", "public-app"}})),
                 error::unsupported_grant_type, 400, "device");
    expect_error(post(form_post(token_url, {{"grant_type", "authorization_code"},
                                            {"grant_type", "refresh_token"},
                                            {"client_id", "public-app"}})),
                 error::invalid_request, 400, "repeated grant_type");
    expect_error(
        post(form_post(
            token_url,
            {{"grant_type", "authorization_code"}, {"code", "a"}, {"code", "b"}, {"client_id", "public-app"}})),
        error::invalid_request, 400, "repeated code");
    expect_error(post(form_post(token_url, {{"grant_type", "refresh_token"}, {"client_id", "public-app"}})),
                 error::invalid_request, 400, "no refresh_token");
    expect_error(
        post(form_post(token_url,
                       {{"grant_type", "refresh_token"}, {"refresh_token", "x"}, {"client_id", "no-refresh"}})),
        error::unauthorized_client, 400, "client not registered for refresh");
    expect_error(post(form_post(token_url, {{"grant_type", "authorization_code"}, {"code", "x"}})),
                 error::invalid_client, 401, "no client");
    auto json = form_post(token_url, {{"grant_type", "authorization_code"}});
    json.headers.set("Content-Type", "application/json");
    expect_error(post(json), error::invalid_request, 400, "content type");
    auto huge = form_post(token_url, {{"grant_type", "authorization_code"}, {"code", std::string(70 * 1024, 'c')}});
    expect_error(post(huge), error::invalid_request, 400, "oversized body");
    auto many = form_post(token_url, {});
    for (int i = 0; i < 300; ++i) many.body += "a=b&";
    expect_error(post(many), error::invalid_request, 400, "too many parameters");
    auto get = json;
    get.method = "GET";
    BOOST_TEST(post(get).status == 405u);

    // The format failing is server_error, and nothing leaks.
    format.fail(true);
    expect_error(post(code_request(code_for(), auth::public_client("public-app"))), error::server_error, 500, "format");
}

// Revocation entries are kept for the policies' access_token_lifetime; a format whose tokens (1 h here) live
// longer is a misconfiguration that would let a revoked grant's tokens come back. Refused, for every grant.
BOOST_FIXTURE_TEST_CASE(tokens_that_outlive_the_revocation_list_are_not_issued, fixture) {
    auto const first = expect_tokens(post(code_request(code_for(), auth::public_client("public-app"))));
    config.refresh_tokens.access_token_lifetime = 30min;
    expect_error(post(refresh_request(first.refresh_token.reveal())), error::server_error, 500, "refresh policy");
    config.refresh_tokens.access_token_lifetime = 1h;
    config.authorization_codes.access_token_lifetime = 59min;
    expect_error(post(code_request(code_for(), auth::public_client("public-app"))), error::server_error, 500,
                 "code policy");
    auto machine = oauth::make_token_request(token_url, oauth::client_credentials_grant{},
                                             auth::secret_post("machine", secret("machine-secret-0123456789")))
                       .value();
    expect_error(post(machine), error::server_error, 500, "client credentials");
    config.authorization_codes.access_token_lifetime = 1h;  // equal is enough
    expect_tokens(post(machine));
}

// Issue 12: a format with a leeway accepts its tokens until exp + leeway, so they outlive a list kept for the
// lifetime alone. The guard counts the leeway: refused until both policies know it (access_token_leeway).
BOOST_FIXTURE_TEST_CASE(a_format_leeway_counts_against_the_revocation_list, fixture) {
    format.set_leeway(24h);
    auto const pub = auth::public_client("public-app");
    expect_error(post(code_request(code_for(), pub)), error::server_error, 500, "24 h leeway, policies unaware");
    config.authorization_codes.access_token_leeway = 24h;
    expect_error(post(code_request(code_for(), pub)), error::server_error, 500, "refresh policy unaware");
    config.refresh_tokens.access_token_leeway = 24h;
    auto const t = expect_tokens(post(code_request(code_for(), pub)));
    config.authorization_codes.access_token_leeway = 23h;
    expect_error(post(refresh_request(t.refresh_token.reveal())), error::server_error, 500, "code policy short");
}

// Issue 12: a grant revoked for code or refresh-token reuse stays on the revocation list for as long as the
// format still accepts its access tokens — past their exp, through the leeway.
BOOST_FIXTURE_TEST_CASE(a_grant_revoked_for_reuse_stays_revoked_through_the_leeway, fixture) {
    format.set_leeway(10min);
    config.authorization_codes.access_token_leeway = 10min;
    config.refresh_tokens.access_token_leeway = 10min;
    auto const pub = auth::public_client("public-app");
    auto inside_leeway = [&](oauth::token_response const& t) {
        auto const i = info(t);
        auto const when = i.expires_at + 9min;
        BOOST_TEST_REQUIRE(format.read(t.access_token.reveal(), when).has_value());  // still accepted
        return revoked.is_revoked(i.family_id, i.jti, when).value();
    };

    auto const code = code_for();
    auto const first = expect_tokens(post(code_request(code, pub)));
    expect_error(post(code_request(code, pub), t0 + 1s), error::invalid_grant, 400, "code reuse");
    BOOST_TEST(inside_leeway(first));

    auto const second = expect_tokens(post(code_request(code_for(), pub)));
    auto const rotated = expect_tokens(post(refresh_request(second.refresh_token.reveal()), t0 + 1s), t0 + 1s);
    expect_error(post(refresh_request(second.refresh_token.reveal()), t0 + 2s), error::invalid_grant, 400,
                 "refresh reuse");
    BOOST_TEST(inside_leeway(second));
    BOOST_TEST(inside_leeway(rotated));
}

// A refresh store whose backend can go away (as authwire::redis's does when Redis is down): while `failure` is
// set every call fails with it.
struct flaky_refresh_store {
    memory_refresh_store& inner;
    error_code failure{};
    result<void> create_family(refresh_family_record r, token_hash const& h, std::chrono::system_clock::time_point t) {
        if (failure) return failure;
        return inner.create_family(std::move(r), h, t);
    }
    result<rotation> rotate(token_hash const& h, std::string_view id, std::chrono::system_clock::time_point t,
                            refresh_successor const& s) {
        if (failure) return failure;
        return inner.rotate(h, id, t, s);
    }
    result<std::optional<refresh_token_info>> find_refresh_token(token_hash const& h,
                                                                 std::chrono::system_clock::time_point t) {
        if (failure) return failure;
        return inner.find_refresh_token(h, t);
    }
    result<bool> revoke_family(std::string_view id) {
        if (failure) return result<bool>(boost::system::in_place_error, failure);
        return inner.revoke_family(id);
    }
};
static_assert(refresh_store<flaky_refresh_store>);

// A store that is unavailable is 503 temporarily_unavailable — the client should retry — and one that fails
// otherwise is 500 server_error; either way no token is issued, and the refresh token is not spent.
BOOST_FIXTURE_TEST_CASE(an_unavailable_store_is_503_temporarily_unavailable, fixture) {
    flaky_refresh_store flaky{refresh};
    auto send = [&](http_request const& r, std::chrono::system_clock::time_point now) {
        return handle_token_request(r, now, token_endpoint_stores{clients, codes, flaky, revoked}, format, config);
    };
    auto const first = expect_tokens(send(code_request(code_for(), auth::public_client("public-app")), t0));

    flaky.failure = error::temporarily_unavailable;
    auto down = send(refresh_request(first.refresh_token.reveal()), t0 + 10s);
    expect_error(down, error::temporarily_unavailable, 503, "refresh while the store is down");
    BOOST_TEST(down.body.find("access_token") == std::string::npos);
    expect_error(send(code_request(code_for(), auth::public_client("public-app")), t0 + 10s),
                 error::temporarily_unavailable, 503, "code exchange while the store is down");
    expect_error(send(refresh_request(first.refresh_token.reveal(), "public-app", {"mcp"}), t0 + 10s),
                 error::temporarily_unavailable, 503, "narrowing refresh while the store is down");

    flaky.failure = error::unsupported_operation;
    expect_error(send(refresh_request(first.refresh_token.reveal()), t0 + 10s), error::server_error, 500,
                 "refresh with a broken store");

    flaky.failure = {};
    expect_tokens(send(refresh_request(first.refresh_token.reveal()), t0 + 20s), t0 + 20s);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_token_endpoint_test
