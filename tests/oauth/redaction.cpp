#include <authwire/oauth/redaction.hpp>

#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/revocation.hpp>
#include <authwire/oauth/token_request.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace oauth_redaction_test {

using namespace authwire;
using namespace authwire::oauth;

bool holds(std::vector<secret> const& secrets, std::string_view s) {
    return std::any_of(secrets.begin(), secrets.end(), [&](secret const& x) { return x.reveal() == s; });
}

failure echoed(std::string description) {
    return failure(error_response{"invalid_grant", std::move(description), "https://as.example/e", 400});
}

BOOST_AUTO_TEST_SUITE(oauth_redaction)

// Every spelling of every secret a token request carries, whichever way the client authenticates.
BOOST_AUTO_TEST_CASE(the_secrets_a_request_carries) {
    refresh_token_grant g;
    g.refresh_token = secret("rt/with+odd=chars");
    g.scope = {"jobs:read"};
    auto basic = make_token_request("https://as.example/token", g,
                                    client_authentication::secret_basic("app", secret("s3cr3t:+/"))).value();
    auto s = request_secrets(basic);
    BOOST_TEST(holds(s, "rt/with+odd=chars"));
    BOOST_TEST(holds(s, "rt%2Fwith%2Bodd%3Dchars"));
    BOOST_TEST(holds(s, "s3cr3t:+/"));
    BOOST_TEST(holds(s, "s3cr3t%3A%2B%2F"));
    BOOST_TEST(holds(s, std::string(basic.header("Authorization")->substr(6))));
    BOOST_TEST(!holds(s, "jobs:read"));
    BOOST_TEST(!holds(s, "app"));
    BOOST_TEST(
        std::is_sorted(s.begin(), s.end(), [](secret const& a, secret const& b) { return a.size() > b.size(); }));

    auto post = make_token_request("https://as.example/token", g,
                                   client_authentication::secret_post("app", secret("s3cr3t-post"))).value();
    BOOST_TEST(holds(request_secrets(post), "s3cr3t-post"));
    auto revoke = make_revocation_request("https://as.example/revoke", secret("the-token-1234"), "",
                                          client_authentication::public_client("app")).value();
    BOOST_TEST(holds(request_secrets(revoke), "the-token-1234"));
    http_request bearer;
    bearer.headers.append("Authorization", "Bearer iat-0123456789");
    BOOST_TEST(holds(request_secrets(bearer), "iat-0123456789"));
}

BOOST_AUTO_TEST_CASE(peer_text_is_redacted_and_nothing_else) {
    refresh_token_grant g;
    g.refresh_token = secret("tGzv3JOkF0XG5Qx2TlKWIA");
    auto req = make_token_request("https://as.example/token", g,
                                  client_authentication::secret_basic("app", secret("gX1fBat3bV"))).value();
    auto f = redact_request_secrets(echoed("refresh_token=tGzv3JOkF0XG5Qx2TlKWIA of app (secret gX1fBat3bV)"), req);
    BOOST_TEST(f.response->error_description == "refresh_token=[redacted] of app (secret [redacted])");
    BOOST_TEST((f.code == error::invalid_grant));
    BOOST_TEST(f.response->status == 400u);
    BOOST_TEST(f.response->error_uri == "https://as.example/e");
    // A local failure has no peer text: returned as it is.
    BOOST_TEST(!redact_request_secrets(failure(error::malformed_json), req).response.has_value());
}

// A short secret is only redacted where it stands apart: the refresh token "used" leaves "reused" alone.
BOOST_AUTO_TEST_CASE(short_secrets_only_where_they_stand_apart) {
    std::vector<secret> const s{secret("used")};
    std::string text = "refresh token reused; token 'used', used.";
    redact_secrets(text, s);
    BOOST_TEST(text == "refresh token reused; token '[redacted]', [redacted].");
    std::vector<secret> const long_one{secret("abcdefgh")};
    std::string glued = "xxabcdefghyy";
    redact_secrets(glued, long_one);
    BOOST_TEST(glued == "xx[redacted]yy");
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_redaction_test
