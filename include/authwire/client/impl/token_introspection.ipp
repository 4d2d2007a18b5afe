#pragma once
// authwire — the definitions of <authwire/client/token_introspection.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/client/token_introspection.hpp>

namespace authwire::client::detail {

AUTHWIRE_DECL result<http_request> introspection_request(oauth::authorization_server_metadata const& as,
                                                         oauth::client_authentication const& client,
                                                         secret const& token, std::string_view hint,
                                                         std::chrono::system_clock::time_point now, random_source rng) {
    auto endpoint = advertised(as.introspection_endpoint);
    if (!endpoint) return endpoint.error();
    return oauth::make_introspection_request(*endpoint, token, hint, client,
                                             {.issuer = as.issuer, .now = now, .rng = rng});
}

}  // namespace authwire::client::detail
