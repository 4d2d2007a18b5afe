// authwire interop — the authwire side of the npm `jose` interop: a registry of case kinds. Each kind_*.cpp
// registers how authwire mints a record for a case and verifies a record the other peer minted.
#pragma once

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace interop {

struct kind_handler {
    /// Mint one record for `test_case` ({"kind": …, plus kind-specific members}); throw on failure.
    std::function<boost::json::object(boost::json::object const& test_case)> mint;
    /// Verify a record the other peer minted; throw on failure.
    std::function<void(boost::json::object const& record)> verify;
    /// Throw when the case list misses something this kind must cover (e.g. an algorithm).
    std::function<void(std::vector<boost::json::object> const& cases)> check_coverage;
};

inline std::map<std::string, kind_handler>& registry() {
    static std::map<std::string, kind_handler> handlers;
    return handlers;
}

struct registrar {
    registrar(std::string name, kind_handler h) { registry().emplace(std::move(name), std::move(h)); }
};

[[noreturn]] inline void fail(std::string const& what) { throw std::runtime_error(what); }

} // namespace interop
