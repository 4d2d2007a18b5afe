#include <authwire/server/token_issuer.hpp>

#include "clock_support.hpp"

#include <authwire/core/base64.hpp>
#include <authwire/jose/nested.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <string>

namespace server_token_issuer_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;

jose::jws_key sig_key(char const* kid, char fill = 's') {
    return jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, fill)), std::string(kid)).value(),
                               jose::jws_algorithm::HS256)
        .value();
}

jose::jwe_key enc_key(char const* kid, char fill = 'e') {
    return jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, fill)), std::string(kid)).value(),
                               jose::jwe_algorithm::dir)
        .value();
}

struct rings {
    jose::jws_key_ring signing;
    jose::jwe_key_ring encryption;
    rings() {
        BOOST_REQUIRE(signing.rotate_to(sig_key("s1", 'a')));
        BOOST_REQUIRE(encryption.rotate_to(enc_key("e1", 'b')));
    }
    jwt_access_token_format format(std::string issuer = "https://as.example") const {
        jwt_access_token_options o;
        o.issuer = std::move(issuer);
        return jwt_access_token_format::make(signing, encryption, o).value();
    }
};

access_token_grant grant() {
    access_token_grant g;
    g.subject = "alice";
    g.client_id = "mcp-client-42";
    g.scope = "mcp:read mcp:write";
    g.audience = {"https://mcp.example/mcp"};
    g.family_id = "fam-1";
    g.claims["api_key"] = "rp_live_3f9a8c1d2e7b4a60";
    return g;
}

std::string header_json(std::string_view token) {
    return base64url_decode(token.substr(0, token.find('.'))).value();
}

BOOST_AUTO_TEST_SUITE(server_token_issuer)

BOOST_AUTO_TEST_CASE(issues_a_nested_rfc9068_token_and_reads_it_back) {
    rings const r;
    auto const f = r.format();
    auto issued = f.issue(grant(), t0 + 500ms);
    BOOST_REQUIRE(issued);
    BOOST_TEST(issued->expires_in.count() == 3600);  // 1 h by default
    BOOST_TEST((issued->expires_at == t0 + 1h));     // from the whole second of issue, like "exp"
    BOOST_TEST(issued->jti.size() == 22u);           // 128 bits, base64url
    auto const token = std::string(issued->access_token.reveal());
    BOOST_TEST(std::count(token.begin(), token.end(), '.') == 4);
    BOOST_TEST(header_json(token) == R"({"alg":"dir","kid":"e1","typ":"at+jwt","cty":"JWT","enc":"A256GCM"})");

    // The inner JWS, opened with the JOSE layer directly: HS256, typ at+jwt, the RFC 9068 claims.
    jose::jwe_key_set es;
    BOOST_REQUIRE(es.add(enc_key("e1", 'b')));
    auto d = jose::jwe_decrypter::make(std::move(es), {jose::jwe_encryption::A256GCM}).value();
    std::string inner;
    BOOST_REQUIRE(jose::decrypt_nested(token, d, inner));
    BOOST_TEST(header_json(inner) == R"({"alg":"HS256","kid":"s1","typ":"at+jwt"})");
    auto payload = base64url_decode(inner.substr(inner.find('.') + 1, inner.rfind('.') - inner.find('.') - 1)).value();
    auto claims = parse_json_object(payload).value();
    BOOST_TEST(claims.at("iss").as_string() == "https://as.example");
    BOOST_TEST(claims.at("sub").as_string() == "alice");
    BOOST_TEST(claims.at("aud").as_string() == "https://mcp.example/mcp");
    BOOST_TEST(claims.at("iat").as_int64() == 1'800'000'000);
    BOOST_TEST(claims.at("exp").as_int64() == 1'800'003'600);
    BOOST_TEST(claims.at("jti").as_string() == issued->jti);
    BOOST_TEST(claims.at("client_id").as_string() == "mcp-client-42");
    BOOST_TEST(claims.at("scope").as_string() == "mcp:read mcp:write");
    BOOST_TEST(claims.at("fid").as_string() == "fam-1");
    BOOST_TEST(claims.at("api_key").as_string() == "rp_live_3f9a8c1d2e7b4a60");
    BOOST_TEST(claims.size() == 10u);

    auto info = f.read(token, t0 + 10min);
    BOOST_REQUIRE(info);
    BOOST_TEST(info->issuer == "https://as.example");
    BOOST_TEST(info->subject == "alice");
    BOOST_TEST(info->client_id == "mcp-client-42");
    BOOST_TEST(info->scope == "mcp:read mcp:write");
    BOOST_TEST(info->audience == std::vector<std::string>{"https://mcp.example/mcp"});
    BOOST_TEST(info->family_id == "fam-1");
    BOOST_TEST(info->jti == issued->jti);
    BOOST_TEST((info->issued_at == t0));
    BOOST_TEST((info->expires_at == t0 + 1h));
    BOOST_TEST(info->claims.size() == 1u);  // only the custom claims
    BOOST_TEST(info->claims.at("api_key").as_string() == "rp_live_3f9a8c1d2e7b4a60");
}

BOOST_AUTO_TEST_CASE(several_audiences_no_family_and_a_custom_lifetime) {
    rings const r;
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    o.lifetime = 5min;
    auto f = jwt_access_token_format::make(r.signing, r.encryption, o).value();
    auto g = grant();
    g.audience = {"https://a.example", "https://b.example"};
    g.family_id.clear();
    g.claims = {};
    auto issued = f.issue(g, t0).value();
    BOOST_TEST(issued.expires_in.count() == 300);
    auto info = f.read(issued.access_token.reveal(), t0 + 299s).value();
    BOOST_TEST(info.audience.size() == 2u);
    BOOST_TEST(info.family_id.empty());
    BOOST_TEST(info.claims.empty());
    BOOST_TEST((f.read(issued.access_token.reveal(), t0 + 300s).error() == error::token_expired));
}

BOOST_AUTO_TEST_CASE(each_token_is_unique) {
    rings const r;
    auto const f = r.format();
    auto a = f.issue(grant(), t0).value();
    auto b = f.issue(grant(), t0).value();
    BOOST_TEST(a.jti != b.jti);
    BOOST_TEST(a.access_token.reveal() != b.access_token.reveal());
}

BOOST_AUTO_TEST_CASE(rejects_bad_grants_and_configurations) {
    rings const r;
    auto const f = r.format();
    for (auto reserved : {"iss", "sub", "aud", "exp", "nbf", "iat", "jti", "client_id", "scope", "fid"}) {
        auto g = grant();
        g.claims[reserved] = "x";
        BOOST_TEST_INFO(reserved);
        BOOST_TEST((f.issue(g, t0).error() == error::invalid_argument));
    }
    auto g = grant();
    g.subject.clear();
    BOOST_TEST((f.issue(g, t0).error() == error::missing_argument));
    g = grant();
    g.client_id.clear();
    BOOST_TEST((f.issue(g, t0).error() == error::missing_argument));
    g = grant();
    g.audience.clear();
    BOOST_TEST((f.issue(g, t0).error() == error::missing_argument));

    jwt_access_token_options o;
    BOOST_TEST((jwt_access_token_format::make(r.signing, r.encryption, o).error() == error::invalid_argument));
    o.issuer = "https://as.example";
    o.lifetime = 0s;
    BOOST_TEST((jwt_access_token_format::make(r.signing, r.encryption, o).error() == error::invalid_argument));
    o.lifetime = 1h;
    BOOST_TEST((jwt_access_token_format::make(jose::jws_key_ring{}, r.encryption, o).error() == error::invalid_argument));
    BOOST_TEST((jwt_access_token_format::make(r.signing, jose::jwe_key_ring{}, o).error() == error::invalid_argument));
    // A 16-byte "dir" key does not fit A256GCM.
    jose::jwe_key_ring small;
    BOOST_REQUIRE(small.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(16, 'k')),
                                                                             std::string("e16")).value(),
                                                      jose::jwe_algorithm::dir)
                                      .value()));
    BOOST_TEST(!jwt_access_token_format::make(r.signing, small, o).has_value());

    // A failing random source fails the issue.
    auto broken = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((f.issue(grant(), t0, broken).error() == error::random_failure));
}

BOOST_AUTO_TEST_CASE(typed_failures_when_reading) {
    rings const r;
    auto const f = r.format();
    auto const token = std::string(f.issue(grant(), t0).value().access_token.reveal());
    BOOST_TEST((f.read(token, t0 + 1h).error() == error::token_expired));
    BOOST_TEST((f.read(token, t0 - 1s).error() == error::token_not_yet_valid));
    BOOST_TEST((r.format("https://other-as.example").read(token, t0).error() == error::wrong_issuer));
    auto tampered = token;
    auto& c = tampered[tampered.rfind('.') + 2];
    c = c == 'A' ? 'B' : 'A';
    BOOST_TEST((f.read(tampered, t0).error() == error::decryption_failed));
    BOOST_TEST((f.read("", t0).error() == error::malformed_token));
    BOOST_TEST((f.read("a.b.c", t0).error() == error::wrong_token_type));  // a JWS is not our token
    BOOST_TEST((f.read(std::string(20000, 'A'), t0).error() == error::input_too_large));

    // Keys of another server (same kids): decryption fails.
    jose::jws_key_ring s2;
    jose::jwe_key_ring e2;
    BOOST_REQUIRE(s2.rotate_to(sig_key("s1", 'x')));
    BOOST_REQUIRE(e2.rotate_to(enc_key("e1", 'y')));
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    auto foreign = jwt_access_token_format::make(s2, e2, o).value();
    BOOST_TEST((foreign.read(token, t0).error() == error::decryption_failed));

    // Same JWE key, different signing key under the same kid: the signature fails.
    jose::jwe_key_ring e_same;
    BOOST_REQUIRE(e_same.rotate_to(enc_key("e1", 'b')));
    auto half = jwt_access_token_format::make(s2, e_same, o).value();
    BOOST_TEST((half.read(token, t0).error() == error::signature_invalid));

    // A nested token that is not an access token (inner typ JWT) is refused.
    auto signer = jose::jws_signer::make(sig_key("s1", 'a')).value();
    auto encrypter = jose::make_nested_encrypter(enc_key("e1", 'b'), jose::jwe_encryption::A256GCM).value();
    jose::jwt_claims claims;
    claims.iss = "https://as.example";
    claims.sub = "alice";
    claims.aud = {"https://mcp.example/mcp"};
    claims.iat = std::chrono::floor<std::chrono::seconds>(t0);
    claims.exp = *claims.iat + 1h;
    claims.jti = "j";
    claims.custom["client_id"] = "c";
    BOOST_TEST((f.read(jose::mint_nested(claims, signer, encrypter, "JWT").value(), t0).error() ==
                error::wrong_token_type));
    auto const good = jose::mint_nested(claims, signer, encrypter, "at+jwt").value();
    BOOST_TEST(f.read(good, t0).has_value());
    // Missing claims an access token must have.
    for (auto drop : {"sub", "jti", "client_id", "aud", "iat"}) {
        auto c2 = claims;
        if (std::string_view(drop) == "sub") c2.sub.reset();
        else if (std::string_view(drop) == "jti") c2.jti.reset();
        else if (std::string_view(drop) == "aud") c2.aud.clear();
        else if (std::string_view(drop) == "iat") c2.iat.reset();
        else c2.custom.erase(drop);
        BOOST_TEST_INFO(drop);
        BOOST_TEST((f.read(jose::mint_nested(c2, signer, encrypter, "at+jwt").value(), t0).error() ==
                    error::missing_claim));
    }
    auto c3 = claims;
    c3.custom["client_id"] = 42;
    BOOST_TEST((f.read(jose::mint_nested(c3, signer, encrypter, "at+jwt").value(), t0).error() ==
                error::wrong_member_type));
}

BOOST_AUTO_TEST_CASE(key_rotation_and_retirement) {
    rings r;
    auto const old_token = std::string(r.format().issue(grant(), t0).value().access_token.reveal());

    // Rotate both keys: new tokens use the new kids, old tokens still read.
    BOOST_REQUIRE(r.signing.rotate_to(sig_key("s2", 'c')));
    BOOST_REQUIRE(r.encryption.rotate_to(enc_key("e2", 'd')));
    auto const rotated = r.format();
    auto const new_token = std::string(rotated.issue(grant(), t0).value().access_token.reveal());
    BOOST_TEST(header_json(new_token).find(R"("kid":"e2")") != std::string::npos);
    BOOST_TEST(rotated.read(old_token, t0).has_value());
    BOOST_TEST(rotated.read(new_token, t0).has_value());

    // Retire the old JWE key: its tokens no longer decrypt.
    BOOST_REQUIRE(r.encryption.retire("e1"));
    auto const retired_enc = r.format();
    BOOST_TEST((retired_enc.read(old_token, t0).error() == error::decryption_failed));
    BOOST_TEST(retired_enc.read(new_token, t0).has_value());

    // Retire the old signing key too, with the old JWE key back for validation only: the signature fails.
    BOOST_REQUIRE(r.encryption.accept(enc_key("e1", 'b')));
    BOOST_REQUIRE(r.signing.retire("s1"));
    auto const retired_sig = r.format();
    BOOST_TEST((retired_sig.read(old_token, t0).error() == error::signature_invalid));
    BOOST_TEST(retired_sig.read(new_token, t0).has_value());
}

BOOST_AUTO_TEST_CASE(opaque_tokens_round_trip_through_the_store) {
    memory_access_token_store store;
    opaque_access_token_format f(store, {"https://as.example", 30min});
    auto issued = f.issue(grant(), t0);
    BOOST_REQUIRE(issued);
    BOOST_TEST(issued->access_token.size() == opaque_token_length);
    BOOST_TEST(issued->expires_in.count() == 1800);
    BOOST_TEST(store.size() == 1u);
    auto info = f.read(issued->access_token.reveal(), t0 + 29min);
    BOOST_REQUIRE(info);
    BOOST_TEST(info->issuer == "https://as.example");
    BOOST_TEST(info->subject == "alice");
    BOOST_TEST(info->client_id == "mcp-client-42");
    BOOST_TEST(info->scope == "mcp:read mcp:write");
    BOOST_TEST(info->family_id == "fam-1");
    BOOST_TEST(info->jti == issued->jti);
    BOOST_TEST(info->claims.at("api_key").as_string() == "rp_live_3f9a8c1d2e7b4a60");
    BOOST_TEST((f.read(issued->access_token.reveal(), t0 + 30min).error() == error::token_expired));
    BOOST_TEST((f.read(std::string(opaque_token_length, 'A'), t0).error() == error::invalid_token));
    BOOST_TEST((f.read("short", t0).error() == error::malformed_token));
    BOOST_TEST(store.purge(t0 + 31min) == 1u);
    BOOST_TEST((f.read(issued->access_token.reveal(), t0).error() == error::invalid_token));
    auto g = grant();
    g.client_id.clear();
    BOOST_TEST((f.issue(g, t0).error() == error::missing_argument));
    // The store keeps hashes, not tokens: the same hash twice is refused.
    auto h = hash_token("x").value();
    BOOST_TEST(store.store(h, {}).has_value());
    BOOST_TEST((store.store(h, {}).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_token_issuer_test

namespace server_access_token_scratch_test {

using namespace authwire;
using namespace authwire::server;

// access_token_scratch::info_without_claims() (custom claims not built) and info() (built on access) against the
// by-value read, on tokens from issue (flat claims, the custom claims kept unbuilt) and on one whose custom
// claims take the general path (a nested object).
BOOST_AUTO_TEST_CASE(access_token_scratch_info_equals_the_by_value_read) {
    auto const at = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));
    jose::jws_key_ring signing;
    jose::jwe_key_ring encryption;
    (void)signing.rotate_to(jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, '\x42')),
                                                                       std::string("s1")).value(),
                                                jose::jws_algorithm::HS256)
                                .value());
    (void)encryption.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, '\x17')),
                                                                          std::string("e1")).value(),
                                                   jose::jwe_algorithm::dir)
                                   .value());
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    auto const format = jwt_access_token_format::make(signing, encryption, o).value();
    access_token_grant grant;
    grant.subject = "u1";
    grant.client_id = "c1";
    grant.scope = "mcp read";
    grant.audience = {"https://rs.example/mcp"};
    grant.family_id = "f1";
    grant.claims["api_key"] = "k1";
    grant.claims["tier"] = 3;
    grant.claims["tags"] = boost::json::array{"a", "b"};
    auto const flat = std::string(format.issue(grant, at).value().access_token.reveal());
    grant.claims["profile"] = boost::json::object{{"name", "n"}};
    auto const nested_object = std::string(format.issue(grant, at).value().access_token.reveal());
    grant.family_id.clear();
    grant.claims = {};
    auto const bare = std::string(format.issue(grant, at).value().access_token.reveal());
    access_token_scratch scratch;
    for (auto const& token : {flat, nested_object, bare, flat}) {
        auto const eager = format.read(token, at).value();
        BOOST_REQUIRE(format.read(token, at, scratch).has_value());
        auto const& core = scratch.info_without_claims();
        BOOST_TEST((core.subject == eager.subject && core.client_id == eager.client_id && core.scope == eager.scope &&
                    core.issuer == eager.issuer && core.jti == eager.jti && core.family_id == eager.family_id &&
                    core.audience == eager.audience && core.issued_at == eager.issued_at &&
                    core.expires_at == eager.expires_at));
        auto const& built = static_cast<access_token_scratch const&>(scratch).info();
        BOOST_TEST(boost::json::serialize(built.claims) == boost::json::serialize(eager.claims));
        BOOST_TEST(boost::json::serialize(scratch.info().claims) == boost::json::serialize(eager.claims));
    }
}

} // namespace server_access_token_scratch_test
