#include <authwire/server/authorization_code.hpp>

#include "clock_support.hpp"

#include <authwire/oauth/pkce.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace server_authorization_code_test {

using namespace authwire;
using namespace authwire::server;
using namespace std::chrono_literals;

using server_test::clock_type;
using server_test::t0;

// RFC 7636 Appendix B.
constexpr std::string_view verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
constexpr std::string_view challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
constexpr std::string_view redirect = "http://127.0.0.1:51004/cb";

authorization_code_record approved(std::string_view code_challenge = challenge,
                                   oauth::code_challenge_method method = oauth::code_challenge_method::S256) {
    authorization_code_record r;
    r.client_id = "client";
    r.redirect_uri = redirect;
    r.code_challenge = code_challenge;
    r.code_challenge_method = method;
    r.scope = "mcp:read";
    r.resources = {"https://mcp.example/"};
    r.subject = "alice";
    r.claims["api_key_id"] = "k-17";
    return r;
}

code_redemption token_request(std::string_view code, std::optional<std::string_view> code_verifier = verifier,
                              std::optional<std::string_view> redirect_uri = redirect,
                              std::string_view client_id = "client") {
    return {code, client_id, redirect_uri, code_verifier};
}

struct server_state {
    memory_code_store codes;
    memory_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    authorization_code_policy policy;

    std::string issue(authorization_code_record r = approved()) {
        return std::string(issue_authorization_code(codes, std::move(r), t0, policy).value().reveal());
    }
    grant_result<redeemed_authorization_code> redeem(code_redemption const& req, clock_type::time_point now = t0 + 5s) {
        return redeem_authorization_code(codes, refresh_tokens, revocations, req, now, policy);
    }
    // The token endpoint's whole authorization_code grant: redeem, start the family, record the exchange.
    std::string exchange(std::string const& code) {
        auto redeemed = redeem(token_request(code));
        BOOST_REQUIRE(redeemed);
        refresh_family_record grant;
        grant.client_id = redeemed->record.client_id;
        grant.subject = redeemed->record.subject;
        grant.scope = redeemed->record.scope;
        auto issued = start_refresh_family(refresh_tokens, std::move(grant), t0 + 5s);
        BOOST_REQUIRE(issued);
        BOOST_REQUIRE(record_code_exchange(codes, refresh_tokens, revocations, redeemed->code_hash, issued->family_id,
                                           t0 + 5s, policy));
        return issued->family_id;
    }
};

grant_failure failure_of(grant_result<redeemed_authorization_code> const& r) {
    BOOST_REQUIRE(!r);
    return r.error().reason;
}

BOOST_AUTO_TEST_SUITE(server_authorization_code)

BOOST_AUTO_TEST_CASE(issue_and_redeem) {
    server_state s;
    auto const code = s.issue();
    BOOST_TEST(code.size() == 43u);
    auto r = s.redeem(token_request(code));
    BOOST_REQUIRE(r);
    BOOST_TEST(r->record.subject == "alice");
    BOOST_TEST(r->record.scope == "mcp:read");
    BOOST_TEST(r->record.resources.at(0) == "https://mcp.example/");
    BOOST_TEST(r->record.claims.at("api_key_id").as_string() == "k-17");
    BOOST_TEST((r->record.issued_at == t0));
    BOOST_TEST((r->record.expires_at == t0 + 60s));
    BOOST_TEST((r->code_hash == hash_token(code).value()));
}

BOOST_AUTO_TEST_CASE(codes_are_random_and_stored_hashed) {
    server_state s;
    auto const a = s.issue();
    auto const b = s.issue();
    BOOST_TEST(a != b);
    // The store knows the code only by its SHA-256: presenting the digest itself finds nothing.
    auto const digest = hash_token(a).value();
    auto const as_text = base64url_encode(digest.bytes);
    BOOST_TEST((failure_of(s.redeem(token_request(as_text))) == grant_failure::unknown));
    BOOST_TEST(s.redeem(token_request(a)).has_value());
}

BOOST_AUTO_TEST_CASE(single_use) {
    server_state s;
    auto const code = s.issue();
    BOOST_REQUIRE(s.redeem(token_request(code)));
    auto again = s.redeem(token_request(code));
    BOOST_TEST((failure_of(again) == grant_failure::reused));
    BOOST_TEST(again.error().revoked_family_id.empty());  // nothing had been issued yet
    BOOST_TEST((again.error().oauth_error() == error::invalid_grant));
}

BOOST_AUTO_TEST_CASE(reuse_revokes_what_the_first_use_issued) {
    server_state s;
    auto const code = s.issue();
    auto const family_id = s.exchange(code);
    BOOST_TEST(!s.revocations.is_revoked(family_id, "jti-1", t0 + 10s).value());
    auto again = s.redeem(token_request(code), t0 + 10s);
    BOOST_TEST((failure_of(again) == grant_failure::reused));
    BOOST_TEST(again.error().revoked_family_id == family_id);
    // Access tokens of the grant are refused for as long as they can live; refresh tokens never rotate again.
    BOOST_TEST(s.revocations.is_revoked(family_id, "jti-1", t0 + 10s + 59min).value());
    BOOST_TEST(s.refresh_tokens.revoke_family(family_id).value());
    BOOST_TEST(s.refresh_tokens.purge(t0 + 11s) == 1u);  // revoked families are dead
}

BOOST_AUTO_TEST_CASE(reuse_during_the_exchange_revokes_the_new_grant) {
    server_state s;
    auto const code = s.issue();
    auto first = s.redeem(token_request(code));
    BOOST_REQUIRE(first);
    BOOST_TEST((failure_of(s.redeem(token_request(code))) == grant_failure::reused));  // an attacker, meanwhile
    refresh_family_record grant;
    grant.client_id = "client";
    auto issued = start_refresh_family(s.refresh_tokens, std::move(grant), t0 + 5s);
    BOOST_REQUIRE(issued);
    auto recorded = record_code_exchange(s.codes, s.refresh_tokens, s.revocations, first->code_hash, issued->family_id,
                                         t0 + 5s, s.policy);
    BOOST_REQUIRE(!recorded);
    BOOST_TEST((recorded.error().reason == grant_failure::reused));
    BOOST_TEST(recorded.error().revoked_family_id == issued->family_id);
    BOOST_TEST(s.revocations.is_revoked(issued->family_id, "", t0 + 6s).value());
    auto rotated = rotate_refresh_token(s.refresh_tokens, s.revocations, issued->refresh_token.reveal(), "client",
                                        t0 + 6s);
    BOOST_TEST((rotated.error().reason == grant_failure::revoked));
}

BOOST_AUTO_TEST_CASE(expiry) {
    server_state s;
    auto const code = s.issue();
    BOOST_TEST((failure_of(s.redeem(token_request(code), t0 + 60s)) == grant_failure::expired));
    s.policy.lifetime = 10min;
    auto const longer = s.issue();
    BOOST_TEST(s.redeem(token_request(longer), t0 + 9min).has_value());
}

BOOST_AUTO_TEST_CASE(unknown_and_malformed_codes) {
    server_state s;
    BOOST_TEST((failure_of(s.redeem(token_request("not-a-code"))) == grant_failure::unknown));
    BOOST_TEST((failure_of(s.redeem(token_request(""))) == grant_failure::malformed));
    BOOST_TEST((failure_of(s.redeem(token_request(std::string(100000, 'A')))) == grant_failure::malformed));
    BOOST_TEST((failure_of(s.redeem(token_request(std::string_view("\0\xff", 2)))) == grant_failure::unknown));
}

BOOST_AUTO_TEST_CASE(client_binding) {
    server_state s;
    auto const code = s.issue();
    BOOST_TEST((failure_of(s.redeem(token_request(code, verifier, redirect, "other"))) == grant_failure::client_mismatch));
    // The failed attempt spent the code: the rightful client's later use is a reuse.
    BOOST_TEST((failure_of(s.redeem(token_request(code))) == grant_failure::reused));
}

BOOST_AUTO_TEST_CASE(redirect_uri_binding) {
    server_state s;
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), verifier, "http://127.0.0.1:51005/cb"))) ==
                grant_failure::redirect_uri_mismatch));
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), verifier, std::nullopt))) ==
                grant_failure::redirect_uri_mismatch));
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), verifier, "http://127.0.0.1:51004/cb/"))) ==
                grant_failure::redirect_uri_mismatch));
    // The authorization request omitted redirect_uri (one registered): the token request may omit it too, and
    // if it sends one, it must be that one.
    auto omitted = approved();
    omitted.redirect_uri_in_request = false;
    BOOST_TEST(s.redeem(token_request(s.issue(omitted), verifier, std::nullopt)).has_value());
    BOOST_TEST(s.redeem(token_request(s.issue(omitted), verifier, redirect)).has_value());
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(omitted), verifier, "https://evil.example/cb"))) ==
                grant_failure::redirect_uri_mismatch));
}

BOOST_AUTO_TEST_CASE(pkce_wrong_or_missing_verifier) {
    server_state s;
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), std::nullopt))) == grant_failure::pkce_verifier_missing));
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXj"))) ==
                grant_failure::pkce_verifier_mismatch));
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), ""))) == grant_failure::pkce_verifier_mismatch));
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), std::string(5000, 'a')))) ==
                grant_failure::pkce_verifier_mismatch));
    // The challenge itself is not a verifier for an S256 challenge (a plain-style downgrade).
    BOOST_TEST((failure_of(s.redeem(token_request(s.issue(), challenge))) == grant_failure::pkce_verifier_mismatch));
}

BOOST_AUTO_TEST_CASE(pkce_downgrade_verifier_without_challenge) {
    server_state s;
    s.policy.require_pkce = false;  // the server let a code through without PKCE …
    auto const code = s.issue(approved(""));
    // … so a verifier now means someone is trying to pass off another flow's code (RFC 9700 §4.8.2).
    BOOST_TEST((failure_of(s.redeem(token_request(code))) == grant_failure::pkce_verifier_unexpected));
    BOOST_TEST(s.redeem(token_request(s.issue(approved("")), std::nullopt)).has_value());
    auto const before = s.issue(approved(""));
    s.policy.require_pkce = true;  // the policy tightened since the code was issued
    BOOST_TEST((failure_of(s.redeem(token_request(before, std::nullopt))) == grant_failure::pkce_required));
}

BOOST_AUTO_TEST_CASE(pkce_plain_only_when_allowed) {
    server_state s;
    std::string const plain_challenge(verifier);
    BOOST_TEST((issue_authorization_code(s.codes, approved(plain_challenge, oauth::code_challenge_method::plain), t0,
                                         s.policy)
                    .error() == error::pkce_required));
    s.policy.allow_plain_pkce = true;
    auto const code = s.issue(approved(plain_challenge, oauth::code_challenge_method::plain));
    auto const code2 = s.issue(approved(plain_challenge, oauth::code_challenge_method::plain));
    BOOST_TEST(s.redeem(token_request(code)).has_value());
    s.policy.allow_plain_pkce = false;  // S256 required again: plain codes no longer redeem
    BOOST_TEST((failure_of(s.redeem(token_request(code2))) == grant_failure::pkce_method_not_allowed));
}

BOOST_AUTO_TEST_CASE(issue_refuses_unbound_or_unsafe_records) {
    server_state s;
    BOOST_TEST((issue_authorization_code(s.codes, approved(""), t0, s.policy).error() == error::pkce_required));
    BOOST_TEST((issue_authorization_code(s.codes, approved("too-short"), t0, s.policy).error() == error::invalid_argument));
    BOOST_TEST((issue_authorization_code(s.codes, approved(std::string(43, '+')), t0, s.policy).error() ==
                error::invalid_argument));
    auto no_client = approved();
    no_client.client_id.clear();
    BOOST_TEST((issue_authorization_code(s.codes, no_client, t0, s.policy).error() == error::missing_argument));
    auto no_redirect = approved();
    no_redirect.redirect_uri.clear();
    BOOST_TEST((issue_authorization_code(s.codes, no_redirect, t0, s.policy).error() == error::missing_argument));
    auto broken = [](std::span<unsigned char>) { return false; };
    authorization_code_policy const no_randomness{.rng = broken};
    BOOST_TEST((issue_authorization_code(s.codes, approved(), t0, no_randomness).error() == error::random_failure));
    authorization_code_policy const no_lifetime{.lifetime = std::chrono::seconds::zero()};
    BOOST_TEST((issue_authorization_code(s.codes, approved(), t0, no_lifetime).error() == error::invalid_argument));
    BOOST_TEST(s.codes.size() == 0u);
}

BOOST_AUTO_TEST_CASE(codes_come_from_the_configured_random_source) {
    server_state s;
    auto ones = [](std::span<unsigned char> out) {
        for (auto& b : out) b = 0xff;
        return true;
    };
    s.policy.rng = ones;
    BOOST_TEST(s.issue() == std::string(42, '_') + "8");
}

// A store that cannot answer (an unreachable database).
struct unavailable_code_store {
    result<void> store_code(token_hash const&, authorization_code_record) { return error::unsupported_operation; }
    result<code_consumption> consume_code(token_hash const&, clock_type::time_point) {
        return error::unsupported_operation;
    }
    result<bool> mark_exchanged(token_hash const&, std::string_view) { return error::unsupported_operation; }
};
static_assert(code_store<unavailable_code_store>);

BOOST_AUTO_TEST_CASE(store_failures_are_server_errors) {
    unavailable_code_store codes;
    memory_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    BOOST_TEST((issue_authorization_code(codes, approved(), t0).error() == error::unsupported_operation));
    auto r = redeem_authorization_code(codes, refresh_tokens, revocations, token_request("x"), t0);
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().reason == grant_failure::store_failure));
    BOOST_TEST((r.error().store_error == error::unsupported_operation));
    BOOST_TEST(r.error().to_error_response().status == 500u);
    auto m = record_code_exchange(codes, refresh_tokens, revocations, token_hash{}, "fam", t0);
    BOOST_TEST((m.error().reason == grant_failure::store_failure));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_authorization_code_test
