#pragma once
// authwire — internal to the server layer: HMAC-SHA-256 (one shot, OpenSSL 3 EVP_Q_mac) and a transparent
// string hash, so that hash maps keyed by std::string can be searched with a std::string_view (no allocation).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <array>
#include <cstddef>
#include <functional>
#include <span>
#include <string_view>

namespace authwire::server::detail {

/// RFC 2104 HMAC with SHA-256 of `data` under `key` (which must not be empty), one shot.
[[nodiscard]] AUTHWIRE_DECL result<std::array<unsigned char, 32>> hmac_sha256(
    std::span<unsigned char const> key, std::span<unsigned char const> data) noexcept;

/// A hash that accepts std::string and std::string_view alike (C++20 heterogeneous lookup).
struct transparent_string_hash {
    using is_transparent = void;
    [[nodiscard]] std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

} // namespace authwire::server::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/detail/impl/hash.ipp>
#endif
