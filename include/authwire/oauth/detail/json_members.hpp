#pragma once
// authwire — internal: typed, strict readers for the members of a JSON object a peer sent.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth::detail {

using time_point = std::chrono::system_clock::time_point;

// A string member: absent is nullopt, a non-string is error::wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string>> string_member(boost::json::object const& o,
                                                                             std::string_view name);

// A string member that must be present and non-empty.
[[nodiscard]] AUTHWIRE_DECL result<std::string> required_string(boost::json::object const& o, std::string_view name);

// An array of strings: absent is nullopt; a non-array, or an element that is not a string, is wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::vector<std::string>>> string_array_member(
    boost::json::object const& o, std::string_view name);

// A boolean member: absent is nullopt, a non-boolean (including the strings "true"/"false") is wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<bool>> bool_member(boost::json::object const& o, std::string_view name);

// An integer member (a JSON number without fraction or exponent that fits in int64): absent is nullopt,
// anything else is wrong_member_type.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::int64_t>> integer_member(boost::json::object const& o,
                                                                               std::string_view name);

// How many whole seconds can be added to `from` without leaving the range of system_clock::time_point
// (one second of margin for `from`'s fraction). Computed without ever overflowing, whatever `from` is.
[[nodiscard]] AUTHWIRE_DECL std::int64_t max_seconds_after(time_point from) noexcept;

// `seconds` after `from`, or error::malformed_response when negative or beyond what the clock can represent.
[[nodiscard]] AUTHWIRE_DECL result<time_point> add_seconds(time_point from, std::int64_t seconds) noexcept;

// RFC 7519 §2 NumericDate member (whole seconds since the epoch, not negative): absent is nullopt.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<time_point>> numeric_date_member(boost::json::object const& o,
                                                                                  std::string_view name);

// Every member of `o` whose name is not in `known` — the peer's extensions, kept for the caller.
[[nodiscard]] AUTHWIRE_DECL boost::json::object extra_members(boost::json::object const& o,
                                                              std::span<std::string_view const> known);

[[nodiscard]] AUTHWIRE_DECL boost::json::object extra_members(boost::json::object const& o,
                                                              std::initializer_list<std::string_view> known);

// Seconds since the epoch of `t` (for writing NumericDate members).
[[nodiscard]] AUTHWIRE_DECL std::int64_t to_numeric_date(time_point t) noexcept;

// Writers used by the to_json functions: members with no value are omitted (RFC 8414 §3.2, RFC 7591 §2).
AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::string_view value);
AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::string const& value);
AUTHWIRE_DECL void put_string(boost::json::object& o, std::string_view name, std::optional<std::string> const& value);
AUTHWIRE_DECL void put_strings(boost::json::object& o, std::string_view name,
                               std::optional<std::vector<std::string>> const& values);
AUTHWIRE_DECL void put_strings(boost::json::object& o, std::string_view name, std::vector<std::string> const& values);
AUTHWIRE_DECL void put_bool(boost::json::object& o, std::string_view name, std::optional<bool> value);
AUTHWIRE_DECL void put_extra(boost::json::object& o, boost::json::object const& extra);

} // namespace authwire::oauth::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/detail/impl/json_members.ipp>
#endif
