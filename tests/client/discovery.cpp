#include <authwire/client/discovery.hpp>

#include "client/support.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace client_discovery_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::response;
using authwire::test::scripted_executor;

constexpr auto resource = "https://rs.example/mcp";
constexpr auto issuer = "https://as.example/tenant";
constexpr auto prm_path_aware = "https://rs.example/.well-known/oauth-protected-resource/mcp";
constexpr auto prm_root = "https://rs.example/.well-known/oauth-protected-resource";
constexpr auto as_rfc8414 = "https://as.example/.well-known/oauth-authorization-server/tenant";
constexpr auto as_oidc_inserted = "https://as.example/.well-known/openid-configuration/tenant";
constexpr auto as_oidc_appended = "https://as.example/tenant/.well-known/openid-configuration";

std::string prm_json(std::string_view res = resource, std::string_view servers = R"(["https://as.example/tenant"])") {
    return R"({"resource":")" + std::string(res) + R"(","authorization_servers":)" + std::string(servers) +
           R"(,"scopes_supported":["files:read"],"x-extension":1})";
}

std::string as_json(std::string_view iss = issuer) {
    std::string const i(iss);
    return R"({"issuer":")" + i + R"(","authorization_endpoint":")" + i + R"(/authorize","token_endpoint":")" + i +
           R"(/token","registration_endpoint":")" + i + R"(/register","response_types_supported":["code"],)" +
           R"("code_challenge_methods_supported":["S256"]})";
}

http_response unauthorized(std::string challenge) {
    http_response r;
    r.status = 401;
    r.headers.append("WWW-Authenticate", challenge);
    return r;
}

error code_of(outcome<discovery_result> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(client_discovery)

// RFC 9728 §5.1: the 401's resource_metadata names the document; RFC 8414 §3.1 path insertion finds the AS.
BOOST_AUTO_TEST_CASE(happy_path_from_a_401) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(200, as_json()));
    auto r = discover(ex, resource,
                      unauthorized(std::string(R"(Bearer resource_metadata=")") + prm_path_aware +
                                   R"(", scope="files:read files:write")"));
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->resource.resource == resource);
    BOOST_TEST(r->resource.extra.contains("x-extension"));
    BOOST_TEST(r->authorization_server.issuer == issuer);
    BOOST_TEST(*r->authorization_server.token_endpoint == "https://as.example/tenant/token");
    BOOST_REQUIRE(r->challenge_scope);
    BOOST_TEST(*r->challenge_scope == "files:read files:write");
    auto const reqs = ex.requests();
    BOOST_REQUIRE(reqs.size() == 2u);
    BOOST_TEST(*reqs[0].header("Accept") == "application/json");
}

// A resource_metadata URL of its own that is not there: the well-known URLs follow, path-aware then root;
// then every RFC 8414 / OIDC candidate, moving on at 404, 401 and 403.
BOOST_AUTO_TEST_CASE(fallbacks_on_404_401_403) {
    scripted_executor ex;
    ex.expect_get("https://rs.example/meta/prm", response(404, "not here", "text/html"));
    ex.expect_get(prm_path_aware, response(403, "", ""));
    ex.expect_get(prm_root, response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(404, "", ""));
    ex.expect_get(as_oidc_inserted, response(401, R"({"error":"invalid_client"})"));
    ex.expect_get(as_oidc_appended, response(200, as_json()));
    auto d = discovery::from_challenge(resource, unauthorized(R"(Bearer resource_metadata="https://rs.example/meta/prm")"));
    BOOST_REQUIRE(d);
    auto r = drive(*d, ex);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->authorization_server.issuer == issuer);
    BOOST_TEST(!r->challenge_scope);
    BOOST_TEST(d->steps() == 6u);
}

// RFC 9728 §3.1: without a 401, the path-aware document first, then the root one.
BOOST_AUTO_TEST_CASE(path_aware_then_root_from_a_resource_url) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(404, ""));
    ex.expect_get(prm_root, response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(200, as_json()));
    auto r = discover(ex, resource);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->resource.resource == resource);
}

// A 401 without a Bearer challenge or without resource_metadata: the well-known URLs.
BOOST_AUTO_TEST_CASE(challenge_without_resource_metadata) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(200, as_json()));
    auto r = discover(ex, resource, unauthorized(R"(Basic realm="x", Bearer error="invalid_token")"));
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(!r->challenge_scope);
}

// Never fall back on 5xx: the server is there and failing; that is an error to report.
BOOST_AUTO_TEST_CASE(server_errors_stop_discovery) {
    {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(503, "busy", "text/plain"));
        auto r = discover(ex, resource);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_TEST((code_of(r) == error::unexpected_status));
    }
    {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json()));
        ex.expect_get(as_rfc8414, response(500, R"({"error":"server_error","error_description":"oops"})"));
        auto r = discover(ex, resource);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error().code == error::server_error));
        BOOST_REQUIRE(r.error().response);
        BOOST_TEST(r.error().response->status == 500u);
    }
    {  // other non-fallback statuses (a redirect) stop too
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(302, "", ""));
        BOOST_TEST((code_of(discover(ex, resource)) == error::unexpected_status));
        BOOST_TEST(test::problems_of(ex) == "");
    }
}

// RFC 8414 §3.3: the issuer must be exactly the one the resource named — no fallback to another URL.
BOOST_AUTO_TEST_CASE(issuer_mismatch) {
    for (auto bad : {"https://evil.example/tenant", "https://as.example/tenant/", "https://AS.example/tenant"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json()));
        ex.expect_get(as_rfc8414, response(200, as_json(bad)));
        BOOST_TEST((code_of(discover(ex, resource)) == error::wrong_issuer));
        BOOST_TEST(test::problems_of(ex) == "");
    }
}

// RFC 9728 §3.3: the document must be about the resource we asked for.
BOOST_AUTO_TEST_CASE(resource_mismatch) {
    for (auto bad : {"https://other.example/mcp", "https://rs.example/", "https://rs.example/mcp/"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json(bad)));
        BOOST_TEST((code_of(discover(ex, resource)) == error::wrong_audience));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    // The root document of a host that serves several resources names the other one: refused, not skipped.
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(404, ""));
    ex.expect_get(prm_root, response(200, prm_json("https://rs.example/other")));
    BOOST_TEST((code_of(discover(ex, resource)) == error::wrong_audience));
    BOOST_TEST(test::problems_of(ex) == "");
}

// Discovery sends at most max_steps requests.
BOOST_AUTO_TEST_CASE(step_bound) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(404, ""));
    ex.expect_get(as_oidc_inserted, response(404, ""));
    auto r = discover(ex, resource, {.max_steps = 3});
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_TEST((code_of(r) == error::input_too_large));
    BOOST_TEST(ex.calls() == 3u);
}

// Every candidate absent: the last failure is reported (without the MCP 2025-03-26 fallback, see below).
BOOST_AUTO_TEST_CASE(nothing_found) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(404, ""));
    ex.expect_get(prm_root, response(404, ""));
    BOOST_TEST((code_of(discover(ex, resource, {.legacy_2025_03_26 = false})) == error::unexpected_status));
    BOOST_TEST(test::problems_of(ex) == "");

    scripted_executor ex2;
    ex2.expect_get(prm_path_aware, response(200, prm_json()));
    ex2.expect_get(as_rfc8414, response(404, ""));
    ex2.expect_get(as_oidc_inserted, response(404, ""));
    ex2.expect_get(as_oidc_appended, response(403, ""));
    BOOST_TEST((code_of(discover(ex2, resource)) == error::unexpected_status));
    BOOST_TEST(test::problems_of(ex2) == "");
}

// https only, unless loopback http was explicitly allowed.
BOOST_AUTO_TEST_CASE(loopback_http_only_by_option) {
    BOOST_TEST((discovery::for_resource("http://127.0.0.1:8080/mcp").error() == error::insecure_url));
    BOOST_TEST((discovery::for_resource("http://rs.example/mcp", {.allow_http_loopback = true}).error() ==
                error::insecure_url));
    BOOST_TEST((discovery::for_resource("not a url").error() == error::invalid_url));
    BOOST_TEST((discovery::from_challenge(resource, unauthorized(R"(Bearer resource_metadata="http://rs.example/prm")"))
                    .error() == error::insecure_url));

    scripted_executor ex;
    ex.expect_get("http://127.0.0.1:8080/.well-known/oauth-protected-resource/mcp",
                  response(200, prm_json("http://127.0.0.1:8080/mcp", R"(["http://127.0.0.1:9090"])")));
    ex.expect_get("http://127.0.0.1:9090/.well-known/oauth-authorization-server",
                  response(200, as_json("http://127.0.0.1:9090")));
    auto r = discover(ex, "http://127.0.0.1:8080/mcp", {.allow_http_loopback = true});
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST(r->authorization_server.issuer == "http://127.0.0.1:9090");

    // Without the option, an http issuer in a document is refused even on loopback.
    scripted_executor ex2;
    ex2.expect_get(prm_path_aware, response(200, prm_json(resource, R"(["http://127.0.0.1:9090"])")));
    BOOST_TEST((code_of(discover(ex2, resource)) == error::insecure_url));
    BOOST_TEST(test::problems_of(ex2) == "");
}

// The choice among several authorization servers.
BOOST_AUTO_TEST_CASE(authorization_server_choice) {
    auto const two = R"(["https://as.example/tenant","https://as2.example"])";
    {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json(resource, two)));
        ex.expect_get("https://as2.example/.well-known/oauth-authorization-server",
                      response(200, as_json("https://as2.example")));
        auto r = discover(ex, resource, {.preferred_issuer = "https://as2.example"});
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(r);
        BOOST_TEST(r->authorization_server.issuer == "https://as2.example");
    }
    {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json(resource, two)));
        BOOST_TEST((code_of(discover(ex, resource, {.preferred_issuer = "https://as3.example"})) == error::wrong_issuer));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    for (auto none : {"[]", R"(["not a url"])"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json(resource, none)));
        BOOST_TEST(!discover(ex, resource));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(200, R"({"resource":"https://rs.example/mcp"})"));
    BOOST_TEST((code_of(discover(ex, resource)) == error::missing_member));
}

// Hostile documents and headers end discovery with a typed error, never a crash.
BOOST_AUTO_TEST_CASE(hostile_input) {
    std::string const deep(300 * 1024, '[');
    for (std::string body : {std::string(), std::string("{"), std::string("[]"),
                             std::string(R"({"resource":"https://rs.example/mcp","resource":"https://rs.example/mcp"})"),
                             std::string(R"({"resource":42})"), deep}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, body));
        BOOST_TEST(!discover(ex, resource));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(200, prm_json(), "text/html"));
    BOOST_TEST((code_of(discover(ex, resource)) == error::unexpected_content_type));
}

// No response at all: the executor's error ends discovery.
BOOST_AUTO_TEST_CASE(transport_error) {
    scripted_executor ex;
    ex.expect({.method = "GET", .url = prm_path_aware, .answer = make_error_code(error::unsupported_operation)});
    auto r = discover(ex, resource);
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code == error::unsupported_operation));
    BOOST_TEST(test::problems_of(ex) == "");
}

// The state machine driven by hand, as an async user would.
BOOST_AUTO_TEST_CASE(sans_io_state_machine) {
    auto d = discovery::for_resource(resource);
    BOOST_REQUIRE(d);
    auto s1 = d->next();
    BOOST_REQUIRE(std::holds_alternative<http_request>(s1));
    BOOST_TEST(std::get<http_request>(s1).url.buffer() == prm_path_aware);
    BOOST_TEST(std::get<http_request>(s1).method == "GET");
    // Asking again before answering returns the same request and does not count another step.
    BOOST_TEST(std::get<http_request>(d->next()).url.buffer() == prm_path_aware);
    BOOST_TEST(d->steps() == 1u);
    d->on_response(response(200, prm_json()));
    auto s2 = d->next();
    BOOST_REQUIRE(std::holds_alternative<http_request>(s2));
    BOOST_TEST(std::get<http_request>(s2).url.buffer() == as_rfc8414);
    d->on_response(response(200, as_json()));
    auto s3 = d->next();
    BOOST_REQUIRE(std::holds_alternative<outcome<discovery_result>>(s3));
    BOOST_TEST(std::get<outcome<discovery_result>>(s3).has_value());
    // Finished: the same outcome again; stray responses change nothing.
    d->on_response(response(500, ""));
    BOOST_TEST(std::get<outcome<discovery_result>>(d->next()).has_value());

    // A response nobody asked for is caller misuse.
    auto e = discovery::for_resource(resource);
    BOOST_REQUIRE(e);
    e->on_response(response(200, prm_json()));
    auto s = e->next();
    BOOST_REQUIRE(std::holds_alternative<outcome<discovery_result>>(s));
    BOOST_TEST((std::get<outcome<discovery_result>>(s).error().code == error::invalid_argument));
}

// A WWW-Authenticate that does not parse is not a dead end: it is ignored and the well-known URLs follow.
BOOST_AUTO_TEST_CASE(malformed_challenge_falls_back_to_the_well_known_urls) {
    for (auto bad : {R"(Bearer resource_metadata="unterminated)", R"(Bearer scope="a", scope="b")",
                     "Bearer realm=\"x\" junk", R"(Bearer resource_metadata="not a url")"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json()));
        ex.expect_get(as_rfc8414, response(200, as_json()));
        auto r = discover(ex, resource, unauthorized(bad));
        BOOST_TEST(test::problems_of(ex) == "", bad);
        BOOST_TEST(r.has_value(), bad);
    }
}

// RFC 9728 §3.3 as MCP servers use it: the root document and a resource_metadata document may name the
// origin or a path prefix of the called URL; the path-inserted one must name it exactly. RFC 8707 gets the
// document's resource.
BOOST_AUTO_TEST_CASE(root_document_may_name_an_origin_or_path_prefix) {
    for (auto ok : {"https://rs.example", "https://rs.example/", "https://rs.example:443", "https://RS.example/",
                    "https://rs.example/mcp"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(404, ""));
        ex.expect_get(prm_root, response(200, prm_json(ok)));
        ex.expect_get(as_rfc8414, response(200, as_json()));
        auto r = discover(ex, resource);
        BOOST_TEST(test::problems_of(ex) == "", ok);
        BOOST_REQUIRE_MESSAGE(r.has_value(), ok);
        BOOST_TEST(r->resource_indicator() == ok);
        BOOST_TEST((r->source == authorization_server_source::resource_metadata));
    }
    // Deeper resources: a prefix on segment boundaries only.
    auto const deep = "https://rs.example/api/v1/mcp";
    for (auto [doc, good] : {std::pair{"https://rs.example/api", true}, std::pair{"https://rs.example/api/", true},
                             std::pair{"https://rs.example/api/v1/mcp", true}, std::pair{"https://rs.example/ap", false},
                             std::pair{"https://rs.example/api/v1/mcp/x", false},
                             std::pair{"https://rs.example/api?tenant=1", false},
                             std::pair{"http://rs.example/api", false}, std::pair{"https://rs.example:8443/api", false},
                             std::pair{"https://evil.example/api", false}}) {
        scripted_executor ex;
        ex.expect_get("https://rs.example/.well-known/oauth-protected-resource/api/v1/mcp", response(404, ""));
        ex.expect_get(prm_root, response(200, prm_json(doc)));
        if (good) ex.expect_get(as_rfc8414, response(200, as_json()));
        auto r = discover(ex, deep);
        BOOST_TEST(test::problems_of(ex) == "", doc);
        BOOST_TEST(r.has_value() == good, doc);
        if (!good) BOOST_TEST((code_of(r) == error::wrong_audience || code_of(r) == error::insecure_url), doc);
    }
}

// The conformance suite's auth/resource-mismatch: the resource_metadata document names another origin's
// resource. Refused, and nothing more is fetched (so no authorization request can follow).
BOOST_AUTO_TEST_CASE(resource_on_another_origin_is_refused) {
    auto const local = "http://localhost:3001/mcp";
    auto const prm = "http://localhost:3001/.well-known/oauth-protected-resource/mcp";
    scripted_executor ex;
    ex.expect_get(prm, response(200, prm_json("https://evil.example.com/mcp", R"(["http://localhost:3002"])")));
    auto r = discover(ex, local,
                      unauthorized(std::string(R"(Bearer error="invalid_token", error_description="Missing Authorization header", resource_metadata=")") +
                                   prm + "\""),
                      {.allow_http_loopback = true});
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_TEST((code_of(r) == error::wrong_audience));
}

// The conformance suite's auth/metadata-var2 and var3: path issuers whose documents live at the RFC 8414
// inserted URL or the OpenID Connect appended one — and the root /.well-known/oauth-authorization-server is
// never asked for.
BOOST_AUTO_TEST_CASE(path_issuers_on_loopback) {
    discovery_options const loopback{.allow_http_loopback = true};
    auto const local = "http://localhost:3001/mcp";
    auto const tenant = "http://localhost:3002/tenant1";
    {  // var2: PRM at the root naming the origin, AS metadata with the path inserted
        scripted_executor ex;
        ex.expect_get("http://localhost:3001/.well-known/oauth-protected-resource/mcp", response(404, "Not Found", "text/html"));
        ex.expect_get("http://localhost:3001/.well-known/oauth-protected-resource",
                      response(200, prm_json("http://localhost:3001", R"(["http://localhost:3002/tenant1"])")));
        ex.expect_get("http://localhost:3002/.well-known/oauth-authorization-server/tenant1", response(200, as_json(tenant)));
        auto r = discover(ex, local, unauthorized(R"(Bearer error="invalid_token")"), loopback);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(r);
        BOOST_TEST(r->resource_indicator() == "http://localhost:3001");
        BOOST_TEST(r->authorization_server.issuer == tenant);
    }
    {  // var3: PRM at a custom resource_metadata URL, AS metadata with the OIDC path appended
        scripted_executor ex;
        ex.expect_get("http://localhost:3001/custom/metadata/location.json",
                      response(200, prm_json(local, R"(["http://localhost:3002/tenant1"])")));
        ex.expect_get("http://localhost:3002/.well-known/oauth-authorization-server/tenant1", response(404, "", "text/html"));
        ex.expect_get("http://localhost:3002/.well-known/openid-configuration/tenant1", response(404, "", "text/html"));
        ex.expect_get("http://localhost:3002/tenant1/.well-known/openid-configuration", response(200, as_json(tenant)));
        auto r = discover(ex, local,
                          unauthorized(R"(Bearer resource_metadata="http://localhost:3001/custom/metadata/location.json")"),
                          loopback);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(r);
        BOOST_TEST(r->authorization_server.issuer == tenant);
        for (auto const& req : ex.requests())
            BOOST_TEST(req.url.buffer() != "http://localhost:3002/.well-known/oauth-authorization-server");
    }
}

// MCP 2025-03-26: no protected resource metadata anywhere — the MCP server's origin is the authorization
// server. Its RFC 8414 document is used; the conformance suite's says issuer <origin>/oauth (a named quirk,
// accepted only here and only on the same origin), and that issuer is the one RFC 9207 checks use.
BOOST_AUTO_TEST_CASE(legacy_2025_03_26_metadata_at_the_origin) {
    auto const local = "http://localhost:3001/mcp";
    auto legacy_as = [](std::string_view iss) {
        std::string const i(iss);
        return R"({"issuer":")" + i + R"(","authorization_endpoint":")" + i + R"(/authorize","token_endpoint":")" + i +
               R"(/token","registration_endpoint":")" + i + R"(/register","response_types_supported":["code"],)" +
               R"("grant_types_supported":["authorization_code","refresh_token"],"code_challenge_methods_supported":["S256"],)" +
               R"("token_endpoint_auth_methods_supported":["none"]})";
    };
    auto script = [&](scripted_executor& ex, http_response as) {
        ex.expect_get("http://localhost:3001/.well-known/oauth-protected-resource/mcp", response(404, "Cannot GET", "text/html"));
        ex.expect_get("http://localhost:3001/.well-known/oauth-protected-resource", response(404, "Cannot GET", "text/html"));
        ex.expect_get("http://localhost:3001/.well-known/oauth-authorization-server", std::move(as));
    };
    discovery_options const loopback{.allow_http_loopback = true};
    auto const challenge = unauthorized(R"(Bearer error="invalid_token", error_description="Missing Authorization header")");
    {
        scripted_executor ex;
        script(ex, response(200, legacy_as("http://localhost:3001/oauth")));
        auto r = discover(ex, local, challenge, loopback);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(r);
        BOOST_TEST((r->source == authorization_server_source::legacy_metadata));
        BOOST_TEST(r->authorization_server.issuer == "http://localhost:3001/oauth");
        BOOST_TEST(*r->authorization_server.token_endpoint == "http://localhost:3001/oauth/token");
        BOOST_TEST(r->resource_indicator() == local);
        BOOST_TEST((*r->resource.authorization_servers == std::vector<std::string>{"http://localhost:3001/oauth"}));
        BOOST_TEST(!r->challenge_scope);
    }
    {  // the issuer at the origin itself is fine too
        scripted_executor ex;
        script(ex, response(200, legacy_as("http://localhost:3001")));
        auto r = discover(ex, local, challenge, loopback);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_TEST(r.has_value());
    }
    // Another origin is not this server's authorization server: refused, whatever its path.
    for (auto other : {"http://localhost:3002/oauth", "http://127.0.0.1:3001/oauth", "https://localhost:3001/oauth"}) {
        scripted_executor ex;
        script(ex, response(200, legacy_as(other)));
        BOOST_TEST((code_of(discover(ex, local, challenge, loopback)) == error::wrong_issuer), other);
        BOOST_TEST(test::problems_of(ex) == "", other);
    }
    {  // a server failing is reported, not papered over with default endpoints
        scripted_executor ex;
        script(ex, response(500, R"({"error":"server_error"})"));
        BOOST_TEST((code_of(discover(ex, local, challenge, loopback)) == error::server_error));
        BOOST_TEST(test::problems_of(ex) == "");
    }
    {  // a broken document is refused
        scripted_executor ex;
        script(ex, response(200, R"({"issuer":"http://localhost:3001"})"));
        BOOST_TEST((code_of(discover(ex, local, challenge, loopback)) == error::missing_member));
        BOOST_TEST(test::problems_of(ex) == "");
    }
}

// MCP 2025-03-26 "Fallbacks for Servers without Metadata Discovery": nothing at all — the default endpoints
// at the origin (the path of the MCP URL discarded).
BOOST_AUTO_TEST_CASE(legacy_2025_03_26_default_endpoints) {
    scripted_executor ex;
    ex.expect_get(prm_path_aware, response(404, ""));
    ex.expect_get(prm_root, response(404, ""));
    ex.expect_get("https://rs.example/.well-known/oauth-authorization-server", response(404, ""));
    auto r = discover(ex, resource);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(r);
    BOOST_TEST((r->source == authorization_server_source::legacy_default_endpoints));
    auto const& as = r->authorization_server;
    BOOST_TEST(as.issuer == "https://rs.example");
    BOOST_TEST(*as.authorization_endpoint == "https://rs.example/authorize");
    BOOST_TEST(*as.token_endpoint == "https://rs.example/token");
    BOOST_TEST(*as.registration_endpoint == "https://rs.example/register");
    BOOST_TEST(r->resource_indicator() == resource);
    BOOST_TEST(ex.calls() == 3u);

    // Switched off: no guessing.
    scripted_executor off;
    off.expect_get(prm_path_aware, response(404, ""));
    off.expect_get(prm_root, response(404, ""));
    BOOST_TEST((code_of(discover(off, resource, {.legacy_2025_03_26 = false})) == error::unexpected_status));
    BOOST_TEST(test::problems_of(off) == "");
}

// RFC 9728 §7.7: a 401 that names a cloud metadata service (or any internal host) as its resource_metadata is
// not followed — nothing is fetched at all.
BOOST_AUTO_TEST_CASE(resource_metadata_on_internal_hosts_is_refused) {
    for (auto internal : {"https://169.254.169.254/latest/meta-data/iam/security-credentials/",
                          "https://10.0.0.5/prm", "https://172.16.1.1/prm", "https://192.168.1.1/prm",
                          "https://127.0.0.1/prm", "https://localhost/prm", "https://api.localhost/prm",
                          "https://[::1]/prm", "https://[fe80::1]/prm", "https://[fd00::1]/prm",
                          "https://[::ffff:169.254.169.254]/prm", "https://0.0.0.0/prm", "https://2130706433/prm",
                          "https://0x7f.1/prm", "https://169.254.43518/prm", "https://0251.0376.0251.0376/prm"}) {
        auto d = discovery::from_challenge(resource,
                                           unauthorized(std::string(R"(Bearer resource_metadata=")") + internal + "\""));
        BOOST_TEST((!d && d.error() == error::address_not_allowed), internal);
    }
    // Relaxed for tests and closed networks: fetched.
    scripted_executor ex;
    ex.expect_get("https://169.254.169.254/prm", response(200, prm_json()));
    ex.expect_get(as_rfc8414, response(200, as_json()));
    auto r = discover(ex, resource, unauthorized(R"(Bearer resource_metadata="https://169.254.169.254/prm")"),
                      {.addresses = {.allow_internal_hosts = true}});
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_TEST(r.has_value());
}

// A loopback resource (a local MCP server, the conformance mocks) may point at loopback metadata, and a private
// one at private hosts — but nothing may point at link-local hosts.
BOOST_AUTO_TEST_CASE(internal_resources_may_use_their_own_kind_of_host) {
    discovery_options const loopback{.allow_http_loopback = true};
    BOOST_TEST(discovery::from_challenge("http://127.0.0.1:8080/mcp",
                                         unauthorized(R"(Bearer resource_metadata="http://localhost:8080/prm")"), loopback)
                   .has_value());
    BOOST_TEST((discovery::from_challenge("http://127.0.0.1:8080/mcp",
                                          unauthorized(R"(Bearer resource_metadata="https://10.1.2.3/prm")"), loopback)
                    .error() == error::address_not_allowed));
    BOOST_TEST(discovery::from_challenge("https://10.0.0.5/mcp",
                                         unauthorized(R"(Bearer resource_metadata="https://10.0.0.6/prm")"))
                   .has_value());
    BOOST_TEST((discovery::from_challenge("https://169.254.1.1/mcp",
                                          unauthorized(R"(Bearer resource_metadata="https://169.254.169.254/prm")"))
                    .error() == error::address_not_allowed));
}

// RFC 9728 §7.7 for authorization_servers: a public resource naming an internal issuer is refused before the
// issuer's metadata is fetched.
BOOST_AUTO_TEST_CASE(authorization_servers_on_internal_hosts_are_refused) {
    for (auto internal : {R"(["https://169.254.169.254"])", R"(["https://10.0.0.5/tenant"])",
                          R"(["https://localhost:9000"])"}) {
        scripted_executor ex;
        ex.expect_get(prm_path_aware, response(200, prm_json(resource, internal)));
        BOOST_TEST((code_of(discover(ex, resource)) == error::address_not_allowed), internal);
        BOOST_TEST(test::problems_of(ex) == "", internal);
    }
}

// An option keeps a resource's metadata on its own origin.
BOOST_AUTO_TEST_CASE(same_origin_metadata_option) {
    discovery_options strict;
    strict.addresses.require_same_origin_metadata = true;
    BOOST_TEST((discovery::from_challenge(resource, unauthorized(R"(Bearer resource_metadata="https://meta.example/prm")"),
                                          strict)
                    .error() == error::address_not_allowed));
    BOOST_TEST(discovery::from_challenge(resource, unauthorized(R"(Bearer resource_metadata="https://rs.example/prm")"),
                                         strict)
                   .has_value());
    // Off by default: another public host is fine.
    BOOST_TEST(discovery::from_challenge(resource, unauthorized(R"(Bearer resource_metadata="https://meta.example/prm")"))
                   .has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_discovery_test
