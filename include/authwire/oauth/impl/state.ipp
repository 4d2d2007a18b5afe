#pragma once
// authwire — the definitions of <authwire/oauth/state.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/state.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<std::string> make_state(random_source rng) {
    return random_token(32, rng);
}

AUTHWIRE_DECL result<std::string> make_nonce(random_source rng) {
    return random_token(32, rng);
}

AUTHWIRE_DECL bool state_matches(std::string_view expected, std::string_view received) noexcept {
    return !expected.empty() && constant_time_equal(expected, received);
}

}  // namespace authwire::oauth
