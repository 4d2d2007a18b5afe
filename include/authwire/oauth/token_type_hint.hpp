#pragma once
// authwire — the `token_type_hint` values shared by revocation (RFC 7009 §2.1) and introspection (RFC 7662 §2.1).

#include <string_view>

namespace authwire::oauth::token_type_hint {

/// RFC 7009 §2.1 / RFC 7662 §2.1: the token is an access token.
inline constexpr std::string_view access_token = "access_token";
/// RFC 7009 §2.1 / RFC 7662 §2.1: the token is a refresh token.
inline constexpr std::string_view refresh_token = "refresh_token";

} // namespace authwire::oauth::token_type_hint
