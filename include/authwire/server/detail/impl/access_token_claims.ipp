#pragma once
// authwire — the definitions of <authwire/server/detail/access_token_claims.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/detail/access_token_claims.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL bool is_reserved_claim(std::string_view name) noexcept {
    return jose::jwt_claims::is_registered(name) || name == "client_id" || name == "scope" || name == family_claim;
}

AUTHWIRE_DECL result<jose::jwt_claims> access_token_claims(access_token_grant const& grant, std::string_view issuer,
                                                           std::chrono::system_clock::time_point now,
                                                           std::chrono::seconds lifetime, random_source rng) {
    if (grant.subject.empty() || grant.client_id.empty() || grant.audience.empty()) return error::missing_argument;
    for (auto const& m : grant.claims)
        if (is_reserved_claim(m.key())) return error::invalid_argument;
    auto jti = random_token(16, rng);
    if (!jti) return jti.error();
    auto const iat = std::chrono::floor<std::chrono::seconds>(now);
    jose::jwt_claims c;
    c.iss = std::string(issuer);
    c.sub = grant.subject;
    c.aud = grant.audience;
    c.iat = iat;
    c.exp = iat + lifetime;
    c.jti = std::move(*jti);
    c.custom.reserve(grant.claims.size() + 3);
    c.custom["client_id"] = grant.client_id;
    c.custom["scope"] = grant.scope;
    if (!grant.family_id.empty()) c.custom[family_claim] = grant.family_id;
    for (auto const& m : grant.claims) c.custom[m.key()] = m.value();
    return c;
}

AUTHWIRE_DECL result<std::string> take_string_claim(boost::json::object& custom, std::string_view name, bool required) {
    auto const* v = custom.if_contains(name);
    if (v == nullptr) return required ? result<std::string>(error::missing_claim) : std::string();
    auto const* s = v->if_string();
    if (s == nullptr) return error::wrong_member_type;
    std::string out(*s);
    custom.erase(name);
    return out;
}

AUTHWIRE_DECL result<access_token_info> access_token_info_from(jose::jwt_claims&& claims) {
    if (!claims.sub || !claims.jti || !claims.iss || !claims.iat || !claims.exp) return error::missing_claim;
    access_token_info info;
    info.audience = std::move(claims.aud);
    info.issuer = std::move(*claims.iss);
    info.subject = std::move(*claims.sub);
    info.jti = std::move(*claims.jti);
    info.issued_at = *claims.iat;
    info.expires_at = *claims.exp;
    auto client_id = take_string_claim(claims.custom, "client_id", true);
    if (!client_id) return client_id.error();
    info.client_id = std::move(*client_id);
    auto scope = take_string_claim(claims.custom, "scope", false);
    if (!scope) return scope.error();
    info.scope = std::move(*scope);
    auto family = take_string_claim(claims.custom, family_claim, false);
    if (!family) return family.error();
    info.family_id = std::move(*family);
    info.claims = std::move(claims.custom);
    return info;
}

AUTHWIRE_DECL result<void> access_token_info_into(jose::jwt_claims& claims, access_token_info& info,
                                                  jose::detail::deferred_object* deferred) {
    if (!claims.sub || !claims.jti || !claims.iss || !claims.iat || !claims.exp) return error::missing_claim;
    info.audience.resize(claims.aud.size());
    for (std::size_t i = 0; i < claims.aud.size(); ++i) info.audience[i].assign(claims.aud[i]);
    info.issuer.assign(*claims.iss);
    info.subject.assign(*claims.sub);
    info.jti.assign(*claims.jti);
    info.issued_at = *claims.iat;
    info.expires_at = *claims.exp;
    for (auto [name, required, slot] : {std::tuple{std::string_view("client_id"), true, &info.client_id},
                                        std::tuple{std::string_view("scope"), false, &info.scope},
                                        std::tuple{std::string_view(family_claim), false, &info.family_id}}) {
        if (deferred != nullptr && deferred->pending) {
            auto const i = deferred->find(name);
            if (i == deferred->count) {
                if (required) return error::missing_claim;
                slot->clear();
                continue;
            }
            auto const& m = deferred->scan.members[deferred->order[i]];
            if (m.is_array || m.value.type != jose::detail::scan_scalar::kind::string) return error::wrong_member_type;
            slot->assign(m.value.string);
            deferred->erase(i);
            continue;
        }
        auto const* v = claims.custom.if_contains(name);
        if (v == nullptr) {
            if (required) return error::missing_claim;
            slot->clear();
            continue;
        }
        auto const* s = v->if_string();
        if (s == nullptr) return error::wrong_member_type;
        slot->assign(s->data(), s->size());
        claims.custom.erase(name);
    }
    if (deferred == nullptr || !deferred->pending) info.claims = std::move(claims.custom);
    return {};
}

}  // namespace authwire::server::detail
