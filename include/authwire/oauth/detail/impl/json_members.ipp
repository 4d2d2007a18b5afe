#pragma once
// authwire — the definitions of <authwire/oauth/detail/json_members.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/detail/json_members.hpp>

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<std::optional<std::string>> string_member(boost::json::object const& o, std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s) return std::optional<std::string>{};
    return std::optional<std::string>{std::string(**s)};
}

AUTHWIRE_DECL result<std::string> required_string(boost::json::object const& o, std::string_view name) {
    auto s = json_string_member(o, name);
    if (!s) return s.error();
    if (!*s || (*s)->empty()) return error::missing_member;
    return std::string(**s);
}

AUTHWIRE_DECL result<std::optional<std::vector<std::string>>> string_array_member(boost::json::object const& o,
                                                                                  std::string_view name) {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return std::optional<std::vector<std::string>>{};
    auto const* a = v->if_array();
    if (a == nullptr) return error::wrong_member_type;
    std::vector<std::string> out;
    out.reserve(a->size());
    for (auto const& e : *a) {
        auto const* s = e.if_string();
        if (s == nullptr) return error::wrong_member_type;
        out.emplace_back(*s);
    }
    return std::optional<std::vector<std::string>>{std::move(out)};
}

AUTHWIRE_DECL result<std::optional<bool>> bool_member(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return std::optional<bool>{};
    auto const* b = v->if_bool();
    if (b == nullptr) return error::wrong_member_type;
    return std::optional<bool>{*b};
}

AUTHWIRE_DECL result<std::optional<std::int64_t>> integer_member(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return std::optional<std::int64_t>{};
    if (auto const* i = v->if_int64()) return std::optional<std::int64_t>{*i};
    if (auto const* u = v->if_uint64()) {
        if (*u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return error::malformed_response;
        return std::optional<std::int64_t>{static_cast<std::int64_t>(*u)};
    }
    return error::wrong_member_type;
}

AUTHWIRE_DECL std::int64_t max_seconds_after(time_point from) noexcept {
    using std::chrono::duration_cast;
    using std::chrono::seconds;
    auto const max_s = static_cast<std::int64_t>(duration_cast<seconds>(time_point::max().time_since_epoch()).count());
    auto const from_s = static_cast<std::int64_t>(duration_cast<seconds>(from.time_since_epoch()).count());
    if (from_s <= 0) return max_s - 1;
    return max_s - from_s - 1;
}

AUTHWIRE_DECL result<time_point> add_seconds(time_point from, std::int64_t seconds) noexcept {
    if (seconds < 0 || seconds > max_seconds_after(from)) return error::malformed_response;
    return from + std::chrono::seconds(seconds);
}

AUTHWIRE_DECL result<std::optional<time_point>> numeric_date_member(boost::json::object const& o,
                                                                    std::string_view name) {
    auto n = integer_member(o, name);
    if (!n) return n.error();
    if (!*n) return std::optional<time_point>{};
    auto t = add_seconds(time_point{}, **n);
    if (!t) return t.error();
    return std::optional<time_point>{*t};
}

AUTHWIRE_DECL boost::json::object extra_members(boost::json::object const& o, std::span<std::string_view const> known) {
    boost::json::object out;
    for (auto const& m : o) {
        bool is_known = false;
        for (auto k : known)
            if (m.key() == k) {
                is_known = true;
                break;
            }
        if (!is_known) out.emplace(m.key(), m.value());
    }
    return out;
}

AUTHWIRE_DECL boost::json::object extra_members(boost::json::object const& o,
                                                std::initializer_list<std::string_view> known) {
    return extra_members(o, std::span<std::string_view const>(known.begin(), known.size()));
}

AUTHWIRE_DECL std::int64_t to_numeric_date(time_point t) noexcept {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::string_view value) {
    if (!value.empty()) o[name] = value;
}

AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::string const& value) {
    put_string(o, name, std::string_view(value));
}

AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::optional<std::string> const& value) {
    if (value) o[name] = *value;
}

AUTHWIRE_DECL void put_strings(boost::json::object& o, std::string_view name,
                               std::optional<std::vector<std::string>> const& values) {
    if (!values) return;
    boost::json::array a;
    a.reserve(values->size());
    for (auto const& v : *values) a.emplace_back(v);
    o[name] = std::move(a);
}

AUTHWIRE_DECL void put_strings(boost::json::object& o, std::string_view name, std::vector<std::string> const& values) {
    if (values.empty()) return;
    boost::json::array a;
    a.reserve(values.size());
    for (auto const& v : values) a.emplace_back(v);
    o[name] = std::move(a);
}

AUTHWIRE_DECL void put_bool(boost::json::object& o, std::string_view name, std::optional<bool> value) {
    if (value) o[name] = *value;
}

AUTHWIRE_DECL void put_extra(boost::json::object& o, boost::json::object const& extra) {
    for (auto const& m : extra)
        if (!o.contains(m.key())) o.emplace(m.key(), m.value());
}

}  // namespace authwire::oauth::detail
