#pragma once
// authwire — a value type for client secrets, tokens and verifiers: never printed, wiped, compared in constant time.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/constant_time.hpp>

#include <openssl/crypto.h>

#include <cstddef>
#include <memory>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire {

namespace detail {

/// An allocator that overwrites memory (OPENSSL_cleanse) before giving it back.
template <class T>
struct zeroizing_allocator {
    using value_type = T;
    zeroizing_allocator() noexcept = default;
    template <class U>
    zeroizing_allocator(zeroizing_allocator<U> const&) noexcept {}  // NOLINT: allocator rebinding
    [[nodiscard]] T* allocate(std::size_t n) { return std::allocator<T>{}.allocate(n); }
    void deallocate(T* p, std::size_t n) noexcept {
        OPENSSL_cleanse(p, n * sizeof(T));
        std::allocator<T>{}.deallocate(p, n);
    }
    template <class U>
    friend bool operator==(zeroizing_allocator const&, zeroizing_allocator<U> const&) noexcept {
        return true;
    }
};

} // namespace detail

/// A secret string: a client_secret, an access or refresh token, a code_verifier, a key.
///
/// - Streaming it prints `[redacted]`; the only way to the bytes is the explicit `reveal()`.
/// - Its storage lives on the heap (no small-string buffer) and is wiped when released.
/// - `==` compares in constant time.
class secret {
public:
    secret() = default;
    explicit secret(std::string_view value) : bytes_(value.begin(), value.end()) {}
    explicit secret(char const* value) : secret(std::string_view(value)) {}
    /// Takes the string's bytes and wipes the string it was given.
    explicit secret(std::string&& value);

    secret(secret const&) = default;
    secret(secret&&) noexcept = default;
    secret& operator=(secret const&) = default;
    secret& operator=(secret&& other) noexcept = default;
    ~secret() = default;

    /// The secret's bytes. Named so that every use is easy to find in a review.
    [[nodiscard]] std::string_view reveal() const noexcept { return {bytes_.data(), bytes_.size()}; }

    /// The secret's bytes as unsigned bytes (for crypto APIs).
    [[nodiscard]] std::span<unsigned char const> reveal_bytes() const noexcept;

    [[nodiscard]] bool empty() const noexcept { return bytes_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

    /// Constant-time equality (only the lengths may leak).
    friend bool operator==(secret const& a, secret const& b) noexcept {
        return constant_time_equal(a.reveal(), b.reveal());
    }

    friend std::ostream& operator<<(std::ostream& os, secret const&) { return os << "[redacted]"; }

private:
    std::vector<char, detail::zeroizing_allocator<char>> bytes_;
};

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/secret.ipp>
#endif
