#pragma once
// authwire — the definitions of <authwire/jose/jwt.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/jwt.hpp>

#include <boost/json/basic_parser_impl.hpp>

#include <charconv>

namespace authwire::jose::detail {

AUTHWIRE_DECL void append_json_string(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    std::size_t plain = 0;  // start of the run not yet appended
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto const c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        out.push_back('\\');
        switch (c) {
            case '"':
                out.push_back('"');
                break;
            case '\\':
                out.push_back('\\');
                break;
            case '\b':
                out.push_back('b');
                break;
            case '\f':
                out.push_back('f');
                break;
            case '\n':
                out.push_back('n');
                break;
            case '\r':
                out.push_back('r');
                break;
            case '\t':
                out.push_back('t');
                break;
            default:
                out.append("u00");
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 15]);
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out.push_back('"');
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<jwt_claims> jwt_claims::parse(std::string_view json, json_limits const& lim) {
    try {
        jwt_claims c;
        if (auto r = parse(json, c, lim, {}); !r) return r.error();
        return c;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL result<void> jwt_claims::parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                             boost::json::storage_ptr sp) {
    return parse_impl(json, out, lim, std::move(sp), nullptr);
}

AUTHWIRE_DECL result<jwt_claims> jwt_claims::from_json(boost::json::object o) {
    try {
        return from_json_impl(std::move(o));
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL result<boost::json::object> jwt_claims::to_json() const {
    return to_json(boost::json::storage_ptr());
}

AUTHWIRE_DECL result<boost::json::object> jwt_claims::to_json(boost::json::storage_ptr sp) const {
    boost::json::object o(std::move(sp));
    if (iss) o["iss"] = *iss;
    if (sub) o["sub"] = *sub;
    if (aud.size() == 1 && !aud_is_array) {
        o["aud"] = aud.front();
    } else if (!aud.empty() || aud_is_array) {
        boost::json::array a;
        for (auto const& s : aud) a.emplace_back(s);
        o["aud"] = std::move(a);
    }
    if (exp) o["exp"] = exp->time_since_epoch().count();
    if (nbf) o["nbf"] = nbf->time_since_epoch().count();
    if (iat) o["iat"] = iat->time_since_epoch().count();
    if (jti) o["jti"] = *jti;
    for (auto const& m : custom) {
        if (is_registered(m.key())) return error::invalid_argument;
        o[m.key()] = m.value();
    }
    return o;
}

AUTHWIRE_DECL result<std::string> jwt_claims::serialize() const {
    // Written directly (no intermediate JSON object); doubles, arrays and objects among the custom claims are
    // serialized by Boost.JSON, so the text is the same byte for byte.
    for (auto const& m : custom)
        if (is_registered(m.key())) return error::invalid_argument;
    std::string out;
    out.reserve(256);
    out.push_back('{');
    bool first = true;
    auto key = [&](std::string_view k) {
        if (!first) out.push_back(',');
        first = false;
        detail::append_json_string(out, k);
        out.push_back(':');
    };
    auto number = [&](std::int64_t v) {
        char buf[24];
        auto const r = std::to_chars(buf, buf + sizeof buf, v);
        out.append(buf, static_cast<std::size_t>(r.ptr - buf));
    };
    if (iss) {
        key("iss");
        detail::append_json_string(out, *iss);
    }
    if (sub) {
        key("sub");
        detail::append_json_string(out, *sub);
    }
    if (aud.size() == 1 && !aud_is_array) {
        key("aud");
        detail::append_json_string(out, aud.front());
    } else if (!aud.empty() || aud_is_array) {
        key("aud");
        out.push_back('[');
        for (std::size_t i = 0; i < aud.size(); ++i) {
            if (i != 0) out.push_back(',');
            detail::append_json_string(out, aud[i]);
        }
        out.push_back(']');
    }
    if (exp) {
        key("exp");
        number(exp->time_since_epoch().count());
    }
    if (nbf) {
        key("nbf");
        number(nbf->time_since_epoch().count());
    }
    if (iat) {
        key("iat");
        number(iat->time_since_epoch().count());
    }
    if (jti) {
        key("jti");
        detail::append_json_string(out, *jti);
    }
    for (auto const& m : custom) {
        key(std::string_view(m.key().data(), m.key().size()));
        auto const& v = m.value();
        if (auto const* str = v.if_string())
            detail::append_json_string(out, std::string_view(str->data(), str->size()));
        else if (auto const* i = v.if_int64())
            number(*i);
        else if (auto const* b = v.if_bool())
            out.append(*b ? "true" : "false");
        else if (v.is_null())
            out.append("null");
        else
            out.append(boost::json::serialize(v));  // uint64, double, array, object
    }
    out.push_back('}');
    return out;
}

AUTHWIRE_DECL bool jwt_claims::has_audience(std::string_view audience) const noexcept {
    for (auto const& a : aud)
        if (a == audience) return true;
    return false;
}

AUTHWIRE_DECL bool jwt_claims::contains(std::string_view name) const noexcept {
    if (name == "iss") return iss.has_value();
    if (name == "sub") return sub.has_value();
    if (name == "aud") return !aud.empty() || aud_is_array;
    if (name == "exp") return exp.has_value();
    if (name == "nbf") return nbf.has_value();
    if (name == "iat") return iat.has_value();
    if (name == "jti") return jti.has_value();
    return custom.contains(name);
}

AUTHWIRE_DECL bool jwt_claims::is_registered(std::string_view name) noexcept {
    return name == "iss" || name == "sub" || name == "aud" || name == "exp" || name == "nbf" || name == "iat" ||
           name == "jti";
}

AUTHWIRE_DECL result<std::optional<numeric_date>> jwt_claims::read_date(boost::json::value const* v) noexcept {
    if (v == nullptr) return std::optional<numeric_date>{};
    double seconds = 0;
    if (auto const* i = v->if_int64())
        seconds = static_cast<double>(*i);
    else if (auto const* u = v->if_uint64())
        seconds = static_cast<double>(*u);
    else if (auto const* d = v->if_double())
        seconds = std::floor(*d);
    else
        return error::wrong_member_type;
    return date_of(seconds);
}

AUTHWIRE_DECL result<std::optional<numeric_date>> jwt_claims::date_of(double seconds) noexcept {
    if (!(seconds >= 0 && seconds <= static_cast<double>(max_numeric_date))) return error::wrong_member_type;
    return std::optional<numeric_date>{numeric_date(std::chrono::seconds(static_cast<std::int64_t>(seconds)))};
}

AUTHWIRE_DECL result<void> jwt_claims::parse_impl(std::string_view json, jwt_claims& out, json_limits const& lim,
                                                  boost::json::storage_ptr sp, detail::deferred_object* d) {
    try {
        // The registered claims are read as they stream by and only the custom ones are built as JSON;
        // anything unusual (an error of any kind included) is left to the general path, which decides.
        // The flat claims sets of nearly all tokens are read by the scanner (jose/detail/json_scan.hpp)
        // without a parser; what it does not handle goes to the streaming parser, errors to the general path.
        auto const scanned = detail::parse_claims_scanned(json, out, lim, sp, d);
        if (scanned == detail::claims_parse::fast) return {};
        if (scanned == detail::claims_parse::unsupported && json.size() <= lim.max_size &&
            detail::parse_claims_streaming(json, out, lim, sp) == detail::claims_parse::fast)
            return {};
        auto o = parse_json_object(json, lim, std::move(sp));
        if (!o) return o.error() == error::wrong_member_type ? error::malformed_token : o.error();
        return assign(out, *o);
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL result<jwt_claims> jwt_claims::from_json_impl(boost::json::object o) {
    jwt_claims c;
    if (auto r = assign(c, o); !r) return r.error();
    return c;
}

AUTHWIRE_DECL result<void> jwt_claims::assign(jwt_claims& c, boost::json::object& o) {
    // One pass finds the registered claims (the checks below keep their order: iss, sub, jti, aud, dates).
    static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    boost::json::value const* found[std::size(names)];
    detail::find_members(o, names, found);
    for (auto [member, slot] :
         {std::pair{found[0], &c.iss}, std::pair{found[1], &c.sub}, std::pair{found[6], &c.jti}}) {
        auto v = detail::string_member(member);
        if (!v) return v.error();
        detail::assign_member(*slot, *v);
    }
    std::size_t audiences = 0;
    auto add_audience = [&](std::string_view a) {
        if (audiences < c.aud.size())
            c.aud[audiences].assign(a);
        else
            c.aud.emplace_back(a);
        ++audiences;
    };
    c.aud_is_array = false;
    if (auto const* a = found[2]) {
        if (auto const* s = a->if_string()) {
            add_audience(*s);
        } else if (auto const* arr = a->if_array()) {
            c.aud_is_array = true;
            for (auto const& e : *arr) {
                auto const* es = e.if_string();
                if (es == nullptr) return error::wrong_member_type;
                add_audience(*es);
            }
        } else {
            return error::wrong_member_type;
        }
    }
    c.aud.resize(audiences);
    for (auto [member, slot] :
         {std::pair{found[3], &c.exp}, std::pair{found[4], &c.nbf}, std::pair{found[5], &c.iat}}) {
        auto d = read_date(member);
        if (!d) return d.error();
        *slot = *d;
    }
    // Erased in this order, as always (erase moves the last member into the hole: the order of the custom
    // claims depends on it); absent names need no lookup.
    for (std::size_t i = 0; i < std::size(names); ++i)
        if (found[i] != nullptr) o.erase(names[i]);
    c.custom = std::move(o);
    return {};
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL bool claims_handler::give_up(boost::json::error_code& ec) {
    gave_up = true;
    ec = boost::json::error::syntax;  // any error stops the parser; gave_up tells it apart
    return false;
}

AUTHWIRE_DECL void claims_handler::add_audience(std::string_view a) {
    if (audiences < c->aud.size())
        c->aud[audiences].assign(a);
    else
        c->aud.emplace_back(a);
    ++audiences;
}

AUTHWIRE_DECL bool claims_handler::date(double seconds, boost::json::error_code& ec) {
    auto d = jwt_claims::date_of(seconds);
    if (!d) return give_up(ec);
    (slot == exp ? c->exp : slot == nbf ? c->nbf : c->iat) = *d;
    slot = none;
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_object_begin(boost::json::error_code& ec) {
    if (in_aud || registered_value()) return give_up(ec);
    ++depth;
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_object_end(std::size_t n, boost::json::error_code&) {
    --depth;
    if (depth == 0) {
        st.push_object(custom);  // the top level: only the custom members are on the stack
    } else {
        members += n;
        st.push_object(n);
    }
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_array_begin(boost::json::error_code& ec) {
    if (depth == 0 || in_aud) return give_up(ec);
    if (depth == 1 && slot == aud) {
        in_aud = true;
        c->aud_is_array = true;
    } else if (registered_value()) {
        return give_up(ec);
    }
    ++depth;
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_array_end(std::size_t n, boost::json::error_code&) {
    --depth;
    if (in_aud) {
        in_aud = false;
        slot = none;
        return true;
    }
    st.push_array(n);
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
    if (depth == 1) return give_up(ec);
    st.push_chars(s);
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_key(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
    if (depth != 1) {
        st.push_key(s);
        return true;
    }
    if (top_level == max_top_level) return give_up(ec);
    std::string_view const key(s.data(), s.size());
    for (int i = 0; i < static_cast<int>(std::size(names)); ++i) {
        if (key != names[i]) continue;
        if ((seen & (1u << i)) != 0) return give_up(ec);  // a duplicate: the general path reports it
        seen |= 1u << i;
        slot = i;
        order[top_level++] = static_cast<unsigned char>(i);
        return true;
    }
    order[top_level++] = static_cast<unsigned char>(std::size(names) + custom);
    ++custom;
    st.push_key(s);
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_string_part(boost::json::string_view s, std::size_t,
                                                  boost::json::error_code& ec) {
    if (in_aud || registered_value()) return give_up(ec);
    st.push_chars(s);
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
    std::string_view const v(s.data(), s.size());
    if (in_aud) {
        add_audience(v);
        return true;
    }
    if (!registered_value()) {
        st.push_string(s);
        return true;
    }
    switch (slot) {
        case iss:
            set(c->iss, v);
            break;
        case sub:
            set(c->sub, v);
            break;
        case jti:
            set(c->jti, v);
            break;
        case aud:
            add_audience(v);
            break;
        default:
            return give_up(ec);  // a date as a string
    }
    slot = none;
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code& ec) {
    if (in_aud) return give_up(ec);
    if (!registered_value()) {
        st.push_int64(i);
        return true;
    }
    if (!is_date(slot)) return give_up(ec);
    return date(static_cast<double>(i), ec);
}

AUTHWIRE_DECL bool claims_handler::on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code& ec) {
    if (in_aud) return give_up(ec);
    if (!registered_value()) {
        st.push_uint64(u);
        return true;
    }
    if (!is_date(slot)) return give_up(ec);
    return date(static_cast<double>(u), ec);
}

AUTHWIRE_DECL bool claims_handler::on_double(double d, boost::json::string_view, boost::json::error_code& ec) {
    if (!std::isfinite(d) || in_aud) return give_up(ec);
    if (!registered_value()) {
        st.push_double(d);
        return true;
    }
    if (!is_date(slot)) return give_up(ec);
    return date(std::floor(d), ec);
}

AUTHWIRE_DECL bool claims_handler::on_bool(bool b, boost::json::error_code& ec) {
    if (in_aud || registered_value()) return give_up(ec);
    st.push_bool(b);
    return true;
}

AUTHWIRE_DECL bool claims_handler::on_null(boost::json::error_code& ec) {
    if (in_aud || registered_value()) return give_up(ec);
    st.push_null();
    return true;
}

AUTHWIRE_DECL claims_parse parse_claims_streaming(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                  boost::json::storage_ptr const& sp) {
    boost::json::parse_options opt;
    opt.max_depth = std::min(lim.max_depth, limits::max_json_depth_cap);
    unsigned char buffer[1024];
    boost::json::basic_parser<claims_handler> p(opt, sp, buffer, sizeof buffer);
    auto& h = p.handler();
    h.st.reset(sp);
    h.c = &c;
    c.aud_is_array = false;
    boost::json::error_code ec;
    auto const used = p.write_some(false, json.data(), json.size(), ec);
    if (ec || h.gave_up || used != json.size() || h.slot != claims_handler::none) return claims_parse::fallback;
    auto v = h.st.release();
    auto* custom = v.if_object();
    if (custom == nullptr || authwire::detail::stored_members(v) != h.members + h.custom) return claims_parse::fallback;

    for (int i = 0; i < static_cast<int>(std::size(claims_handler::names)); ++i) {
        if ((h.seen & (1u << i)) != 0) continue;
        switch (i) {
            case claims_handler::iss:
                c.iss.reset();
                break;
            case claims_handler::sub:
                c.sub.reset();
                break;
            case claims_handler::jti:
                c.jti.reset();
                break;
            case claims_handler::exp:
                c.exp.reset();
                break;
            case claims_handler::nbf:
                c.nbf.reset();
                break;
            case claims_handler::iat:
                c.iat.reset();
                break;
            default:
                break;
        }
    }
    c.aud.resize(h.audiences);

    // The general path erases the registered claims from the whole object in names' order, each erase moving
    // the last member into the hole: the custom claims end up in that order, which is reproduced here.
    std::array<unsigned char, claims_handler::max_top_level> order = h.order;
    std::size_t n = h.top_level;
    for (unsigned char name = 0; name < std::size(claims_handler::names); ++name) {
        for (std::size_t i = 0; i < n; ++i) {
            if (order[i] != name) continue;
            order[i] = order[n - 1];
            --n;
            break;
        }
    }
    bool in_document_order = true;
    for (std::size_t i = 0; i < n; ++i)
        in_document_order = in_document_order && order[i] == std::size(claims_handler::names) + i;
    if (in_document_order) {
        c.custom = std::move(*custom);
        return claims_parse::fast;
    }
    boost::json::object reordered(custom->storage());
    reordered.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        auto& m = *(custom->begin() + (order[i] - std::size(claims_handler::names)));
        reordered.emplace(m.key(), std::move(m.value()));
    }
    c.custom = std::move(reordered);
    return claims_parse::fast;
}

AUTHWIRE_DECL void claims_scan::add_audience(jwt_claims& c, std::size_t& n, std::string_view a) {
    if (n < c.aud.size())
        c.aud[n].assign(a);
    else
        c.aud.emplace_back(a);
    ++n;
}

AUTHWIRE_DECL claims_parse claims_scan::read(scanned_object const& o, jwt_claims& c, boost::json::storage_ptr const& sp,
                                             deferred_object* deferred) {
    int where[std::size(names)];  // the member index of each registered name, or -1
    for (auto& w : where) w = -1;
    std::array<unsigned char, scanned_object::max_members> order{};  // top-level members, see below
    std::size_t n = 0;
    for (std::size_t i = 0; i < o.size; ++i) {
        order[n++] = static_cast<unsigned char>(i);
        auto const key = o.members[i].key;
        if (key.size() != 3) continue;
        for (int k = 0; k < static_cast<int>(std::size(names)); ++k)
            if (key == names[k]) where[k] = static_cast<int>(i);
    }
    for (int k : {iss, sub, jti}) {
        if (where[k] < 0) continue;
        auto const& m = o.members[static_cast<std::size_t>(where[k])];
        if (m.is_array || m.value.type != scan_scalar::kind::string) return claims_parse::fallback;
    }
    if (where[aud] >= 0) {
        auto const& m = o.members[static_cast<std::size_t>(where[aud])];
        if (m.is_array) {
            for (std::size_t e = 0; e < m.count; ++e)
                if (o.elements[m.first + e].type != scan_scalar::kind::string) return claims_parse::fallback;
        } else if (m.value.type != scan_scalar::kind::string) {
            return claims_parse::fallback;
        }
    }
    std::optional<numeric_date> dates[3];
    for (int k : {exp, nbf, iat}) {
        if (where[k] < 0) continue;
        auto const& m = o.members[static_cast<std::size_t>(where[k])];
        if (m.is_array || m.value.type != scan_scalar::kind::integer) return claims_parse::fallback;
        auto d = jwt_claims::date_of(static_cast<double>(m.value.integer));
        if (!d) return claims_parse::fallback;
        dates[k - exp] = *d;
    }
    // Checked: now store.
    for (auto [k, slot] : {std::pair{iss, &c.iss}, std::pair{sub, &c.sub}, std::pair{jti, &c.jti}}) {
        if (where[k] < 0)
            slot->reset();
        else
            set(*slot, o.members[static_cast<std::size_t>(where[k])].value.string);
    }
    std::size_t audiences = 0;
    c.aud_is_array = false;
    if (where[aud] >= 0) {
        auto const& m = o.members[static_cast<std::size_t>(where[aud])];
        if (m.is_array) {
            c.aud_is_array = true;
            for (std::size_t e = 0; e < m.count; ++e) add_audience(c, audiences, o.elements[m.first + e].string);
        } else {
            add_audience(c, audiences, m.value.string);
        }
    }
    c.aud.resize(audiences);
    c.exp = dates[0];
    c.nbf = dates[1];
    c.iat = dates[2];
    // The general path erases the registered claims from the whole object in names' order, each erase moving
    // the last member into the hole: the custom claims keep the order that leaves.
    for (int k = 0; k < static_cast<int>(std::size(names)); ++k) {
        if (where[k] < 0) continue;
        for (std::size_t i = 0; i < n; ++i) {
            if (order[i] != where[k]) continue;
            order[i] = order[n - 1];
            --n;
            break;
        }
    }
    if (deferred != nullptr) {
        deferred->order = order;
        deferred->count = n;
        deferred->pending = true;
        return claims_parse::fast;
    }
    boost::json::object custom(sp);
    custom.reserve(n);
    for (std::size_t i = 0; i < n; ++i) scan_emplace(custom, o, o.members[order[i]]);
    c.custom = std::move(custom);
    return claims_parse::fast;
}

AUTHWIRE_DECL result<void> claims_scan::parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                              boost::json::storage_ptr sp, deferred_object* d) {
    return jwt_claims::parse_impl(json, out, lim, std::move(sp), d);
}

AUTHWIRE_DECL claims_parse parse_claims_scanned(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                boost::json::storage_ptr const& sp, deferred_object* d) {
    if (d != nullptr) {
        // The scan of d->text: its views stay valid after the caller wipes its own buffer. `json` is either that
        // text already (verify_jwt_into hands its decoded payload over to it: no copy) or copied there.
        if (json.data() == d->text.data() && json.size() == d->text.size()) {
            d->count = 0;
            d->pending = false;
            if (json.size() > lim.max_size) return claims_parse::unsupported;  // as scan_json_object
        } else {
            d->clear();
            if (json.size() > lim.max_size) return claims_parse::unsupported;  // as scan_json_object: no copy
            d->text.assign(json);
        }
        switch (scan_json_object(d->text, lim, d->scan)) {
            case scan_status::ok:
                return claims_scan::read(d->scan, c, sp, d);
            case scan_status::invalid:
                return claims_parse::fallback;
            case scan_status::unsupported:
                break;
        }
        return claims_parse::unsupported;
    }
    scanned_object o;
    switch (scan_json_object(json, lim, o)) {
        case scan_status::ok:
            return claims_scan::read(o, c, sp, nullptr);
        case scan_status::invalid:
            return claims_parse::fallback;
        case scan_status::unsupported:
            break;
    }
    return claims_parse::unsupported;
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL jwt_builder& jwt_builder::audience(std::string v) {  ///< §4.1.3
    claims_.aud.push_back(std::move(v));
    return *this;
}

AUTHWIRE_DECL jwt_builder& jwt_builder::audiences(std::vector<std::string> v) {  ///< §4.1.3
    claims_.aud = std::move(v);
    claims_.aud_is_array = true;
    return *this;
}

AUTHWIRE_DECL jwt_builder& jwt_builder::expires_at(std::chrono::system_clock::time_point t) {  ///< §4.1.4
    claims_.exp = std::chrono::floor<std::chrono::seconds>(t);
    return *this;
}

AUTHWIRE_DECL jwt_builder& jwt_builder::not_before(std::chrono::system_clock::time_point t) {  ///< §4.1.5
    claims_.nbf = std::chrono::floor<std::chrono::seconds>(t);
    return *this;
}

AUTHWIRE_DECL jwt_builder& jwt_builder::issued_at(std::chrono::system_clock::time_point t) {  ///< §4.1.6
    claims_.iat = std::chrono::floor<std::chrono::seconds>(t);
    return *this;
}

AUTHWIRE_DECL jwt_builder& jwt_builder::claim(std::string_view name, boost::json::value v) {
    claims_.custom[name] = std::move(v);
    return *this;
}

AUTHWIRE_DECL result<std::string> mint_jwt(jwt_claims const& claims, jws_signer const& signer, std::string_view typ) {
    auto payload = claims.serialize();
    if (!payload) return payload.error();
    unsigned char buffer[256];
    boost::json::monotonic_resource arena(buffer, sizeof buffer);
    boost::json::object header{boost::json::storage_ptr(&arena)};
    if (!typ.empty()) header["typ"] = typ;
    auto jws = signer.sign(*payload, header);
    OPENSSL_cleanse(payload->data(), payload->size());  // it may carry secrets (e.g. an API key claim)
    return jws;
}

AUTHWIRE_DECL result<std::string> jwt_builder::sign(jws_signer const& signer, std::string_view typ) const {
    return mint_jwt(claims_, signer, typ);
}

AUTHWIRE_DECL bool same_media_type(std::string_view a, std::string_view b) noexcept {
    auto strip = [](std::string_view s) {
        constexpr std::string_view prefix = "application/";
        if (s.size() > prefix.size()) {
            bool same = true;
            for (std::size_t i = 0; i < prefix.size(); ++i) {
                char c = s[i];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                same = same && c == prefix[i];
            }
            if (same && s.substr(prefix.size()).find('/') == std::string_view::npos) return s.substr(prefix.size());
        }
        return s;
    };
    a = strip(a);
    b = strip(b);
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

AUTHWIRE_DECL result<void> validate_jwt_claims(jwt_claims const& c, jwt_validation const& v,
                                               std::chrono::system_clock::time_point now) {
    using namespace std::chrono;
    if (v.leeway < seconds{0} || v.leeway > hours{24}) return error::invalid_argument;
    auto const t = floor<seconds>(now);
    if (c.exp) {
        if (t >= *c.exp + v.leeway) return error::token_expired;  // §4.1.4: now must be before exp
    } else if (v.require_exp) {
        return error::missing_claim;
    }
    if (c.nbf && t + v.leeway < *c.nbf) return error::token_not_yet_valid;  // §4.1.5
    if (c.iat) {
        if (*c.iat > t + v.leeway) return error::token_not_yet_valid;  // issued in the future
        if (v.max_age && t - *c.iat > *v.max_age + v.leeway) return error::token_expired;
    } else if (v.require_iat || v.max_age) {
        return error::missing_claim;
    }
    if (v.issuer) {
        if (!c.iss) return error::missing_claim;
        if (*c.iss != *v.issuer) return error::wrong_issuer;  // §4.1.1: case-sensitive StringOrURI
    }
    if ((v.audience_matched_by_caller || !v.audiences.empty()) && c.aud.empty()) return error::missing_claim;
    if (!v.audience_matched_by_caller && (!c.aud.empty() || c.aud_is_array)) {
        bool named = false;
        for (auto const& a : v.audiences) named = named || c.has_audience(a);
        if (!named) return error::wrong_audience;  // §4.1.3
    }
    for (auto const& name : v.required_claims)
        if (!c.contains(name)) return error::missing_claim;
    return {};
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> verify_jwt_into(std::string_view token, jws_verifier const& verifier,
                                           jwt_validation const& v, std::chrono::system_clock::time_point now,
                                           jws_header& header, jwt_claims& claims, std::string& payload,
                                           boost::json::storage_ptr const& sp, deferred_object* deferred_custom,
                                           deferred_object* deferred_header) {
    struct wipe_on_exit {
        std::string& s;
        explicit wipe_on_exit(std::string& str) noexcept : s(str) {}
        wipe_on_exit(wipe_on_exit const&) = delete;
        wipe_on_exit& operator=(wipe_on_exit const&) = delete;
        ~wipe_on_exit() {
            OPENSSL_cleanse(s.data(), s.size());  // it may carry secrets (e.g. an API key claim)
            s.clear();
        }
    } const guard(payload);
    try {
        // With `deferred_header`, the members of a flat header are left there, not built (see parse_jws_into).
        if (auto r = jws_verifier_access::verify_into(verifier, token, header, payload, sp, deferred_header); !r)
            return r.error();
        if (v.type) {
            if (!header.typ || !same_media_type(*header.typ, *v.type)) return error::wrong_token_type;
        }
        // With `deferred_custom`, the custom claims of a scanned Claims Set are left there, not built: the decoded
        // payload is handed over to it (swapped, not copied; it is wiped by its clear() or destructor, and the
        // string swapped back into `payload`, wiped and empty, keeps enough capacity for the next call).
        std::string_view claims_text = payload;
        if (deferred_custom != nullptr) {
            deferred_custom->clear();
            if (deferred_custom->text.capacity() < payload.size()) deferred_custom->text.reserve(payload.size());
            deferred_custom->text.swap(payload);
            claims_text = deferred_custom->text;
        }
        if (auto r = claims_scan::parse(claims_text, claims,
                                        json_limits{verifier.options().max_token_size, limits::max_json_depth}, sp,
                                        deferred_custom);
            !r)
            return r.error();
        // validate_jwt_claims looks for required claims among the custom ones too: they are built first then.
        if (deferred_custom != nullptr && deferred_custom->pending && !v.required_claims.empty())
            deferred_custom->build_into(claims.custom);
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
    return validate_jwt_claims(claims, v, now);
}

AUTHWIRE_DECL void rebind(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept {
    std::destroy_at(&o);
    std::construct_at(&o, sp);
}

AUTHWIRE_DECL void release_on(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept {
    if (o.capacity() != 0 || o.storage().get() != sp.get()) o = boost::json::object(sp);
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<verified_jwt> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                              jwt_validation const& v, std::chrono::system_clock::time_point now) {
    try {
        verified_jwt out;
        std::string payload;
        if (auto r = detail::verify_jwt_into(token, verifier, v, now, out.header, out.claims, payload, {}); !r)
            return r.error();
        return out;
    } catch (std::exception const&) {
        return error::input_too_large;
    }
}

AUTHWIRE_DECL verified_jwt const& jwt_scratch::verified() const {
    if (header_.pending) header_.build_into(value_.header.members);
    if (custom_.pending) custom_.build_into(value_.claims.custom);
    return value_;
}

AUTHWIRE_DECL void jwt_scratch::rebuild() noexcept {
    detail::rebind(value_.header.members, arena_.storage());
    detail::rebind(value_.claims.custom, arena_.storage());
}

AUTHWIRE_DECL void jwt_scratch::prepare() {
    header_.clear();
    custom_.clear();
    detail::release_on(value_.header.members, arena_.storage());
    detail::release_on(value_.claims.custom, arena_.storage());
    if (arena_.prepare()) rebuild();
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL boost::json::storage_ptr const& jwt_scratch_access::storage(jwt_scratch const& s) noexcept {
    return s.arena_.storage();
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<void> verify_jwt(std::string_view token, jws_verifier const& verifier, jwt_validation const& v,
                                      std::chrono::system_clock::time_point now, jwt_scratch& scratch) {
    using access = detail::jwt_scratch_access;
    try {
        access::prepare(scratch);
    } catch (std::exception const&) {
        return error::input_too_large;
    }
    auto& out = access::value(scratch);
    return detail::verify_jwt_into(token, verifier, v, now, out.header, out.claims, access::payload(scratch),
                                   access::storage(scratch), &access::custom(scratch), &access::header(scratch));
}

}  // namespace authwire::jose
