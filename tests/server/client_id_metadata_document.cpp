#include <authwire/server/client_id_metadata_document.hpp>

#include "clock_support.hpp"
#include "endpoint_support.hpp"

#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/server/authorization_endpoint.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/metadata_documents.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_endpoint.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace server_client_id_metadata_document_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::t0;

constexpr char client_url[] = "https://app.example/oauth/client.json";
constexpr char redirect[] = "http://127.0.0.1:3000/callback";

boost::json::object document() {
    return {{"client_id", client_url},
            {"client_name", "Example MCP Client"},
            {"client_uri", "https://app.example"},
            {"logo_uri", "https://app.example/logo.png"},
            {"redirect_uris", boost::json::array{redirect}},
            {"grant_types", boost::json::array{"authorization_code", "refresh_token"}},
            {"response_types", boost::json::array{"code"}},
            {"token_endpoint_auth_method", "none"}};
}

http_response served(boost::json::object const& doc, std::string cache_control = "max-age=600",
                     std::string content_type = "application/json", unsigned status = 200) {
    http_response r;
    r.status = status;
    r.headers.append("Content-Type", content_type);
    if (!cache_control.empty()) r.headers.append("Cache-Control", cache_control);
    r.body = boost::json::serialize(doc);
    return r;
}

struct fixture {
    authorization_server_config config = [] {
        auto c = authwire_test::test_config();
        c.client_id_metadata_document_supported = true;
        return c;
    }();
    memory_client_store registered;
    // Each case below fetches afresh: no memory of refusals (see refusals_are_remembered_for_a_while).
    client_id_metadata_document_store<memory_client_store> clients{registered, config, [] {
        client_id_metadata_document_options o;
        o.failure_retry_after = std::chrono::seconds(0);
        return o;
    }()};

    // The sans-IO step as an application runs it: the request (checked when one is due — a fresh copy may be
    // cached from an earlier case), then the answer handed back.
    outcome<client_record> resolve(std::string_view id, http_response const& answer,
                                   std::chrono::system_clock::time_point now = t0) {
        auto fetch = clients.fetch_request(id, now);
        BOOST_TEST_REQUIRE(fetch.has_value(), id);
        if (*fetch) {
            BOOST_TEST((*fetch)->method == "GET");
            BOOST_TEST((*fetch)->url.buffer() == id);
            BOOST_TEST((*fetch)->header("Accept").value_or("") == "application/json");
        }
        return clients.on_response(id, answer, now);
    }
    // The description of a refused document.
    std::string refused(http_response const& answer, error expected) {
        auto r = resolve(client_url, answer);
        BOOST_TEST_REQUIRE(!r.has_value());
        BOOST_TEST((r.error().code == expected), r.error());
        BOOST_TEST(!clients.find_client(client_url).value().has_value());
        return r.error().response ? r.error().response->error_description : std::string{};
    }
};

BOOST_AUTO_TEST_SUITE(server_client_id_metadata_document)

// Issue 14, draft-ietf-oauth-client-id-metadata-document: a URL client_id is fetched, validated and cached; the
// authorization and token endpoints then know the client; the metadata says so.
BOOST_FIXTURE_TEST_CASE(a_document_client_authorizes_and_gets_tokens, fixture) {
    auto m = make_authorization_server_metadata(config);
    BOOST_TEST(m.supports_client_id_metadata_documents());
    BOOST_TEST(oauth::to_json(m).at("client_id_metadata_document_supported").as_bool());
    BOOST_TEST(!make_authorization_server_metadata(authwire_test::test_config()).client_id_metadata_document_supported);

    BOOST_TEST(!clients.find_client(client_url).value().has_value());  // not fetched yet
    BOOST_TEST(clients.fetch_request(client_url, t0).value().has_value());
    auto const record = resolve(client_url, served(document())).value();
    BOOST_TEST(record.client_id == client_url);
    BOOST_TEST(!record.client_secret.has_value());
    BOOST_TEST(record.token_endpoint_auth_method == "none");
    BOOST_TEST(record.client_name == "Example MCP Client");
    BOOST_TEST((record.application_type == application_type::native));  // loopback redirect only: inferred
    BOOST_TEST(record.extra_metadata.at("logo_uri").as_string() == "https://app.example/logo.png");
    BOOST_TEST(!record.extra_metadata.contains("client_id"));
    BOOST_TEST(clients.find_client(client_url).value().value().client_name == "Example MCP Client");
    BOOST_TEST(!clients.fetch_request(client_url, t0 + 1min).value().has_value());  // cached

    // The authorization endpoint, then the token endpoint (a public client: client_id in the body).
    auto pkce = oauth::make_pkce().value();
    oauth::authorization_request ar;
    ar.client_id = client_url;
    ar.redirect_uri = "http://127.0.0.1:49152/callback";  // another port: loopback port variance
    ar.state = "s-1";
    ar.set_pkce(pkce);
    http_request browser;
    browser.url = oauth::make_authorization_url(config.authorization_endpoint, ar).value();
    auto step = authorize(browser, clients, config);
    BOOST_TEST_REQUIRE(step.needs_consent());
    BOOST_TEST(step.request().client_name == "Example MCP Client");
    memory_code_store codes;
    auto const location = std::string(
        finish_authorization(step.request(), consent_decision::approve, "alice", {}, t0, codes, config)
            .header("Location")
            .value());
    auto cb = oauth::parse_authorization_response(location, {"s-1", config.issuer, true}).value();

    jose::jws_key_ring s;
    jose::jwe_key_ring e;
    BOOST_REQUIRE(s.rotate_to(jose::jws_key::make(jose::jwk::generate_octets(32, std::string("s")).value(),
                                                  jose::jws_algorithm::HS256)
                                  .value()));
    BOOST_REQUIRE(e.rotate_to(jose::jwe_key::make(jose::jwk::generate_octets(32, std::string("e")).value(),
                                                  jose::jwe_algorithm::dir)
                                  .value()));
    jwt_access_token_options o;
    o.issuer = config.issuer;
    auto const format = jwt_access_token_format::make(s, e, o).value();
    memory_refresh_store refresh;
    memory_revocation_store revocations;
    oauth::authorization_code_grant g;
    g.code = cb.code;
    g.redirect_uri = "http://127.0.0.1:49152/callback";
    g.code_verifier = pkce.code_verifier;
    auto const resp = handle_token_request(
        oauth::make_token_request(config.token_endpoint, g, oauth::client_authentication::public_client(client_url))
            .value(),
        t0 + 1s, token_endpoint_stores{clients, codes, refresh, revocations}, format, config);
    BOOST_TEST_REQUIRE(resp.status == 200u, resp.body);
    auto const tokens = oauth::parse_token_response(resp, t0 + 1s).value();
    BOOST_TEST(format.read(tokens.access_token.reveal(), t0 + 1s).value().client_id == client_url);
    BOOST_TEST(!tokens.refresh_token.empty());
}

// The draft's rules on the document, each refusal typed; a refused document is not kept.
BOOST_FIXTURE_TEST_CASE(documents_that_are_refused, fixture) {
    // client_id must equal the URL exactly.
    for (std::string_view other : {"https://app.example/oauth/client.json/", "https://APP.example/oauth/client.json",
                                   "https://app.example/oauth/other.json", ""}) {
        auto d = document();
        d["client_id"] = other;
        BOOST_TEST(refused(served(d), error::invalid_client_metadata) == "client_id in the document is not its URL");
    }
    auto no_id = document();
    no_id.erase("client_id");
    refused(served(no_id), error::invalid_client_metadata);
    auto numeric_id = document();
    numeric_id["client_id"] = 42;
    refused(served(numeric_id), error::invalid_client_metadata);

    // Size cap (5 KiB by default), measured before parsing.
    auto big = document();
    big["client_name"] = std::string(5 * 1024, 'x');
    refused(served(big), error::input_too_large);
    auto fits = document();
    fits["client_name"] = std::string(4 * 1024, 'x');
    BOOST_TEST(resolve(client_url, served(fits)).has_value());

    // JSON content type, status 200, a JSON object.
    for (std::string_view ct : {"text/html", "text/plain", "application/jwk-set+json", ""})
        refused(served(document(), "", std::string(ct)), error::unexpected_content_type);
    BOOST_TEST(resolve(client_url, served(document(), "", "application/json; charset=utf-8")).has_value());
    for (unsigned status : {201u, 301u, 302u, 404u, 500u})
        refused(served(document(), "", "application/json", status), error::unexpected_status);
    http_response array;
    array.status = 200;
    array.headers.append("Content-Type", "application/json");
    array.body = "[1,2]";
    BOOST_TEST(!resolve(client_url, array).has_value());

    // No shared secrets: no client_secret, no client_secret_* method.
    auto secret_doc = document();
    secret_doc["client_secret"] = "s3cr3t";
    refused(served(secret_doc), error::invalid_client_metadata);
    for (std::string_view method : {"client_secret_basic", "client_secret_post", "client_secret_jwt"}) {
        auto d = document();
        d["token_endpoint_auth_method"] = method;
        BOOST_TEST(refused(served(d), error::invalid_client_metadata).find("shared-secret") != std::string::npos);
    }
    auto unserved = document();
    unserved["token_endpoint_auth_method"] = "private_key_jwt";  // not implemented by this server
    refused(served(unserved), error::invalid_client_metadata);
    auto defaulted = document();
    defaulted.erase("token_endpoint_auth_method");
    BOOST_TEST(resolve(client_url, served(defaulted)).value().token_endpoint_auth_method == "none");

    // redirect_uris through the redirect-URI policy and the application type.
    auto insecure = document();
    insecure["redirect_uris"] = boost::json::array{"http://app.example/cb"};
    refused(served(insecure), error::invalid_redirect_uri);
    auto web = document();
    web["application_type"] = "web";
    refused(served(web), error::invalid_redirect_uri);
    auto none = document();
    none["redirect_uris"] = boost::json::array{};
    refused(served(none), error::invalid_redirect_uri);
    auto scope = document();
    scope["scope"] = "root";
    refused(served(scope), error::invalid_client_metadata);

    // A refetch that fails forgets the copy held.
    BOOST_TEST(resolve(client_url, served(document())).has_value());
    BOOST_TEST(clients.find_client(client_url).value().has_value());
    BOOST_TEST(!clients.on_response(client_url, served(document(), "", "text/html"), t0).has_value());
    BOOST_TEST(!clients.find_client(client_url).value().has_value());
}

// Which client_ids can name a document, and the server-side request forgery rule with its test override.
BOOST_FIXTURE_TEST_CASE(client_id_urls_and_private_network_targets, fixture) {
    for (std::string_view bad : {"http://app.example/client.json", "https://app.example", "https://app.example/",
                                 "https://app.example/client.json#frag", "https://user@app.example/client.json",
                                 "https://app.example/a/../client.json", "https:///client.json", "https://"}) {
        BOOST_TEST(clients.is_metadata_document_client_id(bad), bad);
        BOOST_TEST((clients.fetch_request(bad, t0).error() == error::invalid_client), bad);
        BOOST_TEST((clients.on_response(bad, served(document()), t0).error().code == error::invalid_client), bad);
        BOOST_TEST(!clients.find_client(bad).value().has_value(), bad);
    }
    for (std::string_view internal :
         {"https://127.0.0.1/client.json", "https://localhost/client.json", "https://app.localhost/client.json",
          "https://10.0.0.7/client.json", "https://172.16.3.4/client.json", "https://192.168.1.1/client.json",
          "https://100.64.0.1/client.json", "https://169.254.169.254/latest/meta-data", "https://[::1]/client.json",
          "https://[fe80::1]/client.json", "https://[fd00::1]/client.json", "https://[::ffff:127.0.0.1]/client.json",
          "https://2130706433/client.json", "https://0x7f.1/client.json", "https://0.0.0.0/client.json"}) {
        BOOST_TEST((clients.fetch_request(internal, t0).error() == error::address_not_allowed), internal);
        auto d = document();
        d["client_id"] = internal;
        BOOST_TEST((clients.on_response(internal, served(d), t0).error().code == error::address_not_allowed), internal);
    }
    // The documented override for tests that serve the document on loopback.
    client_id_metadata_document_options lab;
    lab.allow_internal_hosts = true;
    client_id_metadata_document_store<memory_client_store> local{registered, config, lab};
    std::string const loopback = "https://127.0.0.1:8443/client.json";
    BOOST_TEST(local.fetch_request(loopback, t0).value().has_value());
    auto d = document();
    d["client_id"] = loopback;
    BOOST_TEST(local.on_response(loopback, served(d), t0).has_value());
    BOOST_TEST(local.find_client(loopback).value().has_value());

    // Registered clients pass through; a URL client_id cannot be registered.
    client_record r;
    r.client_id = "abc123";
    r.redirect_uris = {"https://app.example/cb"};
    BOOST_TEST(clients.register_client(r).has_value());
    BOOST_TEST(clients.find_client("abc123").value().value().client_id == "abc123");
    BOOST_TEST(!clients.is_metadata_document_client_id("abc123"));
    r.client_id = client_url;
    BOOST_TEST((clients.register_client(r).error() == error::invalid_argument));
    BOOST_TEST(!registered.find_client(client_url).value().has_value());
}

// Cache-Control max-age within the floor (5 min) and the ceiling (24 h); past it, the client is unknown until
// fetched again; the number of documents kept is bounded.
BOOST_FIXTURE_TEST_CASE(cache_lifetime_floor_ceiling_and_capacity, fixture) {
    BOOST_TEST(resolve(client_url, served(document(), "public, max-age=600")).has_value());
    BOOST_TEST(!clients.fetch_request(client_url, t0 + 599s).value().has_value());
    BOOST_TEST(clients.find_client(client_url).value().has_value());
    BOOST_TEST(clients.fetch_request(client_url, t0 + 600s).value().has_value());  // due
    BOOST_TEST(!clients.find_client(client_url).value().has_value());              // and no longer trusted

    auto lifetime = [&](std::string cache_control) {
        auto const at = t0 + 24h * 10;
        BOOST_TEST_REQUIRE(resolve(client_url, served(document(), cache_control), at).has_value());
        std::chrono::seconds n{0};
        while (n < 48h && !clients.fetch_request(client_url, at + n).value().has_value()) n += 60s;
        return n;
    };
    BOOST_TEST(lifetime("max-age=10").count() == 300);             // the floor
    BOOST_TEST(lifetime("no-store").count() == 300);
    BOOST_TEST(lifetime("").count() == 300);                        // no header: the floor
    BOOST_TEST(lifetime("max-age=31536000").count() == 24 * 3600);  // the ceiling

    client_id_metadata_document_options small;
    small.max_documents = 2;
    client_id_metadata_document_store<memory_client_store> few{registered, config, small};
    for (auto [path, max_age] : {std::pair{"/a.json", "max-age=900"}, std::pair{"/b.json", "max-age=600"},
                                 std::pair{"/c.json", "max-age=700"}}) {
        auto const id = std::string("https://app.example") + path;
        auto d = document();
        d["client_id"] = id;
        BOOST_TEST_REQUIRE(few.fetch_request(id, t0).value().has_value());
        BOOST_TEST_REQUIRE(few.on_response(id, served(d, max_age), t0).has_value());
    }
    BOOST_TEST(few.size() == 2u);
    BOOST_TEST(!few.find_client("https://app.example/b.json").value().has_value());  // the soonest to expire went
    BOOST_TEST(few.find_client("https://app.example/a.json").value().has_value());
    BOOST_TEST(few.find_client("https://app.example/c.json").value().has_value());
}

// A refused answer is remembered for failure_retry_after: the same client_id is refused without a fetch
// (its code), then fetched again; a refused client_id (no fetch happened) is not remembered.
BOOST_AUTO_TEST_CASE(refusals_are_remembered_for_a_while) {
    auto const config = authwire_test::test_config();
    memory_client_store registered;
    client_id_metadata_document_store<memory_client_store> clients{registered, config};  // 30 s by default
    BOOST_TEST((clients.options().failure_retry_after == 30s));
    BOOST_TEST_REQUIRE(clients.fetch_request(client_url, t0).value().has_value());
    auto d = document();
    d["client_id"] = "https://elsewhere.example/client.json";
    BOOST_TEST((clients.on_response(client_url, served(d), t0).error().code == error::invalid_client_metadata));
    BOOST_TEST((clients.fetch_request(client_url, t0 + 29s).error() == error::invalid_client_metadata));
    BOOST_TEST(!clients.find_client(client_url).value().has_value());
    BOOST_TEST_REQUIRE(clients.fetch_request(client_url, t0 + 30s).value().has_value());
    BOOST_TEST((clients.on_response(client_url, served(document(), "", "application/json", 503), t0 + 30s).error() ==
                error::unexpected_status));
    BOOST_TEST((clients.fetch_request(client_url, t0 + 31s).error() == error::unexpected_status));
    BOOST_TEST_REQUIRE(clients.fetch_request(client_url, t0 + 60s).value().has_value());
    BOOST_TEST(clients.on_response(client_url, served(document()), t0 + 60s).has_value());
    BOOST_TEST(clients.find_client(client_url).value().has_value());

    // Refused client_ids cost no fetch and leave nothing behind.
    BOOST_TEST((clients.fetch_request("https://10.0.0.1/c.json", t0).error() == error::address_not_allowed));
    BOOST_TEST((clients.on_response("https://10.0.0.1/c.json", served(document()), t0).error() ==
                error::address_not_allowed));
    BOOST_TEST(clients.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_client_id_metadata_document_test
