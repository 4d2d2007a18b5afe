#pragma once
// authwire — the definitions of <authwire/server/access_token_keys.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/access_token_keys.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<void> access_token_signing_keys::rotate_to(jose::jws_key key,
                                                                std::chrono::system_clock::time_point now) {
    if (retention_ < std::chrono::seconds(1)) return error::invalid_argument;
    if (!is_access_token_signing_algorithm(key.algorithm())) return error::algorithm_not_allowed;
    if (!key.key().has_private() || key.key().kty() == jose::key_type::oct) return error::key_unusable;
    auto const kid = key.kid();
    if (!kid || kid->empty()) return error::invalid_argument;
    for (auto const& k : keys_)
        if (k.key.kid() == kid) return error::invalid_argument;
    try {
        keys_.reserve(keys_.size() + 1);
    } catch (std::exception const&) {
        return error::input_too_large;
    }
    for (auto& k : keys_)
        if (!k.retire_at) k.retire_at = now + retention_;
    keys_.push_back({std::move(key), std::nullopt});
    return {};
}

AUTHWIRE_DECL std::size_t access_token_signing_keys::purge(std::chrono::system_clock::time_point now) {
    return std::erase_if(keys_,
                         [now](access_token_signing_key const& k) { return k.retire_at && *k.retire_at <= now; });
}

AUTHWIRE_DECL jose::jws_key const* access_token_signing_keys::current() const noexcept {
    for (auto const& k : keys_)
        if (!k.retire_at) return &k.key;
    return nullptr;
}

AUTHWIRE_DECL std::span<access_token_signing_key const> access_token_signing_keys::keys() const noexcept {
    return keys_;
}

AUTHWIRE_DECL result<boost::json::object> access_token_signing_keys::published(
    std::chrono::system_clock::time_point now) const {
    try {
        boost::json::array out;
        for (auto const& k : keys_) {
            if (k.retire_at && *k.retire_at <= now) continue;
            auto pub = k.key.key().to_public();
            if (!pub) return pub.error();
            auto shown = pub->with_alg(std::string(jose::to_string(k.key.algorithm()))).with_use("sig");
            auto o = shown.to_json(jose::jwk_members::public_only);
            if (!o) return o.error();
            for (auto name : private_jwk_members)
                if (o->contains(name)) return error::key_unusable;
            out.emplace_back(std::move(*o));
        }
        boost::json::object set;
        set["keys"] = std::move(out);
        return set;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL http_response handle_jwks_request(http_request const& req, access_token_signing_keys const& keys,
                                                std::chrono::system_clock::time_point now,
                                                std::chrono::seconds max_age) noexcept {
    try {
        if (req.method != "GET" && req.method != "HEAD") return method_not_allowed_response("GET, HEAD");
        auto set = keys.published(now);
        if (!set) return internal_error_response();
        auto resp = cacheable_json_response(*set, max_age);
        if (req.method == "HEAD") resp.body.clear();
        return resp;
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server
