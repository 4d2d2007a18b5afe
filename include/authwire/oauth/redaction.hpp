#pragma once
// authwire — keeping a request's secrets out of what the peer answers (RFC 6749 §10.3, §10.6; RFC 6819 §5.1.6):
// a server that echoes the refresh token, the client secret or the code into its error_description would
// otherwise have it stored in a `failure`, printed by its operator<< and thrown in protocol_exception::what().
// The client drivers pass every failure through redact_request_secrets with the request they sent; async
// callers that parse responses themselves do the same.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/base64.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/endpoint.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// The request parameters whose values are credentials or grants: RFC 6749 §2.3.1, §4.1.3, §4.3.2, §6; RFC 7636
/// §4.5; RFC 7009 §2.1; RFC 7662 §2.1; RFC 7521 §4.1–4.2; RFC 8628 §3.4; RFC 8693 §2.1.
inline constexpr std::string_view secret_parameters[] = {
    "client_secret", "client_assertion", "assertion",     "code",        "code_verifier", "refresh_token",
    "token",         "device_code",      "password",      "access_token", "subject_token", "actor_token",
};

/// Shorter secrets are redacted only where they stand apart from letters and digits (see redact_secrets).
inline constexpr std::size_t min_redacted_anywhere = 8;

/// The text a redacted secret is replaced with (what `secret`'s operator<< prints).
inline constexpr std::string_view redacted_text = "[redacted]";

/// The secrets `req` carries, in every spelling a peer may echo: the values of secret_parameters in a form body
/// and in the URL query; the credentials of the Authorization header — for Basic (RFC 7617, RFC 6749 §2.3.1)
/// the encoded field and the password of its "id:password", form-encoded and decoded (the client_id is no
/// secret), for any other scheme (Bearer, DPoP) the token; each value also form-encoded. Longest first.
[[nodiscard]] AUTHWIRE_DECL std::vector<secret> request_secrets(http_request const& req);

namespace detail {

[[nodiscard]] constexpr bool is_ascii_alnum(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

} // namespace detail

/// Replace, in `text`, every occurrence of each of `secrets` (longest first) with redacted_text. A secret of at
/// least min_redacted_anywhere bytes goes wherever it appears; a shorter one only where it is not glued to a
/// letter or digit (so that the refresh token "used" does not turn "reused" into "re[redacted]").
AUTHWIRE_DECL void redact_secrets(std::string& text, std::span<secret const> secrets);

/// RFC 6749 §5.2 (and every error a peer returns): `f` with each secret `sent` carried (request_secrets)
/// removed from the peer's text — error, error_description, error_uri — before anyone stores or prints it.
/// A failure without a peer response is returned as it is. Should redaction itself fail (no memory), the
/// peer's text is dropped (the code and status stay), never kept unredacted.
[[nodiscard]] AUTHWIRE_DECL failure redact_request_secrets(failure f, http_request const& sent) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/redaction.ipp>
#endif
