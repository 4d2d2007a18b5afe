#pragma once
// Heap allocations per call, for the benchmarks: a counting global operator new (C++ allocations) and, through
// CRYPTO_set_mem_functions, a count of OpenSSL's own mallocs. Include in exactly one translation unit of a
// benchmark program (each bench/*.cpp is one program), and read the counts with alloc_counter::snapshot().
//
// The replacement operators are not inline (the standard forbids it), so this header must not be included twice
// in one program.

#include <openssl/crypto.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace alloc_counter {

inline std::atomic<std::uint64_t> cxx_allocations{0};
inline std::atomic<std::uint64_t> openssl_allocations{0};
inline bool openssl_hooked = false;  // false when OpenSSL had allocated before the hook could be installed

struct counts {
    std::uint64_t cxx = 0;
    std::uint64_t openssl = 0;
};

[[nodiscard]] inline counts snapshot() noexcept {
    return {cxx_allocations.load(std::memory_order_relaxed), openssl_allocations.load(std::memory_order_relaxed)};
}

inline void* count_malloc(std::size_t n, char const*, int) {
    openssl_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n);
}
inline void* count_realloc(void* p, std::size_t n, char const*, int) {
    openssl_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::realloc(p, n);
}
inline void count_free(void* p, char const*, int) { std::free(p); }

// Installed before main(), ahead of OpenSSL's first allocation (nothing in these programs touches OpenSSL from
// a static initializer).
inline bool const installed = [] {
    openssl_hooked = CRYPTO_set_mem_functions(&count_malloc, &count_realloc, &count_free) == 1;
    return openssl_hooked;
}();

} // namespace alloc_counter

[[gnu::noinline]] void* operator new(std::size_t n) {
    alloc_counter::cxx_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) {
    alloc_counter::cxx_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new(std::size_t n, std::nothrow_t const&) noexcept {
    alloc_counter::cxx_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n == 0 ? 1 : n);
}
[[gnu::noinline]] void* operator new[](std::size_t n, std::nothrow_t const&) noexcept {
    alloc_counter::cxx_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n == 0 ? 1 : n);
}
// None of these is inlined: gcc would otherwise pair malloc and free across them (-Wmismatched-new-delete).
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
