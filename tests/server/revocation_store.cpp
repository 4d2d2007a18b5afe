#include <authwire/server/revocation_store.hpp>

#include "clock_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace server_revocation_store_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;

BOOST_AUTO_TEST_SUITE(server_revocation_store)

BOOST_AUTO_TEST_CASE(family_revocation_covers_every_jti) {
    memory_revocation_store store;
    BOOST_TEST(!store.is_revoked("fam-1", "jti-1", t0).value());
    BOOST_REQUIRE(store.revoke_family("fam-1", t0 + 1h));
    BOOST_TEST(store.is_revoked("fam-1", "jti-1", t0).value());
    BOOST_TEST(store.is_revoked("fam-1", "jti-2", t0 + 59min).value());
    BOOST_TEST(store.is_revoked("fam-1", "", t0).value());
    BOOST_TEST(!store.is_revoked("fam-2", "jti-1", t0).value());
    BOOST_TEST(!store.is_revoked("fam-1", "jti-1", t0 + 1h).value());  // every such token has expired by then
}

BOOST_AUTO_TEST_CASE(jti_revocation) {
    memory_revocation_store store;
    BOOST_REQUIRE(store.revoke_jti("jti-1", t0 + 1h));
    BOOST_TEST(store.is_revoked("fam-1", "jti-1", t0).value());
    BOOST_TEST(store.is_revoked("", "jti-1", t0).value());
    BOOST_TEST(!store.is_revoked("fam-1", "jti-2", t0).value());
    BOOST_TEST(!store.is_revoked("", "", t0).value());
    // The id spaces are separate: a jti equal to a revoked family id is not revoked, and vice versa.
    BOOST_TEST(!store.is_revoked("jti-1", "", t0).value());
}

BOOST_AUTO_TEST_CASE(later_until_wins) {
    memory_revocation_store store;
    BOOST_REQUIRE(store.revoke_family("fam-1", t0 + 2h));
    BOOST_REQUIRE(store.revoke_family("fam-1", t0 + 1h));
    BOOST_TEST(store.is_revoked("fam-1", "x", t0 + 90min).value());
    BOOST_TEST((store.revoke_family("", t0).error() == error::missing_argument));
    BOOST_TEST((store.revoke_jti("", t0).error() == error::missing_argument));
}

BOOST_AUTO_TEST_CASE(purge) {
    memory_revocation_store store;
    BOOST_REQUIRE(store.revoke_family("fam-1", t0 + 1h));
    BOOST_REQUIRE(store.revoke_jti("jti-1", t0 + 2h));
    BOOST_TEST(store.purge(t0 + 1h) == 1u);
    BOOST_TEST(store.size() == 1u);
    BOOST_TEST(store.is_revoked("", "jti-1", t0 + 1h).value());
}

BOOST_AUTO_TEST_CASE(concurrent_checks_and_revocations) {
    memory_revocation_store store;
    std::atomic<bool> wrong{false};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) {
                auto id = "fam-" + std::to_string(t) + "-" + std::to_string(i);
                if (!store.revoke_family(id, t0 + 1h)) wrong = true;
                auto r = store.is_revoked(id, "j", t0);
                if (!r || !*r) wrong = true;
            }
        });
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                auto r = store.is_revoked("never", "never", t0);
                if (!r || *r) wrong = true;
            }
        });
    for (auto& th : threads) th.join();
    BOOST_TEST(!wrong.load());
    BOOST_TEST(store.size() == 800u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_revocation_store_test
