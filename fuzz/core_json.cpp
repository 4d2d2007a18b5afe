// Property: the strict parser never throws or crashes, and what it accepts serializes and re-parses equal.
#include <authwire/core/json.hpp>

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    auto v = authwire::parse_json(in);
    if (!v) return 0;
    auto const text = boost::json::serialize(*v);
    auto again = authwire::parse_json(text, {text.size() + 1, authwire::limits::max_json_depth});
    if (!again || *again != *v) std::abort();
    return 0;
}
