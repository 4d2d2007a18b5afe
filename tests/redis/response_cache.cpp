// authwire tests — the response cache (server/response_cache.hpp, redis/response_cache.hpp): its contract, run
// against the in-memory cache and the Redis one (over redis:// and rediss://), and what it is for — two
// instances of a resource server (jwks_access_token_validator) and of an authorization server
// (client_id_metadata_document_store) sharing one cache fetch once. A cache that fails or holds something
// invalid costs a fetch, never an acceptance.
#include "redis_server_support.hpp"
#include "server/endpoint_support.hpp"
#include "server/signing_keys_support.hpp"

#include <authwire/redis/response_cache.hpp>
#include <authwire/server/access_token_keys.hpp>
#include <authwire/server/client_id_metadata_document.hpp>
#include <authwire/server/jwks_access_token_validator.hpp>
#include <authwire/server/response_cache.hpp>
#include <authwire/server/signed_jwt_access_token.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

namespace redis_response_cache_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using clock_type = std::chrono::system_clock;
clock_type::time_point const t0 = std::chrono::floor<std::chrono::seconds>(clock_type::now());

struct memory_cache {
    static constexpr char const* name = "memory";
    using cache_type = memory_response_cache;
    static std::shared_ptr<cache_type> make(std::size_t max_entries = 10000, std::size_t max_body = 64 * 1024) {
        return std::make_shared<cache_type>(max_entries, max_body);
    }
};
template <bool Tls>
struct redis_cache {
    static constexpr char const* name = Tls ? "rediss" : "redis";
    using cache_type = authwire::redis::redis_response_cache;
    static std::shared_ptr<cache_type> make(std::size_t max_entries = 10000, std::size_t max_body = 64 * 1024) {
        return std::make_shared<cache_type>(Tls ? redis_test::tls_pool(2) : redis_test::pool(2),
                                            redis_test::unique_prefix(), max_entries, max_body);
    }
};
using engines = std::tuple<memory_cache, redis_cache<false>, redis_cache<true>>;

stored_response response(std::string body, clock_type::time_point fetched, std::chrono::seconds life) {
    return stored_response{std::move(body), fetched, fetched + life};
}

// --- the contract ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(a_response_is_found_while_fresh, E, engines) {
    BOOST_TEST_MESSAGE("engine: " << E::name);
    auto c = E::make();
    BOOST_TEST(!c->find_response("jwks:https://as.example/jwks", t0).value().has_value());
    BOOST_TEST_REQUIRE(c->store_response("jwks:https://as.example/jwks", response(R"({"keys":[]})", t0, 60s), t0)
                           .has_value());
    auto hit = c->find_response("jwks:https://as.example/jwks", t0 + 59s).value();
    BOOST_TEST_REQUIRE(hit.has_value());
    BOOST_TEST(hit->body == R"({"keys":[]})");
    BOOST_TEST((hit->fetched_at == t0));
    BOOST_TEST((hit->fresh_until == t0 + 60s));
    BOOST_TEST(!c->find_response("jwks:https://as.example/jwks", t0 + 60s).value().has_value());  // stale
    BOOST_TEST(!c->find_response("jwks:https://as.example/other", t0).value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_response_is_replaced_and_erased, E, engines) {
    auto c = E::make();
    BOOST_TEST_REQUIRE(c->store_response("k", response("one", t0, 60s), t0).has_value());
    BOOST_TEST_REQUIRE(c->store_response("k", response("two", t0 + 10s, 60s), t0 + 10s).has_value());
    BOOST_TEST(c->find_response("k", t0 + 65s).value().value().body == "two");
    BOOST_TEST(c->erase_response("k").has_value());
    BOOST_TEST(!c->find_response("k", t0 + 11s).value().has_value());
    BOOST_TEST(c->erase_response("never-stored").has_value());
    // Stale on arrival: not stored.
    BOOST_TEST(c->store_response("stale", response("x", t0 - 120s, 60s), t0).has_value());
    BOOST_TEST(!c->find_response("stale", t0 - 100s).value().has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(the_cache_is_size_capped, E, engines) {
    auto c = E::make(3, 16);
    BOOST_TEST((c->store_response("big", response(std::string(17, 'x'), t0, 60s), t0).error() ==
                error::input_too_large));
    BOOST_TEST(c->store_response("fit", response(std::string(16, 'x'), t0, 60s), t0).has_value());
    // Three entries at most: the one closest to expiry goes first.
    BOOST_TEST(c->store_response("a", response("a", t0, 100s), t0).has_value());
    BOOST_TEST(c->store_response("b", response("b", t0, 200s), t0).has_value());
    BOOST_TEST(c->store_response("c", response("c", t0, 300s), t0).has_value());
    BOOST_TEST(!c->find_response("fit", t0).value().has_value());  // expires first (60 s): evicted
    BOOST_TEST(c->find_response("a", t0).value().has_value());
    BOOST_TEST(c->store_response("d", response("d", t0, 400s), t0).has_value());
    BOOST_TEST(!c->find_response("a", t0).value().has_value());
    for (auto k : {"b", "c", "d"}) BOOST_TEST(c->find_response(k, t0).value().has_value(), k);
    // Replacing an entry evicts nothing.
    BOOST_TEST(c->store_response("b", response("b2", t0, 500s), t0).has_value());
    for (auto k : {"b", "c", "d"}) BOOST_TEST(c->find_response(k, t0).value().has_value(), k);
}

// --- two resource-server instances, one JWK Set fetch ----------------------------------------------------------

constexpr char issuer[] = "https://as.example";
constexpr char jwks_uri[] = "https://as.example/jwks";
constexpr char resource[] = "https://mcp.example/mcp";

struct authorization_server {
    access_token_signing_keys keys{1h};
    std::optional<signed_jwt_access_token_format> format;
    unsigned fetches = 0;

    authorization_server() { rotate("k1", t0); }
    void rotate(std::string kid, clock_type::time_point at) {
        BOOST_REQUIRE(keys.rotate_to(server_test::signing_key(jose::jws_algorithm::ES256, kid), at).has_value());
        signed_jwt_access_token_options o;
        o.issuer = issuer;
        format.emplace(signed_jwt_access_token_format::make(keys, o).value());
    }
    std::string token(clock_type::time_point at) const {
        access_token_grant g;
        g.subject = "alice";
        g.client_id = "mcp-client";
        g.scope = "mcp:tools";
        g.audience = {resource};
        return std::string(format->issue(g, at).value().access_token.reveal());
    }
    http_response send(http_request const& req, clock_type::time_point at) {
        ++fetches;
        return handle_jwks_request(req, keys, at, 600s);
    }
};

jwks_access_token_options validator_options() {
    jwks_access_token_options o;
    o.issuer = issuer;
    o.jwks_uri = jwks_uri;
    return o;
}

template <class V>
void pump(V& v, authorization_server& as, clock_type::time_point now) {
    if (auto req = v.next_request(now)) BOOST_TEST(v.on_response(as.send(*req, now), now).has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(two_validators_share_one_jwks_fetch, E, engines) {
    BOOST_TEST_MESSAGE("engine: " << E::name);
    using validator = basic_jwks_access_token_validator<typename E::cache_type>;
    authorization_server as;
    auto cache = E::make();
    auto a = validator::make(validator_options(), cache).value();
    auto b = validator::make(validator_options(), cache).value();
    auto const token = as.token(t0);

    pump(a, as, t0);
    BOOST_TEST(as.fetches == 1u);
    BOOST_TEST(a.read(token, t0).has_value());
    // The second instance asks for nothing: it takes the set the first one fetched.
    BOOST_TEST(!b.next_request(t0 + 1s).has_value());
    BOOST_TEST(as.fetches == 1u);
    BOOST_TEST(b.read(token, t0 + 1s).has_value());
    BOOST_TEST((b.fresh_until() == a.fresh_until()));

    // A new key: one instance meets it, refetches; the other meets it and takes the new set, no fetch.
    as.rotate("k2", t0 + 2min);
    auto const fresh = as.token(t0 + 2min);
    BOOST_TEST((a.read(fresh, t0 + 2min).error() == error::unknown_key));
    pump(a, as, t0 + 2min);
    BOOST_TEST(as.fetches == 2u);
    BOOST_TEST((b.read(fresh, t0 + 2min).error() == error::unknown_key));
    BOOST_TEST(!b.next_request(t0 + 2min).has_value());
    BOOST_TEST(as.fetches == 2u);
    BOOST_TEST(b.read(fresh, t0 + 2min).has_value());

    // A third instance, later: still nothing to fetch while the shared set is fresh.
    auto c = validator::make(validator_options(), cache).value();
    BOOST_TEST(!c.next_request(t0 + 5min).has_value());
    BOOST_TEST(c.read(fresh, t0 + 5min).has_value());
    BOOST_TEST(as.fetches == 2u);
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_jwks_cache_entry_that_does_not_validate_costs_a_fetch, E, engines) {
    using validator = basic_jwks_access_token_validator<typename E::cache_type>;
    authorization_server as;
    auto cache = E::make();
    // Corrupted (or planted) in the cache: not a JWK Set. It is validated as a fetched one would be, and refused.
    BOOST_TEST_REQUIRE(cache->store_response("jwks:" + std::string(jwks_uri),
                                             response(R"({"keys":"not an array"})", t0, 600s), t0)
                           .has_value());
    auto v = validator::make(validator_options(), cache).value();
    auto req = v.next_request(t0);  // the planted body does not parse: fetch
    BOOST_TEST_REQUIRE(req.has_value());
    BOOST_TEST(v.on_response(as.send(*req, t0), t0).has_value());
    BOOST_TEST(v.read(as.token(t0), t0).has_value());
}

BOOST_AUTO_TEST_CASE(a_redis_that_is_down_costs_a_fetch_never_an_acceptance) {
    authwire::redis::connection_options o;
    o.host = "127.0.0.1";
    o.port = redis_test::free_port();  // nobody listens
    o.connect_timeout = 200ms;
    auto cache = std::make_shared<authwire::redis::redis_response_cache>(
        std::make_shared<authwire::redis::connection_pool>(o), redis_test::unique_prefix());
    BOOST_TEST((cache->find_response("k", t0).error() == error::temporarily_unavailable));
    authorization_server as;
    auto v = basic_jwks_access_token_validator<authwire::redis::redis_response_cache>::make(validator_options(), cache)
                 .value();
    BOOST_TEST((v.read(as.token(t0), t0).error() == error::unknown_key));  // nothing accepted without keys
    pump(v, as, t0);  // the miss is a fetch
    BOOST_TEST(as.fetches == 1u);
    BOOST_TEST(v.read(as.token(t0), t0).has_value());
}

// --- two authorization-server instances, one client ID metadata document fetch ---------------------------------

constexpr char client_url[] = "https://app.example/oauth/client.json";

http_response served_document(std::string_view redirect = "http://127.0.0.1:3000/callback") {
    boost::json::object doc{{"client_id", client_url},
                            {"client_name", "Example MCP Client"},
                            {"redirect_uris", boost::json::array{boost::json::string(redirect)}},
                            {"grant_types", boost::json::array{"authorization_code", "refresh_token"}},
                            {"response_types", boost::json::array{"code"}},
                            {"token_endpoint_auth_method", "none"}};
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "application/json");
    r.headers.append("Cache-Control", "max-age=600");
    r.body = boost::json::serialize(doc);
    return r;
}

BOOST_AUTO_TEST_CASE_TEMPLATE(two_authorization_servers_share_one_document_fetch, E, engines) {
    BOOST_TEST_MESSAGE("engine: " << E::name);
    using front = client_id_metadata_document_store<memory_client_store, typename E::cache_type>;
    auto config = authwire_test::test_config();
    config.client_id_metadata_document_supported = true;
    memory_client_store registered_a, registered_b;
    auto cache = E::make();
    front a(registered_a, config, {}, cache);
    front b(registered_b, config, {}, cache);

    auto fetch = a.fetch_request(client_url, t0);
    BOOST_TEST_REQUIRE(fetch.has_value());
    BOOST_TEST_REQUIRE(fetch->has_value());  // the first instance fetches
    BOOST_TEST_REQUIRE(a.on_response(client_url, served_document(), t0).has_value());

    auto second = b.fetch_request(client_url, t0 + 1s);  // the second finds it in the shared cache
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(!second->has_value());
    auto found = b.find_client(client_url).value();
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->redirect_uris == std::vector<std::string>{"http://127.0.0.1:3000/callback"},
               boost::test_tools::per_element());
    BOOST_TEST(found->token_endpoint_auth_method == "none");

    // A refused refetch on one instance takes the shared copy away: an instance that comes later fetches.
    http_response gone;
    gone.status = 404;
    BOOST_TEST(!a.on_response(client_url, gone, t0 + 10s).has_value());
    memory_client_store registered_c;
    front c(registered_c, config, {}, cache);
    auto again = c.fetch_request(client_url, t0 + 11s);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(again->has_value());
}

BOOST_AUTO_TEST_CASE_TEMPLATE(a_shared_document_is_validated_by_each_instance, E, engines) {
    // What an instance takes from the cache passes the same checks as a fetched document: a cache is storage,
    // not a trust anchor, and never widens what an instance accepts.
    using front = client_id_metadata_document_store<memory_client_store, typename E::cache_type>;
    auto config = authwire_test::test_config();
    config.client_id_metadata_document_supported = true;
    memory_client_store registered;
    auto cache = E::make();
    // Planted: a document claiming another client_id under this URL's key.
    boost::json::object forged{{"client_id", "https://evil.example/c.json"}, {"redirect_uris", boost::json::array{}}};
    BOOST_TEST_REQUIRE(cache->store_response(std::string("cimd:") + client_url,
                                             response(boost::json::serialize(forged), t0, 600s), t0)
                           .has_value());
    front b(registered, config, {}, cache);
    auto fetch = b.fetch_request(client_url, t0);
    BOOST_TEST_REQUIRE(fetch.has_value());
    BOOST_TEST(fetch->has_value());  // not adopted: fetched
    BOOST_TEST(!b.find_client(client_url).value().has_value());
}

} // namespace redis_response_cache_test
