// Compile-time probe (bench/compile/measure): what a resource server includes — the bearer validator alone.
#include <authwire/server/bearer_validator.hpp>
