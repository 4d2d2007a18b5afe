#include <authwire/server/refresh_rotation.hpp>

#include "clock_support.hpp"

#include <authwire/core/base64.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace server_refresh_rotation_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;
constexpr auto day = std::chrono::hours(24);

refresh_family_record grant(std::string client = "client") {
    refresh_family_record g;
    g.client_id = std::move(client);
    g.subject = "alice";
    g.scope = "mcp:read mcp:write";
    g.resources = {"https://mcp.example/"};
    g.claims["api_key_id"] = "k-17";
    return g;
}

struct server_state {
    memory_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    refresh_token_policy policy;

    issued_refresh_token start(clock_type::time_point now = t0) {
        auto r = start_refresh_family(refresh_tokens, grant(), now, policy);
        BOOST_REQUIRE(r);
        return std::move(*r);
    }
    grant_result<rotated_refresh_token> rotate(secret const& token, clock_type::time_point now,
                                               std::string_view client_id = "client") {
        return rotate_refresh_token(refresh_tokens, revocations, token.reveal(), client_id, now, policy);
    }
};

grant_failure failure_of(grant_result<rotated_refresh_token> const& r) {
    BOOST_REQUIRE(!r);
    return r.error().reason;
}

BOOST_AUTO_TEST_SUITE(server_refresh_rotation)

BOOST_AUTO_TEST_CASE(start_a_family) {
    server_state s;
    auto const first = s.start();
    BOOST_TEST(first.refresh_token.size() == 43u);
    BOOST_TEST(first.family_id.size() == 22u);
    BOOST_TEST((first.expires_at == t0 + 30 * day));
    auto info = s.refresh_tokens.find_refresh_token(hash_token(first.refresh_token.reveal()).value(), t0).value();
    BOOST_REQUIRE(info);
    BOOST_TEST((info->state == refresh_token_state::active));
    BOOST_TEST(info->family.family_id == first.family_id);
    BOOST_TEST((info->family.created_at == t0));
    BOOST_TEST((info->family.expires_at == clock_type::time_point::max()));
    BOOST_TEST(!(s.start().family_id == first.family_id));
    BOOST_TEST((start_refresh_family(s.refresh_tokens, grant(""), t0).error() == error::missing_argument));
    auto named = grant();
    named.family_id = "chosen-id";
    BOOST_TEST(start_refresh_family(s.refresh_tokens, named, t0).value().family_id == "chosen-id");
    BOOST_TEST((start_refresh_family(s.refresh_tokens, named, t0).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(rotation_chain) {
    server_state s;
    auto const first = s.start();
    secret current = first.refresh_token;
    for (int i = 1; i <= 10; ++i) {
        auto r = s.rotate(current, t0 + i * 1h);
        BOOST_REQUIRE(r);
        BOOST_TEST(!r->replayed);
        BOOST_TEST(r->refresh_token.size() == 43u);
        BOOST_TEST(!(r->refresh_token == current));
        BOOST_TEST((r->expires_at == t0 + i * 1h + 30 * day));
        BOOST_TEST(r->family.family_id == first.family_id);
        BOOST_TEST(r->family.subject == "alice");
        BOOST_TEST(r->family.claims.at("api_key_id").as_string() == "k-17");
        current = r->refresh_token;
    }
}

BOOST_AUTO_TEST_CASE(reuse_revokes_the_family_and_its_access_tokens) {
    server_state s;
    auto const first = s.start();
    auto second = s.rotate(first.refresh_token, t0 + 1h);
    BOOST_REQUIRE(second);
    auto third = s.rotate(second->refresh_token, t0 + 2h);
    BOOST_REQUIRE(third);
    BOOST_TEST(!s.revocations.is_revoked(first.family_id, "jti", t0 + 3h).value());

    auto reuse = s.rotate(first.refresh_token, t0 + 3h);
    BOOST_TEST((failure_of(reuse) == grant_failure::reused));
    BOOST_TEST(reuse.error().revoked_family_id == first.family_id);
    BOOST_TEST((reuse.error().oauth_error() == error::invalid_grant));
    BOOST_TEST(s.revocations.is_revoked(first.family_id, "jti", t0 + 3h).value());
    BOOST_TEST(s.revocations.is_revoked(first.family_id, "jti", t0 + 3h + 59min).value());
    // Later rotations of any token of the family fail, the current one included.
    BOOST_TEST((failure_of(s.rotate(third->refresh_token, t0 + 4h)) == grant_failure::revoked));
    BOOST_TEST((failure_of(s.rotate(second->refresh_token, t0 + 4h)) == grant_failure::revoked));
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 4h)) == grant_failure::revoked));
    // Other families are untouched.
    auto const other = s.start();
    BOOST_TEST(s.rotate(other.refresh_token, t0 + 4h).has_value());
}

BOOST_AUTO_TEST_CASE(grace_window_off_by_default) {
    server_state s;
    BOOST_TEST((s.policy.grace_window == std::chrono::seconds::zero()));
    auto const first = s.start();
    BOOST_REQUIRE(s.rotate(first.refresh_token, t0 + 1h));
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 1h)) == grant_failure::reused));
}

// Without a grace window no presentation after the rotation is a replay — not even one whose `now` was read
// before the winner's (concurrent requests read the clock, then race to the store): found by the demo's
// cross-instance race test, where 8 concurrent refreshes sometimes got two 200s.
BOOST_AUTO_TEST_CASE(without_grace_an_earlier_clock_is_no_replay) {
    server_state s;
    auto const first = s.start();
    BOOST_REQUIRE(s.rotate(first.refresh_token, t0 + 1h + 1s));
    auto const racer = s.rotate(first.refresh_token, t0 + 1h);  // its clock was read just before the winner's
    BOOST_TEST((failure_of(racer) == grant_failure::reused));
    BOOST_TEST(racer.error().revoked_family_id == first.family_id);
}

BOOST_AUTO_TEST_CASE(grace_window_gives_the_same_successor_once) {
    server_state s;
    s.policy.grace_window = 30s;
    auto const first = s.start();
    auto rotated = s.rotate(first.refresh_token, t0 + 1h);
    BOOST_REQUIRE(rotated);
    auto retry = s.rotate(first.refresh_token, t0 + 1h + 10s);  // the client lost the response
    BOOST_REQUIRE(retry);
    BOOST_TEST(retry->replayed);
    BOOST_TEST((retry->refresh_token == rotated->refresh_token));
    BOOST_TEST((retry->expires_at == rotated->expires_at));
    BOOST_TEST(retry->family.family_id == first.family_id);
    // Once only: a second retry is reuse, and revokes the family.
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 1h + 11s)) == grant_failure::reused));
    BOOST_TEST((failure_of(s.rotate(rotated->refresh_token, t0 + 1h + 12s)) == grant_failure::revoked));
}

BOOST_AUTO_TEST_CASE(grace_window_closes) {
    server_state s;
    s.policy.grace_window = 30s;
    auto const first = s.start();
    BOOST_REQUIRE(s.rotate(first.refresh_token, t0 + 1h));
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 1h + 30s)) == grant_failure::reused));
}

BOOST_AUTO_TEST_CASE(grace_replay_needs_the_presented_token) {
    // The store keeps the successor only sealed under the presented token, which it knows only by its hash.
    server_state s;
    s.policy.grace_window = 30s;
    auto const first = s.start();
    auto rotated = s.rotate(first.refresh_token, t0 + 1h);
    BOOST_REQUIRE(rotated);
    refresh_successor const unused{hash_token("unused").value(), t0, t0, {}};
    auto replay = s.refresh_tokens.rotate(hash_token(first.refresh_token.reveal()).value(), "client", t0 + 1h, unused);
    BOOST_REQUIRE(replay);
    BOOST_REQUIRE((replay->status == rotation_status::replayed));
    BOOST_REQUIRE(replay->successor.has_value());
    auto const& stored = *replay->successor;
    auto const raw = base64url_decode(rotated->refresh_token.reveal()).value();
    BOOST_REQUIRE(raw.size() == 32u);
    std::array<unsigned char, 32> plain{};
    std::copy_n(reinterpret_cast<unsigned char const*>(raw.data()), plain.size(), plain.begin());
    BOOST_TEST(!(stored.sealed == plain));
    BOOST_TEST((server::detail::open_successor(first.refresh_token.reveal(), stored).value() == rotated->refresh_token));
    BOOST_TEST((server::detail::open_successor(rotated->refresh_token.reveal(), stored).error() ==
                error::decryption_failed));
}

BOOST_AUTO_TEST_CASE(expiry) {
    server_state s;
    auto const first = s.start();
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 30 * day)) == grant_failure::expired));
    // Each rotation starts a fresh lifetime.
    auto const second = s.start();
    auto r = s.rotate(second.refresh_token, t0 + 29 * day);
    BOOST_REQUIRE(r);
    BOOST_TEST(s.rotate(r->refresh_token, t0 + 40 * day).has_value());
}

BOOST_AUTO_TEST_CASE(family_lifetime_caps_rotation) {
    server_state s;
    s.policy.family_lifetime = std::chrono::seconds(90 * day);
    auto const first = s.start();
    secret current = first.refresh_token;
    for (int i = 1; i <= 3; ++i) {
        auto r = s.rotate(current, t0 + i * 29 * day);
        BOOST_REQUIRE(r);
        current = r->refresh_token;
    }
    BOOST_TEST((failure_of(s.rotate(current, t0 + 90 * day)) == grant_failure::expired));
}

BOOST_AUTO_TEST_CASE(client_binding) {
    server_state s;
    auto const first = s.start();
    BOOST_TEST((failure_of(s.rotate(first.refresh_token, t0 + 1h, "other")) == grant_failure::client_mismatch));
    BOOST_TEST(s.rotate(first.refresh_token, t0 + 1h).has_value());  // nothing was spent by the other client
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_tokens) {
    server_state s;
    BOOST_TEST((failure_of(s.rotate(secret("unknown"), t0)) == grant_failure::unknown));
    BOOST_TEST((failure_of(s.rotate(secret(""), t0)) == grant_failure::malformed));
    BOOST_TEST((failure_of(s.rotate(secret(std::string(100000, 'x')), t0)) == grant_failure::malformed));
    BOOST_TEST((failure_of(s.rotate(secret(std::string_view("\0\xff\n", 3)), t0)) == grant_failure::unknown));
}

BOOST_AUTO_TEST_CASE(revocation_of_a_refresh_token) {
    server_state s;
    auto const first = s.start();
    auto second = s.rotate(first.refresh_token, t0 + 1h);
    BOOST_REQUIRE(second);
    auto revoke = [&](std::string_view token, std::string_view client) {
        return revoke_refresh_token(s.refresh_tokens, s.revocations, token, client, t0 + 2h, s.policy).value();
    };
    BOOST_TEST((revoke("nope", "client") == refresh_revocation::unknown));
    BOOST_TEST((revoke("", "client") == refresh_revocation::unknown));
    BOOST_TEST((revoke(second->refresh_token.reveal(), "other") == refresh_revocation::client_mismatch));
    BOOST_TEST(!s.revocations.is_revoked(first.family_id, "", t0 + 2h).value());
    BOOST_TEST((revoke(second->refresh_token.reveal(), "client") == refresh_revocation::revoked));
    BOOST_TEST(s.revocations.is_revoked(first.family_id, "", t0 + 2h).value());
    BOOST_TEST((failure_of(s.rotate(second->refresh_token, t0 + 3h)) == grant_failure::revoked));
    BOOST_TEST((revoke(first.refresh_token.reveal(), "client") == refresh_revocation::revoked));  // idempotent
}

BOOST_AUTO_TEST_CASE(concurrent_rotation_of_one_token_has_exactly_one_success) {
    for (int round = 0; round < 100; ++round) {
        server_state s;
        auto const first = s.start();
        std::atomic<int> successes{0};
        std::atomic<int> reused{0};
        std::latch start(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                auto r = s.rotate(first.refresh_token, t0 + 1s);
                if (r) ++successes;
                else if (r.error().reason == grant_failure::reused || r.error().reason == grant_failure::revoked)
                    ++reused;
            });
        for (auto& th : threads) th.join();
        BOOST_REQUIRE(successes.load() == 1);
        BOOST_REQUIRE(reused.load() == 7);
        BOOST_REQUIRE(s.revocations.is_revoked(first.family_id, "", t0 + 2s).value());
    }
}

BOOST_AUTO_TEST_CASE(concurrent_rotation_with_grace_mints_one_successor) {
    for (int round = 0; round < 100; ++round) {
        server_state s;
        s.policy.grace_window = 30s;
        auto const first = s.start();
        std::mutex m;
        std::vector<std::string> minted;
        int replays = 0;
        std::latch start(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                auto r = s.rotate(first.refresh_token, t0 + 1s);
                if (!r) return;
                std::lock_guard lock(m);
                minted.emplace_back(r->refresh_token.reveal());
                if (r->replayed) ++replays;
            });
        for (auto& th : threads) th.join();
        BOOST_REQUIRE(!minted.empty());
        BOOST_REQUIRE(minted.size() - static_cast<std::size_t>(replays) == 1u);  // exactly one rotation
        BOOST_REQUIRE(replays <= 1);
        for (auto const& token : minted) BOOST_REQUIRE(token == minted.front());  // a replay gets the same one
    }
}

struct unavailable_refresh_store {
    result<void> create_family(refresh_family_record, token_hash const&, clock_type::time_point) {
        return error::unsupported_operation;
    }
    result<rotation> rotate(token_hash const&, std::string_view, clock_type::time_point, refresh_successor const&) {
        return error::unsupported_operation;
    }
    result<std::optional<refresh_token_info>> find_refresh_token(token_hash const&, clock_type::time_point) const {
        return error::unsupported_operation;
    }
    result<bool> revoke_family(std::string_view) { return error::unsupported_operation; }
};
static_assert(refresh_store<unavailable_refresh_store>);

BOOST_AUTO_TEST_CASE(store_failures_are_server_errors) {
    unavailable_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    BOOST_TEST((start_refresh_family(refresh_tokens, grant(), t0).error() == error::unsupported_operation));
    auto r = rotate_refresh_token(refresh_tokens, revocations, "token", "client", t0);
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().reason == grant_failure::store_failure));
    BOOST_TEST((r.error().store_error == error::unsupported_operation));
    BOOST_TEST(r.error().to_error_response().error == "server_error");
    BOOST_TEST((revoke_refresh_token(refresh_tokens, revocations, "token", "client", t0).error() ==
                error::unsupported_operation));
    auto broken = [](std::span<unsigned char>) { return false; };
    memory_refresh_store working;
    refresh_token_policy const no_randomness{.rng = broken};
    BOOST_TEST((start_refresh_family(working, grant(), t0, no_randomness).error() == error::random_failure));
    BOOST_TEST((rotate_refresh_token(working, revocations, "token", "client", t0, no_randomness).error().reason ==
                grant_failure::store_failure));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_refresh_rotation_test
