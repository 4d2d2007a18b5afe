#pragma once
// authwire — the definitions of <authwire/oauth/authorization_request.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/authorization_request.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL void authorization_request::set_pkce(pkce_pair const& p) {
    code_challenge = p.code_challenge;
    code_challenge_method = p.method;
}

AUTHWIRE_DECL result<form> authorization_request_parameters(authorization_request const& r) {
    if (r.client_id.empty() || r.response_type.empty()) return error::missing_argument;
    if (!r.redirect_uri.empty()) {
        auto const u = boost::urls::parse_uri(r.redirect_uri);
        if (!u || !detail::is_absolute_uri(r.redirect_uri)) return error::invalid_argument;
        if (u->has_query() && query_names_authorization_response_parameter(u->encoded_query()))
            return error::invalid_argument;
    }
    if (!r.scope.valid()) return error::invalid_argument;
    if (r.code_challenge.empty()) {
        if (!r.allow_without_pkce) return error::pkce_required;
    } else if (!is_valid_code_verifier(r.code_challenge)) {  // RFC 7636 §4.2: the same 43–128 unreserved chars
        return error::invalid_argument;
    }
    form f{{"response_type", r.response_type}, {"client_id", r.client_id}};
    f.add_if("state", r.state);
    f.add_if("redirect_uri", r.redirect_uri);
    f.add_if("scope", r.scope.to_string());
    if (!r.code_challenge.empty()) {
        f.add("code_challenge", r.code_challenge);
        f.add("code_challenge_method", to_string(r.code_challenge_method));
    }
    if (auto res = detail::add_resources(f, r.resource); !res) return res.error();
    f.add_if("nonce", r.nonce);
    if (auto res = detail::add_extra(f, r.extra); !res) return res.error();
    return f;
}

AUTHWIRE_DECL result<boost::urls::url> make_authorization_url(std::string_view authorization_endpoint,
                                                              authorization_request const& r) {
    auto url = detail::parse_endpoint(authorization_endpoint);
    if (!url) return url.error();
    auto params = authorization_request_parameters(r);
    if (!params) return params.error();
    if (auto res = detail::append_query(*url, params->encode()); !res) return res.error();
    return std::move(*url);
}

}  // namespace authwire::oauth
