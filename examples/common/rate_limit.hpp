#pragma once
// authwire examples — a rate limit per client address (a token bucket, kept as one time point per address: the
// generic cell rate algorithm): `burst` requests at once, then one every `interval`. Refusals say when to come back
// (RFC 6585 §4 429 Too Many Requests with RFC 9110 §10.2.3 Retry-After). Thread-safe (one mutex: a take is short).
//
// ▸ IPv6 addresses are limited per /64 (one host usually owns a whole /64, so per address would be no limit at
//   all); IPv4 addresses and anything else one by one.
// ▸ At most `max_addresses` buckets: buckets that are full again are dropped first; when every one is still in use,
//   a new address is refused too (the limiter itself must not become the unbounded table).

#include <boost/url/ipv6_address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace authwire::examples {

class address_rate_limit {
public:
    using time_point = std::chrono::system_clock::time_point;

    struct options {
        std::size_t burst = 10;                    ///< requests allowed at once from one address
        std::chrono::milliseconds interval{6000};  ///< then one per interval (6 s: 10 a minute)
        std::size_t max_addresses = 10'000;        ///< addresses tracked at once
    };

    /// The answer for one request.
    struct decision {
        bool allowed = true;
        std::chrono::seconds retry_after{0};  ///< when refused: wait at least this long (≥ 1 s)
    };

    address_rate_limit() = default;
    explicit address_rate_limit(options o) : options_(o) {}

    /// Count one request from `address` at `now`.
    [[nodiscard]] decision take(std::string_view address, time_point now) {
        auto const key = key_for(address);
        std::lock_guard lock(mutex_);
        auto it = next_free_.find(key);
        if (it == next_free_.end()) {
            if (next_free_.size() >= options_.max_addresses) purge_locked(now);
            if (next_free_.size() >= options_.max_addresses) return refused(options_.interval);
            it = next_free_.emplace(key, now).first;
        }
        // next_free_: when this address's bucket is full again. Each request pushes it one interval later; the
        // bucket is empty when it lies more than burst intervals ahead.
        auto const next = std::max(it->second, now) + options_.interval;
        auto const window = options_.interval * static_cast<long>(options_.burst);
        if (next - now > window) return refused(next - now - window);
        it->second = next;
        return {};
    }

    /// Forget the addresses whose bucket is full again (they are as good as never seen). Returns how many.
    std::size_t purge(time_point now) {
        std::lock_guard lock(mutex_);
        return purge_locked(now);
    }

    /// Addresses tracked.
    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return next_free_.size();
    }

private:
    std::size_t purge_locked(time_point now) {
        return std::erase_if(next_free_, [&](auto const& e) { return e.second <= now; });
    }

public:
    /// The bucket an address counts against: an IPv6 address's /64 ("2001:db8:1:2::/64"), anything else as is.
    [[nodiscard]] static std::string key_for(std::string_view address) {
        auto const v6 = boost::urls::parse_ipv6_address(address);
        if (!v6 || v6->is_v4_mapped()) return std::string(address);
        auto bytes = v6->to_bytes();
        for (std::size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
        return boost::urls::ipv6_address(bytes).to_string() + "/64";
    }

private:
    template <class Duration>
    [[nodiscard]] static decision refused(Duration wait) {
        auto s = std::chrono::ceil<std::chrono::seconds>(wait);
        return {false, s < std::chrono::seconds(1) ? std::chrono::seconds(1) : s};
    }

    options options_;
    mutable std::mutex mutex_;
    std::map<std::string, time_point, std::less<>> next_free_;  // under mutex_
};

} // namespace authwire::examples
