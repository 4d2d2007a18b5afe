#pragma once
// authwire — the definitions of <authwire/jose/detail/header.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/detail/header.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<std::optional<std::string_view>> string_member(boost::json::value const* v) noexcept {
    if (v == nullptr) return std::optional<std::string_view>{};
    auto const* s = v->if_string();
    if (s == nullptr) return error::wrong_member_type;
    return std::optional<std::string_view>{std::string_view(*s)};
}

AUTHWIRE_DECL void assign_member(std::optional<std::string>& slot, std::optional<std::string_view> v) {
    if (!v)
        slot.reset();
    else if (slot)
        slot->assign(*v);
    else
        slot.emplace(*v);
}

AUTHWIRE_DECL result<void> check_critical(boost::json::object const& header, boost::json::value const* b64,
                                          boost::json::value const* crit, std::span<std::string const> understood) {
    if (b64 != nullptr) {
        if (!b64->is_bool()) return error::malformed_token;
        if (!b64->get_bool()) return error::unsupported_critical;
    }
    if (crit == nullptr) return {};
    auto const* list = crit->if_array();
    if (list == nullptr || list->empty()) return error::malformed_token;
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto const* name = (*list)[i].if_string();
        if (name == nullptr || name->empty()) return error::malformed_token;
        std::string_view const n(*name);
        for (std::size_t j = 0; j < i; ++j)
            if ((*list)[j].as_string() == n) return error::malformed_token;  // listed twice
        if (std::find(std::begin(registered_header_names), std::end(registered_header_names), n) !=
            std::end(registered_header_names))
            return error::malformed_token;
        if (!header.contains(n)) return error::malformed_token;  // a critical parameter that is not there
        bool const known = n == "b64" || std::find(understood.begin(), understood.end(), n) != understood.end();
        if (!known) return error::unsupported_critical;
    }
    return {};
}

AUTHWIRE_DECL result<void> check_critical(boost::json::object const& header, std::span<std::string const> understood) {
    return check_critical(header, header.if_contains("b64"), header.if_contains("crit"), understood);
}

AUTHWIRE_DECL compact_segments find_segments(std::string_view token) noexcept {
    compact_segments s;
    s.count = 1;
    // string_view::find is memchr: the dots are found a word at a time, not byte by byte.
    for (auto i = token.find('.'); i != std::string_view::npos; i = token.find('.', i + 1)) {
        if (s.count > 4) return {6, {}};
        s.dots[s.count - 1] = i;
        ++s.count;
    }
    return s;
}

}  // namespace authwire::jose::detail
