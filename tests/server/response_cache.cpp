#include <authwire/server/response_cache.hpp>

#include "clock_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

// The contract is also run against the Redis cache, and the sharing between instances of
// jwks_access_token_validator and client_id_metadata_document_store through both caches is tested, in
// tests/redis/response_cache.cpp (label `redis`).
namespace server_response_cache_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using server_test::t0;

BOOST_AUTO_TEST_SUITE(server_response_cache)

// RFC 9111 §4.2: a stored response is served while fresh, then forgotten.
BOOST_AUTO_TEST_CASE(memory_cache_serves_fresh_responses_only) {
    memory_response_cache c;
    BOOST_TEST(!c.find_response("k", t0).value().has_value());
    BOOST_TEST(c.store_response("k", stored_response{"body", t0, t0 + 60s}, t0).has_value());
    BOOST_TEST(c.find_response("k", t0 + 59s).value().value().body == "body");
    BOOST_TEST(!c.find_response("k", t0 + 60s).value().has_value());
    BOOST_TEST(c.size() == 0u);  // a stale entry is dropped when met
    BOOST_TEST(c.store_response("late", stored_response{"x", t0, t0 + 60s}, t0 + 60s).has_value());
    BOOST_TEST(c.size() == 0u);  // stale on arrival: not stored
}

// Untrusted-size input never grows memory without bound: bodies and entries are capped.
BOOST_AUTO_TEST_CASE(memory_cache_is_size_capped) {
    memory_response_cache c(2, 8);
    BOOST_TEST((c.store_response("big", stored_response{std::string(9, 'x'), t0, t0 + 60s}, t0).error() ==
                error::input_too_large));
    BOOST_TEST(c.store_response("a", stored_response{"a", t0, t0 + 10s}, t0).has_value());
    BOOST_TEST(c.store_response("b", stored_response{"b", t0, t0 + 20s}, t0).has_value());
    BOOST_TEST(c.store_response("c", stored_response{"c", t0, t0 + 30s}, t0).has_value());
    BOOST_TEST(c.size() == 2u);
    BOOST_TEST(!c.find_response("a", t0).value().has_value());  // closest to expiry: evicted
    BOOST_TEST(c.find_response("c", t0).value().has_value());
    BOOST_TEST(c.erase_response("c").has_value());
    BOOST_TEST(!c.find_response("c", t0).value().has_value());
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace server_response_cache_test
