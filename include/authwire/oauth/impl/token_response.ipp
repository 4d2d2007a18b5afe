#pragma once
// authwire — the definitions of <authwire/oauth/token_response.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/token_response.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL bool token_response_quirks::any() const noexcept {
    return expires_in_as_string || scope_as_array || missing_token_type || error_with_status_200;
}

AUTHWIRE_DECL std::optional<std::chrono::system_clock::time_point> token_response::refresh_at(
    std::chrono::seconds margin) const noexcept {
    if (!expires_at || !expires_in) return std::nullopt;
    auto const m = std::min(std::max(margin, std::chrono::seconds(0)), *expires_in / 2);
    return *expires_at - m;
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<std::optional<std::int64_t>> expires_in_member(boost::json::object const& o, bool allow_string,
                                                                    bool& seen_string) {
    auto const* v = o.if_contains("expires_in");
    if (v != nullptr && v->is_string()) {
        if (!allow_string) return error::wrong_member_type;
        auto const s = std::string_view(v->get_string());
        if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return error::malformed_response;
        std::int64_t n = 0;
        for (char const c : s) n = n * 10 + (c - '0');
        seen_string = true;
        return std::optional<std::int64_t>{n};
    }
    return integer_member(o, "expires_in");
}

AUTHWIRE_DECL result<std::optional<scope_set>> scope_member(boost::json::object const& o, bool allow_array,
                                                            bool& seen_array) {
    auto const* v = o.if_contains("scope");
    if (v == nullptr) return std::optional<scope_set>{};
    if (auto const* s = v->if_string()) {
        auto parsed = scope_set::parse(*s);
        if (!parsed) return error::malformed_response;
        return std::optional<scope_set>{std::move(*parsed)};
    }
    auto const* a = v->if_array();
    if (a == nullptr || !allow_array) return error::wrong_member_type;
    scope_set out;
    for (auto const& e : *a) {
        auto const* s = e.if_string();
        if (s == nullptr) return error::wrong_member_type;
        if (!is_scope_token(*s)) return error::malformed_response;
        out.insert(*s);
    }
    seen_array = true;
    return std::optional<scope_set>{std::move(out)};
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<token_response> token_response_from_json(boost::json::object const& o,
                                                              std::chrono::system_clock::time_point now,
                                                              token_response_options const& opt) {
    token_response t;
    auto access = detail::required_string(o, "access_token");
    if (!access) return access.error();
    t.access_token = secret(std::move(*access));

    auto type = json_string_member(o, "token_type");
    if (!type) return type.error();
    if (!*type || (*type)->empty()) {
        if (!opt.allow.missing_token_type) return error::missing_member;
        t.token_type = "Bearer";
        t.quirks_seen.missing_token_type = true;
    } else if (iequals(**type, "Bearer")) {
        t.token_type = "Bearer";
    } else if (opt.any_token_type) {
        t.token_type = std::string(**type);
    } else {
        return error::wrong_token_type;
    }

    auto expires = detail::expires_in_member(o, opt.allow.expires_in_as_string, t.quirks_seen.expires_in_as_string);
    if (!expires) return expires.error();
    if (*expires) {
        if (**expires < 0 || **expires > opt.max_expires_in.count()) return error::malformed_response;
        auto at = detail::add_seconds(now, **expires);
        if (!at) return at.error();
        t.expires_in = std::chrono::seconds(**expires);
        t.expires_at = *at;
    }

    auto refresh = detail::string_member(o, "refresh_token");
    if (!refresh) return refresh.error();
    if (*refresh) {
        if ((*refresh)->empty()) return error::malformed_response;
        t.refresh_token = secret(std::move(**refresh));
    }

    auto scope = detail::scope_member(o, opt.allow.scope_as_array, t.quirks_seen.scope_as_array);
    if (!scope) return scope.error();
    t.scope = std::move(*scope);

    auto id_token = detail::string_member(o, "id_token");
    if (!id_token) return id_token.error();
    t.id_token = std::move(*id_token);
    auto issued = detail::string_member(o, "issued_token_type");
    if (!issued) return issued.error();
    t.issued_token_type = std::move(*issued);

    t.extra = detail::extra_members(
        o, {"access_token", "token_type", "expires_in", "refresh_token", "scope", "id_token", "issued_token_type"});
    return t;
}

AUTHWIRE_DECL outcome<token_response> parse_token_response(http_response const& resp,
                                                           std::chrono::system_clock::time_point now,
                                                           token_response_options const& opt) noexcept {
    return detail::guarded([&]() -> outcome<token_response> {
        if (resp.status != 200) return response_failure(resp, opt.limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, opt.limits);
        if (!o) return o.error();
        auto const* err = o->if_contains("error");
        if (err != nullptr && !err->is_null() && o->contains("access_token")) return error::malformed_response;
        if (err != nullptr && !o->contains("access_token")) {
            if (!opt.allow.error_with_status_200) return error::malformed_response;
            auto e = error_response_from_json(*o, resp.status);
            if (!e) return e.error();
            return failure(std::move(*e));
        }
        auto t = token_response_from_json(*o, now, opt);
        if (!t) return t.error();
        return std::move(*t);
    });
}

AUTHWIRE_DECL boost::json::object to_json(token_response const& t) {
    boost::json::object o;
    o["access_token"] = t.access_token.reveal();
    o["token_type"] = t.token_type;
    if (t.expires_in) o["expires_in"] = t.expires_in->count();
    detail::put_string(o, "refresh_token", t.refresh_token.reveal());
    if (t.scope) o["scope"] = t.scope->to_string();  // "" too: an empty grant differs from "as requested"
    detail::put_string(o, "id_token", t.id_token);
    detail::put_string(o, "issued_token_type", t.issued_token_type);
    detail::put_extra(o, t.extra);
    return o;
}

}  // namespace authwire::oauth
