#pragma once
// authwire — the definitions of <authwire/server/detail/presented_token.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/detail/presented_token.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL result<presented_token> read_presented_token(form const& body) noexcept {
    if (body.count("token") != 1 || body.count("token_type_hint") > 1) return error::invalid_request;
    auto const token = body.find("token");
    if (!token || token->empty()) return error::invalid_request;
    return presented_token{*token, body.find("token_type_hint") == oauth::token_type_hint::refresh_token};
}

}  // namespace authwire::server::detail
