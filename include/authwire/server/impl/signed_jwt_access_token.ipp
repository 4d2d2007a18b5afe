#pragma once
// authwire — the definitions of <authwire/server/signed_jwt_access_token.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/signed_jwt_access_token.hpp>

namespace authwire::server {

AUTHWIRE_DECL result<signed_jwt_access_token_format> signed_jwt_access_token_format::make(
    access_token_signing_keys const& keys, signed_jwt_access_token_options options) {
    using namespace std::chrono;
    if (keys.current() == nullptr || options.issuer.empty() || options.lifetime < seconds(1) ||
        options.leeway < seconds(0) || options.leeway > hours(24) ||
        keys.retention() < options.lifetime + options.leeway)
        return error::invalid_argument;
    auto signer = jose::jws_signer::make(*keys.current());
    if (!signer) return signer.error();
    jose::jws_key_set verification;
    std::vector<jose::jws_algorithm> allowed;
    for (auto const& k : keys.keys()) {
        if (auto r = verification.add(k.key); !r) return r.error();
        if (std::find(allowed.begin(), allowed.end(), k.key.algorithm()) == allowed.end())
            allowed.push_back(k.key.algorithm());
    }
    jose::jws_options jws_opt;
    jws_opt.max_token_size = options.max_token_size;
    auto verifier = jose::jws_verifier::make(std::move(verification), allowed, std::move(jws_opt));
    if (!verifier) return verifier.error();
    return signed_jwt_access_token_format(std::move(*signer), std::move(*verifier), std::move(options));
}

AUTHWIRE_DECL result<issued_access_token> signed_jwt_access_token_format::issue(
    access_token_grant const& grant, std::chrono::system_clock::time_point now, random_source rng) const {
    try {
        auto c = detail::access_token_claims(grant, options_.issuer, now, options_.lifetime, rng);
        if (!c) return c.error();
        auto token = jose::mint_jwt(*c, signer_, "at+jwt");
        if (!token) return token.error();
        return issued_access_token{secret(std::move(*token)), std::move(*c->jti), options_.lifetime, *c->exp};
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<access_token_info> signed_jwt_access_token_format::read(
    std::string_view token, std::chrono::system_clock::time_point now) const {
    try {
        auto jwt = jose::verify_jwt(token, verifier_, validation_, now);
        if (!jwt) return jwt.error() == error::unknown_key ? error::signature_invalid : jwt.error();
        return detail::access_token_info_from(std::move(jwt->claims));
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL signed_jwt_access_token_format::signed_jwt_access_token_format(jose::jws_signer signer,
                                                                             jose::jws_verifier verifier,
                                                                             signed_jwt_access_token_options options)
    : signer_(std::move(signer)), verifier_(std::move(verifier)), options_(std::move(options)) {
    validation_.type = "at+jwt";
    validation_.issuer = options_.issuer;
    validation_.audience_matched_by_caller = true;  // the resource server matches it
    validation_.leeway = options_.leeway;
    validation_.require_iat = true;
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(access_token_format<signed_jwt_access_token_format>);

}  // namespace authwire::server
