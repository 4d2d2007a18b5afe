#include <authwire/oauth/client_authentication.hpp>

#include <authwire/core/detail/openssl.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace oauth_client_authentication_test {

using namespace authwire;
using namespace authwire::oauth;
using namespace std::chrono_literals;
using method = token_endpoint_auth_method;

std::chrono::system_clock::time_point const now = std::chrono::sys_days{std::chrono::year{2024} / 5 / 1} + 12h;
constexpr char const* long_secret = "0123456789abcdef0123456789abcdef";  // 32 bytes: enough for HS256

// A fresh P-256 key pair bound to ES256: the private half signs, the public half verifies.
struct es256_pair {
    jose::jws_key private_key;
    jose::jws_key public_key;
};
es256_pair make_es256() {
    authwire::detail::evp_pkey_ptr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    BOOST_TEST_REQUIRE(pkey != nullptr);
    auto priv = jose::jwk::from_evp_pkey(pkey.get(), std::string("client-key-1"));
    BOOST_TEST_REQUIRE(priv.has_value());
    auto pub = priv->to_public();
    BOOST_TEST_REQUIRE(pub.has_value());
    return {jose::jws_key::make(*priv, jose::jws_algorithm::ES256).value(),
            jose::jws_key::make(*pub, jose::jws_algorithm::ES256).value()};
}

// What the authorization server does with an assertion: verify the signature, then the RFC 7523 §3 claims.
result<jose::verified_jwt> server_side_check(std::string_view assertion, jose::jws_key const& key, jose::jws_algorithm alg,
                                             std::string const& audience) {
    jose::jws_key_set keys;
    if (auto r = keys.add(key); !r) return r.error();
    auto verifier = jose::jws_verifier::make(std::move(keys), {alg});
    if (!verifier) return verifier.error();
    jose::jwt_validation v;
    v.issuer = "client-7";
    v.audiences = {audience};
    v.require_iat = true;
    v.required_claims = {"sub", "jti"};
    return jose::verify_jwt(assertion, *verifier, v, now + 5s);
}

BOOST_AUTO_TEST_SUITE(oauth_client_authentication)

BOOST_AUTO_TEST_CASE(method_names_rfc7591_section_2) {
    for (auto m : {method::none, method::client_secret_basic, method::client_secret_post, method::client_secret_jwt,
                   method::private_key_jwt})
        BOOST_TEST((parse_token_endpoint_auth_method(to_string(m)) == m));
    BOOST_TEST(to_string(method::client_secret_basic) == "client_secret_basic");
    BOOST_TEST(!parse_token_endpoint_auth_method("Client_Secret_Basic"));
    BOOST_TEST(!parse_token_endpoint_auth_method("tls_client_auth"));
}

// RFC 6749 §2.3.1 / §4.1.3: client s6BhdRkqt3, secret gX1fBat3bV.
BOOST_AUTO_TEST_CASE(client_secret_basic_rfc6749_example) {
    form body{{"grant_type", "authorization_code"}};
    http_fields headers;
    auto r = apply_client_authentication(body, headers, client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV")),
                                         "https://server.example.com/token");
    BOOST_REQUIRE(r);
    BOOST_TEST(headers.find("Authorization").value() == "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW");
    BOOST_TEST(body.encode() == "grant_type=authorization_code");  // nothing in the body
}

BOOST_AUTO_TEST_CASE(client_secret_basic_form_encodes_before_base64) {
    form body;
    http_fields headers;
    auto auth = client_authentication::secret_basic("my client", secret("p@ss:w/rd+\xc3\xa9"));
    BOOST_REQUIRE(apply_client_authentication(body, headers, auth, "https://as/token"));
    // base64("my+client:p%40ss%3Aw%2Frd%2B%C3%A9")
    BOOST_TEST(headers.find("Authorization").value() == "Basic bXkrY2xpZW50OnAlNDBzcyUzQXclMkZyZCUyQiVDMyVBOQ==");

    auth.raw_basic_credentials = true;  // opt-in RFC 7617 raw mode: base64("my client:p@ss:w/rd+é")
    BOOST_REQUIRE(apply_client_authentication(body, headers, auth, "https://as/token"));
    BOOST_TEST(headers.find("Authorization").value() == "Basic bXkgY2xpZW50OnBAc3M6dy9yZCvDqQ==");
    BOOST_TEST(headers.count("Authorization") == 1u);

    auth.client_id = "a:b";  // RFC 7617 §2: a user-id cannot contain ':'
    BOOST_TEST((apply_client_authentication(body, headers, auth, "https://as/token").error() == error::invalid_argument));
    auth.client_id = "ab";
    auth.client_secret = secret("line\r\nInjected: 1");
    BOOST_TEST((apply_client_authentication(body, headers, auth, "https://as/token").error() == error::invalid_argument));
    auth.raw_basic_credentials = false;  // form-encoded, the same secret is harmless
    BOOST_TEST(apply_client_authentication(body, headers, auth, "https://as/token").has_value());
}

BOOST_AUTO_TEST_CASE(client_secret_post_and_none) {
    form body{{"grant_type", "refresh_token"}};
    http_fields headers;
    BOOST_REQUIRE(apply_client_authentication(body, headers, client_authentication::secret_post("s6BhdRkqt3", secret("gX1fBat3bV")),
                                              "https://as/token"));
    BOOST_TEST(body.encode() == "grant_type=refresh_token&client_id=s6BhdRkqt3&client_secret=gX1fBat3bV");
    BOOST_TEST(headers.empty());

    form pub{{"grant_type", "authorization_code"}};
    BOOST_REQUIRE(apply_client_authentication(pub, headers, client_authentication::public_client("app"), "https://as/token"));
    BOOST_TEST(pub.encode() == "grant_type=authorization_code&client_id=app");
    BOOST_TEST(headers.empty());

    // A body that already names the client (a PAR body) is not given a second client_id …
    form par{{"client_id", "app"}};
    BOOST_REQUIRE(apply_client_authentication(par, headers, client_authentication::public_client("app"), "https://as/par"));
    BOOST_TEST(par.count("client_id") == 1u);
    // … and one that names another client is refused.
    form other{{"client_id", "someone-else"}};
    BOOST_TEST((apply_client_authentication(other, headers, client_authentication::public_client("app"), "https://as/par")
                    .error() == error::invalid_argument));
    form twice{{"client_id", "app"}, {"client_id", "app"}};
    BOOST_TEST((apply_client_authentication(twice, headers, client_authentication::public_client("app"), "https://as/par")
                    .error() == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(missing_credentials_are_caller_errors) {
    form body;
    http_fields headers;
    BOOST_TEST((apply_client_authentication(body, headers, client_authentication::public_client(""), "https://as/t").error() ==
                error::missing_argument));
    BOOST_TEST((apply_client_authentication(body, headers, client_authentication::secret_basic("id", secret()), "https://as/t")
                    .error() == error::missing_argument));
    BOOST_TEST((apply_client_authentication(body, headers, client_authentication::secret_post("id", secret()), "https://as/t")
                    .error() == error::missing_argument));
    form with_secret{{"client_secret", "x"}};
    BOOST_TEST((apply_client_authentication(with_secret, headers, client_authentication::secret_post("id", secret("s")),
                                            "https://as/t")
                    .error() == error::invalid_argument));
    BOOST_TEST(body.empty());
    BOOST_TEST(headers.empty());
}

// RFC 7523 §2.2 / §3: client_secret_jwt — an HS256 assertion keyed with the client secret.
BOOST_AUTO_TEST_CASE(client_secret_jwt_rfc7523) {
    auto auth = client_authentication::secret_jwt("client-7", secret(long_secret));
    form body{{"grant_type", "authorization_code"}, {"code", "c"}};
    http_fields headers;
    client_auth_context const ctx{"https://as.example", now, {}};
    BOOST_REQUIRE(apply_client_authentication(body, headers, auth, "https://as.example/token", ctx));
    BOOST_TEST(headers.empty());
    BOOST_TEST(body.find("client_id").value() == "client-7");
    BOOST_TEST(body.find("client_assertion_type").value() == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    auto const assertion = std::string(body.find("client_assertion").value());
    BOOST_TEST(!body.find("client_secret"));  // the secret itself never travels

    auto key = jose::jws_key::make(jose::jwk::from_octets(secret(long_secret)).value(), jose::jws_algorithm::HS256).value();
    auto checked = server_side_check(assertion, key, jose::jws_algorithm::HS256, "https://as.example");
    BOOST_REQUIRE(checked);
    auto const& c = checked->claims;
    BOOST_TEST(c.sub.value() == "client-7");
    BOOST_TEST((c.iat.value() == std::chrono::floor<std::chrono::seconds>(now)));
    BOOST_TEST((c.exp.value() - c.iat.value() == 60s));  // short-lived
    BOOST_TEST(c.jti.value().size() >= 43u);              // 256 bits, base64url
    // A different secret does not verify it.
    auto other = jose::jws_key::make(jose::jwk::from_octets(secret("ffffffffffffffffffffffffffffffff")).value(),
                                     jose::jws_algorithm::HS256).value();
    BOOST_TEST((server_side_check(assertion, other, jose::jws_algorithm::HS256, "https://as.example").error() ==
                error::signature_invalid));
}

// RFC 7523 §2.2 / §3: private_key_jwt — ES256, aud = issuer by default or the endpoint when configured.
BOOST_AUTO_TEST_CASE(private_key_jwt_rfc7523) {
    auto keys = make_es256();
    auto auth = client_authentication::private_key_jwt("client-7", jose::jws_signer::make(keys.private_key).value());
    client_auth_context const ctx{"https://as.example", now, {}};

    auto a1 = make_client_assertion(auth, "https://as.example/token", ctx);
    auto a2 = make_client_assertion(auth, "https://as.example/token", ctx);
    BOOST_REQUIRE(a1);
    BOOST_REQUIRE(a2);
    auto v1 = server_side_check(*a1, keys.public_key, jose::jws_algorithm::ES256, "https://as.example");
    auto v2 = server_side_check(*a2, keys.public_key, jose::jws_algorithm::ES256, "https://as.example");
    BOOST_REQUIRE(v1);
    BOOST_REQUIRE(v2);
    BOOST_TEST(v1->header.kid.value() == "client-key-1");
    BOOST_TEST(v1->claims.jti.value() != v2->claims.jti.value());  // unique jti: replay detection works

    auth.assertion_audience = client_assertion_audience::endpoint;
    auth.assertion_lifetime = 30s;
    form body;
    http_fields headers;
    BOOST_REQUIRE(apply_client_authentication(body, headers, auth, "https://as.example/par", ctx));
    auto to_endpoint = server_side_check(body.find("client_assertion").value(), keys.public_key, jose::jws_algorithm::ES256,
                                         "https://as.example/par");
    BOOST_REQUIRE(to_endpoint);
    BOOST_TEST((to_endpoint->claims.exp.value() - to_endpoint->claims.iat.value() == 30s));
    // Expired a little later: the assertion is short-lived.
    jose::jws_key_set ks;
    BOOST_REQUIRE(ks.add(keys.public_key));
    jose::jwt_validation v;
    v.audiences = {"https://as.example/par"};
    v.leeway = 0s;
    BOOST_TEST((jose::verify_jwt(body.find("client_assertion").value(),
                                 jose::jws_verifier::make(std::move(ks), {jose::jws_algorithm::ES256}).value(), v, now + 31s)
                    .error() == error::token_expired));
}

BOOST_AUTO_TEST_CASE(client_assertions_refuse_what_cannot_be_right) {
    client_auth_context const ctx{"https://as.example", now, {}};
    auto secret_jwt = client_authentication::secret_jwt("client-7", secret(long_secret));
    BOOST_TEST((make_client_assertion(secret_jwt, "https://as.example/token", {"https://as.example", {}, {}}).error() ==
                error::missing_argument));  // no clock
    BOOST_TEST((make_client_assertion(secret_jwt, "https://as.example/token", {"", now, {}}).error() ==
                error::missing_argument));  // aud = issuer, but no issuer
    auto short_secret = client_authentication::secret_jwt("client-7", secret("too-short"));
    BOOST_TEST((make_client_assertion(short_secret, "https://as.example/token", ctx).error() == error::weak_key));
    auto not_hmac = client_authentication::secret_jwt("client-7", secret(long_secret), jose::jws_algorithm::RS256);
    BOOST_TEST((make_client_assertion(not_hmac, "https://as.example/token", ctx).error() == error::invalid_argument));
    for (std::chrono::seconds lifetime : {0s, -5s, std::chrono::seconds(11min)}) {
        auto a = secret_jwt;
        a.assertion_lifetime = lifetime;
        BOOST_TEST((make_client_assertion(a, "https://as.example/token", ctx).error() == error::invalid_argument));
    }
    client_authentication no_key;
    no_key.method = method::private_key_jwt;
    no_key.client_id = "client-7";
    BOOST_TEST((make_client_assertion(no_key, "https://as.example/token", ctx).error() == error::missing_argument));
    auto hmac_key = jose::jws_key::make(jose::jwk::from_octets(secret(long_secret)).value(), jose::jws_algorithm::HS256).value();
    auto symmetric = client_authentication::private_key_jwt("client-7", jose::jws_signer::make(hmac_key).value());
    BOOST_TEST((make_client_assertion(symmetric, "https://as.example/token", ctx).error() == error::invalid_argument));
    auto broken_rng = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((make_client_assertion(secret_jwt, "https://as.example/token", {"https://as.example", now, broken_rng}).error() ==
                error::random_failure));
    form has_assertion{{"client_assertion", "x"}};
    http_fields headers;
    BOOST_TEST((apply_client_authentication(has_assertion, headers, secret_jwt, "https://as.example/token", ctx).error() ==
                error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(method_choice_is_deterministic) {
    using list = std::optional<std::vector<std::string>>;
    auto choose = [](list const& advertised, std::optional<method> registered, bool secret_, bool key) {
        return choose_token_endpoint_auth_method(advertised, registered, secret_, key);
    };
    // RFC 8414 §2: an absent list means client_secret_basic only.
    BOOST_TEST((choose(std::nullopt, std::nullopt, true, false).value() == method::client_secret_basic));
    BOOST_TEST((choose(std::nullopt, method::client_secret_post, true, false).error() == error::unsupported_operation));
    // The registered method wins when advertised …
    list const both{{"client_secret_basic", "client_secret_post"}};
    BOOST_TEST((choose(both, method::client_secret_post, true, false).value() == method::client_secret_post));
    BOOST_TEST((choose(both, std::nullopt, true, false).value() == method::client_secret_basic));
    list const post_only{{"client_secret_post", "private_key_jwt"}};
    BOOST_TEST((choose(post_only, std::nullopt, true, false).value() == method::client_secret_post));
    BOOST_TEST((choose(post_only, std::nullopt, true, true).value() == method::private_key_jwt));
    BOOST_TEST((choose(post_only, method::private_key_jwt, true, false).error() == error::missing_argument));
    // … public clients use none …
    BOOST_TEST((choose(both, std::nullopt, false, false).value() == method::none));
    BOOST_TEST((choose(both, method::none, false, false).value() == method::none));
    // … and nothing usable is an error, never a guess.
    list const jwt_only{{"private_key_jwt"}};
    BOOST_TEST((choose(jwt_only, std::nullopt, true, false).error() == error::unsupported_operation));
    list const empty{std::vector<std::string>{}};
    BOOST_TEST((choose(empty, std::nullopt, true, false).error() == error::unsupported_operation));
    // The same inputs give the same answer every time.
    for (int i = 0; i < 3; ++i) BOOST_TEST((choose(both, std::nullopt, true, true).value() == method::client_secret_basic));
}

// RFC 7591 §2 / RFC 8252 §8.4: what a public native app registers — none first, then the secret methods a
// server that refuses public clients offers, RFC 8414's default when nothing is advertised.
BOOST_AUTO_TEST_CASE(registration_method_for_a_native_app) {
    using list = std::optional<std::vector<std::string>>;
    BOOST_TEST((choose_registration_auth_method(list{{"none"}}).value() == method::none));
    BOOST_TEST((choose_registration_auth_method(list{{"client_secret_post", "none", "client_secret_basic"}}).value() ==
                method::none));
    BOOST_TEST((choose_registration_auth_method(list{{"client_secret_basic"}}).value() == method::client_secret_basic));
    BOOST_TEST((choose_registration_auth_method(list{{"client_secret_post"}}).value() == method::client_secret_post));
    BOOST_TEST((choose_registration_auth_method(list{{"client_secret_post", "client_secret_basic"}}).value() ==
                method::client_secret_basic));
    BOOST_TEST((choose_registration_auth_method(std::nullopt).value() == method::client_secret_basic));  // §2 default
    BOOST_TEST((choose_registration_auth_method(list{{"private_key_jwt", "tls_client_auth"}}).error() ==
                error::unsupported_operation));
    BOOST_TEST((choose_registration_auth_method(list{std::vector<std::string>{}}).error() == error::unsupported_operation));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_client_authentication_test
