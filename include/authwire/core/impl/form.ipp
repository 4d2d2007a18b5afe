#pragma once
// authwire — the definitions of <authwire/core/form.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/form.hpp>

namespace authwire {

AUTHWIRE_DECL void form_encode_into(std::string& out, std::string_view component) {
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

AUTHWIRE_DECL std::string form_encode_component(std::string_view component) {
    std::string out;
    out.reserve(component.size());
    form_encode_into(out, component);
    return out;
}

AUTHWIRE_DECL result<std::string> form_decode_component(std::string_view encoded) {
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

AUTHWIRE_DECL form::form(std::initializer_list<std::pair<std::string_view, std::string_view>> parameters) {
    params_.reserve(parameters.size());
    for (auto const& [name, value] : parameters) add(name, value);
}

AUTHWIRE_DECL form& form::add(std::string_view name, std::string_view value) {
    params_.emplace_back(std::string(name), std::string(value));
    return *this;
}

AUTHWIRE_DECL form& form::add_if(std::string_view name, std::string_view value) {
    if (!value.empty()) add(name, value);
    return *this;
}

AUTHWIRE_DECL form& form::erase(std::string_view name) {
    std::erase_if(params_, [&](parameter const& p) { return p.first == name; });
    return *this;
}

AUTHWIRE_DECL std::optional<std::string_view> form::find(std::string_view name) const noexcept {
    for (auto const& [n, v] : params_)
        if (n == name) return std::string_view(v);
    return std::nullopt;
}

AUTHWIRE_DECL result<std::optional<std::string_view>> form::find_unique(std::string_view name) const noexcept {
    std::optional<std::string_view> found;
    for (auto const& [n, v] : params_) {
        if (n != name) continue;
        if (found) return error::duplicate_member;
        found = v;
    }
    return found;
}

AUTHWIRE_DECL std::vector<std::string_view> form::find_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (auto const& [n, v] : params_)
        if (n == name) out.emplace_back(v);
    return out;
}

AUTHWIRE_DECL std::size_t form::count(std::string_view name) const noexcept {
    std::size_t k = 0;
    for (auto const& p : params_)
        if (p.first == name) ++k;
    return k;
}

AUTHWIRE_DECL std::string form::encode() const {
    std::string out;
    for (auto const& [name, value] : params_) {
        if (!out.empty()) out.push_back('&');
        form_encode_into(out, name);
        out.push_back('=');
        form_encode_into(out, value);
    }
    return out;
}

AUTHWIRE_DECL result<form> form::decode(std::string_view encoded, std::size_t max_size, std::size_t max_parameters) {
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

}  // namespace authwire
