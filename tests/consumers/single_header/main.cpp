// Includes the amalgamated header the way a user who copied it would; include/ is not on the path,
// so <authwire/authwire.hpp> below can only be single_include/authwire/authwire.hpp.
#if __has_include(<authwire/core/error.hpp>)
#error "include/ must not be on this consumer's include path"
#endif
#include "../common/main.cpp"
