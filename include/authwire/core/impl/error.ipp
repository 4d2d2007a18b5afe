#pragma once
// authwire — the definitions of <authwire/core/error.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/error.hpp>

namespace authwire::detail {

AUTHWIRE_DECL char const* describe(error e) noexcept {
    switch (e) {
        case error::invalid_argument:
            return "invalid argument";
        case error::missing_argument:
            return "missing argument";
        case error::invalid_url:
            return "invalid URL";
        case error::key_unusable:
            return "key unusable for this algorithm or operation";
        case error::unsupported_operation:
            return "unsupported operation";
        case error::not_signed_in:
            return "not signed in";
        case error::malformed_base64:
            return "malformed base64";
        case error::malformed_json:
            return "malformed JSON";
        case error::malformed_form:
            return "malformed form encoding";
        case error::malformed_url:
            return "malformed URL";
        case error::malformed_header:
            return "malformed header field";
        case error::malformed_token:
            return "malformed token";
        case error::malformed_key:
            return "malformed key";
        case error::malformed_response:
            return "malformed response";
        case error::missing_member:
            return "missing member";
        case error::wrong_member_type:
            return "member has the wrong type";
        case error::duplicate_member:
            return "duplicate member";
        case error::input_too_large:
            return "input too large";
        case error::nesting_too_deep:
            return "nesting too deep";
        case error::unexpected_status:
            return "unexpected HTTP status";
        case error::unexpected_content_type:
            return "unexpected content type";
        case error::oauth_error:
            return "OAuth error response";
        case error::invalid_request:
            return "invalid_request";
        case error::invalid_client:
            return "invalid_client";
        case error::invalid_grant:
            return "invalid_grant";
        case error::unauthorized_client:
            return "unauthorized_client";
        case error::unsupported_grant_type:
            return "unsupported_grant_type";
        case error::invalid_scope:
            return "invalid_scope";
        case error::access_denied:
            return "access_denied";
        case error::unsupported_response_type:
            return "unsupported_response_type";
        case error::server_error:
            return "server_error";
        case error::temporarily_unavailable:
            return "temporarily_unavailable";
        case error::invalid_token:
            return "invalid_token";
        case error::insufficient_scope:
            return "insufficient_scope";
        case error::authorization_pending:
            return "authorization_pending";
        case error::slow_down:
            return "slow_down";
        case error::expired_token:
            return "expired_token";
        case error::invalid_redirect_uri:
            return "invalid_redirect_uri";
        case error::invalid_client_metadata:
            return "invalid_client_metadata";
        case error::invalid_target:
            return "invalid_target";
        case error::unsupported_token_type:
            return "unsupported_token_type";
        case error::random_failure:
            return "random number generator failure";
        case error::crypto_failure:
            return "cryptographic library failure";
        case error::signature_invalid:
            return "signature invalid";
        case error::decryption_failed:
            return "decryption failed";
        case error::algorithm_not_allowed:
            return "algorithm not allowed";
        case error::unsupported_algorithm:
            return "unsupported algorithm";
        case error::unknown_key:
            return "unknown key";
        case error::weak_key:
            return "key too weak";
        case error::token_expired:
            return "expired";
        case error::token_not_yet_valid:
            return "not yet valid";
        case error::wrong_audience:
            return "wrong audience";
        case error::wrong_issuer:
            return "wrong issuer";
        case error::missing_claim:
            return "missing claim";
        case error::wrong_token_type:
            return "wrong token type";
        case error::unsupported_critical:
            return "unsupported critical header";
        case error::state_mismatch:
            return "state mismatch";
        case error::insecure_url:
            return "insecure URL";
        case error::redirect_uri_rejected:
            return "redirect URI rejected";
        case error::pkce_required:
            return "PKCE required";
        case error::token_revoked:
            return "token revoked";
        case error::token_reused:
            return "token reused";
        case error::too_many_attempts:
            return "too many authorization attempts for one operation";
        case error::address_not_allowed:
            return "address not allowed by the address policy";
        case error::nonce_mismatch:
            return "nonce mismatch";
    }
    return "unknown authwire error";
}

AUTHWIRE_DECL char const* error_category_impl::message(int ev, char* /*buffer*/, std::size_t /*len*/) const noexcept {
    return describe(static_cast<error>(ev));
}

AUTHWIRE_DECL char const* condition_category_impl::message(int ev, char* /*buffer*/,
                                                           std::size_t /*len*/) const noexcept {
    switch (static_cast<condition>(ev)) {
        case condition::caller_misuse:
            return "caller misuse";
        case condition::malformed_input:
            return "malformed input";
        case condition::protocol_error:
            return "protocol error response";
        case condition::crypto_failure:
            return "cryptographic failure";
        case condition::policy_rejection:
            return "policy rejection";
    }
    return "unknown authwire condition";
}

AUTHWIRE_DECL boost::system::error_condition error_category_impl::default_error_condition(int ev) const noexcept {
    return {static_cast<int>(group_of(ev)), condition_category_instance};
}

}  // namespace authwire::detail

namespace authwire {

AUTHWIRE_DECL boost::system::error_category const& error_category() noexcept {
    return detail::error_category_instance;
}

AUTHWIRE_DECL boost::system::error_category const& condition_category() noexcept {
    return detail::condition_category_instance;
}

AUTHWIRE_DECL error_code make_error_code(error e) noexcept {
    return {static_cast<int>(e), error_category()};
}

AUTHWIRE_DECL error_condition make_error_condition(condition c) noexcept {
    return {static_cast<int>(c), condition_category()};
}

}  // namespace authwire
