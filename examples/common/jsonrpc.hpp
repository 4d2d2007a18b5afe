#pragma once
// authwire examples — JSON-RPC 2.0 (jsonrpc.org/specification) as MCP uses it (MCP 2025-11-25 basic/index):
// requests (id a string or an integer, never null), notifications (no id), result responses and error responses
// (code, message, data). Read strictly — authwire's bounded JSON parser (size, depth, duplicate names), then every
// member checked, unknown top-level members refused as the MCP SDKs do — classified, and written back.
// Shared by the MCP server endpoint (mcp_server.hpp) and the MCP client session (mcp_client.hpp).

#include <authwire/core/json.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace authwire::examples::jsonrpc {

/// JSON-RPC 2.0 §5.1 error codes, and the implementation-defined range MCP transports use (-32000 … -32099).
namespace code {
inline constexpr std::int64_t parse_error = -32700;      ///< the text is not JSON — and only that
inline constexpr std::int64_t invalid_request = -32600;  ///< valid JSON, but not a valid request object
inline constexpr std::int64_t method_not_found = -32601;
inline constexpr std::int64_t invalid_params = -32602;
inline constexpr std::int64_t internal_error = -32603;
inline constexpr std::int64_t server_error = -32000;       ///< transport-level refusals (MCP SDKs: bad headers …)
inline constexpr std::int64_t session_not_found = -32001;  ///< what the MCP SDKs send with HTTP 404
}  // namespace code

/// §5.1: the error member of an error response.
struct error_object {
    std::int64_t code = 0;
    std::string message;
    std::optional<boost::json::value> data;
};

/// §4: a call that expects an answer. `id` is a string or an integer (MCP: never null).
struct request {
    boost::json::value id;
    std::string method;
    std::optional<boost::json::value> params;  ///< an object or an array when present
};

/// §4.1: a call without an id; it is never answered.
struct notification {
    std::string method;
    std::optional<boost::json::value> params;
};

/// §5: the answer to a request — `result`, or `error` (then `id` may be null: the request's id was unreadable).
struct response {
    boost::json::value id;
    boost::json::value result;  ///< null when `error` is set
    std::optional<error_object> error;

    [[nodiscard]] bool is_error() const noexcept { return error.has_value(); }
};

using message = std::variant<request, notification, response>;

/// A JSON value that is not a JSON-RPC message: the error to answer it with, and its id when one could be read
/// (null otherwise).
struct invalid_message {
    error_object error;
    boost::json::value id;
};

/// What one JSON value turned out to be.
using classified = std::variant<request, notification, response, invalid_message>;

/// §4: a request id is a string or an integer. Fractional numbers and null are refused (MCP basic/index).
[[nodiscard]] inline bool is_valid_id(boost::json::value const& id) noexcept {
    return id.is_string() || id.is_int64() || id.is_uint64();
}

namespace detail {

[[nodiscard]] inline invalid_message invalid(std::string text, boost::json::value id = nullptr) {
    return {{code::invalid_request, std::move(text), std::nullopt}, std::move(id)};
}

[[nodiscard]] inline bool only_members(boost::json::object const& o, std::initializer_list<std::string_view> allowed) {
    for (auto const& m : o) {
        bool known = false;
        for (auto a : allowed) known = known || m.key() == a;
        if (!known) return false;
    }
    return true;
}

// §5.1: {"code": integer, "message": string, "data"?: any}.
[[nodiscard]] inline std::optional<error_object> read_error_object(boost::json::value const& v) {
    auto const* o = v.if_object();
    if (o == nullptr || !only_members(*o, {"code", "message", "data"})) return std::nullopt;
    auto const* c = o->if_contains("code");
    auto const* m = o->if_contains("message");
    if (c == nullptr || !c->is_int64() || m == nullptr || !m->is_string()) return std::nullopt;
    error_object e{c->get_int64(), std::string(m->get_string()), std::nullopt};
    if (auto const* d = o->if_contains("data")) e.data = *d;
    return e;
}

}  // namespace detail

/// §4, §5: what `v` is. Anything that is not exactly a request, a notification or a response is an
/// invalid_message with -32600 (Invalid Request), carrying the id when it is readable.
[[nodiscard]] inline classified classify(boost::json::value const& v) {
    auto const* o = v.if_object();
    if (o == nullptr) return detail::invalid("Invalid Request: a JSON-RPC message is a JSON object");
    auto const* id = o->if_contains("id");
    boost::json::value const readable_id = id != nullptr && is_valid_id(*id) ? *id : boost::json::value(nullptr);
    auto const* version = o->if_contains("jsonrpc");
    if (version == nullptr || !version->is_string() || version->get_string() != "2.0")
        return detail::invalid("Invalid Request: jsonrpc must be \"2.0\"", readable_id);

    if (auto const* method = o->if_contains("method")) {
        if (!method->is_string()) return detail::invalid("Invalid Request: method must be a string", readable_id);
        if (!detail::only_members(*o, {"jsonrpc", "id", "method", "params"}))
            return detail::invalid("Invalid Request: unexpected member", readable_id);
        std::optional<boost::json::value> params;
        if (auto const* p = o->if_contains("params")) {
            if (!p->is_object() && !p->is_array())
                return detail::invalid("Invalid Request: params must be an object or an array", readable_id);
            params = *p;
        }
        if (id == nullptr) return notification{std::string(method->get_string()), std::move(params)};
        if (!is_valid_id(*id)) return detail::invalid("Invalid Request: id must be a string or an integer");
        return request{*id, std::string(method->get_string()), std::move(params)};
    }

    auto const* res = o->if_contains("result");
    auto const* err = o->if_contains("error");
    if ((res == nullptr) == (err == nullptr))
        return detail::invalid("Invalid Request: neither a request (method) nor a response (result or error)",
                               readable_id);
    if (res != nullptr) {
        if (!detail::only_members(*o, {"jsonrpc", "id", "result"}))
            return detail::invalid("Invalid Request: unexpected member", readable_id);
        if (id == nullptr || !is_valid_id(*id))
            return detail::invalid("Invalid Request: a result needs a string or integer id");
        return response{*id, *res, std::nullopt};
    }
    if (!detail::only_members(*o, {"jsonrpc", "id", "error"}))
        return detail::invalid("Invalid Request: unexpected member", readable_id);
    if (id != nullptr && !id->is_null() && !is_valid_id(*id))
        return detail::invalid("Invalid Request: id must be a string, an integer or null");
    auto e = detail::read_error_object(*err);
    if (!e) return detail::invalid("Invalid Request: error needs an integer code and a string message", readable_id);
    return response{id != nullptr ? *id : boost::json::value(nullptr), nullptr, std::move(*e)};
}

/// One JSON-RPC message from text: -32700 (Parse error) when the text is not JSON (authwire's strict parser also
/// counts duplicate member names), -32600 when it is beyond `limits` (too large, nested too deeply), otherwise
/// classify(). An array (a batch) is -32600 here; batches are the transport's business.
[[nodiscard]] inline classified parse_message(std::string_view text, json_limits const& limits = {}) {
    auto v = parse_json(text, limits);
    if (!v && (v.error() == error::malformed_json || v.error() == error::duplicate_member))
        return invalid_message{{code::parse_error, "Parse error", std::nullopt}, nullptr};
    if (!v) return detail::invalid("Invalid Request: too large or nested too deeply");
    if (v->is_array()) return detail::invalid("Invalid Request: a batch where one message was expected");
    return classify(*v);
}

// --- writing ---------------------------------------------------------------------------------------------------

[[nodiscard]] inline boost::json::object to_json(error_object const& e) {
    boost::json::object o{{"code", e.code}, {"message", e.message}};
    if (e.data) o["data"] = *e.data;
    return o;
}

[[nodiscard]] inline boost::json::object to_json(request const& r) {
    boost::json::object o{{"jsonrpc", "2.0"}, {"id", r.id}, {"method", r.method}};
    if (r.params) o["params"] = *r.params;
    return o;
}

[[nodiscard]] inline boost::json::object to_json(notification const& n) {
    boost::json::object o{{"jsonrpc", "2.0"}, {"method", n.method}};
    if (n.params) o["params"] = *n.params;
    return o;
}

[[nodiscard]] inline boost::json::object to_json(response const& r) {
    boost::json::object o{{"jsonrpc", "2.0"}, {"id", r.id}};
    if (r.error)
        o["error"] = to_json(*r.error);
    else
        o["result"] = r.result;
    return o;
}

[[nodiscard]] inline std::string serialize(message const& m) {
    return std::visit([](auto const& x) { return boost::json::serialize(to_json(x)); }, m);
}

/// A result response to the request with `id`.
[[nodiscard]] inline response make_result(boost::json::value id, boost::json::value result) {
    return {std::move(id), std::move(result), std::nullopt};
}

/// An error response to the request with `id` (null when it could not be read).
[[nodiscard]] inline response make_error(boost::json::value id, std::int64_t error_code, std::string text,
                                         std::optional<boost::json::value> data = std::nullopt) {
    return {std::move(id), nullptr, error_object{error_code, std::move(text), std::move(data)}};
}

/// The error response that answers an invalid message.
[[nodiscard]] inline response make_error(invalid_message const& m) {
    return {m.id, nullptr, m.error};
}

}  // namespace authwire::examples::jsonrpc
