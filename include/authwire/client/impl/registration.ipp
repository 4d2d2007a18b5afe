#pragma once
// authwire — the definitions of <authwire/client/registration.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/registration.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<oauth::client_metadata> registration_metadata_for(oauth::authorization_server_metadata const& as,
                                                                       oauth::client_metadata base) {
    if (base.redirect_uris.empty()) return error::missing_argument;
    if (!base.token_endpoint_auth_method) {
        auto m = oauth::choose_registration_auth_method(as.token_endpoint_auth_methods_supported);
        if (!m) return m.error();
        base.token_endpoint_auth_method = std::string(oauth::to_string(*m));
    }
    if (!base.application_type) base.application_type = std::string(oauth::application_type_for(base.redirect_uris));
    if (base.grant_types.empty()) {
        base.grant_types = {"authorization_code"};
        auto const& advertised = as.grant_types_supported;
        if (!advertised || std::find(advertised->begin(), advertised->end(), "refresh_token") != advertised->end())
            base.grant_types.emplace_back("refresh_token");
    }
    if (base.response_types.empty()) base.response_types = {"code"};
    return base;
}

AUTHWIRE_DECL result<oauth::client_authentication> client_authentication_for(
    oauth::client_information const& info, oauth::authorization_server_metadata const& as,
    std::optional<jose::jws_signer> signer) {
    std::optional<oauth::token_endpoint_auth_method> registered;
    if (auto const& name = info.metadata.token_endpoint_auth_method) {
        registered = oauth::parse_token_endpoint_auth_method(*name);
        if (!registered) return error::unsupported_operation;
    }
    auto method = oauth::choose_token_endpoint_auth_method(as.token_endpoint_auth_methods_supported, registered,
                                                           !info.client_secret.empty(), signer.has_value());
    if (!method) return method.error();
    oauth::client_authentication a;
    a.method = *method;
    a.client_id = info.client_id;
    a.client_secret = info.client_secret;
    a.assertion_signer = std::move(signer);
    return a;
}

}  // namespace authwire::client
