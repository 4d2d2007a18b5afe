#include <authwire/oauth/scope.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace oauth_scope_test {

using namespace authwire;
using namespace authwire::oauth;

BOOST_AUTO_TEST_SUITE(oauth_scope)

BOOST_AUTO_TEST_CASE(scope_token_grammar_rfc6749_section_3_3) {
    BOOST_TEST(is_scope_token("read"));
    BOOST_TEST(is_scope_token("jobs:read"));
    BOOST_TEST(is_scope_token("https://api.example.com/scope"));
    BOOST_TEST(is_scope_token("!"));      // %x21
    BOOST_TEST(is_scope_token("#[]~"));   // %x23-5B, %x5D-7E
    BOOST_TEST(!is_scope_token(""));
    BOOST_TEST(!is_scope_token("a b"));
    BOOST_TEST(!is_scope_token("a\"b"));  // %x22 excluded
    BOOST_TEST(!is_scope_token("a\\b"));  // %x5C excluded
    BOOST_TEST(!is_scope_token("a\tb"));
    BOOST_TEST(!is_scope_token("\x7f"));
    BOOST_TEST(!is_scope_token("caf\xc3\xa9"));
}

BOOST_AUTO_TEST_CASE(parse_and_join) {
    auto s = scope_set::parse("read write dolphin");
    BOOST_REQUIRE(s);
    BOOST_TEST(s->size() == 3u);
    BOOST_TEST(s->contains("write"));
    BOOST_TEST(!s->contains("writ"));
    BOOST_TEST(s->to_string() == "read write dolphin");
    BOOST_TEST(scope_set::parse("").value().empty());
    BOOST_TEST(scope_set::parse("a b a").value().to_string() == "a b");  // duplicates collapse
}

BOOST_AUTO_TEST_CASE(off_grammar_strings_are_refused) {
    for (auto bad : {" a", "a ", "a  b", "a\tb", "a\"b", "a\\b", " ", "a\nb", "caf\xc3\xa9", "\x01"}) {
        auto s = scope_set::parse(bad);
        BOOST_TEST(!s, bad);
        if (!s) BOOST_TEST((s.error() == error::invalid_argument));
        BOOST_TEST(!is_scope_or_empty(bad), bad);  // the same grammar, without allocating
    }
    BOOST_TEST(is_scope_or_empty(""));
    BOOST_TEST(is_scope_or_empty("mcp:read profile"));
}

BOOST_AUTO_TEST_CASE(set_semantics) {
    scope_set const a{"read", "write"};
    scope_set const b{"write", "read"};
    BOOST_TEST((a == b));
    BOOST_TEST(!(a == scope_set{"read"}));
    BOOST_TEST(a.includes(scope_set{"read"}));
    BOOST_TEST(!scope_set{"read"}.includes(a));
    BOOST_TEST(a.includes(scope_set{}));
    scope_set c = a;
    BOOST_TEST(!c.insert("read"));
    BOOST_TEST(c.insert("admin"));
    BOOST_TEST(c.erase("read"));
    BOOST_TEST(!c.erase("read"));
    BOOST_TEST(c.to_string() == "write admin");
}

BOOST_AUTO_TEST_CASE(caller_tokens_are_checked_by_valid) {
    BOOST_TEST((scope_set{"a", "b"}.valid()));
    BOOST_TEST(!scope_set{"a b"}.valid());
    BOOST_TEST(!scope_set{""}.valid());
    BOOST_TEST(scope_set{}.valid());
}

BOOST_AUTO_TEST_CASE(pieces_of_a_scope_string_without_allocating) {
    auto pieces = [](std::string_view scope) {
        std::vector<std::string> out;
        BOOST_TEST(!any_scope_token(scope, [&out](std::string_view t) {
            out.emplace_back(t);
            return false;
        }));
        return out;
    };
    BOOST_TEST(pieces("").empty());
    BOOST_TEST((pieces("read write") == std::vector<std::string>{"read", "write"}));
    BOOST_TEST((pieces(" a  b ") == std::vector<std::string>{"", "a", "", "b", ""}));  // grammar checkers see these
    int seen = 0;
    BOOST_TEST(any_scope_token("a b c", [&seen](std::string_view t) {
        ++seen;
        return t == "b";
    }));
    BOOST_TEST(seen == 2);  // stopped at the first true

    static_assert(scope_contains("read write", "write"));
    BOOST_TEST(scope_contains("read write", "read"));
    BOOST_TEST(!scope_contains("read write", "writ"));
    BOOST_TEST(!scope_contains("read write", "Read"));  // case-sensitive
    BOOST_TEST(!scope_contains("read write", "read write"));
    BOOST_TEST(!scope_contains("a  b", ""));  // the empty piece is not a token
    BOOST_TEST(!scope_contains("", ""));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_scope_test
