#include <authwire/core/base64.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// The decoder takes whole quanta four characters at a time through pre-shifted tables (a 4-byte store while
// another quantum follows), the rest one by one: every byte value at every position of encodings of 0 to 24
// characters, both alphabets, against a decoder written from RFC 4648 here; base64url_decode_into must not write
// past the decoded size.
BOOST_AUTO_TEST_CASE(every_byte_at_every_position_against_the_rfc) {
    auto reference = [](std::string_view in, std::string_view alphabet) -> std::optional<std::string> {
        if (in.size() % 4 == 1) return std::nullopt;
        std::string out;
        std::uint32_t acc = 0;
        int bits = 0;
        for (char const c : in) {
            auto const pos = alphabet.find(c);
            if (pos == std::string_view::npos) return std::nullopt;
            acc = (acc << 6) | static_cast<std::uint32_t>(pos);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out += static_cast<char>((acc >> bits) & 0xffu);
            }
        }
        if ((acc & ((1u << bits) - 1u)) != 0) return std::nullopt;  // non-zero trailing bits: not canonical
        return out;
    };
    std::string_view const url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string_view const standard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::size_t checked = 0, accepted = 0;
    for (std::size_t len = 0; len <= 24; ++len) {
        std::string base;
        for (std::size_t k = 0; k < len; ++k) base += url[(k * 29 + 7) % 64];
        for (std::size_t pos = 0; pos < std::max<std::size_t>(len, 1); ++pos) {
            for (int c = 0; c < 256; ++c) {
                auto in = base;
                if (len != 0) in[pos] = static_cast<char>(c);
                auto const want = reference(in, url);
                std::array<unsigned char, 24> out;
                out.fill(0xa5);
                auto got = base64url_decode_into(in, out);
                BOOST_TEST(got.has_value() == want.has_value(), in);
                if (got && want) {
                    BOOST_TEST(std::string(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*got)) == *want);
                    for (std::size_t k = *got; k < out.size(); ++k) BOOST_TEST(out[k] == 0xa5);  // nothing past it
                    ++accepted;
                }
                ++checked;
                if (len == 0) break;
                if (c == '=') continue;  // padding where base64_decode expects it: not a character to compare
                // The standard alphabet, padded as base64_decode requires.
                auto padded = in;
                for (std::string_view::size_type p = std::string_view(padded).find('-'); p != std::string::npos; p = padded.find('-'))
                    padded[p] = '+';
                for (std::string_view::size_type p = padded.find('_'); p != std::string::npos; p = padded.find('_'))
                    padded[p] = '/';
                auto const want_std = reference(padded, standard);
                if (padded.size() % 4 != 1) padded += std::string((4 - padded.size() % 4) % 4, '=');
                auto got_std = base64_decode(padded);
                BOOST_TEST(got_std.has_value() == want_std.has_value(), padded);
                if (got_std && want_std) BOOST_TEST(*got_std == *want_std);
            }
        }
    }
    BOOST_TEST(checked > 70000u);
    BOOST_TEST(accepted > 5000u);
    BOOST_TEST(accepted < checked / 2);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_base64_test
