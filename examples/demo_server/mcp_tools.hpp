#pragma once
// authwire examples — the protected resource of the demo: an MCP-style endpoint answering JSON-RPC 2.0
// `tools/list` (the request a client makes first). Only reached once the bearer token has been validated.

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>

namespace authwire::examples {

/// JSON-RPC 2.0 §5.1 error codes.
enum class jsonrpc_error : int {
    parse_error = -32700,
    invalid_request = -32600,
    method_not_found = -32601,
};

/// The demo's tool list (what `tools/list` returns).
[[nodiscard]] inline boost::json::array demo_tools() {
    boost::json::object query_schema{{"type", "object"},
                                     {"properties", boost::json::object{{"query", {{"type", "string"}}}}},
                                     {"required", boost::json::array{"query"}}};
    return boost::json::array{
        boost::json::object{{"name", "search_jobs"},
                            {"description", "Search the job board"},
                            {"inputSchema", query_schema}},
        boost::json::object{{"name", "list_applications"},
                            {"description", "The signed-in user's job applications"},
                            {"inputSchema", boost::json::object{{"type", "object"}}}},
    };
}

/// JSON-RPC 2.0 over HTTP POST: parse `body` (strictly, with authwire's bounded parser) and answer `tools/list`;
/// anything else gets a JSON-RPC error object (HTTP 200, as JSON-RPC errors are application-level).
[[nodiscard]] inline http_response answer_jsonrpc(std::string_view body) {
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "application/json");
    r.headers.append("Cache-Control", "no-store");
    boost::json::object out{{"jsonrpc", "2.0"}, {"id", nullptr}};
    auto fail = [&](jsonrpc_error code, std::string_view message) {
        out["error"] = boost::json::object{{"code", static_cast<int>(code)}, {"message", message}};
        r.body = boost::json::serialize(out);
        return r;
    };
    auto const request = parse_json_object(body);
    if (!request) return fail(jsonrpc_error::parse_error, "Parse error");
    auto const* version = request->if_contains("jsonrpc");
    auto const* id = request->if_contains("id");
    auto const* method = request->if_contains("method");
    if (id != nullptr && (id->is_string() || id->is_int64() || id->is_uint64())) out["id"] = *id;
    if (version == nullptr || !version->is_string() || version->get_string() != "2.0" || id == nullptr ||
        !(id->is_string() || id->is_int64() || id->is_uint64()) || method == nullptr || !method->is_string())
        return fail(jsonrpc_error::invalid_request, "Invalid Request");
    if (method->get_string() != "tools/list") return fail(jsonrpc_error::method_not_found, "Method not found");
    out["result"] = boost::json::object{{"tools", demo_tools()}};
    r.body = boost::json::serialize(out);
    return r;
}

} // namespace authwire::examples
