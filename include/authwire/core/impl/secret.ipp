#pragma once
// authwire — the definitions of <authwire/core/secret.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/secret.hpp>

namespace authwire {

AUTHWIRE_DECL secret::secret(std::string&& value) : bytes_(value.begin(), value.end()) {
    OPENSSL_cleanse(value.data(), value.size());
    value.clear();
}

AUTHWIRE_DECL std::span<unsigned char const> secret::reveal_bytes() const noexcept {
    return {reinterpret_cast<unsigned char const*>(bytes_.data()), bytes_.size()};
}

}  // namespace authwire
