// authwire tests — what the Redis stores cost: bytes per authorization code, refresh family (and per rotation),
// revocation entry and client, measured with MEMORY USAGE on the keys the stores wrote, and round trips per
// operation (INFO commandstats: one EVALSHA per rotation). Printed for docs/DEPLOYMENT.md; the bounds below
// only catch a layout that balloons.
#include "store_fixtures.hpp"

#include <authwire/server/authorization_code.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/refresh_rotation.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace redis_sizing_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using clock_type = std::chrono::system_clock;

// The total MEMORY USAGE of the keys under `pattern`.
long long bytes_under(authwire::redis::connection_pool& p, std::string const& pattern) {
    std::array<std::string_view, 2> const keys_cmd{"KEYS", pattern};
    auto keys = p.command(keys_cmd);
    BOOST_REQUIRE(keys.has_value());
    long long total = 0;
    for (auto const& k : keys->elements) {
        std::array<std::string_view, 5> const usage{"MEMORY", "USAGE", k.str, "SAMPLES", "0"};
        auto u = p.command(usage);
        BOOST_REQUIRE(u.has_value());
        total += u->integer;
    }
    return total;
}

long long calls_of(authwire::redis::connection_pool& p, std::string_view command) {
    std::array<std::string_view, 2> const info{"INFO", "commandstats"};
    auto r = p.command(info);
    BOOST_REQUIRE(r.has_value());
    auto const tag = "cmdstat_" + std::string(command) + ":calls=";
    auto const at = r->str.find(tag);
    if (at == std::string::npos) return 0;
    return std::stoll(r->str.substr(at + tag.size()));
}

BOOST_AUTO_TEST_CASE(bytes_per_record_and_round_trips_per_rotation) {
    redis_test::redis_stores f;
    auto& p = *f.connections;
    auto const now = clock_type::now();
    constexpr int n = 40;         // records of each kind (every write waits for an fsync: appendfsync always)
    constexpr int rotations = 5;  // per family

    for (int i = 0; i < n; ++i) {
        authorization_code_record rec;
        rec.client_id = generate_client_id().value();
        rec.redirect_uri = "https://app.example/callback";
        rec.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        rec.scope = "mcp";
        rec.resources = {"https://mcp.example/mcp"};
        rec.subject = "user-" + std::to_string(i);
        BOOST_TEST_REQUIRE(issue_authorization_code(*f.codes, rec, now).has_value());
    }
    auto const per_code = bytes_under(p, f.prefix + "code:*") / n;

    std::vector<std::string> tokens;
    for (int i = 0; i < n; ++i) {
        refresh_family_record g;
        g.client_id = generate_client_id().value();
        g.subject = "user-" + std::to_string(i);
        g.scope = "mcp";
        g.resources = {"https://mcp.example/mcp"};
        auto issued = start_refresh_family(*f.refresh, g, now);
        BOOST_TEST_REQUIRE(issued.has_value());
        tokens.emplace_back(issued->refresh_token.reveal());
    }
    auto const family_keys = bytes_under(p, f.prefix + "rf:*") / n;
    auto const per_family = (bytes_under(p, f.prefix + "rf:*") + bytes_under(p, f.prefix + "rt:*")) / n;

    // A few rotations of each: what a spent token adds (until it expires). First one rotation elsewhere, so that
    // Redis has the scripts cached (a NOSCRIPT fallback is a second call, once per script and server start).
    {
        authwire::redis::redis_refresh_store warm(f.connections, f.prefix + "warm-up:");  // not under rf:* or rt:*
        refresh_family_record g;
        g.client_id = "warm-up";
        auto w = start_refresh_family(warm, g, now).value();
        BOOST_TEST_REQUIRE(warm.find_refresh_token(hash_token(w.refresh_token.reveal()).value(), now).has_value());
        BOOST_TEST_REQUIRE(rotate_refresh_token(warm, *f.revocations, w.refresh_token.reveal(), "warm-up", now).has_value());
    }
    auto const evalsha_before = calls_of(p, "evalsha");
    auto const eval_before = calls_of(p, "eval");
    for (int i = 0; i < n; ++i) {
        auto& t = tokens[static_cast<std::size_t>(i)];
        for (int k = 0; k < rotations; ++k) {
            auto r = rotate_refresh_token(*f.refresh, *f.revocations, t, f.refresh->find_refresh_token(hash_token(t).value(), now)
                                                                             .value()->family.client_id,
                                          now + std::chrono::seconds(k + 1));
            BOOST_TEST_REQUIRE(r.has_value());
            t = std::string(r->refresh_token.reveal());
        }
    }
    // Each iteration above ran one find (1 EVALSHA) and one rotation: the rotation is the other one.
    auto const scripts = (calls_of(p, "evalsha") - evalsha_before) + (calls_of(p, "eval") - eval_before);
    auto const per_rotation_trips = static_cast<double>(scripts) / (n * rotations) - 1.0;
    auto const per_family_rotated = (bytes_under(p, f.prefix + "rf:*") + bytes_under(p, f.prefix + "rt:*")) / n;

    for (int i = 0; i < n; ++i)
        BOOST_TEST_REQUIRE(f.revocations->revoke_jti("jti-" + generate_client_id().value(), now + 1h).has_value());
    auto const per_revocation = bytes_under(p, f.prefix + "rv:*") / n;

    for (int i = 0; i < n; ++i) {
        client_record c;
        c.client_id = generate_client_id().value();
        c.client_secret = hash_client_secret(generate_client_secret().value()).value();
        c.redirect_uris = {"https://app.example/callback"};
        c.grant_types = {"authorization_code", "refresh_token"};
        c.response_types = {"code"};
        c.token_endpoint_auth_method = "client_secret_basic";
        c.client_name = "Example MCP client";
        c.scope = "mcp";
        BOOST_TEST_REQUIRE(f.clients->register_client(c).has_value());
    }
    auto const per_client = bytes_under(p, f.prefix + "client:*") / n;

    std::printf("redis sizing (MEMORY USAGE, mean of %d): code %lld B; refresh family %lld B (family key %lld B), "
                "after %d rotations %lld B (%lld B per spent token until it expires); revocation entry %lld B; "
                "registered client %lld B; scripts per rotation %.2f\n",
                n, per_code, per_family, family_keys, rotations, per_family_rotated,
                (per_family_rotated - per_family) / rotations,
                per_revocation, per_client, per_rotation_trips);
    std::fflush(stdout);
    BOOST_TEST(per_code < 2048);
    BOOST_TEST(per_family < 2048);
    BOOST_TEST(per_revocation < 512);
    BOOST_TEST(per_client < 4096);
    BOOST_TEST(per_rotation_trips == 1.0);
}

// The token endpoint looks its client up on every request: with the instance's record cache that lookup is one GET
// the first time and none after, so a refresh stays one round trip (the rotation script). Without the cache
// (capacity 0) every lookup is a GET. Records this instance registered are cached from the start; an unknown
// client_id is never cached (another instance may register it next).
BOOST_AUTO_TEST_CASE(client_lookups_after_the_first_cost_no_round_trip) {
    redis_test::redis_stores f;
    auto& p = *f.connections;
    client_record c;
    c.client_id = generate_client_id().value();
    c.redirect_uris = {"https://app.example/callback"};
    c.token_endpoint_auth_method = "none";
    BOOST_TEST_REQUIRE(f.clients->register_client(c).has_value());

    authwire::redis::redis_client_store other_instance(f.connections, f.prefix);        // cache: default capacity
    authwire::redis::redis_client_store uncached(f.connections, f.prefix, 0);
    auto const gets_before = calls_of(p, "get");
    for (int i = 0; i < 5; ++i) {
        auto here = f.clients->find_client(c.client_id);             // registered here: cached since then
        BOOST_TEST_REQUIRE((here.has_value() && here->has_value()));
        BOOST_TEST((*here)->redirect_uris == c.redirect_uris);
        auto there = other_instance.find_client(c.client_id);        // one GET, then cached
        BOOST_TEST_REQUIRE((there.has_value() && there->has_value()));
        BOOST_TEST((*there)->client_id == c.client_id);
    }
    BOOST_TEST(calls_of(p, "get") - gets_before == 1);
    for (int i = 0; i < 3; ++i) BOOST_TEST_REQUIRE(uncached.find_client(c.client_id).value().has_value());
    BOOST_TEST(calls_of(p, "get") - gets_before == 4);

    // Unknown ids are asked every time: a later registration elsewhere is seen at once.
    auto const id = generate_client_id().value();
    BOOST_TEST_REQUIRE(!other_instance.find_client(id).value().has_value());
    client_record late = c;
    late.client_id = id;
    BOOST_TEST_REQUIRE(uncached.register_client(late).has_value());
    BOOST_TEST(other_instance.find_client(id).value().has_value());

    // Bounded: a capacity-2 cache over 5 clients keeps answering correctly (evicted records are read again).
    authwire::redis::redis_client_store small(f.connections, f.prefix, 2);
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        client_record r = c;
        r.client_id = generate_client_id().value();
        BOOST_TEST_REQUIRE(f.clients->register_client(r).has_value());
        ids.push_back(r.client_id);
    }
    for (int round = 0; round < 2; ++round)
        for (auto const& i : ids) BOOST_TEST(small.find_client(i).value().value().client_id == i);
}

} // namespace redis_sizing_test
