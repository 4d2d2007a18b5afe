#pragma once
// authwire — the WWW-Authenticate header field (RFC 9110 §11.6.1): a parser for any number of challenges in
// one or several fields, the RFC 6750 §3 / RFC 9728 §5.1 parameters, and a writer.

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
    [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const noexcept {
        for (auto const& p : params)
            if (iequals(p.name, name)) return std::string_view(p.value);
        return std::nullopt;
    }
    /// RFC 9110 §11.5: the protection space.
    [[nodiscard]] std::optional<std::string_view> realm() const noexcept { return param("realm"); }
    /// RFC 6750 §3: the error code (invalid_request, invalid_token, insufficient_scope …).
    [[nodiscard]] std::optional<std::string_view> error() const noexcept { return param("error"); }
    /// RFC 6750 §3: human-readable text; never use it for decisions.
    [[nodiscard]] std::optional<std::string_view> error_description() const noexcept {
        return param("error_description");
    }
    /// RFC 6750 §3: a page about the error.
    [[nodiscard]] std::optional<std::string_view> error_uri() const noexcept { return param("error_uri"); }
    /// RFC 6750 §3: the scope needed (space-delimited scope-tokens).
    [[nodiscard]] std::optional<std::string_view> scope() const noexcept { return param("scope"); }
    /// RFC 9728 §5.1: where the protected resource metadata is.
    [[nodiscard]] std::optional<std::string_view> resource_metadata() const noexcept {
        return param("resource_metadata");
    }

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

    [[nodiscard]] result<void> parse(std::vector<auth_challenge>& out) {
        while (true) {
            skip_list_separators();
            if (at_end()) return {};
            auth_challenge c;
            c.scheme = std::string(read_token());
            if (c.scheme.empty()) return error::malformed_header;
            std::size_t const spaces = skip_sp();
            skip_ows();
            if (!at_end() && peek() == ',' && spaces != 0) {
                // #auth-param allows empty elements: "Bearer , realm=x" gives Bearer a realm.
                skip_list_separators();
                if (!at_end() && param_follows()) {
                    if (auto r = parse_params(c); !r) return r;
                }
                out.push_back(std::move(c));
                continue;
            }
            if (at_end() || peek() == ',') {
                out.push_back(std::move(c));
                continue;
            }
            if (spaces == 0) return error::malformed_header;  // "Bearer\"x\"", "Bearer=x"
            if (auto t68 = try_token68()) {
                c.token68 = std::string(*t68);
                out.push_back(std::move(c));
                continue;
            }
            if (auto r = parse_params(c); !r) return r;
            out.push_back(std::move(c));
        }
    }

private:
    [[nodiscard]] bool at_end() const noexcept { return i_ >= s_.size(); }
    [[nodiscard]] char peek() const noexcept { return s_[i_]; }

    std::size_t skip_sp() noexcept {
        std::size_t n = 0;
        while (!at_end() && peek() == ' ') ++i_, ++n;
        return n;
    }
    void skip_ows() noexcept {
        while (!at_end() && (peek() == ' ' || peek() == '\t')) ++i_;
    }
    // RFC 9110 §5.6.1: empty list elements are accepted: OWS and commas between elements.
    void skip_list_separators() noexcept {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++i_;
    }
    std::string_view read_token() noexcept {
        auto const start = i_;
        while (!at_end() && is_tchar(peek())) ++i_;
        return s_.substr(start, i_ - start);
    }

    // token68 when what follows the scheme is 1*token68-char *"=" and then the end or a comma.
    std::optional<std::string_view> try_token68() noexcept {
        auto j = i_;
        while (j < s_.size() && is_token68_char(s_[j])) ++j;
        if (j == i_) return std::nullopt;
        while (j < s_.size() && s_[j] == '=') ++j;
        auto const end = j;
        while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
        if (j < s_.size() && s_[j] != ',') return std::nullopt;
        auto const t = s_.substr(i_, end - i_);
        i_ = j;
        return t;
    }

    // After a comma: does an auth-param (token BWS "=") start here, rather than the next challenge?
    [[nodiscard]] bool param_follows() const noexcept {
        auto j = i_;
        while (j < s_.size() && is_tchar(s_[j])) ++j;
        if (j == i_) return false;
        while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
        return j < s_.size() && s_[j] == '=';
    }

    // RFC 9110 §5.6.4 quoted-string, unescaped into `out`.
    [[nodiscard]] result<void> read_quoted(std::string& out) {
        ++i_;  // the opening DQUOTE
        while (!at_end()) {
            auto const c = static_cast<unsigned char>(peek());
            if (c == '"') {
                ++i_;
                return {};
            }
            if (c == '\\') {
                ++i_;
                if (at_end()) return error::malformed_header;
                auto const e = static_cast<unsigned char>(peek());
                if (e != '\t' && (e < 0x20 || e == 0x7f)) return error::malformed_header;
                out.push_back(static_cast<char>(e));
                ++i_;
                continue;
            }
            if (c != '\t' && (c < 0x20 || c == 0x7f)) return error::malformed_header;
            out.push_back(static_cast<char>(c));
            ++i_;
        }
        return error::malformed_header;  // unterminated
    }

    [[nodiscard]] result<void> parse_params(auth_challenge& c) {
        while (true) {
            auth_param p;
            auto const name = read_token();
            if (name.empty()) return error::malformed_header;
            p.name.reserve(name.size());
            for (char const ch : name) p.name.push_back(ch >= 'A' && ch <= 'Z' ? static_cast<char>(ch - 'A' + 'a') : ch);
            skip_ows();
            if (at_end() || peek() != '=') return error::malformed_header;
            ++i_;
            skip_ows();
            if (at_end()) return error::malformed_header;
            if (peek() == '"') {
                if (auto r = read_quoted(p.value); !r) return r;
            } else {
                p.value = std::string(read_token());
                if (p.value.empty()) return error::malformed_header;
            }
            if (c.param(p.name)) return error::malformed_header;  // RFC 9110 §11.2: each name once
            c.params.push_back(std::move(p));
            skip_ows();
            if (at_end()) return {};
            if (peek() != ',') return error::malformed_header;
            skip_list_separators();
            if (at_end() || !param_follows()) return {};  // the next challenge, if any, starts here
        }
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

} // namespace detail

/// RFC 9110 §11.6.1: parse one WWW-Authenticate field value into its challenges (in order). Empty list
/// elements are skipped; anything off the grammar — a bad token, an unterminated quoted-string, a control
/// character, a repeated parameter name in one challenge — is error::malformed_header; a value longer than
/// `max_size` is error::input_too_large.
[[nodiscard]] inline result<std::vector<auth_challenge>> parse_www_authenticate(
    std::string_view field_value, std::size_t max_size = limits::max_header_size) noexcept {
    return detail::guarded([&]() -> result<std::vector<auth_challenge>> {
        if (field_value.size() > max_size) return error::input_too_large;
        std::vector<auth_challenge> out;
        detail::challenge_parser p(field_value);
        if (auto r = p.parse(out); !r) return r.error();
        return out;
    });
}

/// RFC 9110 §11.6.1 / §5.3: every challenge of every WWW-Authenticate field of `resp`, in order; the fields'
/// combined size is bounded by `max_size`.
[[nodiscard]] inline result<std::vector<auth_challenge>> parse_www_authenticate(
    http_response const& resp, std::size_t max_size = limits::max_header_size) noexcept {
    return detail::guarded([&]() -> result<std::vector<auth_challenge>> {
        std::vector<auth_challenge> out;
        std::size_t total = 0;
        for (auto const& f : resp.headers) {
            if (!iequals(f.name, "WWW-Authenticate")) continue;
            total += f.value.size();
            if (total > max_size) return error::input_too_large;
            auto cs = parse_www_authenticate(f.value, max_size);
            if (!cs) return cs.error();
            for (auto& c : *cs) out.push_back(std::move(c));
        }
        return out;
    });
}

/// The first challenge of scheme `scheme` (case-insensitive), or nullptr.
[[nodiscard]] inline auth_challenge const* find_challenge(std::vector<auth_challenge> const& challenges,
                                                          std::string_view scheme) noexcept {
    for (auto const& c : challenges)
        if (c.is(scheme)) return &c;
    return nullptr;
}

/// RFC 9110 §11.6.1: the field value for one challenge: `scheme token68` or `scheme name="value", …` (values
/// always as quoted-strings, '"' and '\' escaped). A scheme or name that is not a token, a token68 that is not
/// one, or a value with a control character other than HTAB is error::invalid_argument.
[[nodiscard]] inline result<std::string> format_challenge(auth_challenge const& c) {
    if (!detail::is_token(c.scheme)) return error::invalid_argument;
    std::string out = c.scheme;
    if (c.token68) {
        if (!c.params.empty()) return error::invalid_argument;
        auto const& t = *c.token68;
        auto const body = t.find_last_not_of('=');
        if (t.empty() || body == std::string::npos) return error::invalid_argument;
        for (std::size_t k = 0; k <= body; ++k)
            if (!detail::is_token68_char(t[k])) return error::invalid_argument;
        out += ' ';
        out += t;
        return out;
    }
    std::string_view sep = " ";
    for (auto const& p : c.params) {
        if (!detail::is_token(p.name)) return error::invalid_argument;
        out += sep;
        out += p.name;
        out += "=\"";
        for (char const ch : p.value) {
            auto const u = static_cast<unsigned char>(ch);
            if (u != '\t' && (u < 0x20 || u == 0x7f)) return error::invalid_argument;
            if (ch == '"' || ch == '\\') out += '\\';
            out += ch;
        }
        out += '"';
        sep = ", ";
    }
    return out;
}

/// RFC 6750 §3: the error response a challenge carries (`error`, `error_description`, `error_uri`), with the
/// response's HTTP `status`; nullopt when the challenge has no `error` (e.g. no token was sent, §3.1).
[[nodiscard]] inline std::optional<error_response> challenge_error(auth_challenge const& c, unsigned status) {
    auto const e = c.error();
    if (!e || e->empty()) return std::nullopt;
    error_response r;
    r.error = std::string(*e);
    if (auto d = c.error_description()) r.error_description = std::string(*d);
    if (auto u = c.error_uri()) r.error_uri = std::string(*u);
    r.status = status;
    return r;
}

} // namespace authwire::oauth
