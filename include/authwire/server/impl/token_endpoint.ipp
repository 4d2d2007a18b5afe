#pragma once
// authwire — the definitions of <authwire/server/token_endpoint.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/token_endpoint.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL http_response token_success(issued_access_token&& at, secret refresh_token, std::string_view scope) {
    oauth::token_response t;
    t.access_token = std::move(at.access_token);
    t.token_type = "Bearer";
    t.expires_in = at.expires_in;
    t.refresh_token = std::move(refresh_token);
    if (!scope.empty()) {
        auto s = oauth::scope_set::parse(scope);
        if (s) t.scope = std::move(*s);
    }
    return json_response(200, oauth::to_json(t));
}

AUTHWIRE_DECL http_response grant_failure_response(grant_error const& g) {
    return json_error_response(g.to_error_response());
}

AUTHWIRE_DECL std::vector<std::string_view> resource_parameters(form const& f) {
    return f.find_all("resource");
}

}  // namespace authwire::server::detail
