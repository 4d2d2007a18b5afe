#pragma once
// authwire examples — the client side the CLI client and mcp_flow share, over any authwire::http_executor:
//
//  - client_session: an MCP session over Streamable HTTP (MCP 2025-11-25 basic/transports, basic/lifecycle,
//    server/tools): initialize (+ notifications/initialized), tools/list (every page), tools/call, ping, close.
//    Every POST sends `Content-Type: application/json` and `Accept: application/json, text/event-stream`, and
//    reads the answer as JSON or as an SSE stream (the response with the request's id; other events,
//    notifications and server requests are skipped). After initialize it sends `Mcp-Session-Id` (when the
//    server issued one) and `MCP-Protocol-Version` on every request.
//    Built for an OAuth layer on top: an authorizer hook decorates every request (e.g. `Authorization: Bearer`),
//    and an answer with a non-success HTTP status comes back as that HTTP response (401 with WWW-Authenticate,
//    403 insufficient_scope, 404 for an ended session …) — so the caller can authenticate, step up or start a
//    new session, then make the same call again.
//  - register_native_client (RFC 7591 through the registration driver) and follow_authorization_redirect (tests
//    against an auto-approving server).

#include "jsonrpc.hpp"
#include "mcp.hpp"
#include "sse.hpp"

#include <authwire/client/registration.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/token_request.hpp>

#include <boost/json/object.hpp>
#include <boost/system/error_category.hpp>
#include <boost/url/parse.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace authwire::examples::mcp {

// --- errors of the client itself ---------------------------------------------------------------------------------

/// Failures of an MCP exchange that are neither the transport's (an executor error) nor a refusal by the server
/// (a call_outcome): authwire's codes where they fit (malformed_response, unexpected_status …), and these.
enum class client_errc {
    unsupported_protocol_version = 1,  ///< the server negotiated a version this client does not speak
    no_response,                       ///< the answer held no JSON-RPC response to the request
    not_initialized,                   ///< the call needs a session: initialize() first
};

namespace detail {

class client_category_impl final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "mcp-client"; }
    std::string message(int ev) const override {
        switch (static_cast<client_errc>(ev)) {
            case client_errc::unsupported_protocol_version:
                return "the server chose an MCP protocol version we do not support";
            case client_errc::no_response:
                return "the server's answer holds no JSON-RPC response to the request";
            case client_errc::not_initialized:
                return "no MCP session: call initialize() first";
        }
        return "unknown MCP client error";
    }
};

}  // namespace detail

[[nodiscard]] inline boost::system::error_category const& client_category() noexcept {
    static detail::client_category_impl const instance;
    return instance;
}

[[nodiscard]] inline error_code make_error_code(client_errc e) noexcept {
    return {static_cast<int>(e), client_category()};
}

inline std::ostream& operator<<(std::ostream& os, client_errc e) {
    return os << make_error_code(e).message();
}

}  // namespace authwire::examples::mcp

template <>
struct boost::system::is_error_code_enum<authwire::examples::mcp::client_errc> : std::true_type {};

namespace authwire::examples::mcp {

// --- what a call returns ---------------------------------------------------------------------------------------

/// The answer to one MCP call that reached the server: its result (T), the JSON-RPC error it answered with, or —
/// when the HTTP status was not a success — the HTTP response itself.
template <class T>
struct call_outcome {
    std::variant<T, jsonrpc::error_object, http_response> value;
    bool sent_session_id = false;  ///< the request carried Mcp-Session-Id (so a 404 means the session ended)

    [[nodiscard]] bool ok() const noexcept { return value.index() == 0; }
    [[nodiscard]] T& result() { return std::get<0>(value); }
    [[nodiscard]] T const& result() const { return std::get<0>(value); }
    /// The JSON-RPC error the server answered with (-32601, -32602 …).
    [[nodiscard]] jsonrpc::error_object const* rpc_error() const noexcept { return std::get_if<1>(&value); }
    /// The HTTP response of an exchange the server refused (any status but the expected success).
    [[nodiscard]] http_response const* http_refusal() const noexcept { return std::get_if<2>(&value); }
    /// The refusal's HTTP status, 0 when the server answered at the JSON-RPC level.
    [[nodiscard]] unsigned status() const noexcept { return http_refusal() != nullptr ? http_refusal()->status : 0; }
    /// RFC 6750 §3.1: authenticate (again), then call again.
    [[nodiscard]] bool unauthorized() const noexcept { return status() == 401; }
    /// RFC 6750 §3.1: typically insufficient_scope (see WWW-Authenticate): step up, then call again.
    [[nodiscard]] bool forbidden() const noexcept { return status() == 403; }
    /// transports §Session Management: a 404 to a request with a session id — the session has ended (the
    /// client_session already forgot it): initialize() again, then call again.
    [[nodiscard]] bool session_expired() const noexcept { return sent_session_id && status() == 404; }

    /// One line for people: "ok", "HTTP 401", "JSON-RPC error -32602: Unknown tool: x".
    [[nodiscard]] std::string describe() const {
        if (ok()) return "ok";
        if (auto const* e = rpc_error()) return "JSON-RPC error " + std::to_string(e->code) + ": " + e->message;
        return "HTTP " + std::to_string(status());
    }
};

/// lifecycle §Initialization: what the server said about itself.
struct initialize_result {
    std::string protocol_version;  ///< the negotiated version
    boost::json::object capabilities;
    implementation server_info;
    std::string instructions;
};

/// How the client presents itself and what it bounds.
struct client_options {
    implementation client_info{"authwire-example-client", "0.1.0", {}};
    std::string protocol_version = std::string(latest_protocol_version);  ///< asked for in initialize
    std::size_t max_pages = 16;                                           ///< tools/list pages followed
    json_limits limits{};
    sse::limits stream_limits{};
};

/// One MCP session with the server at `endpoint` ("https://mcp.example/mcp"). The executor is passed to each call
/// (any http_executor). Not thread-safe.
class client_session {
public:
    /// Called on every request just before it is sent, to add credentials; a failure aborts the call.
    using authorizer = std::function<result<void>(http_request&)>;

    explicit client_session(std::string endpoint, client_options options = {})
        : endpoint_(std::move(endpoint)), options_(std::move(options)) {}

    /// Decorate every request from now on (the next call uses it: set it, then repeat the call that was refused).
    void set_authorizer(authorizer a) { authorizer_ = std::move(a); }

    /// RFC 6750 §2.1: send `Authorization: Bearer <token>` from now on (empty: no Authorization).
    void set_bearer_token(secret token) {
        if (token.empty()) {
            authorizer_ = nullptr;
            return;
        }
        authorizer_ = [t = std::move(token)](http_request& r) { return oauth::set_bearer_token(r, t); };
    }

    /// lifecycle §Initialization: `initialize` (protocolVersion, empty capabilities, clientInfo), the version the
    /// server chose checked, its Mcp-Session-Id kept; then `notifications/initialized`. If the notification is
    /// refused (e.g. 401), call initialize() again after authenticating: only the notification is sent again.
    /// Once the session is ready, returns the same result without a request.
    template <http_executor E>
    [[nodiscard]] result<call_outcome<initialize_result>> initialize(E& executor) {
        if (!server_) {
            boost::json::object params{{"protocolVersion", options_.protocol_version},
                                       {"capabilities", boost::json::object{}},
                                       {"clientInfo", options_.client_info.to_json()}};
            auto http = send_request(executor, "initialize", std::move(params));
            if (!http) return http.error();
            auto read = read_reply<initialize_result>(http->first, http->second,
                                                      [](boost::json::value const& v) { return read_initialize(v); });
            if (!read || !read->ok()) return read;
            auto session_id = http->first.header(session_id_header);
            if (session_id && !is_valid_session_id(*session_id)) return error::malformed_header;
            session_id_ = session_id ? std::optional<std::string>(*session_id) : std::nullopt;
            server_ = std::move(read->result());
        }
        if (!ready_) {
            auto note = notify(executor, "notifications/initialized");
            if (!note) return note.error();
            if (!note->ok()) return refusal<initialize_result>(std::move(*note));
            ready_ = true;
        }
        return call_outcome<initialize_result>{*server_, last_had_session_};
    }

    /// server/tools §Listing Tools: every tool, following nextCursor (at most max_pages pages, then
    /// error::input_too_large).
    template <http_executor E>
    [[nodiscard]] result<call_outcome<std::vector<tool_description>>> list_tools(E& executor) {
        if (!ready_) return client_errc::not_initialized;
        std::vector<tool_description> tools;
        std::optional<std::string> cursor;
        for (std::size_t page = 0; page < options_.max_pages; ++page) {
            boost::json::object params;
            if (cursor) params["cursor"] = *cursor;
            auto answer = call(executor, "tools/list", std::move(params));
            if (!answer) return answer.error();
            if (!answer->ok()) return refusal<std::vector<tool_description>>(std::move(*answer));
            auto const* o = answer->result().if_object();
            auto const* list = o != nullptr ? o->if_contains("tools") : nullptr;
            if (list == nullptr || !list->is_array()) return error::malformed_response;
            for (auto const& t : list->get_array()) {
                auto d = tool_description::from_json(t);
                if (!d) return error::malformed_response;
                tools.push_back(std::move(*d));
            }
            auto const* next = o->if_contains("nextCursor");
            if (next == nullptr || next->is_null())
                return call_outcome<std::vector<tool_description>>{std::move(tools), answer->sent_session_id};
            if (!next->is_string()) return error::malformed_response;
            cursor = std::string(next->get_string());
        }
        return error::input_too_large;
    }

    /// server/tools §Calling Tools: the tool's result (content items, isError). A tool that failed is a result
    /// with is_error; an unknown tool or bad arguments is usually a JSON-RPC error (-32602).
    template <http_executor E>
    [[nodiscard]] result<call_outcome<tool_result>> call_tool(E& executor, std::string_view name,
                                                              boost::json::object arguments = {}) {
        if (!ready_) return client_errc::not_initialized;
        auto answer =
            call(executor, "tools/call", boost::json::object{{"name", name}, {"arguments", std::move(arguments)}});
        if (!answer) return answer.error();
        if (!answer->ok()) return refusal<tool_result>(std::move(*answer));
        auto r = tool_result::from_json(answer->result());
        if (!r) return error::malformed_response;
        return call_outcome<tool_result>{std::move(*r), answer->sent_session_id};
    }

    /// basic/utilities/ping: an empty result (allowed before initialization too).
    template <http_executor E>
    [[nodiscard]] result<call_outcome<std::monostate>> ping(E& executor) {
        auto answer = call(executor, "ping");
        if (!answer) return answer.error();
        if (!answer->ok()) return refusal<std::monostate>(std::move(*answer));
        return call_outcome<std::monostate>{std::monostate{}, answer->sent_session_id};
    }

    /// Any request: its JSON-RPC result as sent.
    template <http_executor E>
    [[nodiscard]] result<call_outcome<boost::json::value>> call(E& executor, std::string_view method,
                                                                std::optional<boost::json::object> params = {}) {
        auto http = send_request(executor, method, std::move(params));
        if (!http) return http.error();
        return read_reply<boost::json::value>(
            http->first, http->second, [](boost::json::value const& v) -> result<boost::json::value> { return v; });
    }

    /// Any notification: accepted on any 2xx (202 is what servers send).
    template <http_executor E>
    [[nodiscard]] result<call_outcome<std::monostate>> notify(E& executor, std::string_view method,
                                                              std::optional<boost::json::object> params = {}) {
        auto req = make_post(jsonrpc::notification{std::string(method), to_params(std::move(params))});
        if (!req) return req.error();
        auto resp = send(executor, *req);
        if (!resp) return resp.error();
        if (resp->status < 200 || resp->status > 299) return refused<std::monostate>(std::move(*resp));
        return call_outcome<std::monostate>{std::monostate{}, last_had_session_};
    }

    /// transports §Session Management: end the session with `DELETE` (when the server issued an id) and forget it.
    /// A 405 (the server does not let clients end sessions) or 404 (already ended) counts as done too.
    template <http_executor E>
    [[nodiscard]] result<call_outcome<std::monostate>> close(E& executor) {
        bool const had_id = session_id_.has_value();
        if (had_id) {
            auto req = make_http("DELETE");
            if (!req) return req.error();
            auto resp = send(executor, *req);
            if (!resp) return resp.error();
            auto const s = resp->status;
            if ((s < 200 || s > 299) && s != 404 && s != 405) return refused<std::monostate>(std::move(*resp));
        }
        reset();
        return call_outcome<std::monostate>{std::monostate{}, had_id};
    }

    /// Forget the session (after a 404 it is already forgotten): the next initialize() starts a new one.
    void reset() noexcept {
        session_id_.reset();
        server_.reset();
        ready_ = false;
    }

    [[nodiscard]] bool ready() const noexcept { return ready_; }
    [[nodiscard]] std::optional<std::string> const& session_id() const noexcept { return session_id_; }
    /// The negotiated version ("" before initialize).
    [[nodiscard]] std::string_view protocol_version() const noexcept {
        return server_ ? std::string_view(server_->protocol_version) : std::string_view{};
    }
    [[nodiscard]] std::optional<initialize_result> const& server() const noexcept { return server_; }
    [[nodiscard]] std::string const& endpoint() const noexcept { return endpoint_; }

private:
    [[nodiscard]] static std::optional<boost::json::value> to_params(std::optional<boost::json::object> params) {
        if (!params) return std::nullopt;
        return boost::json::value(std::move(*params));
    }

    // An HTTP request to the endpoint with the session's headers (not yet authorized).
    [[nodiscard]] result<http_request> make_http(std::string method) const {
        auto url = boost::urls::parse_absolute_uri(endpoint_);
        if (!url) return error::invalid_url;
        http_request req;
        req.method = std::move(method);
        req.url = *url;
        req.headers.append("Accept", "application/json, text/event-stream");
        if (session_id_) req.headers.append(session_id_header, *session_id_);
        if (server_) req.headers.append(protocol_version_header, server_->protocol_version);
        return req;
    }

    [[nodiscard]] result<http_request> make_post(jsonrpc::message const& m) const {
        auto req = make_http("POST");
        if (!req) return req;
        req->headers.append("Content-Type", "application/json");
        req->body = jsonrpc::serialize(m);
        return req;
    }

    // Authorize and send; a 404 to a request that carried the session id ends the session here.
    template <http_executor E>
    [[nodiscard]] result<http_response> send(E& executor, http_request& req) {
        if (authorizer_)
            if (auto a = authorizer_(req); !a) return a.error();
        last_had_session_ = req.headers.contains(session_id_header);
        result<http_response> resp = executor(std::as_const(req));
        if (resp && resp->status == 404 && req.headers.contains(session_id_header)) reset();
        return resp;
    }

    // A request with a fresh id: the response and that id.
    template <http_executor E>
    [[nodiscard]] result<std::pair<http_response, boost::json::value>> send_request(
        E& executor, std::string_view method, std::optional<boost::json::object> params) {
        boost::json::value id(next_id_++);
        auto req = make_post(jsonrpc::request{id, std::string(method), to_params(std::move(params))});
        if (!req) return req.error();
        auto resp = send(executor, *req);
        if (!resp) return resp.error();
        return std::pair{std::move(*resp), std::move(id)};
    }

    template <class T>
    [[nodiscard]] call_outcome<T> refused(http_response resp) const {
        return call_outcome<T>{std::move(resp), last_had_session_};
    }

    template <class T, class U>
    [[nodiscard]] static call_outcome<T> refusal(call_outcome<U>&& o) {
        if (auto* e = std::get_if<1>(&o.value)) return {std::move(*e), o.sent_session_id};
        return {std::move(std::get<2>(o.value)), o.sent_session_id};
    }

    // The answer to the request `id`: a refusal (non-2xx), or the JSON-RPC response read from a JSON body or an
    // SSE stream, its result turned into T by `read`.
    template <class T, class Read>
    [[nodiscard]] result<call_outcome<T>> read_reply(http_response const& resp, boost::json::value const& id,
                                                     Read read) {
        if (resp.status < 200 || resp.status > 299) return refused<T>(resp);
        if (resp.status != 200) return error::unexpected_status;
        auto answer = find_response(resp, id);
        if (!answer) return answer.error();
        if (answer->error) return call_outcome<T>{std::move(*answer->error), last_had_session_};
        result<T> value = read(answer->result);
        if (!value) return value.error();
        return call_outcome<T>{std::move(*value), last_had_session_};
    }

    // transports §Sending Messages 5: the body is one JSON object (application/json) or an SSE stream whose
    // "message" events carry JSON-RPC messages; the response whose id is ours is the answer.
    [[nodiscard]] result<jsonrpc::response> find_response(http_response const& resp,
                                                          boost::json::value const& id) const {
        auto const type = resp.content_type();
        auto match = [&](boost::json::value const& v) -> std::optional<jsonrpc::response> {
            auto c = jsonrpc::classify(v);
            if (auto* r = std::get_if<jsonrpc::response>(&c); r != nullptr && r->id == id) return std::move(*r);
            return std::nullopt;
        };
        auto search = [&](boost::json::value const& v) -> std::optional<jsonrpc::response> {
            if (!v.is_array()) return match(v);
            for (auto const& element : v.get_array())  // a 2025-03-26 batch of responses
                if (auto r = match(element)) return r;
            return std::nullopt;
        };
        if (type == "application/json") {
            auto v = parse_json(resp.body, options_.limits);
            if (!v) return v.error();
            if (auto r = search(*v)) return std::move(*r);
            return client_errc::no_response;
        }
        if (type != "text/event-stream") return error::unexpected_content_type;
        auto events = sse::parse(resp.body, options_.stream_limits);
        if (!events) return events.error();
        for (auto const& e : *events) {
            if (e.type != "message" || e.data.empty()) continue;  // other event types, priming events
            auto v = parse_json(e.data, options_.limits);
            if (!v) return v.error();
            if (auto r = search(*v)) return std::move(*r);
        }
        return client_errc::no_response;
    }

    [[nodiscard]] static result<initialize_result> read_initialize(boost::json::value const& v) {
        auto const* o = v.if_object();
        if (o == nullptr) return error::malformed_response;
        auto const* version = o->if_contains("protocolVersion");
        auto const* capabilities = o->if_contains("capabilities");
        auto const* info = o->if_contains("serverInfo");
        if (version == nullptr || !version->is_string() || capabilities == nullptr || !capabilities->is_object() ||
            info == nullptr)
            return error::malformed_response;
        if (!is_supported_protocol_version(version->get_string())) return client_errc::unsupported_protocol_version;
        auto server_info = implementation::from_json(*info);
        if (!server_info) return error::malformed_response;
        initialize_result r{
            std::string(version->get_string()), capabilities->get_object(), std::move(*server_info), {}};
        if (auto const* i = o->if_contains("instructions"); i != nullptr && i->is_string())
            r.instructions = i->get_string();
        return r;
    }

    std::string endpoint_;
    client_options options_;
    authorizer authorizer_;
    std::optional<std::string> session_id_;
    std::optional<initialize_result> server_;  // set once initialize succeeded
    bool ready_ = false;                       // and notifications/initialized was accepted
    bool last_had_session_ = false;            // the last request sent carried Mcp-Session-Id
    std::int64_t next_id_ = 1;
};

// --- OAuth helpers the CLI and mcp_flow share ---------------------------------------------------------------------

/// RFC 7591 §3.1, RFC 8252 §8.4: register a native app — a public client (token_endpoint_auth_method "none")
/// using the authorization code grant with refresh tokens, at `as.registration_endpoint`.
template <http_executor E>
[[nodiscard]] outcome<oauth::client_information> register_native_client(E& executor,
                                                                        oauth::authorization_server_metadata const& as,
                                                                        std::string const& redirect_uri,
                                                                        std::string const& client_name) {
    oauth::client_metadata base;
    base.redirect_uris = {redirect_uri};
    base.client_name = client_name;
    base.token_endpoint_auth_method = "none";  // RFC 8252 §8.4: a native app is a public client
    auto m = client::registration_metadata_for(as, std::move(base));  // application_type, grant and response types
    if (!m) return failure(m.error());
    return client::register_client(executor, as, *m);
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

}  // namespace authwire::examples::mcp
