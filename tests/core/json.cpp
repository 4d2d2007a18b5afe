#include <authwire/core/json.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/test/unit_test.hpp>

#include <pthread.h>

#include <cstddef>
#include <functional>
#include <limits>
#include <string>

namespace core_json_test {

using namespace authwire;

std::string nested_arrays(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

// Runs `f` on a thread with a `stack_size`-byte stack (std::thread cannot choose one), as a server's worker pool or
// a coroutine runtime might give it.
void on_small_stack(std::size_t stack_size, std::function<void()> f) {
    pthread_attr_t attr;
    BOOST_REQUIRE(pthread_attr_init(&attr) == 0);
    BOOST_REQUIRE(pthread_attr_setstacksize(&attr, stack_size) == 0);
    pthread_t thread;
    auto run = [](void* p) -> void* {
        (*static_cast<std::function<void()>*>(p))();
        return nullptr;
    };
    BOOST_REQUIRE(pthread_create(&thread, &attr, run, &f) == 0);
    BOOST_REQUIRE(pthread_join(thread, nullptr) == 0);
    pthread_attr_destroy(&attr);
}

BOOST_AUTO_TEST_SUITE(core_json)

BOOST_AUTO_TEST_CASE(parses_plain_documents) {
    auto v = parse_json(R"( {"iss":"https://as","aud":["a","b"],"exp":1300819380,"n":null,"x":1.5} )");
    BOOST_REQUIRE(v);
    BOOST_TEST(v->at("iss").as_string() == "https://as");
    BOOST_TEST(v->at("aud").as_array().size() == 2u);
    BOOST_TEST(v->at("exp").as_int64() == 1300819380);
    BOOST_TEST(parse_json("[]").has_value());
    BOOST_TEST(parse_json("\"s\"").has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_member_names_are_rejected_at_any_depth) {
    for (auto doc : {R"({"alg":"HS256","alg":"none"})", R"({"a":{"x":1,"x":1}})", R"({"a":[{"k":1},{"k":1,"k":2}]})",
                     R"({"a":{"x":1,"y":2},"a":{"z":1}})", R"({"a":1,"b":2,"a":1})"}) {
        auto v = parse_json(doc);
        BOOST_TEST(!v, doc);
        if (!v) BOOST_TEST((v.error() == error::duplicate_member));
    }
    BOOST_TEST(parse_json(R"({"a":{"a":1},"b":[{"a":1},{"a":2}]})").has_value());
}

BOOST_AUTO_TEST_CASE(size_and_depth_are_bounded) {
    std::string deep(40, '[');
    deep += std::string(40, ']');
    BOOST_TEST((parse_json(deep).error() == error::nesting_too_deep));
    BOOST_TEST(parse_json(deep, json_limits{1024, 64}).has_value());
    BOOST_TEST((parse_json(R"({"a":"bcdef"})", json_limits{5, 8}).error() == error::input_too_large));
}

// Issue 12: Boost.JSON's parser recurses once per level, so the depth option alone would let a caller who
// raises it have a deep document overflow the stack. limits::max_json_depth_cap bounds it whatever the option.
BOOST_AUTO_TEST_CASE(a_huge_depth_option_is_capped) {
    json_limits const unlimited{std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};
    auto const deep = nested_arrays(1'000'000);
    BOOST_TEST((parse_json(deep, unlimited).error() == error::nesting_too_deep));
    BOOST_TEST((parse_json_object("{\"a\":" + deep + "}", unlimited).error() == error::nesting_too_deep));
    BOOST_TEST(parse_json(nested_arrays(limits::max_json_depth_cap), unlimited).has_value());
    BOOST_TEST((parse_json(nested_arrays(limits::max_json_depth_cap + 1), unlimited).error() ==
                error::nesting_too_deep));
    // An option below the cap still applies.
    BOOST_TEST((parse_json(nested_arrays(10), json_limits{1024, 9}).error() == error::nesting_too_deep));
}

BOOST_AUTO_TEST_CASE(deep_documents_on_a_small_stack) {
    json_limits const unlimited{std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};
    bool deep_refused = false, capped_parsed = false;
    on_small_stack(128 * 1024, [&] {
        deep_refused = parse_json(nested_arrays(100'000), unlimited).error() == error::nesting_too_deep;
        capped_parsed = parse_json(nested_arrays(limits::max_json_depth_cap), unlimited).has_value();
    });
    BOOST_TEST(deep_refused);
    BOOST_TEST(capped_parsed);
}

BOOST_AUTO_TEST_CASE(only_standard_json) {
    for (auto doc : {"", " ", "{", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "{\"a\":1}{}", "// c\n{}", "/* c */{}",
                     "{'a':1}", "{\"a\":NaN}", "{\"a\":\"\xff\"}", "{\"a\":\"\xc3\"}", "nul", "1e999", "[-1e400]"}) {
        auto v = parse_json(doc);
        BOOST_TEST(!v, doc);
        if (!v) BOOST_TEST((v.error() == error::malformed_json));
    }
}

BOOST_AUTO_TEST_CASE(object_and_member_helpers) {
    BOOST_TEST((parse_json_object("[1]").error() == error::wrong_member_type));
    auto o = parse_json_object(R"({"s":"v","n":1})");
    BOOST_REQUIRE(o);
    BOOST_TEST(json_string_member(*o, "s").value().value() == "v");
    BOOST_TEST(!json_string_member(*o, "absent").value().has_value());
    BOOST_TEST((json_string_member(*o, "n").error() == error::wrong_member_type));
}

BOOST_AUTO_TEST_CASE(values_are_built_with_the_given_memory_resource) {
    boost::json::monotonic_resource mr;
    boost::json::storage_ptr const sp(&mr);
    auto v = authwire::parse_json(R"({"a":{"b":["a string longer than the small buffer",2]}})", {}, sp);
    BOOST_REQUIRE(v);
    BOOST_TEST((v->storage() == sp));
    BOOST_TEST((v->at("a").storage() == sp));
    BOOST_TEST((v->at("a").at("b").storage() == sp));
    auto const d = authwire::parse_json(R"({"a":1})");
    BOOST_REQUIRE(d);
    BOOST_TEST((d->storage() == boost::json::storage_ptr()));
}

BOOST_AUTO_TEST_CASE(an_arena_is_reused_only_when_nothing_lives_in_it) {
    authwire::detail::arena_storage arena;
    auto const first = arena.storage();
    {
        auto v = authwire::parse_json(R"({"k":"a value longer than any small-string buffer"})", {}, arena.storage());
        BOOST_REQUIRE(v);
    }
    BOOST_TEST(!arena.prepare());  // everything was freed: the same arena, rewound
    BOOST_TEST((arena.storage() == first));
    auto kept = authwire::parse_json(R"({"k":"a value longer than any small-string buffer"})", {}, arena.storage());
    BOOST_REQUIRE(kept);
    BOOST_TEST(arena.prepare());  // `kept` lives in it: a fresh arena, the old one kept alive by `kept`
    BOOST_TEST(!(arena.storage() == first));
    BOOST_TEST(kept->at("k").as_string() == "a value longer than any small-string buffer");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_json_test
