#pragma once
// authwire::redis internals — how the stores' records are written into Redis: keys, instants, and the JSON
// documents (each tagged with the schema version "v") the Lua scripts pass through without reading.

#include <authwire/core/base64.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/opaque_token.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::redis::detail {

/// The version of the stored layout; a reader refuses a document of another version (error::server_error).
inline constexpr std::int64_t schema_version = 1;

using time_point = std::chrono::system_clock::time_point;

// Instants are stored as nanoseconds since the epoch, saturated: time_point::max() stays the "never" sentinel
// whatever the standard library's tick.
[[nodiscard]] inline std::int64_t to_ns(time_point t) noexcept {
    using ns = std::chrono::nanoseconds;
    constexpr auto hi = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::time_point<std::chrono::system_clock, ns>(ns(std::numeric_limits<std::int64_t>::max())));
    constexpr auto lo = std::chrono::time_point_cast<std::chrono::system_clock::duration>(
        std::chrono::time_point<std::chrono::system_clock, ns>(ns(std::numeric_limits<std::int64_t>::min())));
    if (t >= hi) return std::numeric_limits<std::int64_t>::max();
    if (t <= lo) return std::numeric_limits<std::int64_t>::min();
    return std::chrono::duration_cast<ns>(t.time_since_epoch()).count();
}

[[nodiscard]] inline time_point from_ns(std::int64_t v) noexcept {
    if (v == std::numeric_limits<std::int64_t>::max()) return time_point::max();
    return time_point(std::chrono::duration_cast<time_point::duration>(std::chrono::nanoseconds(v)));
}

// The same instant as 20 decimal digits of (ns + 2^63): equal-width strings order like the instants, so the Lua
// scripts compare them exactly (Lua numbers are doubles and cannot hold nanoseconds since the epoch).
[[nodiscard]] inline std::string sortable(time_point t) {
    auto const u = static_cast<std::uint64_t>(to_ns(t)) ^ (std::uint64_t{1} << 63);
    std::array<char, 24> buf{};
    std::snprintf(buf.data(), buf.size(), "%020llu", static_cast<unsigned long long>(u));
    return std::string(buf.data(), 20);
}

[[nodiscard]] inline std::optional<time_point> from_sortable(std::string_view s) noexcept {
    if (s.size() != 20) return std::nullopt;
    std::uint64_t u = 0;
    for (char const c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        if (u > (std::numeric_limits<std::uint64_t>::max() - static_cast<std::uint64_t>(c - '0')) / 10)
            return std::nullopt;
        u = u * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return from_ns(static_cast<std::int64_t>(u ^ (std::uint64_t{1} << 63)));
}

[[nodiscard]] inline std::string hex(std::span<unsigned char const> bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

template <std::size_t N>
[[nodiscard]] bool unhex(std::string_view s, std::array<unsigned char, N>& out) noexcept {
    if (s.size() != 2 * N) return false;
    auto const v = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < N; ++i) {
        int const hi = v(s[2 * i]);
        int const lo = v(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return false;
        out[i] = static_cast<unsigned char>(hi * 16 + lo);
    }
    return true;
}

[[nodiscard]] inline std::string hex(server::token_hash const& h) { return hex(std::span{h.bytes}); }

// A TTL in milliseconds for Redis (PX / PEXPIRE): at least 1, at most `cap`.
[[nodiscard]] inline std::string ttl_ms(std::chrono::nanoseconds d, std::chrono::milliseconds cap) {
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d);
    ms = std::clamp(ms, std::chrono::milliseconds(1), cap);
    return std::to_string(ms.count());
}

// The time between two instants, 0 when `to` is not later, at most 100 years (either may be time_point::max();
// the result can take a few more years added without overflow).
[[nodiscard]] inline std::chrono::nanoseconds between(time_point from, time_point to) noexcept {
    constexpr std::chrono::nanoseconds cap = std::chrono::hours(24 * 365 * 100);
    auto const a = to_ns(from);
    auto const b = to_ns(to);
    if (b <= a) return std::chrono::nanoseconds(0);
    if (a < 0 && b > std::numeric_limits<std::int64_t>::max() + a) return cap;
    return std::min(std::chrono::nanoseconds(b - a), cap);
}

// --- JSON documents -----------------------------------------------------------------------------------------

[[nodiscard]] inline boost::json::array to_json(std::vector<std::string> const& v) {
    boost::json::array a;
    for (auto const& s : v) a.emplace_back(s);
    return a;
}

// Reading: every member checked; a document that does not have the expected shape is error::server_error
// (the store is corrupt or written by an incompatible version), never an exception.
class reader {
public:
    explicit reader(boost::json::object const& o) : o_(o) {}
    [[nodiscard]] bool ok() const noexcept { return ok_; }

    std::string str(std::string_view k) {
        auto const* v = o_.if_contains(k);
        if (!v || !v->is_string()) return fail<std::string>();
        return std::string(v->get_string());
    }
    std::int64_t i64(std::string_view k) {
        auto const* v = o_.if_contains(k);
        if (!v || !v->is_int64()) return fail<std::int64_t>();
        return v->get_int64();
    }
    bool boolean(std::string_view k) {
        auto const* v = o_.if_contains(k);
        if (!v || !v->is_bool()) return fail<bool>();
        return v->get_bool();
    }
    time_point instant(std::string_view k) { return from_ns(i64(k)); }
    std::vector<std::string> strings(std::string_view k) {
        std::vector<std::string> out;
        auto const* v = o_.if_contains(k);
        if (!v || !v->is_array()) return fail<std::vector<std::string>>();
        for (auto const& e : v->get_array()) {
            if (!e.is_string()) return fail<std::vector<std::string>>();
            out.emplace_back(e.get_string());
        }
        return out;
    }
    boost::json::object object(std::string_view k) {
        auto const* v = o_.if_contains(k);
        if (!v || !v->is_object()) return fail<boost::json::object>();
        return v->get_object();
    }
    boost::json::value const* optional(std::string_view k) const { return o_.if_contains(k); }

private:
    template <class T>
    T fail() {
        ok_ = false;
        return T{};
    }
    boost::json::object const& o_;
    bool ok_ = true;
};

// Parse a stored document and check its schema version; nullopt when it is not one of ours.
[[nodiscard]] inline std::optional<boost::json::object> parse_document(std::string_view text) {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) return std::nullopt;
    auto& o = v.get_object();
    auto const* version = o.if_contains("v");
    if (!version || !version->is_int64() || version->get_int64() != schema_version) return std::nullopt;
    return std::move(o);
}

} // namespace authwire::redis::detail
