#pragma once
// authwire — the definitions of <authwire/jose/key_binding.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/jose/key_binding.hpp>

namespace authwire::jose::detail {

AUTHWIRE_DECL result<void> check_key_metadata(jwk const& key, std::string_view alg_name, std::string_view use,
                                              std::initializer_list<std::string_view> ops) {
    if (auto a = key.alg(); a && *a != alg_name) return error::key_unusable;
    if (auto u = key.use(); u && *u != use) return error::key_unusable;
    if (auto k = key.key_ops()) {
        bool any = false;
        for (auto const& op : *k)
            for (auto want : ops) any = any || op == want;
        if (!any) return error::key_unusable;
    }
    return {};
}

}  // namespace authwire::jose::detail

namespace authwire::jose {

AUTHWIRE_DECL result<void> check_key_for(jws_algorithm alg, jwk const& key) {
    if (auto r = detail::check_key_metadata(key, to_string(alg), "sig", {"sign", "verify"}); !r) return r;
    switch (family_of(alg)) {
        case jws_family::hmac:
            if (key.kty() != key_type::oct) return error::key_unusable;
            if (key.symmetric_key()->size() < hash_size_of(alg)) return error::weak_key;  // RFC 7518 §3.2
            return {};
        case jws_family::rsa_pkcs1:
        case jws_family::rsa_pss:
            if (key.kty() != key_type::RSA) return error::key_unusable;
            return {};
        case jws_family::ecdsa: {
            if (key.kty() != key_type::EC) return error::key_unusable;
            auto const want = alg == jws_algorithm::ES256   ? curve::P_256
                              : alg == jws_algorithm::ES384 ? curve::P_384
                                                            : curve::P_521;
            if (key.crv() != want) return error::key_unusable;  // RFC 7518 §3.4: the curve is part of the algorithm
            return {};
        }
        case jws_family::eddsa:
            if (key.kty() != key_type::OKP || key.crv() != curve::Ed25519) return error::key_unusable;
            return {};
    }
    return error::key_unusable;
}

AUTHWIRE_DECL result<void> check_key_for(jwe_algorithm alg, jwk const& key) {
    if (auto r = detail::check_key_metadata(key, to_string(alg), "enc",
                                            {"encrypt", "decrypt", "wrapKey", "unwrapKey", "deriveKey", "deriveBits"});
        !r)
        return r;
    auto oct_of = [&key](std::size_t size) -> result<void> {
        if (key.kty() != key_type::oct) return error::key_unusable;
        if (key.symmetric_key()->size() != size) return error::key_unusable;
        return {};
    };
    switch (alg) {
        case jwe_algorithm::RSA1_5:
        case jwe_algorithm::RSA_OAEP:
        case jwe_algorithm::RSA_OAEP_256:
            if (key.kty() != key_type::RSA) return error::key_unusable;
            return {};
        case jwe_algorithm::A128KW:
        case jwe_algorithm::A128GCMKW:
            return oct_of(16);
        case jwe_algorithm::A192KW:
        case jwe_algorithm::A192GCMKW:
            return oct_of(24);
        case jwe_algorithm::A256KW:
        case jwe_algorithm::A256GCMKW:
            return oct_of(32);
        case jwe_algorithm::dir:
            if (key.kty() != key_type::oct) return error::key_unusable;
            if (key.symmetric_key()->size() < 16) return error::weak_key;
            return {};
        case jwe_algorithm::ECDH_ES:
        case jwe_algorithm::ECDH_ES_A128KW:
        case jwe_algorithm::ECDH_ES_A192KW:
        case jwe_algorithm::ECDH_ES_A256KW:
            if (key.kty() == key_type::EC) return {};
            if (key.kty() == key_type::OKP && key.crv() == curve::X25519) return {};
            return error::key_unusable;
        case jwe_algorithm::PBES2_HS256_A128KW:
        case jwe_algorithm::PBES2_HS384_A192KW:
        case jwe_algorithm::PBES2_HS512_A256KW:
            if (key.kty() != key_type::oct) return error::key_unusable;
            return {};
    }
    return error::key_unusable;
}

}  // namespace authwire::jose
