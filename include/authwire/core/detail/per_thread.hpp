#pragma once
// authwire — internal: state that many threads use without waiting for each other and without bouncing one
// cache line between cores: a per-thread starting point (thread_hint), cache-line padded stripes, and a bounded
// lock-free pool of reusable OpenSSL contexts (context_pool). No global state: the hint is derived from the
// thread's id and only cached per thread.

#include <authwire/core/detail/config.hpp>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>

namespace authwire::detail {

/// The padding unit that keeps two threads' hot words off one cache line (64 bytes on x86-64 and most ARM cores;
/// std::hardware_destructive_interference_size is not used: its value may differ between compilations).
inline constexpr std::size_t cache_line_size = 64;

/// How many stripes a per-thread structure has: a power of two, so that a few threads rarely start at the same
/// stripe (two threads: 1 in 32) while the array stays 2 KiB. Fixed rather than derived from the core count, which
/// the library would have to ask the system for (a file read on Linux); more threads than stripes share stripes,
/// which costs some speed, never correctness.
[[nodiscard]] constexpr std::size_t stripe_count() noexcept { return 32; }

/// A well-mixed number for the calling thread, the same on each call from it: where it starts in striped
/// structures. Computed once per thread from std::this_thread::get_id().
[[nodiscard]] AUTHWIRE_DECL std::size_t thread_hint() noexcept;

/// A bounded, lock-free pool of contexts of type T, freed with Free: stripe_count() slots, one per cache line.
/// A thread takes from and returns to the slot its thread_hint names first, so threads that each hold one context
/// touch only their own cache line; a thread that finds its slot empty looks at the others, and the caller makes
/// a fresh context when every slot is empty. Returning to a full pool frees the context: the pool never holds more
/// than stripe_count() contexts, and frees what it holds when destroyed (a context out on loan then is the
/// caller's: it must give it back before the pool goes, which a call on the owning object guarantees).
template <class T, void (*Free)(T*)>
class context_pool {
public:
    context_pool() = default;
    context_pool(context_pool const&) = delete;
    context_pool& operator=(context_pool const&) = delete;
    ~context_pool() {
        if (!slots_) return;
        for (std::size_t i = 0; i <= mask_; ++i) Free(slots_[i].context.exchange(nullptr, std::memory_order_acquire));
    }

    /// Makes the slots (a pool without them never holds anything). False when out of memory.
    [[nodiscard]] bool open() noexcept {
        if (slots_) return true;
        auto const n = stripe_count();
        slots_.reset(new (std::nothrow) slot[n]);
        if (!slots_) return false;
        mask_ = n - 1;
        return true;
    }

    /// A context nobody else holds, or nullptr when every slot is empty (then make one, and give() it back).
    [[nodiscard]] T* take() noexcept {
        if (!slots_) return nullptr;
        auto const start = thread_hint();
        for (std::size_t i = 0; i <= mask_; ++i) {
            auto& s = slots_[(start + i) & mask_].context;
            if (s.load(std::memory_order_relaxed) == nullptr) continue;  // read before writing: no needless bounce
            if (T* c = s.exchange(nullptr, std::memory_order_acquire)) return c;
        }
        return nullptr;
    }

    /// Keep `c` (a context in a reusable state) for the next take(), or free it when every slot is full.
    void give(T* c) noexcept {
        if (c == nullptr) return;
        if (slots_) {
            auto const start = thread_hint();
            for (std::size_t i = 0; i <= mask_; ++i) {
                auto& s = slots_[(start + i) & mask_].context;
                T* empty = nullptr;
                if (s.load(std::memory_order_relaxed) == nullptr &&
                    s.compare_exchange_strong(empty, c, std::memory_order_release, std::memory_order_relaxed))
                    return;
            }
        }
        Free(c);
    }

private:
    struct alignas(cache_line_size) slot {
        std::atomic<T*> context{nullptr};
    };
    std::unique_ptr<slot[]> slots_;
    std::size_t mask_ = 0;
};

} // namespace authwire::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/detail/impl/per_thread.ipp>
#endif
