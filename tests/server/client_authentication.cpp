#include <authwire/server/client_authentication.hpp>

#include <authwire/core/base64.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/www_authenticate.hpp>
#include <authwire/server/endpoint_request.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace server_client_authentication_test {

using namespace authwire;
using namespace authwire::server;
using method = oauth::token_endpoint_auth_method;

struct fixture {
    memory_client_store clients;
    fixture() {
        add("public-app", "none", {});
        add("basic-app", "client_secret_basic", "s3cret:with:colons&+%");
        add("post-app", "client_secret_post", "post-secret");
        add("jwt-app", "private_key_jwt", {});
        add("id with space:colon", "client_secret_basic", "pw");
    }
    void add(std::string id, std::string m, std::string secret_text) {
        client_record r;
        r.client_id = std::move(id);
        r.token_endpoint_auth_method = std::move(m);
        if (!secret_text.empty()) r.client_secret = hash_client_secret(secret(secret_text)).value();
        BOOST_REQUIRE(clients.register_client(std::move(r)));
    }
};

// A token request built by authwire's own client side, read back as the token endpoint would.
http_request client_request(oauth::client_authentication const& auth) {
    form body{{"grant_type", "client_credentials"}};
    http_fields headers;
    BOOST_REQUIRE(oauth::apply_client_authentication(body, headers, auth, "https://as.example/token"));
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example/token");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    for (auto const& f : headers) req.headers.append(f.name, f.value);
    req.body = body.encode();
    return req;
}

client_authentication_result<authenticated_client> authenticate(http_request const& req, fixture const& f,
                                                                client_authentication_options const& o = {}) {
    auto body = read_form_request(req);
    BOOST_REQUIRE(body.has_value());
    return authenticate_client(req, *body, f.clients, o);
}

http_request raw_request(std::string body, std::string authorization = {}) {
    http_request req;
    req.method = "POST";
    req.url = boost::urls::url("https://as.example/token");
    req.headers.append("Content-Type", "application/x-www-form-urlencoded");
    if (!authorization.empty()) req.headers.append("Authorization", authorization);
    req.body = std::move(body);
    return req;
}

BOOST_AUTO_TEST_SUITE(server_client_authentication)

BOOST_FIXTURE_TEST_CASE(each_method_as_the_client_side_sends_it, fixture) {
    auto pub = authenticate(client_request(oauth::client_authentication::public_client("public-app")), *this);
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->client.client_id == "public-app");
    BOOST_TEST((pub->method == method::none));

    // The secret has ':', '&', '+', '%': the client form-encodes it before base64 (RFC 6749 §2.3.1).
    auto basic = authenticate(
        client_request(oauth::client_authentication::secret_basic("basic-app", secret("s3cret:with:colons&+%"))),
        *this);
    BOOST_TEST_REQUIRE(basic.has_value());
    BOOST_TEST((basic->method == method::client_secret_basic));

    auto odd_id = authenticate(
        client_request(oauth::client_authentication::secret_basic("id with space:colon", secret("pw"))), *this);
    BOOST_TEST_REQUIRE(odd_id.has_value());
    BOOST_TEST(odd_id->client.client_id == "id with space:colon");

    auto post = authenticate(
        client_request(oauth::client_authentication::secret_post("post-app", secret("post-secret"))), *this);
    BOOST_TEST_REQUIRE(post.has_value());
    BOOST_TEST((post->method == method::client_secret_post));
}

BOOST_FIXTURE_TEST_CASE(wrong_secret_is_invalid_client_with_a_basic_challenge, fixture) {
    auto r = authenticate(client_request(oauth::client_authentication::secret_basic("basic-app", secret("wrong"))),
                          *this, {.realm = "https://as.example"});
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error() == error::invalid_client));
    auto const resp = r.error().to_http_response();
    BOOST_TEST(resp.status == 401u);
    BOOST_TEST(*resp.header("Cache-Control") == "no-store");
    auto challenges = oauth::parse_www_authenticate(resp);
    BOOST_TEST_REQUIRE(challenges.has_value());
    BOOST_TEST_REQUIRE(challenges->size() == 1u);
    BOOST_TEST((*challenges)[0].is("basic"));
    BOOST_TEST(*(*challenges)[0].realm() == "https://as.example");
    BOOST_TEST((oauth::response_failure(resp).code == error::invalid_client));

    // Without the Authorization header there is no challenge, still 401 invalid_client.
    auto p = authenticate(client_request(oauth::client_authentication::secret_post("post-app", secret("nope"))), *this);
    BOOST_TEST_REQUIRE(!p.has_value());
    BOOST_TEST(p.error().to_http_response().status == 401u);
    BOOST_TEST(!p.error().to_http_response().header("WWW-Authenticate"));
}

BOOST_FIXTURE_TEST_CASE(only_the_registered_method_is_accepted, fixture) {
    // Right secret, wrong method: a basic client posting its secret, a post client using Basic.
    auto a = authenticate(
        client_request(oauth::client_authentication::secret_post("basic-app", secret("s3cret:with:colons&+%"))), *this);
    BOOST_TEST((a.error() == error::invalid_client));
    auto b = authenticate(client_request(oauth::client_authentication::secret_basic("post-app", secret("post-secret"))),
                          *this);
    BOOST_TEST((b.error() == error::invalid_client));
    // A confidential client may not drop to `none`, and a public client cannot invent a secret.
    auto c = authenticate(client_request(oauth::client_authentication::public_client("basic-app")), *this);
    BOOST_TEST((c.error() == error::invalid_client));
    auto d = authenticate(client_request(oauth::client_authentication::secret_post("public-app", secret("x"))), *this);
    BOOST_TEST((d.error() == error::invalid_client));
    // A method the server does not serve (private_key_jwt) or no longer serves.
    auto e = authenticate(client_request(oauth::client_authentication::public_client("jwt-app")), *this);
    BOOST_TEST((e.error() == error::invalid_client));
    oauth::token_endpoint_auth_method const only_post[] = {method::client_secret_post};
    auto f = authenticate(client_request(oauth::client_authentication::public_client("public-app")), *this,
                          {.methods_supported = only_post});
    BOOST_TEST((f.error() == error::invalid_client));
    auto g = authenticate(client_request(oauth::client_authentication::secret_post("post-app", secret("post-secret"))),
                          *this, {.methods_supported = only_post});
    BOOST_TEST(g.has_value());
    // Unknown client: same answer and description as a wrong secret.
    auto h = authenticate(client_request(oauth::client_authentication::secret_basic("ghost", secret("x"))), *this);
    BOOST_TEST((h.error() == error::invalid_client));
    BOOST_TEST(h.error().description == a.error().description);
}

BOOST_FIXTURE_TEST_CASE(more_than_one_method_is_invalid_request, fixture) {
    auto const basic = "Basic " + base64_encode("post-app:post-secret");
    auto two = authenticate(raw_request("client_id=post-app&client_secret=post-secret", basic), *this);
    BOOST_TEST((two.error() == error::invalid_request));
    BOOST_TEST(two.error().to_http_response().status == 400u);

    auto headers = raw_request("grant_type=x", basic);
    headers.headers.append("Authorization", basic);
    BOOST_TEST((authenticate(headers, *this).error() == error::invalid_request));

    BOOST_TEST((authenticate(raw_request("client_id=public-app&client_id=public-app"), *this).error() ==
                error::invalid_request));
    BOOST_TEST((authenticate(raw_request("client_id=post-app&client_secret=a&client_secret=b"), *this).error() ==
                error::invalid_request));
    // A body client_id that names another client than the Basic credentials.
    auto const basic_app = "Basic " + base64_encode("basic-app:s3cret%3Awith%3Acolons%26%2B%25");
    BOOST_TEST(authenticate(raw_request("grant_type=x", basic_app), *this).has_value());
    BOOST_TEST(authenticate(raw_request("client_id=basic-app", basic_app), *this).has_value());
    BOOST_TEST((authenticate(raw_request("client_id=public-app", basic_app), *this).error() == error::invalid_request));
    // JWT assertions are not served; with a secret too, that is two methods.
    BOOST_TEST(
        (authenticate(raw_request("client_id=jwt-app&client_assertion_type=x&client_assertion=y"), *this).error() ==
         error::invalid_client));
    BOOST_TEST(
        (authenticate(raw_request("client_assertion=y&client_secret=z"), *this).error() == error::invalid_request));
}

BOOST_FIXTURE_TEST_CASE(malformed_or_missing_credentials, fixture) {
    BOOST_TEST((authenticate(raw_request("grant_type=x"), *this).error() == error::invalid_client));
    BOOST_TEST((authenticate(raw_request("client_id="), *this).error() == error::invalid_client));
    BOOST_TEST((authenticate(raw_request("client_secret=post-secret"), *this).error() == error::invalid_client));
    for (std::string const& h :
         std::vector<std::string>{"Basic", "Basic ", "Basic !!!!", "Basic cG9zdC1hcHA6cG9zdC1zZWNyZXQ", /* unpadded */
                                  "Basic " + base64_encode("no-colon"), "Basic " + base64_encode(":secret-without-id"),
                                  "Basic " + base64_encode("post-app:%zz"), "Bearer abc", "Digest x=y",
                                  "Basicx " + base64_encode("a:b"), "Basic " + std::string(5000, 'A')}) {
        auto r = authenticate(raw_request("grant_type=x", h), *this);
        BOOST_TEST_REQUIRE(!r.has_value(), h);
        BOOST_TEST((r.error() == error::invalid_client), h);
        BOOST_TEST(r.error().to_http_response().header("WWW-Authenticate").has_value(), h);
    }
    // The scheme is case-insensitive (RFC 9110 §11.1).
    auto const lower = "basic " + base64_encode("id+with+space%3Acolon:pw");
    BOOST_TEST(authenticate(raw_request("", lower), *this).has_value());
}

BOOST_AUTO_TEST_CASE(a_failing_store_is_server_error) {
    struct broken_store {
        result<void> register_client(client_record) { return error::unsupported_operation; }
        result<std::optional<client_record>> find_client(std::string_view) const {
            return error::unsupported_operation;
        }
    };
    static_assert(client_store<broken_store>);
    broken_store s;
    auto req = raw_request("client_id=a");
    auto body = read_form_request(req).value();
    auto r = authenticate_client(req, body, s);
    BOOST_TEST((r.error() == error::server_error));
    BOOST_TEST((r.error().store_error == error::unsupported_operation));
    BOOST_TEST(r.error().to_http_response().status == 500u);
    BOOST_CHECK_THROW(r.value(), boost::system::system_error);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_client_authentication_test
