#pragma once
// authwire — internal to the server layer: the `token` and `token_type_hint` parameters that the revocation
// (RFC 7009 §2.1) and introspection (RFC 7662 §2.1) endpoints share, and the order a hint suggests.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/token_type_hint.hpp>

#include <string_view>

namespace authwire::server::detail {

// What a revocation or introspection request presents.
struct presented_token {
    std::string_view token;
    bool refresh_first = false;  // token_type_hint=refresh_token: look among refresh tokens first
};

// RFC 7009 §2.1, RFC 7662 §2.1: `token` required, each parameter at most once (error::invalid_request). The
// hint only orders the search — it is never trusted to limit it, and an unknown hint value is ignored.
[[nodiscard]] AUTHWIRE_DECL result<presented_token> read_presented_token(form const& body) noexcept;

} // namespace authwire::server::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/detail/impl/presented_token.ipp>
#endif
