// authwire tests — authorization-server instances racing through one Redis: N = 2, 8, 32 PROCESSES, each with
// its own connection and store objects, refresh one token at the same instant (exactly one winner, the family
// revoked for refresh and access tokens everywhere); an authorization code replayed on another instance.
#include "store_fixtures.hpp"

#include <authwire/server/authorization_code.hpp>
#include <authwire/server/refresh_rotation.hpp>

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

namespace redis_races_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using clock_type = std::chrono::system_clock;

// One instance: its own pool (one connection) and store objects on the shared Redis and prefix.
struct instance {
    explicit instance(std::string const& prefix)
        : connections(redis_test::pool(1)), refresh(connections, prefix), revocations(connections, prefix),
          codes(connections, prefix) {}
    std::shared_ptr<authwire::redis::connection_pool> connections;
    authwire::redis::redis_refresh_store refresh;
    authwire::redis::redis_revocation_store revocations;
    authwire::redis::redis_code_store codes;
};

enum outcome : int { won = 0, refused_reused = 1, refused_revoked = 2, failed = 3 };

// Fork `n` processes; each builds its instance, connects, reports ready, waits for the start signal, runs
// `race(instance&)` and exits with its outcome. Returns the tally by outcome.
template <class Race>
std::map<int, int> race_processes(int n, std::string const& prefix, Race race) {
    std::array<int, 2> ready{}, start{};
    BOOST_TEST_REQUIRE(::pipe(ready.data()) == 0);
    BOOST_TEST_REQUIRE(::pipe(start.data()) == 0);
    std::vector<pid_t> children;
    for (int i = 0; i < n; ++i) {
        pid_t const pid = ::fork();
        BOOST_TEST_REQUIRE(pid >= 0);
        if (pid == 0) {
            int code = failed;
            {
                instance self(prefix);
                // Connect before the start signal, so that the race is between commands, not connects.
                bool const up = self.revocations.is_revoked("warm-up", "", clock_type::now()).has_value();
                char const byte = up ? 'r' : 'x';
                (void)!::write(ready[1], &byte, 1);
                char go = 0;
                if (up && ::read(start[0], &go, 1) == 1) code = race(self);
            }
            ::_exit(code);
        }
        children.push_back(pid);
    }
    int up = 0;
    for (int i = 0; i < n; ++i) {
        char byte = 0;
        if (::read(ready[0], &byte, 1) == 1 && byte == 'r') ++up;
    }
    BOOST_TEST(up == n);
    std::string const go(static_cast<std::size_t>(n), 'g');
    BOOST_TEST_REQUIRE(::write(start[1], go.data(), go.size()) == static_cast<ssize_t>(go.size()));
    std::map<int, int> tally;
    for (auto pid : children) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        ++tally[WIFEXITED(status) ? WEXITSTATUS(status) : failed];
    }
    for (int fd : {ready[0], ready[1], start[0], start[1]}) ::close(fd);
    return tally;
}

BOOST_AUTO_TEST_CASE(concurrent_refresh_across_processes_has_exactly_one_winner) {
    refresh_token_policy const policy;  // no grace window: a second presentation is reuse
    for (int const n : {2, 8, 32}) {
        for (int round = 0; round < 3; ++round) {
            auto const prefix = redis_test::unique_prefix();
            instance here(prefix);
            auto const now = clock_type::now();
            refresh_family_record grant;
            grant.client_id = "client";
            grant.subject = "alice";
            grant.scope = "mcp";
            auto issued = start_refresh_family(here.refresh, grant, now, policy);
            BOOST_TEST_REQUIRE(issued.has_value());
            std::string const token(issued->refresh_token.reveal());

            auto tally = race_processes(n, prefix, [&](instance& self) {
                auto r = rotate_refresh_token(self.refresh, self.revocations, token, "client", now + 1s, policy);
                if (r) return static_cast<int>(won);
                if (r.error() == grant_failure::reused) return static_cast<int>(refused_reused);
                if (r.error() == grant_failure::revoked) return static_cast<int>(refused_revoked);
                return static_cast<int>(failed);
            });
            std::printf("redis race N=%d round %d: rotated %d, reused (family revoked) %d, refused as revoked %d, "
                        "failed %d\n",
                        n, round, tally[won], tally[refused_reused], tally[refused_revoked], tally[failed]);
            std::fflush(stdout);
            BOOST_TEST(tally[won] == 1);
            BOOST_TEST(tally[refused_reused] >= 1);
            BOOST_TEST(tally[refused_reused] + tally[refused_revoked] == n - 1);
            BOOST_TEST(tally[failed] == 0);

            // Revoked everywhere: another instance sees the family revoked, for refresh and access tokens.
            instance elsewhere(prefix);
            auto const h = hash_token(token).value();
            auto info = elsewhere.refresh.find_refresh_token(h, now + 2s);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST_REQUIRE(info->has_value());
            BOOST_TEST(((*info)->state == refresh_token_state::revoked));
            BOOST_TEST(elsewhere.revocations.is_revoked(issued->family_id, "", now + 2s).value() == true);
        }
    }
}

BOOST_AUTO_TEST_CASE(code_replayed_on_another_instance_revokes_what_it_issued) {
    auto const prefix = redis_test::unique_prefix();
    instance a(prefix), b(prefix);
    auto const now = clock_type::now();
    authorization_code_policy const policy;
    auto const verifier = oauth::make_code_verifier().value();
    authorization_code_record rec;
    rec.client_id = "client";
    rec.redirect_uri = "https://app.example/cb";
    rec.code_challenge = oauth::make_code_challenge(verifier.reveal()).value();
    rec.subject = "alice";
    auto code = issue_authorization_code(a.codes, rec, now, policy);
    BOOST_TEST_REQUIRE(code.has_value());
    std::string const c(code->reveal());
    code_redemption const req{c, "client", std::string_view("https://app.example/cb"), verifier.reveal()};

    // Instance A redeems it and starts the grant; instance B gets the same code (a replay).
    auto redeemed = redeem_authorization_code(a.codes, a.refresh, a.revocations, req, now + 1s, policy);
    BOOST_TEST_REQUIRE(redeemed.has_value());
    refresh_family_record grant;
    grant.client_id = "client";
    grant.subject = "alice";
    auto family = start_refresh_family(a.refresh, grant, now + 1s);
    BOOST_TEST_REQUIRE(family.has_value());
    BOOST_TEST(record_code_exchange(a.codes, a.refresh, a.revocations, redeemed->code_hash, family->family_id,
                                    now + 1s, policy)
                   .has_value());

    auto replay = redeem_authorization_code(b.codes, b.refresh, b.revocations, req, now + 2s, policy);
    BOOST_TEST_REQUIRE(!replay.has_value());
    BOOST_TEST((replay.error() == grant_failure::reused));
    BOOST_TEST(replay.error().revoked_family_id == family->family_id);
    // A sees it at once: the grant's refresh token no longer rotates, its access tokens are revoked.
    BOOST_TEST(a.revocations.is_revoked(family->family_id, "", now + 3s).value() == true);
    auto r = rotate_refresh_token(a.refresh, a.revocations, family->refresh_token.reveal(), "client", now + 3s);
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error() == grant_failure::revoked));
}

BOOST_AUTO_TEST_CASE(code_replayed_before_the_exchange_is_recorded) {
    // B replays between A's redemption and A's record_code_exchange: A must refuse to hand out the tokens.
    auto const prefix = redis_test::unique_prefix();
    instance a(prefix), b(prefix);
    auto const now = clock_type::now();
    auto const verifier = oauth::make_code_verifier().value();
    authorization_code_record rec;
    rec.client_id = "client";
    rec.redirect_uri = "https://app.example/cb";
    rec.code_challenge = oauth::make_code_challenge(verifier.reveal()).value();
    auto code = issue_authorization_code(a.codes, rec, now);
    BOOST_TEST_REQUIRE(code.has_value());
    std::string const c(code->reveal());
    code_redemption const req{c, "client", std::string_view("https://app.example/cb"), verifier.reveal()};
    auto redeemed = redeem_authorization_code(a.codes, a.refresh, a.revocations, req, now);
    BOOST_TEST_REQUIRE(redeemed.has_value());
    auto replay = redeem_authorization_code(b.codes, b.refresh, b.revocations, req, now);
    BOOST_TEST((replay.error() == grant_failure::reused));
    refresh_family_record grant;
    grant.client_id = "client";
    auto family = start_refresh_family(a.refresh, grant, now);
    BOOST_TEST_REQUIRE(family.has_value());
    auto recorded = record_code_exchange(a.codes, a.refresh, a.revocations, redeemed->code_hash, family->family_id, now);
    BOOST_TEST_REQUIRE(!recorded.has_value());
    BOOST_TEST((recorded.error() == grant_failure::reused));
    BOOST_TEST(b.revocations.is_revoked(family->family_id, "", now).value() == true);
}

} // namespace redis_races_test
