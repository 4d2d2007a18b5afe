#include <authwire/core/base64.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <string>
#include <vector>

namespace core_base64_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_base64)

// RFC 4648 §10 test vectors.
struct vector_t {
    char const* plain;
    char const* base64;
    char const* base64url;
};
constexpr vector_t rfc4648[] = {
    {"", "", ""},
    {"f", "Zg==", "Zg"},
    {"fo", "Zm8=", "Zm8"},
    {"foo", "Zm9v", "Zm9v"},
    {"foob", "Zm9vYg==", "Zm9vYg"},
    {"fooba", "Zm9vYmE=", "Zm9vYmE"},
    {"foobar", "Zm9vYmFy", "Zm9vYmFy"},
};

BOOST_AUTO_TEST_CASE(rfc4648_section10_vectors) {
    for (auto const& v : rfc4648) {
        BOOST_TEST(base64_encode(v.plain) == v.base64);
        BOOST_TEST(base64url_encode(std::string_view(v.plain)) == v.base64url);
        BOOST_TEST(base64_decode(v.base64).value() == v.plain);
        BOOST_TEST(base64url_decode(v.base64url).value() == v.plain);
    }
}

BOOST_AUTO_TEST_CASE(url_alphabet_differs_from_standard) {
    std::string const bytes("\xfb\xff\xbf", 3);
    BOOST_TEST(base64_encode(bytes) == "+/+/");
    BOOST_TEST(base64url_encode(bytes) == "-_-_");
    BOOST_TEST(base64url_decode("-_-_").value() == bytes);
    BOOST_TEST(base64_decode("+/+/").value() == bytes);
    BOOST_TEST((base64url_decode("+/+/").error() == error::malformed_base64));
    BOOST_TEST((base64_decode("-_-_").error() == error::malformed_base64));
}

BOOST_AUTO_TEST_CASE(base64url_rejects_everything_not_canonical) {
    for (auto bad : {"Zg==", "Zg=", "Zm8=", "Z", "Zm9vY", "Zm 9v", " Zm9v", "Zm9v\n", "Zm9v\r\n", "Zm.v", "Zm9v!",
                     "Zh", "Zm9", "Zm+v", "Zm/v", "====", "Zm9vYmFy="}) {
        auto r = base64url_decode(bad);
        BOOST_TEST(!r, "accepted: '" << bad << "'");
        if (!r) BOOST_TEST((r.error() == error::malformed_base64));
    }
    // An embedded NUL byte is outside the alphabet too.
    BOOST_TEST(!base64url_decode(std::string_view("Zm\0v", 4)));
    // Non-zero trailing bits: 'Zh' would also decode to 'f' in a lax decoder.
    BOOST_TEST(!base64url_decode("Zh"));
    BOOST_TEST(!base64url_decode("Zm9"));  // "fo" canonically ends in '8'
    BOOST_TEST(base64url_decode("Zm8").value() == "fo");
    // Bytes with the high bit set never map into the alphabet.
    BOOST_TEST(!base64url_decode("Zm\xc3\xa9v"));
}

BOOST_AUTO_TEST_CASE(base64_requires_exact_padding) {
    for (auto bad : {"Zg", "Zg=", "Zg===", "Zm8", "Z===", "====", "Zm=8", "Zh==", "Zm9=", "Zm9v ", "Zm9v\n"}) {
        auto r = base64_decode(bad);
        BOOST_TEST(!r, "accepted: '" << bad << "'");
    }
}

BOOST_AUTO_TEST_CASE(round_trips_every_length_and_byte) {
    std::vector<unsigned char> bytes;
    for (int n = 0; n < 300; ++n) {
        auto const encoded = base64url_encode(bytes);
        BOOST_TEST(encoded.size() == base64url_encoded_size(bytes.size()));
        auto decoded = base64url_decode(encoded);
        BOOST_REQUIRE(decoded);
        BOOST_TEST(std::string(bytes.begin(), bytes.end()) == *decoded);
        std::string const as_string(bytes.begin(), bytes.end());
        BOOST_TEST(base64_decode(base64_encode(as_string)).value() == as_string);
        bytes.push_back(static_cast<unsigned char>((n * 167 + 13) & 0xff));
    }
}

BOOST_AUTO_TEST_CASE(decode_into_is_bounded_and_allocation_free) {
    std::array<unsigned char, 6> out{};
    auto n = base64url_decode_into("Zm9vYmFy", out);
    BOOST_REQUIRE(n);
    BOOST_TEST(*n == 6u);
    BOOST_TEST(std::string(out.begin(), out.end()) == "foobar");
    std::array<unsigned char, 5> small{};
    BOOST_TEST((base64url_decode_into("Zm9vYmFy", small).error() == error::invalid_argument));
    BOOST_TEST((base64url_decode_into("Zm9vY", out).error() == error::malformed_base64));
    BOOST_TEST(base64url_decoded_size(5) == 0u);
    BOOST_TEST(base64url_decoded_size(7) == 5u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_base64_test
