#include <authwire/server/jwks_access_token_validator.hpp>

#include "clock_support.hpp"
#include "signing_keys_support.hpp"

#include <authwire/server/access_token_keys.hpp>
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/signed_jwt_access_token.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace server_jwks_access_token_validator_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using jose::jws_algorithm;
using server_test::signing_key;
using server_test::t0;

constexpr char issuer[] = "https://as.example";
constexpr char jwks_uri[] = "https://as.example/jwks";
constexpr char resource[] = "https://mcp.example/mcp";

access_token_grant grant() {
    access_token_grant g;
    g.subject = "alice";
    g.client_id = "mcp-client-42";
    g.scope = "mcp:tools";
    g.audience = {resource};
    return g;
}

// The authorization server side: a key ring, its format and its jwks_uri, all in process.
struct authorization_server {
    access_token_signing_keys keys{1h};
    std::optional<signed_jwt_access_token_format> format;
    unsigned fetches = 0;

    explicit authorization_server(jws_algorithm alg = jws_algorithm::ES256, std::string kid = "k1") {
        rotate(alg, std::move(kid), t0);
    }
    void rotate(jws_algorithm alg, std::string kid, std::chrono::system_clock::time_point at) {
        BOOST_REQUIRE(keys.rotate_to(signing_key(alg, kid), at).has_value());
        signed_jwt_access_token_options o;
        o.issuer = issuer;
        format.emplace(signed_jwt_access_token_format::make(keys, o).value());
    }
    std::string token(std::chrono::system_clock::time_point at = t0, access_token_grant const& g = grant()) const {
        return std::string(format->issue(g, at).value().access_token.reveal());
    }
    // The executor: GET jwks_uri → the published set, cacheable for `max_age`.
    http_response send(http_request const& req, std::chrono::system_clock::time_point at,
                       std::chrono::seconds max_age = 600s) {
        BOOST_TEST(req.method == "GET");
        BOOST_TEST(req.url.buffer() == jwks_uri);
        ++fetches;
        return handle_jwks_request(req, keys, at, max_age);
    }
};

jwks_access_token_options options() {
    jwks_access_token_options o;
    o.issuer = issuer;
    o.jwks_uri = jwks_uri;
    return o;
}

// One round of the sans-IO loop: fetch when the validator asks for it.
void pump(jwks_access_token_validator& v, authorization_server& as, std::chrono::system_clock::time_point now) {
    if (auto req = v.next_request(now)) BOOST_TEST(v.on_response(as.send(*req, now), now).has_value());
}

BOOST_AUTO_TEST_SUITE(server_jwks_access_token_validator)

// Issue 14: the first request fetches the keys; tokens of each algorithm then read back with every claim.
BOOST_AUTO_TEST_CASE(fetches_the_keys_then_reads_tokens) {
    for (auto alg : {jws_algorithm::RS256, jws_algorithm::PS256, jws_algorithm::ES256, jws_algorithm::EdDSA}) {
        authorization_server as(alg, "k-" + std::string(jose::to_string(alg)));
        auto v = jwks_access_token_validator::make(options()).value();
        auto const token = as.token();
        BOOST_TEST((v.read(token, t0).error() == error::unknown_key));  // nothing fetched yet
        BOOST_TEST(v.key_count() == 0u);
        auto req = v.next_request(t0);
        BOOST_TEST_REQUIRE(req.has_value());
        BOOST_TEST(req->header("Accept").value_or("") == "application/json");
        BOOST_TEST_REQUIRE(v.on_response(as.send(*req, t0), t0).has_value());
        BOOST_TEST(v.key_count() == 1u);  // bound to the published "alg" only
        auto const info = v.read(token, t0 + 1min).value();
        BOOST_TEST(info.issuer == issuer);
        BOOST_TEST(info.subject == "alice");
        BOOST_TEST(info.client_id == "mcp-client-42");
        BOOST_TEST(info.scope == "mcp:tools");
        BOOST_TEST(info.audience == std::vector<std::string>{resource});
        BOOST_TEST(!v.next_request(t0 + 1min).has_value());  // fresh: nothing to fetch
    }
}

// RFC 9068 §4: typ, iss, exp, the algorithm allow-list bound to the key; the audience through bearer_validator.
BOOST_AUTO_TEST_CASE(rfc9068_checks) {
    authorization_server as;
    auto v = jwks_access_token_validator::make(options()).value();
    pump(v, as, t0);
    auto const token = as.token();
    BOOST_TEST(v.read(token, t0 + 1h + 29s).has_value());  // 30 s leeway: the two clocks differ
    BOOST_TEST((v.read(token, t0 + 1h + 30s).error() == error::token_expired));
    BOOST_TEST(v.read(token, t0 - 20s).has_value());
    BOOST_TEST((v.read(token, t0 - 1min).error() == error::token_not_yet_valid));

    auto o = options();
    o.issuer = "https://other.example";
    auto other = jwks_access_token_validator::make(o).value();
    pump(other, as, t0);
    BOOST_TEST((other.read(token, t0).error() == error::wrong_issuer));

    // The same key, "typ" JWT: not an access token.
    jose::jwt_claims c;
    c.iss = issuer;
    c.sub = "alice";
    c.aud = {resource};
    c.iat = std::chrono::floor<std::chrono::seconds>(t0);
    c.exp = *c.iat + 1h;
    c.jti = "j";
    c.custom["client_id"] = "x";
    auto const signer = jose::jws_signer::make(*as.keys.current()).value();
    BOOST_TEST((v.read(jose::mint_jwt(c, signer, "JWT").value(), t0).error() == error::wrong_token_type));
    BOOST_TEST(v.read(jose::mint_jwt(c, signer, "application/at+jwt").value(), t0).has_value());

    // An allow-list without ES256: the ES256 key is not bound at all, its tokens not accepted.
    o = options();
    o.algorithms = {jws_algorithm::RS256};
    auto rsa_only = jwks_access_token_validator::make(o).value();
    auto req = rsa_only.next_request(t0);
    BOOST_TEST_REQUIRE(req.has_value());
    BOOST_TEST((rsa_only.on_response(as.send(*req, t0), t0).error() == error::unknown_key));  // no usable key
    BOOST_TEST((rsa_only.read(token, t0).error() == error::unknown_key));

    // Through the bearer validator: the audience, the scope, the 401 description.
    memory_revocation_store revocations;
    bearer_validator<jwks_access_token_validator, memory_revocation_store> rs{v, revocations, {resource, ""}};
    BOOST_TEST(rs.validate_token(token, t0, "mcp:tools").value().subject == "alice");
    BOOST_TEST(rs.validate_token(token, t0, "mcp:write").error().status == 403u);
    auto g = grant();
    g.audience = {"https://elsewhere.example/api"};
    BOOST_TEST(rs.validate_token(as.token(t0, g), t0).error().error_description == "wrong audience");
    BOOST_TEST(rs.validate_token(token, t0 + 2h).error().error_description == "expired");
}

// Issue 14: a token signed with a key the cached set does not have asks for a refetch — at most once per
// min_refresh_interval — after which the new key is known and the old one (still published) still works.
BOOST_AUTO_TEST_CASE(an_unknown_kid_refetches_rate_limited) {
    authorization_server as;
    auto v = jwks_access_token_validator::make(options()).value();
    pump(v, as, t0);
    BOOST_TEST(as.fetches == 1u);
    auto const old_token = as.token(t0);

    as.rotate(jws_algorithm::ES256, "k2", t0 + 1min);
    auto const new_token = as.token(t0 + 1min);
    BOOST_TEST((v.read(new_token, t0 + 1min).error() == error::unknown_key));
    auto req = v.next_request(t0 + 1min);
    BOOST_TEST_REQUIRE(req.has_value());
    BOOST_TEST_REQUIRE(v.on_response(as.send(*req, t0 + 1min), t0 + 1min).has_value());
    BOOST_TEST(v.read(new_token, t0 + 1min).has_value());
    BOOST_TEST(v.read(old_token, t0 + 1min).has_value());  // the replaced key is still published
    BOOST_TEST(v.key_count() == 2u);

    // Made-up kids: one refetch, then nothing until min_refresh_interval has passed.
    auto const forged = jose::mint_jwt(jose::jwt_claims{}, jose::jws_signer::make(signing_key(jws_algorithm::ES256, "nope")).value(),
                                       "at+jwt")
                            .value();
    auto const later = t0 + 2min;
    BOOST_TEST((v.read(forged, later).error() == error::unknown_key));
    BOOST_TEST(v.next_request(later).has_value());  // the first miss may fetch
    for (int i = 0; i < 100; ++i) BOOST_TEST((v.read(forged, later + std::chrono::seconds(i / 10)).error() == error::unknown_key));
    BOOST_TEST(!v.next_request(later + 29s).has_value());  // …the next ones wait
    BOOST_TEST(v.next_request(later + 30s).has_value());
    BOOST_TEST(!v.next_request(later + 31s).has_value());
}

// The cache: Cache-Control max-age within [min_cache_age, max_cache_age]; a failed fetch keeps the keys.
BOOST_AUTO_TEST_CASE(cache_lifetime_and_failures) {
    authorization_server as;
    auto o = options();
    o.min_cache_age = 5min;
    o.max_cache_age = 1h;
    auto v = jwks_access_token_validator::make(o).value();
    auto fetch_with = [&](std::chrono::seconds max_age, std::chrono::system_clock::time_point at) {
        auto req = v.next_request(at);
        BOOST_TEST_REQUIRE(req.has_value());
        BOOST_TEST_REQUIRE(v.on_response(as.send(*req, at, max_age), at).has_value());
    };
    fetch_with(600s, t0);
    BOOST_TEST((v.fresh_until() == t0 + 10min));
    BOOST_TEST(!v.next_request(t0 + 10min - 1s).has_value());
    fetch_with(10s, t0 + 10min);  // due again; max-age below the floor
    BOOST_TEST((v.fresh_until() == t0 + 15min));
    fetch_with(24h * 7, t0 + 15min);  // above the ceiling
    BOOST_TEST((v.fresh_until() == t0 + 75min));
    fetch_with(0s, t0 + 75min);  // no-cache: the floor
    BOOST_TEST((v.fresh_until() == t0 + 80min));

    auto const token = as.token(t0 + 80min);
    auto const at = t0 + 81min;
    auto req = v.next_request(t0 + 80min);
    BOOST_TEST_REQUIRE(req.has_value());
    for (auto bad : {[] { http_response r; r.status = 500; return r; }(),
                     [] { http_response r; r.status = 200; r.headers.append("Content-Type", "text/html"); r.body = "<h1>"; return r; }(),
                     [] { http_response r; r.status = 200; r.headers.append("Content-Type", "application/json"); r.body = R"({"keys":"x"})"; return r; }(),
                     [] { http_response r; r.status = 200; r.headers.append("Content-Type", "application/json"); r.body = R"({"keys":[]})"; return r; }(),
                     [] { http_response r; r.status = 200; r.headers.append("Content-Type", "application/json"); r.body = std::string(70000, ' ') + "{}"; return r; }()}) {
        BOOST_TEST(!v.on_response(bad, at).has_value());
        BOOST_TEST(v.read(token, at).has_value());  // the keys held stay
    }
    // An oct key or a private key in a published set: the oct key is never used; a private key only as public.
    http_response odd;
    odd.status = 200;
    odd.headers.append("Content-Type", "application/json");
    auto set = as.keys.published(at).value();
    set["keys"].as_array().push_back(boost::json::object{{"kty", "oct"}, {"kid", "hs"}, {"k", "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0"}});
    odd.body = boost::json::serialize(set);
    BOOST_TEST(v.on_response(odd, at).has_value());
    BOOST_TEST(v.key_count() == 1u);
}

// RFC 9111 §5.2.2: the Cache-Control reading behind the cache lifetime (shared with the CIMD resolver).
BOOST_AUTO_TEST_CASE(cache_control_max_age) {
    auto with = [](std::initializer_list<std::string_view> values) {
        http_response r;
        for (auto v : values) r.headers.append("Cache-Control", v);
        return server::detail::response_max_age(r);
    };
    BOOST_TEST(!with({}).has_value());
    BOOST_TEST(!with({"public"}).has_value());
    BOOST_TEST(with({"public, max-age=600"}).value().count() == 600);
    BOOST_TEST(with({"Max-Age=\"60\""}).value().count() == 60);
    BOOST_TEST(with({"public", "max-age=7"}).value().count() == 7);
    BOOST_TEST(with({"max-age=7, max-age=9"}).value().count() == 7);
    BOOST_TEST(!with({"max-age=-1"}).has_value());
    BOOST_TEST(!with({"max-age=1x"}).has_value());
    BOOST_TEST(!with({"max-age="}).has_value());
    BOOST_TEST(with({"max-age=99999999999999999999999"}).value().count() == (std::int64_t{1} << 31));
    BOOST_TEST(with({"max-age=600, no-store"}).value().count() == 0);
    BOOST_TEST(with({"no-cache"}).value().count() == 0);
    http_response r;
    r.headers.append("Cache-Control", "max-age=100000");
    BOOST_TEST(server::detail::cache_lifetime(r, 60s, 3600s).count() == 3600);
    r.headers.set("Cache-Control", "max-age=1");
    BOOST_TEST(server::detail::cache_lifetime(r, 60s, 3600s).count() == 60);
    r.headers.erase("Cache-Control");
    BOOST_TEST(server::detail::cache_lifetime(r, 60s, 3600s).count() == 60);
}

BOOST_AUTO_TEST_CASE(make_refuses_what_cannot_be_safe) {
    auto with = [](auto mutate) {
        auto o = options();
        mutate(o);
        return jwks_access_token_validator::make(o);
    };
    BOOST_TEST(!with([](jwks_access_token_options& o) { o.issuer.clear(); }).has_value());
    BOOST_TEST((with([](jwks_access_token_options& o) { o.jwks_uri = "http://as.example/jwks"; }).error() == error::insecure_url));
    BOOST_TEST(!with([](jwks_access_token_options& o) { o.jwks_uri = "not a url"; }).has_value());
    BOOST_TEST(with([](jwks_access_token_options& o) {
                   o.jwks_uri = "http://127.0.0.1:8080/jwks";
                   o.allow_http_loopback = true;
               }).has_value());
    BOOST_TEST((with([](jwks_access_token_options& o) { o.algorithms = {jws_algorithm::HS256}; }).error() ==
                error::algorithm_not_allowed));
    BOOST_TEST(!with([](jwks_access_token_options& o) { o.algorithms.clear(); }).has_value());
    BOOST_TEST(!with([](jwks_access_token_options& o) { o.leeway = std::chrono::hours(25); }).has_value());
    BOOST_TEST(!with([](jwks_access_token_options& o) { o.max_cache_age = o.min_cache_age - 1s; }).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_jwks_access_token_validator_test
