#include <authwire/core/error.hpp>

#include <authwire/core/result.hpp>

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace core_error_test {

using namespace authwire;

BOOST_AUTO_TEST_SUITE(core_error)

BOOST_AUTO_TEST_CASE(codes_belong_to_the_authwire_category) {
    error_code ec = error::malformed_json;
    BOOST_TEST(std::string(ec.category().name()) == "authwire");
    BOOST_TEST(ec.message() == "malformed JSON");
    BOOST_TEST(ec == error::malformed_json);
    BOOST_TEST(ec != error::malformed_form);
    BOOST_TEST(!error_code{});
}

BOOST_AUTO_TEST_CASE(every_code_falls_into_exactly_one_condition) {
    BOOST_TEST((error_code(error::invalid_argument) == condition::caller_misuse));
    BOOST_TEST((error_code(error::duplicate_member) == condition::malformed_input));
    BOOST_TEST((error_code(error::invalid_grant) == condition::protocol_error));
    BOOST_TEST((error_code(error::oauth_error) == condition::protocol_error));
    BOOST_TEST((error_code(error::decryption_failed) == condition::crypto_failure));
    BOOST_TEST((error_code(error::token_expired) == condition::policy_rejection));
    BOOST_TEST((error_code(error::token_expired) != condition::crypto_failure));
    BOOST_TEST(make_error_condition(condition::policy_rejection).message() == "policy rejection");
    // The step-up limit and the address policy are policy, not protocol errors from a peer.
    BOOST_TEST((error_code(error::too_many_attempts) == condition::policy_rejection));
    BOOST_TEST(make_error_code(error::too_many_attempts).message() ==
               "too many authorization attempts for one operation");
    BOOST_TEST((error_code(error::address_not_allowed) == condition::policy_rejection));
    BOOST_TEST(make_error_code(error::address_not_allowed).message() == "address not allowed by the address policy");
    BOOST_TEST((error_code(error::nonce_mismatch) == condition::policy_rejection));
}

BOOST_AUTO_TEST_CASE(every_code_has_its_own_message_and_group) {
    // Each group is a contiguous run of codes from its base; walk each run until the first unknown value.
    struct group_t {
        int base;
        error at_least_up_to;
        condition cond;
    };
    group_t const groups[] = {{1, error::not_signed_in, condition::caller_misuse},
                              {100, error::unexpected_content_type, condition::malformed_input},
                              {200, error::unsupported_token_type, condition::protocol_error},
                              {300, error::decryption_failed, condition::crypto_failure},
                              {400, error::nonce_mismatch, condition::policy_rejection}};
    std::set<std::string> seen;
    for (auto const& g : groups) {
        int v = g.base;
        for (;; ++v) {
            auto const ec = make_error_code(static_cast<error>(v));
            auto const m = ec.message();
            if (m == "unknown authwire error") break;
            BOOST_TEST(seen.insert(m).second, "duplicate message for code " << v << ": " << m);
            BOOST_TEST((ec == g.cond), "code " << v << " is not in its group");
        }
        BOOST_TEST(v > static_cast<int>(g.at_least_up_to), "group " << g.base << " has a hole");
    }
    BOOST_TEST(make_error_code(static_cast<error>(99)).message() == "unknown authwire error");
}

BOOST_AUTO_TEST_CASE(registered_oauth_error_names_round_trip) {
    for (auto name : {"invalid_request", "invalid_client", "invalid_grant", "unauthorized_client",
                      "unsupported_grant_type", "invalid_scope", "access_denied", "unsupported_response_type",
                      "server_error", "temporarily_unavailable", "invalid_token", "insufficient_scope",
                      "authorization_pending", "slow_down", "expired_token", "invalid_redirect_uri",
                      "invalid_client_metadata", "invalid_target", "unsupported_token_type"}) {
        auto const e = oauth_error_from_name(name);
        BOOST_TEST((e != error::oauth_error), name);
        BOOST_TEST(oauth_error_name(e) == name);
        BOOST_TEST(make_error_code(e).message() == name);
    }
    BOOST_TEST((oauth_error_from_name("Invalid_Grant") == error::oauth_error));
    BOOST_TEST((oauth_error_from_name("") == error::oauth_error));
    BOOST_TEST(oauth_error_name(error::malformed_json).empty());
    BOOST_TEST(oauth_error_name(error::oauth_error).empty());
}

BOOST_AUTO_TEST_CASE(result_value_throws_system_error) {
    result<int> r = error::malformed_base64;
    BOOST_TEST(!r);
    BOOST_CHECK_THROW((void)r.value(), boost::system::system_error);
    try {
        (void)r.value();
    } catch (boost::system::system_error const& e) {
        BOOST_TEST((e.code() == error::malformed_base64));
    }
}

BOOST_AUTO_TEST_CASE(outcome_keeps_the_peer_error_response) {
    outcome<int> o = failure(error_response{"invalid_grant", "refresh token expired", "https://as/e", 400});
    BOOST_TEST(!o);
    BOOST_TEST(o.error().is_protocol_error());
    BOOST_TEST((o.error() == error::invalid_grant));
    BOOST_TEST((o.error() == condition::protocol_error));
    BOOST_TEST(o.error().response->error_description == "refresh token expired");
    BOOST_TEST(o.error().response->status == 400u);
    try {
        (void)o.value();
        BOOST_FAIL("value() must throw");
    } catch (protocol_exception const& e) {
        BOOST_TEST((e.code() == error::invalid_grant));
        BOOST_TEST(e.why().response->error_uri == "https://as/e");
    }

    outcome<int> local = error::malformed_json;
    BOOST_TEST(!local.error().is_protocol_error());
    BOOST_TEST((local.error() == error::malformed_json));

    outcome<int> other = failure(error_response{"vendor_specific", "", "", 400});
    BOOST_TEST((other.error() == error::oauth_error));
    BOOST_TEST(other.error().response->error == "vendor_specific");
}

BOOST_AUTO_TEST_CASE(to_outcome_lifts_results) {
    BOOST_TEST(*to_outcome(result<int>(7)) == 7);
    auto o = to_outcome(result<int>(error::invalid_url));
    BOOST_TEST((o.error() == error::invalid_url));
    BOOST_TEST(to_outcome(result<void>()).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_error_test
