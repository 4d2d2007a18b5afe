// authwire tests — nested JWTs (RFC 7519 §5.2, §7.1–7.2): sign then encrypt, decrypt then verify.
#include <authwire/jose/nested.hpp>

#include "jwe_test_support.hpp"
#include "test_vectors.hpp"

#include <authwire/core/base64.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <span>
#include <string>

namespace jose_nested_test {

using namespace authwire;
using namespace authwire::jose;
using std::chrono::seconds;
using std::chrono::system_clock;

boost::json::object const& vector_file() {
    static boost::json::object const v =
        authwire_test::read_vector("authwire/nested_dir_a256gcm_hs256.json").as_object();
    return v;
}

std::string member(char const* name) { return std::string(vector_file().at(name).as_string()); }

jwk vector_key(char const* name) { return jwk::from_json(vector_file().at(name).as_object()).value(); }

system_clock::time_point vector_now() {
    return system_clock::time_point(seconds(vector_file().at("valid_at").to_number<std::int64_t>()));
}

// A random_source that hands out the vector's fixed IV (and fails if asked for anything else).
struct fixed_bytes {
    std::string bytes;
    bool operator()(std::span<unsigned char> out) const {
        if (out.size() != bytes.size()) return false;
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<unsigned char>(bytes[i]);
        return true;
    }
};

struct keys {
    jws_key sig = jws_key::make(vector_key("signing_key"), jws_algorithm::HS256).value();
    jwe_key enc = jwe_key::make(vector_key("encryption_key"), jwe_algorithm::dir).value();

    jws_signer signer() const { return jws_signer::make(sig).value(); }
    jwe_encrypter encrypter() const { return make_nested_encrypter(enc, jwe_encryption::A256GCM).value(); }
    jws_verifier verifier() const {
        jws_key_set s;
        BOOST_REQUIRE(s.add(sig));
        return jws_verifier::make(std::move(s), {jws_algorithm::HS256}).value();
    }
    jwe_decrypter decrypter() const {
        jwe_key_set s;
        BOOST_REQUIRE(s.add(enc));
        return jwe_decrypter::make(std::move(s), {jwe_encryption::A256GCM}).value();
    }
};

jwt_validation audience_policy() {
    jwt_validation v;
    v.audiences = {"https://mcp.example.com/mcp"};
    return v;
}

jwt_claims vector_claims() { return jwt_claims::parse(member("claims")).value(); }

jwk fresh_octets(std::size_t n, char const* kid) { return jwk::generate_octets(n, std::string(kid)).value(); }

// Encrypt arbitrary bytes as a nested-looking JWE with the vector's encryption key and the given header.
std::string encrypt_with(keys const& k, std::string const& plaintext, jwe_header_params header) {
    return jwe_encrypter::make(k.enc, jwe_encryption::A256GCM, std::move(header)).value().encrypt(plaintext).value();
}

BOOST_AUTO_TEST_SUITE(jose_nested)

BOOST_AUTO_TEST_CASE(mints_the_committed_vector_byte_for_byte) {
    keys const k;
    auto const claims = vector_claims();
    BOOST_TEST(claims.serialize().value() == member("claims"));  // parse/serialize keeps the vector's order
    BOOST_TEST(mint_jwt(claims, k.signer(), member("inner_typ")).value() == member("inner_jws"));
    fixed_bytes iv{base64url_decode(member("iv")).value()};
    auto const token = mint_nested(claims, k.signer(), k.encrypter(), member("inner_typ"), iv);
    BOOST_REQUIRE(token);
    BOOST_TEST(*token == member("token"));
    auto const header_b64 = token->substr(0, token->find('.'));
    BOOST_TEST(base64url_decode(header_b64).value() == member("outer_protected_header"));
}

BOOST_AUTO_TEST_CASE(validates_the_committed_vector) {
    keys const k;
    std::string buffer;
    auto r = validate_nested(member("token"), k.decrypter(), k.verifier(), audience_policy(), vector_now(), buffer);
    BOOST_REQUIRE(r);
    BOOST_TEST(r->outer.cty().value() == "JWT");
    BOOST_TEST(r->outer.kid().value() == "authwire-enc-2026-01");
    BOOST_TEST((r->outer.alg() == jwe_algorithm::dir));
    BOOST_TEST((r->outer.enc() == jwe_encryption::A256GCM));
    BOOST_TEST((r->header.alg == jws_algorithm::HS256));
    BOOST_TEST(r->header.kid.value() == "authwire-sig-2026-01");
    BOOST_TEST(r->claims.sub.value() == "user-1234567890");
    BOOST_TEST(r->claims.has_audience("https://mcp.example.com/mcp"));
    BOOST_TEST(r->claims.exp->time_since_epoch().count() == 1767225600);
    BOOST_TEST(r->claims.custom.at("api_key").as_string() == "rp_live_3f9a8c1d2e7b4a60");
    BOOST_TEST(buffer.empty());  // the decrypted inner JWS (with its API key) is not left behind

    std::string inner;
    auto h = decrypt_nested(member("token"), k.decrypter(), inner);
    BOOST_REQUIRE(h);
    BOOST_TEST(inner == member("inner_jws"));
}

BOOST_AUTO_TEST_CASE(round_trip_with_fresh_keys_and_a_reused_buffer) {
    auto sig = jws_key::make(fresh_octets(32, "s1"), jws_algorithm::HS256).value();
    auto enc = jwe_key::make(fresh_octets(32, "e1"), jwe_algorithm::dir).value();
    jws_key_set ss;
    BOOST_REQUIRE(ss.add(sig));
    jwe_key_set es;
    BOOST_REQUIRE(es.add(enc));
    auto verifier = jws_verifier::make(std::move(ss), {jws_algorithm::HS256}).value();
    auto decrypter = jwe_decrypter::make(std::move(es), {jwe_encryption::A256GCM}).value();
    auto encrypter = make_nested_encrypter(enc, jwe_encryption::A256GCM, std::string("at+jwt")).value();
    auto signer = jws_signer::make(sig).value();
    auto const now = system_clock::time_point(seconds(1'800'000'000));
    jwt_validation v;
    v.audiences = {"r"};
    v.type = "at+jwt";
    std::string buffer;
    for (int i = 0; i < 3; ++i) {
        jwt_claims c;
        c.sub = "user-" + std::to_string(i);
        c.aud = {"r"};
        c.exp = std::chrono::floor<seconds>(now + seconds(60));
        auto t = mint_nested(c, signer, encrypter, "at+jwt");
        BOOST_REQUIRE(t);
        auto r = validate_nested(*t, decrypter, verifier, v, now, buffer);
        BOOST_REQUIRE(r);
        BOOST_TEST(r->claims.sub.value() == c.sub.value());
        BOOST_TEST(r->outer.typ().value() == "at+jwt");
        BOOST_TEST(r->header.typ.value() == "at+jwt");
    }
    // The one-shot overload agrees.
    jwt_claims c;
    c.aud = {"r"};
    c.exp = std::chrono::floor<seconds>(now + seconds(60));
    BOOST_TEST(validate_nested(mint_nested(c, signer, encrypter, "at+jwt").value(), decrypter, verifier, v, now).has_value());
}

BOOST_AUTO_TEST_CASE(cty_must_name_jwt_case_insensitively) {
    keys const k;
    auto const inner = member("inner_jws");
    for (auto const* cty : {"JWT", "jwt", "Jwt", "application/jwt", "APPLICATION/JWT"}) {
        jwe_header_params h;
        h.cty = cty;
        BOOST_TEST_INFO(cty);
        BOOST_TEST(validate_nested(encrypt_with(k, inner, h), k.decrypter(), k.verifier(), audience_policy(),
                                   vector_now())
                       .has_value());
    }
    for (auto const* cty : {"JOSE", "json", "application/json", "JWT ", "jwt+x", "application/JWS"}) {
        jwe_header_params h;
        h.cty = cty;
        BOOST_TEST_INFO(cty);
        auto r = validate_nested(encrypt_with(k, inner, h), k.decrypter(), k.verifier(), audience_policy(),
                                 vector_now());
        BOOST_TEST((r.error() == error::wrong_token_type));
    }
    // No cty at all: a JWE of a JWS is not a nested JWT unless it says so (RFC 7519 §5.2).
    std::string buffer = "left over";
    auto r = decrypt_nested(encrypt_with(k, inner, {}), k.decrypter(), buffer);
    BOOST_TEST((r.error() == error::wrong_token_type));
    BOOST_TEST(buffer.empty());
}

BOOST_AUTO_TEST_CASE(inner_alg_none_is_rejected) {
    keys const k;
    auto const claims_b64 = base64url_encode(member("claims"));
    jwe_header_params h;
    h.cty = "JWT";
    for (auto const* header : {R"({"alg":"none"})", R"({"alg":"NONE","typ":"JWT"})", R"({"alg":"None"})"}) {
        auto const unsecured = base64url_encode(std::string(header)) + "." + claims_b64 + ".";
        auto r = validate_nested(encrypt_with(k, unsecured, h), k.decrypter(), k.verifier(), audience_policy(),
                                 vector_now());
        BOOST_TEST_INFO(header);
        BOOST_REQUIRE(!r);
        // An empty signature segment is malformed before "alg" is even looked at; with one, none is refused.
        BOOST_TEST((r.error() == error::malformed_token || r.error() == error::algorithm_not_allowed));
        auto const with_sig = unsecured + "AAAA";
        auto r2 = validate_nested(encrypt_with(k, with_sig, h), k.decrypter(), k.verifier(), audience_policy(),
                                  vector_now());
        BOOST_TEST((r2.error() == error::algorithm_not_allowed));
    }
}

BOOST_AUTO_TEST_CASE(inner_signed_by_another_key_is_rejected) {
    keys const k;
    // Same kid, different secret: the signature does not verify.
    auto impostor = jws_key::make(jwk::from_octets(secret(std::string(32, 'x')), std::string("authwire-sig-2026-01")).value(),
                                  jws_algorithm::HS256)
                        .value();
    auto token = mint_nested(vector_claims(), jws_signer::make(impostor).value(), k.encrypter());
    BOOST_REQUIRE(token);
    auto r = validate_nested(*token, k.decrypter(), k.verifier(), audience_policy(), vector_now());
    BOOST_TEST((r.error() == error::signature_invalid));

    // Another kid: no such key.
    auto other = jws_key::make(fresh_octets(32, "someone-else"), jws_algorithm::HS256).value();
    token = mint_nested(vector_claims(), jws_signer::make(other).value(), k.encrypter());
    r = validate_nested(*token, k.decrypter(), k.verifier(), audience_policy(), vector_now());
    BOOST_TEST((r.error() == error::unknown_key));

    // The JWE key's own bytes used as the HMAC key: still only the verifier's key set counts.
    auto enc_bytes_as_mac = jws_key::make(jwk::from_octets(secret(std::string(vector_key("encryption_key").symmetric_key()->reveal())),
                                                           std::string("authwire-sig-2026-01"))
                                              .value(),
                                          jws_algorithm::HS256)
                                .value();
    token = mint_nested(vector_claims(), jws_signer::make(enc_bytes_as_mac).value(), k.encrypter());
    r = validate_nested(*token, k.decrypter(), k.verifier(), audience_policy(), vector_now());
    BOOST_TEST((r.error() == error::signature_invalid));
}

BOOST_AUTO_TEST_CASE(tampered_outer_token_fails_to_decrypt) {
    keys const k;
    auto const token = member("token");
    // Flip one character in each of: the header (AAD), the IV, the ciphertext and the tag.
    std::size_t const dots[] = {0, token.find('.') + 2, token.find('.', token.find('.') + 2) + 1,
                                token.rfind('.') + 1};
    for (auto at : {dots[0] + 5, dots[2] + 3, dots[3] - 10, dots[3] + 4}) {
        auto bad = token;
        bad[at] = bad[at] == 'A' ? 'B' : 'A';
        auto r = validate_nested(bad, k.decrypter(), k.verifier(), audience_policy(), vector_now());
        BOOST_TEST_INFO(at);
        BOOST_REQUIRE(!r);
        BOOST_TEST((r.error() == error::decryption_failed || r.error() == condition::malformed_input));
    }
    // The ciphertext and tag: always decryption_failed.
    auto bad = token;
    bad[token.rfind('.') + 3] = bad[token.rfind('.') + 3] == 'A' ? 'B' : 'A';
    BOOST_TEST((validate_nested(bad, k.decrypter(), k.verifier(), audience_policy(), vector_now()).error() ==
                error::decryption_failed));
    bad = token;
    bad[token.rfind('.') - 7] = bad[token.rfind('.') - 7] == 'A' ? 'B' : 'A';
    BOOST_TEST((validate_nested(bad, k.decrypter(), k.verifier(), audience_policy(), vector_now()).error() ==
                error::decryption_failed));
    // A different JWE key with the same kid.
    auto wrong = jwe_key::make(jwk::from_octets(secret(std::string(32, 'q')), std::string("authwire-enc-2026-01")).value(),
                               jwe_algorithm::dir)
                     .value();
    jwe_key_set ws;
    BOOST_REQUIRE(ws.add(wrong));
    auto d = jwe_decrypter::make(std::move(ws), {jwe_encryption::A256GCM}).value();
    BOOST_TEST((validate_nested(token, d, k.verifier(), audience_policy(), vector_now()).error() ==
                error::decryption_failed));
}

BOOST_AUTO_TEST_CASE(expired_and_wrong_audience) {
    keys const k;
    auto const token = member("token");
    auto const exp = system_clock::time_point(seconds(1767225600));
    auto r = validate_nested(token, k.decrypter(), k.verifier(), audience_policy(), exp + seconds(31));
    BOOST_TEST((r.error() == error::token_expired));
    jwt_validation strict = audience_policy();
    strict.leeway = seconds(0);
    BOOST_TEST((validate_nested(token, k.decrypter(), k.verifier(), strict, exp).error() == error::token_expired));
    BOOST_TEST(validate_nested(token, k.decrypter(), k.verifier(), strict, exp - seconds(1)).has_value());

    jwt_validation other;
    other.audiences = {"https://other.example.com/mcp"};
    BOOST_TEST((validate_nested(token, k.decrypter(), k.verifier(), other, vector_now()).error() ==
                error::wrong_audience));
    // The typ we ask for is checked on the inner JWS.
    jwt_validation typed = audience_policy();
    typed.type = "at+jwt";
    BOOST_TEST((validate_nested(token, k.decrypter(), k.verifier(), typed, vector_now()).error() ==
                error::wrong_token_type));
}

BOOST_AUTO_TEST_CASE(a_jws_where_a_nested_jwt_is_expected_and_the_reverse) {
    keys const k;
    // A bare JWS given to validate_nested.
    auto r = validate_nested(member("inner_jws"), k.decrypter(), k.verifier(), audience_policy(), vector_now());
    BOOST_TEST((r.error() == error::wrong_token_type));
    // The nested JWE given to a JWS verifier / verify_jwt.
    BOOST_TEST((k.verifier().verify(member("token")).error() == error::wrong_token_type));
    BOOST_TEST((verify_jwt(member("token"), k.verifier(), audience_policy(), vector_now()).error() ==
                error::wrong_token_type));
    // A JWE inside the JWE (cty JWT, but the content is not a JWS).
    jwe_header_params h;
    h.cty = "JWT";
    auto doubly = encrypt_with(k, member("token"), h);
    BOOST_TEST((validate_nested(doubly, k.decrypter(), k.verifier(), audience_policy(), vector_now()).error() ==
                error::wrong_token_type));
    // Garbage content with cty JWT.
    BOOST_TEST((validate_nested(encrypt_with(k, "not a token", h), k.decrypter(), k.verifier(), audience_policy(),
                                vector_now())
                    .error() == error::malformed_token));
}

BOOST_AUTO_TEST_CASE(hostile_shapes) {
    keys const k;
    auto const d = k.decrypter();
    auto const v = k.verifier();
    for (std::string const& bad : {std::string(), std::string("...."), std::string("a.b.c.d.e"),
                                  std::string(20000, 'A'), member("token") + ".", member("token").substr(1)}) {
        BOOST_TEST(!validate_nested(bad, d, v, audience_policy(), vector_now()).has_value());
    }
    BOOST_TEST((validate_nested(std::string(20000, 'A'), d, v, audience_policy(), vector_now()).error() ==
                error::input_too_large));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_nested_test

namespace jose_nested_scratch_test {

using namespace authwire;
using namespace authwire::jose;
using std::chrono::seconds;

auto const at = std::chrono::system_clock::time_point(seconds(1767222100));

bool same_members(boost::json::object const& a, boost::json::object const& b) {
    return boost::json::serialize(a) == boost::json::serialize(b);  // content and order
}

// The keys of the scratch test cases below (HS256 "s1", dir "e1"), and a verifier and a decrypter of each alone.
jws_key scratch_sig_key() {
    return jws_key::make(jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                         jws_algorithm::HS256)
        .value();
}
jwe_key scratch_enc_key() {
    return jwe_key::make(jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                         jwe_algorithm::dir)
        .value();
}
jws_verifier verifier_of(jws_key const& k) {
    jws_key_set sigs;
    BOOST_REQUIRE(sigs.add(k));
    return jws_verifier::make(std::move(sigs), {jws_algorithm::HS256}).value();
}
jwe_decrypter decrypter_of(jwe_key const& k) {
    jwe_key_set encs;
    BOOST_REQUIRE(encs.add(k));
    return jwe_decrypter::make(std::move(encs), {jwe_encryption::A256GCM}).value();
}

BOOST_AUTO_TEST_SUITE(nested_jwt_scratch_deferred_custom_claims)

// verified_registered() (custom claims not built) and verified() (built on access) against the by-value
// validate_nested, on flat Claims Sets (kept unbuilt) and on shapes that take the streaming or general path.
BOOST_AUTO_TEST_CASE(verified_and_verified_registered_equal_the_by_value_result) {
    auto const sig = scratch_sig_key();
    auto const enc = scratch_enc_key();
    auto const signer = jws_signer::make(sig).value();
    auto const encrypter = make_nested_encrypter(enc, jwe_encryption::A256GCM).value();
    auto const verifier = verifier_of(sig);
    auto const decrypter = decrypter_of(enc);
    jwt_validation policy;
    policy.audiences = {"a"};
    std::string const reg = R"("iss":"https://as.example","sub":"u1","aud":["a","b"],"exp":1767225600)";
    std::string const texts[] = {
        "{" + reg + "}",
        "{" + reg + R"(,"client_id":"c1","scope":"a b","api_key":"k-123","n":[1,"x",null]})",
        R"({"k":"v","exp":1767225600,"iss":"i","z":true,"aud":"a","sub":"s","jti":"j"})",
        "{" + reg + R"(,"esc":"a\nb","k":"v"})",
        "{" + reg + R"(,"obj":{"n":1},"k":"v"})",
        "{" + reg + R"(,"d":0.25,"k":"v"})",
        R"({"exp":1767225600,"iss":["not","a","string"],"aud":"a","k":"v"})",
        "{" + reg + R"(,"k":"v","k":"v"})",
    };
    nested_jwt_scratch scratch;
    int accepted = 0;
    for (auto const& text : texts) {
        BOOST_TEST_CONTEXT(text) {
            auto const token = encrypter.encrypt(signer.sign(text).value()).value();
            auto const eager = validate_nested(token, decrypter, verifier, policy, at);
            auto const lazy = validate_nested(token, decrypter, verifier, policy, at, scratch);
            BOOST_REQUIRE(eager.has_value() == lazy.has_value());
            if (!eager) {
                BOOST_TEST(eager.error() == lazy.error());
                continue;
            }
            ++accepted;
            auto const& r = scratch.verified_registered();
            BOOST_TEST((r.claims.iss == eager->claims.iss && r.claims.sub == eager->claims.sub &&
                        r.claims.jti == eager->claims.jti));
            BOOST_TEST(r.claims.aud == eager->claims.aud);
            BOOST_TEST((r.claims.exp == eager->claims.exp && r.claims.iat == eager->claims.iat &&
                        r.claims.nbf == eager->claims.nbf));
            BOOST_TEST(same_members(r.outer.members(), eager->outer.members()));
            BOOST_TEST((r.header.alg == eager->header.alg && r.header.kid == eager->header.kid &&
                        r.header.typ == eager->header.typ && r.header.cty == eager->header.cty));
            BOOST_TEST(same_members(scratch.verified().claims.custom, eager->claims.custom));
            BOOST_TEST(same_members(scratch.verified().header.members, eager->header.members));
            BOOST_TEST(same_members(scratch.verified().claims.custom, eager->claims.custom));
        }
    }
    BOOST_TEST(accepted >= 5);
}

// A dir/A256GCM JWE around `inner` with any protected header text (the content key is `cek`).
std::string forge_outer(std::string const& header_json, jwe_test::bytes const& cek, std::string_view inner) {
    auto const header = base64url_encode(header_json);
    auto const cipher = jose::detail::content_cipher::make(*jose::detail::find_content_encryption("A256GCM")).value();
    jwe_test::bytes iv(12);
    BOOST_REQUIRE(random_bytes(iv));
    jwe_test::bytes ct(inner.size()), tag(16);
    BOOST_REQUIRE(cipher.encrypt(cek, iv, jwe_test::view(header), jwe_test::view(inner), ct, tag));
    return header + ".." + base64url_encode(iv) + "." + base64url_encode(ct) + "." + base64url_encode(tag);
}

// The JWE header on the scratch path: a flat "dir" header without "zip" or "crit" is checked from the scan and
// its members built only by verified() / verified_registered(); every other shape is parsed as before. Each
// header is compared with the by-value validate_nested: the error, or alg/enc/kid/typ/cty through
// verified_parameters() (nothing built) and the members through verified_registered() and verified().
BOOST_AUTO_TEST_CASE(outer_header_checked_from_the_scan_equals_the_by_value_result) {
    jwe_test::bytes const cek(32, 0x17);
    auto const sig = jws_key::make(jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                                   jws_algorithm::HS256)
                         .value();
    auto const enc = jwe_key::make(jwk::from_octets(secret(jwe_test::str(cek)), std::string("e1")).value(),
                                   jwe_algorithm::dir)
                         .value();
    auto const signer = jws_signer::make(sig).value();
    jws_key_set sigs;
    BOOST_REQUIRE(sigs.add(sig));
    auto const verifier = jws_verifier::make(std::move(sigs), {jws_algorithm::HS256}).value();
    auto decrypter_with = [&](std::vector<std::string> understood) {
        jwe_key_set encs;
        BOOST_REQUIRE(encs.add(enc));
        jwe_decrypt_options options;
        options.understood_critical = std::move(understood);
        return jwe_decrypter::make(std::move(encs), {jwe_encryption::A256GCM}, std::move(options)).value();
    };
    auto const plain = decrypter_with({});
    auto const extended = decrypter_with({"x-ext"});
    jwt_validation policy;
    policy.audiences = {"a"};
    auto const inner =
        signer.sign(R"({"iss":"https://as.example","sub":"u1","aud":"a","exp":1767225600,"k":"v"})").value();
    std::string const headers[] = {
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"dir","kid":"e1","typ":"at+jwt","cty":"JWT","enc":"A256GCM"})",
        R"({"enc":"A256GCM","x":[1,"two",null,true],"n":-5,"cty":"application/jwt","alg":"dir"})",
        R"( { "alg" : "dir" , "enc" : "A256GCM" , "cty" : "jwt" } )",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","kid":"e\u0031"})",       // escape: parsed
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","o":{"k":[1,{"n":null}]}})",  // nested: parsed
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","d":1.5})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","zip":"DEF"})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","zip":1})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","crit":["x-ext"],"x-ext":1})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","crit":["x-other"],"x-other":1})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","crit":[]})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","crit":"x-ext","x-ext":1})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","crit":["kid"],"kid":"e1"})",
        R"({"enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"dir","cty":"JWT"})",
        R"({"alg":1,"enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"dir","enc":["A256GCM"],"cty":"JWT"})",
        R"({"alg":"none","enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"dir","enc":"A128GCM","cty":"JWT"})",
        R"({"alg":"dir","enc":"nope","cty":"JWT"})",
        R"({"alg":"RSA-OAEP","enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"A256KW","enc":"A256GCM","cty":"JWT"})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","kid":7})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","typ":null})",
        R"({"alg":"dir","enc":"A256GCM","cty":["JWT"]})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","kid":"other"})",
        R"({"alg":"dir","enc":"A256GCM"})",
        R"({"alg":"dir","enc":"A256GCM","cty":"text/plain"})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT","cty":"JWT"})",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT"} )",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT"}x)",
        R"({"alg":"dir","enc":"A256GCM","cty":"JWT",})",
        R"(["alg","dir"])",
        "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"cty\":\"JWT\",\"u\":\"\xc3\xa9\"}",
        "{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"cty\":\"JWT\",\"u\":\"\xc3\"}",
    };
    nested_jwt_scratch scratch;
    int accepted = 0;
    int rejected = 0;
    for (auto const* decrypter : {&plain, &extended}) {
        for (auto const& header : headers) {
            BOOST_TEST_CONTEXT(header) {
                auto const token = forge_outer(header, cek, inner);
                auto const eager = validate_nested(token, *decrypter, verifier, policy, at);
                auto const lazy = validate_nested(token, *decrypter, verifier, policy, at, scratch);
                BOOST_REQUIRE(eager.has_value() == lazy.has_value());
                if (!eager) {
                    BOOST_TEST(eager.error() == lazy.error());
                    ++rejected;
                    continue;
                }
                ++accepted;
                auto const& p = scratch.verified_parameters();
                BOOST_TEST((p.outer.alg() == eager->outer.alg() && p.outer.enc() == eager->outer.enc()));
                BOOST_TEST((p.outer.kid() == eager->outer.kid() && p.outer.typ() == eager->outer.typ() &&
                            p.outer.cty() == eager->outer.cty()));
                BOOST_TEST((p.claims.iss == eager->claims.iss));
                BOOST_TEST(same_members(scratch.verified_registered().outer.members(), eager->outer.members()));
                auto const& v = scratch.verified();
                BOOST_TEST(same_members(v.outer.members(), eager->outer.members()));
                BOOST_TEST((v.outer.kid() == eager->outer.kid() && v.outer.typ() == eager->outer.typ() &&
                            v.outer.cty() == eager->outer.cty()));
                BOOST_TEST(same_members(v.claims.custom, eager->claims.custom));
            }
        }
    }
    BOOST_TEST(accepted >= 12);
    BOOST_TEST(rejected >= 40);
}

// verified_parameters() builds nothing: after a validation the three objects stay empty until another accessor
// builds them; the scalar parameters are there at once.
BOOST_AUTO_TEST_CASE(verified_parameters_builds_nothing) {
    auto const sig = scratch_sig_key();
    auto const enc = scratch_enc_key();
    auto const encrypter = make_nested_encrypter(enc, jwe_encryption::A256GCM, std::string("JWT")).value();
    auto const verifier = verifier_of(sig);
    auto const decrypter = decrypter_of(enc);
    auto const token =
        encrypter.encrypt(jws_signer::make(sig).value().sign(R"({"iss":"i","exp":1767225600,"k":"v"})").value())
            .value();
    nested_jwt_scratch scratch;
    for (int round = 0; round < 2; ++round) {
        BOOST_REQUIRE(validate_nested(token, decrypter, verifier, {}, at, scratch));
        auto const& p = scratch.verified_parameters();
        BOOST_TEST(p.outer.members().empty());
        BOOST_TEST(p.header.members.empty());
        BOOST_TEST(p.claims.custom.empty());
        BOOST_TEST((p.outer.alg() == jwe_algorithm::dir && p.outer.enc() == jwe_encryption::A256GCM));
        BOOST_TEST(p.outer.kid().value_or("") == "e1");
        BOOST_TEST(p.outer.typ().value_or("") == "JWT");
        BOOST_TEST(p.outer.cty().value_or("") == "JWT");
        BOOST_TEST(p.claims.iss.value_or("") == "i");
        BOOST_TEST(scratch.verified().outer.members().size() == 5u);
        BOOST_TEST(scratch.verified_parameters().outer.members().size() == 5u);  // now built
        BOOST_TEST(scratch.verified_parameters().claims.custom.size() == 1u);
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_nested_scratch_test
