#pragma once
// authwire — the definitions of <authwire/jose/detail/json_scan.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/detail/json_scan.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::optional<std::string_view>> string_member(scan_member const* m) noexcept {
    if (m == nullptr) return std::optional<std::string_view>{};
    if (m->is_array || m->value.type != scan_scalar::kind::string) return error::wrong_member_type;
    return std::optional<std::string_view>{m->value.string};
}

AUTHWIRE_DECL scan_status json_scanner::scan_object(bool arrays_allowed) noexcept {
    out_.size = 0;
    out_.element_count = 0;
    arrays_allowed_ = arrays_allowed;
    skip_ws();
    if (p_ == end_) return scan_status::invalid;
    if (*p_ != '{') return scan_status::unsupported;  // another JSON value, or not JSON: parse_json decides
    ++p_;
    skip_ws();
    if (p_ != end_ && *p_ == '}') {
        ++p_;
        return finish();
    }
    for (;;) {
        if (p_ == end_ || *p_ != '"') return scan_status::invalid;
        if (out_.size == scanned_object::max_members) return scan_status::unsupported;
        auto& m = out_.members[out_.size];
        m.is_array = false;
        m.first = 0;
        m.count = 0;
        if (auto s = scan_string(m.key); s != scan_status::ok) return s;
        for (std::size_t i = 0; i < out_.size; ++i)
            if (same_key(out_.members[i].key, m.key)) return scan_status::invalid;  // RFC 7515 §5.2, RFC 7519 §4
        ++out_.size;
        skip_ws();
        if (p_ == end_ || *p_ != ':') return scan_status::invalid;
        ++p_;
        skip_ws();
        if (p_ == end_) return scan_status::invalid;
        if (*p_ == '[') {
            if (auto s = scan_array(m); s != scan_status::ok) return s;
        } else if (auto s = scan_scalar_value(m.value); s != scan_status::ok) {
            return s;
        }
        skip_ws();
        if (p_ == end_) return scan_status::invalid;
        if (*p_ == ',') {
            ++p_;
            skip_ws();
            continue;
        }
        if (*p_ != '}') return scan_status::invalid;
        ++p_;
        return finish();
    }
}

AUTHWIRE_DECL bool json_scanner::same_key(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (a[i] != b[i]) return false;
    return true;
}

AUTHWIRE_DECL scan_status json_scanner::finish() noexcept {
    skip_ws();
    return p_ == end_ ? scan_status::ok : scan_status::invalid;  // RFC 8259 §2: one value, then whitespace
}

AUTHWIRE_DECL void json_scanner::skip_ws() noexcept {
    while (p_ != end_ && *p_ <= ' ' && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
}

AUTHWIRE_DECL scan_status json_scanner::scan_array(scan_member& m) noexcept {
    ++p_;                                                   // '['
    if (!arrays_allowed_) return scan_status::unsupported;  // the depth limit: parse_json decides
    m.is_array = true;
    m.first = static_cast<std::uint8_t>(out_.element_count);
    skip_ws();
    if (p_ != end_ && *p_ == ']') {
        ++p_;
        return scan_status::ok;
    }
    for (;;) {
        if (out_.element_count == scanned_object::max_elements) return scan_status::unsupported;
        if (p_ == end_) return scan_status::invalid;
        if (*p_ == '[' || *p_ == '{') return scan_status::unsupported;  // nested: parse_json decides
        if (auto s = scan_scalar_value(out_.elements[out_.element_count]); s != scan_status::ok) return s;
        ++out_.element_count;
        ++m.count;
        skip_ws();
        if (p_ == end_) return scan_status::invalid;
        if (*p_ == ',') {
            ++p_;
            skip_ws();
            continue;
        }
        if (*p_ != ']') return scan_status::invalid;
        ++p_;
        return scan_status::ok;
    }
}

AUTHWIRE_DECL bool json_scanner::literal(std::string_view word) noexcept {
    if (static_cast<std::size_t>(end_ - p_) < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (p_[i] != static_cast<unsigned char>(word[i])) return false;
    p_ += word.size();
    return true;
}

AUTHWIRE_DECL scan_status json_scanner::scan_scalar_value(scan_scalar& v) noexcept {
    v.type = scan_scalar::kind::null;
    v.boolean = false;
    v.integer = 0;
    v.string = {};
    switch (*p_) {
        case '"':
            v.type = scan_scalar::kind::string;
            return scan_string(v.string);
        case 't':
            v.type = scan_scalar::kind::boolean;
            v.boolean = true;
            return literal("true") ? scan_status::ok : scan_status::invalid;
        case 'f':
            v.type = scan_scalar::kind::boolean;
            return literal("false") ? scan_status::ok : scan_status::invalid;
        case 'n':
            v.type = scan_scalar::kind::null;
            return literal("null") ? scan_status::ok : scan_status::invalid;
        case '{':
            return scan_status::unsupported;  // a nested object: parse_json decides (duplicates, depth)
        default:
            return scan_number(v);
    }
}

AUTHWIRE_DECL scan_status json_scanner::scan_number(scan_scalar& v) noexcept {
    bool const negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !digit(*p_)) return scan_status::invalid;
    std::uint64_t value = 0;
    std::size_t digits = 0;
    bool const leading_zero = *p_ == '0';
    while (p_ != end_ && digit(*p_)) {
        value = value * 10 + static_cast<std::uint64_t>(*p_ - '0');  // wraps past 19 digits: not used then
        ++digits;
        ++p_;
    }
    if (leading_zero && digits > 1) return scan_status::invalid;
    bool integral = true;
    if (p_ != end_ && *p_ == '.') {
        integral = false;
        ++p_;
        if (p_ == end_ || !digit(*p_)) return scan_status::invalid;
        while (p_ != end_ && digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
        integral = false;
        ++p_;
        if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
        if (p_ == end_ || !digit(*p_)) return scan_status::invalid;
        while (p_ != end_ && digit(*p_)) ++p_;
    }
    // Doubles (Boost.JSON's rounding), large integers (int64, uint64 or double?) and -0: parse_json decides.
    if (!integral || digits > 18 || (negative && value == 0)) return scan_status::unsupported;
    v.type = scan_scalar::kind::integer;
    v.integer = negative ? -static_cast<std::int64_t>(value) : static_cast<std::int64_t>(value);
    return scan_status::ok;
}

AUTHWIRE_DECL bool json_scanner::hex(unsigned char c) noexcept {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

AUTHWIRE_DECL long json_scanner::hex4() noexcept {
    if (end_ - p_ < 4) return -1;
    long u = 0;
    for (int i = 0; i < 4; ++i) {
        unsigned char const c = p_[i];
        if (!hex(c)) return -1;
        u = u * 16 + (digit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    p_ += 4;
    return u;
}

AUTHWIRE_DECL scan_status json_scanner::scan_escape() noexcept {
    ++p_;
    if (p_ == end_) return scan_status::invalid;
    switch (*p_++) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            return scan_status::ok;
        case 'u':
            break;
        default:
            return scan_status::invalid;
    }
    long const u = hex4();
    if (u < 0) return scan_status::invalid;
    if (u >= 0xdc00 && u <= 0xdfff) return scan_status::invalid;  // a trailing surrogate alone
    if (u < 0xd800 || u > 0xdbff) return scan_status::ok;
    if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return scan_status::invalid;  // a leading one alone
    p_ += 2;
    long const low = hex4();
    if (low < 0xdc00 || low > 0xdfff) return scan_status::invalid;
    return scan_status::ok;
}

AUTHWIRE_DECL bool json_scanner::utf8_sequence() noexcept {
    unsigned char const c = *p_;
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        if (c == 0xe0) lo = 0xa0;
        if (c == 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        if (c == 0xf0) lo = 0x90;
        if (c == 0xf4) hi = 0x8f;
    } else {
        return false;
    }
    if (static_cast<std::size_t>(end_ - p_) <= n) return false;
    if (p_[1] < lo || p_[1] > hi) return false;
    for (std::size_t i = 2; i <= n; ++i)
        if (p_[i] < 0x80 || p_[i] > 0xbf) return false;
    p_ += n + 1;
    return true;
}

AUTHWIRE_DECL scan_status json_scanner::scan_string(std::string_view& out) noexcept {
    ++p_;
    auto const* const start = p_;
    bool escaped = false;
    for (;;) {
        // Eight bytes at a time while none of them is a quote, a backslash, a control or a non-ASCII byte;
        // then straight to the first one that is.
        while (end_ - p_ >= 8) {
            std::uint64_t w;
            std::memcpy(&w, p_, 8);
            constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            std::uint64_t const quote = w ^ (ones * '"');
            std::uint64_t const backslash = w ^ (ones * '\\');
            // The high bit of a byte is set when it is ≥ 0x80, or < 0x20, or a quote or a backslash (a zero
            // after the XOR). Borrows only run upwards, from a byte that is special: the lowest bit set is
            // exactly the first special byte.
            std::uint64_t const special = ((w - ones * 0x20) | (quote - ones) | (backslash - ones) | w) & highs;
            if (special != 0) {
                if constexpr (std::endian::native == std::endian::little)
                    p_ += static_cast<unsigned>(std::countr_zero(special)) / 8;
                break;
            }
            p_ += 8;
        }
        if (p_ == end_) return scan_status::invalid;
        unsigned char const c = *p_;
        if (c == '"') break;
        if (c < 0x20) return scan_status::invalid;  // RFC 8259 §7: control characters must be escaped
        if (c == '\\') {
            if (auto s = scan_escape(); s != scan_status::ok) return s;
            escaped = true;
        } else if (c < 0x80) {
            ++p_;
        } else if (!utf8_sequence()) {
            return scan_status::invalid;
        }
    }
    out = std::string_view(reinterpret_cast<char const*>(start), static_cast<std::size_t>(p_ - start));
    ++p_;
    return escaped ? scan_status::unsupported : scan_status::ok;
}

AUTHWIRE_DECL scan_status scan_json_object(std::string_view text, json_limits const& lim,
                                           scanned_object& out) noexcept {
    if (text.size() > lim.max_size) return scan_status::unsupported;
    std::size_t const depth = lim.max_depth < limits::max_json_depth_cap ? lim.max_depth : limits::max_json_depth_cap;
    if (depth < 1) return scan_status::unsupported;
    return json_scanner(text, out).scan_object(depth >= 2);
}

AUTHWIRE_DECL boost::json::value scan_value(scan_scalar const& s, boost::json::storage_ptr const& sp) {
    switch (s.type) {
        case scan_scalar::kind::string:
            return boost::json::value(boost::json::string_view(s.string.data(), s.string.size()), sp);
        case scan_scalar::kind::integer:
            return boost::json::value(s.integer, sp);
        case scan_scalar::kind::boolean:
            return boost::json::value(s.boolean, sp);
        case scan_scalar::kind::null:
            break;
    }
    return boost::json::value(nullptr, sp);
}

AUTHWIRE_DECL boost::json::value scan_value(scanned_object const& o, scan_member const& m,
                                            boost::json::storage_ptr const& sp) {
    if (!m.is_array) return scan_value(m.value, sp);
    boost::json::array a(sp);
    a.reserve(m.count);
    for (std::size_t i = 0; i < m.count; ++i) a.push_back(scan_value(o.elements[m.first + i], sp));
    return boost::json::value(std::move(a));
}

AUTHWIRE_DECL void scan_emplace(boost::json::object& out, scanned_object const& o, scan_member const& m) {
    boost::json::string_view const key(m.key.data(), m.key.size());
    if (m.is_array) {
        out.emplace(key, scan_value(o, m, out.storage()));  // an array on the same resource: moved, not copied
        return;
    }
    switch (m.value.type) {
        case scan_scalar::kind::string:
            out.emplace(key, boost::json::string_view(m.value.string.data(), m.value.string.size()));
            return;
        case scan_scalar::kind::integer:
            out.emplace(key, m.value.integer);
            return;
        case scan_scalar::kind::boolean:
            out.emplace(key, m.value.boolean);
            return;
        case scan_scalar::kind::null:
            out.emplace(key, nullptr);
            return;
    }
}

AUTHWIRE_DECL boost::json::object scan_to_object(scanned_object const& o, boost::json::storage_ptr const& sp) {
    boost::json::object out(sp);
    out.reserve(o.size);
    for (std::size_t i = 0; i < o.size; ++i) scan_emplace(out, o, o.members[i]);
    return out;
}

AUTHWIRE_DECL void deferred_object::clear() noexcept {
    OPENSSL_cleanse(text.data(), text.size());
    text.clear();
    count = 0;
    pending = false;
}

AUTHWIRE_DECL std::size_t deferred_object::find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < count; ++i)
        if (same_name(scan.members[order[i]].key, name)) return i;
    return count;
}

AUTHWIRE_DECL std::size_t deferred_object::find_in_scan(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < scan.size; ++i)
        if (same_name(scan.members[i].key, name)) return i;
    return scan.size;
}

AUTHWIRE_DECL void deferred_object::erase(std::size_t i) noexcept {
    order[i] = order[count - 1];
    --count;
}

AUTHWIRE_DECL void deferred_object::defer_all() noexcept {
    for (std::size_t i = 0; i < scan.size; ++i) order[i] = static_cast<unsigned char>(i);
    count = scan.size;
    pending = true;
}

AUTHWIRE_DECL void deferred_object::build_into(boost::json::object& out) {
    try {
        out.reserve(count);
        for (std::size_t i = 0; i < count; ++i) scan_emplace(out, scan, scan.members[order[i]]);
    } catch (...) {
        out.clear();
        throw;
    }
    pending = false;
}

AUTHWIRE_DECL result<boost::json::object> parse_header_object(std::string_view text, json_limits const& lim,
                                                              boost::json::storage_ptr sp) noexcept {
    try {
        scanned_object scanned;
        if (scan_json_object(text, lim, scanned) == scan_status::ok) return scan_to_object(scanned, sp);
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
    return parse_json_object(text, lim, std::move(sp));
}

}  // namespace authwire::jose::detail
