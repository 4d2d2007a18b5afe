#pragma once
// authwire — strict, bounded JSON parsing (RFC 8259) for everything a peer sends: size and depth limits,
// duplicate member names rejected (RFC 7515 §5.2, RFC 7519 §4), no comments, no trailing commas, UTF-8 only.

#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/memory_resource.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <string_view>

namespace authwire {

/// Bounds for one JSON document.
struct json_limits {
    std::size_t max_size = limits::max_json_size;   ///< bytes of JSON text
    /// Nesting of objects and arrays; never more than limits::max_json_depth_cap, whatever is set here.
    std::size_t max_depth = limits::max_json_depth;
};

namespace detail {

// A basic_parser handler that builds the value like boost::json::parser does, and counts object members,
// so that duplicates (which boost::json::object silently collapses) can be detected afterwards.
struct counting_handler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    boost::json::value_stack st;
    std::size_t members = 0;

    counting_handler(boost::json::storage_ptr sp, unsigned char* buffer, std::size_t size)
        : st(std::move(sp), buffer, size) {}

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }
    bool on_object_begin(boost::json::error_code&) { return true; }
    bool on_object_end(std::size_t n, boost::json::error_code&) {
        members += n;
        st.push_object(n);
        return true;
    }
    bool on_array_begin(boost::json::error_code&) { return true; }
    bool on_array_end(std::size_t n, boost::json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        st.push_key(s);
        return true;
    }
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code&) {
        st.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&) {
        st.push_uint64(u);
        return true;
    }
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec) {
        if (!std::isfinite(d)) {  // 1e999 overflows to infinity, which JSON cannot represent again
            ec = boost::json::error::exponent_overflow;
            return false;
        }
        st.push_double(d);
        return true;
    }
    bool on_bool(bool b, boost::json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(boost::json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return false; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return false; }
};

// Reusable memory for the JSON trees of one token (the allocation-free overloads of verify_jwt and
// validate_nested): a bump allocator over an inline buffer (spilling to the heap only for large documents) that
// counts what is still allocated. rewind() makes the whole buffer available again, but only when nothing
// allocated from it is alive — so a copy a caller made of a result's JSON (which shares this resource) is never
// overwritten; the owner then switches to a fresh arena instead (see arena_storage).
class json_arena final : public boost::json::memory_resource {
public:
    static constexpr std::size_t inline_size = 4096;

    // make_shared_resource wraps the arena in its own object: `self` receives the arena's address.
    explicit json_arena(json_arena** self) noexcept { *self = this; }
    json_arena(json_arena const&) = delete;
    json_arena& operator=(json_arena const&) = delete;
    ~json_arena() override = default;

    // True (and the buffer reusable from the start) when nothing allocated from the arena is alive.
    bool rewind() noexcept {
        if (live_.load(std::memory_order_acquire) != 0) return false;
        resource_.release();
        return true;
    }

private:
    void* do_allocate(std::size_t n, std::size_t align) override {
        void* p = resource_.allocate(n, align);
        live_.fetch_add(1, std::memory_order_relaxed);
        return p;
    }
    void do_deallocate(void*, std::size_t, std::size_t) override { live_.fetch_sub(1, std::memory_order_release); }
    [[nodiscard]] bool do_is_equal(boost::json::memory_resource const& other) const noexcept override {
        return this == &other;
    }

    alignas(std::max_align_t) unsigned char buffer_[inline_size];
    boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
    std::atomic<std::size_t> live_{0};
};

// The shared (reference-counted) arena of a scratch object. prepare() is called before each use, once the
// owner's own JSON values are empty: it rewinds the arena, or — when a copy still holds memory from it — makes a
// fresh one (the old arena lives on as long as that copy does).
class arena_storage {
public:
    arena_storage() : sp_(boost::json::make_shared_resource<json_arena>(&arena_)) {}

    [[nodiscard]] boost::json::storage_ptr const& storage() const noexcept { return sp_; }
    // True when the storage changed (the owner must then rebuild its values on the new storage).
    [[nodiscard]] bool prepare() {
        if (arena_->rewind()) return false;
        sp_ = boost::json::make_shared_resource<json_arena>(&arena_);
        return true;
    }

private:
    json_arena* arena_ = nullptr;  // the arena inside sp_
    boost::json::storage_ptr sp_;
};

// Members actually stored in every object of `v` (fewer than parsed iff some name was duplicated).
inline std::size_t stored_members(boost::json::value const& v) noexcept {
    std::size_t n = 0;
    if (auto const* o = v.if_object()) {
        n += o->size();
        for (auto const& m : *o) n += stored_members(m.value());
    } else if (auto const* a = v.if_array()) {
        for (auto const& e : *a) n += stored_members(e);
    }
    return n;
}

} // namespace detail

/// RFC 8259, strictly: parse one JSON text within `lim`. Duplicate member names anywhere are
/// error::duplicate_member; too large is error::input_too_large; deeper than lim.max_depth or than
/// limits::max_json_depth_cap (the hard bound, whatever `lim` says) is error::nesting_too_deep; anything else
/// that is not JSON (including invalid UTF-8, and numbers too large for a double) is error::malformed_json.
/// The value is allocated with `sp` (the default resource when not given). Never throws.
[[nodiscard]] inline result<boost::json::value> parse_json(std::string_view text, json_limits const& lim = {},
                                                           boost::json::storage_ptr sp = {}) noexcept {
    if (text.size() > lim.max_size) return error::input_too_large;
    try {
        boost::json::parse_options opt;
        // Boost.JSON's parser recurses once per level (so do stored_members and ~value): the cap bounds the stack.
        opt.max_depth = std::min(lim.max_depth, limits::max_json_depth_cap);
        // The parser's temporary stack lives in `buffer` (spilling to `sp` only for large documents); the values
        // are built in `sp` too, so that a caller's arena holds the whole tree.
        unsigned char buffer[1024];
        boost::json::basic_parser<detail::counting_handler> p(opt, sp, buffer, sizeof buffer);
        p.handler().st.reset(std::move(sp));
        boost::json::error_code ec;
        auto const used = p.write_some(false, text.data(), text.size(), ec);
        if (ec == boost::json::error::too_deep) return error::nesting_too_deep;
        if (ec || used != text.size()) return error::malformed_json;
        auto v = p.handler().st.release();
        if (detail::stored_members(v) != p.handler().members) return error::duplicate_member;
        return v;
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure or a Boost.JSON size limit
    }
}

/// RFC 8259, strictly (see parse_json), and the document must be a JSON object.
[[nodiscard]] inline result<boost::json::object> parse_json_object(std::string_view text,
                                                                   json_limits const& lim = {},
                                                                   boost::json::storage_ptr sp = {}) noexcept {
    auto v = parse_json(text, lim, std::move(sp));
    if (!v) return v.error();
    if (!v->is_object()) return error::wrong_member_type;
    return std::move(v->get_object());
}

/// The string member `name` of `o`: absent is nullopt; present but not a string is error::wrong_member_type.
[[nodiscard]] inline result<std::optional<std::string_view>> json_string_member(boost::json::object const& o,
                                                                                std::string_view name) noexcept {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return std::optional<std::string_view>{};
    auto const* s = v->if_string();
    if (s == nullptr) return error::wrong_member_type;
    return std::optional<std::string_view>{std::string_view(*s)};
}

} // namespace authwire
