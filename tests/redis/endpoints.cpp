// authwire tests — the server endpoints over the Redis stores when Redis is down: the token endpoint answers 503
// temporarily_unavailable (server/endpoint_response.hpp: store_failure_error) and issues no token it could not
// record; the revocation endpoint answers 503 temporarily_unavailable (RFC 7009 §2.2.1); with Redis back, the
// same stores serve again.
#include "redis_server_support.hpp"
#include "server/issued_tokens_support.hpp"

#include <authwire/redis/client_store.hpp>
#include <authwire/redis/code_store.hpp>
#include <authwire/redis/refresh_store.hpp>
#include <authwire/redis/revocation_store.hpp>
#include <authwire/server/client_id_metadata_document.hpp>
#include <authwire/server/revocation_endpoint.hpp>
#include <authwire/server/token_endpoint.hpp>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdio>
#include <string>

namespace redis_endpoints_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using clock_type = std::chrono::system_clock;

BOOST_AUTO_TEST_CASE(endpoints_never_issue_what_redis_could_not_record) {
    auto& server = redis_test::server();
    auto const prefix = redis_test::unique_prefix();
    auto connections = redis_test::pool(2);
    authwire::redis::redis_code_store codes(connections, prefix);
    authwire::redis::redis_refresh_store refresh(connections, prefix);
    authwire::redis::redis_revocation_store revocations(connections, prefix);
    memory_client_store clients;
    client_record pub;
    pub.client_id = "public-app";
    pub.token_endpoint_auth_method = "none";
    pub.grant_types = {"authorization_code", "refresh_token"};
    BOOST_TEST_REQUIRE(clients.register_client(pub).has_value());
    auto const format = endpoint_test::make_format();
    auto const config = authwire_test::test_config();
    auto const now = clock_type::now();

    refresh_family_record f;
    f.client_id = "public-app";
    f.subject = "alice";
    f.scope = "mcp";
    f.resources = {"https://mcp.example/mcp"};
    auto rt = start_refresh_family(refresh, f, now, config.refresh_tokens);
    BOOST_TEST_REQUIRE(rt.has_value());
    std::string token(rt->refresh_token.reveal());

    auto refresh_request = [&](std::string const& t) {
        return authwire_test::form_post("https://as.example/token",
                                        {{"grant_type", "refresh_token"}, {"refresh_token", t}, {"client_id", "public-app"}});
    };
    token_endpoint_stores stores{clients, codes, refresh, revocations};

    // Up: the refresh works.
    auto ok = handle_token_request(refresh_request(token), now + 1s, stores, format, config);
    BOOST_TEST_REQUIRE(ok.status == 200u);
    auto const body = boost::json::parse(ok.body).as_object();
    token = std::string(body.at("refresh_token").as_string());

    server.kill();
    auto down = handle_token_request(refresh_request(token), now + 2s, stores, format, config);
    std::printf("redis down: token endpoint answers %u %s\n", down.status, down.body.c_str());
    std::fflush(stdout);
    BOOST_TEST(down.status == 503u);
    auto const err = boost::json::parse(down.body).as_object();
    BOOST_TEST(!err.contains("access_token"));
    BOOST_TEST(!err.contains("refresh_token"));
    auto const name = std::string(err.at("error").as_string());
    BOOST_TEST(name == "temporarily_unavailable");

    auto revoke = authwire_test::form_post("https://as.example/revoke",
                                           {{"token", token}, {"token_type_hint", "refresh_token"}, {"client_id", "public-app"}});
    auto rv = handle_revocation_request(revoke, now + 2s, clients, refresh, revocations, format, config);
    BOOST_TEST(rv.response.status == 503u);
    BOOST_TEST(std::string(boost::json::parse(rv.response.body).as_object().at("error").as_string()) ==
               "temporarily_unavailable");

    server.restart();
    // Back: the same store objects serve again, and the token presented while Redis was down was not spent.
    http_response again;
    auto const deadline = std::chrono::steady_clock::now() + 10s;
    do {
        again = handle_token_request(refresh_request(token), now + 3s, stores, format, config);
    } while (again.status >= 500u && std::chrono::steady_clock::now() < deadline);
    BOOST_TEST(again.status == 200u);
}

BOOST_AUTO_TEST_CASE(metadata_document_clients_over_redis_registered_clients) {
    // The CIMD wrapper keeps its fetched documents per instance (a cache: each instance may fetch the document
    // itself); the registered (DCR) clients behind it are in Redis, shared by every instance.
    auto const prefix = redis_test::unique_prefix();
    authwire::redis::redis_client_store registered(redis_test::pool(1), prefix);
    authwire::redis::redis_client_store elsewhere(redis_test::pool(1), prefix);
    auto const config = authwire_test::test_config();
    client_id_metadata_document_store<authwire::redis::redis_client_store> clients(registered, config);
    client_record c;
    c.client_id = "dcr-client";
    c.token_endpoint_auth_method = "none";
    BOOST_TEST_REQUIRE(clients.register_client(c).has_value());
    auto found = elsewhere.find_client("dcr-client");
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->has_value());
    BOOST_TEST(!clients.find_client("https://app.example/client.json").value().has_value());  // not fetched
}

} // namespace redis_endpoints_test
