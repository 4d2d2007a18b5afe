#include <authwire/oauth/id_token.hpp>

#include "oauth/id_token_support.hpp"
#include "support.hpp"

#include <authwire/core/secret.hpp>

#include <boost/json/array.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <concepts>
#include <string>
#include <vector>

namespace oauth_id_token_test {

using namespace authwire;
using namespace authwire::oauth;
using namespace std::chrono_literals;
using authwire::test::fixed_now;
using authwire::test::id_token_provider;

constexpr auto issuer = "https://op.example";
constexpr auto client_id = "s6BhdRkqt3";
constexpr auto nonce = "n-0S6_WzA2Mj";

id_token_validation rules(std::string_view expected_nonce = nonce) {
    id_token_validation v;
    v.issuer = issuer;
    v.client_id = client_id;
    v.nonce = std::string(expected_nonce);
    return v;
}

template <std::invocable<jose::jwt_claims&> Edit>
error check(id_token_provider const& op, Edit&& edit, id_token_validation const& v = rules(),
            std::chrono::system_clock::time_point at = fixed_now()) {
    auto r = validate_id_token(op.mint(issuer, client_id, nonce, fixed_now(), edit), op.jwks(), v, at);
    return r ? error{} : static_cast<error>(r.error().value());
}

error check(id_token_provider const& op, id_token_validation const& v = rules(),
            std::chrono::system_clock::time_point at = fixed_now()) {
    return check(op, [](jose::jwt_claims&) {}, v, at);
}

BOOST_AUTO_TEST_SUITE(oauth_id_token)

// OpenID Connect Core §3.1.3.7: a well-formed ID token verifies, and its claims are handed back.
BOOST_AUTO_TEST_CASE(valid_id_token) {
    id_token_provider op;
    auto r = validate_id_token(op.mint(issuer, client_id, nonce, fixed_now()), op.jwks(), rules(), fixed_now());
    BOOST_REQUIRE(r);
    BOOST_TEST(r->claims.sub.value() == "alice");
    BOOST_TEST(r->claims.iss.value() == issuer);
    BOOST_TEST(std::string_view(r->claims.custom.at("nonce").as_string()) == nonce);
    BOOST_TEST(r->header.kid.value() == "id-key-1");
    BOOST_TEST((r->header.alg == jose::jws_algorithm::ES256));
    // EdDSA, and a JWK without "alg" (bound to every allowed algorithm its key fits).
    id_token_provider ed("ed-1", jose::jws_algorithm::EdDSA, false);
    BOOST_TEST((check(ed) == error{}));
}

// Step 11: the nonce sent must come back, compared exactly; without one sent, none is checked.
BOOST_AUTO_TEST_CASE(nonce_must_match) {
    id_token_provider op;
    BOOST_TEST((check(op, rules("another-nonce")) == error::nonce_mismatch));
    BOOST_TEST((check(op, rules("n-0S6_WzA2M")) == error::nonce_mismatch));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom.erase("nonce"); }) == error::nonce_mismatch));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom["nonce"] = 42; }) == error::nonce_mismatch));
    BOOST_TEST((check(op, rules("")) == error{}));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom.erase("nonce"); }, rules("")) == error{}));
}

// Steps 2–5: the issuer exactly, the client among the audiences, azp when several or present.
BOOST_AUTO_TEST_CASE(issuer_audience_and_azp) {
    id_token_provider op;
    for (auto bad : {"https://op.example/", "https://OP.example", "https://evil.example"})
        BOOST_TEST((check(op, [&](jose::jwt_claims& c) { c.iss = bad; }) == error::wrong_issuer), bad);
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.iss.reset(); }) == error::missing_claim));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.aud = {"someone-else"}; }) == error::wrong_audience));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.aud.clear(); }) == error::missing_claim));
    // Several audiences: azp is required and must be us.
    auto several = [](jose::jwt_claims& c) {
        c.aud = {client_id, "https://api.example"};
        c.aud_is_array = true;
    };
    BOOST_TEST((check(op, several) == error::missing_claim));
    BOOST_TEST((check(op, [&](jose::jwt_claims& c) { several(c), c.custom["azp"] = client_id; }) == error{}));
    BOOST_TEST((check(op, [&](jose::jwt_claims& c) { several(c), c.custom["azp"] = "https://api.example"; }) ==
                error::wrong_audience));
    // One audience: a present azp must still be us.
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom["azp"] = client_id; }) == error{}));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom["azp"] = "other"; }) == error::wrong_audience));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.custom["azp"] = 1; }) == error::wrong_member_type));
}

// Steps 9–10 and §2: exp and iat required and checked at `now` with the leeway; sub required.
BOOST_AUTO_TEST_CASE(time_and_required_claims) {
    id_token_provider op;
    BOOST_TEST((check(op, rules(), fixed_now() + 5min + 59s) == error{}));  // within the 60 s leeway
    BOOST_TEST((check(op, rules(), fixed_now() + 6min) == error::token_expired));
    BOOST_TEST((check(op, rules(), fixed_now() - 61s) == error::token_not_yet_valid));  // iat in the future
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.exp.reset(); }) == error::missing_claim));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.iat.reset(); }) == error::missing_claim));
    BOOST_TEST((check(op, [](jose::jwt_claims& c) { c.sub.reset(); }) == error::missing_claim));
    auto strict = rules();
    strict.leeway = 0s;
    BOOST_TEST((check(op, strict, fixed_now() + 5min + 1s) == error::token_expired));
    auto silly = rules();
    silly.leeway = 1h;
    BOOST_TEST((check(op, silly) == error::invalid_argument));
}

// Step 6–7: the signature with the provider's keys, on the asymmetric allow-list the metadata narrows.
BOOST_AUTO_TEST_CASE(signature_and_algorithms) {
    id_token_provider op;
    auto token = op.mint(issuer, client_id, nonce, fixed_now());
    // Another provider's key set: the kid is unknown.
    id_token_provider other("other-key");
    BOOST_TEST((validate_id_token(token, other.jwks(), rules(), fixed_now()).error() == error::unknown_key));
    // Same kid, other key: the signature does not verify.
    id_token_provider impostor("id-key-1");
    BOOST_TEST((validate_id_token(token, impostor.jwks(), rules(), fixed_now()).error() == error::signature_invalid));
    // A tampered payload.
    auto tampered = token;
    tampered[tampered.find('.') + 5] ^= 1;
    BOOST_TEST(!validate_id_token(tampered, op.jwks(), rules(), fixed_now()));
    // The server advertises RS256 only: an ES256 ID token is refused.
    authorization_server_metadata as;
    as.issuer = issuer;
    as.id_token_signing_alg_values_supported = std::vector<std::string>{"RS256"};
    auto narrowed = id_token_validation_for(as, client_id, nonce);
    BOOST_TEST((validate_id_token(token, op.jwks(), narrowed, fixed_now()).error() == error::algorithm_not_allowed));
    // Nothing asymmetric advertised: nothing is accepted.
    as.id_token_signing_alg_values_supported = std::vector<std::string>{"HS256", "none"};
    BOOST_TEST(id_token_algorithms(as).empty());
    BOOST_TEST((validate_id_token(token, op.jwks(), id_token_validation_for(as, client_id, nonce), fixed_now()).error() ==
                error::algorithm_not_allowed));
    // An HMAC on the caller's list is refused outright.
    auto with_hmac = rules();
    with_hmac.algorithms.push_back(jose::jws_algorithm::HS256);
    BOOST_TEST((validate_id_token(token, op.jwks(), with_hmac, fixed_now()).error() == error::invalid_argument));
    // An HS256 ID token (keyed with a client secret) is never accepted.
    auto hmac_key = jose::jwk::from_octets(secret(std::string(32, 's'))).value();
    auto hs = jose::jws_signer::make(jose::jws_key::make(hmac_key, jose::jws_algorithm::HS256).value()).value();
    jose::jwt_claims c;
    c.iss = issuer;
    c.sub = "alice";
    c.aud = {client_id};
    c.iat = std::chrono::floor<std::chrono::seconds>(fixed_now());
    c.exp = *c.iat + 5min;
    c.custom["nonce"] = nonce;
    BOOST_TEST((validate_id_token(jose::mint_jwt(c, hs).value(), op.jwks(), rules(), fixed_now()).error() ==
                error::algorithm_not_allowed));
    // Not a JWS at all.
    BOOST_TEST(!validate_id_token("not.a.jwt", op.jwks(), rules(), fixed_now()));
    BOOST_TEST((validate_id_token("a.b.c.d.e", op.jwks(), rules(), fixed_now()).error() == error::wrong_token_type));
    // The rules must name the issuer and the client.
    auto incomplete = rules();
    incomplete.client_id.clear();
    BOOST_TEST((validate_id_token(token, op.jwks(), incomplete, fixed_now()).error() == error::missing_argument));
}

// OpenID Connect Discovery §3: the advertised list narrows the asymmetric algorithms; absent, all of them.
BOOST_AUTO_TEST_CASE(algorithms_from_metadata) {
    authorization_server_metadata as;
    as.issuer = issuer;
    BOOST_TEST(id_token_algorithms(as).size() == asymmetric_jws_algorithms.size());
    as.id_token_signing_alg_values_supported = std::vector<std::string>{"RS256", "ES256", "HS256", "none", "XYZ"};
    BOOST_TEST((id_token_algorithms(as) == std::vector<jose::jws_algorithm>{jose::jws_algorithm::RS256,
                                                                            jose::jws_algorithm::ES256}));
    auto v = id_token_validation_for(as, client_id, nonce);
    BOOST_TEST(v.issuer == issuer);
    BOOST_TEST(v.client_id == client_id);
    BOOST_TEST(v.nonce == nonce);
    BOOST_TEST(v.algorithms.size() == 2u);
}

// RFC 7517 §4.2–4.4 with RFC 8725 §3.1: which keys of a set verify which algorithms.
BOOST_AUTO_TEST_CASE(keys_of_a_set) {
    id_token_provider es("es", jose::jws_algorithm::ES256, true);
    id_token_provider bare("bare", jose::jws_algorithm::ES256, false);
    auto set = es.jwks();
    for (auto const& k : bare.jwks()) set.add(k);
    std::vector<jose::jws_algorithm> const all(asymmetric_jws_algorithms.begin(), asymmetric_jws_algorithms.end());
    auto keys = id_token_keys(set, all);
    BOOST_TEST(keys.size() == 2u);  // "es" for ES256 (its alg), "bare" for ES256 (the only algorithm a P-256 key fits)
    BOOST_TEST(keys.find(jose::jws_algorithm::ES256, std::string_view("es")).has_value());
    BOOST_TEST(keys.find(jose::jws_algorithm::ES256, std::string_view("bare")).has_value());
    // A key naming an algorithm that is not allowed is left out.
    std::vector<jose::jws_algorithm> const rsa_only{jose::jws_algorithm::RS256};
    BOOST_TEST(id_token_keys(set, rsa_only).empty());
    // An encryption key is never a signing key.
    auto enc = jose::jwk_set::parse(R"({"keys":[{"kty":"EC","crv":"P-256","use":"enc","kid":"e",)"
                                    R"("x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",)"
                                    R"("y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"}]})");
    BOOST_REQUIRE(enc);
    BOOST_TEST(id_token_keys(*enc, all).empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_id_token_test
