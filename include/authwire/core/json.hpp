#pragma once
// authwire — strict, bounded JSON parsing (RFC 8259) for everything a peer sends: size and depth limits,
// duplicate member names rejected (RFC 7515 §5.2, RFC 7519 §4), no comments, no trailing commas, UTF-8 only.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>

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
    bool on_object_end(std::size_t n, boost::json::error_code&);
    bool on_array_begin(boost::json::error_code&) { return true; }
    bool on_array_end(std::size_t n, boost::json::error_code&);
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&);
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code&);
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&);
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code&);
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code&);
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&);
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec);
    bool on_bool(bool b, boost::json::error_code&);
    bool on_null(boost::json::error_code&);
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
    bool rewind() noexcept;

private:
    void* do_allocate(std::size_t n, std::size_t align) override;
    void do_deallocate(void*, std::size_t, std::size_t) override { live_.fetch_sub(1, std::memory_order_release); }
    [[nodiscard]] bool do_is_equal(boost::json::memory_resource const& other) const noexcept override;

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
    [[nodiscard]] bool prepare();

private:
    json_arena* arena_ = nullptr;  // the arena inside sp_
    boost::json::storage_ptr sp_;
};

// Members actually stored in every object of `v` (fewer than parsed iff some name was duplicated).
AUTHWIRE_DECL std::size_t stored_members(boost::json::value const& v) noexcept;

} // namespace detail

/// RFC 8259, strictly: parse one JSON text within `lim`. Duplicate member names anywhere are
/// error::duplicate_member; too large is error::input_too_large; deeper than lim.max_depth or than
/// limits::max_json_depth_cap (the hard bound, whatever `lim` says) is error::nesting_too_deep; anything else
/// that is not JSON (including invalid UTF-8, and numbers too large for a double) is error::malformed_json.
/// The value is allocated with `sp` (the default resource when not given). Never throws.
[[nodiscard]] AUTHWIRE_DECL result<boost::json::value> parse_json(std::string_view text, json_limits const& lim = {},
                                                                  boost::json::storage_ptr sp = {}) noexcept;

/// RFC 8259, strictly (see parse_json), and the document must be a JSON object.
[[nodiscard]] AUTHWIRE_DECL result<boost::json::object> parse_json_object(std::string_view text,
                                                                          json_limits const& lim = {},
                                                                          boost::json::storage_ptr sp = {}) noexcept;

/// The string member `name` of `o`: absent is nullopt; present but not a string is error::wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string_view>> json_string_member(boost::json::object const& o,
                                                                                       std::string_view name) noexcept;

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/json.ipp>
#endif
