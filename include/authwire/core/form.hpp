#pragma once
// authwire — application/x-www-form-urlencoded (RFC 6749 Appendix B; WHATWG URL §5), '+' for space.

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
inline void form_encode_into(std::string& out, std::string_view component) {
    constexpr char hex[] = "0123456789ABCDEF";
    for (char const ch : component) {
        auto const c = static_cast<unsigned char>(ch);
        if (detail::is_form_unreserved(c)) {
            out.push_back(ch);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
}

/// RFC 6749 Appendix B: the form encoding of one name or value.
[[nodiscard]] inline std::string form_encode_component(std::string_view component) {
    std::string out;
    out.reserve(component.size());
    form_encode_into(out, component);
    return out;
}

/// RFC 6749 Appendix B: decode one name or value ('+' is space, %XX is a byte). A '%' not followed by two
/// hex digits is malformed; it is never passed through.
[[nodiscard]] inline result<std::string> form_decode_component(std::string_view encoded) {
    std::string out;
    out.reserve(encoded.size());
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        char const c = encoded[i];
        if (c == '+') {
            out.push_back(' ');
        } else if (c == '%') {
            if (encoded.size() - i < 3) return error::malformed_form;
            int const hi = detail::hex_value(encoded[i + 1]);
            int const lo = detail::hex_value(encoded[i + 2]);
            if (hi < 0 || lo < 0) return error::malformed_form;
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

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
    form(std::initializer_list<std::pair<std::string_view, std::string_view>> parameters) {
        params_.reserve(parameters.size());
        for (auto const& [name, value] : parameters) add(name, value);
    }

    /// Append a parameter (an existing one of the same name is kept).
    form& add(std::string_view name, std::string_view value) {
        params_.emplace_back(std::string(name), std::string(value));
        return *this;
    }

    /// Append a parameter unless `value` is empty (RFC 6749 §3.1: empty parameters are treated as omitted).
    form& add_if(std::string_view name, std::string_view value) {
        if (!value.empty()) add(name, value);
        return *this;
    }

    /// Remove every parameter named `name`.
    form& erase(std::string_view name) {
        std::erase_if(params_, [&](parameter const& p) { return p.first == name; });
        return *this;
    }

    /// The first value of `name`, if present.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept {
        for (auto const& [n, v] : params_)
            if (n == name) return std::string_view(v);
        return std::nullopt;
    }

    /// RFC 6749 §3.1: "parameters MUST NOT be included more than once" — the value of `name` if present,
    /// error::duplicate_member if it appears twice or more.
    [[nodiscard]] result<std::optional<std::string_view>> find_unique(std::string_view name) const noexcept {
        std::optional<std::string_view> found;
        for (auto const& [n, v] : params_) {
            if (n != name) continue;
            if (found) return error::duplicate_member;
            found = v;
        }
        return found;
    }

    /// Every value of `name`, in order.
    [[nodiscard]] std::vector<std::string_view> find_all(std::string_view name) const {
        std::vector<std::string_view> out;
        for (auto const& [n, v] : params_)
            if (n == name) out.emplace_back(v);
        return out;
    }

    [[nodiscard]] std::size_t count(std::string_view name) const noexcept {
        std::size_t k = 0;
        for (auto const& p : params_)
            if (p.first == name) ++k;
        return k;
    }

    [[nodiscard]] bool empty() const noexcept { return params_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return params_.size(); }
    [[nodiscard]] const_iterator begin() const noexcept { return params_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return params_.end(); }

    /// RFC 6749 Appendix B: `name=value&…`, each part form-encoded.
    [[nodiscard]] std::string encode() const {
        std::string out;
        for (auto const& [name, value] : params_) {
            if (!out.empty()) out.push_back('&');
            form_encode_into(out, name);
            out.push_back('=');
            form_encode_into(out, value);
        }
        return out;
    }

    /// RFC 6749 Appendix B: parse `name=value&…` (a body, or a URL query without its '?').
    /// Empty pairs are skipped; a pair without '=' has an empty value; malformed escapes are errors.
    [[nodiscard]] static result<form> decode(std::string_view encoded, std::size_t max_size = limits::max_form_size,
                                             std::size_t max_parameters = limits::max_form_parameters) {
        if (encoded.size() > max_size) return error::input_too_large;
        form out;
        while (!encoded.empty()) {
            auto const amp = encoded.find('&');
            auto const pair = encoded.substr(0, amp);
            encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
            if (pair.empty()) continue;
            if (out.params_.size() == max_parameters) return error::input_too_large;
            auto const eq = pair.find('=');
            auto name = form_decode_component(pair.substr(0, eq));
            if (!name) return name.error();
            auto value = form_decode_component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
            if (!value) return value.error();
            out.params_.emplace_back(std::move(*name), std::move(*value));
        }
        return out;
    }

    friend bool operator==(form const&, form const&) = default;

private:
    std::vector<parameter> params_;
};

} // namespace authwire
