#include <authwire/core/form.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace core_form_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_form)

BOOST_AUTO_TEST_CASE(plus_ampersand_equals_percent_survive_a_round_trip) {
    // boostorg/url#903: params().append leaves '+' unescaped, which a form decoder reads back as a space.
    form f{{"v", "a+b c&d=e%"}};
    BOOST_TEST(f.encode() == "v=a%2Bb+c%26d%3De%25");
    auto back = form::decode(f.encode());
    BOOST_REQUIRE(back);
    BOOST_TEST(back->find("v").value() == "a+b c&d=e%");
}

BOOST_AUTO_TEST_CASE(rfc6749_section_4_1_3_token_request_body) {
    form f{{"grant_type", "authorization_code"},
           {"code", "SplxlOBeZQQYbYS6WxSbIA"},
           {"redirect_uri", "https://client.example.com/cb"}};
    BOOST_TEST(f.encode() ==
               "grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
               "&redirect_uri=https%3A%2F%2Fclient.example.com%2Fcb");
}

BOOST_AUTO_TEST_CASE(unreserved_bytes_stay_and_every_other_byte_is_escaped) {
    BOOST_TEST(form_encode_component("AZaz09-._~") == "AZaz09-._~");
    BOOST_TEST(form_encode_component("\xc3\xa9/?#[]@!$'()*,;:") == "%C3%A9%2F%3F%23%5B%5D%40%21%24%27%28%29%2A%2C%3B%3A");
    BOOST_TEST(form_encode_component(std::string_view("\0\n", 2)) == "%00%0A");
    BOOST_TEST(form_decode_component("%c3%A9+x").value() == "\xc3\xa9 x");
}

BOOST_AUTO_TEST_CASE(malformed_escapes_are_errors) {
    for (auto bad : {"a=%", "a=%4", "a=%zz", "a=%4g", "%=b", "a=100%"}) {
        auto r = form::decode(bad);
        BOOST_TEST(!r, bad);
        if (!r) BOOST_TEST((r.error() == error::malformed_form));
    }
}

BOOST_AUTO_TEST_CASE(repeated_names_are_kept_and_can_be_refused) {
    auto f = form::decode("resource=https%3A%2F%2Fa&resource=https%3A%2F%2Fb&scope=x&&flag");
    BOOST_REQUIRE(f);
    BOOST_TEST(f->size() == 4u);
    BOOST_TEST(f->count("resource") == 2u);
    auto all = f->find_all("resource");
    BOOST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[1] == "https://b");
    BOOST_TEST((f->find_unique("resource").error() == error::duplicate_member));
    BOOST_TEST(f->find_unique("scope").value().value() == "x");
    BOOST_TEST(!f->find_unique("missing").value().has_value());
    BOOST_TEST(f->find("flag").value().empty());
    f->erase("resource");
    BOOST_TEST(f->count("resource") == 0u);
}

// RFC 3986 §3.4: query names are found in any spelling — decoded, split at '&' and ';', with or without '='.
BOOST_AUTO_TEST_CASE(query_parameter_names_are_compared_decoded) {
    auto has = [](std::string_view query, std::string_view name) {
        return any_query_parameter_name(query, [&](std::string_view n) { return n == name; });
    };
    BOOST_TEST(has("a=1&code=2", "code"));
    BOOST_TEST(has("co%64e=2", "code"));
    BOOST_TEST(has("a=1;code", "code"));
    BOOST_TEST(has("&&code&", "code"));
    BOOST_TEST(has("my+name=1", "my name"));
    BOOST_TEST(has("bad%zz=1", "bad%zz"));  // a malformed escape is compared as written
    BOOST_TEST(!has("codes=1&x=code", "code"));
    BOOST_TEST(!has("", "code"));
}

BOOST_AUTO_TEST_CASE(add_if_omits_empty_values) {
    form f;
    f.add_if("scope", "").add_if("state", "xyz");
    BOOST_TEST(f.encode() == "state=xyz");
}

BOOST_AUTO_TEST_CASE(size_and_count_are_bounded) {
    std::string big(limits::max_form_size + 1, 'a');
    BOOST_TEST((form::decode(big).error() == error::input_too_large));
    std::string many;
    for (int i = 0; i < 300; ++i) many += "a=b&";
    BOOST_TEST((form::decode(many).error() == error::input_too_large));
    BOOST_TEST(form::decode(many, limits::max_form_size, 300).has_value());
    BOOST_TEST(form::decode("").value().empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_form_test
