#pragma once
// authwire — the definitions of <authwire/oauth/www_authenticate.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/www_authenticate.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::param(std::string_view name) const noexcept {
    for (auto const& p : params)
        if (iequals(p.name, name)) return std::string_view(p.value);
    return std::nullopt;
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::realm() const noexcept {
    return param("realm");
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::error() const noexcept {
    return param("error");
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::error_description() const noexcept {
    return param("error_description");
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::error_uri() const noexcept {
    return param("error_uri");
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::scope() const noexcept {
    return param("scope");
}

AUTHWIRE_DECL std::optional<std::string_view> auth_challenge::resource_metadata() const noexcept {
    return param("resource_metadata");
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<void> challenge_parser::parse(std::vector<auth_challenge>& out) {
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

AUTHWIRE_DECL std::size_t challenge_parser::skip_sp() noexcept {
    std::size_t n = 0;
    while (!at_end() && peek() == ' ') ++i_, ++n;
    return n;
}

AUTHWIRE_DECL void challenge_parser::skip_ows() noexcept {
    while (!at_end() && (peek() == ' ' || peek() == '\t')) ++i_;
}

AUTHWIRE_DECL void challenge_parser::skip_list_separators() noexcept {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == ',')) ++i_;
}

AUTHWIRE_DECL std::string_view challenge_parser::read_token() noexcept {
    auto const start = i_;
    while (!at_end() && is_tchar(peek())) ++i_;
    return s_.substr(start, i_ - start);
}

AUTHWIRE_DECL std::optional<std::string_view> challenge_parser::try_token68() noexcept {
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

AUTHWIRE_DECL bool challenge_parser::param_follows() const noexcept {
    auto j = i_;
    while (j < s_.size() && is_tchar(s_[j])) ++j;
    if (j == i_) return false;
    while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
    return j < s_.size() && s_[j] == '=';
}

AUTHWIRE_DECL result<void> challenge_parser::read_quoted(std::string& out) {
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

AUTHWIRE_DECL result<void> challenge_parser::parse_params(auth_challenge& c) {
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

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<std::vector<auth_challenge>> parse_www_authenticate(std::string_view field_value,
                                                                         std::size_t max_size) noexcept {
    return detail::guarded([&]() -> result<std::vector<auth_challenge>> {
        if (field_value.size() > max_size) return error::input_too_large;
        std::vector<auth_challenge> out;
        detail::challenge_parser p(field_value);
        if (auto r = p.parse(out); !r) return r.error();
        return out;
    });
}

AUTHWIRE_DECL result<std::vector<auth_challenge>> parse_www_authenticate(http_response const& resp,
                                                                         std::size_t max_size) noexcept {
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

AUTHWIRE_DECL auth_challenge const* find_challenge(std::vector<auth_challenge> const& challenges,
                                                   std::string_view scheme) noexcept {
    for (auto const& c : challenges)
        if (c.is(scheme)) return &c;
    return nullptr;
}

AUTHWIRE_DECL result<std::string> format_challenge(auth_challenge const& c) {
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

AUTHWIRE_DECL std::optional<error_response> challenge_error(auth_challenge const& c, unsigned status) {
    auto const e = c.error();
    if (!e || e->empty()) return std::nullopt;
    error_response r;
    r.error = std::string(*e);
    if (auto d = c.error_description()) r.error_description = std::string(*d);
    if (auto u = c.error_uri()) r.error_uri = std::string(*u);
    r.status = status;
    return r;
}

}  // namespace authwire::oauth
