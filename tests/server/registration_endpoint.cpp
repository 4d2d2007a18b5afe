#include <authwire/server/registration_endpoint.hpp>

#include "endpoint_support.hpp"

#include <authwire/core/json.hpp>
#include <authwire/oauth/registration.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace server_registration_endpoint_test {

using namespace authwire;
using namespace authwire::server;
using authwire_test::test_config;

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000));
constexpr std::string_view endpoint = "https://as.example/register";

http_request request_for(oauth::client_metadata const& m) {
    return oauth::make_registration_request(endpoint, m).value();
}

http_request raw_request(std::string body, std::string content_type = "application/json") {
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url(endpoint);
    req.headers.append("Content-Type", content_type);
    req.body = std::move(body);
    return req;
}

oauth::client_metadata public_client() {
    oauth::client_metadata m;
    m.redirect_uris = {"http://127.0.0.1:33418/callback", "https://app.example/cb"};
    m.application_type = "native";  // a loopback and a claimed https URI (RFC 8252 §7.2, §7.3)
    m.token_endpoint_auth_method = "none";
    m.grant_types = {"authorization_code", "refresh_token"};
    m.response_types = {"code"};
    m.client_name = "MCP Inspector";
    m.client_uri = "https://app.example";
    m.scope = {"mcp"};
    m.extra["x_vendor_extension"] = 42;
    return m;
}

struct fixture {
    memory_client_store clients;
    authorization_server_config config = test_config();

    http_response post(http_request const& req, registration_hook const& hook = {}) {
        return handle_registration(req, now, clients, config, hook);
    }
    void expect_error(http_request const& req, error e, std::string_view context) {
        auto const before = clients.size();
        auto const resp = post(req);
        BOOST_TEST(resp.status == 400u, context);
        BOOST_TEST(*resp.header("Cache-Control") == "no-store", context);
        auto parsed = oauth::parse_registration_response(resp);
        BOOST_TEST_REQUIRE(!parsed.has_value(), context);
        BOOST_TEST((parsed.error().code == e), context << " got " << parsed.error());
        BOOST_TEST(clients.size() == before, context);  // nothing registered
    }
};

BOOST_AUTO_TEST_SUITE(server_registration_endpoint)

BOOST_FIXTURE_TEST_CASE(public_client_registers_and_reads_back, fixture) {
    auto const resp = post(request_for(public_client()));
    BOOST_TEST(resp.status == 201u);
    BOOST_TEST(resp.is_json());
    BOOST_TEST(*resp.header("Cache-Control") == "no-store");
    auto info = oauth::parse_registration_response(resp);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST(info->client_id.size() == 22u);
    BOOST_TEST(info->client_secret.empty());
    BOOST_TEST((*info->client_id_issued_at == now));
    BOOST_TEST(!info->client_secret_expires_at);
    BOOST_TEST(info->metadata.redirect_uris == public_client().redirect_uris);
    BOOST_TEST(*info->metadata.token_endpoint_auth_method == "none");
    BOOST_TEST(*info->metadata.client_name == "MCP Inspector");
    BOOST_TEST(*info->metadata.client_uri == "https://app.example");
    BOOST_TEST(info->metadata.extra.at("x_vendor_extension").as_int64() == 42);
    BOOST_TEST(info->metadata.application_type.value() == "native");

    auto const stored = clients.find_client(info->client_id).value();
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST(!stored->client_secret);
    BOOST_TEST(stored->redirect_uris == public_client().redirect_uris);
    BOOST_TEST(stored->grant_types == (std::vector<std::string>{"authorization_code", "refresh_token"}));
    BOOST_TEST(stored->response_types == std::vector<std::string>{"code"});
    BOOST_TEST(stored->token_endpoint_auth_method == "none");
    BOOST_TEST(stored->scope == "mcp");
    BOOST_TEST(stored->client_name == "MCP Inspector");
    BOOST_TEST((stored->client_id_issued_at == now));
    BOOST_TEST(stored->extra_metadata.at("client_uri").as_string() == "https://app.example");
    BOOST_TEST(stored->extra_metadata.at("x_vendor_extension").as_int64() == 42);
    BOOST_TEST(!stored->extra_metadata.contains("redirect_uris"));
    BOOST_TEST((stored->application_type == application_type::native));
    BOOST_TEST(!stored->extra_metadata.contains("application_type"));

    // Every registration gets its own id.
    auto second = oauth::parse_registration_response(post(request_for(public_client())));
    BOOST_TEST(second->client_id != info->client_id);
    BOOST_TEST(clients.size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(confidential_client_gets_a_secret_that_never_expires, fixture) {
    oauth::client_metadata m;
    m.redirect_uris = {"https://app.example/cb"};
    m.software_statement = "eyJhbGciOiJub25lIn0.e30.";  // not processed, not echoed
    auto const resp = post(request_for(m));
    BOOST_TEST_REQUIRE(resp.status == 201u);
    auto const body = parse_json_object(resp.body).value();
    BOOST_TEST(body.at("client_secret_expires_at").as_int64() == 0);
    BOOST_TEST(body.at("client_id_issued_at").as_int64() == 1'700'000'000);
    BOOST_TEST(!body.contains("software_statement"));
    auto info = oauth::parse_registration_response(resp).value();
    BOOST_TEST(info.client_secret.size() == 43u);
    // Defaults filled in and echoed (RFC 7591 §2).
    BOOST_TEST(*info.metadata.token_endpoint_auth_method == "client_secret_basic");
    BOOST_TEST(info.metadata.grant_types == std::vector<std::string>{"authorization_code"});
    BOOST_TEST(info.metadata.response_types == std::vector<std::string>{"code"});
    BOOST_TEST(info.metadata.application_type.value() == "web");
    BOOST_TEST(body.at("application_type").as_string() == "web");

    auto const stored = clients.find_client(info.client_id).value().value();
    BOOST_TEST_REQUIRE(stored.client_secret.has_value());
    BOOST_TEST(verify_client_secret(*stored.client_secret, info.client_secret.reveal()));
    BOOST_TEST(!verify_client_secret(*stored.client_secret, "guess"));
    BOOST_TEST(stored.scope.empty());
}

BOOST_FIXTURE_TEST_CASE(redirect_uris_go_through_the_policy, fixture) {
    for (std::string_view bad :
         {"http://app.example/cb", "https://app.example@evil.com/cb", "https://app.example/cb#frag",
          "https://app.example/cb/../x", "https://app.example/cb/%2e%2e/x", "http://localhost.evil.test/cb",
          "http://127.0.0.1.nip.io/cb", "https://app.example\\@evil.com/cb", "HTTPS://app.example/cb",
          "https://APP.example/cb", "https://app.example./cb", "http://[0:0:0:0:0:0:0:1]/cb", "http://127.1/cb",
          "http://2130706433/cb", "javascript:alert(1)", "com.example.app:/cb", "/relative/cb", "",
          "https://app.example/cb?code=x&state=y&iss=z", "https://app.example/cb?error=x"}) {
        auto m = public_client();
        m.application_type.reset();  // beside an https URI: a web client (a native one may use com.example.app:/cb)
        m.redirect_uris = {"https://app.example/cb", std::string(bad)};
        expect_error(raw_request(boost::json::serialize(oauth::to_json(m))), error::invalid_redirect_uri, bad);
    }
    auto m = public_client();
    m.redirect_uris.clear();
    expect_error(request_for(m), error::invalid_redirect_uri, "missing");
    auto const described =
        post(raw_request(R"({"redirect_uris":["http://app.example/cb"],"token_endpoint_auth_method":"none"})"));
    BOOST_TEST(oauth::parse_error_response(described)->error_description ==
               "redirect_uri must use https unless it is a loopback address");
    m.redirect_uris.assign(17, "https://app.example/cb");
    for (std::size_t i = 0; i < m.redirect_uris.size(); ++i) m.redirect_uris[i] += std::to_string(i);
    expect_error(request_for(m), error::invalid_client_metadata, "too many");
    // A private-use scheme is accepted when the policy allows it.
    config.redirect_uris = redirect_uri_policy({.allow_private_use_schemes = true});
    m.redirect_uris = {"com.example.app:/cb"};
    BOOST_TEST(post(request_for(m)).status == 201u);
}

// Issue 14, OpenID Connect Registration 1.0 §2 (MCP 2026-07-28 SEP-837): application_type decides which
// redirect URIs a client may register; the applied value is stored and echoed, an absent one inferred.
BOOST_FIXTURE_TEST_CASE(application_type_decides_the_redirect_uris, fixture) {
    auto registered = [&](std::optional<std::string> type, std::vector<std::string> uris) {
        auto m = public_client();
        m.application_type = std::move(type);
        m.redirect_uris = std::move(uris);
        return post(request_for(m));
    };
    auto echoed = [](http_response const& r) {
        return oauth::parse_registration_response(r).value().metadata.application_type.value_or("");
    };
    // native: loopback on any port, private-use scheme, claimed https.
    auto r = registered("native", {"http://127.0.0.1:53682/callback", "http://[::1]/cb", "com.example.app:/cb"});
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    BOOST_TEST(echoed(r) == "native");
    // web: https only; a loopback URI is invalid_redirect_uri with a reason that points at native.
    r = registered("web", {"https://app.example/cb"});
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    BOOST_TEST(echoed(r) == "web");
    auto m = public_client();
    m.application_type = "web";
    for (std::string_view bad : {"http://127.0.0.1:53682/callback", "http://localhost:3000/cb", "com.example.app:/cb"}) {
        m.redirect_uris = {"https://app.example/cb", std::string(bad)};
        expect_error(request_for(m), error::invalid_redirect_uri, bad);
    }
    m.redirect_uris = {"http://127.0.0.1/cb"};
    BOOST_TEST(oauth::parse_error_response(post(request_for(m)))->error_description ==
               describe(redirect_uri_reason::not_for_web_client));
    // Anything but web or native is invalid_client_metadata.
    for (std::string_view bad : {"browser", "Native", ""}) {
        m.application_type = std::string(bad);
        expect_error(request_for(m), error::invalid_client_metadata, bad);
    }
    // Absent: native when every URI is loopback or private-use (what MCP clients before SEP-837 register),
    // otherwise web — so a loopback URI beside an https one is refused.
    r = registered(std::nullopt, {"http://127.0.0.1:53682/callback"});
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    BOOST_TEST(echoed(r) == "native");
    auto const id = oauth::parse_registration_response(r).value().client_id;
    BOOST_TEST((clients.find_client(id).value()->application_type == application_type::native));
    r = registered(std::nullopt, {"https://app.example/cb"});
    BOOST_TEST(echoed(r) == "web");
    BOOST_TEST(registered(std::nullopt, {"https://app.example/cb", "http://127.0.0.1/cb"}).status == 400u);
    // The server's policy: web clients may be allowed loopback; inference may be turned off (the OIDC default).
    config.redirect_uris = redirect_uri_policy({.web_allows_loopback = true});
    BOOST_TEST(registered("web", {"https://app.example/cb", "http://127.0.0.1/cb"}).status == 201u);
    config.redirect_uris = redirect_uri_policy({.infer_application_type = false});
    BOOST_TEST(registered(std::nullopt, {"http://127.0.0.1/cb"}).status == 400u);
    BOOST_TEST(registered("native", {"http://127.0.0.1/cb"}).status == 201u);
}

BOOST_FIXTURE_TEST_CASE(inconsistent_or_unsupported_metadata, fixture) {
    auto with = [](auto mutate) {
        auto m = public_client();
        mutate(m);
        return request_for(m);
    };
    using md = oauth::client_metadata;
    expect_error(with([](md& m) {
                     m.grant_types = {"implicit"};
                     m.response_types = {"token"};
                 }),
                 error::invalid_client_metadata, "implicit");
    expect_error(with([](md& m) { m.grant_types.push_back("password"); }), error::invalid_client_metadata, "password");
    expect_error(with([](md& m) { m.grant_types.push_back("urn:ietf:params:oauth:grant-type:device_code"); }),
                 error::invalid_client_metadata, "device");
    expect_error(with([](md& m) { m.response_types = {"code", "token"}; }), error::invalid_client_metadata, "token");
    expect_error(with([](md& m) { m.response_types = {"code id_token"}; }), error::invalid_client_metadata, "hybrid");
    expect_error(with([](md& m) {
                     m.grant_types = {"refresh_token"};
                     m.response_types.clear();
                 }),
                 error::invalid_client_metadata, "refresh alone");
    expect_error(with([](md& m) { m.token_endpoint_auth_method = "private_key_jwt"; }), error::invalid_client_metadata,
                 "jwt");
    expect_error(with([](md& m) { m.token_endpoint_auth_method = "tls_client_auth"; }), error::invalid_client_metadata,
                 "mtls");
    expect_error(with([](md& m) { m.token_endpoint_auth_method = "None"; }), error::invalid_client_metadata, "case");
    expect_error(with([](md& m) { m.scope = {"mcp", "root"}; }), error::invalid_client_metadata, "scope");
    expect_error(with([](md& m) { m.grant_types.push_back("client_credentials"); }), error::invalid_client_metadata,
                 "client_credentials not served");
    config.client_credentials = true;
    expect_error(with([](md& m) { m.grant_types.push_back("client_credentials"); }), error::invalid_client_metadata,
                 "client_credentials for a public client");
    auto machine = with([](md& m) {
        m.grant_types = {"client_credentials"};
        m.response_types.clear();
        m.redirect_uris.clear();
        m.token_endpoint_auth_method = "client_secret_post";
    });
    BOOST_TEST(post(machine).status == 201u);
    // The code grant without the code response type (and the reverse) do not match (RFC 7591 §2.1).
    expect_error(with([](md& m) {
                     m.grant_types = {"client_credentials"};
                     m.token_endpoint_auth_method = "client_secret_post";
                 }),
                 error::invalid_client_metadata, "code response without code grant");
    config.token_endpoint_auth_methods = {oauth::token_endpoint_auth_method::client_secret_post};
    expect_error(request_for(public_client()), error::invalid_client_metadata, "none not served");
}

BOOST_FIXTURE_TEST_CASE(malformed_requests, fixture) {
    expect_error(raw_request("not json"), error::invalid_client_metadata, "not json");
    expect_error(raw_request("[]"), error::invalid_client_metadata, "array");
    expect_error(raw_request(R"({"redirect_uris":"https://app.example/cb"})"), error::invalid_client_metadata,
                 "string for array");
    expect_error(
        raw_request(R"({"redirect_uris":["https://app.example/cb"],"redirect_uris":["https://evil.example/"]})"),
        error::invalid_client_metadata, "duplicate member");
    expect_error(raw_request(R"({"redirect_uris":["https://app.example/cb"],"scope":"a  b"})"),
                 error::invalid_client_metadata, "scope grammar");
    expect_error(
        raw_request(R"({"redirect_uris":["https://app.example/cb"],"jwks":{},"jwks_uri":"https://app.example/j"})"),
        error::invalid_client_metadata, "jwks and jwks_uri");
    expect_error(raw_request(std::string(300 * 1024, ' ') + "{}"), error::invalid_client_metadata, "too large");
    expect_error(raw_request(std::string(100, '[') + std::string(100, ']')), error::invalid_client_metadata, "deep");
    expect_error(raw_request(R"({"redirect_uris":["https://app.example/cb"]})", "application/x-www-form-urlencoded"),
                 error::invalid_client_metadata, "content type");
    auto get = raw_request("");
    get.method = "GET";
    auto const r = post(get);
    BOOST_TEST(r.status == 405u);
    BOOST_TEST(*r.header("Allow") == "POST");
}

BOOST_FIXTURE_TEST_CASE(the_hook_may_veto_or_adjust, fixture) {
    int calls = 0;
    registration_hook veto = [&](oauth::client_metadata& m, http_request const& req) -> std::optional<error_response> {
        ++calls;
        BOOST_TEST(req.url.buffer() == endpoint);
        if (m.client_name && *m.client_name == "blocked")
            return error_response{"access_denied", "registration closed", {}, 403};
        m.client_name = "renamed by policy";
        m.scope = {"mcp"};
        return std::nullopt;
    };
    auto blocked = public_client();
    blocked.client_name = "blocked";
    auto const no = post(request_for(blocked), veto);
    BOOST_TEST(no.status == 403u);
    BOOST_TEST(oauth::parse_error_response(no)->error == "access_denied");
    BOOST_TEST(clients.size() == 0u);

    auto wide = public_client();
    wide.scope = {"mcp", "admin"};
    auto const yes = oauth::parse_registration_response(post(request_for(wide), veto));
    BOOST_TEST_REQUIRE(yes.has_value());
    BOOST_TEST(*yes->metadata.client_name == "renamed by policy");
    BOOST_TEST(yes->metadata.scope.to_string() == "mcp");
    BOOST_TEST(clients.find_client(yes->client_id)->value().scope == "mcp");
    BOOST_TEST(calls == 2);

    // What the hook produces is validated like the request itself.
    registration_hook breaks = [](oauth::client_metadata& m, http_request const&) -> std::optional<error_response> {
        m.redirect_uris = {"http://evil.example/cb"};
        return std::nullopt;
    };
    auto const broken = post(request_for(public_client()), breaks);
    BOOST_TEST(broken.status == 400u);
    BOOST_TEST(oauth::parse_error_response(broken)->error == "invalid_redirect_uri");
    BOOST_TEST(clients.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_failing_store_is_server_error) {
    struct full_store {
        result<void> register_client(client_record) { return error::unsupported_operation; }
        result<std::optional<client_record>> find_client(std::string_view) const {
            return std::optional<client_record>{};
        }
    };
    full_store s;
    auto const config = test_config();
    auto const r = handle_registration(request_for(public_client()), now, s, config);
    BOOST_TEST(r.status == 500u);
    BOOST_TEST(oauth::parse_error_response(r)->error == "server_error");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_registration_endpoint_test
