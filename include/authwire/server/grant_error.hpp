#pragma once
// authwire — why the token endpoint refuses an authorization_code or refresh_token grant, in a form that maps
// directly onto an RFC 6749 §5.2 error response (`invalid_grant` …, with an error_description).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/basic_result.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/result.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <string>
#include <string_view>

namespace authwire::server {

/// The grant being redeemed (RFC 6749 §4.1.3 and §6).
enum class grant_kind : unsigned char {
    authorization_code,
    refresh_token,
};

/// Why a grant was refused. Each maps to one RFC 6749 §5.2 error code (see grant_error::oauth_error()).
enum class grant_failure : unsigned char {
    malformed,                 ///< empty, oversized or not an opaque token of ours
    unknown,                   ///< not issued by us, or forgotten
    expired,                   ///< past its expiry
    revoked,                   ///< its grant was revoked
    reused,                    ///< presented again; what it issued, if anything, is now revoked (revoked_family_id)
    client_mismatch,           ///< issued to another client (RFC 6749 §4.1.3, §6)
    redirect_uri_mismatch,     ///< redirect_uri differs from the authorization request's (RFC 6749 §4.1.3)
    pkce_verifier_missing,     ///< a code_challenge was sent but no code_verifier now (RFC 7636 §4.6)
    pkce_verifier_unexpected,  ///< a code_verifier without a code_challenge: a downgrade (RFC 9700 §4.8.2)
    pkce_verifier_mismatch,    ///< the code_verifier does not match the code_challenge (RFC 7636 §4.6)
    pkce_required,             ///< the code was issued without PKCE, which is now required
    pkce_method_not_allowed,   ///< the code's challenge method (plain) is not allowed (RFC 9700 §2.1.1)
    store_failure,             ///< a store could not answer (see store_error); not the client's fault
};

/// A refused grant: the reason, what kind of grant it was, and what was revoked because of it.
struct grant_error {
    grant_failure reason = grant_failure::unknown;
    grant_kind kind = grant_kind::authorization_code;
    /// For reused: the family (grant) that was revoked because of the reuse; "" when nothing had been issued.
    std::string revoked_family_id;
    /// For store_failure: the store's error.
    error_code store_error{};

    /// RFC 6749 §5.2: the error code to answer with — for store_failure, store_failure_error(store_error)
    /// (temporarily_unavailable when the store is unavailable, else server_error); error::invalid_grant for
    /// everything else.
    [[nodiscard]] error oauth_error() const noexcept;

    /// The `oauth_error()` as an error_code.
    [[nodiscard]] error_code code() const noexcept { return make_error_code(oauth_error()); }

    /// RFC 6749 §5.2: text for `error_description` (never echoes the client's input, and names a revocation only
    /// when one happened: a reuse with a revoked_family_id).
    [[nodiscard]] std::string_view description() const noexcept;

    /// RFC 6749 §5.2: the error response body's members and status (error_status: 400, 500 for server_error, 503
    /// for temporarily_unavailable).
    [[nodiscard]] error_response to_error_response() const;

    friend bool operator==(grant_error const& g, grant_failure r) noexcept { return g.reason == r; }
};

// Found by argument-dependent lookup from grant_result<T>::value().
[[noreturn]] AUTHWIRE_DECL void throw_exception_from_error(grant_error const& g, boost::source_location const& loc);

/// The value, or why the grant was refused.
template <class T>
using grant_result = authwire::basic_result<T, grant_error>;

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/grant_error.ipp>
#endif
