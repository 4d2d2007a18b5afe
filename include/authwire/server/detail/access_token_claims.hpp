#pragma once
// authwire — internal: the RFC 9068 §2.2 claims of an access token, written from a grant and read back into an
// access_token_info; shared by every JWT access-token format (nested in token_issuer.hpp, signed in
// signed_jwt_access_token.hpp) so that they mint and read exactly the same claims.

#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/server/access_token.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace authwire::server::detail {

// The private claim that carries the grant's refresh-token family (public as server::family_claim_name).
inline constexpr std::string_view family_claim = "fid";

// RFC 9068 §2.2: the claims the issuer sets itself (public as server::is_reserved_access_token_claim).
[[nodiscard]] inline bool is_reserved_claim(std::string_view name) noexcept {
    return jose::jwt_claims::is_registered(name) || name == "client_id" || name == "scope" || name == family_claim;
}

// RFC 9068 §2.2: the claims of a token for `grant` issued at `now` (floored to seconds) for `lifetime`: iss,
// sub, aud, iat, exp, a fresh 128-bit jti from `rng`, client_id, scope, "fid" (when the grant has a family)
// and the grant's custom claims. A grant without subject, client_id or audience is error::missing_argument;
// a custom claim with a reserved name error::invalid_argument.
[[nodiscard]] inline result<jose::jwt_claims> access_token_claims(access_token_grant const& grant,
                                                                  std::string_view issuer,
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

// A string claim taken out of the custom claims: absent is "" (or error::missing_claim when required).
[[nodiscard]] inline result<std::string> take_string_claim(boost::json::object& custom, std::string_view name,
                                                           bool required) {
    auto const* v = custom.if_contains(name);
    if (v == nullptr) return required ? result<std::string>(error::missing_claim) : std::string();
    auto const* s = v->if_string();
    if (s == nullptr) return error::wrong_member_type;
    std::string out(*s);
    custom.erase(name);
    return out;
}

// RFC 9068 §2.2, §4: what a verified token's claims say, for claims already checked for iss, exp and iat by
// jose::validate_jwt_claims: sub, jti and client_id must be present (error::missing_claim); scope and "fid" are
// optional strings (error::wrong_member_type otherwise); what remains are the custom claims.
[[nodiscard]] inline result<access_token_info> access_token_info_from(jose::jwt_claims&& claims) {
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

// access_token_info_from into `info`, reusing the capacity of its strings and vector (the scratch overload of
// jwt_access_token_format::read): same checks, same order, same errors. The custom claims are moved into
// info.claims (no copy when both use the same memory resource). On failure `info` is unspecified.
// With `deferred` pending (the custom claims kept unbuilt by the scratch overloads, see jose::jwt_scratch), the
// three claims are read from it and removed from it as they would be erased from the built object; what remains
// there are info's custom claims, and info.claims is left as it was (empty).
[[nodiscard]] inline result<void> access_token_info_into(jose::jwt_claims& claims, access_token_info& info,
                                                         jose::detail::deferred_object* deferred = nullptr) {
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
