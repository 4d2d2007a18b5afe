#pragma once
// authwire — the definitions of <authwire/client/token_manager.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/token_manager.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<token_manager_config> token_manager_config_for(oauth::authorization_server_metadata const& as,
                                                                    oauth::client_authentication client,
                                                                    std::vector<std::string> resource) {
    if (!as.token_endpoint || as.token_endpoint->empty()) return error::unsupported_operation;
    token_manager_config c;
    c.issuer = as.issuer;
    c.token_endpoint = *as.token_endpoint;
    c.client = std::move(client);
    c.resource = std::move(resource);
    return c;
}

}  // namespace authwire::client
