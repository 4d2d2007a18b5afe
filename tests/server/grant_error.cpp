#include <authwire/server/grant_error.hpp>

#include <boost/system/system_error.hpp>
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace server_grant_error_test {

using namespace authwire;
using namespace authwire::server;

BOOST_AUTO_TEST_SUITE(server_grant_error)

BOOST_AUTO_TEST_CASE(maps_to_rfc6749_5_2) {
    grant_error const reused{grant_failure::reused, grant_kind::refresh_token, "fam-1", {}};
    BOOST_TEST((reused.oauth_error() == error::invalid_grant));
    BOOST_TEST((reused.code() == error::invalid_grant));
    BOOST_TEST((reused.code() == condition::protocol_error));
    auto const body = reused.to_error_response();
    BOOST_TEST(body.error == "invalid_grant");
    BOOST_TEST(body.status == 400u);
    BOOST_TEST(body.error_description == "refresh token was already used; the grant is revoked");
    BOOST_TEST(body.error_uri.empty());

    grant_error const broken{grant_failure::store_failure, grant_kind::authorization_code, {},
                             make_error_code(error::unsupported_operation)};
    BOOST_TEST((broken.oauth_error() == error::server_error));
    BOOST_TEST(broken.to_error_response().error == "server_error");
    BOOST_TEST(broken.to_error_response().status == 500u);
}

// Issue 12: the description of a reuse names a revocation only when one happened (revoked_family_id).
BOOST_AUTO_TEST_CASE(a_reuse_claims_a_revocation_only_when_one_happened) {
    grant_error const nothing{grant_failure::reused, grant_kind::authorization_code, {}, {}};
    BOOST_TEST(nothing.description() == "authorization code was already used");
    grant_error const revoked{grant_failure::reused, grant_kind::authorization_code, "fam-1", {}};
    BOOST_TEST(revoked.description() == "authorization code was already used; tokens issued with it are revoked");
    grant_error const refresh{grant_failure::reused, grant_kind::refresh_token, "fam-1", {}};
    BOOST_TEST(refresh.description() == "refresh token was already used; the grant is revoked");
    grant_error const refresh_nothing{grant_failure::reused, grant_kind::refresh_token, {}, {}};
    BOOST_TEST(refresh_nothing.description() == "refresh token was already used");
}

BOOST_AUTO_TEST_CASE(every_reason_has_its_own_text) {
    std::set<std::string> texts;
    int reasons = 0;
    for (int r = 0; r <= static_cast<int>(grant_failure::store_failure); ++r) {
        for (auto kind : {grant_kind::authorization_code, grant_kind::refresh_token}) {
            grant_error const e{static_cast<grant_failure>(r), kind, {}, {}};
            BOOST_TEST(!e.description().empty());
            texts.emplace(e.description());
        }
        ++reasons;
    }
    // Six reasons read differently for codes and refresh tokens; the others are specific to one of them.
    BOOST_TEST(texts.size() == static_cast<std::size_t>(reasons + 6));
}

BOOST_AUTO_TEST_CASE(value_throws_the_oauth_error) {
    grant_result<int> const r = grant_error{grant_failure::expired, grant_kind::authorization_code, {}, {}};
    BOOST_TEST((r.error() == grant_failure::expired));
    try {
        (void)r.value();
        BOOST_FAIL("value() did not throw");
    } catch (boost::system::system_error const& e) {
        BOOST_TEST((e.code() == error::invalid_grant));
    }
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_grant_error_test
