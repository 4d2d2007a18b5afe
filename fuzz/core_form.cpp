// Property: whatever form-decodes re-encodes to something that decodes to the same parameters.
#include <authwire/core/form.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    auto f = authwire::form::decode(in);
    if (!f) return 0;
    auto again = authwire::form::decode(f->encode());
    if (!again || !(*again == *f)) std::abort();
    return 0;
}
