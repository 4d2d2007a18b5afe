#pragma once
// authwire — the authorization response on the client's redirect URI (RFC 6749 §4.1.2, §4.1.2.1, RFC 9207):
// success (code, state, iss) or error, checked against what the client sent.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/state.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207 §2: the parameters an authorization server adds to the client's
/// redirect URI. RFC 6749 §3.1 forbids repeating a parameter, so a redirect URI whose query already names one of
/// them cannot carry a response (its value would come twice, an injected one first).
inline constexpr std::string_view authorization_response_parameters[] = {"code",  "state",         "iss",
                                                                         "error", "error_description", "error_uri"};

/// RFC 6749 §4.1.2, §4.1.2.1, RFC 9207 §2: is `name` one of authorization_response_parameters?
[[nodiscard]] constexpr bool is_authorization_response_parameter(std::string_view name) noexcept {
    for (auto const p : authorization_response_parameters)
        if (p == name) return true;
    return false;
}

/// RFC 6749 §3.1, §3.1.2: does the query of a redirect URI (without its '?') name an authorization response
/// parameter, in any spelling (any_query_parameter_name)? Such a redirect URI must not be registered or used.
[[nodiscard]] AUTHWIRE_DECL bool query_names_authorization_response_parameter(std::string_view query);

/// What the client remembers from its authorization request, to check the response against.
struct authorization_response_expectations {
    std::string_view state{};   ///< the state sent; empty if none was sent (then none may come back)
    std::string_view issuer{};  ///< the issuer the request was sent to (RFC 9207 §2.4)
    /// RFC 9207 §2.4: the server's metadata has `authorization_response_iss_parameter_supported: true`, so `iss`
    /// is required. (When `iss` is present it is always checked against `issuer`.)
    bool iss_required = false;
    std::size_t max_size = limits::max_form_size;  ///< bound on the query string
};

/// RFC 6749 §4.1.2 (+ RFC 9207 §2): a successful authorization response.
struct authorization_code_response {
    secret code;
    std::string state;
    std::optional<std::string> iss;
};

namespace detail {

// The query of a redirect URL ("https://app/cb?code=…&state=…#frag" → "code=…&state=…"), or the string itself
// when it has no '?' (a bare query, with or without a leading '?').
[[nodiscard]] constexpr std::string_view callback_query(std::string_view s) noexcept {
    auto const q = s.find('?');
    if (q != std::string_view::npos) s.remove_prefix(q + 1);
    auto const hash = s.find('#');
    return s.substr(0, hash);
}

} // namespace detail

/// RFC 6749 §4.1.2 / §4.1.2.1, RFC 9207 §2.4: interpret the redirect the browser brought back — a full URL or
/// just its query. In this order:
///  1. parameters must decode and appear at most once (error::duplicate_member);
///  2. `state` must equal the expected one, compared in constant time (error::state_mismatch) — also on error
///     responses, so a forged error is not shown to the user;
///  3. `iss`, when present or required, must equal the expected issuer exactly (error::wrong_issuer, or
///     error::missing_member when required and absent); on mismatch nothing from the response is surfaced;
///  4. `error=…` is a failure carrying the peer's error response (status 0); `access_denied` maps to
///     error::access_denied — the user said no;
///  5. otherwise `code` must be present and non-empty (error::missing_member).
[[nodiscard]] AUTHWIRE_DECL outcome<authorization_code_response> parse_authorization_response(
    std::string_view redirect, authorization_response_expectations const& expect) noexcept;

/// RFC 6749 §4.1.2.1: the user (or the server on their behalf) denied the request — show a friendly page,
/// not an error.
[[nodiscard]] inline bool is_access_denied(failure const& f) noexcept { return f.code == error::access_denied; }

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/authorization_response.ipp>
#endif
