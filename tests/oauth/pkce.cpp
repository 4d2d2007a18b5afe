#include <authwire/oauth/pkce.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <algorithm>
#include <string>

namespace oauth_pkce_test {

using namespace authwire;
using namespace authwire::oauth;

BOOST_AUTO_TEST_SUITE(oauth_pkce)

// RFC 7636 Appendix B: the 32 octets, the code_verifier they encode to, and its S256 code_challenge.
constexpr std::array<unsigned char, 32> appendix_b_octets = {116, 24,  223, 180, 151, 153, 224, 37,  79,  250, 96,
                                                             125, 216, 173, 187, 186, 22,  212, 37,  77,  105, 214,
                                                             191, 240, 91,  88,  5,   88,  83,  132, 141, 121};
constexpr std::string_view appendix_b_verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::string_view appendix_b_challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

BOOST_AUTO_TEST_CASE(rfc7636_appendix_b) {
    BOOST_TEST(make_code_challenge(appendix_b_verifier).value() == appendix_b_challenge);
    BOOST_TEST(verify_code_verifier(appendix_b_verifier, appendix_b_challenge, code_challenge_method::S256));
}

BOOST_AUTO_TEST_CASE(rfc7636_appendix_b_from_the_csprng_entry_point) {
    auto appendix_b = [](std::span<unsigned char> out) {
        std::copy_n(appendix_b_octets.begin(), std::min(out.size(), appendix_b_octets.size()), out.begin());
        return out.size() <= appendix_b_octets.size();
    };
    auto pair = make_pkce(appendix_b);
    BOOST_REQUIRE(pair);
    BOOST_TEST(pair->code_verifier.reveal() == appendix_b_verifier);
    BOOST_TEST(pair->code_challenge == appendix_b_challenge);
    BOOST_TEST(to_string(pair->method) == "S256");
}

BOOST_AUTO_TEST_CASE(verifiers_are_fresh_and_well_formed) {
    for (std::size_t len : {43u, 44u, 64u, 100u, 127u, 128u}) {
        auto v = make_code_verifier(len);
        BOOST_REQUIRE(v);
        BOOST_TEST(v->size() == len);
        BOOST_TEST(is_valid_code_verifier(v->reveal()));
    }
    BOOST_TEST((make_code_verifier(42).error() == error::invalid_argument));
    BOOST_TEST((make_code_verifier(129).error() == error::invalid_argument));
    BOOST_TEST(!(make_code_verifier().value() == make_code_verifier().value()));
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((make_pkce(broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_CASE(verifier_grammar) {
    BOOST_TEST(is_valid_code_verifier(std::string(43, '~')));
    BOOST_TEST(is_valid_code_verifier(std::string(128, 'a')));
    BOOST_TEST(!is_valid_code_verifier(std::string(42, 'a')));
    BOOST_TEST(!is_valid_code_verifier(std::string(129, 'a')));
    BOOST_TEST(!is_valid_code_verifier(std::string(42, 'a') + "+"));
    BOOST_TEST(!is_valid_code_verifier(std::string(42, 'a') + " "));
    BOOST_TEST(!is_valid_code_verifier(std::string(42, 'a') + "\xc3"));
    BOOST_TEST((make_code_challenge("short").error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(plain_only_when_asked_and_checks_are_exact) {
    auto plain = make_pkce({}, code_challenge_method::plain);
    BOOST_REQUIRE(plain);
    BOOST_TEST(plain->code_challenge == plain->code_verifier.reveal());
    BOOST_TEST(to_string(plain->method) == "plain");
    BOOST_TEST(verify_code_verifier(plain->code_verifier.reveal(), plain->code_challenge, code_challenge_method::plain));
    // A plain challenge does not satisfy an S256 check, and vice versa.
    BOOST_TEST(!verify_code_verifier(plain->code_verifier.reveal(), plain->code_challenge, code_challenge_method::S256));
    BOOST_TEST(!verify_code_verifier(appendix_b_verifier, appendix_b_challenge, code_challenge_method::plain));
    BOOST_TEST(!verify_code_verifier(appendix_b_verifier, appendix_b_verifier, code_challenge_method::S256));
    BOOST_TEST(!verify_code_verifier("", "", code_challenge_method::plain));
    BOOST_TEST((parse_code_challenge_method("S256").value() == code_challenge_method::S256));
    BOOST_TEST(!parse_code_challenge_method("s256"));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_pkce_test
