#pragma once
// authwire tests — helpers shared by the JWE tests: hex, byte views, vector files, a fixed random source.

#include <authwire/core/base64.hpp>
#include <authwire/core/json.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <fstream>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jwe_test {

using bytes = std::vector<unsigned char>;

inline bytes hex(std::string_view h) {
    bytes out;
    auto nibble = [](char c) -> unsigned {
        if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
        if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
        if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
        throw std::invalid_argument("not hex");
    };
    std::string digits;
    for (char c : h)
        if (c != ' ' && c != '\n') digits.push_back(c);
    if (digits.size() % 2 != 0) throw std::invalid_argument("odd hex");
    for (std::size_t i = 0; i < digits.size(); i += 2)
        out.push_back(static_cast<unsigned char>(nibble(digits[i]) << 4 | nibble(digits[i + 1])));
    return out;
}

inline bytes b64u(std::string_view s) {
    auto r = authwire::base64url_decode(s);
    if (!r) throw std::invalid_argument("bad base64url in a test vector");
    return bytes(r->begin(), r->end());
}

inline bytes of(std::string_view s) { return bytes(s.begin(), s.end()); }

inline std::string str(std::span<unsigned char const> b) { return std::string(b.begin(), b.end()); }

inline std::span<unsigned char const> view(std::string_view s) {
    return {reinterpret_cast<unsigned char const*>(s.data()), s.size()};
}

/// The text of tests/<relative>.
inline std::string read_text(std::string const& relative) {
    std::ifstream in(std::string(AUTHWIRE_TEST_DATA_DIR) + "/" + relative, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open test data " + relative);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A JSON test vector file under tests/jose/vectors/.
inline boost::json::object read_vector(std::string const& name) {
    return boost::json::parse(read_text("jose/vectors/" + name)).as_object();
}

/// A random_source callable that hands out fixed bytes in order (and fails when they run out).
struct fixed_bytes {
    bytes data;
    std::size_t used = 0;
    bool operator()(std::span<unsigned char> out) {
        if (data.size() - used < out.size()) return false;
        for (auto& b : out) b = data[used++];
        return true;
    }
};

} // namespace jwe_test
