#include <authwire/core/detail/per_thread.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

namespace core_per_thread_test {

using authwire::detail::context_pool;
using authwire::detail::stripe_count;
using authwire::detail::thread_hint;

// A context that counts its frees, so that the tests see exactly what the pool frees and when.
struct counted {
    int id = 0;
};
std::atomic<int> freed{0};
void free_counted(counted* c) {
    if (c == nullptr) return;
    ++freed;
    delete c;
}
using pool = context_pool<counted, free_counted>;

BOOST_AUTO_TEST_SUITE(core_per_thread)

BOOST_AUTO_TEST_CASE(stripe_count_is_a_power_of_two_between_16_and_64) {
    static_assert(stripe_count() != 0);
    auto const n = stripe_count();
    BOOST_TEST(n >= 16u);
    BOOST_TEST(n <= 64u);
    BOOST_TEST((n & (n - 1)) == 0u);
}

BOOST_AUTO_TEST_CASE(a_thread_keeps_its_hint) {
    BOOST_TEST(thread_hint() == thread_hint());
    std::size_t other = thread_hint();
    std::thread([&] { other = thread_hint(); }).join();
    // Not guaranteed in principle (two ids may mix alike), but splitmix64 makes it a 2^-64 event.
    BOOST_TEST(other != thread_hint());
}

BOOST_AUTO_TEST_CASE(a_pool_returns_what_it_was_given_and_holds_at_most_its_slots) {
    freed = 0;
    {
        pool p;
        BOOST_TEST(p.take() == nullptr);  // not opened: holds nothing
        p.give(new counted{1});           // nowhere to keep it: freed at once
        BOOST_TEST(freed.load() == 1);
        BOOST_REQUIRE(p.open());
        BOOST_TEST(p.take() == nullptr);
        auto* c = new counted{2};
        p.give(c);
        BOOST_TEST(p.take() == c);  // the same context back, not a copy
        BOOST_TEST(p.take() == nullptr);
        // Fill every slot and one more: the one more is freed, the pool keeps exactly stripe_count().
        for (std::size_t i = 0; i <= stripe_count(); ++i) p.give(i == 0 ? c : new counted{3});
        BOOST_TEST(freed.load() == 2);
        std::set<counted*> held;
        while (auto* t = p.take()) held.insert(t);
        BOOST_TEST(held.size() == stripe_count());
        BOOST_TEST(held.count(c) == 1u);
        for (auto* t : held) p.give(t);
        BOOST_TEST(freed.load() == 2);
    }
    // The pool frees what it holds when it goes.
    BOOST_TEST(freed.load() == 2 + static_cast<int>(stripe_count()));
}

BOOST_AUTO_TEST_CASE(threads_never_share_a_context) {
    freed = 0;
    {
        pool p;
        BOOST_REQUIRE(p.open());
        std::atomic<int> made{0};
        std::atomic<bool> shared{false};
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 2000; ++i) {
                    auto* c = p.take();
                    if (c == nullptr) {
                        c = new counted{};
                        ++made;
                    }
                    // Whoever holds c writes its id and reads it back: another holder would overwrite it.
                    c->id = t + 1;
                    for (int spin = 0; spin < 20; ++spin)
                        if (c->id != t + 1) shared = true;
                    p.give(c);
                }
            });
        for (auto& th : threads) th.join();
        BOOST_TEST(!shared.load());
        // Reused, not one per call: about one per thread (a few more only when a take races a give).
        BOOST_TEST(made.load() >= 1);
        BOOST_TEST(made.load() < 100);
        BOOST_TEST(freed.load() == 0);
    }
    BOOST_TEST(freed.load() >= 1);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_per_thread_test
