#include <authwire/core/limits.hpp>

#include <authwire/core/form.hpp>
#include <authwire/core/json.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace core_limits_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_limits)

BOOST_AUTO_TEST_CASE(defaults_are_what_the_parsers_enforce) {
    static_assert(limits::max_json_depth >= 8 && limits::max_json_depth <= 64);
    static_assert(limits::max_compact_token_size <= limits::max_json_size);
    BOOST_TEST(json_limits{}.max_size == limits::max_json_size);
    BOOST_TEST(json_limits{}.max_depth == limits::max_json_depth);
    std::string at_limit(limits::max_json_depth, '[');
    at_limit += std::string(limits::max_json_depth, ']');
    BOOST_TEST(parse_json(at_limit).has_value());
    std::string over = "[" + at_limit + "]";
    BOOST_TEST((parse_json(over).error() == error::nesting_too_deep));
    BOOST_TEST(form::decode(std::string(limits::max_form_size, 'a')).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_limits_test
