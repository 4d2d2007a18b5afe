#pragma once
// authwire — the definitions of <authwire/core/detail/per_thread.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/detail/per_thread.hpp>

#include <thread>

namespace authwire::detail {

AUTHWIRE_DECL std::size_t thread_hint() noexcept {
    thread_local std::size_t const hint = [] {
        auto h = static_cast<std::uint64_t>(std::hash<std::thread::id>{}(std::this_thread::get_id()));
        // splitmix64's finaliser: thread ids are aligned addresses on some platforms, so mix every bit down.
        h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
        h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<std::size_t>(h ^ (h >> 31));
    }();
    return hint;
}

}  // namespace authwire::detail
