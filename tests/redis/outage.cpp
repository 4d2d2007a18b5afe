// authwire tests — Redis going away: killed (SIGKILL) in the middle of refresh traffic, every call fails with
// temporarily_unavailable instead of crashing or issuing a token it could not record, and the SAME store
// objects recover when Redis is back; restarted from its AOF (appendfsync always), no acknowledged refresh
// family is lost. These tests stop and restart the shared test server: they leave it running.
#include "store_fixtures.hpp"

#include <authwire/server/authorization_code.hpp>
#include <authwire/server/refresh_rotation.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace redis_outage_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using clock_type = std::chrono::system_clock;

struct stores {
    std::string prefix = redis_test::unique_prefix();
    std::shared_ptr<authwire::redis::connection_pool> connections = redis_test::pool(4);
    authwire::redis::redis_refresh_store refresh{connections, prefix};
    authwire::redis::redis_revocation_store revocations{connections, prefix};
    authwire::redis::redis_code_store codes{connections, prefix};
    authwire::redis::redis_client_store clients{connections, prefix};
};

// Calls `f` until it succeeds or `limit` passes; true when it succeeded.
template <class F>
bool eventually(F f, std::chrono::milliseconds limit = 10s) {
    auto const deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
        if (f()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

BOOST_AUTO_TEST_CASE(killed_mid_traffic_then_recovers_without_restarting_the_store) {
    stores s;
    auto& server = redis_test::server();
    refresh_token_policy policy;
    policy.grace_window = 60s;  // a rotation whose reply was lost to the crash is recovered by the retry
    auto const now = clock_type::now();

    // Four clients refreshing their own grants in a loop while Redis is killed under them.
    constexpr int clients = 4;
    std::vector<std::string> tokens;
    for (int i = 0; i < clients; ++i) {
        refresh_family_record g;
        g.client_id = "client";
        g.subject = "user-" + std::to_string(i);
        auto issued = start_refresh_family(s.refresh, g, now, policy);
        BOOST_TEST_REQUIRE(issued.has_value());
        tokens.emplace_back(issued->refresh_token.reveal());
    }
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, unavailable{0}, refused{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < clients; ++i) {
        threads.emplace_back([&, i] {
            auto& token = tokens[static_cast<std::size_t>(i)];
            while (!stop) {
                auto r = rotate_refresh_token(s.refresh, s.revocations, token, "client", clock_type::now(), policy);
                if (r) {
                    token = std::string(r->refresh_token.reveal());
                    ++ok;
                } else if (r.error() == grant_failure::store_failure &&
                           r.error().store_error == error::temporarily_unavailable) {
                    ++unavailable;
                    std::this_thread::sleep_for(5ms);
                } else {
                    ++refused;  // reuse or anything else: the grant would be lost — must not happen
                }
            }
        });
    }
    BOOST_TEST(eventually([&] { return ok >= 20; }));
    server.kill();
    int const ok_at_kill = ok;
    BOOST_TEST(eventually([&] { return unavailable >= 20; }));

    // While it is down: every kind of call is an error, never a token.
    auto const down = clock_type::now();
    refresh_family_record g;
    g.client_id = "client";
    auto fresh = start_refresh_family(s.refresh, g, down);
    BOOST_TEST((!fresh.has_value() && fresh.error() == error::temporarily_unavailable));
    authorization_code_record rec;
    rec.client_id = "client";
    rec.redirect_uri = "https://app.example/cb";
    rec.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    auto code = issue_authorization_code(s.codes, rec, down);
    BOOST_TEST((!code.has_value() && code.error() == error::temporarily_unavailable));
    auto revoked = s.revocations.is_revoked("fam", "jti", down);
    BOOST_TEST((!revoked.has_value() && revoked.error() == error::temporarily_unavailable));  // fail closed
    BOOST_TEST((s.clients.find_client("c").error() == error::temporarily_unavailable));
    BOOST_TEST((s.revocations.revoke_jti("jti", down + 1h).error() == error::temporarily_unavailable));

    int const ok_while_down = ok;  // before the restart: the threads use the new server as soon as it is up
    server.restart();
    int const ok_at_restart = ok;
    BOOST_TEST(eventually([&] { return ok >= ok_at_restart + 20; }));
    stop = true;
    for (auto& t : threads) t.join();
    std::printf("redis outage: %d rotations before the kill, %d after the restart, %d calls answered "
                "temporarily_unavailable, %d refused\n",
                ok_at_kill, ok - ok_while_down, unavailable.load(), refused.load());
    std::fflush(stdout);
    BOOST_TEST(ok_while_down - ok_at_kill <= clients);  // at most the calls already in flight at the kill
    BOOST_TEST(refused == 0);
    BOOST_TEST(eventually([&] { return start_refresh_family(s.refresh, g, clock_type::now()).has_value(); }));
}

BOOST_AUTO_TEST_CASE(no_acknowledged_family_is_lost_across_a_crash_with_aof) {
    stores s;
    auto& server = redis_test::server();
    auto const now = clock_type::now();
    constexpr int n = 200;
    std::vector<std::string> tokens;
    std::vector<std::string> families;
    for (int i = 0; i < n; ++i) {
        refresh_family_record g;
        g.client_id = "client";
        g.subject = "user-" + std::to_string(i);
        auto issued = start_refresh_family(s.refresh, g, now);
        BOOST_TEST_REQUIRE(issued.has_value());
        tokens.emplace_back(issued->refresh_token.reveal());
        families.push_back(issued->family_id);
    }
    // Half of them rotated once, and one family revoked: state that must survive as well.
    for (int i = 0; i < n; i += 2) {
        auto r = rotate_refresh_token(s.refresh, s.revocations, tokens[static_cast<std::size_t>(i)], "client",
                                      now + 1s);
        BOOST_TEST_REQUIRE(r.has_value());
        tokens[static_cast<std::size_t>(i)] = std::string(r->refresh_token.reveal());
    }
    BOOST_TEST_REQUIRE(revoke_refresh_family(s.refresh, s.revocations, families[1], now + 1s, 1h).value());

    server.kill();  // SIGKILL right after the last acknowledgement: no clean shutdown, no final rewrite
    server.restart();

    int found = 0;
    BOOST_TEST(eventually([&] { return s.refresh.find_refresh_token(hash_token(tokens[0]).value(), now + 2s).has_value(); }));
    for (int i = 0; i < n; ++i) {
        auto info = s.refresh.find_refresh_token(hash_token(tokens[static_cast<std::size_t>(i)]).value(), now + 2s);
        BOOST_TEST_REQUIRE(info.has_value());
        if (!info->has_value()) continue;
        ++found;
        auto const expected = i == 1 ? refresh_token_state::revoked : refresh_token_state::active;
        BOOST_TEST(((*info)->state == expected), "family " << i);
    }
    std::printf("redis AOF restart: %d of %d refresh families found after SIGKILL and restart\n", found, n);
    std::fflush(stdout);
    BOOST_TEST(found == n);
    BOOST_TEST(s.revocations.is_revoked(families[1], "", now + 2s).value() == true);
    // And they still rotate.
    BOOST_TEST(rotate_refresh_token(s.refresh, s.revocations, tokens[2], "client", now + 3s).has_value());
}

} // namespace redis_outage_test
