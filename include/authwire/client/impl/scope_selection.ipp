#pragma once
// authwire — the definitions of <authwire/client/scope_selection.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/scope_selection.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<oauth::scope_set> select_scope(std::optional<std::string_view> challenge_scope,
                                                    oauth::protected_resource_metadata const* resource) {
    if (challenge_scope && !challenge_scope->empty()) {
        auto s = oauth::scope_set::parse(*challenge_scope);
        if (!s) return error::malformed_header;
        return s;
    }
    oauth::scope_set out;
    if (resource != nullptr && resource->scopes_supported) {
        for (auto const& token : *resource->scopes_supported) {
            if (!oauth::is_scope_token(token)) return error::malformed_response;
            out.insert(token);
        }
    }
    return out;
}

AUTHWIRE_DECL result<oauth::scope_set> select_scope(discovery_result const& found) {
    std::optional<std::string_view> challenge;
    if (found.challenge_scope) challenge = std::string_view(*found.challenge_scope);
    return select_scope(challenge, &found.resource);
}

}  // namespace authwire::client
