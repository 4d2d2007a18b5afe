#include <authwire/jose/jwt.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace jose_jwt_test {

using namespace authwire;
using namespace authwire::jose;
using namespace std::chrono_literals;

using clock_t_ = std::chrono::system_clock;
clock_t_::time_point const now = clock_t_::time_point(std::chrono::seconds(1767222000));

jwk const& key() {
    static jwk const k = jwk::from_octets(secret(std::string(32, 'j')), std::string("hs")).value();
    return k;
}
jws_signer const& signer() {
    static jws_signer const s = jws_signer::make(jws_key::make(key(), jws_algorithm::HS256).value()).value();
    return s;
}
jws_verifier const& verifier() {
    static jws_verifier const v = [] {
        jws_key_set set;
        BOOST_REQUIRE(set.add(jws_key::make(key(), jws_algorithm::HS256).value()).has_value());
        return jws_verifier::make(std::move(set), {jws_algorithm::HS256}).value();
    }();
    return v;
}

jwt_builder access_token() {
    jwt_builder b;
    b.issuer("https://auth.example.com")
        .subject("user-1")
        .audience("https://mcp.example.com/mcp")
        .issued_at(now)
        .expires_at(now + 1h)
        .id("b7Yc2m1fT0qHqgJ1o8n3Kw")
        .claim("client_id", "mcp-client-42")
        .claim("scope", "mcp");
    return b;
}

jwt_validation policy() {
    jwt_validation v;
    v.issuer = "https://auth.example.com";
    v.audiences = {"https://mcp.example.com/mcp"};
    v.type = "at+jwt";
    return v;
}

std::string mint(jwt_builder const& b, std::string_view typ = "at+jwt") { return b.sign(signer(), typ).value(); }

// Signs raw claims JSON (for shapes the builder will not produce).
std::string mint_raw(std::string_view claims_json, std::string_view typ = "at+jwt") {
    boost::json::object h;
    h["typ"] = typ;
    return signer().sign(claims_json, h).value();
}

BOOST_AUTO_TEST_SUITE(jose_jwt)

BOOST_AUTO_TEST_CASE(mint_and_verify_round_trip) {
    auto token = mint(access_token());
    auto r = verify_jwt(token, verifier(), policy(), now);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->claims.iss.value() == "https://auth.example.com");
    BOOST_TEST(r->claims.sub.value() == "user-1");
    BOOST_TEST(r->claims.aud.size() == 1u);
    BOOST_TEST(!r->claims.aud_is_array);
    BOOST_TEST((r->claims.exp.value() == std::chrono::floor<std::chrono::seconds>(now + 1h)));
    BOOST_TEST(r->claims.jti.value() == "b7Yc2m1fT0qHqgJ1o8n3Kw");
    BOOST_TEST(r->claims.custom.at("client_id").as_string() == "mcp-client-42");
    BOOST_TEST(r->claims.custom.size() == 2u);
    BOOST_TEST(r->header.typ.value() == "at+jwt");
    BOOST_TEST(r->header.kid.value() == "hs");
}

BOOST_AUTO_TEST_CASE(rfc7519_section_3_1_example_claims) {
    // RFC 7519 §3.1 (= RFC 7515 A.1): the CRLF-formatted claims, with a custom boolean claim.
    auto c = jwt_claims::parse("{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->iss.value() == "joe");
    BOOST_TEST(c->exp->time_since_epoch().count() == 1300819380);
    BOOST_TEST(c->custom.at("http://example.com/is_root").as_bool());
    // Expired long ago.
    jwt_validation v;
    v.issuer = "joe";
    BOOST_TEST((validate_jwt_claims(*c, v, now).error() == error::token_expired));
    BOOST_TEST(validate_jwt_claims(*c, v, clock_t_::time_point(std::chrono::seconds(1300819379))).has_value());
}

BOOST_AUTO_TEST_CASE(expiry_with_leeway) {
    auto token = mint(access_token());
    auto const exp = now + 1h;
    auto p = policy();
    p.leeway = 0s;
    BOOST_TEST(verify_jwt(token, verifier(), p, exp - 1s).has_value());
    BOOST_TEST((verify_jwt(token, verifier(), p, exp).error() == error::token_expired));  // §4.1.4: before exp
    p.leeway = 30s;
    BOOST_TEST(verify_jwt(token, verifier(), p, exp + 29s).has_value());
    BOOST_TEST((verify_jwt(token, verifier(), p, exp + 30s).error() == error::token_expired));
    p.leeway = -1s;
    BOOST_TEST((verify_jwt(token, verifier(), p, now).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(exp_required_by_default) {
    jwt_builder b;
    b.issuer("https://auth.example.com").audience("https://mcp.example.com/mcp");
    auto token = mint(b);
    BOOST_TEST((verify_jwt(token, verifier(), policy(), now).error() == error::missing_claim));
    auto p = policy();
    p.require_exp = false;
    BOOST_TEST(verify_jwt(token, verifier(), p, now).has_value());
}

BOOST_AUTO_TEST_CASE(nbf_and_iat_in_the_future) {
    auto p = policy();
    p.leeway = 10s;
    auto nbf = mint(access_token().not_before(now + 60s));
    BOOST_TEST((verify_jwt(nbf, verifier(), p, now).error() == error::token_not_yet_valid));
    BOOST_TEST(verify_jwt(nbf, verifier(), p, now + 50s).has_value());  // within leeway
    auto iat = mint(access_token().issued_at(now + 60s));
    BOOST_TEST((verify_jwt(iat, verifier(), p, now).error() == error::token_not_yet_valid));
    BOOST_TEST(verify_jwt(iat, verifier(), p, now + 55s).has_value());
    // max_age needs iat and bounds it.
    p.max_age = 300s;
    auto old = mint(access_token().issued_at(now - 400s));
    BOOST_TEST((verify_jwt(old, verifier(), p, now).error() == error::token_expired));
    jwt_builder no_iat;
    no_iat.issuer("https://auth.example.com").audience("https://mcp.example.com/mcp").expires_at(now + 1h);
    BOOST_TEST((verify_jwt(mint(no_iat), verifier(), p, now).error() == error::missing_claim));
}

BOOST_AUTO_TEST_CASE(issuer_and_audience) {
    auto wrong_iss = mint(access_token().issuer("https://evil.example.com"));
    BOOST_TEST((verify_jwt(wrong_iss, verifier(), policy(), now).error() == error::wrong_issuer));
    auto case_iss = mint(access_token().issuer("https://AUTH.example.com"));
    BOOST_TEST((verify_jwt(case_iss, verifier(), policy(), now).error() == error::wrong_issuer));
    auto no_iss = mint_raw(R"({"aud":"https://mcp.example.com/mcp","exp":1767225600})");
    BOOST_TEST((verify_jwt(no_iss, verifier(), policy(), now).error() == error::missing_claim));

    jwt_builder other;
    other.issuer("https://auth.example.com").audience("https://other.example.com").expires_at(now + 1h);
    BOOST_TEST((verify_jwt(mint(other), verifier(), policy(), now).error() == error::wrong_audience));
    // aud as an array: any member may name us.
    jwt_builder many;
    many.issuer("https://auth.example.com")
        .audiences({"https://other.example.com", "https://mcp.example.com/mcp"})
        .expires_at(now + 1h);
    auto r = verify_jwt(mint(many), verifier(), policy(), now);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->claims.aud_is_array);
    BOOST_TEST(r->claims.aud.size() == 2u);
    // No aud at all while one is expected.
    auto no_aud = mint_raw(R"({"iss":"https://auth.example.com","exp":1767225600})");
    BOOST_TEST((verify_jwt(no_aud, verifier(), policy(), now).error() == error::missing_claim));
    // RFC 7519 §4.1.3: a token with aud is refused by a validator that names no audience.
    auto p = policy();
    p.audiences.clear();
    BOOST_TEST((verify_jwt(mint(access_token()), verifier(), p, now).error() == error::wrong_audience));
    BOOST_TEST(verify_jwt(no_aud, verifier(), p, now).has_value());
    auto empty_array = mint_raw(R"({"iss":"https://auth.example.com","exp":1767225600,"aud":[]})");
    BOOST_TEST((verify_jwt(empty_array, verifier(), policy(), now).error() == error::missing_claim));
    BOOST_TEST((verify_jwt(empty_array, verifier(), p, now).error() == error::wrong_audience));

    // The caller matches "aud" itself (an authorization server reading its RFC 9068 tokens): any audience
    // passes, but there must be one, and the list is not consulted.
    p.audience_matched_by_caller = true;
    BOOST_TEST(verify_jwt(mint(other), verifier(), p, now).has_value());
    BOOST_TEST(verify_jwt(mint(many), verifier(), p, now).has_value());
    BOOST_TEST((verify_jwt(no_aud, verifier(), p, now).error() == error::missing_claim));
    BOOST_TEST((verify_jwt(empty_array, verifier(), p, now).error() == error::missing_claim));
    p.audiences = {"https://mcp.example.com/mcp"};
    BOOST_TEST(verify_jwt(mint(other), verifier(), p, now).has_value());
}

BOOST_AUTO_TEST_CASE(typ_is_a_media_type) {
    auto p = policy();
    for (auto typ : {"at+jwt", "AT+JWT", "application/at+jwt", "Application/AT+JWT"}) {
        BOOST_TEST(verify_jwt(mint(access_token(), typ), verifier(), p, now).has_value(), typ);
    }
    for (auto typ : {"JWT", "jwt", "at+jwt ", "text/at+jwt", "application/application/at+jwt", "at"}) {
        BOOST_TEST((verify_jwt(mint(access_token(), typ), verifier(), p, now).error() == error::wrong_token_type), typ);
    }
    BOOST_TEST((verify_jwt(mint(access_token(), ""), verifier(), p, now).error() == error::wrong_token_type));
    p.type.reset();
    BOOST_TEST(verify_jwt(mint(access_token(), ""), verifier(), p, now).has_value());
    BOOST_TEST(same_media_type("application/at+jwt", "at+jwt"));
    BOOST_TEST(!same_media_type("application/", ""));
}

BOOST_AUTO_TEST_CASE(required_claims) {
    auto p = policy();
    p.required_claims = {"jti", "client_id"};
    BOOST_TEST(verify_jwt(mint(access_token()), verifier(), p, now).has_value());
    p.required_claims = {"cnf"};
    BOOST_TEST((verify_jwt(mint(access_token()), verifier(), p, now).error() == error::missing_claim));
    p.required_claims = {"sub"};
    jwt_builder b;
    b.issuer("https://auth.example.com").audience("https://mcp.example.com/mcp").expires_at(now + 1h);
    BOOST_TEST((verify_jwt(mint(b), verifier(), p, now).error() == error::missing_claim));
}

BOOST_AUTO_TEST_CASE(signature_and_algorithm_failures_pass_through) {
    auto token = mint(access_token());
    auto bad = token;
    bad.back() = bad.back() == 'A' ? 'B' : 'A';
    BOOST_TEST((verify_jwt(bad, verifier(), policy(), now).error() == error::signature_invalid));
    auto other_key = jwk::from_octets(secret(std::string(48, 'x')), std::string("hs")).value();
    auto hs384 = jws_signer::make(jws_key::make(other_key, jws_algorithm::HS384).value()).value();
    BOOST_TEST((verify_jwt(access_token().sign(hs384, "at+jwt").value(), verifier(), policy(), now).error() ==
                error::algorithm_not_allowed));
    auto rogue = jws_signer::make(jws_key::make(other_key.with_kid("rogue"), jws_algorithm::HS256).value()).value();
    BOOST_TEST((verify_jwt(access_token().sign(rogue, "at+jwt").value(), verifier(), policy(), now).error() ==
                error::unknown_key));
    BOOST_TEST((verify_jwt("a.b.c.d.e", verifier(), policy(), now).error() == error::wrong_token_type));
    BOOST_TEST((verify_jwt("garbage", verifier(), policy(), now).error() == error::malformed_token));
}

BOOST_AUTO_TEST_CASE(claims_are_strict) {
    // Registered claims of the wrong type.
    for (auto const* json : {R"({"iss":1})", R"({"sub":{}})", R"({"jti":[]})", R"({"aud":7})", R"({"aud":["a",1]})",
                             R"({"exp":"1767225600"})", R"({"nbf":true})", R"({"iat":null})", R"({"exp":-1})",
                             R"({"exp":1e300})", R"({"exp":253402300800})", R"({"exp":18446744073709551615})"}) {
        BOOST_TEST((jwt_claims::parse(json).error() == error::wrong_member_type), json);
    }
    // Fractional NumericDate is allowed (truncated).
    BOOST_TEST(jwt_claims::parse(R"({"exp":1767225600.9})").value().exp->time_since_epoch().count() == 1767225600);
    // Duplicate claim names never parse (RFC 7519 §4: they MUST be rejected or the last one taken).
    BOOST_TEST((jwt_claims::parse(R"({"sub":"a","sub":"b"})").error() == error::duplicate_member));
    BOOST_TEST((jwt_claims::parse(R"({"x":{"y":1,"y":2}})").error() == error::duplicate_member));
    BOOST_TEST((jwt_claims::parse(R"(["sub"])").error() == error::malformed_token));
    BOOST_TEST((jwt_claims::parse(R"({"sub":"a")").error() == error::malformed_json));
    // Through verify_jwt too.
    BOOST_TEST((verify_jwt(mint_raw(R"({"exp":1767225600,"exp":1})"), verifier(), policy(), now).error() ==
                error::duplicate_member));
    BOOST_TEST((verify_jwt(mint_raw("not json"), verifier(), policy(), now).error() == error::malformed_json));
    // The builder refuses to shadow registered claims with custom ones.
    BOOST_TEST((access_token().claim("exp", 1).sign(signer()).error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(claims_round_trip_keeps_custom_claims) {
    auto text = R"({"iss":"i","sub":"s","aud":["a"],"exp":2,"nbf":1,"iat":1,"jti":"j","nested":{"k":[1,2]},"n":1.5})";
    auto c = jwt_claims::parse(text).value();
    BOOST_TEST(c.custom.size() == 2u);
    BOOST_TEST(parse_json(c.serialize().value()).value() == parse_json(text).value());
}

// jwt_claims::parse reads the registered claims as they stream by and leaves anything unusual to the general
// path (parse_json_object + from_json): both must give the same claims, the custom ones in the same order, and
// the same errors.
BOOST_AUTO_TEST_CASE(streaming_claims_parse_equals_the_general_path) {
    std::string many = "{";
    for (int i = 0; i < 40; ++i) many += "\"c" + std::to_string(i) + "\":" + std::to_string(i) + ",";
    many += R"("iss":"x"})";
    std::string const cases[] = {
        R"({"iss":"https://auth.example.com","sub":"user-1","aud":"https://rs","exp":1767225600,"iat":1767222000,"jti":"j","client_id":"c","scope":"mcp","api_key":"k"})",
        R"({"client_id":"c","iss":"i","scope":"s","exp":1,"api_key":"k","x":{"y":[1,2,{"z":null}]},"sub":"s"})",
        R"({"a":1,"b":2,"c":3,"d":4})",
        R"({"aud":["a","b","c"],"nbf":5,"exp":6.7,"iat":18446744073709551615})",
        R"({"aud":[],"iss":""})",
        R"({})",
        R"({"iss":"https:\/\/auth.example.com","sub":"\u00e9"})",
        R"({"\u0069ss":"escaped name","iss2":1})",
        R"({"sub":"a","sub":"b"})",
        R"({"x":1,"x":2,"iss":"i"})",
        R"({"x":{"y":1,"y":2}})",
        R"({"aud":["a",1]})",
        R"({"aud":["a",{"k":1,"k":2}]})",
        R"({"aud":{"a":1}})",
        R"({"aud":5})",
        R"({"iss":5})",
        R"({"iss":null})",
        R"({"iss":["a"]})",
        R"({"exp":"1767225600"})",
        R"({"exp":-1})",
        R"({"exp":1e300})",
        R"({"exp":1e999})",
        R"({"exp":true})",
        R"({"exp":{"n":1}})",
        R"(["iss"])",
        R"("iss")",
        R"({"iss":"a")",
        R"({"iss":"a"} x)",
        R"({"iss":"a",})",
        "{\"iss\":\"\xff\"}",
        R"({"sub":"s","nested":{"deep":{"deeper":[[[[1]]]]}},"jti":"j"})",
        many,
    };
    for (auto const& json : cases) {
        auto const streamed = jwt_claims::parse(json);
        auto general = [&]() -> result<jwt_claims> {
            auto o = parse_json_object(json);
            if (!o) return o.error() == error::wrong_member_type ? error::malformed_token : o.error();
            return jwt_claims::from_json(std::move(*o));
        }();
        BOOST_TEST_CONTEXT(json) {
            BOOST_REQUIRE(streamed.has_value() == general.has_value());
            if (!general) {
                BOOST_TEST(streamed.error() == general.error());
                continue;
            }
            auto const& a = *streamed;
            auto const& b = *general;
            BOOST_TEST((a.iss == b.iss && a.sub == b.sub && a.jti == b.jti));
            BOOST_TEST(a.aud == b.aud);
            BOOST_TEST(a.aud_is_array == b.aud_is_array);
            BOOST_TEST((a.exp == b.exp && a.nbf == b.nbf && a.iat == b.iat));
            BOOST_TEST(boost::json::serialize(a.custom) == boost::json::serialize(b.custom));  // same order too
        }
    }
    // Parsing into a claims set that held other claims leaves nothing of them behind.
    jwt_claims reused = jwt_claims::parse(cases[0]).value();
    BOOST_REQUIRE(jwt_claims::parse(R"({"sub":"only","aud":["x"]})", reused, {}, {}));
    BOOST_TEST((!reused.iss && !reused.jti && !reused.exp && !reused.iat && reused.sub == "only"));
    BOOST_TEST((reused.aud == std::vector<std::string>{"x"} && reused.aud_is_array && reused.custom.empty()));
}

// serialize() writes the text directly; it must be boost::json::serialize(to_json()), byte for byte.
BOOST_AUTO_TEST_CASE(serialize_writes_what_boost_json_serializes) {
    std::vector<jose::jwt_claims> cases(6);
    cases[1].iss = "https://as.example/\"quoted\"\\back/slash";
    cases[1].sub = std::string("ctl\x01\x1f\x7f\b\f\n\r\t\0 end", 16);  // an embedded NUL too (16 = without the terminator)
    cases[1].aud = {"a"};
    cases[1].exp = jose::numeric_date(std::chrono::seconds(1767225600));
    cases[1].jti = "caf\xc3\xa9 \xf0\x9f\x98\x80";
    cases[2].aud = {"a", "b\"c"};
    cases[2].aud_is_array = true;
    cases[2].nbf = jose::numeric_date(std::chrono::seconds(0));
    cases[2].iat = jose::numeric_date(std::chrono::seconds(253402300799));
    cases[3].aud_is_array = true;  // an empty array
    cases[4].custom["s"] = "x\ny";
    cases[4].custom["neg"] = -42;
    cases[4].custom["u"] = std::uint64_t(18446744073709551615u);
    cases[4].custom["d"] = 1.5e300;
    cases[4].custom["t"] = true;
    cases[4].custom["f"] = false;
    cases[4].custom["n"] = nullptr;
    cases[4].custom["arr"] = boost::json::array{1, "two", boost::json::object{{"k", "v"}}};
    cases[4].custom["obj"] = boost::json::object{{"a\"b", 1}};
    cases[4].custom["key\twith\\escapes"] = "v";
    cases[5] = cases[4];
    cases[5].iss = "i";
    cases[5].custom["iss"] = "clash";  // a registered name among the custom claims
    for (auto const& c : cases) {
        auto const text = c.serialize();
        auto const o = c.to_json();
        BOOST_TEST(text.has_value() == o.has_value());
        if (text && o) BOOST_TEST(*text == boost::json::serialize(*o));
        if (!text) BOOST_TEST(text.error() == o.error());
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwt_test

namespace jose_jwt_scratch_test {

using namespace authwire;
using namespace authwire::jose;
using std::chrono::seconds;

auto const at = std::chrono::system_clock::time_point(seconds(1767222100));

jws_key hs256_key() {
    return jws_key::make(jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                         jws_algorithm::HS256)
        .value();
}

// A verifier of hs256_key() alone.
jws_verifier hs256_verifier() {
    jws_key_set keys;
    BOOST_REQUIRE(keys.add(hs256_key()));
    return jws_verifier::make(std::move(keys), {jws_algorithm::HS256}).value();
}

// Claims Sets of every shape: the flat ones the scanner reads (their custom claims kept unbuilt by the scratch
// overload), and the others (escapes, nested values, doubles, large numbers, many members, a registered claim
// of another type, duplicates, not JSON) that take the streaming or the general path.
std::vector<std::string> claims_texts() {
    std::string const reg = R"("iss":"https://as.example","sub":"u1","aud":"api","exp":1767225600,"iat":1767222000)";
    std::vector<std::string> out = {
        "{" + reg + "}",
        "{" + reg + R"(,"client_id":"c1","scope":"a b","api_key":"k-123"})",
        R"({"api_key":"k","exp":1767225600,"z":1,"iss":"x","a":[1,"two",true,null],"sub":"s","aud":"api","c":null})",
        R"({"aud":["a","b"],"exp":1767225600,"x":"é ü","y":-12,"jti":"j1","nbf":1767220000,"w":[]})",
        "{" + reg + R"(,"esc":"a\"b","k":"v"})",
        "{" + reg + R"(,"obj":{"n":1},"k":"v"})",
        "{" + reg + R"(,"d":1.5,"k":"v"})",
        "{" + reg + R"(,"big":123456789012345678901,"k":"v"})",
        "{" + reg + R"(,"nested":[[1],[2]],"k":"v"})",
        R"({"exp":1767225600,"sub":5,"k":"v"})",
        R"({"exp":"1767225600","k":"v"})",
        "{" + reg + R"(,"k":"v","k":"w"})",
        "{" + reg + R"(,"k":"v")",
        R"({"exp":1767225600,"\u006b":"escaped name","aud":"api","k2":"v"})",
        "[1,2]",
    };
    std::string many = "{" + reg;
    for (int i = 0; i < 40; ++i) many += ",\"m" + std::to_string(i) + "\":" + std::to_string(i);
    out.push_back(many + "}");
    return out;
}

// Equal in content and in member order (boost::json::object's == ignores the order).
bool same_members(boost::json::object const& a, boost::json::object const& b) {
    return boost::json::serialize(a) == boost::json::serialize(b);
}

void check_registered_equal(jwt_claims const& a, jwt_claims const& b) {
    BOOST_TEST((a.iss == b.iss && a.sub == b.sub && a.jti == b.jti));
    BOOST_TEST(a.aud == b.aud);
    BOOST_TEST(a.aud_is_array == b.aud_is_array);
    BOOST_TEST((a.exp == b.exp && a.nbf == b.nbf && a.iat == b.iat));
}

BOOST_AUTO_TEST_SUITE(jwt_scratch_deferred_custom_claims)

// JOSE headers (besides "alg" and "kid", which the signer sets): flat ones (members kept unbuilt) and ones
// that take the general path ("crit", an escape, a nested object, a "typ" of another type).
std::vector<boost::json::object> headers() {
    return {
        {},
        {{"typ", "JWT"}},
        {{"typ", "at+jwt"}, {"cty", "x"}, {"ext", 1}, {"list", boost::json::array{"a", 2, false}}},
        {{"crit", boost::json::array{"x"}}, {"x", 1}},
        {{"crit", boost::json::array{"y"}}, {"y", 1}},  // not understood: refused
        {{"typ", "a\"b"}},
        {{"jwk", boost::json::object{{"kty", "oct"}}}},
        {{"typ", 5}},  // refused
        {{"cty", boost::json::array{"x"}}},  // refused
    };
}

BOOST_AUTO_TEST_CASE(verified_and_verified_registered_equal_the_by_value_result) {
    auto const key = hs256_key();
    auto const signer = jws_signer::make(key).value();
    jws_key_set keys;
    BOOST_REQUIRE(keys.add(key));
    jws_options options;
    options.critical_extensions = {"x"};
    auto const verifier = jws_verifier::make(std::move(keys), {jws_algorithm::HS256}, options).value();
    jwt_validation policy;
    policy.audiences = {"api", "a"};
    jwt_scratch scratch;
    int accepted = 0;
    for (auto const& header : headers()) {
    for (auto const& text : claims_texts()) {
        BOOST_TEST_CONTEXT(boost::json::serialize(header) << " " << text) {
            auto const token = signer.sign(text, header).value();
            auto const eager = verify_jwt(token, verifier, policy, at);
            auto const lazy = verify_jwt(token, verifier, policy, at, scratch);
            BOOST_REQUIRE(eager.has_value() == lazy.has_value());
            if (!eager) {
                BOOST_TEST(eager.error() == lazy.error());
                continue;
            }
            ++accepted;
            // The registered claims and header parameters without building the JSON objects …
            auto const& registered = scratch.verified_registered();
            check_registered_equal(registered.claims, eager->claims);
            BOOST_TEST((registered.header.alg == eager->header.alg && registered.header.kid == eager->header.kid &&
                        registered.header.typ == eager->header.typ && registered.header.cty == eager->header.cty));
            // … and the header members and custom claims built on access: the same members in the same order.
            BOOST_TEST(same_members(scratch.verified().claims.custom, eager->claims.custom));
            BOOST_TEST(same_members(scratch.verified().header.members, eager->header.members));
            BOOST_TEST(same_members(scratch.verified().claims.custom, eager->claims.custom));
            check_registered_equal(scratch.verified().claims, eager->claims);
            BOOST_TEST(same_members(scratch.verified_registered().claims.custom, eager->claims.custom));
            BOOST_TEST(same_members(scratch.verified_registered().header.members, eager->header.members));
        }
    }
    }
    BOOST_TEST(accepted >= 50);  // the comparison ran on the unusual shapes too, not only on refusals
}

BOOST_AUTO_TEST_CASE(a_call_not_followed_by_verified_leaves_nothing_behind) {
    auto const signer = jws_signer::make(hs256_key()).value();
    auto const verifier = hs256_verifier();
    jwt_validation policy;
    jwt_scratch scratch;
    auto const first = signer.sign(R"({"exp":1767225600,"k":"first","only_first":1})").value();
    auto const escaped = signer.sign(R"({"exp":1767225600,"k":"sec\"ond"})").value();  // the streaming path
    auto const third = signer.sign(R"({"exp":1767225600,"k":"third"})").value();
    BOOST_REQUIRE(verify_jwt(first, verifier, policy, at, scratch));
    BOOST_TEST(scratch.verified_registered().claims.custom.empty());  // not built yet
    BOOST_TEST(scratch.verified_registered().header.members.empty());
    BOOST_REQUIRE(verify_jwt(escaped, verifier, policy, at, scratch));
    BOOST_TEST(same_members(scratch.verified().claims.custom, boost::json::object{{"k", "sec\"ond"}}));
    BOOST_REQUIRE(verify_jwt(third, verifier, policy, at, scratch));
    BOOST_TEST(same_members(scratch.verified().claims.custom, boost::json::object{{"k", "third"}}));
    // A failed call, then verified() on the next good one.
    BOOST_REQUIRE(!verify_jwt(first + "x", verifier, policy, at, scratch));
    BOOST_REQUIRE(verify_jwt(first, verifier, policy, at, scratch));
    BOOST_TEST(same_members(scratch.verified().claims.custom, verify_jwt(first, verifier, policy, at)->claims.custom));
    BOOST_TEST(scratch.verified().claims.custom.size() == 2u);
}

BOOST_AUTO_TEST_CASE(required_custom_claims_are_still_checked) {
    auto const signer = jws_signer::make(hs256_key()).value();
    auto const verifier = hs256_verifier();
    jwt_validation policy;
    policy.required_claims = {"client_id"};
    jwt_scratch scratch;
    auto const with = signer.sign(R"({"exp":1767225600,"client_id":"c1"})").value();
    auto const without = signer.sign(R"({"exp":1767225600,"scope":"a"})").value();
    BOOST_TEST(verify_jwt(with, verifier, policy, at, scratch).has_value());
    BOOST_TEST(same_members(scratch.verified().claims.custom, boost::json::object{{"client_id", "c1"}}));
    auto const r = verify_jwt(without, verifier, policy, at, scratch);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error() == verify_jwt(without, verifier, policy, at).error());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace jose_jwt_scratch_test
