#include <authwire/jose.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace jose_umbrella_test {

// The JOSE umbrella compiles on its own and is enough for the whole mint → verify_jwt path.
BOOST_AUTO_TEST_CASE(jose_umbrella_is_self_contained) {
    using namespace authwire::jose;
    auto key = jwk::generate_octets(32, std::string("k")).value();
    auto binding = jws_key::make(key, jws_algorithm::HS256).value();
    auto signer = jws_signer::make(binding).value();
    auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222000));
    auto token = jwt_builder().issuer("i").audience("a").expires_at(now + std::chrono::hours(1)).sign(signer).value();
    jws_key_set set;
    BOOST_TEST_REQUIRE(set.add(binding).has_value());
    auto verifier = jws_verifier::make(std::move(set), {jws_algorithm::HS256}).value();
    jwt_validation v;
    v.issuer = "i";
    v.audiences = {"a"};
    v.type = "JWT";
    BOOST_TEST(verify_jwt(token, verifier, v, now).has_value());
}

} // namespace jose_umbrella_test
