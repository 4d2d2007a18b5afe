#pragma once
// authwire — library version (semantic versioning; the CMake package uses SameMajorVersion).

#define AUTHWIRE_VERSION_MAJOR 0
#define AUTHWIRE_VERSION_MINOR 1
#define AUTHWIRE_VERSION_PATCH 0
#define AUTHWIRE_VERSION_STRING "0.1.0"

namespace authwire {

/// The version of the headers in use, as "major.minor.patch".
inline constexpr char const* version_string = AUTHWIRE_VERSION_STRING;

} // namespace authwire
