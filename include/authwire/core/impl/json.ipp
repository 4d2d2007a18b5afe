#pragma once
// authwire — the definitions of <authwire/core/json.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/core/json.hpp>

#include <boost/json/basic_parser_impl.hpp>

namespace authwire::detail {

AUTHWIRE_DECL bool counting_handler::on_object_end(std::size_t n, boost::json::error_code&) {
    members += n;
    st.push_object(n);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_array_end(std::size_t n, boost::json::error_code&) {
    st.push_array(n);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    st.push_chars(s);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_key(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    st.push_key(s);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    st.push_chars(s);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_string(boost::json::string_view s, std::size_t, boost::json::error_code&) {
    st.push_string(s);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code&) {
    st.push_int64(i);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code&) {
    st.push_uint64(u);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_double(double d, boost::json::string_view, boost::json::error_code& ec) {
    if (!std::isfinite(d)) {  // 1e999 overflows to infinity, which JSON cannot represent again
        ec = boost::json::error::exponent_overflow;
        return false;
    }
    st.push_double(d);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_bool(bool b, boost::json::error_code&) {
    st.push_bool(b);
    return true;
}

AUTHWIRE_DECL bool counting_handler::on_null(boost::json::error_code&) {
    st.push_null();
    return true;
}

AUTHWIRE_DECL bool json_arena::rewind() noexcept {
    if (live_.load(std::memory_order_acquire) != 0) return false;
    resource_.release();
    return true;
}

AUTHWIRE_DECL void* json_arena::do_allocate(std::size_t n, std::size_t align) {
    void* p = resource_.allocate(n, align);
    live_.fetch_add(1, std::memory_order_relaxed);
    return p;
}

AUTHWIRE_DECL bool json_arena::do_is_equal(boost::json::memory_resource const& other) const noexcept {
    return this == &other;
}

AUTHWIRE_DECL bool arena_storage::prepare() {
    if (arena_->rewind()) return false;
    sp_ = boost::json::make_shared_resource<json_arena>(&arena_);
    return true;
}

AUTHWIRE_DECL std::size_t stored_members(boost::json::value const& v) noexcept {
    std::size_t n = 0;
    if (auto const* o = v.if_object()) {
        n += o->size();
        for (auto const& m : *o) n += stored_members(m.value());
    } else if (auto const* a = v.if_array()) {
        for (auto const& e : *a) n += stored_members(e);
    }
    return n;
}

}  // namespace authwire::detail

namespace authwire {

AUTHWIRE_DECL result<boost::json::value> parse_json(std::string_view text, json_limits const& lim,
                                                    boost::json::storage_ptr sp) noexcept {
    if (text.size() > lim.max_size) return error::input_too_large;
    try {
        boost::json::parse_options opt;
        // Boost.JSON's parser recurses once per level (so do stored_members and ~value): the cap bounds the stack.
        opt.max_depth = std::min(lim.max_depth, limits::max_json_depth_cap);
        // The parser's temporary stack lives in `buffer` (spilling to `sp` only for large documents); the values
        // are built in `sp` too, so that a caller's arena holds the whole tree.
        unsigned char buffer[1024];
        boost::json::basic_parser<detail::counting_handler> p(opt, sp, buffer, sizeof buffer);
        p.handler().st.reset(std::move(sp));
        boost::json::error_code ec;
        auto const used = p.write_some(false, text.data(), text.size(), ec);
        if (ec == boost::json::error::too_deep) return error::nesting_too_deep;
        if (ec || used != text.size()) return error::malformed_json;
        auto v = p.handler().st.release();
        if (detail::stored_members(v) != p.handler().members) return error::duplicate_member;
        return v;
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure or a Boost.JSON size limit
    }
}

AUTHWIRE_DECL result<boost::json::object> parse_json_object(std::string_view text, json_limits const& lim,
                                                            boost::json::storage_ptr sp) noexcept {
    auto v = parse_json(text, lim, std::move(sp));
    if (!v) return v.error();
    if (!v->is_object()) return error::wrong_member_type;
    return std::move(v->get_object());
}

AUTHWIRE_DECL result<std::optional<std::string_view>> json_string_member(boost::json::object const& o,
                                                                         std::string_view name) noexcept {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return std::optional<std::string_view>{};
    auto const* s = v->if_string();
    if (s == nullptr) return error::wrong_member_type;
    return std::optional<std::string_view>{std::string_view(*s)};
}

}  // namespace authwire
