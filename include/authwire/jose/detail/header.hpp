#pragma once
// authwire — internal: JOSE header checks shared by JWS and JWE (RFC 7515 §4.1.11, RFC 7516 §4.1.13, RFC 7797 §3).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace authwire::jose::detail {

// Header Parameter names defined by RFC 7515 §4.1, RFC 7516 §4.1 and RFC 7518 §4.6–4.8 (JWA): never allowed
// in "crit" (RFC 7515 §4.1.11: "MUST NOT include Header Parameter names defined by this specification or [JWA]").
inline constexpr std::string_view registered_header_names[] = {
    "alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit",
    "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c",
};

// One pass over `o` for the members named in `names`: found[i] is that member's value, or nullptr. (The object
// came from the strict parser or is a boost::json::object: no name occurs twice.) Cheaper than one lookup per
// name, which hashes the name and compares keys each time.
template <std::size_t N>
inline void find_members(boost::json::object const& o, std::string_view const (&names)[N],
                         boost::json::value const* (&found)[N]) noexcept {
    for (auto& f : found) f = nullptr;
    for (auto const& m : o) {
        std::string_view const key = m.key();
        for (std::size_t i = 0; i < N; ++i) {
            if (key == names[i]) {
                found[i] = &m.value();
                break;
            }
        }
    }
}

// A string member found by find_members: absent is nullopt, present but not a string error::wrong_member_type
// (as json_string_member).
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::string_view>> string_member(boost::json::value const* v) noexcept;

// A string member that must be present: absent is error::missing_member, otherwise as string_member. For the
// members of a parsed header and (jose/detail/json_scan.hpp, found by argument-dependent lookup) of a scanned one.
template <class Member>
[[nodiscard]] result<std::string_view> required_string_member(Member const* m) noexcept {
    auto s = string_member(m);
    if (!s) return s.error();
    if (!*s) return error::missing_member;
    return **s;
}

// Stores a string member (nullopt: absent) into `slot`, keeping the string's capacity when it has one (a
// header or claims set reused from call to call).
AUTHWIRE_DECL void assign_member(std::optional<std::string>& slot, std::optional<std::string_view> v);

// RFC 7515 §4.1.11 / RFC 7516 §4.1.13: "crit", when present, is a non-empty array of distinct strings, none of
// them a registered name, each present in the (protected) header and understood by the caller (`understood`).
// In compact serialization every header is protected, so "crit" can never sit in an unprotected header here.
// RFC 7797 §3: "b64" is understood only as true; "b64":false (unencoded payload) is refused.
// `b64` and `crit` are the header's members of those names (nullptr when absent).
[[nodiscard]] AUTHWIRE_DECL result<void> check_critical(boost::json::object const& header,
                                                        boost::json::value const* b64, boost::json::value const* crit,
                                                        std::span<std::string const> understood);

// check_critical, finding "b64" and "crit" itself.
[[nodiscard]] AUTHWIRE_DECL result<void> check_critical(boost::json::object const& header,
                                                        std::span<std::string const> understood);

// The segments of a compact serialization: how many dots it has, and where they are.
struct compact_segments {
    std::size_t count = 0;
    std::size_t dots[4] = {};
};

// Counts segments (stops counting after five). A JWS has three, a JWE five (RFC 7515 §7.1, RFC 7516 §7.1).
[[nodiscard]] AUTHWIRE_DECL compact_segments find_segments(std::string_view token) noexcept;

} // namespace authwire::jose::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/detail/impl/header.ipp>
#endif
