#pragma once
// authwire — internal: how long a fetched document (a JWK Set, a client ID metadata document) may be reused,
// from its Cache-Control field (RFC 9111 §5.2.2), bounded by the caller's floor and ceiling.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace authwire::server::detail {

// RFC 9111 §5.2.2: the response's `max-age` in seconds (the value may be quoted; several Cache-Control fields
// are one list), 0 for `no-store` or `no-cache` (store, but revalidate: for us, refetch), nullopt when none of
// these is there or the value is not a delta-seconds. Huge values saturate (RFC 9111 §1.2.2: 2^31).
[[nodiscard]] AUTHWIRE_DECL std::optional<std::chrono::seconds> response_max_age(http_response const& resp) noexcept;

// How long to keep a fetched document: its max-age (none: `floor`) bounded to [floor, ceiling] — the floor
// keeps a hostile or careless publisher from making us refetch on every request, the ceiling keeps a
// document we rely on from outliving a change by much.
[[nodiscard]] AUTHWIRE_DECL std::chrono::seconds cache_lifetime(http_response const& resp, std::chrono::seconds floor,
                                                                std::chrono::seconds ceiling) noexcept;

}  // namespace authwire::server::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/detail/impl/http_cache.ipp>
#endif
