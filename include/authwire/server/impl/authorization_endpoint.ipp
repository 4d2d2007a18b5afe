#pragma once
// authwire — the definitions of <authwire/server/authorization_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/authorization_endpoint.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool authorization_step::needs_consent() const noexcept {
    return std::holds_alternative<validated_authorization_request>(v_);
}

AUTHWIRE_DECL validated_authorization_request const& authorization_step::request() const {
    return std::get<validated_authorization_request>(v_);
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL http_response authorization_redirect(std::string_view redirect_uri, form params,
                                                   authorization_server_config const& config) {
    params.add("iss", config.issuer);
    auto u = boost::urls::parse_uri(redirect_uri);
    if (!u) return error_page_response(make_error_response(error::server_error, "the redirect URI is not usable"));
    if (u->has_query() && any_query_parameter_name(u->encoded_query(), [&](std::string_view n) {
            return oauth::is_authorization_response_parameter(n) || params.count(n) != 0;
        }))
        return error_page_response(
            make_error_response(error::server_error, "the redirect URI already carries a response parameter"));
    boost::urls::url url(*u);
    if (auto r = oauth::detail::append_query(url, params.encode()); !r)
        return error_page_response(make_error_response(error::server_error, "the redirect URI is not usable"));
    return redirect_response(url.buffer(), config.authorization_redirect_status);
}

AUTHWIRE_DECL http_response authorization_error_redirect(std::string_view redirect_uri,
                                                         std::optional<std::string> const& state, error e,
                                                         std::string_view description,
                                                         authorization_server_config const& config) {
    form params{{"error", oauth_error_name(e)}};
    params.add_if("error_description", description);
    if (state) params.add("state", *state);
    return authorization_redirect(redirect_uri, std::move(params), config);
}

AUTHWIRE_DECL http_response authorization_error_page(error e, std::string_view description) {
    return error_page_response(make_error_response(e, description));
}

}  // namespace authwire::server::detail
