#include <authwire/server/code_store.hpp>

#include "clock_support.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace server_code_store_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;

authorization_code_record make_record(clock_type::time_point expires_at = t0 + 60s) {
    authorization_code_record r;
    r.client_id = "client";
    r.redirect_uri = "http://127.0.0.1/cb";
    r.code_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    r.scope = "mcp";
    r.resources = {"https://mcp.example/"};
    r.subject = "alice";
    r.nonce = "n-0S6_WzA2Mj";
    r.issued_at = t0;
    r.expires_at = expires_at;
    return r;
}

token_hash h(std::string_view code) { return hash_token(code).value(); }

BOOST_AUTO_TEST_SUITE(server_code_store)

BOOST_AUTO_TEST_CASE(single_use) {
    memory_code_store store;
    BOOST_REQUIRE(store.store_code(h("code-1"), make_record()));
    auto first = store.consume_code(h("code-1"), t0 + 1s);
    BOOST_REQUIRE(first);
    BOOST_TEST((first->status == code_status::consumed));
    BOOST_TEST(first->record.subject == "alice");
    BOOST_TEST(first->record.resources.at(0) == "https://mcp.example/");
    auto second = store.consume_code(h("code-1"), t0 + 2s);
    BOOST_REQUIRE(second);
    BOOST_TEST((second->status == code_status::reused));
    BOOST_TEST(second->family_id.empty());  // the first use has not recorded what it issued yet
    BOOST_TEST(second->record.client_id == "client");
}

BOOST_AUTO_TEST_CASE(reuse_reports_what_the_first_use_issued) {
    memory_code_store store;
    BOOST_REQUIRE(store.store_code(h("code-1"), make_record()));
    BOOST_REQUIRE(store.consume_code(h("code-1"), t0 + 1s));
    auto marked = store.mark_exchanged(h("code-1"), "family-7");
    BOOST_REQUIRE(marked);
    BOOST_TEST(!*marked);  // nobody presented it again in between
    auto again = store.consume_code(h("code-1"), t0 + 5s);
    BOOST_TEST((again->status == code_status::reused));
    BOOST_TEST(again->family_id == "family-7");
    // Reuse is still detected after the code's own expiry, while the tombstone lasts.
    BOOST_TEST((store.consume_code(h("code-1"), t0 + 10min)->status == code_status::reused));
}

BOOST_AUTO_TEST_CASE(reuse_between_consume_and_mark_is_reported_to_the_first_use) {
    memory_code_store store;
    BOOST_REQUIRE(store.store_code(h("code-1"), make_record()));
    BOOST_REQUIRE(store.consume_code(h("code-1"), t0 + 1s));
    BOOST_TEST((store.consume_code(h("code-1"), t0 + 1s)->status == code_status::reused));
    BOOST_TEST(store.mark_exchanged(h("code-1"), "family-7").value());
}

BOOST_AUTO_TEST_CASE(expiry) {
    memory_code_store store;
    BOOST_REQUIRE(store.store_code(h("code-1"), make_record(t0 + 60s)));
    BOOST_TEST((store.consume_code(h("code-1"), t0 + 60s)->status == code_status::expired));
    BOOST_TEST((store.consume_code(h("code-1"), t0 + 1s)->status == code_status::unknown));  // forgotten
    BOOST_REQUIRE(store.store_code(h("code-2"), make_record(t0 + 60s)));
    BOOST_TEST((store.consume_code(h("code-2"), t0 + 59s)->status == code_status::consumed));
}

BOOST_AUTO_TEST_CASE(unknown_and_misuse) {
    memory_code_store store;
    BOOST_TEST((store.consume_code(h("nope"), t0)->status == code_status::unknown));
    BOOST_TEST((store.mark_exchanged(h("nope"), "f").error() == error::invalid_argument));
    BOOST_REQUIRE(store.store_code(h("code-1"), make_record()));
    BOOST_TEST((store.mark_exchanged(h("code-1"), "f").error() == error::invalid_argument));  // not consumed
    BOOST_TEST((store.store_code(h("code-1"), make_record()).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(purge_forgets_what_ran_out) {
    memory_code_store store(std::chrono::seconds(600));
    BOOST_REQUIRE(store.store_code(h("unused"), make_record(t0 + 60s)));
    BOOST_REQUIRE(store.store_code(h("used"), make_record(t0 + 60s)));
    BOOST_REQUIRE(store.consume_code(h("used"), t0 + 1s));
    BOOST_TEST(store.purge(t0 + 30s) == 0u);
    BOOST_TEST(store.purge(t0 + 61s) == 1u);  // the unused code
    BOOST_TEST((store.consume_code(h("used"), t0 + 62s)->status == code_status::reused));
    BOOST_TEST(store.purge(t0 + 60s + 600s) == 1u);  // the tombstone
    BOOST_TEST(store.size() == 0u);
}

BOOST_AUTO_TEST_CASE(concurrent_consumption_yields_one_winner) {
    for (int round = 0; round < 100; ++round) {
        memory_code_store store;
        BOOST_REQUIRE(store.store_code(h("code"), make_record()));
        std::atomic<int> consumed{0};
        std::atomic<int> reused{0};
        std::latch start(8);
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&] {
                start.arrive_and_wait();
                auto r = store.consume_code(h("code"), t0 + 1s);
                if (r && r->status == code_status::consumed) ++consumed;
                if (r && r->status == code_status::reused) ++reused;
            });
        for (auto& th : threads) th.join();
        BOOST_REQUIRE(consumed.load() == 1);
        BOOST_REQUIRE(reused.load() == 7);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_code_store_test
