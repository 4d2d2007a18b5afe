#pragma once
// authwire — JSON Web Token (RFC 7519): claims model, builder, validation, and one-call verify_jwt.

#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/detail/header.hpp>
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/jws.hpp>

#include <boost/json/array.hpp>
#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <exception>
#include <memory>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::jose {

/// RFC 7519 §2 "NumericDate": seconds since the epoch, UTC (fractions are truncated toward the past).
using numeric_date = std::chrono::sys_seconds;

struct jwt_claims;

namespace detail {
// The streaming parse of a Claims Set (defined below jwt_claims): `fast` when `c` now holds the claims,
// `fallback` when the general path must decide (an error of any kind, or a shape it does not handle).
// `unsupported` (the scanner only): a shape the scanner leaves to the streaming parser.
enum class claims_parse { fast, fallback, unsupported };
struct claims_handler;
struct claims_scan;

// JSON text of a string as boost::json::serialize writes it (RFC 8259 §7): '"' and '\\' escaped, control
// characters as \b \f \n \r \t or \u00XX, everything else (UTF-8 included) as is.
inline void append_json_string(std::string& out, std::string_view s) {
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
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '\b': out.push_back('b'); break;
        case '\f': out.push_back('f'); break;
        case '\n': out.push_back('n'); break;
        case '\r': out.push_back('r'); break;
        case '\t': out.push_back('t'); break;
        default:
            out.append("u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out.push_back('"');
}
[[nodiscard]] inline claims_parse parse_claims_streaming(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                  boost::json::storage_ptr const& sp);
[[nodiscard]] inline claims_parse parse_claims_scanned(std::string_view json, jwt_claims& c, json_limits const& lim,
                                                       boost::json::storage_ptr const& sp, deferred_object* d);
} // namespace detail

/// RFC 7519 §4: a JWT Claims Set. Registered claims are typed; every other claim is kept as sent.
struct jwt_claims {
    std::optional<std::string> iss;   ///< §4.1.1 issuer
    std::optional<std::string> sub;   ///< §4.1.2 subject
    std::vector<std::string> aud;     ///< §4.1.3 audience(s); empty when absent
    bool aud_is_array = false;        ///< whether "aud" is (or will be) written as an array
    std::optional<numeric_date> exp;  ///< §4.1.4 expiration time
    std::optional<numeric_date> nbf;  ///< §4.1.5 not before
    std::optional<numeric_date> iat;  ///< §4.1.6 issued at
    std::optional<std::string> jti;   ///< §4.1.7 JWT ID
    boost::json::object custom;       ///< every other claim (public and private names, §4.2–4.3)

    /// RFC 7519 §7.2 steps 9–10: parse a Claims Set (strict JSON, duplicate claim names rejected). A
    /// registered claim of the wrong type is error::wrong_member_type.
    [[nodiscard]] static result<jwt_claims> parse(std::string_view json, json_limits const& lim = {}) {
        try {
            jwt_claims c;
            if (auto r = parse(json, c, lim, {}); !r) return r.error();
            return c;
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 7519 §7.2 steps 9–10: parse a Claims Set into `out` (see the overload above for the rules), reusing
    /// the capacity of its strings; `sp` is the memory resource of the JSON parsed (the custom claims are moved
    /// into out.custom when it uses the same resource, copied otherwise). On failure `out` is unspecified.
    [[nodiscard]] static result<void> parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                            boost::json::storage_ptr sp) {
        return parse_impl(json, out, lim, std::move(sp), nullptr);
    }

    /// RFC 7519 §4: the Claims Set of an already parsed JSON object (see parse).
    [[nodiscard]] static result<jwt_claims> from_json(boost::json::object o) {
        try {
            return from_json_impl(std::move(o));
        } catch (std::exception const&) {
            return error::input_too_large;
        }
    }

    /// RFC 7519 §4: the Claims Set as JSON: registered claims first, then the custom ones. A custom claim
    /// that reuses a registered name is error::invalid_argument.
    [[nodiscard]] result<boost::json::object> to_json() const { return to_json(boost::json::storage_ptr()); }

    /// RFC 7519 §4: the Claims Set as JSON (see to_json), allocated with `sp`.
    [[nodiscard]] result<boost::json::object> to_json(boost::json::storage_ptr sp) const {
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

    /// RFC 7519 §7.1 step 1: the Claims Set as JSON text (see to_json): exactly boost::json::serialize(to_json()).
    [[nodiscard]] result<std::string> serialize() const {
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
            if (auto const* str = v.if_string()) detail::append_json_string(out, std::string_view(str->data(), str->size()));
            else if (auto const* i = v.if_int64()) number(*i);
            else if (auto const* b = v.if_bool()) out.append(*b ? "true" : "false");
            else if (v.is_null()) out.append("null");
            else out.append(boost::json::serialize(v));  // uint64, double, array, object
        }
        out.push_back('}');
        return out;
    }

    /// RFC 7519 §4.1.3: does "aud" name `audience` (exact, case-sensitive)?
    [[nodiscard]] bool has_audience(std::string_view audience) const noexcept {
        for (auto const& a : aud)
            if (a == audience) return true;
        return false;
    }

    /// Is `name` present, registered or custom?
    [[nodiscard]] bool contains(std::string_view name) const noexcept {
        if (name == "iss") return iss.has_value();
        if (name == "sub") return sub.has_value();
        if (name == "aud") return !aud.empty() || aud_is_array;
        if (name == "exp") return exp.has_value();
        if (name == "nbf") return nbf.has_value();
        if (name == "iat") return iat.has_value();
        if (name == "jti") return jti.has_value();
        return custom.contains(name);
    }

    /// RFC 7519 §4.1: is `name` one of the registered claim names modelled above?
    [[nodiscard]] static bool is_registered(std::string_view name) noexcept {
        return name == "iss" || name == "sub" || name == "aud" || name == "exp" || name == "nbf" || name == "iat" ||
               name == "jti";
    }

private:
    // NumericDates beyond year 9999 (or before 1970) are refused rather than risk overflow in comparisons.
    static constexpr std::int64_t max_numeric_date = 253402300799;

    [[nodiscard]] static result<std::optional<numeric_date>> read_date(boost::json::value const* v) noexcept {
        if (v == nullptr) return std::optional<numeric_date>{};
        double seconds = 0;
        if (auto const* i = v->if_int64()) seconds = static_cast<double>(*i);
        else if (auto const* u = v->if_uint64()) seconds = static_cast<double>(*u);
        else if (auto const* d = v->if_double()) seconds = std::floor(*d);
        else return error::wrong_member_type;
        return date_of(seconds);
    }

    // A NumericDate from seconds already floored (see read_date).
    [[nodiscard]] static result<std::optional<numeric_date>> date_of(double seconds) noexcept {
        if (!(seconds >= 0 && seconds <= static_cast<double>(max_numeric_date))) return error::wrong_member_type;
        return std::optional<numeric_date>{numeric_date(std::chrono::seconds(static_cast<std::int64_t>(seconds)))};
    }

    // parse, with the custom claims of a scanned Claims Set left in `d` (when not null) instead of being built:
    // out.custom then stays as it was (empty) and d->pending is set. On any other path d->pending is false.
    [[nodiscard]] static result<void> parse_impl(std::string_view json, jwt_claims& out, json_limits const& lim,
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

    friend struct detail::claims_handler;
    friend struct detail::claims_scan;

    [[nodiscard]] static result<jwt_claims> from_json_impl(boost::json::object o) {
        jwt_claims c;
        if (auto r = assign(c, o); !r) return r.error();
        return c;
    }

    // The claims of `o` into `c`, reusing the capacity of c's strings; the custom claims are moved out of `o`.
    [[nodiscard]] static result<void> assign(jwt_claims& c, boost::json::object& o) {
        // One pass finds the registered claims (the checks below keep their order: iss, sub, jti, aud, dates).
        static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
        boost::json::value const* found[std::size(names)];
        detail::find_members(o, names, found);
        for (auto [member, slot] : {std::pair{found[0], &c.iss}, std::pair{found[1], &c.sub},
                                    std::pair{found[6], &c.jti}}) {
            auto v = detail::string_member(member);
            if (!v) return v.error();
            detail::assign_member(*slot, *v);
        }
        std::size_t audiences = 0;
        auto add_audience = [&](std::string_view a) {
            if (audiences < c.aud.size()) c.aud[audiences].assign(a);
            else c.aud.emplace_back(a);
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
        for (auto [member, slot] : {std::pair{found[3], &c.exp}, std::pair{found[4], &c.nbf},
                                    std::pair{found[5], &c.iat}}) {
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
};

namespace detail {

// A basic_parser handler for a Claims Set: the registered claims of the top-level object go straight into a
// jwt_claims (strings reuse their capacity), every other member is built as JSON on a value_stack, as
// parse_json does, and members are counted so that duplicates are detected the same way. It gives up (and the
// general path decides) on anything else: a registered claim of another type or split into parts (escapes), a
// registered name seen twice, a key with escapes at the top level, more than 32 top-level members, or an error.
struct claims_handler {
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    // The registered names, in the order the general path erases them (which decides the custom claims' order).
    static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    enum : int { iss, sub, aud, exp, nbf, iat, jti, none = -1 };
    static constexpr std::size_t max_top_level = 32;

    boost::json::value_stack st;
    jwt_claims* c = nullptr;
    std::size_t members = 0;  // members of nested objects (for duplicate detection)
    std::size_t custom = 0;   // top-level custom members
    std::size_t depth = 0;
    unsigned seen = 0;        // bit i: names[i] was met
    int slot = none;          // the registered claim whose value comes next
    bool in_aud = false;      // inside "aud": [...]
    std::size_t audiences = 0;
    bool gave_up = false;
    // The top-level members in document order: 0..6 a registered name, 7 + k the k-th custom member.
    std::array<unsigned char, max_top_level> order{};
    std::size_t top_level = 0;

    claims_handler(boost::json::storage_ptr sp, unsigned char* buffer, std::size_t size)
        : st(std::move(sp), buffer, size) {}

    bool give_up(boost::json::error_code& ec) {
        gave_up = true;
        ec = boost::json::error::syntax;  // any error stops the parser; gave_up tells it apart
        return false;
    }
    void add_audience(std::string_view a) {
        if (audiences < c->aud.size()) c->aud[audiences].assign(a);
        else c->aud.emplace_back(a);
        ++audiences;
    }
    static void set(std::optional<std::string>& slot_value, std::string_view v) { assign_member(slot_value, v); }
    bool date(double seconds, boost::json::error_code& ec) {
        auto d = jwt_claims::date_of(seconds);
        if (!d) return give_up(ec);
        (slot == exp ? c->exp : slot == nbf ? c->nbf : c->iat) = *d;
        slot = none;
        return true;
    }
    // A scalar at depth 1 for a registered claim: true when it was taken here.
    [[nodiscard]] bool registered_value() const noexcept { return depth == 1 && slot != none; }
    [[nodiscard]] static bool is_date(int s) noexcept { return s == exp || s == nbf || s == iat; }

    bool on_document_begin(boost::json::error_code&) { return true; }
    bool on_document_end(boost::json::error_code&) { return true; }
    bool on_object_begin(boost::json::error_code& ec) {
        if (in_aud || registered_value()) return give_up(ec);
        ++depth;
        return true;
    }
    bool on_object_end(std::size_t n, boost::json::error_code&) {
        --depth;
        if (depth == 0) {
            st.push_object(custom);  // the top level: only the custom members are on the stack
        } else {
            members += n;
            st.push_object(n);
        }
        return true;
    }
    bool on_array_begin(boost::json::error_code& ec) {
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
    bool on_array_end(std::size_t n, boost::json::error_code&) {
        --depth;
        if (in_aud) {
            in_aud = false;
            slot = none;
            return true;
        }
        st.push_array(n);
        return true;
    }
    bool on_key_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        if (depth == 1) return give_up(ec);
        st.push_chars(s);
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
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
    bool on_string_part(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
        if (in_aud || registered_value()) return give_up(ec);
        st.push_chars(s);
        return true;
    }
    bool on_string(boost::json::string_view s, std::size_t, boost::json::error_code& ec) {
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
        case iss: set(c->iss, v); break;
        case sub: set(c->sub, v); break;
        case jti: set(c->jti, v); break;
        case aud: add_audience(v); break;
        default: return give_up(ec);  // a date as a string
        }
        slot = none;
        return true;
    }
    bool on_number_part(boost::json::string_view, boost::json::error_code&) { return true; }
    bool on_int64(std::int64_t i, boost::json::string_view, boost::json::error_code& ec) {
        if (in_aud) return give_up(ec);
        if (!registered_value()) {
            st.push_int64(i);
            return true;
        }
        if (!is_date(slot)) return give_up(ec);
        return date(static_cast<double>(i), ec);
    }
    bool on_uint64(std::uint64_t u, boost::json::string_view, boost::json::error_code& ec) {
        if (in_aud) return give_up(ec);
        if (!registered_value()) {
            st.push_uint64(u);
            return true;
        }
        if (!is_date(slot)) return give_up(ec);
        return date(static_cast<double>(u), ec);
    }
    bool on_double(double d, boost::json::string_view, boost::json::error_code& ec) {
        if (!std::isfinite(d) || in_aud) return give_up(ec);
        if (!registered_value()) {
            st.push_double(d);
            return true;
        }
        if (!is_date(slot)) return give_up(ec);
        return date(std::floor(d), ec);
    }
    bool on_bool(bool b, boost::json::error_code& ec) {
        if (in_aud || registered_value()) return give_up(ec);
        st.push_bool(b);
        return true;
    }
    bool on_null(boost::json::error_code& ec) {
        if (in_aud || registered_value()) return give_up(ec);
        st.push_null();
        return true;
    }
    bool on_comment_part(boost::json::string_view, boost::json::error_code&) { return false; }
    bool on_comment(boost::json::string_view, boost::json::error_code&) { return false; }
};

inline claims_parse parse_claims_streaming(std::string_view json, jwt_claims& c, json_limits const& lim,
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
        case claims_handler::iss: c.iss.reset(); break;
        case claims_handler::sub: c.sub.reset(); break;
        case claims_handler::jti: c.jti.reset(); break;
        case claims_handler::exp: c.exp.reset(); break;
        case claims_handler::nbf: c.nbf.reset(); break;
        case claims_handler::iat: c.iat.reset(); break;
        default: break;
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

// The registered claims of a scanned Claims Set into a jwt_claims, the custom ones built as JSON on `sp`.
struct claims_scan {
    static constexpr std::string_view names[] = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"};
    enum : int { iss, sub, aud, exp, nbf, iat, jti };

    static void set(std::optional<std::string>& slot, std::string_view v) { assign_member(slot, v); }
    static void add_audience(jwt_claims& c, std::size_t& n, std::string_view a) {
        if (n < c.aud.size()) c.aud[n].assign(a);
        else c.aud.emplace_back(a);
        ++n;
    }

    // fast when `c` holds the claims; fallback when a registered claim has another type or range (the general
    // path reports it).
    // With `deferred` (whose scan `o` is), the custom claims are left there (pending) instead of being built.
    [[nodiscard]] static claims_parse read(scanned_object const& o, jwt_claims& c, boost::json::storage_ptr const& sp,
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
            if (where[k] < 0) slot->reset();
            else set(*slot, o.members[static_cast<std::size_t>(where[k])].value.string);
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

    // jwt_claims::parse, with the custom claims of a scanned Claims Set left in `d` (see parse_impl).
    [[nodiscard]] static result<void> parse(std::string_view json, jwt_claims& out, json_limits const& lim,
                                            boost::json::storage_ptr sp, deferred_object* d) {
        return jwt_claims::parse_impl(json, out, lim, std::move(sp), d);
    }
};

inline claims_parse parse_claims_scanned(std::string_view json, jwt_claims& c, json_limits const& lim,
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
        case scan_status::ok: return claims_scan::read(d->scan, c, sp, d);
        case scan_status::invalid: return claims_parse::fallback;
        case scan_status::unsupported: break;
        }
        return claims_parse::unsupported;
    }
    scanned_object o;
    switch (scan_json_object(json, lim, o)) {
    case scan_status::ok: return claims_scan::read(o, c, sp, nullptr);
    case scan_status::invalid: return claims_parse::fallback;
    case scan_status::unsupported: break;
    }
    return claims_parse::unsupported;
}

} // namespace detail

/// RFC 7519 §7.1: builds a Claims Set and mints it as a JWS-signed JWT.
class jwt_builder {
public:
    jwt_builder& issuer(std::string v) { claims_.iss = std::move(v); return *this; }           ///< §4.1.1
    jwt_builder& subject(std::string v) { claims_.sub = std::move(v); return *this; }          ///< §4.1.2
    jwt_builder& audience(std::string v) {                                                      ///< §4.1.3
        claims_.aud.push_back(std::move(v));
        return *this;
    }
    jwt_builder& audiences(std::vector<std::string> v) {                                        ///< §4.1.3
        claims_.aud = std::move(v);
        claims_.aud_is_array = true;
        return *this;
    }
    jwt_builder& expires_at(std::chrono::system_clock::time_point t) {                          ///< §4.1.4
        claims_.exp = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& not_before(std::chrono::system_clock::time_point t) {                          ///< §4.1.5
        claims_.nbf = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& issued_at(std::chrono::system_clock::time_point t) {                           ///< §4.1.6
        claims_.iat = std::chrono::floor<std::chrono::seconds>(t);
        return *this;
    }
    jwt_builder& id(std::string v) { claims_.jti = std::move(v); return *this; }               ///< §4.1.7
    /// §4.2–4.3: a public or private claim. Registered names must use the setters above (checked at sign).
    jwt_builder& claim(std::string_view name, boost::json::value v) {
        claims_.custom[name] = std::move(v);
        return *this;
    }

    /// The Claims Set built so far.
    [[nodiscard]] jwt_claims const& claims() const noexcept { return claims_; }

    /// RFC 7519 §7.1: sign the claims with `signer`; the header gets "typ" = `typ` (RFC 7519 §5.1; e.g.
    /// "at+jwt" for RFC 9068 access tokens), or none when `typ` is empty.
    [[nodiscard]] result<std::string> sign(jws_signer const& signer, std::string_view typ = "JWT") const;

private:
    jwt_claims claims_;
};

/// RFC 7519 §7.1: mint `claims` as a JWT signed by `signer`, with header "typ" = `typ` (omitted if empty).
[[nodiscard]] inline result<std::string> mint_jwt(jwt_claims const& claims, jws_signer const& signer,
                                                  std::string_view typ = "JWT") {
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

inline result<std::string> jwt_builder::sign(jws_signer const& signer, std::string_view typ) const {
    return mint_jwt(claims_, signer, typ);
}

/// What a JWT must satisfy besides its signature (RFC 7519 §4.1, §7.2; RFC 8725 §3.8–3.11).
struct jwt_validation {
    std::optional<std::string> issuer;     ///< "iss" must equal this exactly (missing: error::missing_claim)
    /// "aud" must name one of these. RFC 7519 §4.1.3: a token that has "aud" is rejected when none names
    /// the validator — so with an empty list every token carrying "aud" fails (error::wrong_audience).
    std::vector<std::string> audiences;
    /// When true, "aud" must be present (error::missing_claim) but `audiences` is not consulted: the caller
    /// matches the audience itself, as an authorization server reading back its own RFC 9068 access tokens
    /// leaves that to the resource server (RFC 9068 §4).
    bool audience_matched_by_caller = false;
    /// The expected "typ" header (e.g. "at+jwt", RFC 9068 §2.1), compared as a media type per RFC 7515
    /// §4.1.9: case-insensitively, with "application/" optional. Unset: "typ" is not checked.
    std::optional<std::string> type;
    std::chrono::seconds leeway{30};       ///< clock skew allowed on exp, nbf and iat (0 to 1 day)
    bool require_exp = true;               ///< RFC 8725 §3.10 spirit: tokens without an expiry are refused
    bool require_iat = false;
    std::optional<std::chrono::seconds> max_age;  ///< if set, "iat" is required and may be at most this old
    std::vector<std::string> required_claims;     ///< other claims that must be present
};

/// RFC 7515 §4.1.9: do two "typ" values name the same media type? Case-insensitive, and a value without
/// '/' stands for "application/" + value.
[[nodiscard]] inline bool same_media_type(std::string_view a, std::string_view b) noexcept {
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

/// RFC 7519 §4.1 and §7.2 step 10 (and RFC 8725 §3.8–3.9): check the claims against `v` at `now`. In order:
/// exp (error::missing_claim / error::token_expired), nbf and iat (error::token_not_yet_valid), max_age
/// (error::token_expired), iss (error::missing_claim / error::wrong_issuer), aud (error::missing_claim /
/// error::wrong_audience; only presence when audience_matched_by_caller), required claims (error::missing_claim).
[[nodiscard]] inline result<void> validate_jwt_claims(jwt_claims const& c, jwt_validation const& v,
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

/// A JWT whose signature and claims were both accepted.
struct verified_jwt {
    jws_header header;
    jwt_claims claims;
};

namespace detail {

// RFC 7519 §7.2 (see verify_jwt): the header, claims and decoded payload go into the caller's objects, the JSON
// allocated with `sp`. The payload is wiped (its capacity kept) on every way out.
[[nodiscard]] inline result<void> verify_jwt_into(std::string_view token, jws_verifier const& verifier,
                                                  jwt_validation const& v, std::chrono::system_clock::time_point now,
                                                  jws_header& header, jwt_claims& claims, std::string& payload,
                                                  boost::json::storage_ptr const& sp,
                                                  deferred_object* deferred_custom = nullptr,
                                                  deferred_object* deferred_header = nullptr) {
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

// Replaces `o` by an empty object on `sp` (assignment would keep o's own memory resource).
inline void rebind(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept {
    std::destroy_at(&o);
    std::construct_at(&o, sp);
}

// Before a scratch's next use: `o` empty on `sp`, holding no memory (so that the arena can be rewound). An object
// that holds none and is on `sp` already — one never built since the last call — is left as it is.
inline void release_on(boost::json::object& o, boost::json::storage_ptr const& sp) noexcept {
    if (o.capacity() != 0 || o.storage().get() != sp.get()) o = boost::json::object(sp);
}

struct jwt_scratch_access;

} // namespace detail

/// RFC 7519 §7.2: verify the JWS with `verifier` (see jws_verifier::verify for its errors), then check
/// "typ" (error::wrong_token_type) and the claims (see validate_jwt_claims) at `now`. The payload is parsed
/// once, within the verifier's size limit.
[[nodiscard]] inline result<verified_jwt> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                                     jwt_validation const& v,
                                                     std::chrono::system_clock::time_point now) {
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

/// Caller-owned memory for the allocation-free overload of verify_jwt: the decoded payload, an arena for the
/// JSON of the header and the claims, and the verified_jwt itself, all reused from call to call (strings keep
/// their capacity). In steady state a verification then makes no C++ heap allocation (OpenSSL's HMAC
/// re-initialisation makes its own). One per thread: not copyable, not movable, not thread-safe.
///
/// The JSON of the result (header.members, claims.custom) lives in the scratch's arena, and so do copies made
/// with boost::json's copy constructors (they keep the source's memory resource). Such copies stay valid — the
/// arena is reference-counted and is only reused once nothing allocated from it is alive — but they share it
/// with the scratch and its thread: to keep a value elsewhere, copy it onto another resource
/// (`boost::json::object(x, boost::json::storage_ptr())`).
class jwt_scratch {
public:
    jwt_scratch() { rebuild(); }
    jwt_scratch(jwt_scratch const&) = delete;
    jwt_scratch& operator=(jwt_scratch const&) = delete;
    ~jwt_scratch() { OPENSSL_cleanse(payload_.data(), payload_.capacity()); }

    /// The header and claims of the last successful verify_jwt with this scratch (unspecified after a failure).
    /// The members of the usual flat header and the custom claims of the usual flat Claims Set are kept
    /// unbuilt by verify_jwt and built into header.members and claims.custom here, on the first call after it
    /// (in the scratch's arena, as before). Like the scratch itself, not for concurrent calls. Building may
    /// throw std::bad_alloc (memory exhausted; the objects are then left empty and built on the next call).
    [[nodiscard]] verified_jwt const& verified() const {
        if (header_.pending) header_.build_into(value_.header.members);
        if (custom_.pending) custom_.build_into(value_.claims.custom);
        return value_;
    }

    /// The same header and registered claims as verified() (alg, kid, typ, cty; iss … jti), without building
    /// header.members and claims.custom: for callers that use only those. The two objects are empty unless
    /// verified() was called since the last verify_jwt (then they hold the members).
    [[nodiscard]] verified_jwt const& verified_registered() const noexcept { return value_; }

private:
    friend struct detail::jwt_scratch_access;

    void rebuild() noexcept {
        detail::rebind(value_.header.members, arena_.storage());
        detail::rebind(value_.claims.custom, arena_.storage());
    }
    // Before each use: empty the JSON values and reuse the arena (or take a fresh one, see arena_storage).
    void prepare() {
        header_.clear();
        custom_.clear();
        detail::release_on(value_.header.members, arena_.storage());
        detail::release_on(value_.claims.custom, arena_.storage());
        if (arena_.prepare()) rebuild();
    }

    authwire::detail::arena_storage arena_;
    std::string payload_;
    // mutable: verified() builds the header members and custom claims kept here into value_ on first access.
    mutable detail::deferred_object header_;
    mutable detail::deferred_object custom_;
    mutable verified_jwt value_;
};

namespace detail {
struct jwt_scratch_access {
    static void prepare(jwt_scratch& s) { s.prepare(); }
    [[nodiscard]] static verified_jwt& value(jwt_scratch& s) noexcept { return s.value_; }
    [[nodiscard]] static std::string& payload(jwt_scratch& s) noexcept { return s.payload_; }
    [[nodiscard]] static deferred_object& custom(jwt_scratch& s) noexcept { return s.custom_; }
    [[nodiscard]] static deferred_object& header(jwt_scratch& s) noexcept { return s.header_; }
    [[nodiscard]] static boost::json::storage_ptr const& storage(jwt_scratch const& s) noexcept {
        return s.arena_.storage();
    }
};
} // namespace detail

/// RFC 7519 §7.2: verify_jwt (same checks, same errors) into `scratch`, whose memory is reused: on success the
/// header and claims are in scratch.verified() until the next call with `scratch`.
[[nodiscard]] inline result<void> verify_jwt(std::string_view token, jws_verifier const& verifier,
                                             jwt_validation const& v, std::chrono::system_clock::time_point now,
                                             jwt_scratch& scratch) {
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

} // namespace authwire::jose
