#include <authwire/server/refresh_store.hpp>

#include "clock_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace server_refresh_store_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;
constexpr auto day = std::chrono::hours(24);

token_hash h(std::string_view token) { return hash_token(token).value(); }

refresh_family_record family(std::string id = "fam-1", std::string client = "client") {
    refresh_family_record f;
    f.family_id = std::move(id);
    f.client_id = std::move(client);
    f.subject = "alice";
    f.scope = "mcp";
    f.created_at = t0;
    return f;
}

// A successor for `token` issued at `now`, with a grace window of `grace`.
refresh_successor next(std::string_view token, clock_type::time_point now,
                       std::chrono::seconds grace = std::chrono::seconds::zero()) {
    refresh_successor s{h(token), now + 30 * day, now + grace, {}};
    s.sealed[0] = static_cast<unsigned char>(token.back());
    return s;
}

BOOST_AUTO_TEST_SUITE(server_refresh_store)

BOOST_AUTO_TEST_CASE(rotation_chain) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    for (int i = 1; i <= 5; ++i) {
        auto prev = "rt-" + std::to_string(i - 1);
        auto cur = "rt-" + std::to_string(i);
        auto r = store.rotate(h(prev), "client", t0 + i * 1h, next(cur, t0 + i * 1h));
        BOOST_REQUIRE(r);
        BOOST_TEST((r->status == rotation_status::rotated));
        BOOST_TEST(r->family.subject == "alice");
        BOOST_TEST((store.find_refresh_token(h(prev), t0 + i * 1h).value()->state == refresh_token_state::rotated));
        BOOST_TEST((store.find_refresh_token(h(cur), t0 + i * 1h).value()->state == refresh_token_state::active));
    }
    BOOST_TEST(store.token_count() == 6u);
}

BOOST_AUTO_TEST_CASE(reuse_revokes_the_whole_family) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    BOOST_REQUIRE(store.rotate(h("rt-0"), "client", t0 + 1h, next("rt-1", t0 + 1h)));
    BOOST_REQUIRE(store.rotate(h("rt-1"), "client", t0 + 2h, next("rt-2", t0 + 2h)));
    auto reuse = store.rotate(h("rt-0"), "client", t0 + 3h, next("rt-x", t0 + 3h));
    BOOST_REQUIRE(reuse);
    BOOST_TEST((reuse->status == rotation_status::reused));
    BOOST_TEST(reuse->family.family_id == "fam-1");
    // Every token of the family, including the current one, is dead now.
    BOOST_TEST((store.rotate(h("rt-2"), "client", t0 + 4h, next("rt-3", t0 + 4h))->status == rotation_status::revoked));
    BOOST_TEST((store.rotate(h("rt-1"), "client", t0 + 4h, next("rt-3", t0 + 4h))->status == rotation_status::revoked));
    BOOST_TEST((store.find_refresh_token(h("rt-2"), t0 + 4h).value()->state == refresh_token_state::revoked));
    BOOST_TEST(!store.find_refresh_token(h("rt-x"), t0 + 4h).value().has_value());  // never installed
}

BOOST_AUTO_TEST_CASE(grace_replay_returns_the_same_successor_once) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    auto const first = next("rt-1", t0, 30s);
    BOOST_REQUIRE(store.rotate(h("rt-0"), "client", t0, first));
    auto replay = store.rotate(h("rt-0"), "client", t0 + 10s, next("rt-other", t0 + 10s, 30s));
    BOOST_REQUIRE(replay);
    BOOST_TEST((replay->status == rotation_status::replayed));
    BOOST_REQUIRE(replay->successor.has_value());
    BOOST_TEST((replay->successor->hash == first.hash));
    BOOST_TEST(replay->successor->sealed == first.sealed);
    BOOST_TEST(!store.find_refresh_token(h("rt-other"), t0 + 10s).value().has_value());  // not installed
    // A second replay is reuse.
    BOOST_TEST((store.rotate(h("rt-0"), "client", t0 + 11s, next("rt-y", t0 + 11s))->status == rotation_status::reused));
}

BOOST_AUTO_TEST_CASE(grace_replay_ends_with_the_window_or_the_successor_use) {
    {
        memory_refresh_store store;
        BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
        BOOST_REQUIRE(store.rotate(h("rt-0"), "client", t0, next("rt-1", t0, 30s)));
        BOOST_TEST((store.rotate(h("rt-0"), "client", t0 + 30s, next("rt-y", t0 + 30s))->status == rotation_status::reused));
    }
    {
        memory_refresh_store store;
        BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
        BOOST_REQUIRE(store.rotate(h("rt-0"), "client", t0, next("rt-1", t0, 30s)));
        BOOST_REQUIRE(store.rotate(h("rt-1"), "client", t0 + 1s, next("rt-2", t0 + 1s, 30s)));
        // rt-1 has been used: the client did get it, so rt-0 coming back is theft, not a lost response.
        BOOST_TEST((store.rotate(h("rt-0"), "client", t0 + 2s, next("rt-y", t0 + 2s))->status == rotation_status::reused));
    }
    {
        memory_refresh_store store;  // no grace window: the first replay is reuse
        BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
        BOOST_REQUIRE(store.rotate(h("rt-0"), "client", t0, next("rt-1", t0)));
        BOOST_TEST((store.rotate(h("rt-0"), "client", t0, next("rt-y", t0))->status == rotation_status::reused));
    }
}

BOOST_AUTO_TEST_CASE(another_clients_token_changes_nothing) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    auto r = store.rotate(h("rt-0"), "other", t0 + 1h, next("rt-1", t0 + 1h));
    BOOST_TEST((r->status == rotation_status::client_mismatch));
    BOOST_TEST(r->family.family_id.empty());  // nothing about the family leaks to the other client
    BOOST_TEST((store.rotate(h("rt-0"), "client", t0 + 1h, next("rt-1", t0 + 1h))->status == rotation_status::rotated));
}

BOOST_AUTO_TEST_CASE(expiry) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    BOOST_TEST((store.rotate(h("rt-0"), "client", t0 + 30 * day, next("rt-1", t0))->status == rotation_status::expired));
    BOOST_TEST((store.find_refresh_token(h("rt-0"), t0 + 30 * day).value()->state == refresh_token_state::expired));
    // The family's absolute end applies whatever the token says.
    auto capped = family("fam-2");
    capped.expires_at = t0 + 1h;
    BOOST_REQUIRE(store.create_family(std::move(capped), h("rt-a"), t0 + 30 * day));
    BOOST_TEST((store.rotate(h("rt-a"), "client", t0 + 1h, next("rt-b", t0))->status == rotation_status::expired));
    BOOST_TEST((store.rotate(h("rt-a"), "client", t0 + 59min, next("rt-b", t0))->status == rotation_status::rotated));
}

BOOST_AUTO_TEST_CASE(unknown_duplicates_and_revocation) {
    memory_refresh_store store;
    BOOST_TEST((store.rotate(h("nope"), "client", t0, next("x", t0))->status == rotation_status::unknown));
    BOOST_TEST(!store.find_refresh_token(h("nope"), t0).value().has_value());
    BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
    BOOST_TEST((store.create_family(family(), h("rt-9"), t0 + 30 * day).error() == error::invalid_argument));
    BOOST_TEST((store.create_family(family("fam-2"), h("rt-0"), t0 + 30 * day).error() == error::invalid_argument));
    BOOST_TEST((store.create_family(family(""), h("rt-8"), t0 + 30 * day).error() == error::missing_argument));
    // A successor hash that already exists is refused without spending the presented token.
    BOOST_TEST((store.rotate(h("rt-0"), "client", t0, next("rt-0", t0)).error() == error::invalid_argument));
    BOOST_TEST(store.revoke_family("fam-1").value());
    BOOST_TEST(!store.revoke_family("fam-404").value());
    BOOST_TEST((store.rotate(h("rt-0"), "client", t0, next("rt-1", t0))->status == rotation_status::revoked));
}

BOOST_AUTO_TEST_CASE(purge_drops_dead_families_with_their_tokens) {
    memory_refresh_store store;
    BOOST_REQUIRE(store.create_family(family("live"), h("a-0"), t0 + 30 * day));
    BOOST_REQUIRE(store.create_family(family("revoked"), h("b-0"), t0 + 30 * day));
    BOOST_REQUIRE(store.create_family(family("expiring"), h("c-0"), t0 + 1h));
    BOOST_REQUIRE(store.rotate(h("b-0"), "client", t0, next("b-1", t0)));
    BOOST_REQUIRE(store.revoke_family("revoked"));
    BOOST_TEST(store.purge(t0 + 2h) == 2u);
    BOOST_TEST(store.family_count() == 1u);
    BOOST_TEST(store.token_count() == 1u);
    BOOST_TEST((store.rotate(h("b-1"), "client", t0 + 3h, next("b-2", t0))->status == rotation_status::unknown));
}

BOOST_AUTO_TEST_CASE(concurrent_rotation_of_one_token_has_exactly_one_winner) {
    for (int round = 0; round < 100; ++round) {
        memory_refresh_store store;
        BOOST_REQUIRE(store.create_family(family(), h("rt-0"), t0 + 30 * day));
        std::atomic<int> rotated{0};
        std::atomic<int> reused{0};
        std::latch start(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                auto const successor = next("rt-1-" + std::to_string(t), t0);
                start.arrive_and_wait();
                auto r = store.rotate(h("rt-0"), "client", t0 + 1s, successor);
                if (r && r->status == rotation_status::rotated) ++rotated;
                if (r && (r->status == rotation_status::reused || r->status == rotation_status::revoked)) ++reused;
            });
        for (auto& th : threads) th.join();
        BOOST_REQUIRE(rotated.load() == 1);
        BOOST_REQUIRE(reused.load() == 7);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_refresh_store_test
