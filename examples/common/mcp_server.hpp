#pragma once
// authwire examples — an MCP server endpoint over Streamable HTTP (MCP 2025-11-25 basic/transports,
// basic/lifecycle, basic/index, server/tools; also 2025-06-18 and 2025-03-26) with a registry of tools. Sans-IO
// like authwire's own endpoints: handle() takes the request, who sent it (the application authenticates first —
// the demo validates a Bearer token) and the time, and returns the complete response. Thread-safe once the tools are
// added: the session map is under a mutex (held only to look a session up or change it, never while a tool runs).
//
// What it answers, in the order it checks (decisions marked ▸):
//  1. Host and Origin (transports §Security Warning, DNS rebinding): a Host outside the allowed authorities, or
//     an Origin present and outside the allowed origins → 403 with a JSON-RPC error body without id.
//     ▸ Allowed by default: the server's own origin, and when it is on loopback the same port on localhost,
//       127.0.0.1 and [::1]; more can be configured. Comparison is on (scheme,) host and port, the port made
//       explicit, the host lower-cased.
//  2. The method: POST carries messages, DELETE ends a session; GET and everything else → 405,
//     `Allow: POST, DELETE` ▸ we offer no server-initiated SSE stream (a server MAY refuse GET so).
//  3. POST: `Accept` must admit both application/json and text/event-stream → else 406 ▸ read as RFC 9110 media
//     ranges (a wildcard admits, q=0 excludes; absent is refused) — what the MCP TypeScript SDK client sends
//     passes, as it does the SDK server's own (substring) test. `Content-Type` must be application/json → else
//     415. Replies are always application/json ▸ SSE replies are optional for servers; we do not stream.
//  4. The body: not JSON → 400 with -32700 (and only then) ▸ authwire's strict parser also counts duplicate
//     member names as not JSON; nested deeper than its limit → 400 -32600; too large → 413. Valid JSON that is
//     not a JSON-RPC message → 400 with -32600 (the id echoed when it was readable).
//  5. `initialize` (lifecycle §Initialization) must come without Mcp-Session-Id (→ 400 otherwise). Its params need
//     protocolVersion, capabilities and clientInfo (→ -32602). A supported version is echoed, any other gets the
//     latest. The reply carries a new session's id in `Mcp-Session-Id` (256 random bits, base64url).
//  6. Sessions (transports §Session Management): every other message needs Mcp-Session-Id (→ 400; ▸ except a
//     `ping`, which lifecycle allows before initialization). An unknown, ended, idle-expired id, or one presented
//     by another subject or client than the one that opened it → 404. DELETE with the id ends the session (204).
//     ▸ At most `max_sessions` live at once: the least recently used is evicted for a new one.
//  7. `MCP-Protocol-Version` (transports §Protocol Version Header): when present it must be a supported version
//     and the session's → else 400. ▸ When absent, the session's negotiated version applies; without a session,
//     2025-03-26 (the spec's fallback). Not checked on `initialize`, whose params negotiate.
//  8. Notifications (notifications/initialized and any other) and JSON-RPC responses posted by the client → 202,
//     no body. ▸ Requests are answered once initialize was, without waiting for notifications/initialized (the
//     SDK servers do the same; lifecycle only asks the server not to send requests of its own before it).
//  9. Batches (a JSON array) only when the version in force is 2025-03-26 (removed in 2025-06-18) → else 400 with
//     -32600. An empty batch → 400 -32600; `initialize` inside one → -32600 for that element; only notifications
//     and responses → 202; otherwise 200 with the array of responses.
// 10. Requests: `ping` → {}; `tools/list` → every tool on one page, no nextCursor ▸ a `cursor` is never valid here
//     (we issue none) → -32602 (server/utilities/pagination); `tools/call` → the tool's result; an unknown tool or
//     malformed params → -32602. Arguments that break the tool's inputSchema → -32602 under 2025-06-18 and
//     2025-03-26, and ▸ a result with isError under 2025-11-25, which moved input validation errors to tool
//     execution errors (SEP-1303) as the TypeScript SDK does. A tool that fails on valid input → a result with
//     isError and a text item; a tool that throws → -32603. Any other method → -32601.

#include "json_schema.hpp"
#include "jsonrpc.hpp"
#include "mcp.hpp"

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/random.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace authwire::examples::mcp {

/// Who sends a session's requests, as the application authenticated them (the demo: the Bearer token's subject
/// and client). A session answers only the principal that opened it.
struct principal {
    std::string subject;
    std::string client_id;
    friend bool operator==(principal const&, principal const&) = default;
};

/// What a tool sees of the call.
struct tool_context {
    principal const& caller;
    std::string_view protocol_version;
};

/// A tool's code: valid arguments (they passed the inputSchema) in, a result out — `tool_result::error_result`
/// when it fails on valid input. Throwing is a server error (-32603).
using tool_handler = std::function<tool_result(boost::json::object const& arguments, tool_context const& context)>;

/// One entry of the registry.
struct tool {
    tool_description description;
    tool_handler handler;
};

namespace detail {

[[nodiscard]] inline std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

[[nodiscard]] inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

// "host:port", host lower-cased, port explicit (`default_port` when absent); nullopt for anything that is not a
// plain host[:port] (userinfo, percent-encoding, an empty host or port).
[[nodiscard]] inline std::optional<std::string> normalize_authority(boost::urls::authority_view a,
                                                                    std::uint16_t default_port) {
    if (a.has_userinfo() || a.encoded_host().empty() || a.encoded_host().find('%') != std::string_view::npos)
        return std::nullopt;
    std::uint16_t port = default_port;
    if (a.has_port()) {
        if (a.port().empty() || a.port_number() == 0) return std::nullopt;
        port = a.port_number();
    }
    return lower(a.encoded_host()) + ":" + std::to_string(port);
}

[[nodiscard]] inline std::optional<std::string> normalize_host(std::string_view host, std::uint16_t default_port) {
    auto a = boost::urls::parse_authority(host);
    if (!a) return std::nullopt;
    return normalize_authority(*a, default_port);
}

[[nodiscard]] inline std::uint16_t default_port_of(std::string_view scheme) noexcept {
    return scheme == "https" ? 443 : 80;
}

// An origin (RFC 6454 §6.2) "scheme://host[:port]" → "scheme://host:port"; nullopt for anything else ("null",
// a path, a query, userinfo, a scheme other than http/https).
[[nodiscard]] inline std::optional<std::string> normalize_origin(std::string_view origin) {
    auto u = boost::urls::parse_absolute_uri(origin);
    if (!u || !u->has_authority() || !u->encoded_path().empty() || u->has_query() || u->has_fragment())
        return std::nullopt;
    auto const scheme = lower(u->scheme());
    if (scheme != "http" && scheme != "https") return std::nullopt;
    auto authority = normalize_authority(u->authority(), default_port_of(scheme));
    if (!authority) return std::nullopt;
    return scheme + "://" + *authority;
}

[[nodiscard]] inline bool is_loopback(boost::urls::authority_view a) {
    switch (a.host_type()) {
        case boost::urls::host_type::ipv4:
            return a.host_ipv4_address().is_loopback();
        case boost::urls::host_type::ipv6:
            return a.host_ipv6_address().is_loopback();
        case boost::urls::host_type::name:
            return lower(a.encoded_host()) == "localhost";
        default:
            return false;
    }
}

// RFC 9110 §12.5.1: the Accept value admits `type` when its most specific matching range ("type/subtype", then
// "type/*", then "*/*") does not have q=0.
[[nodiscard]] inline bool accepts(std::string_view accept, std::string_view type) {
    int best = 0;  // specificity of the best match so far: 3 exact, 2 type/*, 1 */*
    bool admitted = false;
    auto const slash = type.find('/');
    while (!accept.empty()) {
        auto const comma = accept.find(',');
        auto const item = accept.substr(0, comma);
        accept = comma == std::string_view::npos ? std::string_view{} : accept.substr(comma + 1);
        auto const range = media_type(item);
        int specificity = 0;
        if (range == type)
            specificity = 3;
        else if (range.size() == slash + 2 && range.compare(0, slash + 1, type.substr(0, slash + 1)) == 0 &&
                 range.back() == '*')
            specificity = 2;
        else if (range == "*/*")
            specificity = 1;
        if (specificity <= best) continue;
        best = specificity;
        bool zero = false;
        for (auto params = item.substr(std::min(item.find(';'), item.size())); !params.empty();) {
            params.remove_prefix(1);  // the ';'
            auto const next = params.find(';');
            auto const p = trim(params.substr(0, next));
            params = next == std::string_view::npos ? std::string_view{} : params.substr(next);
            if (p.size() < 2 || (p[0] != 'q' && p[0] != 'Q') || p[1] != '=') continue;
            auto const q = p.substr(2);
            zero = !q.empty() && q.find_first_not_of("0.") == std::string_view::npos;
        }
        admitted = !zero;
    }
    return admitted;
}

}  // namespace detail

/// DNS-rebinding protection (transports §Security Warning): the Host authorities and Origins the endpoint serves.
class origin_guard {
public:
    /// For a server at `origin` ("http://127.0.0.1:8080", "https://mcp.example"): its own authority and origin,
    /// their loopback equivalents (localhost, 127.0.0.1, [::1] on the same port) when the origin is on loopback,
    /// and `extra_hosts` ("name[:port]", the port defaulting to the origin scheme's) and `extra_origins`
    /// ("scheme://name[:port]"). error::invalid_argument when one of them does not parse.
    [[nodiscard]] static result<origin_guard> for_origin(std::string_view origin,
                                                         std::vector<std::string> const& extra_hosts = {},
                                                         std::vector<std::string> const& extra_origins = {}) {
        auto u = boost::urls::parse_absolute_uri(origin);
        auto own = detail::normalize_origin(origin);
        if (!u || !own) return error::invalid_argument;
        origin_guard g;
        g.scheme_ = detail::lower(u->scheme());
        auto const port = detail::default_port_of(g.scheme_);
        g.origins_.insert(*own);
        g.hosts_.insert(own->substr(g.scheme_.size() + 3));
        if (detail::is_loopback(u->authority())) {
            auto const p = u->has_port() ? std::string(u->port()) : std::to_string(port);
            for (std::string_view h : {"localhost", "127.0.0.1", "[::1]"}) {
                g.hosts_.insert(std::string(h) + ":" + p);
                g.origins_.insert(g.scheme_ + "://" + std::string(h) + ":" + p);
            }
        }
        for (auto const& h : extra_hosts) {
            auto n = detail::normalize_host(h, port);
            if (!n) return error::invalid_argument;
            g.hosts_.insert(*n);
        }
        for (auto const& o : extra_origins) {
            auto n = detail::normalize_origin(o);
            if (!n) return error::invalid_argument;
            g.origins_.insert(*n);
        }
        return g;
    }

    /// Is `host` (a Host header value) one of ours?
    [[nodiscard]] bool allows_host(std::string_view host) const {
        auto n = detail::normalize_host(host, detail::default_port_of(scheme_));
        return n && hosts_.contains(*n);
    }

    /// Is `origin` (an Origin header value) one of ours?
    [[nodiscard]] bool allows_origin(std::string_view origin) const {
        auto n = detail::normalize_origin(origin);
        return n && origins_.contains(*n);
    }

    /// Why `req` must be refused ("" when it may pass): exactly one allowed Host, and no Origin or one allowed.
    [[nodiscard]] std::string refusal(http_request const& req) const {
        if (req.headers.count("Host") != 1 || !allows_host(*req.header("Host")))
            return "Forbidden: invalid Host header";
        auto const origins = req.headers.count("Origin");
        if (origins > 1 || (origins == 1 && !allows_origin(*req.header("Origin"))))
            return "Forbidden: invalid Origin header";
        return {};
    }

    [[nodiscard]] std::set<std::string> const& hosts() const noexcept { return hosts_; }
    [[nodiscard]] std::set<std::string> const& origins() const noexcept { return origins_; }

private:
    std::string scheme_;
    std::set<std::string> hosts_;
    std::set<std::string> origins_;
};

/// How the endpoint presents itself and what it bounds.
struct server_options {
    implementation info{"authwire-example-server", "0.1.0", {}};  ///< serverInfo
    std::string instructions;                                     ///< sent in the initialize result when not empty
    std::size_t max_sessions = 1000;                              ///< the least recently used is evicted beyond
    std::chrono::seconds idle_timeout = std::chrono::hours(1);    ///< a session unused this long has ended
    std::size_t max_batch = 64;                                   ///< messages in one 2025-03-26 batch
    json_limits limits{};                                         ///< for request bodies
    random_source rng{};                                          ///< for session ids
};

/// The MCP endpoint: tools, sessions, and handle().
class server {
public:
    using time_point = std::chrono::system_clock::time_point;

    server(server_options options, origin_guard guard) : options_(std::move(options)), guard_(std::move(guard)) {}

    /// Register a tool (server/tools §Tool Names: 1–128 of A–Z a–z 0–9 _ - .; unique) — error::invalid_argument
    /// otherwise. `tools/list` lists them in registration order.
    [[nodiscard]] result<void> add_tool(tool t) {
        auto const& name = t.description.name;
        if (name.empty() || name.size() > 128 ||
            name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                   "0123456789_-.") != std::string::npos ||
            find_tool(name) != nullptr || !t.handler)
            return error::invalid_argument;
        tools_.push_back(std::move(t));
        return {};
    }

    /// The DNS-rebinding check alone (step 1), for applications that want it before their own authentication:
    /// the 403 to send, or nullopt.
    [[nodiscard]] std::optional<http_response> check_origin(http_request const& req) const {
        auto why = guard_.refusal(req);
        if (why.empty()) return std::nullopt;
        return transport_error(403, jsonrpc::code::server_error, std::move(why));
    }

    /// Answer one HTTP request to the MCP endpoint from `caller` at `now` (see the top of this file).
    [[nodiscard]] http_response handle(http_request const& req, principal const& caller, time_point now) {
        if (auto refused = check_origin(req)) return *refused;
        if (req.method == "POST") return post(req, caller, now);
        if (req.method == "DELETE") return end_session(req, caller, now);
        auto r = transport_error(405, jsonrpc::code::server_error, "Method not allowed");
        r.headers.append("Allow", "POST, DELETE");
        return r;
    }

    /// Forget the sessions idle for idle_timeout at `now` (they would be refused anyway). Returns how many.
    std::size_t purge(time_point now) {
        std::lock_guard lock(sessions_mutex_);
        return std::erase_if(sessions_, [&](auto const& e) { return now - e.second.last_used >= options_.idle_timeout; });
    }

    [[nodiscard]] std::size_t session_count() const {
        std::lock_guard lock(sessions_mutex_);
        return sessions_.size();
    }
    [[nodiscard]] origin_guard const& guard() const noexcept { return guard_; }

private:
    struct session {
        principal owner;
        std::string protocol_version;
        time_point last_used;
    };

    // The session a request names, checked (steps 6 and 7); `found` is null when it names none.
    struct session_check {
        session* found = nullptr;
        std::string version;
        std::optional<http_response> refusal;
    };

    // --- HTTP -----------------------------------------------------------------------------------------------------

    [[nodiscard]] static http_response json_reply(unsigned status, boost::json::value const& body) {
        http_response r;
        r.status = status;
        r.headers.append("Content-Type", "application/json");
        r.headers.append("Cache-Control", "no-store");
        r.body = boost::json::serialize(body);
        return r;
    }

    // transports: an HTTP error status whose body MAY be a JSON-RPC error response without id.
    [[nodiscard]] static http_response transport_error(unsigned status, std::int64_t code, std::string message) {
        return json_reply(status, jsonrpc::to_json(jsonrpc::make_error(nullptr, code, std::move(message))));
    }

    [[nodiscard]] static http_response session_required() {
        return transport_error(400, jsonrpc::code::server_error, "Bad Request: Mcp-Session-Id header is required");
    }

    [[nodiscard]] static http_response accepted() {
        http_response r;
        r.status = 202;
        return r;
    }

    http_response post(http_request const& req, principal const& caller, time_point now) {
        auto const accept = req.header("Accept").value_or("");
        if (!detail::accepts(accept, "application/json") || !detail::accepts(accept, "text/event-stream"))
            return transport_error(406, jsonrpc::code::server_error,
                                   "Not Acceptable: the client must accept application/json and text/event-stream");
        if (media_type(req.header("Content-Type").value_or("")) != "application/json")
            return transport_error(415, jsonrpc::code::server_error,
                                   "Unsupported Media Type: Content-Type must be application/json");
        auto body = parse_json(req.body, options_.limits);
        if (!body) {
            if (body.error() == error::input_too_large)
                return transport_error(413, jsonrpc::code::invalid_request, "Request too large");
            if (body.error() == error::nesting_too_deep)
                return transport_error(400, jsonrpc::code::invalid_request, "Invalid Request: nested too deeply");
            return transport_error(400, jsonrpc::code::parse_error, "Parse error");
        }
        if (body->is_array()) return batch(req, body->get_array(), caller, now);

        auto message = jsonrpc::classify(*body);
        if (auto const* bad = std::get_if<jsonrpc::invalid_message>(&message))
            return json_reply(400, jsonrpc::to_json(jsonrpc::make_error(*bad)));
        auto const* call = std::get_if<jsonrpc::request>(&message);
        if (call != nullptr && call->method == "initialize") return initialize(req, *call, caller, now);

        auto s = check_session(req, caller, now);
        if (s.refusal) return std::move(*s.refusal);
        if (call == nullptr)
            return s.found != nullptr ? accepted() : session_required();  // a notification or a response
        if (s.found == nullptr && call->method != "ping") return session_required();
        return json_reply(200, jsonrpc::to_json(dispatch(*call, caller, s.version)));
    }

    // lifecycle §Initialization, §Version Negotiation; transports §Session Management.
    http_response initialize(http_request const& req, jsonrpc::request const& call, principal const& caller,
                             time_point now) {
        if (req.headers.contains(session_id_header))
            return transport_error(400, jsonrpc::code::invalid_request,
                                   "Invalid Request: initialize starts a new session; send it without Mcp-Session-Id");
        auto const* params = call.params ? call.params->if_object() : nullptr;
        auto const* requested = params != nullptr ? params->if_contains("protocolVersion") : nullptr;
        auto const* capabilities = params != nullptr ? params->if_contains("capabilities") : nullptr;
        auto const* client = params != nullptr ? params->if_contains("clientInfo") : nullptr;
        if (requested == nullptr || !requested->is_string() || capabilities == nullptr || !capabilities->is_object() ||
            client == nullptr || !implementation::from_json(*client))
            return json_reply(200,
                              jsonrpc::to_json(jsonrpc::make_error(
                                  call.id, jsonrpc::code::invalid_params,
                                  "Invalid params: initialize needs protocolVersion, capabilities and clientInfo")));
        std::string_view const asked = requested->get_string();
        std::string const version(is_supported_protocol_version(asked) ? asked : latest_protocol_version);
        auto id = random_token(32, options_.rng);
        if (!id) return transport_error(500, jsonrpc::code::internal_error, "Internal error");
        {
            std::lock_guard lock(sessions_mutex_);
            make_room(now);
            sessions_.insert_or_assign(*id, session{caller, version, now});
        }

        boost::json::object result{
            {"protocolVersion", version},
            {"capabilities", boost::json::object{{"tools", boost::json::object{{"listChanged", false}}}}},
            {"serverInfo", options_.info.to_json()}};
        if (!options_.instructions.empty()) result["instructions"] = options_.instructions;
        auto r = json_reply(200, jsonrpc::to_json(jsonrpc::make_result(call.id, std::move(result))));
        r.headers.append(session_id_header, *id);
        return r;
    }

    // 2025-03-26 basic/index §Batching, basic/transports §Sending Messages (removed in 2025-06-18).
    http_response batch(http_request const& req, boost::json::array const& messages, principal const& caller,
                        time_point now) {
        auto s = check_session(req, caller, now);
        if (s.refusal) return std::move(*s.refusal);
        if (s.version != batching_protocol_version)
            return transport_error(400, jsonrpc::code::invalid_request,
                                   "Invalid Request: JSON-RPC batches exist only in protocol version 2025-03-26");
        if (messages.empty())
            return transport_error(400, jsonrpc::code::invalid_request, "Invalid Request: empty batch");
        if (messages.size() > options_.max_batch)
            return transport_error(400, jsonrpc::code::invalid_request,
                                   "Invalid Request: too many messages in a batch");
        if (s.found == nullptr) return session_required();
        boost::json::array replies;
        for (auto const& m : messages) {
            auto message = jsonrpc::classify(m);
            if (auto const* bad = std::get_if<jsonrpc::invalid_message>(&message))
                replies.push_back(jsonrpc::to_json(jsonrpc::make_error(*bad)));
            else if (auto const* call = std::get_if<jsonrpc::request>(&message))
                replies.push_back(jsonrpc::to_json(dispatch(*call, caller, s.version)));
        }
        if (replies.empty()) return accepted();
        return json_reply(200, replies);
    }

    // transports §Session Management: DELETE with the session id ends the session.
    http_response end_session(http_request const& req, principal const& caller, time_point now) {
        if (!req.headers.contains(session_id_header)) return session_required();
        std::lock_guard lock(sessions_mutex_);
        auto s = check_session_locked(req, caller, now);
        if (s.refusal) return std::move(*s.refusal);
        sessions_.erase(sessions_.find(*req.header(session_id_header)));
        http_response r;
        r.status = 204;
        return r;
    }

    // Steps 6 and 7: the named session (live, the caller's) and the protocol version in force. After it returns,
    // `found` only says whether there was one (another thread may end the session): read nothing through it.
    session_check check_session(http_request const& req, principal const& caller, time_point now) {
        std::lock_guard lock(sessions_mutex_);
        return check_session_locked(req, caller, now);
    }

    session_check check_session_locked(http_request const& req, principal const& caller, time_point now) {
        session_check out;
        if (req.headers.count(session_id_header) > 1 || req.headers.count(protocol_version_header) > 1) {
            out.refusal = transport_error(400, jsonrpc::code::server_error, "Bad Request: repeated MCP header");
            return out;
        }
        if (auto const id = req.header(session_id_header)) {
            auto const it = sessions_.find(*id);
            if (it != sessions_.end() && now - it->second.last_used >= options_.idle_timeout) {
                sessions_.erase(it);
            } else if (it != sessions_.end() && it->second.owner == caller) {
                out.found = &it->second;
                it->second.last_used = now;
            }
            if (out.found == nullptr) {
                out.refusal = transport_error(404, jsonrpc::code::session_not_found, "Session not found");
                return out;
            }
        }
        auto const header = req.header(protocol_version_header);
        if (header && (!is_supported_protocol_version(*header) ||
                       (out.found != nullptr && *header != out.found->protocol_version))) {
            out.refusal = transport_error(400, jsonrpc::code::server_error,
                                          "Bad Request: unsupported or mismatched MCP-Protocol-Version");
            return out;
        }
        out.version = out.found != nullptr ? out.found->protocol_version
                                           : std::string(header.value_or(fallback_protocol_version));
        return out;
    }

    // Forget idle sessions; at capacity, also the least recently used one. With sessions_mutex_ held.
    void make_room(time_point now) {
        std::erase_if(sessions_, [&](auto const& e) { return now - e.second.last_used >= options_.idle_timeout; });
        if (sessions_.size() < options_.max_sessions || sessions_.empty()) return;
        auto oldest = sessions_.begin();
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it)
            if (it->second.last_used < oldest->second.last_used) oldest = it;
        sessions_.erase(oldest);
    }

    // --- JSON-RPC methods -----------------------------------------------------------------------------------------

    jsonrpc::response dispatch(jsonrpc::request const& call, principal const& caller, std::string_view version) {
        if (call.params && !call.params->is_object())
            return jsonrpc::make_error(call.id, jsonrpc::code::invalid_params,
                                       "Invalid params: params must be an object");
        static boost::json::object const no_params;
        auto const& params = call.params ? call.params->get_object() : no_params;
        if (call.method == "ping") return jsonrpc::make_result(call.id, boost::json::object{});
        if (call.method == "tools/list") return list_tools(call.id, params);
        if (call.method == "tools/call") return call_tool(call.id, params, caller, version);
        if (call.method == "initialize")
            return jsonrpc::make_error(call.id, jsonrpc::code::invalid_request,
                                       "Invalid Request: initialize must be sent alone, to start a session");
        return jsonrpc::make_error(call.id, jsonrpc::code::method_not_found, "Method not found");
    }

    // server/tools §Listing Tools: one page, so no nextCursor — and no cursor we could have issued.
    jsonrpc::response list_tools(boost::json::value const& id, boost::json::object const& params) const {
        if (params.contains("cursor"))
            return jsonrpc::make_error(id, jsonrpc::code::invalid_params, "Invalid params: unknown cursor");
        boost::json::array list;
        for (auto const& t : tools_) list.push_back(t.description.to_json());
        return jsonrpc::make_result(id, boost::json::object{{"tools", std::move(list)}});
    }

    // server/tools §Calling Tools, §Error Handling.
    jsonrpc::response call_tool(boost::json::value const& id, boost::json::object const& params,
                                principal const& caller, std::string_view version) {
        auto const* name = params.if_contains("name");
        auto const* args = params.if_contains("arguments");
        if (name == nullptr || !name->is_string() || (args != nullptr && !args->is_object()))
            return jsonrpc::make_error(id, jsonrpc::code::invalid_params,
                                       "Invalid params: tools/call needs a name and an arguments object");
        auto const* t = find_tool(name->get_string());
        if (t == nullptr)
            return jsonrpc::make_error(id, jsonrpc::code::invalid_params,
                                       "Unknown tool: " + std::string(name->get_string()));
        static boost::json::object const no_arguments;
        auto const& arguments = args != nullptr ? args->get_object() : no_arguments;
        if (auto why = json_schema::first_violation(arguments, t->description.input_schema)) {
            auto message = "Invalid arguments for tool " + t->description.name + ": " + *why;
            if (version == "2025-06-18" || version == "2025-03-26")
                return jsonrpc::make_error(id, jsonrpc::code::invalid_params, "Invalid params: " + message);
            return jsonrpc::make_result(id, tool_result::error_result(std::move(message)).to_json());
        }
        try {
            return jsonrpc::make_result(id, t->handler(arguments, tool_context{caller, version}).to_json());
        } catch (std::exception const&) {
            return jsonrpc::make_error(id, jsonrpc::code::internal_error, "Internal error");
        }
    }

    [[nodiscard]] tool const* find_tool(std::string_view name) const noexcept {
        for (auto const& t : tools_)
            if (t.description.name == name) return &t;
        return nullptr;
    }

    server_options options_;
    origin_guard guard_;
    std::vector<tool> tools_;
    mutable std::mutex sessions_mutex_;
    std::map<std::string, session, std::less<>> sessions_;  // under sessions_mutex_
};

}  // namespace authwire::examples::mcp
