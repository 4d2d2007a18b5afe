// Property: the WWW-Authenticate parser never throws or crashes, and every challenge it accepts is written back
// by format_challenge into a field value that parses to the same challenge.
#include <authwire/oauth/www_authenticate.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    auto challenges = authwire::oauth::parse_www_authenticate(in);
    if (!challenges) return 0;
    for (auto const& c : *challenges) {
        auto text = authwire::oauth::format_challenge(c);
        if (!text) std::abort();
        auto again = authwire::oauth::parse_www_authenticate(*text);
        if (!again || again->size() != 1 || !((*again)[0] == c)) std::abort();
    }
    return 0;
}
