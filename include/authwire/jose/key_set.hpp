#pragma once
// authwire — a set of (key, algorithm) bindings and the rule that picks one for a token (RFC 7515 §4.1.4, RFC 8725 §3.1).

#include <authwire/core/result.hpp>
#include <authwire/jose/key_binding.hpp>

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// The keys a verifier or decrypter accepts, each bound to one algorithm.
///
/// Selection rule (`find`), given the token's "alg" and optional "kid":
/// - only bindings for exactly that algorithm are candidates — a key is never used with another algorithm;
/// - with a "kid": the candidate whose kid equals it byte for byte; none is error::unknown_key;
/// - without a "kid": accepted only when exactly one candidate exists (whatever its kid); zero or several
///   candidates is error::unknown_key — authwire never tries keys one after another.
/// A (kid, algorithm) pair appears at most once; the same key may be bound to several algorithms.
template <class Algorithm>
class key_set {
public:
    using binding = key_binding<Algorithm>;

    key_set() = default;

    /// Add a binding; a second binding with the same kid (or both without one) and algorithm is
    /// error::invalid_argument.
    [[nodiscard]] result<void> add(binding b) {
        for (auto const& existing : bindings_)
            if (existing.algorithm() == b.algorithm() && existing.kid() == b.kid()) return error::invalid_argument;
        bindings_.push_back(std::move(b));
        return {};
    }

    /// Remove every binding whose kid is `kid`; returns how many were removed.
    std::size_t remove(std::string_view kid) {
        return std::erase_if(bindings_, [kid](binding const& b) { return b.kid() == kid; });
    }

    /// RFC 7515 §4.1.4 / RFC 7516 §4.1.6, RFC 8725 §3.1: the index of the binding for a token with `alg` and
    /// `kid`, by the selection rule above.
    [[nodiscard]] result<std::size_t> find(Algorithm alg, std::optional<std::string_view> kid) const noexcept {
        std::size_t found = bindings_.size();
        std::size_t candidates = 0;
        for (std::size_t i = 0; i < bindings_.size(); ++i) {
            auto const& b = bindings_[i];
            if (b.algorithm() != alg) continue;
            ++candidates;
            if (kid) {
                if (b.kid() == kid) return i;
            } else {
                found = i;
            }
        }
        if (!kid && candidates == 1) return found;
        return error::unknown_key;
    }

    /// RFC 7515 §4.1.4, RFC 8725 §3.1: the binding for a token with `alg` and `kid` (see find).
    [[nodiscard]] result<binding const*> select(Algorithm alg, std::optional<std::string_view> kid) const noexcept {
        auto i = find(alg, kid);
        if (!i) return i.error();
        return &bindings_[*i];
    }

    [[nodiscard]] std::size_t size() const noexcept { return bindings_.size(); }
    [[nodiscard]] bool empty() const noexcept { return bindings_.empty(); }
    [[nodiscard]] binding const& operator[](std::size_t i) const noexcept { return bindings_[i]; }
    [[nodiscard]] auto begin() const noexcept { return bindings_.begin(); }
    [[nodiscard]] auto end() const noexcept { return bindings_.end(); }

private:
    std::vector<binding> bindings_;
};

/// The JWS keys a verifier accepts.
using jws_key_set = key_set<jws_algorithm>;
/// The JWE keys a decrypter accepts.
using jwe_key_set = key_set<jwe_algorithm>;

} // namespace authwire::jose
