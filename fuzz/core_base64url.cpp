// Property: strict base64url has one encoding per byte string — whatever decodes re-encodes to itself.
#include <authwire/core/base64.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    if (auto decoded = authwire::base64url_decode(in)) {
        if (authwire::base64url_encode(*decoded) != in) std::abort();
    }
    if (auto decoded = authwire::base64_decode(in)) {
        if (authwire::base64_encode(*decoded) != in) std::abort();
    }
    // Encoding arbitrary bytes always decodes back.
    auto const encoded = authwire::base64url_encode(in);
    auto back = authwire::base64url_decode(encoded);
    if (!back || *back != in) std::abort();
    return 0;
}
