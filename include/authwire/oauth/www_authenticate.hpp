#pragma once
// authwire — the WWW-Authenticate header field (RFC 9110 §11.6.1): a parser for any number of challenges in
// one or several fields, the RFC 6750 §3 / RFC 9728 §5.1 parameters, and a writer.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/guard.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 9110 §11.2: one auth-param; `name` is lower-cased (names are case-insensitive), `value` unescaped.
struct auth_param {
    std::string name;
    std::string value;
    friend bool operator==(auth_param const&, auth_param const&) = default;
};

/// RFC 9110 §11.6.1: one challenge — a scheme and either a token68 or auth-params (or neither).
struct auth_challenge {
    std::string scheme;                  ///< as sent; compare with is()
    std::optional<std::string> token68;
    std::vector<auth_param> params;

    /// RFC 9110 §11.1: the scheme, compared case-insensitively ("bearer" is Bearer).
    [[nodiscard]] bool is(std::string_view s) const noexcept { return iequals(scheme, s); }

    /// The value of parameter `name` (case-insensitive).
    [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept;
    /// RFC 9110 §11.5: the protection space.
    [[nodiscard]] std::optional<std::string_view> realm() const noexcept;
    /// RFC 6750 §3: the error code (invalid_request, invalid_token, insufficient_scope …).
    [[nodiscard]] std::optional<std::string_view> error() const noexcept;
    /// RFC 6750 §3: human-readable text; never use it for decisions.
    [[nodiscard]] std::optional<std::string_view> error_description() const noexcept;
    /// RFC 6750 §3: a page about the error.
    [[nodiscard]] std::optional<std::string_view> error_uri() const noexcept;
    /// RFC 6750 §3: the scope needed (space-delimited scope-tokens).
    [[nodiscard]] std::optional<std::string_view> scope() const noexcept;
    /// RFC 9728 §5.1: where the protected resource metadata is.
    [[nodiscard]] std::optional<std::string_view> resource_metadata() const noexcept;

    friend bool operator==(auth_challenge const&, auth_challenge const&) = default;
};

namespace detail {

// RFC 9110 §5.6.2 tchar.
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.': case '^':
    case '_': case '`': case '|': case '~': return true;
    default: return false;
    }
}

// RFC 9110 §11.2 token68 characters (before the trailing '='s).
// RFC 7235 §2.1 token68 characters: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" (a table: a Bearer
// token of ~900 characters is checked on every request).
struct token68_table {
    bool allowed[256] = {};
    constexpr token68_table() {
        for (int c = 0; c < 256; ++c)
            allowed[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
};
inline constexpr token68_table token68_chars{};

[[nodiscard]] constexpr bool is_token68_char(char c) noexcept {
    return token68_chars.allowed[static_cast<unsigned char>(c)];
}

[[nodiscard]] constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char const c : s)
        if (!is_tchar(c)) return false;
    return true;
}

class challenge_parser {
public:
    explicit challenge_parser(std::string_view s) noexcept : s_(s) {}

    [[nodiscard]] result<void> parse(std::vector<auth_challenge>& out);

private:
    [[nodiscard]] bool at_end() const noexcept { return i_ >= s_.size(); }
    [[nodiscard]] char peek() const noexcept { return s_[i_]; }

    std::size_t skip_sp() noexcept;
    void skip_ows() noexcept;
    // RFC 9110 §5.6.1: empty list elements are accepted: OWS and commas between elements.
    void skip_list_separators() noexcept;
    std::string_view read_token() noexcept;

    // token68 when what follows the scheme is 1*token68-char *"=" and then the end or a comma.
    std::optional<std::string_view> try_token68() noexcept;

    // After a comma: does an auth-param (token BWS "=") start here, rather than the next challenge?
    [[nodiscard]] bool param_follows() const noexcept;

    // RFC 9110 §5.6.4 quoted-string, unescaped into `out`.
    [[nodiscard]] result<void> read_quoted(std::string& out);

    [[nodiscard]] result<void> parse_params(auth_challenge& c);

    std::string_view s_;
    std::size_t i_ = 0;
};

} // namespace detail

/// RFC 9110 §11.6.1: parse one WWW-Authenticate field value into its challenges (in order). Empty list
/// elements are skipped; anything off the grammar — a bad token, an unterminated quoted-string, a control
/// character, a repeated parameter name in one challenge — is error::malformed_header; a value longer than
/// `max_size` is error::input_too_large.
[[nodiscard]] AUTHWIRE_DECL result<std::vector<auth_challenge>> parse_www_authenticate(
    std::string_view field_value, std::size_t max_size = limits::max_header_size) noexcept;

/// RFC 9110 §11.6.1 / §5.3: every challenge of every WWW-Authenticate field of `resp`, in order; the fields'
/// combined size is bounded by `max_size`.
[[nodiscard]] AUTHWIRE_DECL result<std::vector<auth_challenge>> parse_www_authenticate(
    http_response const& resp, std::size_t max_size = limits::max_header_size) noexcept;

/// The first challenge of scheme `scheme` (case-insensitive), or nullptr.
[[nodiscard]] AUTHWIRE_DECL auth_challenge const* find_challenge(std::vector<auth_challenge> const& challenges,
                                                                 std::string_view scheme) noexcept;

/// RFC 9110 §11.6.1: the field value for one challenge: `scheme token68` or `scheme name="value", …` (values
/// always as quoted-strings, '"' and '\' escaped). A scheme or name that is not a token, a token68 that is not
/// one, or a value with a control character other than HTAB is error::invalid_argument.
[[nodiscard]] AUTHWIRE_DECL result<std::string> format_challenge(auth_challenge const& c);

/// RFC 6750 §3: the error response a challenge carries (`error`, `error_description`, `error_uri`), with the
/// response's HTTP `status`; nullopt when the challenge has no `error` (e.g. no token was sent, §3.1).
[[nodiscard]] AUTHWIRE_DECL std::optional<error_response> challenge_error(auth_challenge const& c, unsigned status);

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/www_authenticate.ipp>
#endif
