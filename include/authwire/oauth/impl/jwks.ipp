#pragma once
// authwire — the definitions of <authwire/oauth/jwks.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/jwks.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<http_request> make_jwk_set_request(std::string_view jwks_uri) {
    auto url = detail::parse_endpoint(jwks_uri);
    if (!url) return url.error();
    return detail::json_get(std::move(*url));
}

AUTHWIRE_DECL outcome<jose::jwk_set> parse_jwk_set_response(http_response const& resp,
                                                            json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<jose::jwk_set> {
        if (resp.status != 200) return response_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto set = jose::jwk_set::parse(resp.body, limits);
        if (!set) return set.error();
        return std::move(*set);
    });
}

}  // namespace authwire::oauth
