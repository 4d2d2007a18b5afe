#pragma once
// authwire — the definitions of <authwire/oauth/scope.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/scope.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL scope_set::scope_set(std::initializer_list<std::string_view> tokens) {
    for (auto t : tokens) insert(t);
}

AUTHWIRE_DECL result<scope_set> scope_set::parse(std::string_view s) {
    scope_set out;
    bool const malformed = any_scope_token(s, [&out](std::string_view token) {
        if (!is_scope_token(token)) return true;
        out.insert(token);
        return false;
    });
    if (malformed) return error::invalid_argument;
    return out;
}

AUTHWIRE_DECL bool scope_set::insert(std::string_view token) {
    if (contains(token)) return false;
    tokens_.emplace_back(token);
    return true;
}

AUTHWIRE_DECL bool scope_set::erase(std::string_view token) {
    auto const n = std::erase(tokens_, token);
    return n != 0;
}

AUTHWIRE_DECL bool scope_set::contains(std::string_view token) const noexcept {
    return std::find(tokens_.begin(), tokens_.end(), token) != tokens_.end();
}

AUTHWIRE_DECL bool scope_set::includes(scope_set const& other) const noexcept {
    return std::all_of(other.begin(), other.end(), [&](std::string const& t) { return contains(t); });
}

AUTHWIRE_DECL bool scope_set::valid() const noexcept {
    return std::all_of(tokens_.begin(), tokens_.end(), [](std::string const& t) { return is_scope_token(t); });
}

AUTHWIRE_DECL std::string scope_set::to_string() const {
    std::string out;
    for (auto const& t : tokens_) {
        if (!out.empty()) out.push_back(' ');
        out += t;
    }
    return out;
}

}  // namespace authwire::oauth
