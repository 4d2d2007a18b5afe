#pragma once
// Helpers shared by the ID token tests: an OpenID provider's signing key (fresh EC P-256 or Ed25519), its public
// JWK Set as a provider publishes it at jwks_uri, and ID tokens minted with it.

#include <authwire/core/detail/openssl.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_binding.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace authwire::test {

class id_token_provider {
public:
    // A P-256 key for ES256 (or an Ed25519 key for EdDSA), with `kid`; `alg_member` puts "alg" in the JWK.
    explicit id_token_provider(std::string kid = "id-key-1", jose::jws_algorithm alg = jose::jws_algorithm::ES256,
                               bool alg_member = true)
        : alg_(alg) {
        authwire::detail::evp_pkey_ptr pkey{alg == jose::jws_algorithm::EdDSA
                                                ? EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519")
                                                : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")};
        if (!pkey) throw std::runtime_error("keygen");
        auto key = jose::jwk::from_evp_pkey(pkey.get(), std::move(kid));
        if (!key) throw std::runtime_error("jwk");
        auto o = key->to_json(jose::jwk_members::include_private);
        if (!o) throw std::runtime_error("jwk json");
        if (alg_member) (*o)["alg"] = jose::to_string(alg);
        (*o)["use"] = "sig";
        auto with_alg = jose::jwk::from_json(*o);
        if (!with_alg) throw std::runtime_error("jwk reparse");
        auto bound = jose::jws_key::make(*with_alg, alg);
        if (!bound) throw std::runtime_error("bind");
        auto signer = jose::jws_signer::make(std::move(*bound));
        if (!signer) throw std::runtime_error("signer");
        signer_.emplace(std::move(*signer));
        key_ = std::move(*with_alg);
    }

    // The public JWK Set, as the JSON document at jwks_uri.
    [[nodiscard]] std::string jwks_json() const { return jose::jwk_set({key_}).serialize().value(); }
    [[nodiscard]] jose::jwk_set jwks() const { return jose::jwk_set::parse(jwks_json()).value(); }

    // An ID token with the usual claims for `client_id` from `issuer` at `now`; `edit` changes the claims first.
    template <class Edit>
    [[nodiscard]] std::string mint(std::string_view issuer, std::string_view client_id, std::string_view nonce,
                                   std::chrono::system_clock::time_point now, Edit&& edit) const {
        jose::jwt_claims c;
        c.iss = std::string(issuer);
        c.sub = "alice";
        c.aud = {std::string(client_id)};
        c.iat = std::chrono::floor<std::chrono::seconds>(now);
        c.exp = std::chrono::floor<std::chrono::seconds>(now + std::chrono::minutes(5));
        if (!nonce.empty()) c.custom["nonce"] = nonce;
        edit(c);
        return jose::mint_jwt(c, *signer_).value();
    }
    [[nodiscard]] std::string mint(std::string_view issuer, std::string_view client_id, std::string_view nonce,
                                   std::chrono::system_clock::time_point now) const {
        return mint(issuer, client_id, nonce, now, [](jose::jwt_claims&) {});
    }

    [[nodiscard]] jose::jws_algorithm algorithm() const noexcept { return alg_; }

private:
    jose::jws_algorithm alg_;
    jose::jwk key_ = jose::jwk::from_octets(secret(std::string(32, 'x'))).value();
    std::optional<jose::jws_signer> signer_;
};

} // namespace authwire::test
