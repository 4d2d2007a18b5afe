// authwire tests — the store conformance suite: the contracts of server::code_store, refresh_store,
// revocation_store and client_store (see their headers), written once and run against every engine in
// `engines` — the in-memory stores and the Redis ones (over `redis://` and over `rediss://`). Another engine
// proves itself by joining the list.
#include "store_fixtures.hpp"

#include <authwire/server/client_secret.hpp>
#include <authwire/server/opaque_token.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace redis_conformance_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;
using redis_test::memory_stores;
using redis_test::redis_stores;
using redis_test::rediss_stores;

using engines = std::tuple<memory_stores, redis_stores, rediss_stores>;
using clock_type = std::chrono::system_clock;

// Whole seconds near the wall clock (the Redis stores size their TTLs against it; decisions use these instants).
clock_type::time_point const t0 = std::chrono::floor<std::chrono::seconds>(clock_type::now());

token_hash h(std::string_view token) { return hash_token(token).value(); }

authorization_code_record code_record(std::string client = "client") {
    authorization_code_record r;
    r.client_id = std::move(client);
    r.redirect_uri = "https://app.example/cb";
    r.redirect_uri_in_request = false;
    r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    r.scope = "mcp read";
    r.resources = {"https://rs.example/mcp", "https://rs2.example/"};
    r.subject = "alice";
    r.nonce = "n-0S6_WzA2Mj";
    r.claims = {{"acr", "urn:mace:incommon:iap:silver"}, {"n", 42}};
    r.issued_at = t0;
    r.expires_at = t0 + 60s;
    return r;
}

void check_same(authorization_code_record const& a, authorization_code_record const& b) {
    BOOST_TEST(a.client_id == b.client_id);
    BOOST_TEST(a.redirect_uri == b.redirect_uri);
    BOOST_TEST(a.redirect_uri_in_request == b.redirect_uri_in_request);
    BOOST_TEST(a.code_challenge == b.code_challenge);
    BOOST_TEST((a.code_challenge_method == b.code_challenge_method));
    BOOST_TEST(a.scope == b.scope);
    BOOST_TEST(a.resources == b.resources, boost::test_tools::per_element());
    BOOST_TEST(a.subject == b.subject);
    BOOST_TEST(a.nonce == b.nonce);
    BOOST_TEST(a.claims == b.claims);
    BOOST_TEST((a.issued_at == b.issued_at));
    BOOST_TEST((a.expires_at == b.expires_at));
}

refresh_family_record family(std::string id, std::string client = "client") {
    refresh_family_record f;
    f.family_id = std::move(id);
    f.client_id = std::move(client);
    f.subject = "alice";
    f.scope = "mcp";
    f.resources = {"https://rs.example/mcp"};
    f.claims = {{"tenant", "t1"}};
    f.created_at = t0;
    return f;
}

refresh_successor next(std::string_view token, clock_type::time_point now, std::chrono::seconds grace = 0s) {
    refresh_successor s{h(token), now + 24h, now + grace, {}};
    for (std::size_t i = 0; i < s.sealed.size(); ++i) s.sealed[i] = static_cast<unsigned char>(static_cast<std::size_t>(token[i % token.size()]) + i);
    return s;
}

// --- code_store ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(code_is_consumed_once_then_reused, F, engines) {
    BOOST_TEST_MESSAGE("engine: " << F::name);
    F f;
    auto& codes = *f.codes;
    BOOST_TEST_REQUIRE(codes.store_code(h("code-1"), code_record()).has_value());
    BOOST_TEST((codes.store_code(h("code-1"), code_record()).error() == error::invalid_argument));

    auto first = codes.consume_code(h("code-1"), t0 + 1s);
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST((first->status == code_status::consumed));
    check_same(first->record, code_record());

    auto again = codes.consume_code(h("code-1"), t0 + 2s);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST((again->status == code_status::reused));
    BOOST_TEST(again->family_id.empty());
    check_same(again->record, code_record());

    // The reuse happened before mark_exchanged: it reports it, so the caller revokes the family.
    auto marked = codes.mark_exchanged(h("code-1"), "fam-x");
    BOOST_TEST_REQUIRE(marked.has_value());
    BOOST_TEST(*marked);
    auto third = codes.consume_code(h("code-1"), t0 + 3s);
    BOOST_TEST_REQUIRE(third.has_value());
    BOOST_TEST((third->status == code_status::reused));
    BOOST_TEST(third->family_id == "fam-x");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(code_mark_exchanged_without_reuse, F, engines) {
    F f;
    auto& codes = *f.codes;
    BOOST_TEST((codes.mark_exchanged(h("nope"), "fam").error() == error::invalid_argument));
    BOOST_TEST_REQUIRE(codes.store_code(h("code-2"), code_record()).has_value());
    BOOST_TEST((codes.mark_exchanged(h("code-2"), "fam").error() == error::invalid_argument));  // not consumed
    BOOST_TEST((codes.consume_code(h("code-2"), t0).value().status == code_status::consumed));
    BOOST_TEST(codes.mark_exchanged(h("code-2"), "fam-2").value() == false);
    auto reuse = codes.consume_code(h("code-2"), t0 + 1s);
    BOOST_TEST((reuse.value().status == code_status::reused));
    BOOST_TEST(reuse->family_id == "fam-2");
}

BOOST_AUTO_TEST_CASE_TEMPLATE(code_unknown_and_expired, F, engines) {
    F f;
    auto& codes = *f.codes;
    BOOST_TEST((codes.consume_code(h("never-issued"), t0).value().status == code_status::unknown));
    BOOST_TEST_REQUIRE(codes.store_code(h("code-3"), code_record()).has_value());
    BOOST_TEST((codes.consume_code(h("code-3"), t0 + 60s).value().status == code_status::expired));
    BOOST_TEST((codes.consume_code(h("code-3"), t0 + 1s).value().status == code_status::unknown));  // forgotten
}

BOOST_AUTO_TEST_CASE_TEMPLATE(code_consumed_by_exactly_one_of_16_racers, F, engines) {
    F f;
    BOOST_TEST_REQUIRE(f.codes->store_code(h("code-race"), code_record()).has_value());
    constexpr int n = 16;
    std::atomic<int> consumed{0}, reused{0}, other{0};
    std::latch go(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, peer = f.code_peer()] {
            go.arrive_and_wait();
            auto r = peer->consume_code(h("code-race"), t0 + 1s);
            if (r && r->status == code_status::consumed) ++consumed;
            else if (r && r->status == code_status::reused) ++reused;
            else ++other;
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST_MESSAGE(F::name << ": 16 racers on one code: consumed " << consumed << ", reused " << reused);
    BOOST_TEST(consumed == 1);
    BOOST_TEST(reused == n - 1);
    BOOST_TEST(other == 0);
}

// --- refresh_store ---------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_create_rotate_chain, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-1"), h("rt-0"), t0 + 24h).has_value());
    BOOST_TEST((rs.create_family(family("fam-1"), h("rt-other"), t0 + 24h).error() == error::invalid_argument));
    BOOST_TEST((rs.create_family(family("fam-other"), h("rt-0"), t0 + 24h).error() == error::invalid_argument));
    BOOST_TEST((rs.create_family(family(""), h("rt-e"), t0 + 24h).error() == error::missing_argument));

    auto info = rs.find_refresh_token(h("rt-0"), t0);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST_REQUIRE(info->has_value());
    BOOST_TEST(((*info)->state == refresh_token_state::active));
    BOOST_TEST((*info)->family.family_id == "fam-1");
    BOOST_TEST((*info)->family.claims == family("fam-1").claims);
    BOOST_TEST(((*info)->family.expires_at == clock_type::time_point::max()));
    BOOST_TEST(((*info)->expires_at == t0 + 24h));

    std::string cur = "rt-0";
    for (int i = 1; i <= 5; ++i) {
        auto const now = t0 + std::chrono::minutes(i);
        std::string const nxt = "rt-" + std::to_string(i);
        auto r = rs.rotate(h(cur), "client", now, next(nxt, now));
        BOOST_TEST_REQUIRE(r.has_value());
        BOOST_TEST((r->status == rotation_status::rotated));
        BOOST_TEST(r->family.family_id == "fam-1");
        BOOST_TEST(r->family.subject == "alice");
        BOOST_TEST(r->family.resources == family("fam-1").resources, boost::test_tools::per_element());
        BOOST_TEST((rs.find_refresh_token(h(cur), now).value()->state == refresh_token_state::rotated));
        cur = nxt;
    }
    auto last = rs.find_refresh_token(h(cur), t0 + 10min).value();
    BOOST_TEST_REQUIRE(last.has_value());
    BOOST_TEST((last->state == refresh_token_state::active));
    BOOST_TEST((last->expires_at == t0 + 5min + 24h));
    BOOST_TEST(!rs.find_refresh_token(h("rt-unknown"), t0).value().has_value());
    BOOST_TEST((rs.rotate(h("rt-unknown"), "client", t0, next("x", t0)).value().status == rotation_status::unknown));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_client_mismatch_changes_nothing, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-c"), h("c-0"), t0 + 24h).has_value());
    BOOST_TEST((rs.rotate(h("c-0"), "mallory", t0, next("c-1", t0)).value().status == rotation_status::client_mismatch));
    BOOST_TEST((rs.find_refresh_token(h("c-0"), t0).value()->state == refresh_token_state::active));
    BOOST_TEST((rs.rotate(h("c-0"), "client", t0, next("c-1", t0)).value().status == rotation_status::rotated));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_reuse_revokes_the_whole_family, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-r"), h("r-0"), t0 + 24h).has_value());
    BOOST_TEST((rs.rotate(h("r-0"), "client", t0, next("r-1", t0)).value().status == rotation_status::rotated));
    auto reuse = rs.rotate(h("r-0"), "client", t0 + 1s, next("r-x", t0 + 1s));
    BOOST_TEST((reuse.value().status == rotation_status::reused));
    BOOST_TEST(reuse->family.family_id == "fam-r");
    // The successor is dead too, and presenting anything again says revoked.
    BOOST_TEST((rs.rotate(h("r-1"), "client", t0 + 2s, next("r-2", t0 + 2s)).value().status == rotation_status::revoked));
    BOOST_TEST((rs.find_refresh_token(h("r-1"), t0 + 2s).value()->state == refresh_token_state::revoked));
    BOOST_TEST((rs.find_refresh_token(h("r-0"), t0 + 2s).value()->state == refresh_token_state::revoked));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_expiry_of_token_and_family, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-e"), h("e-0"), t0 + 1h).has_value());
    BOOST_TEST((rs.rotate(h("e-0"), "client", t0 + 1h, next("e-1", t0 + 1h)).value().status == rotation_status::expired));
    BOOST_TEST((rs.find_refresh_token(h("e-0"), t0 + 1h).value()->state == refresh_token_state::expired));
    auto capped = family("fam-cap");
    capped.expires_at = t0 + 10min;
    BOOST_TEST_REQUIRE(rs.create_family(capped, h("cap-0"), t0 + 24h).has_value());
    BOOST_TEST((rs.rotate(h("cap-0"), "client", t0 + 10min, next("cap-1", t0 + 10min)).value().status ==
                rotation_status::expired));
    auto ok = rs.rotate(h("cap-0"), "client", t0 + 9min, next("cap-1", t0 + 9min));
    BOOST_TEST((ok.value().status == rotation_status::rotated));
    BOOST_TEST((ok->family.expires_at == t0 + 10min));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_grace_replay_once, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-g"), h("g-0"), t0 + 24h).has_value());
    auto const succ = next("g-1", t0, 30s);
    BOOST_TEST((rs.rotate(h("g-0"), "client", t0, succ).value().status == rotation_status::rotated));
    auto replay = rs.rotate(h("g-0"), "client", t0 + 5s, next("g-other", t0 + 5s, 30s));
    BOOST_TEST_REQUIRE(replay.has_value());
    BOOST_TEST((replay->status == rotation_status::replayed));
    BOOST_TEST_REQUIRE(replay->successor.has_value());
    BOOST_TEST((replay->successor->hash == succ.hash));
    BOOST_TEST((replay->successor->sealed == succ.sealed));
    BOOST_TEST((replay->successor->expires_at == succ.expires_at));
    BOOST_TEST((replay->successor->grace_until == succ.grace_until));
    // Once only: the second replay is reuse.
    BOOST_TEST((rs.rotate(h("g-0"), "client", t0 + 6s, next("g-o2", t0 + 6s, 30s)).value().status ==
                rotation_status::reused));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_grace_window_closes, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-gc"), h("gc-0"), t0 + 24h).has_value());
    BOOST_TEST((rs.rotate(h("gc-0"), "client", t0, next("gc-1", t0, 30s)).value().status == rotation_status::rotated));
    BOOST_TEST((rs.rotate(h("gc-0"), "client", t0 + 30s, next("gc-x", t0 + 30s, 30s)).value().status ==
                rotation_status::reused));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_revoke_family, F, engines) {
    F f;
    auto& rs = *f.refresh;
    BOOST_TEST(rs.revoke_family("no-such-family").value() == false);
    BOOST_TEST_REQUIRE(rs.create_family(family("fam-v"), h("v-0"), t0 + 24h).has_value());
    BOOST_TEST(rs.revoke_family("fam-v").value() == true);
    BOOST_TEST(rs.revoke_family("fam-v").value() == true);  // idempotent
    BOOST_TEST((rs.rotate(h("v-0"), "client", t0, next("v-1", t0)).value().status == rotation_status::revoked));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(refresh_rotated_by_exactly_one_of_16_racers, F, engines) {
    F f;
    BOOST_TEST_REQUIRE(f.refresh->create_family(family("fam-race"), h("race-0"), t0 + 24h).has_value());
    constexpr int n = 16;
    std::atomic<int> rotated{0}, reused{0}, revoked{0}, other{0};
    std::latch go(n);
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&, i, peer = f.refresh_peer()] {
            go.arrive_and_wait();
            auto const name = "race-next-" + std::to_string(i);
            auto r = peer->rotate(h("race-0"), "client", t0 + 1s, next(name, t0 + 1s));
            if (!r) ++other;
            else if (r->status == rotation_status::rotated) ++rotated;
            else if (r->status == rotation_status::reused) ++reused;
            else if (r->status == rotation_status::revoked) ++revoked;
            else ++other;
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST_MESSAGE(F::name << ": 16 racers: rotated " << rotated << ", reused " << reused << ", revoked " << revoked);
    BOOST_TEST(rotated == 1);
    BOOST_TEST(reused + revoked == n - 1);
    BOOST_TEST(reused >= 1);
    BOOST_TEST(other == 0);
    BOOST_TEST((f.refresh->find_refresh_token(h("race-0"), t0 + 2s).value()->state == refresh_token_state::revoked));
}

// --- revocation_store ------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(revocation_family_and_jti, F, engines) {
    F f;
    auto& rv = *f.revocations;
    BOOST_TEST(rv.is_revoked("fam-1", "jti-1", t0).value() == false);
    BOOST_TEST(rv.is_revoked("", "", t0).value() == false);
    BOOST_TEST_REQUIRE(rv.revoke_family("fam-1", t0 + 1h).has_value());
    BOOST_TEST(rv.is_revoked("fam-1", "", t0).value() == true);
    BOOST_TEST(rv.is_revoked("fam-1", "any-jti", t0 + 59min).value() == true);
    BOOST_TEST(rv.is_revoked("fam-1", "any-jti", t0 + 1h).value() == false);  // until has passed
    BOOST_TEST(rv.is_revoked("fam-2", "jti-1", t0).value() == false);
    BOOST_TEST_REQUIRE(rv.revoke_jti("jti-1", t0 + 10min).has_value());
    BOOST_TEST(rv.is_revoked("", "jti-1", t0).value() == true);
    BOOST_TEST(rv.is_revoked("fam-2", "jti-1", t0).value() == true);
    BOOST_TEST(rv.is_revoked("fam-2", "jti-2", t0).value() == false);
    BOOST_TEST((rv.revoke_family("", t0 + 1h).error() == error::missing_argument));
    BOOST_TEST((rv.revoke_jti("", t0 + 1h).error() == error::missing_argument));
}

BOOST_AUTO_TEST_CASE_TEMPLATE(revocation_later_until_wins, F, engines) {
    F f;
    auto& rv = *f.revocations;
    BOOST_TEST_REQUIRE(rv.revoke_jti("j", t0 + 1h).has_value());
    BOOST_TEST_REQUIRE(rv.revoke_jti("j", t0 + 10min).has_value());  // earlier: ignored
    BOOST_TEST(rv.is_revoked("", "j", t0 + 30min).value() == true);
    BOOST_TEST_REQUIRE(rv.revoke_jti("j", t0 + 2h).has_value());
    BOOST_TEST(rv.is_revoked("", "j", t0 + 90min).value() == true);
    BOOST_TEST(rv.is_revoked("", "j", t0 + 2h).value() == false);
}

// --- client_store ----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE_TEMPLATE(client_register_and_find, F, engines) {
    F f;
    auto& cs = *f.clients;
    auto const secret_value = generate_client_secret().value();
    client_record r;
    r.client_id = generate_client_id().value();
    r.client_secret = hash_client_secret(secret_value).value();
    r.redirect_uris = {"https://app.example/cb", "http://127.0.0.1/cb"};
    r.grant_types = {"authorization_code", "refresh_token"};
    r.response_types = {"code"};
    r.token_endpoint_auth_method = "client_secret_basic";
    r.scope = "mcp";
    r.client_name = "Ünïcode client";
    r.client_id_issued_at = t0;
    r.extra_metadata = {{"logo_uri", "https://app.example/logo.png"}, {"contacts", boost::json::array{"a@b.example"}}};
    r.application_type = application_type::native;

    BOOST_TEST(!cs.find_client(r.client_id).value().has_value());
    BOOST_TEST_REQUIRE(cs.register_client(r).has_value());
    BOOST_TEST((cs.register_client(r).error() == error::invalid_argument));
    client_record empty;
    BOOST_TEST((cs.register_client(empty).error() == error::missing_argument));

    auto found = cs.find_client(r.client_id);
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST_REQUIRE(found->has_value());
    auto const& g = **found;
    BOOST_TEST(g.client_id == r.client_id);
    BOOST_TEST_REQUIRE(g.client_secret.has_value());
    BOOST_TEST((*g.client_secret == *r.client_secret));
    BOOST_TEST(verify_client_secret(*g.client_secret, secret_value.reveal()));
    BOOST_TEST(g.redirect_uris == r.redirect_uris, boost::test_tools::per_element());
    BOOST_TEST(g.grant_types == r.grant_types, boost::test_tools::per_element());
    BOOST_TEST(g.response_types == r.response_types, boost::test_tools::per_element());
    BOOST_TEST(g.token_endpoint_auth_method == r.token_endpoint_auth_method);
    BOOST_TEST(g.scope == r.scope);
    BOOST_TEST(g.client_name == r.client_name);
    BOOST_TEST((g.client_id_issued_at == r.client_id_issued_at));
    BOOST_TEST(g.extra_metadata == r.extra_metadata);
    BOOST_TEST((g.application_type == r.application_type));

    client_record pub;
    pub.client_id = "public-client";
    pub.token_endpoint_auth_method = "none";
    BOOST_TEST_REQUIRE(cs.register_client(pub).has_value());
    auto p = cs.find_client("public-client").value();
    BOOST_TEST_REQUIRE(p.has_value());
    BOOST_TEST(!p->client_secret.has_value());
    BOOST_TEST(!p->application_type.has_value());
}

} // namespace redis_conformance_test
