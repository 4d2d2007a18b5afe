#pragma once
// authwire — the definitions of <authwire/oauth/id_token.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/id_token.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL std::vector<jose::jws_algorithm> id_token_algorithms(authorization_server_metadata const& as) {
    std::vector<jose::jws_algorithm> out;
    for (auto a : asymmetric_jws_algorithms) {
        auto const& advertised = as.id_token_signing_alg_values_supported;
        if (!advertised || std::find(advertised->begin(), advertised->end(), jose::to_string(a)) != advertised->end())
            out.push_back(a);
    }
    return out;
}

AUTHWIRE_DECL id_token_validation id_token_validation_for(authorization_server_metadata const& as,
                                                          std::string_view client_id, std::string_view nonce) {
    id_token_validation v;
    v.issuer = as.issuer;
    v.client_id = std::string(client_id);
    v.nonce = std::string(nonce);
    v.algorithms = id_token_algorithms(as);
    return v;
}

AUTHWIRE_DECL jose::jws_key_set id_token_keys(jose::jwk_set const& jwks,
                                              std::span<jose::jws_algorithm const> algorithms) {
    jose::jws_key_set keys;
    auto bind = [&](jose::jwk const& k, jose::jws_algorithm a) {
        auto b = jose::jws_key::make(k, a);
        if (b) (void)keys.add(std::move(*b));
    };
    for (auto const& k : jwks) {
        if (auto named = k.alg()) {
            auto a = jose::parse_jws_algorithm(*named);
            if (a && std::find(algorithms.begin(), algorithms.end(), *a) != algorithms.end()) bind(k, *a);
            continue;
        }
        for (auto a : algorithms) bind(k, a);
    }
    return keys;
}

AUTHWIRE_DECL result<jose::verified_jwt> validate_id_token(std::string_view id_token, jose::jwk_set const& jwks,
                                                           id_token_validation const& v,
                                                           std::chrono::system_clock::time_point now) {
    if (v.issuer.empty() || v.client_id.empty()) return error::missing_argument;
    if (v.leeway < std::chrono::seconds{0} || v.leeway > std::chrono::minutes{5}) return error::invalid_argument;
    if (v.algorithms.empty()) return error::algorithm_not_allowed;
    for (auto a : v.algorithms)
        if (jose::family_of(a) == jose::jws_family::hmac) return error::invalid_argument;
    auto verifier = jose::jws_verifier::make(id_token_keys(jwks, v.algorithms), v.algorithms);
    if (!verifier) return verifier.error();

    jose::jwt_validation rules;
    rules.issuer = v.issuer;
    rules.audiences = {v.client_id};
    rules.leeway = v.leeway;
    rules.require_exp = true;
    rules.require_iat = true;
    rules.required_claims = {"sub"};
    auto jwt = jose::verify_jwt(id_token, *verifier, rules, now);
    if (!jwt) return jwt.error();

    auto const& claims = jwt->claims;
    auto const* azp = claims.custom.if_contains("azp");
    if (azp != nullptr && !azp->is_string()) return error::wrong_member_type;
    if (claims.aud.size() > 1 && azp == nullptr) return error::missing_claim;
    if (azp != nullptr && std::string_view(azp->get_string()) != v.client_id) return error::wrong_audience;

    if (!v.nonce.empty()) {
        auto const* nonce = claims.custom.if_contains("nonce");
        if (nonce == nullptr || !nonce->is_string()) return error::nonce_mismatch;
        if (!constant_time_equal(std::string_view(nonce->get_string()), v.nonce)) return error::nonce_mismatch;
    }
    return std::move(*jwt);
}

}  // namespace authwire::oauth
