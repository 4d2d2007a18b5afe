#include <authwire/oauth/client_authentication.hpp>

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace authwire;
using namespace authwire::oauth;
using method = token_endpoint_auth_method;

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

BOOST_AUTO_TEST_SUITE_END()
