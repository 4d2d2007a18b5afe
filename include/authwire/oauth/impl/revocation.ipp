#pragma once
// authwire — the definitions of <authwire/oauth/revocation.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/revocation.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_revocation_request(std::string_view revocation_endpoint, secret const& token,
                                                           std::string_view hint, client_authentication const& auth,
                                                           client_auth_context const& ctx) {
    auto url = detail::parse_endpoint(revocation_endpoint);
    if (!url) return url.error();
    if (token.empty()) return error::missing_argument;
    form body{{"token", token.reveal()}};
    body.add_if("token_type_hint", hint);
    return detail::authenticated_form_post(std::move(*url), body, auth, revocation_endpoint, ctx);
}

AUTHWIRE_DECL outcome<void> parse_revocation_response(http_response const& resp, json_limits const& limits) noexcept {
    if (resp.status == 200) return {};
    return response_failure(resp, limits);
}

}  // namespace authwire::oauth
