#pragma once
// authwire examples — checking tool arguments against a tool's `inputSchema` (MCP 2025-11-25 server/tools;
// JSON Schema 2020-12, the default dialect). Only the keywords the example tools' own schemas use are understood:
//   type (a name or a list of names), enum, const,
//   properties, required, additionalProperties (false or a schema),   for objects
//   items, minItems, maxItems,                                        for arrays
//   minLength, maxLength (in code points),                            for strings
//   minimum, maximum,                                                 for numbers
// Other keywords (title, description, default, $schema …) are annotations here and are ignored, as JSON Schema
// ignores keywords it does not know. This is not a general JSON Schema validator: it checks schemas we write.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::examples::json_schema {

namespace detail {

[[nodiscard]] inline bool is_number(boost::json::value const& v) noexcept {
    return v.is_int64() || v.is_uint64() || v.is_double();
}

[[nodiscard]] inline double as_double(boost::json::value const& v) noexcept {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    return v.is_double() ? v.get_double() : 0.0;
}

// JSON Schema 2020-12 §6.1.1: "integer" is any number with a zero fractional part (1.0 is an integer).
[[nodiscard]] inline bool has_type(boost::json::value const& v, std::string_view type) noexcept {
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "string") return v.is_string();
    if (type == "boolean") return v.is_bool();
    if (type == "null") return v.is_null();
    if (type == "number") return is_number(v);
    if (type == "integer")
        return v.is_int64() || v.is_uint64() || (v.is_double() && std::trunc(v.get_double()) == v.get_double());
    return false;
}

// UTF-8 code points: every byte that does not continue a sequence (the JSON parser already checked the UTF-8).
[[nodiscard]] inline std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++n;
    return n;
}

[[nodiscard]] inline std::string at(std::string const& path) {
    return path.empty() ? std::string("arguments") : path;
}

}  // namespace detail

/// The first way `instance` breaks `schema` ("/query: expected string"), or nullopt when it conforms.
/// `path` is the JSON Pointer of `instance` within the arguments.
[[nodiscard]] inline std::optional<std::string> first_violation(boost::json::value const& instance,
                                                                boost::json::object const& schema,
                                                                std::string const& path = "") {
    using detail::at;
    if (auto const* t = schema.if_contains("type")) {
        bool ok = false;
        std::string names;
        if (t->is_string()) {
            ok = detail::has_type(instance, t->get_string());
            names = t->get_string();
        } else if (t->is_array()) {
            for (auto const& n : t->get_array()) {
                if (!n.is_string()) continue;
                ok = ok || detail::has_type(instance, n.get_string());
                names += (names.empty() ? "" : " or ") + std::string(n.get_string());
            }
        }
        if (!ok) return at(path) + ": expected " + names;
    }
    if (auto const* e = schema.if_contains("enum"); e != nullptr && e->is_array()) {
        bool found = false;
        for (auto const& candidate : e->get_array()) found = found || candidate == instance;
        if (!found) return at(path) + ": not one of the allowed values";
    }
    if (auto const* c = schema.if_contains("const"); c != nullptr && *c != instance)
        return at(path) + ": not the expected value";

    if (auto const* o = instance.if_object()) {
        if (auto const* req = schema.if_contains("required"); req != nullptr && req->is_array())
            for (auto const& name : req->get_array())
                if (name.is_string() && !o->contains(name.get_string()))
                    return path + "/" + std::string(name.get_string()) + ": required";
        auto const* props = schema.if_contains("properties");
        auto const* additional = schema.if_contains("additionalProperties");
        for (auto const& member : *o) {
            std::string const member_path = path + "/" + std::string(member.key());
            auto const* sub =
                props != nullptr && props->is_object() ? props->get_object().if_contains(member.key()) : nullptr;
            if (sub != nullptr) {
                if (sub->is_object())
                    if (auto v = first_violation(member.value(), sub->get_object(), member_path)) return v;
                continue;
            }
            if (additional == nullptr) continue;
            if (additional->is_bool() && !additional->get_bool()) return member_path + ": not allowed";
            if (additional->is_object())
                if (auto v = first_violation(member.value(), additional->get_object(), member_path)) return v;
        }
    }

    if (auto const* a = instance.if_array()) {
        if (auto const* m = schema.if_contains("minItems");
            m != nullptr && detail::is_number(*m) && static_cast<double>(a->size()) < detail::as_double(*m))
            return at(path) + ": too few items";
        if (auto const* m = schema.if_contains("maxItems");
            m != nullptr && detail::is_number(*m) && static_cast<double>(a->size()) > detail::as_double(*m))
            return at(path) + ": too many items";
        if (auto const* items = schema.if_contains("items"); items != nullptr && items->is_object())
            for (std::size_t i = 0; i < a->size(); ++i)
                if (auto v = first_violation((*a)[i], items->get_object(), path + "/" + std::to_string(i))) return v;
    }

    if (auto const* s = instance.if_string()) {
        auto const n = static_cast<double>(detail::code_points(*s));
        if (auto const* m = schema.if_contains("minLength");
            m != nullptr && detail::is_number(*m) && n < detail::as_double(*m))
            return at(path) + ": too short";
        if (auto const* m = schema.if_contains("maxLength");
            m != nullptr && detail::is_number(*m) && n > detail::as_double(*m))
            return at(path) + ": too long";
    }

    if (detail::is_number(instance)) {
        auto const x = detail::as_double(instance);
        if (auto const* m = schema.if_contains("minimum");
            m != nullptr && detail::is_number(*m) && x < detail::as_double(*m))
            return at(path) + ": below the minimum";
        if (auto const* m = schema.if_contains("maximum");
            m != nullptr && detail::is_number(*m) && x > detail::as_double(*m))
            return at(path) + ": above the maximum";
    }
    return std::nullopt;
}

}  // namespace authwire::examples::json_schema
