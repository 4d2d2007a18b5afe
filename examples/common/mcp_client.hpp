#pragma once
// authwire examples — the client-side steps the CLI client and mcp_flow share, each over any http_executor and
// each only composing authwire's message functions: call the MCP endpoint (JSON-RPC tools/list), register a
// native client (RFC 7591, through the registration driver), follow the authorization redirect of an
// auto-approving server (tests).

#include <authwire/client/registration.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/json.hpp>
#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/token_request.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace authwire::examples::mcp {

/// MCP over HTTP: `POST` a JSON-RPC 2.0 `tools/list` to `resource`, with `Authorization: Bearer` (RFC 6750 §2.1)
/// when `access_token` is not empty. The answer is returned whatever its status (a 401 is an answer).
template <http_executor E>
[[nodiscard]] result<http_response> list_tools(E& executor, std::string_view resource, secret const& access_token = {}) {
    auto url = boost::urls::parse_absolute_uri(resource);
    if (!url) return error::invalid_url;
    http_request req;
    req.method = "POST";
    req.url = *url;
    req.headers.append("Content-Type", "application/json");
    req.headers.append("Accept", "application/json");
    req.body = R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})";
    if (!access_token.empty())
        if (auto r = oauth::set_bearer_token(req, access_token); !r) return r.error();
    auto resp = executor(req);
    if (!resp) return resp.error();
    return std::move(*resp);
}

/// The tool names of a successful `tools/list` answer (200, JSON-RPC `result.tools[].name`).
[[nodiscard]] inline result<std::vector<std::string>> tool_names(http_response const& resp) {
    if (resp.status != 200) return error::unexpected_status;
    if (!resp.is_json()) return error::unexpected_content_type;
    auto body = parse_json_object(resp.body);
    if (!body) return body.error();
    auto const* res = body->if_contains("result");
    if (res == nullptr || !res->is_object()) return error::missing_member;
    auto const* tools = res->as_object().if_contains("tools");
    if (tools == nullptr || !tools->is_array()) return error::missing_member;
    std::vector<std::string> names;
    for (auto const& t : tools->as_array()) {
        auto const* name = t.is_object() ? t.as_object().if_contains("name") : nullptr;
        if (name == nullptr || !name->is_string()) return error::wrong_member_type;
        names.emplace_back(name->as_string());
    }
    return names;
}

/// RFC 7591 §3.1, RFC 8252 §8.4: register a native app — a public client (token_endpoint_auth_method "none")
/// using the authorization code grant with refresh tokens, at `as.registration_endpoint`.
template <http_executor E>
[[nodiscard]] outcome<oauth::client_information> register_native_client(E& executor,
                                                                        oauth::authorization_server_metadata const& as,
                                                                        std::string const& redirect_uri,
                                                                        std::string const& client_name) {
    oauth::client_metadata m;
    m.redirect_uris = {redirect_uri};
    m.token_endpoint_auth_method = "none";
    m.grant_types = {std::string(oauth::grant_type::authorization_code), std::string(oauth::grant_type::refresh_token)};
    m.response_types = {"code"};
    m.client_name = client_name;
    m.application_type = "native";
    return client::register_client(executor, as, m);
}

/// For tests against a server that approves without a user: `GET` the authorization URL and return the
/// `Location` of its 302/303 (the redirect the browser would follow). The executor itself never follows it.
template <http_executor E>
[[nodiscard]] result<std::string> follow_authorization_redirect(E& executor, boost::urls::url_view authorization_url) {
    http_request req;
    req.url = authorization_url;
    auto resp = executor(req);
    if (!resp) return resp.error();
    if (resp->status != 302 && resp->status != 303) return error::unexpected_status;
    auto const location = resp->header("Location");
    if (!location || location->empty()) return error::missing_member;
    return std::string(*location);
}

} // namespace authwire::examples::mcp
