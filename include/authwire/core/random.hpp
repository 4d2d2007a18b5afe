#pragma once
// authwire — the one entry point for randomness: OpenSSL's CSPRNG, replaceable per call (never globally).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/result.hpp>

#include <openssl/crypto.h>

#include <climits>
#include <cstddef>
#include <span>
#include <string>
#include <type_traits>

namespace authwire {

/// A non-owning reference to a source of cryptographically secure random bytes.
///
/// Default-constructed, it is OpenSSL's `RAND_bytes`. Tests (and HSM users) pass their own: any object
/// callable as `bool(std::span<unsigned char>)` that returns false on failure. The referenced object must
/// outlive every use of the `random_source`. There is no global hook: whoever needs randomness takes a
/// `random_source` argument, so replacing it is visible at every call site.
class random_source {
public:
    using fill_function = bool (*)(void* context, std::span<unsigned char> out) noexcept;

    /// OpenSSL's default CSPRNG.
    constexpr random_source() noexcept = default;

    /// A C-style callback and its context.
    constexpr random_source(fill_function function, void* context) noexcept : fill_(function), context_(context) {}

    /// Any callable `bool(std::span<unsigned char>)`, by reference.
    template <class F>
        requires(!std::is_same_v<std::remove_cvref_t<F>, random_source> &&
                 std::is_invocable_r_v<bool, F&, std::span<unsigned char>>)
    random_source(F& f) noexcept  // NOLINT: implicit so that tests can pass a lambda directly
        : fill_(&call<F>), context_(static_cast<void*>(&f)) {}

        /// Fill `out` completely, or report error::random_failure. Never returns partially random output.
        [[nodiscard]] result<void> fill(std::span<unsigned char> out) const noexcept;

        /// True when this is OpenSSL's CSPRNG.
        [[nodiscard]] constexpr bool is_default() const noexcept { return fill_ == nullptr; }

    private:
        template <class F>
        static bool call(void* context, std::span<unsigned char> out) noexcept {
            try {
                return static_cast<bool>((*static_cast<F*>(context))(out));
            } catch (...) {
                return false;
            }
    }

    fill_function fill_ = nullptr;
    void* context_ = nullptr;
};

/// Fill `out` with random bytes from `rng` (OpenSSL `RAND_bytes` by default).
[[nodiscard]] AUTHWIRE_DECL result<void> random_bytes(std::span<unsigned char> out, random_source rng = {}) noexcept;

/// `n_bytes` random bytes, base64url-encoded without padding (RFC 4648 §5): state, nonce, codes, token ids.
/// 32 bytes (256 bits) is the default; fewer than 16 bytes (128 bits) is refused as too guessable
/// (RFC 6749 §10.10, RFC 9700 §4.7.1).
[[nodiscard]] AUTHWIRE_DECL result<std::string> random_token(std::size_t n_bytes = 32, random_source rng = {});

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/random.ipp>
#endif
