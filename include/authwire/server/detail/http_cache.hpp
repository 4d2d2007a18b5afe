#pragma once
// authwire — internal: how long a fetched document (a JWK Set, a client ID metadata document) may be reused,
// from its Cache-Control field (RFC 9111 §5.2.2), bounded by the caller's floor and ceiling.

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
[[nodiscard]] inline std::optional<std::chrono::seconds> response_max_age(http_response const& resp) noexcept {
    std::optional<std::chrono::seconds> max_age;
    bool uncached = false;
    for (auto const& f : resp.headers) {
        if (!iequals(f.name, "Cache-Control")) continue;
        std::string_view list = f.value;
        while (!list.empty()) {
            auto const comma = list.find(',');
            auto item = list.substr(0, comma);
            list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
            while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
            auto const eq = item.find('=');
            auto const name = item.substr(0, eq);
            if (iequals(name, "no-store") || iequals(name, "no-cache")) {
                uncached = true;
                continue;
            }
            if (!iequals(name, "max-age") || eq == std::string_view::npos) continue;
            auto value = item.substr(eq + 1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
            if (value.empty()) continue;
            std::int64_t n = 0;
            bool digits = true;
            for (char const c : value) {
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
                n = std::min<std::int64_t>(n * 10 + (c - '0'), std::int64_t{1} << 31);
            }
            if (digits && !max_age) max_age = std::chrono::seconds(n);  // the first valid one counts
        }
    }
    if (uncached) return std::chrono::seconds(0);
    return max_age;
}

// How long to keep a fetched document: its max-age (none: `floor`) bounded to [floor, ceiling] — the floor
// keeps a hostile or careless publisher from making us refetch on every request, the ceiling keeps a
// document we rely on from outliving a change by much.
[[nodiscard]] inline std::chrono::seconds cache_lifetime(http_response const& resp, std::chrono::seconds floor,
                                                         std::chrono::seconds ceiling) noexcept {
    auto const age = response_max_age(resp).value_or(floor);
    return std::clamp(age, floor, std::max(floor, ceiling));
}

}  // namespace authwire::server::detail
