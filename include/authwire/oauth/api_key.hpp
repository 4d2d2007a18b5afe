#pragma once
// authwire — calling APIs: an API-key header for public data, `Authorization: Bearer` for user data
// (RFC 6750 §2.1), and reading the API's error answers (RFC 6750 §3, RFC 6749 §5.2, `{"error":{"message":…}}`).

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/www_authenticate.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

namespace authwire::oauth {

/// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
[[nodiscard]] constexpr bool is_b64token(std::string_view s) noexcept {
    auto const body = s.find_last_not_of('=');
    if (s.empty() || body == std::string_view::npos) return false;
    std::size_t i = 0;
#if defined(__GNUC__)
    // A Bearer token of ~750 characters is checked on every request: 16 characters a step, with no branch per
    // character (the class test on each lane, AND-accumulated; a byte >= 0x80 is negative and fails every test).
    // The rest, and constant evaluation, go through the table below.
    if (!std::is_constant_evaluated()) {
        using lanes = signed char __attribute__((vector_size(16)));
        lanes all = lanes{} - 1;
        for (; i + 16 <= body + 1; i += 16) {
            lanes x;
            std::memcpy(&x, s.data() + i, sizeof x);
            lanes const folded = x | 0x20;  // 'A'–'Z' onto 'a'–'z' (nothing else lands there)
            all &= ((folded >= 'a') & (folded <= 'z')) | ((x >= '-') & (x <= '9')) | (x == '+') | (x == '_') |
                   (x == '~');  // "-./0123456789" is one range
        }
        std::uint64_t half[2];
        std::memcpy(half, &all, sizeof half);
        if ((half[0] & half[1]) != ~std::uint64_t{0}) return false;
    }
#endif
    for (; i <= body; ++i)
        if (!detail::is_token68_char(s[i])) return false;
    return true;
}

/// Attach an API key as header `header_name` (e.g. `X-RP-API-Key`), replacing any previous one. The name
/// must be an RFC 9110 §5.1 token and the key visible ASCII (error::invalid_argument) — no header injection.
[[nodiscard]] AUTHWIRE_DECL result<void> set_api_key(http_request& req, std::string_view header_name, secret const& key);

/// RFC 6750 §2.1: `Authorization: Bearer <token>` — the only way authwire sends an access token (never the
/// query, §2.3). A token outside the b64token grammar is error::invalid_argument.
[[nodiscard]] AUTHWIRE_DECL result<void> set_bearer_token(http_request& req, secret const& access_token);

/// Read an API's error body: an RFC 6749 §5.2 object (`{"error":"invalid_token",…}`), or the common
/// `{"error":{"message":"…","code":…}}` shape — then `error_description` is the message and `error` the
/// `code` when that is a string (empty otherwise). Anything else is an error (malformed_json,
/// wrong_member_type, unexpected_content_type …).
[[nodiscard]] AUTHWIRE_DECL result<error_response> parse_api_error_body(http_response const& resp,
                                                                        json_limits const& limits = {}) noexcept;

/// Why an API call did not succeed: the RFC 6750 §3 error of a Bearer challenge in WWW-Authenticate first,
/// then an error body (parse_api_error_body); error::unexpected_status when neither says more.
[[nodiscard]] AUTHWIRE_DECL failure api_failure(http_response const& resp, json_limits const& limits = {}) noexcept;

/// A JSON API answer: a 2xx with a JSON body is the parsed document (strict, bounded); anything else is
/// api_failure(resp).
[[nodiscard]] AUTHWIRE_DECL outcome<boost::json::value> parse_api_response(http_response const& resp,
                                                                           json_limits const& limits = {}) noexcept;

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/api_key.ipp>
#endif
