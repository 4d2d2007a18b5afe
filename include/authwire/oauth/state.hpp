#pragma once
// authwire — `state` (RFC 6749 §10.12, CSRF protection) and `nonce` (OpenID Connect Core §3.1.2.1) values.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>

#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 6749 §10.12, RFC 9700 §4.7.1: a fresh, unguessable `state` value (256 bits, base64url).
[[nodiscard]] AUTHWIRE_DECL result<std::string> make_state(random_source rng = {});

/// OpenID Connect Core §3.1.2.1: a fresh `nonce` (256 bits, base64url), binding an ID token to this request.
[[nodiscard]] AUTHWIRE_DECL result<std::string> make_nonce(random_source rng = {});

/// RFC 6749 §10.12: does the `state` received on the callback equal the one we sent? Constant-time; an empty
/// expected state never matches (a client that sent no state has nothing to check against).
[[nodiscard]] AUTHWIRE_DECL bool state_matches(std::string_view expected, std::string_view received) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/state.ipp>
#endif
