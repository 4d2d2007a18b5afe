#pragma once
// authwire — default bounds on everything read from a peer (RFC 8725 §3.12 spirit: parse nothing unbounded).

#include <cstddef>

namespace authwire::limits {

/// The largest JSON document (response body, JWS payload, metadata) parsed by default.
inline constexpr std::size_t max_json_size = 256 * 1024;
/// The deepest JSON nesting (objects and arrays) accepted by default.
inline constexpr std::size_t max_json_depth = 32;
/// The deepest JSON nesting accepted at all, whatever an option asks (json_limits::max_depth,
/// jws_options::max_header_depth …): a larger option is lowered to this. Parsing, the duplicate-name check and
/// destroying a value each recurse once per level, so the depth bounds the stack a document can take. At 64
/// levels that stays under 64 KiB even in an unoptimised AddressSanitizer build (about 1 KiB a level; some
/// 100 bytes at -O2), so parsing is safe on small thread stacks, and still twice the default: real OAuth and
/// JOSE documents nest a handful of levels.
inline constexpr std::size_t max_json_depth_cap = 64;
/// The largest application/x-www-form-urlencoded body or query decoded by default.
inline constexpr std::size_t max_form_size = 64 * 1024;
/// The most parameters a form or query may carry by default.
inline constexpr std::size_t max_form_parameters = 256;
/// The largest HTTP header field value parsed by default (WWW-Authenticate, Authorization).
inline constexpr std::size_t max_header_size = 16 * 1024;
/// The largest compact JWS/JWE accepted by default; checked before any decoding.
inline constexpr std::size_t max_compact_token_size = 16 * 1024;

} // namespace authwire::limits
