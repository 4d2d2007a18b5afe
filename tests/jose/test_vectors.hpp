// authwire tests — reading the JOSE vector files (RFC 7520 cookbook) copied under tests/jose/vectors/.
#pragma once

#include <authwire/core/json.hpp>

#include "test_data_dir.hpp"

#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace authwire_test {

inline std::string read_text_file(std::string const& relative) {
    std::string const path = test_data_dir() + "/jose/vectors/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline boost::json::value read_vector(std::string const& relative) {
    return authwire::parse_json(read_text_file(relative)).value();
}

} // namespace authwire_test
