#pragma once
// authwire — the definitions of <authwire/server/grant_error.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/grant_error.hpp>

namespace authwire::server {

AUTHWIRE_DECL error grant_error::oauth_error() const noexcept {
    return reason == grant_failure::store_failure ? store_failure_error(store_error) : error::invalid_grant;
}

AUTHWIRE_DECL std::string_view grant_error::description() const noexcept {
    bool const code_grant = kind == grant_kind::authorization_code;
    switch (reason) {
        case grant_failure::malformed:
            return code_grant ? "authorization code is malformed" : "refresh token is malformed";
        case grant_failure::unknown:
            return code_grant ? "authorization code is invalid" : "refresh token is invalid";
        case grant_failure::expired:
            return code_grant ? "authorization code has expired" : "refresh token has expired";
        case grant_failure::revoked:
            return code_grant ? "authorization code has been revoked" : "refresh token has been revoked";
        case grant_failure::reused:
            if (revoked_family_id.empty())  // e.g. a code first presented by another client: nothing was issued
                return code_grant ? "authorization code was already used" : "refresh token was already used";
            return code_grant ? "authorization code was already used; tokens issued with it are revoked"
                              : "refresh token was already used; the grant is revoked";
        case grant_failure::client_mismatch:
            return code_grant ? "authorization code was issued to another client"
                              : "refresh token was issued to another client";
        case grant_failure::redirect_uri_mismatch:
            return "redirect_uri does not match the authorization request";
        case grant_failure::pkce_verifier_missing:
            return "code_verifier is required";
        case grant_failure::pkce_verifier_unexpected:
            return "code_verifier sent but the authorization request had no code_challenge";
        case grant_failure::pkce_verifier_mismatch:
            return "code_verifier does not match the code_challenge";
        case grant_failure::pkce_required:
            return "authorization code was issued without PKCE, which is required";
        case grant_failure::pkce_method_not_allowed:
            return "code_challenge_method is not allowed";
        case grant_failure::store_failure:
            return "the authorization server could not process the grant";
    }
    return "grant is invalid";
}

AUTHWIRE_DECL error_response grant_error::to_error_response() const {
    auto const e = oauth_error();
    return {std::string(oauth_error_name(e)), std::string(description()), {}, error_status(e)};
}

AUTHWIRE_DECL void throw_exception_from_error(grant_error const& g, boost::source_location const& loc) {
    boost::throw_with_location(boost::system::system_error(g.code(), std::string(g.description())), loc);
}

}  // namespace authwire::server
