// authwire tests — heap allocations on the token-validation hot path (issue 13): the scratch overloads of
// verify_jwt and validate_nested make no C++ heap allocation in steady state, and agree with the by-value
// overloads on every result and every error. Counted by replacing the global operator new in this test program
// (a count is exact, unlike a timing).
#include <authwire/jose/nested.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>

#include "allocation_counter.hpp"  // this program's operator new counts (one TU per program includes it)

namespace jose_allocations_test {
using authwire_test::allocations;
using authwire_test::counting;

using namespace authwire;
using namespace authwire::jose;
using std::chrono::seconds;
using std::chrono::system_clock;

auto const now = system_clock::time_point(seconds(1767222100));

std::uint64_t count() { return allocations.load(std::memory_order_relaxed); }

// The benchmark's access token: ~220 bytes of claims, HS256 inside dir + A256GCM.
struct fixture {
    jws_key sig = jws_key::make(jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                                jws_algorithm::HS256)
                      .value();
    jwe_key enc = jwe_key::make(jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                                jwe_algorithm::dir)
                      .value();
    jws_signer signer = jws_signer::make(sig).value();
    jwe_encrypter encrypter = make_nested_encrypter(enc, jwe_encryption::A256GCM).value();
    jws_verifier verifier = make_verifier();
    jwe_decrypter decrypter = make_decrypter();
    jwt_validation policy = make_policy();

    jws_verifier make_verifier() const {
        jws_key_set s;
        BOOST_REQUIRE(s.add(sig));
        return jws_verifier::make(std::move(s), {jws_algorithm::HS256}).value();
    }
    jwe_decrypter make_decrypter() const {
        jwe_key_set s;
        BOOST_REQUIRE(s.add(enc));
        return jwe_decrypter::make(std::move(s), {jwe_encryption::A256GCM}).value();
    }
    static jwt_validation make_policy() {
        jwt_validation v;
        v.issuer = "https://auth.example.com";
        v.audiences = {"https://mcp.example.com/mcp"};
        v.type = "at+jwt";
        return v;
    }
    static jwt_claims claims(std::string const& api_key = "rp_live_3f9a8c1d2e7b4a60") {
        return jwt_claims::parse(
                   R"({"iss":"https://auth.example.com","sub":"user-1234567890","aud":"https://mcp.example.com/mcp",)"
                   R"("exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"mcp-client-42",)"
                   R"("scope":"mcp","api_key":")" +
                   api_key + R"("})")
            .value();
    }
    std::string nested(jwt_claims const& c) const { return mint_nested(c, signer, encrypter, "at+jwt").value(); }
    std::string jws(jwt_claims const& c) const { return mint_jwt(c, signer, "at+jwt").value(); }
};

BOOST_AUTO_TEST_SUITE(jose_allocations)

BOOST_AUTO_TEST_CASE(the_counter_counts, *boost::unit_test::enable_if<counting>()) {
    auto const before = count();
    auto* p = new std::string(100, 'x');  // one for the string object, one for its characters
    delete p;
    BOOST_TEST(count() - before == 2u);
}

BOOST_AUTO_TEST_CASE(validate_nested_with_a_scratch_allocates_nothing_in_steady_state,
                     *boost::unit_test::enable_if<counting>()) {
    fixture f;
    auto const token = f.nested(fixture::claims());
    nested_jwt_scratch scratch;
    BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, scratch));  // warms the buffers
    auto const before = count();
    for (int i = 0; i < 10; ++i) BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, scratch));
    BOOST_TEST(count() - before == 0u);
    auto const before_built = count();  // with the custom claims built on access (verified())
    for (int i = 0; i < 10; ++i) {
        BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, scratch));
        BOOST_REQUIRE(scratch.verified().claims.custom.size() == 3u);
    }
    BOOST_TEST(count() - before_built == 0u);

    // The by-value overload, for comparison: its result owns its strings and JSON, so it allocates; this bounds
    // it from regressing (29 before issue 13, 23 with the claims streamed into their fields).
    std::string buffer;
    BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, buffer));
    auto const by_value_before = count();
    BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, buffer));
    auto const by_value = count() - by_value_before;
    BOOST_TEST_MESSAGE("validate_nested by value: " << by_value << " allocations");
    BOOST_TEST(by_value <= 23u);
}

BOOST_AUTO_TEST_CASE(mint_nested_allocates_little, *boost::unit_test::enable_if<counting>()) {
    fixture f;
    auto const claims = fixture::claims();
    (void)f.nested(claims);
    auto const before = count();
    auto const token = f.nested(claims);
    auto const minted = count() - before;
    BOOST_TEST_MESSAGE("mint_nested: " << minted << " allocations");
    // The claims and header JSON are built on the stack: what is left are the serialized claims, the header
    // JSON, the inner JWS and the token (32 before issue 13).
    BOOST_TEST(minted <= 4u);
    std::string buffer;
    BOOST_TEST(validate_nested(token, f.decrypter, f.verifier, f.policy, now, buffer).has_value());
}

BOOST_AUTO_TEST_CASE(verify_jwt_with_a_scratch_allocates_nothing_in_steady_state,
                     *boost::unit_test::enable_if<counting>()) {
    fixture f;
    auto const token = f.jws(fixture::claims());
    jwt_scratch scratch;
    BOOST_REQUIRE(verify_jwt(token, f.verifier, f.policy, now, scratch));
    auto const before = count();
    for (int i = 0; i < 10; ++i) BOOST_REQUIRE(verify_jwt(token, f.verifier, f.policy, now, scratch));
    BOOST_TEST(count() - before == 0u);
    // The custom claims, kept unbuilt by verify_jwt, are built by verified() in the scratch's arena: no
    // allocation either.
    auto const before_built = count();
    for (int i = 0; i < 10; ++i) {
        BOOST_REQUIRE(verify_jwt(token, f.verifier, f.policy, now, scratch));
        BOOST_REQUIRE(scratch.verified().claims.custom.size() == 3u);
    }
    BOOST_TEST(count() - before_built == 0u);
}

BOOST_AUTO_TEST_CASE(scratch_results_equal_the_by_value_results) {
    fixture f;
    auto const claims = fixture::claims();
    auto const token = f.nested(claims);
    nested_jwt_scratch scratch;
    BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, scratch));
    auto const by_value = validate_nested(token, f.decrypter, f.verifier, f.policy, now).value();
    auto const& s = scratch.verified();
    BOOST_TEST(s.outer.members() == by_value.outer.members());
    BOOST_TEST((s.outer.alg() == by_value.outer.alg()));
    BOOST_TEST(s.header.members == by_value.header.members);
    BOOST_TEST((s.header.kid == by_value.header.kid && s.header.typ == by_value.header.typ));
    BOOST_TEST((s.claims.iss == claims.iss && s.claims.sub == claims.sub && s.claims.jti == claims.jti));
    BOOST_TEST(s.claims.aud == claims.aud);
    BOOST_TEST((s.claims.exp == claims.exp && s.claims.iat == claims.iat && !s.claims.nbf));
    BOOST_TEST(s.claims.custom == claims.custom);
    BOOST_TEST(s.claims.custom == by_value.claims.custom);

    auto const jws = f.jws(claims);
    jwt_scratch js;
    BOOST_REQUIRE(verify_jwt(jws, f.verifier, f.policy, now, js));
    BOOST_TEST(js.verified().claims.custom == claims.custom);
    BOOST_TEST(js.verified().header.members == by_value.header.members);
}

BOOST_AUTO_TEST_CASE(a_copy_of_a_result_outlives_the_next_call) {
    fixture f;
    auto const first = f.nested(fixture::claims("first-key-0123456789-abcdef"));
    auto const second = f.nested(fixture::claims("second-key-0123456789-abcdef"));
    nested_jwt_scratch scratch;
    BOOST_REQUIRE(validate_nested(first, f.decrypter, f.verifier, f.policy, now, scratch));
    // Copies keep the scratch's memory resource: the scratch must not reuse that memory under them.
    boost::json::object const kept = scratch.verified().claims.custom;
    BOOST_REQUIRE(validate_nested(second, f.decrypter, f.verifier, f.policy, now, scratch));
    BOOST_REQUIRE(validate_nested(second, f.decrypter, f.verifier, f.policy, now, scratch));
    BOOST_TEST(kept.at("api_key").as_string() == "first-key-0123456789-abcdef");
    BOOST_TEST(scratch.verified().claims.custom.at("api_key").as_string() == "second-key-0123456789-abcdef");
}

BOOST_AUTO_TEST_CASE(scratch_overloads_fail_as_the_by_value_ones_do) {
    fixture f;
    auto const claims = fixture::claims();
    auto const token = f.nested(claims);
    auto const jws = f.jws(claims);
    auto expired = claims;
    expired.exp = numeric_date(seconds(1767222000));
    auto wrong_issuer = claims;
    wrong_issuer.iss = "https://evil.example.com";
    auto tampered = token;
    tampered[tampered.size() - 30] = tampered[tampered.size() - 30] == 'A' ? 'B' : 'A';
    auto bad_inner = jws;
    bad_inner[bad_inner.size() - 5] = bad_inner[bad_inner.size() - 5] == 'A' ? 'B' : 'A';
    std::string const nested_cases[] = {tampered,
                                        f.nested(expired),
                                        f.nested(wrong_issuer),
                                        jws,
                                        token.substr(0, token.size() - 1),
                                        token + ".x",
                                        "",
                                        mint_nested(claims, f.signer, f.encrypter, "JWT").value()};
    nested_jwt_scratch scratch;
    for (auto const& t : nested_cases) {
        auto const a = validate_nested(t, f.decrypter, f.verifier, f.policy, now);
        auto const b = validate_nested(t, f.decrypter, f.verifier, f.policy, now, scratch);
        BOOST_REQUIRE(!a);
        BOOST_REQUIRE(!b);
        BOOST_TEST(a.error() == b.error());
        BOOST_REQUIRE(validate_nested(token, f.decrypter, f.verifier, f.policy, now, scratch));  // still usable
    }
    std::string const jws_cases[] = {bad_inner, f.jws(expired), f.jws(wrong_issuer), token, jws + "."};
    jwt_scratch js;
    for (auto const& t : jws_cases) {
        auto const a = verify_jwt(t, f.verifier, f.policy, now);
        auto const b = verify_jwt(t, f.verifier, f.policy, now, js);
        BOOST_REQUIRE(!a);
        BOOST_REQUIRE(!b);
        BOOST_TEST(a.error() == b.error());
        BOOST_REQUIRE(verify_jwt(jws, f.verifier, f.policy, now, js));
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_allocations_test
