#pragma once
// authwire — the definitions of <authwire/server/refresh_rotation.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/refresh_rotation.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL result<std::array<unsigned char, 32>> successor_pad(std::string_view presented) noexcept {
    return hmac_sha256(authwire::detail::as_bytes(presented), authwire::detail::as_bytes(successor_seal_label));
}

AUTHWIRE_DECL result<std::array<unsigned char, 32>> seal_successor(std::string_view presented,
                                                                   secret const& successor) noexcept {
    std::array<unsigned char, 32> raw{};
    if (successor.size() != opaque_token_length) return error::invalid_argument;
    auto n = base64url_decode_into(successor.reveal(), raw);
    if (!n || *n != raw.size()) return error::invalid_argument;
    auto pad = successor_pad(presented);
    if (!pad) return pad.error();
    for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<unsigned char>(raw[i] ^ (*pad)[i]);
    return raw;
}

AUTHWIRE_DECL result<secret> open_successor(std::string_view presented, refresh_successor const& s) {
    auto pad = successor_pad(presented);
    if (!pad) return pad.error();
    std::array<unsigned char, 32> raw{};
    for (std::size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<unsigned char>(s.sealed[i] ^ (*pad)[i]);
    secret token(base64url_encode(raw));
    OPENSSL_cleanse(raw.data(), raw.size());
    auto h = hash_token(token.reveal());
    if (!h) return h.error();
    if (!(*h == s.hash)) return error::decryption_failed;
    return token;
}

}  // namespace authwire::server::detail
