#pragma once
// authwire — the definitions of <authwire/jose/jwk_set.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/jwk_set.hpp>

namespace authwire::jose {

AUTHWIRE_DECL result<jwk_set> jwk_set::parse(std::string_view json, json_limits const& lim) {
    auto o = parse_json_object(json, lim);
    if (!o) return o.error();
    return from_json(*o);
}

AUTHWIRE_DECL result<jwk_set> jwk_set::from_json(boost::json::object const& o) {
    auto const* keys = o.if_contains("keys");
    if (keys == nullptr) return error::missing_member;  // RFC 7517 §5.1: "keys" is REQUIRED
    auto const* arr = keys->if_array();
    if (arr == nullptr) return error::wrong_member_type;
    jwk_set set;
    try {
        set.keys_.reserve(arr->size());
    } catch (std::exception const&) {
        return error::input_too_large;
    }
    for (auto const& v : *arr) {
        auto const* ko = v.if_object();
        if (ko == nullptr) return error::wrong_member_type;
        auto k = jwk::from_json(*ko);
        if (!k) {
            if (k.error() == error::unsupported_algorithm) {
                ++set.skipped_;
                continue;
            }
            return k.error();
        }
        set.keys_.push_back(std::move(*k));
    }
    return set;
}

AUTHWIRE_DECL result<boost::json::object> jwk_set::to_json(jwk_members which) const {
    boost::json::array arr;
    for (auto const& k : keys_) {
        auto o = k.to_json(which);
        if (!o) return o.error();
        arr.emplace_back(std::move(*o));
    }
    boost::json::object out;
    out["keys"] = std::move(arr);
    return out;
}

AUTHWIRE_DECL result<std::string> jwk_set::serialize(jwk_members which) const {
    auto o = to_json(which);
    if (!o) return o.error();
    return boost::json::serialize(*o);
}

AUTHWIRE_DECL jwk const* jwk_set::find(std::string_view kid) const noexcept {
    for (auto const& k : keys_)
        if (k.kid() == kid) return &k;
    return nullptr;
}

AUTHWIRE_DECL std::vector<jwk> const& jwk_set::keys() const noexcept {
    return keys_;
}

}  // namespace authwire::jose
