#pragma once
// authwire — the definitions of <authwire/client/device_flow.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/device_flow.hpp>

namespace authwire::client::detail {

AUTHWIRE_DECL result<http_request> device_authorization_request(oauth::authorization_server_metadata const& as,
                                                                oauth::client_authentication const& client,
                                                                oauth::scope_set const& scope,
                                                                std::chrono::system_clock::time_point now,
                                                                random_source rng) {
    auto endpoint = advertised(as.device_authorization_endpoint);
    if (!endpoint) return endpoint.error();
    return oauth::make_device_authorization_request(*endpoint, scope, client,
                                                    {.issuer = as.issuer, .now = now, .rng = rng});
}

AUTHWIRE_DECL outcome<oauth::device_poll_result> expired_device_poll(std::chrono::seconds interval) {
    oauth::device_poll_result expired;
    expired.status = oauth::device_poll_status::expired;
    expired.interval = interval;
    return expired;
}

AUTHWIRE_DECL result<http_request> device_token_request(oauth::authorization_server_metadata const& as,
                                                        oauth::client_authentication const& client,
                                                        oauth::device_authorization_response const& device,
                                                        std::chrono::system_clock::time_point now, random_source rng) {
    auto endpoint = advertised(as.token_endpoint);
    if (!endpoint) return endpoint.error();
    oauth::device_code_grant g;
    g.device_code = device.device_code;
    return oauth::make_token_request(*endpoint, g, client, {.issuer = as.issuer, .now = now, .rng = rng});
}

}  // namespace authwire::client::detail
