#pragma once
// authwire — JWK Set (RFC 7517 §5): parse and serialize; keys of unsupported types are skipped, not fatal.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/jwk.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// RFC 7517 §5: a JWK Set — the "keys" array. Other members of the set are ignored.
class jwk_set {
public:
    jwk_set() = default;
    explicit jwk_set(std::vector<jwk> keys) noexcept : keys_(std::move(keys)) {}

    /// RFC 7517 §5: parse a JWK Set (strict, bounded JSON). Per §5, a key whose "kty" or "crv" authwire does
    /// not implement is skipped (counted in `skipped()`); any other invalid key fails the whole set, because
    /// a set with a malformed key is not one a careful publisher produced.
    [[nodiscard]] static result<jwk_set> parse(std::string_view json, json_limits const& lim = {});

    /// RFC 7517 §5: a JWK Set from an already parsed JSON object (see parse).
    [[nodiscard]] static result<jwk_set> from_json(boost::json::object const& o);

    /// RFC 7517 §5: the set as a JSON object {"keys":[…]} (private members only with include_private;
    /// "oct" keys need include_private — see jwk::to_json).
    [[nodiscard]] result<boost::json::object> to_json(jwk_members which = jwk_members::public_only) const;

    /// RFC 7517 §5: the set as JSON text (see to_json).
    [[nodiscard]] result<std::string> serialize(jwk_members which = jwk_members::public_only) const;

    /// RFC 7517 §4.5: the key whose "kid" is exactly `kid` (byte for byte), or nullptr. When several keys
    /// share the kid (allowed when their "kty" differ, §4.5), the first one.
    [[nodiscard]] jwk const* find(std::string_view kid) const noexcept;

    /// Add a key.
    void add(jwk k) { keys_.push_back(std::move(k)); }

    [[nodiscard]] std::vector<jwk> const& keys() const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }
    /// How many keys `parse` skipped because their type or curve is not supported.
    [[nodiscard]] std::size_t skipped() const noexcept { return skipped_; }
    [[nodiscard]] auto begin() const noexcept { return keys_.begin(); }
    [[nodiscard]] auto end() const noexcept { return keys_.end(); }

private:
    std::vector<jwk> keys_;
    std::size_t skipped_ = 0;
};

} // namespace authwire::jose

#if AUTHWIRE_DEFINITIONS
#include <authwire/jose/impl/jwk_set.ipp>
#endif
