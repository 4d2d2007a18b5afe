#pragma once
// authwire — key rotation: one current key for minting, older keys accepted for validation until retired.

#include <authwire/core/result.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_set.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::jose {

/// Key rotation (RFC 7517 §4.5 "kid", RFC 8725 §3.1): the current binding mints; every binding not yet retired
/// (the current one included) validates. Every key in a ring must have a "kid", so that tokens minted with
/// one key stay verifiable after the next rotation. Rebuild verifiers/decrypters from `keys()` after a change.
template <class Algorithm>
class key_ring {
public:
    using binding = key_binding<Algorithm>;

    key_ring() = default;

    /// Make `b` the current key. The previous current key stays accepted for validation until retired.
    /// A key without a kid, or whose (kid, algorithm) is already in the ring, is error::invalid_argument.
    [[nodiscard]] result<void> rotate_to(binding b) {
        if (!b.kid() || b.kid()->empty()) return error::invalid_argument;
        std::string kid(*b.kid());
        auto const alg = b.algorithm();
        if (auto r = keys_.add(std::move(b)); !r) return r;
        current_ = keys_.find(alg, kid).value();
        current_kid_ = std::move(kid);
        current_alg_ = alg;
        return {};
    }

    /// Accept `b` for validation only (e.g. a key still in use elsewhere). Same kid rules as rotate_to.
    [[nodiscard]] result<void> accept(binding b) {
        if (!b.kid() || b.kid()->empty()) return error::invalid_argument;
        auto r = keys_.add(std::move(b));
        if (r && current_kid_) current_ = keys_.find(current_alg_, *current_kid_).value();
        return r;
    }

    /// Stop accepting the key(s) with `kid`. Retiring the current key is error::invalid_argument (rotate
    /// first); an unknown kid is error::unknown_key.
    [[nodiscard]] result<void> retire(std::string_view kid) {
        if (current_kid_ && *current_kid_ == kid) return error::invalid_argument;
        if (keys_.remove(kid) == 0) return error::unknown_key;
        if (current_kid_) current_ = keys_.find(current_alg_, *current_kid_).value();
        return {};
    }

    /// The key that mints, or nullptr before the first rotate_to.
    [[nodiscard]] binding const* current() const noexcept { return current_kid_ ? &keys_[current_] : nullptr; }

    /// Every key accepted for validation (the current one included).
    [[nodiscard]] key_set<Algorithm> const& keys() const noexcept { return keys_; }

private:
    key_set<Algorithm> keys_;
    std::size_t current_ = 0;
    std::optional<std::string> current_kid_;
    Algorithm current_alg_{};
};

/// A ring of JWS keys (e.g. the HS256 keys of a token issuer).
using jws_key_ring = key_ring<jws_algorithm>;
/// A ring of JWE keys (e.g. the "dir" keys of a token issuer).
using jwe_key_ring = key_ring<jwe_algorithm>;

} // namespace authwire::jose
