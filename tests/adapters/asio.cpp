#include <authwire/adapters/asio.hpp>

#include "adapters/support.hpp"

#include <authwire/client/code_flow.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/registration.hpp>
#include <authwire/client/token_introspection.hpp>
#include <authwire/client/token_revocation.hpp>
#include <authwire/core/form.hpp>
#include <authwire/oauth/token_type_hint.hpp>

#include <boost/asio/error.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace adapters_asio_test {

using namespace authwire;
using namespace authwire::adapters;
using authwire::test::as_metadata;
using authwire::test::fake_async_executor;
using authwire::test::response;
using authwire::test::scripted_executor;

static_assert(async_http_executor<fake_async_executor<scripted_executor>>);
static_assert(async_http_executor<fake_async_executor<scripted_executor>&>);
static_assert(!async_http_executor<scripted_executor>);  // a synchronous executor is not an asynchronous one

constexpr auto resource = "https://rs.example/mcp";
constexpr auto prm_path_aware = "https://rs.example/.well-known/oauth-protected-resource/mcp";
constexpr auto prm_root = "https://rs.example/.well-known/oauth-protected-resource";
constexpr auto as_rfc8414 = "https://as.example/.well-known/oauth-authorization-server";

constexpr auto prm_json = R"({"resource":"https://rs.example/mcp","authorization_servers":["https://as.example"]})";
constexpr auto as_json =
    R"({"issuer":"https://as.example","authorization_endpoint":"https://as.example/authorize",)"
    R"("token_endpoint":"https://as.example/token","registration_endpoint":"https://as.example/register",)"
    R"("revocation_endpoint":"https://as.example/revoke","response_types_supported":["code"],)"
    R"("code_challenge_methods_supported":["S256"]})";

constexpr auto token_json =
    R"({"access_token":"AT1","token_type":"Bearer","expires_in":3600,"refresh_token":"RT1"})";

template <class T>
error code_of(outcome<T> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(adapters_asio)

// RFC 9728 §3 then RFC 8414 §3: the coroutine runs the same client::discovery flow as the synchronous driver —
// the same requests in the same order (404 at the path-aware URL, then the root one) and the same result.
BOOST_AUTO_TEST_CASE(discovery_sends_what_the_sync_driver_sends) {
    auto script = [](scripted_executor& s) {
        s.expect_get(prm_path_aware, response(404, "", ""));
        s.expect_get(prm_root, response(200, prm_json));
        s.expect_get(as_rfc8414, response(200, as_json));
    };
    scripted_executor sync_script, async_script;
    script(sync_script);
    script(async_script);
    auto const expected = client::discover(sync_script, resource);
    fake_async_executor ex(async_script);
    auto const got = test::run(async_discover(ex, resource));
    BOOST_TEST(test::problems_of(sync_script) == "");
    BOOST_TEST(test::problems_of(async_script) == "");
    BOOST_REQUIRE(expected);
    BOOST_REQUIRE(got);
    BOOST_TEST(got->resource_indicator() == expected->resource_indicator());
    BOOST_TEST(got->authorization_server.issuer == "https://as.example");
    BOOST_TEST(*got->authorization_server.token_endpoint == "https://as.example/token");
    auto const a = sync_script.requests(), b = async_script.requests();
    BOOST_REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        BOOST_TEST(a[i].url.buffer() == b[i].url.buffer());
        BOOST_TEST(test::header_lines(a[i].headers) == test::header_lines(b[i].headers));
    }
}

// RFC 9728 §5.1: from a 401, the challenge's resource_metadata first; a transport failure ends discovery with
// the executor's error code.
BOOST_AUTO_TEST_CASE(discovery_from_a_challenge_and_transport_failures) {
    http_response unauthorized;
    unauthorized.status = 401;
    unauthorized.headers.append("WWW-Authenticate", std::string(R"(Bearer resource_metadata=")") + prm_path_aware +
                                                        R"(", scope="files:read")");
    scripted_executor s;
    s.expect_get(prm_path_aware, response(200, prm_json));
    s.expect_get(as_rfc8414, response(200, as_json));
    fake_async_executor ex(s);
    auto const r = test::run(async_discover(ex, resource, unauthorized));
    BOOST_TEST(test::problems_of(s) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(*r->challenge_scope == "files:read");

    scripted_executor down;
    down.expect({.method = "GET",
                 .url = prm_path_aware,
                 .answer = boost::system::error_code(boost::asio::error::connection_refused)});
    fake_async_executor dead(down);
    auto const f = test::run(async_discover(dead, resource));
    BOOST_REQUIRE(!f);
    BOOST_TEST((f.error().code == boost::asio::error::connection_refused));
    BOOST_TEST(test::problems_of(down) == "");

    scripted_executor none;  // a resource URL that cannot be discovered: nothing is sent
    fake_async_executor idle(none);
    BOOST_TEST((code_of(test::run(async_discover(idle, "http://rs.example/mcp"))) == error::insecure_url));
    BOOST_TEST(none.calls() == 0u);
}

// RFC 7591 §3: the registration request and the client information, through oauth::make_registration_request
// and parse_registration_response; no registration endpoint, no request.
BOOST_AUTO_TEST_CASE(registration) {
    oauth::client_metadata md;
    md.redirect_uris = {"http://127.0.0.1:8765/callback"};
    md.client_name = "async test";
    md.token_endpoint_auth_method = "none";
    auto const as = as_metadata();
    auto const request = oauth::make_registration_request(*as.registration_endpoint, md, {});
    BOOST_REQUIRE(request);
    scripted_executor s;
    s.expect({.method = "POST",
              .url = "https://as.example/register",
              .body = request->body,
              .headers = {{"Content-Type", "application/json"}},
              .answer = response(201, R"({"client_id":"c-1","redirect_uris":["http://127.0.0.1:8765/callback"],)"
                                      R"("token_endpoint_auth_method":"none"})")});
    fake_async_executor ex(s);
    auto const info = test::run(async_register_client(ex, as, md));
    BOOST_TEST(test::problems_of(s) == "");
    BOOST_REQUIRE(info);
    BOOST_TEST(info->client_id == "c-1");

    auto no_endpoint = as;
    no_endpoint.registration_endpoint.reset();
    BOOST_TEST((code_of(test::run(async_register_client(ex, no_endpoint, md))) == error::unsupported_operation));
    BOOST_TEST(s.calls() == 1u);
}

// RFC 6749 §4.1.3 / RFC 7636 §4.5: the callback checked, the code exchanged with the verifier; a callback whose
// state does not match sends nothing.
BOOST_AUTO_TEST_CASE(code_flow_finish) {
    client::code_flow::parameters p;
    p.client_id = "c-1";
    p.redirect_uri = "http://127.0.0.1:8765/callback";
    p.scope = {"files:read"};
    p.resource = {resource};
    auto const as = as_metadata();
    auto started = client::code_flow::start(as, p);
    BOOST_REQUIRE(started);
    auto const& pending = started->pending;
    scripted_executor s;
    s.expect_post("https://as.example/token",
                  form{{"grant_type", "authorization_code"},
                       {"code", "C0DE"},
                       {"redirect_uri", p.redirect_uri},
                       {"code_verifier", pending.code_verifier.reveal()},
                       {"resource", resource},
                       {"client_id", "c-1"}}
                      .encode(),
                  response(200, token_json));
    fake_async_executor ex(s);
    auto const client = oauth::client_authentication::public_client("c-1");
    auto const callback = p.redirect_uri + "?code=C0DE&state=" + pending.state;
    auto const t = test::run(async_finish(callback, pending, as, client, ex, test::fixed_now()));
    BOOST_TEST(test::problems_of(s) == "");
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "AT1");
    BOOST_TEST(t->refresh_token.reveal() == "RT1");
    BOOST_TEST((t->expires_at == test::fixed_now() + std::chrono::seconds(3600)));

    auto const forged = p.redirect_uri + "?code=C0DE&state=not-the-state";
    BOOST_TEST(!test::run(async_finish(forged, pending, as, client, ex, test::fixed_now())));
    BOOST_TEST(s.calls() == 1u);
}

// RFC 6749 §6, RFC 7009 §2, RFC 7662 §2: one request each, the messages of oauth/, the peer's errors kept.
BOOST_AUTO_TEST_CASE(refresh_revoke_introspect) {
    auto const as = as_metadata();
    auto const client = oauth::client_authentication::secret_post("c-1", secret("s3cr3t"));
    scripted_executor s;
    s.expect_post("https://as.example/token",
                  "grant_type=refresh_token&refresh_token=RT1&client_id=c-1&client_secret=s3cr3t",
                  response(200, R"({"access_token":"AT2","token_type":"Bearer","expires_in":60})"));
    s.expect_post("https://as.example/token",
                  "grant_type=refresh_token&refresh_token=RT1&client_id=c-1&client_secret=s3cr3t",
                  response(400, R"({"error":"invalid_grant"})"));
    s.expect_post("https://as.example/revoke", "token=RT1&token_type_hint=refresh_token&client_id=c-1&client_secret=s3cr3t",
                  response(200, "", ""));
    s.expect_post("https://as.example/introspect",
                  "token=AT2&token_type_hint=access_token&client_id=c-1&client_secret=s3cr3t",
                  response(200, R"({"active":false})"));
    fake_async_executor ex(s);
    oauth::refresh_token_grant g;
    g.refresh_token = secret("RT1");
    auto const now = test::fixed_now();
    auto const fresh = test::run(async_refresh_access_token(ex, as, client, g, now));
    BOOST_REQUIRE(fresh);
    BOOST_TEST(fresh->access_token.reveal() == "AT2");
    auto const refused = test::run(async_refresh_access_token(ex, as, client, g, now));
    BOOST_TEST((code_of(refused) == error::invalid_grant));
    BOOST_TEST(test::run(async_revoke_token(ex, as, client, secret("RT1"), oauth::token_type_hint::refresh_token, now)));
    auto const info =
        test::run(async_introspect_token(ex, as, client, secret("AT2"), oauth::token_type_hint::access_token, now));
    BOOST_REQUIRE(info);
    BOOST_TEST(!info->active);
    BOOST_TEST(test::problems_of(s) == "");

    auto bare = as;  // endpoints the server does not advertise: nothing is sent
    bare.revocation_endpoint.reset();
    bare.introspection_endpoint.reset();
    bare.token_endpoint.reset();
    BOOST_TEST((code_of(test::run(async_revoke_token(ex, bare, client, secret("x"), "", now))) ==
                error::unsupported_operation));
    BOOST_TEST((code_of(test::run(async_introspect_token(ex, bare, client, secret("x"), "", now))) ==
                error::unsupported_operation));
    BOOST_TEST((code_of(test::run(async_refresh_access_token(ex, bare, client, g, now))) ==
                error::unsupported_operation));
    BOOST_TEST(s.calls() == 4u);
}

// The coroutine drivers read answers through the same redaction as the synchronous ones: a server echoing the
// request gets neither the refresh token nor the client secret into the failure.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_secret_into_the_failure) {
    test::echoing_server echo;
    fake_async_executor ex(echo);
    auto const client = oauth::client_authentication::secret_basic("c-1", secret("s3cr3t-value"));
    oauth::refresh_token_grant g;
    g.refresh_token = secret("refresh-token-value");
    auto const r = test::run(async_refresh_access_token(ex, as_metadata(), client, g, test::fixed_now()));
    BOOST_REQUIRE(!r);
    auto secrets = test::client_secret_spellings("c-1", "s3cr3t-value");
    secrets.emplace_back("refresh-token-value");
    test::expect_redacted(r.error(), secrets, "you sent");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace adapters_asio_test
