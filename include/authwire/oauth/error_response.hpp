#pragma once
// authwire — OAuth error responses (RFC 6749 §5.2): reading them from a peer's JSON body, and writing them.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace authwire::oauth {

/// RFC 6749 §5.2: `error` = 1*NQSCHAR, NQSCHAR = %x20-21 / %x23-5B / %x5D-7E.
[[nodiscard]] constexpr bool is_error_code_value(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char const ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7e || c == 0x22 || c == 0x5c) return false;
    }
    return true;
}

/// RFC 6749 §5.2: the error members of a JSON object a peer sent, with the response's HTTP `status`.
/// `error` must be a string of NQSCHARs (else error::malformed_response, or missing_member when absent);
/// `error_description` and `error_uri`, when present, must be strings and are kept verbatim.
[[nodiscard]] AUTHWIRE_DECL result<error_response> error_response_from_json(boost::json::object const& o, unsigned status);

/// RFC 6749 §5.2: parse an error response: a JSON object with an `error` member. The body must be labelled
/// JSON (application/json or …+json) or carry no Content-Type; otherwise error::unexpected_content_type.
[[nodiscard]] AUTHWIRE_DECL result<error_response> parse_error_response(http_response const& resp,
                                                                        json_limits const& limits = {}) noexcept;

/// Why a response is not the success the protocol expected: the peer's RFC 6749 §5.2 error when the body is
/// one (the failure's code is the registered error, or error::oauth_error), error::unexpected_status otherwise.
[[nodiscard]] AUTHWIRE_DECL failure response_failure(http_response const& resp, json_limits const& limits = {}) noexcept;

/// RFC 6749 §5.2: the JSON body of an error response (empty description and URI are omitted).
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(error_response const& r);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/error_response.ipp>
#endif
