#pragma once
// authwire — internal: run a parser of untrusted input so that no exception escapes the API.

#include <authwire/core/error.hpp>

#include <exception>
#include <utility>

namespace authwire::oauth::detail {

// Runs `f` and turns any exception (allocation failure, a container size limit) into error::input_too_large,
// as docs/ARCHITECTURE.md prescribes for parsers. `f` returns a result<T> or an outcome<T>.
template <class F>
[[nodiscard]] auto guarded(F&& f) noexcept -> decltype(std::forward<F>(f)()) {
    try {
        return std::forward<F>(f)();
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

} // namespace authwire::oauth::detail
