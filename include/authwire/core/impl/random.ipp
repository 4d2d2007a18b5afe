#pragma once
// authwire — the definitions of <authwire/core/random.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/random.hpp>

#include <openssl/rand.h>

namespace authwire {

AUTHWIRE_DECL result<void> random_source::fill(std::span<unsigned char> out) const noexcept {
    if (out.empty()) return {};
    if (fill_ != nullptr) {
        if (fill_(context_, out)) return {};
        return error::random_failure;
    }
    while (!out.empty()) {
        auto const chunk =
            out.size() > static_cast<std::size_t>(INT_MAX) ? static_cast<std::size_t>(INT_MAX) : out.size();
        if (RAND_bytes(out.data(), static_cast<int>(chunk)) != 1) return error::random_failure;
        out = out.subspan(chunk);
    }
    return {};
}

AUTHWIRE_DECL result<void> random_bytes(std::span<unsigned char> out, random_source rng) noexcept {
    return rng.fill(out);
}

AUTHWIRE_DECL result<std::string> random_token(std::size_t n_bytes, random_source rng) {
    if (n_bytes < 16 || n_bytes > 1024) return error::invalid_argument;
    unsigned char buffer[1024];
    auto const bytes = std::span<unsigned char>(buffer, n_bytes);
    if (auto r = rng.fill(bytes); !r) return r.error();
    auto token = base64url_encode(bytes);
    OPENSSL_cleanse(buffer, n_bytes);
    return token;
}

}  // namespace authwire
