#pragma once
// authwire examples — what both sides of MCP over Streamable HTTP agree on (MCP 2025-11-25: basic/lifecycle,
// basic/transports, server/tools): the protocol versions, the two HTTP headers, the implementation info of
// `initialize`, tool descriptions and tool results. The server endpoint (mcp_server.hpp) writes these values and
// the client session (mcp_client.hpp) reads them.

#include "jsonrpc.hpp"

#include <authwire/core/result.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::examples::mcp {

/// The protocol versions both sides of the examples speak, latest first (lifecycle §Version Negotiation).
inline constexpr std::array<std::string_view, 3> supported_protocol_versions = {"2025-11-25", "2025-06-18",
                                                                                "2025-03-26"};
inline constexpr std::string_view latest_protocol_version = supported_protocol_versions[0];
/// transports §Protocol Version Header: what a server assumes when a request says nothing else.
inline constexpr std::string_view fallback_protocol_version = "2025-03-26";
/// The one version in which JSON-RPC batches exist (removed in 2025-06-18).
inline constexpr std::string_view batching_protocol_version = "2025-03-26";

[[nodiscard]] constexpr bool is_supported_protocol_version(std::string_view v) noexcept {
    for (auto s : supported_protocol_versions)
        if (s == v) return true;
    return false;
}

/// transports §Session Management and §Protocol Version Header (field names are case-insensitive).
inline constexpr std::string_view session_id_header = "Mcp-Session-Id";
inline constexpr std::string_view protocol_version_header = "MCP-Protocol-Version";

/// transports §Session Management: a session id is 1 or more visible ASCII characters (0x21–0x7E); we also bound
/// its length, since a peer chooses it.
[[nodiscard]] constexpr bool is_valid_session_id(std::string_view id) noexcept {
    if (id.empty() || id.size() > 1024) return false;
    for (char c : id)
        if (c < 0x21 || c > 0x7E) return false;
    return true;
}

/// lifecycle §Initialization: `clientInfo` / `serverInfo`.
struct implementation {
    std::string name;
    std::string version;
    std::string title;  ///< optional, for display

    [[nodiscard]] boost::json::object to_json() const {
        boost::json::object o{{"name", name}, {"version", version}};
        if (!title.empty()) o["title"] = title;
        return o;
    }

    /// Read from JSON: name and version are required strings.
    [[nodiscard]] static std::optional<implementation> from_json(boost::json::value const& v) {
        auto const* o = v.if_object();
        if (o == nullptr) return std::nullopt;
        auto const* n = o->if_contains("name");
        auto const* ver = o->if_contains("version");
        if (n == nullptr || !n->is_string() || ver == nullptr || !ver->is_string()) return std::nullopt;
        implementation i{std::string(n->get_string()), std::string(ver->get_string()), {}};
        if (auto const* t = o->if_contains("title"); t != nullptr && t->is_string()) i.title = t->get_string();
        return i;
    }
};

/// server/tools §Tool: what `tools/list` says about one tool.
struct tool_description {
    std::string name;
    std::string title;
    std::string description;
    boost::json::object input_schema{{"type", "object"}};  ///< a JSON Schema object (never null)

    [[nodiscard]] boost::json::object to_json() const {
        boost::json::object o{{"name", name}};
        if (!title.empty()) o["title"] = title;
        if (!description.empty()) o["description"] = description;
        o["inputSchema"] = input_schema;
        return o;
    }

    /// Read from JSON: name (string) and inputSchema (object) are required.
    [[nodiscard]] static std::optional<tool_description> from_json(boost::json::value const& v) {
        auto const* o = v.if_object();
        if (o == nullptr) return std::nullopt;
        auto const* n = o->if_contains("name");
        auto const* s = o->if_contains("inputSchema");
        if (n == nullptr || !n->is_string() || s == nullptr || !s->is_object()) return std::nullopt;
        tool_description t{std::string(n->get_string()), {}, {}, s->get_object()};
        if (auto const* x = o->if_contains("title"); x != nullptr && x->is_string()) t.title = x->get_string();
        if (auto const* x = o->if_contains("description"); x != nullptr && x->is_string())
            t.description = x->get_string();
        return t;
    }
};

/// server/tools §Tool Result: content items ({"type":"text","text":…}, images, links …), `isError` for a tool
/// that ran and failed, and optional structured content.
struct tool_result {
    std::vector<boost::json::object> content;
    bool is_error = false;
    std::optional<boost::json::object> structured_content;

    /// A result with one text item.
    [[nodiscard]] static tool_result text_result(std::string text, bool is_error = false) {
        return {{boost::json::object{{"type", "text"}, {"text", std::move(text)}}}, is_error, std::nullopt};
    }

    /// A tool execution error (server/tools §Error Handling): one text item the model can act on.
    [[nodiscard]] static tool_result error_result(std::string text) { return text_result(std::move(text), true); }

    /// The text of every text item, joined with "\n".
    [[nodiscard]] std::string text() const {
        std::string out;
        for (auto const& item : content) {
            auto const* type = item.if_contains("type");
            auto const* text = item.if_contains("text");
            if (type == nullptr || !type->is_string() || type->get_string() != "text" || text == nullptr ||
                !text->is_string())
                continue;
            if (!out.empty()) out += '\n';
            out += text->get_string();
        }
        return out;
    }

    [[nodiscard]] boost::json::object to_json() const {
        boost::json::array items;
        for (auto const& c : content) items.push_back(c);
        boost::json::object o{{"content", std::move(items)}};
        if (is_error) o["isError"] = true;
        if (structured_content) o["structuredContent"] = *structured_content;
        return o;
    }

    /// Read from JSON: `content` is a required array of objects each with a string `type`.
    [[nodiscard]] static std::optional<tool_result> from_json(boost::json::value const& v) {
        auto const* o = v.if_object();
        if (o == nullptr) return std::nullopt;
        auto const* items = o->if_contains("content");
        if (items == nullptr || !items->is_array()) return std::nullopt;
        tool_result r;
        for (auto const& item : items->get_array()) {
            auto const* io = item.if_object();
            auto const* type = io != nullptr ? io->if_contains("type") : nullptr;
            if (type == nullptr || !type->is_string()) return std::nullopt;
            r.content.push_back(*io);
        }
        if (auto const* e = o->if_contains("isError")) {
            if (!e->is_bool()) return std::nullopt;
            r.is_error = e->get_bool();
        }
        if (auto const* s = o->if_contains("structuredContent"); s != nullptr && s->is_object())
            r.structured_content = s->get_object();
        return r;
    }
};

}  // namespace authwire::examples::mcp
