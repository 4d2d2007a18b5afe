#pragma once
// authwire — the definitions of <authwire/jose/nested.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/nested.hpp>

namespace authwire::jose {

AUTHWIRE_DECL result<jwe_encrypter> make_nested_encrypter(jwe_key key, jwe_encryption enc,
                                                          std::optional<std::string> typ) {
    jwe_header_params header;
    header.typ = std::move(typ);
    header.cty = std::string(nested_jwt_content_type);
    return jwe_encrypter::make(std::move(key), enc, std::move(header));
}

AUTHWIRE_DECL result<std::string> mint_nested(jwt_claims const& claims, jws_signer const& signer,
                                              jwe_encrypter const& encrypter, std::string_view inner_typ,
                                              random_source rng) {
    auto inner = mint_jwt(claims, signer, inner_typ);
    if (!inner) return inner.error();
    auto outer = encrypter.encrypt(*inner, rng);
    OPENSSL_cleanse(inner->data(), inner->size());
    return outer;
}

AUTHWIRE_DECL result<jwe_header> decrypt_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                std::string& plaintext, random_source rng) {
    auto header = decrypter.decrypt_into(token, plaintext, rng);
    if (!header) return header.error();
    auto const cty = header->cty();
    if (!cty || !same_media_type(*cty, nested_jwt_content_type)) {
        OPENSSL_cleanse(plaintext.data(), plaintext.size());
        plaintext.clear();
        return error::wrong_token_type;
    }
    return header;
}

AUTHWIRE_DECL result<verified_nested_jwt> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                          jws_verifier const& verifier,
                                                          jwt_validation const& validation,
                                                          std::chrono::system_clock::time_point now,
                                                          std::string& buffer) {
    auto outer = decrypt_nested(token, decrypter, buffer);
    if (!outer) return outer.error();
    auto inner = verify_jwt(buffer, verifier, validation, now);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    buffer.clear();
    if (!inner) return inner.error();
    return verified_nested_jwt{std::move(*outer), std::move(inner->header), std::move(inner->claims)};
}

AUTHWIRE_DECL nested_jwt_scratch::~nested_jwt_scratch() {
    OPENSSL_cleanse(buffer_.data(), buffer_.capacity());
    OPENSSL_cleanse(payload_.data(), payload_.capacity());
}

AUTHWIRE_DECL verified_nested_jwt const& nested_jwt_scratch::verified() const {
    build_outer();
    if (header_.pending) header_.build_into(value_.header.members);
    if (custom_.pending) custom_.build_into(value_.claims.custom);
    return value_;
}

AUTHWIRE_DECL verified_nested_jwt const& nested_jwt_scratch::verified_registered() const {
    build_outer();
    return value_;
}

AUTHWIRE_DECL void nested_jwt_scratch::rebuild() noexcept {
    std::destroy_at(&value_.outer);
    std::construct_at(&value_.outer, detail::jwe_header_access::make(arena_.storage()));
    detail::rebind(value_.header.members, arena_.storage());
    detail::rebind(value_.claims.custom, arena_.storage());
}

AUTHWIRE_DECL void nested_jwt_scratch::build_outer() const {
    if (outer_.pending) outer_.build_into(detail::jwe_header_access::members(value_.outer));
}

AUTHWIRE_DECL void nested_jwt_scratch::prepare() {
    outer_.clear();
    header_.clear();
    custom_.clear();
    detail::jwe_header_access::reset(value_.outer, arena_.storage());
    detail::release_on(value_.header.members, arena_.storage());
    detail::release_on(value_.claims.custom, arena_.storage());
    if (arena_.prepare()) rebuild();
}

}  // namespace authwire::jose

namespace authwire::jose::detail {

AUTHWIRE_DECL boost::json::storage_ptr const& nested_jwt_scratch_access::storage(nested_jwt_scratch const& s) noexcept {
    return s.arena_.storage();
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<void> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                           jws_verifier const& verifier, jwt_validation const& validation,
                                           std::chrono::system_clock::time_point now, nested_jwt_scratch& scratch) {
    using access = detail::nested_jwt_scratch_access;
    auto& buffer = access::buffer(scratch);
    auto wipe = [&buffer] {
        OPENSSL_cleanse(buffer.data(), buffer.size());
        buffer.clear();
    };
    try {
        access::prepare(scratch);
        auto& out = access::value(scratch);
        auto const& sp = access::storage(scratch);
        if (auto r = detail::jwe_decrypter_access::decrypt_into(decrypter, token, buffer, {}, out.outer, sp,
                                                                &access::outer(scratch));
            !r)
            return r.error();
        auto const cty = out.outer.cty();
        if (!cty || !same_media_type(*cty, nested_jwt_content_type)) {
            wipe();
            return error::wrong_token_type;
        }
        auto inner =
            detail::verify_jwt_into(buffer, verifier, validation, now, out.header, out.claims, access::payload(scratch),
                                    sp, &access::custom(scratch), &access::header(scratch));
        wipe();
        return inner;
    } catch (std::exception const&) {
        wipe();
        return error::input_too_large;  // allocation failure
    }
}

AUTHWIRE_DECL result<verified_nested_jwt> validate_nested(std::string_view token, jwe_decrypter const& decrypter,
                                                          jws_verifier const& verifier,
                                                          jwt_validation const& validation,
                                                          std::chrono::system_clock::time_point now) {
    std::string buffer;
    return validate_nested(token, decrypter, verifier, validation, now, buffer);
}

}  // namespace authwire::jose
