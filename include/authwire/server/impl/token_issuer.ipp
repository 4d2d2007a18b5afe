#pragma once
// authwire — the definitions of <authwire/server/token_issuer.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/token_issuer.hpp>

namespace authwire::server {

AUTHWIRE_DECL bool is_reserved_access_token_claim(std::string_view name) noexcept {
    return detail::is_reserved_claim(name);
}

AUTHWIRE_DECL access_token_info const& access_token_scratch::info() const {
    build_claims();
    return info_;
}

AUTHWIRE_DECL access_token_info& access_token_scratch::info() {
    build_claims();
    return info_;
}

AUTHWIRE_DECL void access_token_scratch::build_claims() const {
    auto& d = jose::detail::nested_jwt_scratch_access::custom(nested_);
    if (d.pending) d.build_into(info_.claims);
}

AUTHWIRE_DECL result<jwt_access_token_format> jwt_access_token_format::make(jose::jws_key_ring const& signing,
                                                                            jose::jwe_key_ring const& encryption,
                                                                            jwt_access_token_options options) {
    using namespace std::chrono;
    if (signing.current() == nullptr || encryption.current() == nullptr || options.issuer.empty() ||
        options.lifetime < seconds(1) || options.leeway < seconds(0) || options.leeway > hours(24))
        return error::invalid_argument;
    auto signer = jose::jws_signer::make(*signing.current());
    if (!signer) return signer.error();
    auto encrypter = jose::make_nested_encrypter(*encryption.current(), options.enc, std::string("at+jwt"));
    if (!encrypter) return encrypter.error();
    jose::jws_options jws_opt;
    jws_opt.max_token_size = options.max_token_size;
    auto verifier = jose::jws_verifier::make(signing, std::move(jws_opt));
    if (!verifier) return verifier.error();
    jose::jwe_decrypt_options jwe_opt;
    jwe_opt.max_token_size = options.max_token_size;
    auto decrypter = jose::jwe_decrypter::make(encryption.keys(), {options.enc}, std::move(jwe_opt));
    if (!decrypter) return decrypter.error();
    return jwt_access_token_format(std::move(*signer), std::move(*encrypter), std::move(*verifier),
                                   std::move(*decrypter), std::move(options));
}

AUTHWIRE_DECL result<issued_access_token> jwt_access_token_format::issue(access_token_grant const& grant,
                                                                         std::chrono::system_clock::time_point now,
                                                                         random_source rng) const {
    try {
        auto c = detail::access_token_claims(grant, options_.issuer, now, options_.lifetime, rng);
        if (!c) return c.error();
        auto token = jose::mint_nested(*c, signer_, encrypter_, "at+jwt", rng);
        if (!token) return token.error();
        return issued_access_token{secret(std::move(*token)), std::move(*c->jti), options_.lifetime, *c->exp};
    } catch (std::exception const&) {
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<access_token_info> jwt_access_token_format::read(std::string_view token,
                                                                      std::chrono::system_clock::time_point now) const {
    std::string buffer;
    try {
        auto r = read_impl(token, now, buffer);
        OPENSSL_cleanse(buffer.data(), buffer.size());
        return r;
    } catch (std::exception const&) {
        OPENSSL_cleanse(buffer.data(), buffer.size());
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<void> jwt_access_token_format::read(std::string_view token,
                                                         std::chrono::system_clock::time_point now,
                                                         access_token_scratch& scratch) const {
    using access = jose::detail::nested_jwt_scratch_access;
    auto& nested = scratch.nested_;
    auto& info = scratch.info_;
    auto& buffer = access::buffer(nested);
    auto wipe = [&buffer] {
        OPENSSL_cleanse(buffer.data(), buffer.size());
        buffer.clear();
    };
    try {
        // The previous call's custom claims go back to the arena first, so that it can be reused (nothing to
        // give back when they hold no memory: never built since the last call).
        if (info.claims.capacity() != 0) info.claims = boost::json::object(info.claims.storage());
        access::prepare(nested);
        auto const& sp = access::storage(nested);
        if (info.claims.storage().get() != sp.get()) jose::detail::rebind(info.claims, sp);
        auto& out = access::value(nested);
        // As decrypt_nested, then verify_jwt (see read_impl).
        if (auto r = jose::detail::jwe_decrypter_access::decrypt_into(decrypter_, token, buffer, {}, out.outer, sp,
                                                                      &access::outer(nested));
            !r)
            return r.error() == error::unknown_key ? error::decryption_failed : r.error();
        auto const cty = out.outer.cty();
        if (!cty || !jose::same_media_type(*cty, jose::nested_jwt_content_type)) {
            wipe();
            return error::wrong_token_type;
        }
        auto& custom = access::custom(nested);
        auto inner = jose::detail::verify_jwt_into(buffer, verifier_, validation_, now, out.header, out.claims,
                                                   access::payload(nested), sp, &custom, &access::header(nested));
        wipe();
        if (!inner) return inner.error() == error::unknown_key ? error::signature_invalid : inner.error();
        return detail::access_token_info_into(out.claims, info, &custom);
    } catch (std::exception const&) {
        wipe();
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL jose::jwt_validation jwt_access_token_format::validation_for(jwt_access_token_options const& o) {
    jose::jwt_validation v;
    v.type = "at+jwt";
    v.issuer = o.issuer;
    v.audience_matched_by_caller = true;  // the resource server matches it (access_token_info::audience)
    v.leeway = o.leeway;
    v.require_iat = true;
    return v;
}

AUTHWIRE_DECL result<access_token_info> jwt_access_token_format::read_impl(std::string_view token,
                                                                           std::chrono::system_clock::time_point now,
                                                                           std::string& buffer) const {
    auto outer = jose::decrypt_nested(token, decrypter_, buffer);
    if (!outer) return outer.error() == error::unknown_key ? error::decryption_failed : outer.error();
    auto jwt = jose::verify_jwt(buffer, verifier_, validation_, now);
    if (!jwt) return jwt.error() == error::unknown_key ? error::signature_invalid : jwt.error();
    return detail::access_token_info_from(std::move(jwt->claims));
}

AUTHWIRE_DECL result<void> memory_access_token_store::store(token_hash const& hash, access_token_info info) {
    std::unique_lock lock(mutex_);
    if (!tokens_.try_emplace(hash, std::move(info)).second) return error::invalid_argument;
    return {};
}

AUTHWIRE_DECL result<std::optional<access_token_info>> memory_access_token_store::find(token_hash const& hash) const {
    std::shared_lock lock(mutex_);
    auto const it = tokens_.find(hash);
    if (it == tokens_.end()) return std::optional<access_token_info>{};
    return std::optional<access_token_info>{it->second};
}

AUTHWIRE_DECL std::size_t memory_access_token_store::purge(std::chrono::system_clock::time_point now) {
    std::unique_lock lock(mutex_);
    return std::erase_if(tokens_, [&](auto const& kv) { return now >= kv.second.expires_at; });
}

AUTHWIRE_DECL std::size_t memory_access_token_store::size() const {
    std::shared_lock lock(mutex_);
    return tokens_.size();
}

}  // namespace authwire::server

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(access_token_format<jwt_access_token_format>);
static_assert(access_token_store<memory_access_token_store>);
static_assert(access_token_format<opaque_access_token_format<memory_access_token_store>>);

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL result<void> prepare_opaque_access_token(access_token_grant const& grant,
                                                       std::chrono::system_clock::time_point now, random_source rng,
                                                       opaque_access_token_options const& options,
                                                       prepared_access_token& out) {
    if (grant.subject.empty() || grant.client_id.empty()) return error::missing_argument;
    if (options.lifetime < std::chrono::seconds(1)) return error::invalid_argument;
    auto token = generate_opaque_token(rng);
    if (!token) return token.error();
    auto jti = random_token(16, rng);
    if (!jti) return jti.error();
    auto hash = hash_token(token->reveal());
    if (!hash) return hash.error();
    access_token_info info;
    info.issuer = options.issuer;
    info.subject = grant.subject;
    info.client_id = grant.client_id;
    info.scope = grant.scope;
    info.audience = grant.audience;
    info.family_id = grant.family_id;
    info.jti = *jti;
    info.issued_at = now;
    info.expires_at = now + options.lifetime;
    info.claims = grant.claims;
    auto const expires_at = info.expires_at;
    out = prepared_access_token{*hash, std::move(info),
                                issued_access_token{std::move(*token), std::move(*jti), options.lifetime, expires_at}};
    return {};
}

AUTHWIRE_DECL result<token_hash> opaque_token_hash(std::string_view token) {
    if (token.size() != opaque_token_length) return error::malformed_token;
    return hash_token(token);
}

AUTHWIRE_DECL result<access_token_info> opaque_token_lookup(result<std::optional<access_token_info>> found,
                                                            std::chrono::system_clock::time_point now) {
    if (!found) return found.error();
    if (!*found) return error::invalid_token;
    if (now >= (*found)->expires_at) return error::token_expired;
    return std::move(**found);
}

}  // namespace authwire::server::detail
