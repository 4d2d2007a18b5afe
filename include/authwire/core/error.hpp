#pragma once
// authwire — one error enumeration, one boost::system category, and the condition groups over it.

#include <authwire/core/detail/config.hpp>
#include <boost/system/error_category.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/error_condition.hpp>
#include <boost/system/is_error_code_enum.hpp>
#include <boost/system/is_error_condition_enum.hpp>

#include <ostream>
#include <string>
#include <string_view>

namespace authwire {

using boost::system::error_code;
using boost::system::error_condition;

/// Every failure authwire reports. The numeric values are stable within a major version.
/// The groups below match `authwire::condition`; each code belongs to exactly one group.
enum class error {
    // --- caller misuse: the application asked for something that cannot be done --------------------------
    invalid_argument = 1,     ///< an argument is out of range or malformed
    missing_argument,         ///< a required argument was empty
    invalid_url,              ///< a URL the caller supplied is not an absolute http(s) URL
    key_unusable,             ///< the key cannot be used for this algorithm or operation
    unsupported_operation,    ///< the operation is not available in this configuration
    not_signed_in,            ///< a session was asked for a token before it was given one (sign in first)

    // --- malformed input: the peer sent something that does not parse -----------------------------------
    malformed_base64 = 100,   ///< not strict base64/base64url (padding, whitespace, alphabet, trailing bits)
    malformed_json,           ///< not a JSON text, or not UTF-8
    malformed_form,           ///< not application/x-www-form-urlencoded
    malformed_url,            ///< not a URL
    malformed_header,         ///< an HTTP header field that does not follow its grammar
    malformed_token,          ///< a compact JWS/JWE that does not have the right shape
    malformed_key,            ///< a JWK or PEM that does not describe a valid key
    malformed_response,       ///< a response that is neither a success nor a well-formed error
    missing_member,           ///< a required JSON member or parameter is absent
    wrong_member_type,        ///< a JSON member has the wrong type
    duplicate_member,         ///< a JSON member name or a request parameter appears twice
    input_too_large,          ///< the input exceeds a configured size limit
    nesting_too_deep,         ///< the input exceeds a configured nesting limit
    unexpected_status,        ///< an HTTP status code the protocol does not allow here
    unexpected_content_type,  ///< an HTTP Content-Type the protocol does not allow here

    // --- protocol error response: the peer answered with an OAuth error (RFC 6749 §4.1.2.1, §5.2 …) ------
    oauth_error = 200,        ///< an error code not registered below (see failure::response)
    invalid_request,
    invalid_client,
    invalid_grant,
    unauthorized_client,
    unsupported_grant_type,
    invalid_scope,
    access_denied,
    unsupported_response_type,
    server_error,
    temporarily_unavailable,
    invalid_token,            ///< RFC 6750 §3.1
    insufficient_scope,       ///< RFC 6750 §3.1
    authorization_pending,    ///< RFC 8628 §3.5
    slow_down,                ///< RFC 8628 §3.5
    expired_token,            ///< RFC 8628 §3.5
    invalid_redirect_uri,     ///< RFC 7591 §3.2.2
    invalid_client_metadata,  ///< RFC 7591 §3.2.2
    invalid_target,           ///< RFC 8707 §2
    unsupported_token_type,   ///< RFC 7009 §2.2.1

    // --- crypto failure: a cryptographic operation failed or did not verify -----------------------------
    random_failure = 300,     ///< the CSPRNG could not deliver bytes
    crypto_failure,           ///< the crypto library reported an internal failure
    signature_invalid,        ///< a signature or MAC does not verify
    decryption_failed,        ///< a ciphertext does not decrypt or authenticate

    // --- policy rejection: well-formed, but not acceptable under the configured policy ------------------
    algorithm_not_allowed = 400, ///< the algorithm is not on the allow-list (always so for "none")
    unsupported_algorithm,    ///< the algorithm is not implemented
    unknown_key,              ///< no key matches the `kid` (or no key is configured for the algorithm)
    weak_key,                 ///< the key is too weak: shorter than the algorithm requires, or of a
                              ///< known-broken construction (an RSA modulus with the ROCA fingerprint)
    token_expired,            ///< `exp` has passed
    token_not_yet_valid,      ///< `nbf` or `iat` is in the future
    wrong_audience,           ///< `aud` does not name this audience
    wrong_issuer,             ///< `iss` (or metadata `issuer`) is not the expected one
    missing_claim,            ///< a required claim is absent
    wrong_token_type,         ///< `typ` or `cty` is not the expected one
    unsupported_critical,     ///< a `crit` header names an extension that is not understood
    state_mismatch,           ///< the `state` of an authorization response is not ours
    insecure_url,             ///< an endpoint is not https (and not an allowed loopback URL)
    redirect_uri_rejected,    ///< a redirect URI violates the redirect-URI policy, or a registration server
                              ///< registered other redirect URIs than the client asked for
    pkce_required,            ///< PKCE is required and was not used, or used with a disallowed method
    token_revoked,            ///< the token (or its family) has been revoked
    token_reused,             ///< a single-use code or refresh token was presented again
    too_many_attempts,        ///< the authorization attempts allowed for one operation are used up (step-up)
    address_not_allowed,      ///< a URL names a loopback, private or link-local host the address policy refuses
    nonce_mismatch,           ///< an ID token's `nonce` is absent or not the one sent (OpenID Connect Core §3.1.3.7)
};

/// The five groups an `error` falls into; compare an `error_code` against one of these.
enum class condition {
    caller_misuse = 1,  ///< fix the calling code
    malformed_input,    ///< the peer sent garbage
    protocol_error,     ///< the peer answered with a protocol error response
    crypto_failure,     ///< a cryptographic check failed
    policy_rejection,   ///< well-formed, but refused by policy
};

namespace detail {

// The registered OAuth error strings, in the order of the protocol_error group of `error`.
inline constexpr std::string_view oauth_error_names[] = {
    "invalid_request",        "invalid_client",          "invalid_grant",
    "unauthorized_client",    "unsupported_grant_type",  "invalid_scope",
    "access_denied",          "unsupported_response_type", "server_error",
    "temporarily_unavailable", "invalid_token",          "insufficient_scope",
    "authorization_pending",  "slow_down",               "expired_token",
    "invalid_redirect_uri",   "invalid_client_metadata", "invalid_target",
    "unsupported_token_type",
};

[[nodiscard]] constexpr condition group_of(int ev) noexcept {
    if (ev < 100) return condition::caller_misuse;
    if (ev < 200) return condition::malformed_input;
    if (ev < 300) return condition::protocol_error;
    if (ev < 400) return condition::crypto_failure;
    return condition::policy_rejection;
}

[[nodiscard]] AUTHWIRE_DECL char const* describe(error e) noexcept;

class error_category_impl final : public boost::system::error_category {
public:
    // A fixed 64-bit identifier makes categories compare equal across shared-library boundaries.
    constexpr error_category_impl() noexcept : boost::system::error_category(0xa7f3'0c2e'5d41'9b01ULL) {}
    char const* name() const noexcept override { return "authwire"; }
    std::string message(int ev) const override { return describe(static_cast<error>(ev)); }
    char const* message(int ev, char* /*buffer*/, std::size_t /*len*/) const noexcept override;
    boost::system::error_condition default_error_condition(int ev) const noexcept override;
};

class condition_category_impl final : public boost::system::error_category {
public:
    constexpr condition_category_impl() noexcept : boost::system::error_category(0xa7f3'0c2e'5d41'9b02ULL) {}
    char const* name() const noexcept override { return "authwire.condition"; }
    std::string message(int ev) const override { return message(ev, nullptr, 0); }
    char const* message(int ev, char* /*buffer*/, std::size_t /*len*/) const noexcept override;
};

inline constexpr error_category_impl error_category_instance{};
inline constexpr condition_category_impl condition_category_instance{};


} // namespace detail

/// The category of every `authwire::error`.
[[nodiscard]] AUTHWIRE_DECL boost::system::error_category const& error_category() noexcept;

/// The category of `authwire::condition`.
[[nodiscard]] AUTHWIRE_DECL boost::system::error_category const& condition_category() noexcept;

[[nodiscard]] AUTHWIRE_DECL error_code make_error_code(error e) noexcept;

[[nodiscard]] AUTHWIRE_DECL error_condition make_error_condition(condition c) noexcept;

/// Prints the code's message, e.g. "malformed JSON" (for logs and test diagnostics).
inline std::ostream& operator<<(std::ostream& os, error e) { return os << detail::describe(e); }

/// Prints the condition's message, e.g. "policy rejection".
inline std::ostream& operator<<(std::ostream& os, condition c) {
    return os << condition_category().message(static_cast<int>(c));
}

/// RFC 6749 §4.1.2.1 / §5.2: the registered `error` string of a protocol error code, or "" for others.
[[nodiscard]] constexpr std::string_view oauth_error_name(error e) noexcept {
    auto const i = static_cast<int>(e) - static_cast<int>(error::invalid_request);
    constexpr auto n = static_cast<int>(std::size(detail::oauth_error_names));
    return i >= 0 && i < n ? detail::oauth_error_names[i] : std::string_view{};
}

/// RFC 6749 §11.4: map a received `error` string to its code; unregistered strings map to error::oauth_error.
[[nodiscard]] constexpr error oauth_error_from_name(std::string_view name) noexcept {
    int i = 0;
    for (auto n : detail::oauth_error_names) {
        if (n == name) return static_cast<error>(static_cast<int>(error::invalid_request) + i);
        ++i;
    }
    return error::oauth_error;
}

} // namespace authwire

namespace boost::system {
template <> struct is_error_code_enum<authwire::error> : std::true_type {};
template <> struct is_error_condition_enum<authwire::condition> : std::true_type {};
} // namespace boost::system

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/error.ipp>
#endif
