#pragma once
// authwire — the definitions of <authwire/client/detail/exchange.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/detail/exchange.hpp>

namespace authwire::client::detail {

AUTHWIRE_DECL result<std::string_view> advertised(std::optional<std::string> const& endpoint) noexcept {
    if (!endpoint || endpoint->empty()) return error::unsupported_operation;
    return std::string_view(*endpoint);
}

}  // namespace authwire::client::detail
