#pragma once
// authwire — the definitions of <authwire/client/address_policy.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/address_policy.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<void> check_address(boost::urls::url_view target, boost::urls::url_view resource,
                                         address_policy const& policy) {
    if (policy.allow_internal_hosts) return {};
    auto const t = classify_host(target);
    if (t == host_class::public_host) return {};
    auto const r = classify_host(resource);
    if (t == r && (t == host_class::loopback || t == host_class::private_network)) return {};
    return error::address_not_allowed;
}

}  // namespace authwire::client
