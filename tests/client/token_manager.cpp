#include <authwire/client/token_manager.hpp>

#include "client/support.hpp"

#include <authwire/client/code_flow.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/registration.hpp>

#include <authwire/core/form.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <latch>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

namespace client_token_manager_test {

using namespace authwire;
using namespace authwire::client;
using namespace std::chrono_literals;
using authwire::test::response;
using authwire::test::scripted_executor;
using time_point = std::chrono::system_clock::time_point;

constexpr auto token_endpoint = "https://as.example/token";

token_manager_config config() {
    token_manager_config c;
    c.issuer = "https://as.example";
    c.token_endpoint = token_endpoint;
    c.client = oauth::client_authentication::public_client("client-1");
    c.resource = {"https://rs.example/mcp"};
    return c;
}

oauth::token_response tokens(std::string_view at, std::string_view rt, std::chrono::seconds life, time_point issued) {
    oauth::token_response t;
    t.access_token = secret(at);
    t.token_type = "Bearer";
    t.expires_in = life;
    t.expires_at = issued + life;
    if (!rt.empty()) t.refresh_token = secret(rt);
    t.scope = oauth::scope_set{"files:read"};
    return t;
}

std::string refresh_body(std::string_view rt) {
    return form{{"grant_type", "refresh_token"},
                {"refresh_token", rt},
                {"resource", "https://rs.example/mcp"},
                {"client_id", "client-1"}}
        .encode();
}

http_response token_json(std::string_view at, std::string_view rt, int expires_in = 3600) {
    std::string body = R"({"access_token":")" + std::string(at) + R"(","token_type":"Bearer","expires_in":)" +
                       std::to_string(expires_in);
    if (!rt.empty()) body += R"(,"refresh_token":")" + std::string(rt) + '"';
    return response(200, body + "}");
}

std::string value_of(outcome<secret> const& r) { return r ? std::string(r->reveal()) : "error"; }

error code_of(outcome<secret> const& r) { return r ? error{} : static_cast<error>(r.error().code.value()); }

BOOST_AUTO_TEST_SUITE(client_token_manager)

// Before the margin, the current token; at the margin (5 min before expiry), one refresh; after it, the new one.
BOOST_AUTO_TEST_CASE(proactive_refresh_at_the_margin) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    std::vector<std::string> log;
    auto cfg = config();
    cfg.store = [&](oauth::token_response const& t) {
        log.push_back("store " + std::string(t.refresh_token.reveal()));
        return result<void>{};
    };
    token_manager m(cfg, std::ref(ex));
    BOOST_TEST((m.state() == token_manager_state::no_tokens));
    BOOST_TEST((code_of(m.access_token(t0)) == error::not_signed_in));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST((*m.refresh_at() == t0 + 3300s));

    BOOST_TEST(value_of(m.access_token(t0)) == "AT1");
    BOOST_TEST(value_of(m.access_token(t0 + 3299s)) == "AT1");
    BOOST_TEST(ex.calls() == 0u);  // no refresh before the margin

    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    auto const t1 = t0 + 3300s;
    auto r = m.access_token(t1);
    log.push_back("got " + value_of(r));
    BOOST_TEST(value_of(r) == "AT2");
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST(value_of(m.access_token(t1 + 1s)) == "AT2");
    BOOST_TEST(value_of(m.access_token(t1 + 3299s)) == "AT2");
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST((*m.refresh_at() == t1 + 3300s));  // the new lifetime counts from the refresh's `now`
    // The rotated refresh token was persisted before the new access token was handed out.
    BOOST_TEST(log == (std::vector<std::string>{"store RT2", "got AT2"}), boost::test_tools::per_element());

    // The next refresh presents the rotated refresh token.
    ex.expect_post(token_endpoint, refresh_body("RT2"), token_json("AT3", "RT3"));
    BOOST_TEST(value_of(m.access_token(t1 + 3300s)) == "AT3");
    BOOST_TEST(test::problems_of(ex) == "");
}

// A short-lived token is refreshed half-way through its lifetime, not at once.
BOOST_AUTO_TEST_CASE(margin_bounded_by_half_the_lifetime) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    token_manager m(config(), std::ref(ex));
    m.restore(tokens("AT1", "RT1", 120s, t0));
    BOOST_TEST(value_of(m.access_token(t0 + 59s)) == "AT1");
    BOOST_TEST(ex.calls() == 0u);
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2", 120));
    BOOST_TEST(value_of(m.access_token(t0 + 60s)) == "AT2");
    BOOST_TEST(test::problems_of(ex) == "");

    // A custom margin.
    auto cfg = config();
    cfg.refresh_margin = 10s;
    scripted_executor ex2;
    token_manager m2(cfg, std::ref(ex2));
    m2.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST(value_of(m2.access_token(t0 + 3589s)) == "AT1");
    BOOST_TEST(ex2.calls() == 0u);
    ex2.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    BOOST_TEST(value_of(m2.access_token(t0 + 3590s)) == "AT2");
    BOOST_TEST(test::problems_of(ex2) == "");
}

// Issue 6 acceptance 2: 16 threads ask while a refresh is due — exactly one refresh request, all get the new
// token, and none gets it before the rotated refresh token is stored.
BOOST_AUTO_TEST_CASE(single_flight_under_16_concurrent_callers) {
    constexpr int n = 16;
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    std::atomic<int> entered{0};
    std::atomic<bool> stored{false};
    std::atomic<int> stores{0};
    std::atomic<int> handed_out_before_store{0};
    std::atomic<bool> all_arrived{false};
    ex.expect({.method = "POST",
               .url = token_endpoint,
               .body = refresh_body("RT1"),
               .answer = token_json("AT2", "RT2"),
               .during = [&] {  // hold the refresh in flight until every caller has arrived
                   auto const deadline = std::chrono::steady_clock::now() + 5s;
                   while (entered.load() < n && std::chrono::steady_clock::now() < deadline)
                       std::this_thread::yield();
                   all_arrived = entered.load() == n;
                   std::this_thread::sleep_for(50ms);
               }});
    auto cfg = config();
    cfg.store = [&](oauth::token_response const& t) {
        std::this_thread::sleep_for(10ms);
        if (t.refresh_token.reveal() == "RT2") stored = true;
        ++stores;
        return result<void>{};
    };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));

    std::vector<std::string> got(n);
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            ++entered;
            auto r = m.access_token(t0 + 3400s);
            if (r && !stored.load()) ++handed_out_before_store;
            got[static_cast<std::size_t>(i)] = value_of(r);
        });
    for (auto& t : threads) t.join();

    BOOST_TEST(all_arrived.load());  // the callers really overlapped the refresh
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST(stores.load() == 1);
    BOOST_TEST(handed_out_before_store.load() == 0);
    for (auto const& g : got) BOOST_TEST(g == "AT2");
    BOOST_TEST(test::problems_of(ex) == "");
}

// The same under a refusal: one request, every caller gets invalid_grant, the callback runs once.
BOOST_AUTO_TEST_CASE(single_flight_shares_a_refusal) {
    constexpr int n = 16;
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    std::atomic<int> entered{0};
    ex.expect({.method = "POST",
               .url = token_endpoint,
               .body = refresh_body("RT1"),
               .answer = response(400, R"({"error":"invalid_grant"})"),
               .during = [&] {
                   auto const deadline = std::chrono::steady_clock::now() + 5s;
                   while (entered.load() < n && std::chrono::steady_clock::now() < deadline)
                       std::this_thread::yield();
                   std::this_thread::sleep_for(20ms);
               }});
    std::atomic<int> callbacks{0};
    auto cfg = config();
    cfg.on_reauthorization_required = [&](failure const&) { ++callbacks; };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    std::atomic<int> refused{0};
    std::latch start(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&] {
            start.arrive_and_wait();
            ++entered;
            if (code_of(m.access_token(t0 + 3500s)) == error::invalid_grant) ++refused;
        });
    for (auto& t : threads) t.join();
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST(refused.load() == n);
    BOOST_TEST(callbacks.load() == 1);
    BOOST_TEST(test::problems_of(ex) == "");
}

// RFC 6749 §5.2 invalid_grant: tokens forgotten, re-authorization reported, nothing more sent.
BOOST_AUTO_TEST_CASE(invalid_grant_requires_reauthorization) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint, refresh_body("RT1"),
                   response(400, R"({"error":"invalid_grant","error_description":"refresh token reused"})"));
    std::vector<std::string> seen;
    bool client_forgotten = false;
    auto cfg = config();
    cfg.on_reauthorization_required = [&](failure const& f) { seen.push_back(f.response->error_description); };
    cfg.on_client_rejected = [&](failure const&) { client_forgotten = true; };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    auto r = m.access_token(t0 + 3500s);
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::invalid_grant));
    BOOST_TEST((m.state() == token_manager_state::reauthorization_required));
    BOOST_TEST(seen == (std::vector<std::string>{"refresh token reused"}), boost::test_tools::per_element());
    BOOST_TEST(!client_forgotten);
    BOOST_TEST(!m.refresh_at());  // the tokens are gone
    // Even before the old access token would have expired, nothing is handed out and nothing is sent.
    BOOST_TEST((code_of(m.access_token(t0 + 3501s)) == error::invalid_grant));
    BOOST_TEST(ex.calls() == 1u);
    // A new authorization brings it back.
    BOOST_TEST(m.set_tokens(tokens("AT9", "RT9", 3600s, t0 + 4000s)).has_value());
    BOOST_TEST((m.state() == token_manager_state::ready));
    BOOST_TEST(value_of(m.access_token(t0 + 4001s)) == "AT9");
    BOOST_TEST(test::problems_of(ex) == "");
}

// Issue 12: a refusal the manager reports (returned, and to on_reauthorization_required) holds no secret the
// refresh request carried, even from a server that echoes them.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_secret_into_the_refusal) {
    auto const t0 = test::fixed_now();
    test::echoing_server server;
    std::vector<failure> seen;
    auto cfg = config();
    cfg.client = oauth::client_authentication::secret_basic("client-1", secret("client-secret-0123"));
    cfg.on_reauthorization_required = [&](failure const& f) { seen.push_back(f); };
    token_manager m(cfg, std::ref(server));
    m.restore(tokens("AT1", "tGzv3JOkF0XG5Qx2TlKWIA", 3600s, t0));
    auto r = m.access_token(t0 + 3500s);
    BOOST_REQUIRE(!r);
    auto secrets = test::client_secret_spellings("client-1", "client-secret-0123");
    secrets.emplace_back("tGzv3JOkF0XG5Qx2TlKWIA");
    test::expect_redacted(r.error(), secrets, "rs.example");
    BOOST_REQUIRE(seen.size() == 1u);
    test::expect_redacted(seen.front(), secrets, "rs.example");
}

// RFC 6749 §5.2 invalid_client: tokens forgotten and the registration reported as refused.
BOOST_AUTO_TEST_CASE(invalid_client_forgets_the_registration) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint, refresh_body("RT1"), response(401, R"({"error":"invalid_client"})"));
    int rejected = 0;
    bool reauth = false;
    auto cfg = config();
    cfg.on_client_rejected = [&](failure const& f) { rejected += f.code == error::invalid_client ? 1 : 100; };
    cfg.on_reauthorization_required = [&](failure const&) { reauth = true; };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST((code_of(m.access_token(t0 + 3500s)) == error::invalid_client));
    BOOST_TEST((m.state() == token_manager_state::client_rejected));
    BOOST_TEST(rejected == 1);
    BOOST_TEST(!reauth);
    BOOST_TEST((code_of(m.access_token(t0 + 3501s)) == error::invalid_client));
    BOOST_TEST(ex.calls() == 1u);
    BOOST_TEST(test::problems_of(ex) == "");
}

// A store that fails: the new access token is not handed out; storing is retried (without a new request).
BOOST_AUTO_TEST_CASE(store_failure_withholds_the_new_token) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    int attempts = 0;
    std::vector<std::string> stored;
    auto cfg = config();
    cfg.store = [&](oauth::token_response const& t) -> result<void> {
        if (++attempts == 1) return error::unsupported_operation;  // the disk is full
        stored.emplace_back(t.refresh_token.reveal());
        return {};
    };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST((code_of(m.access_token(t0 + 3300s)) == error::unsupported_operation));
    BOOST_TEST(value_of(m.access_token(t0 + 3301s)) == "AT2");
    BOOST_TEST(stored == (std::vector<std::string>{"RT2"}), boost::test_tools::per_element());
    BOOST_TEST(value_of(m.access_token(t0 + 3302s)) == "AT2");
    BOOST_TEST(attempts == 2);
    BOOST_TEST(ex.calls() == 1u);
    // set_tokens persists first too, and refuses when it cannot.
    attempts = 0;
    BOOST_TEST((m.set_tokens(tokens("AT5", "RT5", 3600s, t0)).error() == error::unsupported_operation));
    BOOST_TEST(value_of(m.access_token(t0 + 3303s)) == "AT2");
    BOOST_TEST(test::problems_of(ex) == "");

    // A rotated set that could not be stored and is due by the next call is refreshed (with the rotated refresh
    // token), not handed out.
    scripted_executor ex2;
    ex2.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    ex2.expect_post(token_endpoint, refresh_body("RT2"), token_json("AT3", "RT3"));
    attempts = 0;
    stored.clear();
    token_manager m2(cfg, std::ref(ex2));
    m2.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST((code_of(m2.access_token(t0 + 3300s)) == error::unsupported_operation));
    BOOST_TEST(value_of(m2.access_token(t0 + 7200s)) == "AT3");
    BOOST_TEST(stored == (std::vector<std::string>{"RT3"}), boost::test_tools::per_element());
    BOOST_TEST(test::problems_of(ex2) == "");
}

// A failed refresh (5xx, no response) keeps handing out the current token until it expires.
BOOST_AUTO_TEST_CASE(transient_failures_fall_back_to_the_valid_token) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint, refresh_body("RT1"), response(503, "", ""));
    ex.expect({.method = "POST", .url = token_endpoint, .answer = make_error_code(error::unsupported_operation)});
    ex.expect_post(token_endpoint, refresh_body("RT1"), response(500, R"({"error":"server_error"})"));
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    token_manager m(config(), std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST(value_of(m.access_token(t0 + 3300s)) == "AT1");
    BOOST_TEST(value_of(m.access_token(t0 + 3599s)) == "AT1");
    BOOST_TEST((code_of(m.access_token(t0 + 3600s)) == error::server_error));  // expired: the failure shows
    BOOST_TEST((m.state() == token_manager_state::ready));
    BOOST_TEST(value_of(m.access_token(t0 + 3601s)) == "AT2");
    BOOST_TEST(test::problems_of(ex) == "");
}

// RFC 6749 §6: no new refresh token in the response keeps the current one; no refresh token at all means the
// access token is handed out until it expires.
BOOST_AUTO_TEST_CASE(refresh_token_kept_or_absent) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", ""));
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT3", ""));
    std::vector<std::string> stored;
    auto cfg = config();
    cfg.store = [&](oauth::token_response const& t) {
        stored.push_back(std::string(t.refresh_token.reveal()) + " " + (t.scope ? t.scope->to_string() : "-"));
        return result<void>{};
    };
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST(value_of(m.access_token(t0 + 3300s)) == "AT2");
    BOOST_TEST(value_of(m.access_token(t0 + 6600s)) == "AT3");
    BOOST_TEST(stored == (std::vector<std::string>{"RT1 files:read", "RT1 files:read"}),
               boost::test_tools::per_element());
    BOOST_TEST(test::problems_of(ex) == "");

    scripted_executor none;
    token_manager m2(config(), std::ref(none));
    m2.restore(tokens("AT1", "", 3600s, t0));
    BOOST_TEST(value_of(m2.access_token(t0 + 3500s)) == "AT1");
    BOOST_TEST((code_of(m2.access_token(t0 + 3600s)) == error::token_expired));
    BOOST_TEST(none.calls() == 0u);
    m2.forget();
    BOOST_TEST((m2.state() == token_manager_state::no_tokens));
}

// Confidential clients refresh with their registered authentication; the configured scope goes along.
BOOST_AUTO_TEST_CASE(refresh_with_client_secret_post_and_scope) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    ex.expect_post(token_endpoint,
                   form{{"grant_type", "refresh_token"},
                        {"refresh_token", "RT1"},
                        {"scope", "files:read"},
                        {"resource", "https://rs.example/mcp"},
                        {"client_id", "client-1"},
                        {"client_secret", "s3cr3t"}}
                       .encode(),
                   token_json("AT2", "RT2"));
    auto cfg = config();
    cfg.client = oauth::client_authentication::secret_post("client-1", secret("s3cr3t"));
    cfg.scope = {"files:read"};
    token_manager m(cfg, std::ref(ex));
    m.restore(tokens("AT1", "RT1", 3600s, t0));
    BOOST_TEST(value_of(m.access_token(t0 + 3300s)) == "AT2");
    BOOST_TEST(test::problems_of(ex) == "");
}

// The session configuration from discovered metadata and a registered client.
BOOST_AUTO_TEST_CASE(config_from_metadata) {
    oauth::authorization_server_metadata as;
    as.issuer = "https://as.example";
    as.token_endpoint = "https://as.example/token";
    auto c = token_manager_config_for(as, oauth::client_authentication::public_client("client-1"),
                                      {"https://rs.example/mcp"});
    BOOST_REQUIRE(c);
    BOOST_TEST(c->issuer == "https://as.example");
    BOOST_TEST(c->token_endpoint == "https://as.example/token");
    BOOST_TEST(c->client.client_id == "client-1");
    BOOST_TEST(c->resource.size() == 1u);
    BOOST_TEST((c->refresh_margin == std::chrono::minutes(5)));
    as.token_endpoint.reset();
    BOOST_TEST((token_manager_config_for(as, oauth::client_authentication::public_client("c")).error() ==
                error::unsupported_operation));
}

// The drivers composed, as README shows them: a 401 → discovery → registration → code flow → managed tokens.
BOOST_AUTO_TEST_CASE(a_session_from_a_401_to_a_refreshed_token) {
    auto const now = test::fixed_now();
    scripted_executor ex;
    ex.expect_get("https://rs.example/.well-known/oauth-protected-resource/mcp",
                  response(200, R"({"resource":"https://rs.example/mcp","authorization_servers":["https://as.example"]})"));
    ex.expect_get("https://as.example/.well-known/oauth-authorization-server",
                  response(200, R"({"issuer":"https://as.example","authorization_endpoint":"https://as.example/authorize",)"
                                R"("token_endpoint":"https://as.example/token","registration_endpoint":"https://as.example/register",)"
                                R"("response_types_supported":["code"],"code_challenge_methods_supported":["S256"],)"
                                R"("token_endpoint_auth_methods_supported":["none"],)"
                                R"("authorization_response_iss_parameter_supported":true})"));
    ex.expect_post("https://as.example/register",
                   R"({"redirect_uris":["http://127.0.0.1:4711/cb"],"token_endpoint_auth_method":"none"})",
                   response(201, R"({"client_id":"dyn-1","redirect_uris":["http://127.0.0.1:4711/cb"],)"
                                 R"("token_endpoint_auth_method":"none"})"));
    http_response unauthorized;
    unauthorized.status = 401;
    unauthorized.headers.append("WWW-Authenticate", R"(Bearer resource_metadata="https://rs.example/.well-known/oauth-protected-resource/mcp")");

    auto found = discover(ex, "https://rs.example/mcp", unauthorized);
    BOOST_REQUIRE(found);
    auto const& as = found->authorization_server;
    oauth::client_metadata md;
    md.redirect_uris = {"http://127.0.0.1:4711/cb"};
    md.token_endpoint_auth_method = "none";
    auto reg = register_client(ex, as, md);
    BOOST_REQUIRE(reg);
    auto auth = client_authentication_for(*reg, as);
    BOOST_REQUIRE(auth);
    auto started = code_flow::start(
        as, {.client_id = reg->client_id, .redirect_uri = "http://127.0.0.1:4711/cb", .resource = {"https://rs.example/mcp"}});
    BOOST_REQUIRE(started);

    ex.expect_post("https://as.example/token",
                   form{{"grant_type", "authorization_code"},
                        {"code", "C0DE"},
                        {"redirect_uri", "http://127.0.0.1:4711/cb"},
                        {"code_verifier", started->pending.code_verifier.reveal()},
                        {"resource", "https://rs.example/mcp"},
                        {"client_id", "dyn-1"}}
                       .encode(),
                   token_json("AT1", "RT1"));
    auto tokens = code_flow::finish("http://127.0.0.1:4711/cb?code=C0DE&state=" + started->pending.state +
                                        "&iss=https%3A%2F%2Fas.example",
                                    started->pending, as, *auth, ex, now);
    BOOST_REQUIRE(tokens);

    auto config = token_manager_config_for(as, *auth, {"https://rs.example/mcp"});
    BOOST_REQUIRE(config);
    std::vector<std::string> stored;
    config->store = [&](oauth::token_response const& t) {
        stored.emplace_back(t.refresh_token.reveal());
        return result<void>{};
    };
    token_manager manager(*config, std::ref(ex));
    BOOST_REQUIRE(manager.set_tokens(*tokens));
    BOOST_TEST(value_of(manager.access_token(now + 60s)) == "AT1");
    ex.expect_post("https://as.example/token",
                   "grant_type=refresh_token&refresh_token=RT1&resource=https%3A%2F%2Frs.example%2Fmcp&client_id=dyn-1",
                   token_json("AT2", "RT2"));
    BOOST_TEST(value_of(manager.access_token(now + 3300s)) == "AT2");
    BOOST_TEST(stored == (std::vector<std::string>{"RT1", "RT2"}), boost::test_tools::per_element());
    BOOST_TEST(test::problems_of(ex) == "");
}

// A manager moves (e.g. into a member or a container) with its session; it shares an executor named `E&`, or
// holds any executor behind any_http_executor; its type is deduced from the executor.
BOOST_AUTO_TEST_CASE(movable_and_easy_to_name) {
    auto const t0 = test::fixed_now();
    scripted_executor ex;
    token_manager<scripted_executor&> shared_executor(config(), ex);
    shared_executor.restore(tokens("AT1", "RT1", 3600s, t0));
    std::vector<token_manager<scripted_executor&>> managers;
    managers.push_back(std::move(shared_executor));
    BOOST_TEST(value_of(managers.front().access_token(t0)) == "AT1");
    ex.expect_post(token_endpoint, refresh_body("RT1"), token_json("AT2", "RT2"));
    BOOST_TEST(value_of(managers.front().access_token(t0 + 3300s)) == "AT2");
    BOOST_TEST(ex.calls() == 1u);  // the scripted executor itself, not a copy, was used

    token_manager<any_http_executor> erased(config(), [&ex](http_request const& r) { return ex(r); });
    token_manager moved = std::move(erased);
    static_assert(std::is_same_v<decltype(moved), token_manager<any_http_executor>>);
    static_assert(std::is_same_v<decltype(token_manager(config(), std::ref(ex))),
                                 token_manager<std::reference_wrapper<scripted_executor>>>);
    BOOST_TEST((code_of(moved.access_token(t0)) == error::not_signed_in));
    BOOST_TEST(make_error_code(error::not_signed_in).message() == "not signed in");
    moved.restore(tokens("AT3", "RT3", 3600s, t0));
    ex.expect_post(token_endpoint, refresh_body("RT3"), token_json("AT4", ""));
    BOOST_TEST(value_of(moved.access_token(t0 + 3300s)) == "AT4");
    BOOST_TEST(ex.calls() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_token_manager_test
