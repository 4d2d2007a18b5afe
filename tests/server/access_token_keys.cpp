#include <authwire/server/access_token_keys.hpp>

#include "clock_support.hpp"
#include "signing_keys_support.hpp"

#include <authwire/core/json.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/oauth/jwks.hpp>

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace server_access_token_keys_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using jose::jws_algorithm;
using server_test::signing_key;
using server_test::t0;

http_request get(std::string method = "GET") {
    http_request r;
    r.method = std::move(method);
    r.url = boost::urls::url("https://as.example/jwks");
    return r;
}

// Every private member of RFC 7517/7518/8037 is absent from every key of `set`, and the text has none either.
void expect_public_only(boost::json::object const& set) {
    for (auto const& k : set.at("keys").as_array())
        for (std::string_view name : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"})
            BOOST_TEST(!k.as_object().contains(name), name << " in " << boost::json::serialize(k));
    auto const text = boost::json::serialize(set);
    for (std::string_view name : {"\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"", "\"k\""})
        BOOST_TEST(text.find(name) == std::string::npos, name);
}

BOOST_AUTO_TEST_SUITE(server_access_token_keys)

// Issue 14, RFC 7517 §4 and §9.3, RFC 8414 §2 jwks_uri: the published set carries the public part of each key
// of each type (RSA with its CRT parameters, EC, OKP) with kid, alg and use — and never a private member.
BOOST_AUTO_TEST_CASE(the_jwk_set_has_public_members_only) {
    access_token_signing_keys keys(1h);
    BOOST_TEST(!keys.current());
    for (auto [alg, kid] : {std::pair{jws_algorithm::RS256, "rsa-1"}, std::pair{jws_algorithm::PS256, "pss-1"},
                            std::pair{jws_algorithm::ES256, "ec-1"}, std::pair{jws_algorithm::EdDSA, "ed-1"}}) {
        auto k = signing_key(alg, kid);
        BOOST_TEST_REQUIRE(k.key().has_private());
        BOOST_TEST_REQUIRE(keys.rotate_to(std::move(k), t0).has_value());
    }
    BOOST_TEST(keys.current()->kid().value() == "ed-1");
    auto const set = keys.published(t0 + 1min).value();
    expect_public_only(set);
    auto const& arr = set.at("keys").as_array();
    BOOST_TEST_REQUIRE(arr.size() == 4u);
    std::vector<std::string> kids, algs, ktys;
    for (auto const& v : arr) {
        auto const& o = v.as_object();
        kids.emplace_back(o.at("kid").as_string());
        algs.emplace_back(o.at("alg").as_string());
        ktys.emplace_back(o.at("kty").as_string());
        BOOST_TEST(o.at("use").as_string() == "sig");
    }
    BOOST_TEST(kids == (std::vector<std::string>{"rsa-1", "pss-1", "ec-1", "ed-1"}), boost::test_tools::per_element());
    BOOST_TEST(algs == (std::vector<std::string>{"RS256", "PS256", "ES256", "EdDSA"}), boost::test_tools::per_element());
    BOOST_TEST(ktys == (std::vector<std::string>{"RSA", "RSA", "EC", "OKP"}), boost::test_tools::per_element());

    // Read back as a resource server would: every key public, each usable with its published algorithm.
    auto parsed = jose::jwk_set::from_json(set).value();
    BOOST_TEST(parsed.size() == 4u);
    for (auto const& k : parsed) BOOST_TEST(!k.has_private());

    // The endpoint: GET and HEAD, cacheable JSON, the same set; other methods 405.
    auto resp = handle_jwks_request(get(), keys, t0 + 1min, 300s);
    BOOST_TEST(resp.status == 200u);
    BOOST_TEST(resp.content_type() == "application/json");
    BOOST_TEST(resp.header("Cache-Control").value_or("") == "public, max-age=300");
    BOOST_TEST(parse_json_object(resp.body).value() == set);
    BOOST_TEST(oauth::parse_jwk_set_response(resp).value().size() == 4u);
    auto head = handle_jwks_request(get("HEAD"), keys, t0);
    BOOST_TEST(head.status == 200u);
    BOOST_TEST(head.body.empty());
    BOOST_TEST(handle_jwks_request(get("POST"), keys, t0).status == 405u);
    // An empty ring publishes an empty set.
    BOOST_TEST(boost::json::serialize(access_token_signing_keys(1h).published(t0).value()) == R"({"keys":[]})");
}

// Only asymmetric keys with their private part, a kid of their own and one of the four algorithms sign.
BOOST_AUTO_TEST_CASE(unsuitable_keys_are_refused) {
    access_token_signing_keys keys(1h);
    auto hs = jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, 'k')), std::string("hs")).value(),
                                  jws_algorithm::HS256)
                  .value();
    BOOST_TEST((keys.rotate_to(hs, t0).error() == error::algorithm_not_allowed));
    BOOST_TEST((keys.rotate_to(signing_key(jws_algorithm::ES384, "p384"), t0).error() == error::algorithm_not_allowed));
    auto ec = signing_key(jws_algorithm::ES256, "ec");
    auto public_only = jose::jws_key::make(ec.key().to_public().value(), jws_algorithm::ES256).value();
    BOOST_TEST((keys.rotate_to(public_only, t0).error() == error::key_unusable));
    auto no_kid = jose::jws_key::make(jose::jwk::from_evp_pkey(ec.key().evp_pkey()).value(), jws_algorithm::ES256).value();
    BOOST_TEST((keys.rotate_to(no_kid, t0).error() == error::invalid_argument));
    BOOST_TEST(keys.rotate_to(ec, t0).has_value());
    // A kid already held, even for another algorithm: resource servers select by kid.
    BOOST_TEST((keys.rotate_to(signing_key(jws_algorithm::EdDSA, "ec"), t0).error() == error::invalid_argument));
    BOOST_TEST(keys.keys().size() == 1u);
    access_token_signing_keys no_retention(0s);
    BOOST_TEST((no_retention.rotate_to(signing_key(jws_algorithm::ES256, "x"), t0).error() == error::invalid_argument));
}

// Issue 14: rotation with overlap — a replaced key stays published until rotation time + retention (the
// lifetime and leeway of the last token it signed), then leaves the set, and purge forgets it.
BOOST_AUTO_TEST_CASE(a_replaced_key_stays_published_until_its_last_token_expires) {
    auto const retention = 1h + 30s;  // lifetime 1 h, leeway 30 s
    access_token_signing_keys keys(retention);
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::ES256, "2026-01"), t0).has_value());
    auto const rotated_at = t0 + 24h * 30;
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::EdDSA, "2026-02"), rotated_at).has_value());
    BOOST_TEST(keys.current()->kid().value() == "2026-02");
    BOOST_TEST((keys.keys()[0].retire_at.value() == rotated_at + retention));
    BOOST_TEST(!keys.keys()[1].retire_at.has_value());

    auto kids_at = [&](std::chrono::system_clock::time_point when) {
        std::vector<std::string> out;
        auto const set = keys.published(when).value();
        for (auto const& k : set.at("keys").as_array())
            out.emplace_back(k.as_object().at("kid").as_string());
        return out;
    };
    BOOST_TEST(kids_at(rotated_at) == (std::vector<std::string>{"2026-01", "2026-02"}), boost::test_tools::per_element());
    BOOST_TEST(kids_at(rotated_at + retention - 1s) == (std::vector<std::string>{"2026-01", "2026-02"}),
               boost::test_tools::per_element());
    BOOST_TEST(kids_at(rotated_at + retention) == std::vector<std::string>{"2026-02"}, boost::test_tools::per_element());

    BOOST_TEST(keys.purge(rotated_at + retention - 1s) == 0u);
    BOOST_TEST(keys.purge(rotated_at + retention) == 1u);
    BOOST_TEST(keys.keys().size() == 1u);
    BOOST_TEST(keys.purge(rotated_at + 24h * 365) == 0u);  // the current key never goes
    // A second rotation does not move the first retirement: each key retires from its own replacement.
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::RS256, "2026-03"), rotated_at + 2h).has_value());
    BOOST_TEST_REQUIRE(keys.rotate_to(signing_key(jws_algorithm::PS256, "2026-04"), rotated_at + 3h).has_value());
    BOOST_TEST((keys.keys()[0].retire_at.value() == rotated_at + 2h + retention));
    BOOST_TEST((keys.keys()[1].retire_at.value() == rotated_at + 3h + retention));
    expect_public_only(keys.published(rotated_at + 3h).value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_access_token_keys_test
