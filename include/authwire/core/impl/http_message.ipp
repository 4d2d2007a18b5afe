#pragma once
// authwire — the definitions of <authwire/core/http_message.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/http_message.hpp>

namespace authwire {

AUTHWIRE_DECL http_fields& http_fields::append(std::string_view name, std::string_view value) {
    fields_.push_back({std::string(name), std::string(value)});
    return *this;
}

AUTHWIRE_DECL http_fields& http_fields::set(std::string_view name, std::string_view value) {
    erase(name);
    return append(name, value);
}

AUTHWIRE_DECL http_fields& http_fields::erase(std::string_view name) {
    std::erase_if(fields_, [&](http_field const& f) { return iequals(f.name, name); });
    return *this;
}

AUTHWIRE_DECL std::optional<std::string_view> http_fields::find(std::string_view name) const noexcept {
    for (auto const& f : fields_)
        if (iequals(f.name, name)) return std::string_view(f.value);
    return std::nullopt;
}

AUTHWIRE_DECL std::vector<std::string_view> http_fields::find_all(std::string_view name) const {
    std::vector<std::string_view> out;
    for (auto const& f : fields_)
        if (iequals(f.name, name)) out.emplace_back(f.value);
    return out;
}

AUTHWIRE_DECL std::size_t http_fields::count(std::string_view name) const noexcept {
    return static_cast<std::size_t>(
        std::count_if(fields_.begin(), fields_.end(), [&](http_field const& f) { return iequals(f.name, name); }));
}

AUTHWIRE_DECL std::string media_type(std::string_view content_type) {
    auto const semi = content_type.find(';');
    auto type = content_type.substr(0, semi);
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
    std::string out(type);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

AUTHWIRE_DECL std::optional<std::string_view> http_request::header(std::string_view name) const noexcept {
    return headers.find(name);
}

AUTHWIRE_DECL std::optional<std::string_view> http_response::header(std::string_view name) const noexcept {
    return headers.find(name);
}

AUTHWIRE_DECL std::string http_response::content_type() const {
    auto const ct = headers.find("Content-Type");
    return ct ? media_type(*ct) : std::string{};
}

AUTHWIRE_DECL bool http_response::is_json() const {
    auto const t = content_type();
    return t == "application/json" || (t.starts_with("application/") && t.ends_with("+json"));
}

}  // namespace authwire
