// authwire tests — where the test data files (tests/jose/vectors/, …) are. CTest passes the directory in the
// environment (tests/CMakeLists.txt) rather than as a compiled-in macro: an absolute path on the command line
// would make every object depend on where the checkout lives, and no clean clone could reuse a cached build.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace authwire_test {

/// The tests/ directory of the source tree: $AUTHWIRE_TEST_DATA_DIR (set by CTest for every test executable).
inline std::string test_data_dir() {
    char const* dir = std::getenv("AUTHWIRE_TEST_DATA_DIR");
    if (dir == nullptr || *dir == '\0')
        throw std::runtime_error("AUTHWIRE_TEST_DATA_DIR is not set: run the tests through ctest, or set it to the "
                                 "source tree's tests/ directory");
    return dir;
}

} // namespace authwire_test
