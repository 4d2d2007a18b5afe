#pragma once
// authwire — OAuth scope (RFC 6749 §3.3): the scope-token grammar and an ordered set of scope tokens.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/result.hpp>

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::oauth {

/// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ) — printable ASCII except space, '"' and '\'.
[[nodiscard]] constexpr bool is_scope_token(std::string_view token) noexcept {
    if (token.empty()) return false;
    for (char const ch : token) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x21 || c > 0x7e || c == 0x22 || c == 0x5c) return false;
    }
    return true;
}

/// RFC 6749 §3.3: call `f(piece)` for each space-delimited piece of `scope`, in order, without allocating, and
/// stop as soon as `f` returns true (the result is then true). The empty string has no pieces; double, leading
/// or trailing spaces yield empty pieces, so that a caller checking the grammar sees them.
template <class F>
constexpr bool any_scope_token(std::string_view scope, F&& f) {
    if (scope.empty()) return false;
    while (true) {
        auto const sp = scope.find(' ');
        if (f(scope.substr(0, sp))) return true;
        if (sp == std::string_view::npos) return false;
        scope.remove_prefix(sp + 1);
    }
}

/// RFC 6749 §3.3: does `scope` follow `scope = scope-token *( SP scope-token )`, or is it empty (no scope)?
/// Single spaces only; no quotes, backslashes, controls or non-ASCII (no allocation).
[[nodiscard]] constexpr bool is_scope_or_empty(std::string_view scope) noexcept {
    return !any_scope_token(scope, [](std::string_view t) { return !is_scope_token(t); });
}

/// RFC 6749 §3.3: does the space-delimited `scope` hold the scope token `token`? Exact, case-sensitive
/// comparison (no allocation); an empty `token` is never held.
[[nodiscard]] constexpr bool scope_contains(std::string_view scope, std::string_view token) noexcept {
    return !token.empty() && any_scope_token(scope, [token](std::string_view t) { return t == token; });
}

/// RFC 6749 §3.3: the scope of an access request or grant — scope tokens, unique, in first-seen order.
/// Order carries no meaning: two sets with the same tokens compare equal.
///
/// Tokens added by the caller are checked by the builders (`valid()`); `parse` checks them on the way in.
class scope_set {
public:
    using const_iterator = std::vector<std::string>::const_iterator;

    scope_set() = default;
    /// The given tokens (duplicates collapse). Checked when used: see valid().
    scope_set(std::initializer_list<std::string_view> tokens);

    /// RFC 6749 §3.3: parse `scope = scope-token *( SP scope-token )`. The empty string is the empty set.
    /// Anything else that does not follow the grammar (double, leading or trailing spaces, tabs, quotes,
    /// backslashes, non-ASCII) is error::invalid_argument.
    [[nodiscard]] static result<scope_set> parse(std::string_view s);

    /// Add `token` unless it is already present; true when it was added.
    bool insert(std::string_view token);

    /// Remove `token`; true when it was present.
    bool erase(std::string_view token);

    [[nodiscard]] bool contains(std::string_view token) const noexcept;

    /// True when every token of `other` is in this set (e.g. granted.includes(required)).
    [[nodiscard]] bool includes(scope_set const& other) const noexcept;

    /// RFC 6749 §3.3: true when every token follows the scope-token grammar.
    [[nodiscard]] bool valid() const noexcept;

    /// RFC 6749 §3.3: the space-delimited `scope` parameter value.
    [[nodiscard]] std::string to_string() const;

    [[nodiscard]] bool empty() const noexcept { return tokens_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return tokens_.size(); }
    [[nodiscard]] const_iterator begin() const noexcept { return tokens_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return tokens_.end(); }

    /// Same tokens, in any order.
    friend bool operator==(scope_set const& a, scope_set const& b) noexcept {
        return a.size() == b.size() && a.includes(b);
    }

private:
    std::vector<std::string> tokens_;
};

} // namespace authwire::oauth

#if AUTHWIRE_DEFINITIONS
#include <authwire/oauth/impl/scope.ipp>
#endif
