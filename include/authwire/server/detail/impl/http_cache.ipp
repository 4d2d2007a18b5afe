#pragma once
// authwire — the definitions of <authwire/server/detail/http_cache.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/detail/http_cache.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL std::optional<std::chrono::seconds> response_max_age(http_response const& resp) noexcept {
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
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
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

AUTHWIRE_DECL std::chrono::seconds cache_lifetime(http_response const& resp, std::chrono::seconds floor,
                                                  std::chrono::seconds ceiling) noexcept {
    auto const age = response_max_age(resp).value_or(floor);
    return std::clamp(age, floor, std::max(floor, ceiling));
}

}  // namespace authwire::server::detail
