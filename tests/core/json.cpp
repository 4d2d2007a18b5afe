#include <authwire/core/json.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace core_json_test {

using namespace authwire;

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

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_json_test
