#include <authwire/server/signed_jwt_access_token.hpp>

#include "clock_support.hpp"
#include "signing_keys_support.hpp"

#include <authwire/core/base64.hpp>
#include <authwire/core/json.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace server_signed_jwt_access_token_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using jose::jws_algorithm;
using server_test::signing_key;
using server_test::t0;

constexpr char issuer[] = "https://as.example";
constexpr char resource[] = "https://mcp.example/mcp";

access_token_grant grant() {
    access_token_grant g;
    g.subject = "alice";
    g.client_id = "mcp-client-42";
    g.scope = "mcp:read mcp:write";
    g.audience = {resource};
    g.family_id = "fam-1";
    g.claims["tenant"] = "t-7";
    return g;
}

signed_jwt_access_token_options options(std::string iss = issuer) {
    signed_jwt_access_token_options o;
    o.issuer = std::move(iss);
    return o;
}

// The JOSE header of a compact JWS, decoded.
boost::json::object header_of(std::string_view token) {
    auto const dot = token.find('.');
    return parse_json_object(base64url_decode(token.substr(0, dot)).value()).value();
}

BOOST_AUTO_TEST_SUITE(server_signed_jwt_access_token)

// Issue 14, RFC 9068 §2: for each algorithm, the token is a JWS with typ at+jwt and the signing kid, reads back
// with every claim — and an independent reader holding nothing but the published JWK Set verifies it.
BOOST_AUTO_TEST_CASE(each_algorithm_round_trips_and_verifies_with_the_published_keys) {
    for (auto alg : {jws_algorithm::RS256, jws_algorithm::PS256, jws_algorithm::ES256, jws_algorithm::EdDSA}) {
        auto const name = std::string(jose::to_string(alg));
        access_token_signing_keys keys(1h);
        BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(alg, "k-" + name), t0).has_value());
        auto const format = signed_jwt_access_token_format::make(keys, options()).value();
        BOOST_TEST(format.signing_kid() == "k-" + name);
        auto const issued = format.issue(grant(), t0).value();
        BOOST_TEST((issued.expires_in == 1h));
        BOOST_TEST((issued.expires_at == t0 + 1h));
        auto const token = std::string(issued.access_token.reveal());
        BOOST_TEST(std::count(token.begin(), token.end(), '.') == 2, name);  // a JWS, not a JWE
        auto const h = header_of(token);
        BOOST_TEST(h.at("alg").as_string() == name);
        BOOST_TEST(h.at("typ").as_string() == "at+jwt");
        BOOST_TEST(h.at("kid").as_string() == "k-" + name);

        auto const info = format.read(token, t0 + 10min).value();
        BOOST_TEST(info.issuer == issuer);
        BOOST_TEST(info.subject == "alice");
        BOOST_TEST(info.client_id == "mcp-client-42");
        BOOST_TEST(info.scope == "mcp:read mcp:write");
        BOOST_TEST(info.audience == std::vector<std::string>{resource});
        BOOST_TEST(info.family_id == "fam-1");
        BOOST_TEST(info.jti == issued.jti);
        BOOST_TEST((info.issued_at == t0));
        BOOST_TEST((info.expires_at == t0 + 1h));
        BOOST_TEST(info.claims.at("tenant").as_string() == "t-7");
        BOOST_TEST(!info.claims.contains("client_id"));

        // The resource server's view: the JWK Set, its keys bound to their published "alg".
        auto const set = jose::jwk_set::from_json(keys.published(t0).value()).value();
        jose::jws_key_set rs_keys;
        for (auto const& k : set)
            BOOST_TEST_REQUIRE(rs_keys.add(jose::jws_key::make(k, jose::parse_jws_algorithm(k.alg().value()).value()).value()).has_value());
        auto const verifier = jose::jws_verifier::make(rs_keys, {alg}).value();
        jose::jwt_validation v;
        v.type = "at+jwt";
        v.issuer = issuer;
        v.audiences = {resource};
        auto const jwt = jose::verify_jwt(token, verifier, v, t0 + 10min).value();
        BOOST_TEST(jwt.claims.sub.value() == "alice");
        BOOST_TEST(jwt.claims.custom.at("client_id").as_string() == "mcp-client-42");
        BOOST_TEST(jwt.claims.custom.at("scope").as_string() == "mcp:read mcp:write");
    }
}

// RFC 9068 §4, RFC 8725 §2.1, §3.1, §3.11: every way a token can be wrong is a typed refusal.
BOOST_AUTO_TEST_CASE(typed_failures_when_reading) {
    access_token_signing_keys keys(1h);
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "ec-1"), t0).has_value());
    auto const format = signed_jwt_access_token_format::make(keys, options()).value();
    auto const token = std::string(format.issue(grant(), t0).value().access_token.reveal());

    BOOST_TEST((format.read(token, t0 + 1h).error() == error::token_expired));
    BOOST_TEST((format.read(token, t0 - 1min).error() == error::token_not_yet_valid));
    auto const other = signed_jwt_access_token_format::make(keys, options("https://other.example")).value();
    BOOST_TEST((other.read(token, t0).error() == error::wrong_issuer));

    // A flipped signature byte; a flipped payload byte.
    auto bad_sig = token;
    auto& flipped = bad_sig[bad_sig.size() - 20];  // inside the signature, away from the final padding bits
    flipped = flipped == 'A' ? 'B' : 'A';
    BOOST_TEST((format.read(bad_sig, t0).error() == error::signature_invalid));
    auto bad_payload = token;
    bad_payload[token.find('.') + 5] ^= 1;
    BOOST_TEST(!format.read(bad_payload, t0).has_value());

    // Same key, same claims, wrong "typ": not an access token (RFC 8725 §3.11).
    jose::jwt_claims c;
    c.iss = issuer;
    c.sub = "alice";
    c.aud = {resource};
    c.iat = std::chrono::floor<std::chrono::seconds>(t0);
    c.exp = *c.iat + 1h;
    c.jti = "j-1";
    c.custom["client_id"] = "mcp-client-42";
    auto const signer = jose::jws_signer::make(*keys.current()).value();
    BOOST_TEST((format.read(jose::mint_jwt(c, signer, "JWT").value(), t0).error() == error::wrong_token_type));
    BOOST_TEST(format.read(jose::mint_jwt(c, signer, "at+jwt").value(), t0).has_value());
    BOOST_TEST(format.read(jose::mint_jwt(c, signer, "application/at+jwt").value(), t0).has_value());
    // Required claims.
    auto no_client = c;
    no_client.custom.erase("client_id");
    BOOST_TEST((format.read(jose::mint_jwt(no_client, signer, "at+jwt").value(), t0).error() == error::missing_claim));
    auto no_sub = c;
    no_sub.sub.reset();
    BOOST_TEST((format.read(jose::mint_jwt(no_sub, signer, "at+jwt").value(), t0).error() == error::missing_claim));

    // alg "none", and HS256 keyed with the public key's bytes (algorithm confusion): never accepted.
    auto const payload = base64url_encode(authwire::detail::as_bytes(c.serialize().value()));
    auto const none = base64url_encode(authwire::detail::as_bytes(std::string(R"({"alg":"none","typ":"at+jwt"})"))) + "." + payload + ".";
    BOOST_TEST((format.read(none, t0).error() == error::malformed_token));  // no signature at all
    BOOST_TEST((format.read(none + "AAAA", t0).error() == error::algorithm_not_allowed));
    auto const pub = keys.current()->key().to_public().value().serialize().value();
    auto const hmac = jose::jws_key::make(jose::jwk::from_octets(secret(pub), std::string("ec-1")).value(),
                                          jws_algorithm::HS256)
                          .value();
    auto const confused = jose::mint_jwt(c, jose::jws_signer::make(hmac).value(), "at+jwt").value();
    BOOST_TEST((format.read(confused, t0).error() == error::algorithm_not_allowed));
    // A key the ring never held (same kid, another key): the signature does not verify.
    auto const stranger = jose::jws_signer::make(signing_key(jws_algorithm::ES256, "ec-1")).value();
    BOOST_TEST((format.read(jose::mint_jwt(c, stranger, "at+jwt").value(), t0).error() == error::signature_invalid));
    auto const unknown = jose::jws_signer::make(signing_key(jws_algorithm::ES256, "ec-9")).value();
    BOOST_TEST((format.read(jose::mint_jwt(c, unknown, "at+jwt").value(), t0).error() == error::signature_invalid));
    BOOST_TEST((format.read("", t0).error() == error::malformed_token));
    BOOST_TEST(!format.read(std::string(20000, 'a'), t0).has_value());
}

// Issue 14: rotation with overlap, end to end — after a rotation, tokens of the replaced key still read
// until they expire (the format is rebuilt from the ring); the JWK Set a resource server fetches holds both keys.
BOOST_AUTO_TEST_CASE(tokens_of_a_replaced_key_read_until_they_expire) {
    auto const opt = options();
    access_token_signing_keys keys(opt.lifetime + opt.leeway);
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "old"), t0).has_value());
    auto const before = signed_jwt_access_token_format::make(keys, opt).value();
    auto const old_token = std::string(before.issue(grant(), t0 + 10min).value().access_token.reveal());

    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "new"), t0 + 10min).has_value());
    auto const after = signed_jwt_access_token_format::make(keys, opt).value();
    BOOST_TEST(after.signing_kid() == "new");
    auto const new_token = std::string(after.issue(grant(), t0 + 11min).value().access_token.reveal());
    BOOST_TEST(header_of(new_token).at("kid").as_string() == "new");
    BOOST_TEST(after.read(old_token, t0 + 69min).has_value());  // expires at t0 + 70 min
    BOOST_TEST((after.read(old_token, t0 + 70min).error() == error::token_expired));
    BOOST_TEST(after.read(new_token, t0 + 70min).has_value());
    BOOST_TEST((before.read(new_token, t0 + 11min).error() == error::signature_invalid));  // before it existed
    BOOST_TEST(keys.published(t0 + 69min).value().at("keys").as_array().size() == 2u);
    // A key of another algorithm is selected by nothing but its own algorithm (RFC 8725 §3.1).
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::EdDSA, "ed"), t0 + 12min).has_value());
    auto const mixed = signed_jwt_access_token_format::make(keys, opt).value();
    BOOST_TEST(mixed.read(new_token, t0 + 12min).has_value());
    BOOST_TEST(mixed.read(std::string(mixed.issue(grant(), t0 + 12min).value().access_token.reveal()), t0 + 12min).has_value());
    BOOST_TEST((after.read(std::string(mixed.issue(grant(), t0 + 12min).value().access_token.reveal()), t0 + 12min).error() ==
                error::algorithm_not_allowed));  // EdDSA was on no list when `after` was made

    // Once the overlap is over, the old key goes; a format made then refuses its (expired) tokens outright.
    BOOST_TEST(keys.purge(t0 + 70min) == 1u);  // "old" (replaced at 10 min); "new" (replaced at 12 min) stays
    auto const later = signed_jwt_access_token_format::make(keys, opt).value();
    BOOST_TEST((later.read(old_token, t0 + 69min).error() == error::signature_invalid));
    BOOST_TEST(later.read(new_token, t0 + 69min).has_value());
}

BOOST_AUTO_TEST_CASE(make_refuses_an_incoherent_configuration) {
    access_token_signing_keys empty(1h);
    BOOST_TEST((signed_jwt_access_token_format::make(empty, options()).error() == error::invalid_argument));
    access_token_signing_keys keys(1h);
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "k"), t0).has_value());
    BOOST_TEST((signed_jwt_access_token_format::make(keys, options("")).error() == error::invalid_argument));
    auto o = options();
    o.leeway = 30s;  // retention 1 h < 1 h + 30 s: the key would leave the set while its tokens are accepted
    BOOST_TEST((signed_jwt_access_token_format::make(keys, o).error() == error::invalid_argument));
    o.leeway = 0s;
    o.lifetime = 0s;
    BOOST_TEST((signed_jwt_access_token_format::make(keys, o).error() == error::invalid_argument));
    // Issue refuses what the nested format refuses.
    auto const format = signed_jwt_access_token_format::make(keys, options()).value();
    auto g = grant();
    g.audience.clear();
    BOOST_TEST((format.issue(g, t0).error() == error::missing_argument));
    g = grant();
    g.claims["scope"] = "root";
    BOOST_TEST((format.issue(g, t0).error() == error::invalid_argument));
}

// The bearer validator takes it like any access_token_format; the nested format's JWE is not one of its tokens.
BOOST_AUTO_TEST_CASE(works_with_the_bearer_validator) {
    access_token_signing_keys keys(1h);
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "k"), t0).has_value());
    auto const format = signed_jwt_access_token_format::make(keys, options()).value();
    memory_revocation_store revocations;
    bearer_validator<signed_jwt_access_token_format, memory_revocation_store> v{format, revocations, {resource, ""}};
    auto const token = std::string(format.issue(grant(), t0).value().access_token.reveal());
    auto const who = v.validate_token(token, t0, "mcp:read").value();
    BOOST_TEST(who.subject == "alice");
    BOOST_TEST(who.claims.at("tenant").as_string() == "t-7");
    BOOST_TEST(v.validate_token(token, t0, "admin").error().status == 403u);
    BOOST_TEST_REQUIRE(revocations.revoke_family("fam-1", t0 + 2h).has_value());
    BOOST_TEST(v.validate_token(token, t0).error().error_description == "revoked");

    jose::jws_key_ring s;
    jose::jwe_key_ring e;
    BOOST_REQUIRE(s.rotate_to(jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, 's')), std::string("s")).value(),
                                                  jws_algorithm::HS256)
                                  .value()));
    BOOST_REQUIRE(e.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, 'e')), std::string("e")).value(),
                                                  jose::jwe_algorithm::dir)
                                  .value()));
    jwt_access_token_options nested_opt;
    nested_opt.issuer = issuer;
    auto const nested = jwt_access_token_format::make(s, e, nested_opt).value();
    auto const jwe = std::string(nested.issue(grant(), t0).value().access_token.reveal());
    BOOST_TEST((format.read(jwe, t0).error() == error::wrong_token_type));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_signed_jwt_access_token_test
