#pragma once
// authwire — the definitions of <authwire/server/client_secret.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/client_secret.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<std::string> generate_client_id(random_source rng) {
    return random_token(16, rng);
}

AUTHWIRE_DECL result<secret> generate_client_secret(random_source rng) {
    auto s = random_token(32, rng);
    if (!s) return s.error();
    return secret(std::move(*s));
}

AUTHWIRE_DECL result<hashed_client_secret> hash_client_secret(secret const& client_secret, random_source rng) {
    if (client_secret.empty()) return error::missing_argument;
    hashed_client_secret out;
    if (auto r = rng.fill(out.salt); !r) return r.error();
    auto mac = detail::hmac_sha256(out.salt, client_secret.reveal_bytes());
    if (!mac) return mac.error();
    out.mac = *mac;
    return out;
}

AUTHWIRE_DECL bool verify_client_secret(hashed_client_secret const& stored, std::string_view presented) noexcept {
    if (presented.empty()) return false;
    auto mac = detail::hmac_sha256(stored.salt, authwire::detail::as_bytes(presented));
    if (!mac) return false;
    return constant_time_equal(std::span<unsigned char const>(*mac), std::span<unsigned char const>(stored.mac));
}

}  // namespace authwire::server
