#pragma once
// authwire — the definitions of <authwire/server/introspection_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/introspection_endpoint.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool introspection_policy::may_see(std::string_view requester, std::string_view owner) const noexcept {
    return requester == owner ||
           std::find(privileged_clients.begin(), privileged_clients.end(), requester) != privileged_clients.end();
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL http_response introspection_answer(oauth::introspection_response const& r) {
    return json_response(200, oauth::to_json(r));
}

AUTHWIRE_DECL std::optional<oauth::scope_set> scope_of(std::string const& scope) {
    auto s = oauth::scope_set::parse(scope);
    if (!s || s->empty()) return std::nullopt;
    return std::move(*s);
}

}  // namespace authwire::server::detail
