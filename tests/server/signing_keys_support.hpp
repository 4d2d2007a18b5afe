// authwire tests — asymmetric signing keys for the RFC 9068 signed access-token tests: one fresh key per
// algorithm and kid (RSA keys are generated once per kid and reused, to keep the suite fast).
#pragma once

#include <authwire/core/detail/openssl.hpp>
#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/key_binding.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <cstddef>
#include <map>
#include <string>

namespace server_test {

// A private key of the type `alg` needs, with `kid`, bound to `alg`.
inline authwire::jose::jws_key signing_key(authwire::jose::jws_algorithm alg, std::string const& kid) {
    using authwire::jose::jws_algorithm;
    static std::map<std::string, authwire::jose::jwk> rsa;  // the test binaries are single-threaded
    bool const is_rsa = alg == jws_algorithm::RS256 || alg == jws_algorithm::PS256;
    if (is_rsa) {
        if (auto it = rsa.find(kid); it != rsa.end()) return authwire::jose::jws_key::make(it->second, alg).value();
    }
    authwire::detail::evp_pkey_ptr pkey(
        is_rsa                          ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048})
        : alg == jws_algorithm::ES256   ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256")
        : alg == jws_algorithm::ES384   ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384")
                                        : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    BOOST_REQUIRE(pkey);
    auto key = authwire::jose::jwk::from_evp_pkey(pkey.get(), kid).value();
    if (is_rsa) rsa.emplace(kid, key);
    return authwire::jose::jws_key::make(std::move(key), alg).value();
}

} // namespace server_test
