#include <authwire/jose/algorithm.hpp>

#include <boost/test/unit_test.hpp>

#include <string>

namespace jose_algorithm_test {

using namespace authwire;
using namespace authwire::jose;

BOOST_AUTO_TEST_SUITE(jose_algorithm)

BOOST_AUTO_TEST_CASE(every_name_round_trips_exactly) {
    for (auto a : all_jws_algorithms) {
        auto const name = to_string(a);
        BOOST_TEST(!name.empty());
        BOOST_TEST((parse_jws_algorithm(name).value() == a));
        // Case matters (RFC 7515 §4.1.1: a case-sensitive string).
        std::string lower(name);
        for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        BOOST_TEST((parse_jws_algorithm(lower).error() == error::unsupported_algorithm));
    }
    for (auto const& n : jose::detail::jwe_algorithm_names) BOOST_TEST((parse_jwe_algorithm(n.name).value() == n.value));
    for (auto const& n : jose::detail::jwe_encryption_names) BOOST_TEST((parse_jwe_encryption(n.name).value() == n.value));
    BOOST_TEST(to_string(jwe_algorithm::ECDH_ES_A256KW) == "ECDH-ES+A256KW");
    BOOST_TEST(to_string(jwe_algorithm::RSA_OAEP_256) == "RSA-OAEP-256");
    BOOST_TEST(to_string(jwe_encryption::A128CBC_HS256) == "A128CBC-HS256");
    BOOST_TEST(to_string(jws_algorithm::EdDSA) == "EdDSA");
}

BOOST_AUTO_TEST_CASE(none_is_never_an_algorithm) {
    for (auto none : {"none", "None", "NONE", "nOnE"}) {
        BOOST_TEST((parse_jws_algorithm(none).error() == error::algorithm_not_allowed));
        BOOST_TEST((parse_jwe_algorithm(none).error() == error::algorithm_not_allowed));
        BOOST_TEST((parse_jwe_encryption(none).error() == error::algorithm_not_allowed));
        BOOST_TEST(is_none_algorithm(none));
    }
    BOOST_TEST(!is_none_algorithm("non"));
    BOOST_TEST(!is_none_algorithm("nones"));
    BOOST_TEST(!is_none_algorithm(""));
}

BOOST_AUTO_TEST_CASE(unknown_names_are_unsupported) {
    for (auto bad : {"", "HS", "HS256 ", " HS256", "HS1024", "ES256K", "Ed25519", "RSA-OAEP-512", "A256GCM"}) {
        BOOST_TEST((parse_jws_algorithm(bad).error() == error::unsupported_algorithm), bad);
    }
    BOOST_TEST((parse_jwe_algorithm("HS256").error() == error::unsupported_algorithm));
    BOOST_TEST((parse_jwe_encryption("dir").error() == error::unsupported_algorithm));
    BOOST_TEST((parse_jws_algorithm(std::string_view("HS256\0", 6)).error() == error::unsupported_algorithm));
}

BOOST_AUTO_TEST_CASE(families_and_hash_sizes) {
    BOOST_TEST((family_of(jws_algorithm::HS384) == jws_family::hmac));
    BOOST_TEST((family_of(jws_algorithm::RS512) == jws_family::rsa_pkcs1));
    BOOST_TEST((family_of(jws_algorithm::PS256) == jws_family::rsa_pss));
    BOOST_TEST((family_of(jws_algorithm::ES512) == jws_family::ecdsa));
    BOOST_TEST((family_of(jws_algorithm::EdDSA) == jws_family::eddsa));
    BOOST_TEST(hash_size_of(jws_algorithm::HS256) == 32u);
    BOOST_TEST(hash_size_of(jws_algorithm::ES384) == 48u);
    BOOST_TEST(hash_size_of(jws_algorithm::PS512) == 64u);
    BOOST_TEST(hash_size_of(jws_algorithm::EdDSA) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_algorithm_test
