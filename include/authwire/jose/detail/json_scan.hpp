#pragma once
// authwire — internal: a strict single-pass scanner (RFC 8259) for the flat JSON objects of JOSE headers
// (RFC 7515 §4, RFC 7516 §4) and JWT Claims Sets (RFC 7519 §4), the shapes nearly every token has.
//
// It reads one JSON object whose member values are strings, small integers, true, false, null, or arrays of
// those, without building anything: the members are views of the text. It answers
//  - ok: the text is a JSON text that Boost.JSON (through authwire::parse_json) accepts, with exactly these
//    members in this order and no name twice;
//  - invalid: the text is not JSON, or has a member name twice (parse_json rejects it too);
//  - unsupported: a shape it does not handle (escapes, nested objects, non-integer or large numbers, more than
//    32 members, not an object, beyond the limits …): the caller hands the text to parse_json, which decides.
// Callers take the general path on anything but ok, so that every error is parse_json's (same codes, same
// limits); the scanner only makes the common case cheap. tests/jose/json_scan.cpp checks it against
// Boost.JSON, and fuzz/jose_jwt_claims.cpp fuzzes it differentially.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/limits.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::jose::detail {

enum class scan_status : unsigned char { ok, invalid, unsupported };

// A scalar value: a string without escapes (its UTF-8 content, validated), an integer of at most 18 digits
// (it fits an int64; "-0" is left to the general path), true/false, or null.
// (No default member initializers: a scanned_object's arrays are not cleared on every call; the scanner sets
// what it reports.)
struct scan_scalar {
    enum class kind : unsigned char { string, integer, boolean, null };
    kind type;
    bool boolean;
    std::int64_t integer;
    std::string_view string;
};

// A member: its name (no escapes) and a scalar, or an array of scalars (elements [first, first + count) of
// scanned_object::elements).
struct scan_member {
    std::string_view key;
    scan_scalar value;
    bool is_array;
    std::uint8_t first;
    std::uint8_t count;
};

struct scanned_object {
    static constexpr std::size_t max_members = 32;
    static constexpr std::size_t max_elements = 64;
    std::array<scan_member, max_members> members;
    std::size_t size = 0;
    std::array<scan_scalar, max_elements> elements;
    std::size_t element_count = 0;
};

// key == name for the short member names looked up on every token ("alg", "kid" …): inline, where string_view's
// == calls memcmp for every pair of equal length (~70 calls per nested validation).
[[nodiscard]] constexpr bool same_name(std::string_view key, std::string_view name) noexcept {
    if (key.size() != name.size()) return false;
    for (std::size_t i = 0; i < key.size(); ++i)
        if (key[i] != name[i]) return false;
    return true;
}

// find_members (jose/detail/header.hpp) for a scanned object: found[i] is the member named names[i], or nullptr.
template <std::size_t N>
void find_members(scanned_object const& o, std::string_view const (&names)[N], scan_member const* (&found)[N]) noexcept {
    for (auto& f : found) f = nullptr;
    for (std::size_t i = 0; i < o.size; ++i)
        for (std::size_t k = 0; k < N; ++k)
            if (same_name(o.members[i].key, names[k])) found[k] = &o.members[i];
}

// string_member (jose/detail/header.hpp) for a scanned member: absent is nullopt, anything but a string (an array
// included) error::wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string_view>> string_member(scan_member const* m) noexcept;

class json_scanner {
public:
    json_scanner(std::string_view text, scanned_object& out) noexcept
        : p_(reinterpret_cast<unsigned char const*>(text.data())), end_(p_ + text.size()), out_(out) {}

    [[nodiscard]] scan_status scan_object(bool arrays_allowed) noexcept;

private:
    [[nodiscard]] static bool same_key(std::string_view a, std::string_view b) noexcept;

    [[nodiscard]] scan_status finish() noexcept;

    void skip_ws() noexcept;

    [[nodiscard]] scan_status scan_array(scan_member& m) noexcept;

    [[nodiscard]] bool literal(std::string_view word) noexcept;

    [[nodiscard]] scan_status scan_scalar_value(scan_scalar& v) noexcept;

    [[nodiscard]] static bool digit(unsigned char c) noexcept { return c >= '0' && c <= '9'; }

    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    [[nodiscard]] scan_status scan_number(scan_scalar& v) noexcept;

    [[nodiscard]] static bool hex(unsigned char c) noexcept;

    // Four hex digits after "\u" (p_ at the first); the code unit, or -1.
    [[nodiscard]] long hex4() noexcept;

    // p_ at a backslash: check one escape (RFC 8259 §7), a surrogate pair included.
    [[nodiscard]] scan_status scan_escape() noexcept;

    // RFC 3629 §4: one UTF-8 sequence starting at p_ (a byte ≥ 0x80): well-formed, shortest form, no surrogate,
    // at most U+10FFFF.
    [[nodiscard]] bool utf8_sequence() noexcept;

    // p_ at the opening quote. `out` is the content (between the quotes) when the string has no escape; a string
    // with a valid escape is unsupported (the caller would need it unescaped), after checking the whole string.
    [[nodiscard]] scan_status scan_string(std::string_view& out) noexcept;

    unsigned char const* p_;
    unsigned char const* end_;
    scanned_object& out_;
    bool arrays_allowed_ = true;
};

// Scans `text` as a flat JSON object within `lim` (see the top of this file). Beyond the size limit, or with a
// depth limit that would refuse what it holds, it answers unsupported: parse_json then reports the error.
[[nodiscard]] AUTHWIRE_DECL scan_status scan_json_object(std::string_view text, json_limits const& lim,
                                                         scanned_object& out) noexcept;

// The JSON value of a scanned scalar, allocated with `sp`.
[[nodiscard]] AUTHWIRE_DECL boost::json::value scan_value(scan_scalar const& s, boost::json::storage_ptr const& sp);

// The JSON value of a scanned member, allocated with `sp`.
[[nodiscard]] AUTHWIRE_DECL boost::json::value scan_value(scanned_object const& o, scan_member const& m,
                                                          boost::json::storage_ptr const& sp);

// Appends member `m` of `o` to `out` (whose memory resource builds it in place: no temporary value to move).
AUTHWIRE_DECL void scan_emplace(boost::json::object& out, scanned_object const& o, scan_member const& m);

// The members of a scanned object as a JSON object allocated with `sp`, in document order (as parse_json builds
// it).
[[nodiscard]] AUTHWIRE_DECL boost::json::object scan_to_object(scanned_object const& o, boost::json::storage_ptr const& sp);

// The members of a scanned object, kept to be built as a boost::json::object later (or never): a copy of the
// text (so the caller's buffer can be wiped at once; this copy is wiped by clear()), its scan, and which members
// make the object, in the order the object would have them. The scratch overloads keep the custom claims this
// way and build them only when a caller asks for them (see jwt_scratch).
struct deferred_object {
    std::string text;
    scanned_object scan;
    std::array<unsigned char, scanned_object::max_members> order{};
    std::size_t count = 0;
    bool pending = false;  // the members are here, not yet built

    deferred_object() = default;
    deferred_object(deferred_object const&) = delete;
    deferred_object& operator=(deferred_object const&) = delete;
    ~deferred_object() { OPENSSL_cleanse(text.data(), text.capacity()); }

    // Wipes the text (its capacity is kept) and forgets the members.
    void clear() noexcept;

    // The position in `order` of the member named `name`, or count when there is none.
    [[nodiscard]] std::size_t find(std::string_view name) const noexcept;

    // The index in scan.members of the member named `name`, or scan.size when there is none.
    [[nodiscard]] std::size_t find_in_scan(std::string_view name) const noexcept;

    // Removes order[i] as boost::json::object::erase does (the last member moves into the hole), so that the
    // object built afterwards has the members, in the order, that erasing from the built object would leave.
    void erase(std::size_t i) noexcept;

    // Every scanned member, in document order, left pending (to be built by build_into).
    void defer_all() noexcept;

    // Appends the members to `out` (empty, on the memory resource wanted) and forgets them. When memory runs out
    // (std::bad_alloc) `out` is left empty and the members stay pending: a later call builds them whole.
    void build_into(boost::json::object& out);
};

// parse_json_object for a JOSE header: the scanner when it can answer, parse_json_object otherwise (which then
// decides, errors included). The object is allocated with `sp`.
[[nodiscard]] AUTHWIRE_DECL result<boost::json::object> parse_header_object(std::string_view text,
                                                                            json_limits const& lim,
                                                                            boost::json::storage_ptr sp) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/json_scan.ipp>
#endif
