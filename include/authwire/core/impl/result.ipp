#pragma once
// authwire — the definitions of <authwire/core/result.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/result.hpp>

namespace authwire {

AUTHWIRE_DECL void throw_exception_from_error(failure const& f, boost::source_location const& loc) {
    boost::throw_with_location(protocol_exception(f), loc);
}

}  // namespace authwire
