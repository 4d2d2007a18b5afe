#pragma once
// authwire — the token endpoint's answer (RFC 6749 §5.1 success, §5.2 error), parsed strictly, with named
// opt-in quirks for servers that bend the rules.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/scope.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::oauth {

/// Deviations from RFC 6749 §5.1 that real servers show. Each is refused unless the caller allows it; the parsed
/// response reports which ones it actually met (`token_response::quirks_seen`).
struct token_response_quirks {
    bool expires_in_as_string = false;   ///< `"expires_in":"3600"` — a string of decimal digits
    bool scope_as_array = false;         ///< `"scope":["a","b"]` — an array of scope-tokens
    bool missing_token_type = false;     ///< no `token_type` — taken to be Bearer
    bool error_with_status_200 = false;  ///< HTTP 200 carrying an RFC 6749 §5.2 error body — treated as that error

    /// True when any quirk is set.
    [[nodiscard]] bool any() const noexcept;
    friend bool operator==(token_response_quirks const&, token_response_quirks const&) = default;
};

/// How strictly a token response is read.
struct token_response_options {
    token_response_quirks allow{};       ///< quirks tolerated (none by default)
    bool any_token_type = false;         ///< accept token types other than Bearer (e.g. N_A for RFC 8693, DPoP)
    std::chrono::seconds max_expires_in = std::chrono::hours(24 * 366 * 10);  ///< larger is refused as absurd
    json_limits limits{};
};

/// RFC 6749 §5.1 (+ RFC 8693 §2.2.1, OpenID Connect Core §3.1.3.3): a successful token response.
struct token_response {
    secret access_token;
    std::string token_type;                  ///< "Bearer" (normalised from any case) or, if allowed, verbatim
    std::optional<std::chrono::seconds> expires_in;                     ///< as sent
    std::optional<std::chrono::system_clock::time_point> expires_at;    ///< `now` + expires_in
    secret refresh_token;                    ///< empty when none was issued
    std::optional<scope_set> scope;          ///< absent: the scope requested was granted (§5.1)
    std::optional<std::string> id_token;     ///< passed through unverified (verify it with the JOSE layer)
    std::optional<std::string> issued_token_type;  ///< RFC 8693 §2.2.1
    boost::json::object extra;               ///< every member not named above, as sent
    token_response_quirks quirks_seen{};     ///< the allowed quirks this response actually showed

    /// RFC 6750 §4: the token is a bearer token (`token_type` compared case-insensitively, RFC 6749 §7.1).
    [[nodiscard]] bool is_bearer() const noexcept { return iequals(token_type, "Bearer"); }

    /// When to refresh proactively: `margin` before expiry, but never earlier than half-way through the
    /// lifetime (so a 2-minute token is not refreshed immediately). nullopt when the lifetime is unknown.
    [[nodiscard]] std::optional<std::chrono::system_clock::time_point> refresh_at(
        std::chrono::seconds margin = std::chrono::minutes(5)) const noexcept;
};

namespace detail {

// RFC 6749 §5.1 `expires_in`: a non-negative integer (or, as the quirk allows, a string of 1–18 digits).
[[nodiscard]] AUTHWIRE_DECL result<std::optional<std::int64_t>> expires_in_member(boost::json::object const& o,
                                                                                  bool allow_string, bool& seen_string);

// RFC 6749 §3.3 / §5.1 `scope`: a space-delimited string (or, as the quirk allows, an array of scope-tokens).
[[nodiscard]] AUTHWIRE_DECL result<std::optional<scope_set>> scope_member(boost::json::object const& o,
                                                                          bool allow_array, bool& seen_array);

} // namespace detail

/// RFC 6749 §5.1: read a successful token response from its JSON object; `now` turns expires_in into expires_at.
[[nodiscard]] AUTHWIRE_DECL result<token_response> token_response_from_json(boost::json::object const& o,
                                                                            std::chrono::system_clock::time_point now,
                                                                            token_response_options const& opt = {});

/// RFC 6749 §5.1/§5.2: interpret the token endpoint's response. 200 with a JSON object is a success (read by
/// token_response_from_json); any other status is a failure carrying the peer's §5.2 error when the body is one
/// (error::unexpected_status otherwise). A 200 whose body is an error and has no access_token is
/// error::malformed_response unless the `error_with_status_200` quirk is allowed; a 200 with both a (non-null)
/// `error` and an `access_token` is neither a success nor an error, and always error::malformed_response.
[[nodiscard]] AUTHWIRE_DECL outcome<token_response> parse_token_response(
    http_response const& resp, std::chrono::system_clock::time_point now,
    token_response_options const& opt = {}) noexcept;

/// RFC 6749 §5.1: the JSON body of a successful token response (what a token endpoint sends).
[[nodiscard]] AUTHWIRE_DECL boost::json::object to_json(token_response const& t);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/token_response.ipp>
#endif
