#pragma once
// authwire — the authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2): the URL the user's
// browser is sent to.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/scope.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 6749 §4.1.1 (+ RFC 7636 §4.3, RFC 8707 §2, OpenID Connect Core §3.1.2.1): what the client asks for.
/// PKCE is required: building fails with error::pkce_required when `code_challenge` is empty, unless
/// `allow_without_pkce` is set (RFC 9700 §2.1.1).
struct authorization_request {
    std::string response_type = "code";
    std::string client_id;
    std::string redirect_uri;           ///< absolute, no fragment (§3.1.2), no response parameter in its query
                                        ///< (§3.1: code, state, iss … would come back twice); omitted when empty
    scope_set scope;                    ///< space-joined; every token checked against §3.3
    std::string state;                  ///< make_state(); omitted when empty
    std::string code_challenge;         ///< RFC 7636 §4.2
    oauth::code_challenge_method code_challenge_method = oauth::code_challenge_method::S256;
    std::vector<std::string> resource;  ///< RFC 8707 §2, absolute URIs, repeatable
    std::string nonce;                  ///< OpenID Connect; omitted when empty
    form extra;                         ///< further parameters (e.g. prompt, response_mode), appended last
    bool allow_without_pkce = false;    ///< opt out of the PKCE requirement (legacy servers only)

    /// RFC 7636 §4.3: send this pair's challenge and method.
    void set_pkce(pkce_pair const& p);
};

/// RFC 6749 §4.1.1: the request's parameters, in this order: response_type, client_id, state, redirect_uri,
/// scope, code_challenge, code_challenge_method, resource…, nonce, extra… (the authorization URL's query and
/// the body of a pushed authorization request, RFC 9126 §2.1). A redirect_uri that is not absolute, or whose
/// query names an authorization response parameter (query_names_authorization_response_parameter), is
/// error::invalid_argument.
[[nodiscard]] AUTHWIRE_DECL result<form> authorization_request_parameters(authorization_request const& r);

/// RFC 6749 §4.1.1 and §3.1: the authorization URL — the endpoint with the request's parameters added to its
/// query (a query the endpoint already has is kept). The endpoint must be an absolute http(s) URL without a
/// fragment (error::invalid_url).
[[nodiscard]] AUTHWIRE_DECL result<boost::urls::url> make_authorization_url(std::string_view authorization_endpoint,
                                                                            authorization_request const& r);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/authorization_request.ipp>
#endif
