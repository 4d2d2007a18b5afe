#pragma once
// authwire tests — shared fixtures for the server endpoint tests (configuration, requests, stores).

#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_store.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace authwire_test {

// The MCP-style server of our scope: one scope, one resource, open registration, revocation.
inline authwire::server::authorization_server_config test_config() {
    authwire::server::authorization_server_config c;
    c.issuer = "https://as.example";
    c.authorization_endpoint = "https://as.example/authorize";
    c.token_endpoint = "https://as.example/token";
    c.registration_endpoint = "https://as.example/register";
    c.revocation_endpoint = "https://as.example/revoke";
    c.scopes_supported = {"mcp", "admin"};
    c.default_scope = "mcp";
    c.resources = {"https://mcp.example/mcp", "https://other.example/api"};
    c.default_resource = "https://mcp.example/mcp";
    return c;
}

// A form POST to `url`, as an HTTP stack would hand it to an endpoint.
inline authwire::http_request form_post(std::string_view url, authwire::form const& body) {
    authwire::http_request req;
    req.method = "POST";
    req.url = boost::urls::url(url);
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    req.body = body.encode();
    return req;
}

}  // namespace authwire_test
