#pragma once
// authwire — the definitions of <authwire/server/jwks_access_token_validator.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/jwks_access_token_validator.hpp>

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(access_token_reader<jwks_access_token_validator>);

}  // namespace authwire::server
