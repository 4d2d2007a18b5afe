#pragma once
// authwire — application/x-www-form-urlencoded (RFC 6749 Appendix B; WHATWG URL §5), '+' for space.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire {

namespace detail {

[[nodiscard]] constexpr bool is_form_unreserved(unsigned char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

[[nodiscard]] constexpr int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace detail

/// RFC 6749 Appendix B: append the form encoding of `component` to `out`: unreserved bytes as they are,
/// space as '+', every other byte as %XX (upper-case hex).
AUTHWIRE_DECL void form_encode_into(std::string& out, std::string_view component);

/// RFC 6749 Appendix B: the form encoding of one name or value.
[[nodiscard]] AUTHWIRE_DECL std::string form_encode_component(std::string_view component);

/// RFC 6749 Appendix B: decode one name or value ('+' is space, %XX is a byte). A '%' not followed by two
/// hex digits is malformed; it is never passed through.
[[nodiscard]] AUTHWIRE_DECL result<std::string> form_decode_component(std::string_view encoded);

/// RFC 3986 §3.4, RFC 6749 §3.1: does a parameter of the URL query `query` (without its '?') have a name for
/// which `pred` holds? For checks that no spelling may slip past: names are compared decoded ('+' as space,
/// %XX), a name with a malformed escape as written, and pairs are split at '&' and also at ';' (which some query
/// parsers split at too). Pairs without '=' are names.
template <class Pred>
[[nodiscard]] bool any_query_parameter_name(std::string_view query, Pred&& pred) {
    while (!query.empty()) {
        auto const end = query.find_first_of("&;");
        auto const pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view{} : query.substr(end + 1);
        if (pair.empty()) continue;
        auto const name = pair.substr(0, pair.find('='));
        auto const decoded = form_decode_component(name);
        if (pred(decoded ? std::string_view(*decoded) : name)) return true;
    }
    return false;
}

/// An ordered list of form parameters (names may repeat, as RFC 8707 `resource` does).
///
/// Encoding: `form{{"grant_type", "authorization_code"}, {"code", code}}.encode()`.
/// Decoding: `form::decode(body)` — bounded in size and parameter count.
class form {
public:
    using parameter = std::pair<std::string, std::string>;
    using const_iterator = std::vector<parameter>::const_iterator;

    form() = default;
    form(std::initializer_list<std::pair<std::string_view, std::string_view>> parameters);

    /// Append a parameter (an existing one of the same name is kept).
    form& add(std::string_view name, std::string_view value);

    /// Append a parameter unless `value` is empty (RFC 6749 §3.1: empty parameters are treated as omitted).
    form& add_if(std::string_view name, std::string_view value);

    /// Remove every parameter named `name`.
    form& erase(std::string_view name);

    /// The first value of `name`, if present.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;

    /// RFC 6749 §3.1: "parameters MUST NOT be included more than once" — the value of `name` if present,
    /// error::duplicate_member if it appears twice or more.
    [[nodiscard]] result<std::optional<std::string_view>> find_unique(std::string_view name) const noexcept;

    /// Every value of `name`, in order.
    [[nodiscard]] std::vector<std::string_view> find_all(std::string_view name) const;

    [[nodiscard]] std::size_t count(std::string_view name) const noexcept;

    [[nodiscard]] bool empty() const noexcept { return params_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return params_.size(); }
    [[nodiscard]] const_iterator begin() const noexcept { return params_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return params_.end(); }

    /// RFC 6749 Appendix B: `name=value&…`, each part form-encoded.
    [[nodiscard]] std::string encode() const;

    /// RFC 6749 Appendix B: parse `name=value&…` (a body, or a URL query without its '?').
    /// Empty pairs are skipped; a pair without '=' has an empty value; malformed escapes are errors.
    [[nodiscard]] static result<form> decode(std::string_view encoded, std::size_t max_size = limits::max_form_size,
                                             std::size_t max_parameters = limits::max_form_parameters);

    friend bool operator==(form const&, form const&) = default;

private:
    std::vector<parameter> params_;
};

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/form.ipp>
#endif
