#include <authwire/jose/key_binding.hpp>

#include <authwire/jose/key_ring.hpp>
#include <authwire/jose/key_set.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <string>

namespace jose_key_binding_test {

using namespace authwire;
using namespace authwire::jose;

jwk oct(std::size_t n, std::string kid = "k") {
    return jwk::from_octets(secret(std::string(n, 'k')), std::move(kid)).value();
}

jwk generated(char const* type, char const* curve_name = nullptr) {
    authwire::detail::evp_pkey_ptr p(curve_name ? EVP_PKEY_Q_keygen(nullptr, nullptr, type, curve_name)
                                                : EVP_PKEY_Q_keygen(nullptr, nullptr, type));
    return jwk::from_evp_pkey(p.get(), std::string(type)).value();
}

BOOST_AUTO_TEST_SUITE(jose_key_binding)

BOOST_AUTO_TEST_CASE(hmac_keys_must_be_as_long_as_the_hash) {
    // RFC 7518 §3.2: a key of the same size as the hash output or larger.
    BOOST_TEST((jws_key::make(oct(31), jws_algorithm::HS256).error() == error::weak_key));
    BOOST_TEST(jws_key::make(oct(32), jws_algorithm::HS256).has_value());
    BOOST_TEST((jws_key::make(oct(47), jws_algorithm::HS384).error() == error::weak_key));
    BOOST_TEST(jws_key::make(oct(48), jws_algorithm::HS384).has_value());
    BOOST_TEST((jws_key::make(oct(63), jws_algorithm::HS512).error() == error::weak_key));
    BOOST_TEST(jws_key::make(oct(64), jws_algorithm::HS512).has_value());
}

BOOST_AUTO_TEST_CASE(each_algorithm_takes_only_its_key_type) {
    auto const p256 = generated("EC", "P-256");
    auto const p384 = generated("EC", "P-384");
    auto const ed = generated("ED25519");
    auto const x = generated("X25519");
    auto const hmac = oct(64);
    BOOST_TEST(jws_key::make(p256, jws_algorithm::ES256).has_value());
    BOOST_TEST((jws_key::make(p256, jws_algorithm::ES384).error() == error::key_unusable));  // curve ≠ alg
    BOOST_TEST(jws_key::make(p384, jws_algorithm::ES384).has_value());
    BOOST_TEST((jws_key::make(p384, jws_algorithm::ES512).error() == error::key_unusable));
    BOOST_TEST(jws_key::make(ed, jws_algorithm::EdDSA).has_value());
    BOOST_TEST((jws_key::make(x, jws_algorithm::EdDSA).error() == error::key_unusable));
    // Key confusion is impossible by construction: public key bytes are never an HMAC key.
    for (auto const& k : {p256, ed}) {
        for (auto a : {jws_algorithm::HS256, jws_algorithm::RS256, jws_algorithm::PS256}) {
            BOOST_TEST((jws_key::make(k, a).error() == error::key_unusable));
        }
    }
    for (auto a : {jws_algorithm::RS256, jws_algorithm::ES256, jws_algorithm::EdDSA})
        BOOST_TEST((jws_key::make(hmac, a).error() == error::key_unusable));

    // JWE bindings.
    BOOST_TEST(jwe_key::make(oct(32), jwe_algorithm::dir).has_value());
    BOOST_TEST((jwe_key::make(oct(8), jwe_algorithm::dir).error() == error::weak_key));
    BOOST_TEST(jwe_key::make(oct(16), jwe_algorithm::A128KW).has_value());
    BOOST_TEST((jwe_key::make(oct(32), jwe_algorithm::A128KW).error() == error::key_unusable));
    BOOST_TEST(jwe_key::make(oct(24), jwe_algorithm::A192GCMKW).has_value());
    BOOST_TEST(jwe_key::make(p256, jwe_algorithm::ECDH_ES).has_value());
    BOOST_TEST(jwe_key::make(x, jwe_algorithm::ECDH_ES_A256KW).has_value());
    BOOST_TEST((jwe_key::make(ed, jwe_algorithm::ECDH_ES).error() == error::key_unusable));
    BOOST_TEST((jwe_key::make(p256, jwe_algorithm::RSA_OAEP).error() == error::key_unusable));
}

BOOST_AUTO_TEST_CASE(key_metadata_must_agree_with_the_binding) {
    auto const base = oct(32);
    BOOST_TEST(jws_key::make(base.with_alg("HS256"), jws_algorithm::HS256).has_value());
    BOOST_TEST((jws_key::make(base.with_alg("HS384"), jws_algorithm::HS256).error() == error::key_unusable));
    BOOST_TEST((jws_key::make(base.with_use("enc"), jws_algorithm::HS256).error() == error::key_unusable));
    BOOST_TEST(jws_key::make(base.with_use("sig"), jws_algorithm::HS256).has_value());
    BOOST_TEST((jwe_key::make(base.with_use("sig"), jwe_algorithm::dir).error() == error::key_unusable));
    auto ops = jwk::parse(R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr8","key_ops":["encrypt"]})")
                   .value();
    BOOST_TEST((jws_key::make(ops, jws_algorithm::HS256).error() == error::key_unusable));
    BOOST_TEST(jwe_key::make(ops, jwe_algorithm::dir).has_value());
    auto b = jws_key::make(base, jws_algorithm::HS256).value();
    BOOST_TEST((b.algorithm() == jws_algorithm::HS256));
    BOOST_TEST(b.kid().value() == "k");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jose_key_set)

BOOST_AUTO_TEST_CASE(selection_rule) {
    jws_key_set set;
    BOOST_TEST_REQUIRE(set.add(jws_key::make(oct(32, "a"), jws_algorithm::HS256).value()).has_value());
    BOOST_TEST_REQUIRE(set.add(jws_key::make(oct(32, "b"), jws_algorithm::HS256).value()).has_value());
    BOOST_TEST_REQUIRE(set.add(jws_key::make(oct(48, "a"), jws_algorithm::HS384).value()).has_value());
    // The same (kid, alg) twice is refused.
    BOOST_TEST((set.add(jws_key::make(oct(32, "a"), jws_algorithm::HS256).value()).error() == error::invalid_argument));

    BOOST_TEST(set.find(jws_algorithm::HS256, std::string_view("a")).value() == 0u);
    BOOST_TEST(set.find(jws_algorithm::HS256, std::string_view("b")).value() == 1u);
    BOOST_TEST(set.find(jws_algorithm::HS384, std::string_view("a")).value() == 2u);
    BOOST_TEST(set.select(jws_algorithm::HS384, std::string_view("a")).value()->key().symmetric_key()->size() == 48u);
    // kid is matched exactly, and only among keys bound to the token's alg.
    BOOST_TEST((set.find(jws_algorithm::HS256, std::string_view("A")).error() == error::unknown_key));
    BOOST_TEST((set.find(jws_algorithm::HS256, std::string_view("a ")).error() == error::unknown_key));
    BOOST_TEST((set.find(jws_algorithm::HS384, std::string_view("b")).error() == error::unknown_key));
    BOOST_TEST((set.find(jws_algorithm::HS512, std::string_view("a")).error() == error::unknown_key));
    // No kid: only when exactly one key is bound to the alg.
    BOOST_TEST((set.find(jws_algorithm::HS256, std::nullopt).error() == error::unknown_key));  // two candidates
    BOOST_TEST(set.find(jws_algorithm::HS384, std::nullopt).value() == 2u);
    BOOST_TEST((set.find(jws_algorithm::HS512, std::nullopt).error() == error::unknown_key));  // none
    BOOST_TEST(set.remove("a") == 2u);
    BOOST_TEST(set.size() == 1u);
    BOOST_TEST(set.find(jws_algorithm::HS256, std::nullopt).value() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(jose_key_ring)

BOOST_AUTO_TEST_CASE(rotation_keeps_old_keys_until_retired) {
    jws_key_ring ring;
    BOOST_TEST(ring.current() == nullptr);
    BOOST_TEST_REQUIRE(ring.rotate_to(jws_key::make(oct(32, "2024"), jws_algorithm::HS256).value()).has_value());
    BOOST_TEST(ring.current()->kid().value() == "2024");
    BOOST_TEST_REQUIRE(ring.rotate_to(jws_key::make(oct(32, "2025"), jws_algorithm::HS256).value()).has_value());
    BOOST_TEST(ring.current()->kid().value() == "2025");
    BOOST_TEST(ring.keys().size() == 2u);
    BOOST_TEST(ring.keys().find(jws_algorithm::HS256, std::string_view("2024")).has_value());
    // Tokens without kid are ambiguous once two keys are accepted.
    BOOST_TEST((ring.keys().find(jws_algorithm::HS256, std::nullopt).error() == error::unknown_key));

    BOOST_TEST((ring.retire("2025").error() == error::invalid_argument));  // the current key
    BOOST_TEST((ring.retire("1999").error() == error::unknown_key));
    BOOST_TEST_REQUIRE(ring.retire("2024").has_value());
    BOOST_TEST(ring.keys().size() == 1u);
    BOOST_TEST((ring.keys().find(jws_algorithm::HS256, std::string_view("2024")).error() == error::unknown_key));
    BOOST_TEST(ring.current()->kid().value() == "2025");

    // Every key in a ring has a kid; a duplicate is refused and leaves the ring as it was.
    BOOST_TEST((ring.rotate_to(jws_key::make(jwk::from_octets(secret(std::string(32, 'x'))).value(),
                                             jws_algorithm::HS256)
                                   .value())
                    .error() == error::invalid_argument));
    BOOST_TEST((ring.rotate_to(jws_key::make(oct(32, "2025"), jws_algorithm::HS256).value()).error() ==
                error::invalid_argument));
    BOOST_TEST(ring.current()->kid().value() == "2025");
    BOOST_TEST_REQUIRE(ring.accept(jws_key::make(oct(32, "old"), jws_algorithm::HS256).value()).has_value());
    BOOST_TEST(ring.current()->kid().value() == "2025");
    BOOST_TEST(ring.keys().size() == 2u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_key_binding_test
