#include <authwire/jose/detail/key_management_pbes2.hpp>

#include "jose/jwe_test_support.hpp"

#include <authwire/jose/detail/key_management_aes.hpp>

#include <boost/test/unit_test.hpp>

namespace jose_jwe_key_management_pbes2_test {

using namespace authwire;
using namespace authwire::jose::detail;
using jwe_test::b64u;
using jwe_test::bytes;

BOOST_AUTO_TEST_SUITE(jose_jwe_key_management_pbes2)

BOOST_AUTO_TEST_CASE(cookbook_5_3_pbes2_hs512_a256kw) {
    auto const v = jwe_test::read_vector("rfc7520-cookbook/jwe/5_3.key_wrap_using_pbes2-aes-keywrap_with-aes-cbc-hmac-sha2.json");
    auto const& input = v.at("input").as_object();
    auto const& ek = v.at("encrypting_key").as_object();
    auto const password = jwe_test::of(jwe_test::member(input, "pwd"));
    auto const salt = b64u(jwe_test::member(ek, "salt"));
    auto const p2c = static_cast<std::uint64_t>(ek.at("iteration_count").as_int64());
    bytes kek(32);
    BOOST_REQUIRE(pbes2_derive_key("PBES2-HS512+A256KW", "SHA512", password, salt, p2c, kek));
    auto const cek = b64u(jwe_test::member(v.at("generated").as_object(), "cek"));
    bytes wrapped(cek.size() + 8);
    BOOST_REQUIRE(aes_key_wrap(kek, cek, wrapped));
    BOOST_TEST(base64url_encode(wrapped) == jwe_test::member(ek, "encrypted_key"));

    // The algorithm name is part of the salt: the same password under another alg is another key.
    bytes other(32);
    BOOST_REQUIRE(pbes2_derive_key("PBES2-HS384+A192KW", "SHA512", password, salt, p2c, other));
    BOOST_TEST(other != kek);
}

BOOST_AUTO_TEST_CASE(parameters_out_of_range_are_refused) {
    bytes out(16);
    auto const pw = jwe_test::of("password");
    bytes const salt(8, 1);
    BOOST_TEST((pbes2_derive_key("PBES2-HS256+A128KW", "SHA256", pw, salt, 0, out).error() == error::invalid_argument));
    BOOST_TEST((pbes2_derive_key("PBES2-HS256+A128KW", "SHA256", pw, bytes(7, 1), 1000, out).error() ==
                error::invalid_argument));
    BOOST_TEST((pbes2_derive_key("PBES2-HS256+A128KW", "SHA256", pw, salt, std::uint64_t{1} << 40, out).error() ==
                error::invalid_argument));
    BOOST_TEST(pbes2_derive_key("PBES2-HS256+A128KW", "SHA256", pw, salt, 1000, out).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwe_key_management_pbes2_test
