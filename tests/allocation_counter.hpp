// authwire tests — counting heap allocations (issue 13): replaces the global operator new/delete of the test
// program with counting forms, so a test reads the exact number of C++ allocations a call makes (a count, unlike
// a timing, is exact). Include it in exactly ONE translation unit of a test program: the replacements are
// ordinary (non-inline) definitions, as the standard requires of replacement functions.
//
// Under AddressSanitizer the operators stay ASan's: it replaces every form of operator new and delete (aligned,
// nothrow …), and a program that replaces only some of them pairs ASan's new with this file's free — a
// mismatch ASan reports. The counts are checked in the unsanitized builds (default, clang, release): tests that
// count are enabled with `*boost::unit_test::enable_if<authwire_test::counting>()`.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__)
#define AUTHWIRE_COUNTS_ALLOCATIONS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define AUTHWIRE_COUNTS_ALLOCATIONS 0
#endif
#endif
#ifndef AUTHWIRE_COUNTS_ALLOCATIONS
#define AUTHWIRE_COUNTS_ALLOCATIONS 1
#endif

namespace authwire_test {
// Every operator new of this program (Boost.Test's own included), counted; the tests read differences.
inline std::atomic<std::uint64_t> allocations{0};
inline constexpr bool counting = AUTHWIRE_COUNTS_ALLOCATIONS != 0;
} // namespace authwire_test

#if AUTHWIRE_COUNTS_ALLOCATIONS
[[gnu::noinline]] void* operator new(std::size_t n) {
    authwire_test::allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) {
    authwire_test::allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
#endif
