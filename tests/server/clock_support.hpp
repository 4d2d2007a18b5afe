// authwire tests — the one fixed "now" of the server tests: nothing under test reads the system clock.
#pragma once

#include <chrono>

namespace server_test {

using clock_type = std::chrono::system_clock;

inline constexpr clock_type::time_point t0 = clock_type::time_point{} + std::chrono::seconds(1'800'000'000);

} // namespace server_test
