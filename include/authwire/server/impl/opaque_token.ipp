#pragma once
// authwire — the definitions of <authwire/server/opaque_token.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/opaque_token.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<secret> generate_opaque_token(random_source rng) {
    auto token = random_token(opaque_token_bytes, rng);
    if (!token) return token.error();
    return secret(std::move(*token));
}

AUTHWIRE_DECL result<token_hash> hash_token(std::string_view token) noexcept {
    auto digest = authwire::detail::sha256(authwire::detail::as_bytes(token));
    if (!digest) return digest.error();
    return token_hash{*digest};
}

}  // namespace authwire::server
