// authwire tests — heap allocations of a resource server's hot path (issue 13): bearer_validator::validate with
// a bearer_scratch<access_token_scratch> over jwt_access_token_format makes no C++ heap allocation in steady
// state, and agrees with the by-value overload on the identity and on every rejection. Counted by replacing the
// global operator new in this test program (a count is exact, unlike a timing); see tests/jose/allocations.cpp.
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <vector>

#include "allocation_counter.hpp"  // this program's operator new counts (one TU per program includes it)

namespace server_allocations_test {
using authwire_test::allocations;
using authwire_test::counting;

using namespace authwire;
using namespace authwire::server;

auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222100));

struct fixture {
    fixture() {
        (void)signing.rotate_to(
            jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, '\x42')), std::string("s1")).value(),
                                jose::jws_algorithm::HS256)
                .value());
        (void)encryption.rotate_to(
            jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, '\x17')), std::string("e1")).value(),
                                jose::jwe_algorithm::dir)
                .value());
        jwt_access_token_options o;
        o.issuer = "https://auth.example.com";
        format.emplace(jwt_access_token_format::make(signing, encryption, o).value());
        grant.subject = "user-1234567890";
        grant.client_id = "mcp-client-42";
        grant.scope = "mcp read";
        grant.audience = {"https://mcp.example.com/mcp"};
        grant.family_id = "b7Yc2m1fT0qHqgJ1o8n3Kw";
        grant.claims["api_key"] = "rp_live_3f9a8c1d2e7b4a60";
        token = std::string(format->issue(grant, now).value().access_token.reveal());
        for (int i = 0; i < 10; ++i) (void)revocations.revoke_jti("jti-" + std::to_string(i), now + std::chrono::hours(1));
        validator.emplace(*format, revocations,
                          bearer_validator_config{"https://mcp.example.com/mcp",
                                                  "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"});
    }
    http_request request_with(std::string const& t) const {
        http_request r;
        r.method = "POST";
        r.url = boost::urls::url("https://mcp.example.com/mcp");
        r.headers.append("Authorization", "Bearer " + t);
        return r;
    }
    jose::jws_key_ring signing;
    jose::jwe_key_ring encryption;
    std::optional<jwt_access_token_format> format;
    access_token_grant grant;
    std::string token;
    memory_revocation_store revocations;
    std::optional<bearer_validator<jwt_access_token_format, memory_revocation_store>> validator;
};

bool same_identity(bearer_identity const& a, bearer_identity const& b) {
    return a.subject == b.subject && a.client_id == b.client_id && a.scope == b.scope &&
           a.expires_at == b.expires_at && a.resource == b.resource && a.issuer == b.issuer && a.jti == b.jti &&
           a.family_id == b.family_id && a.claims == b.claims;
}

BOOST_AUTO_TEST_SUITE(server_allocations)

BOOST_AUTO_TEST_CASE(bearer_validate_with_a_scratch_allocates_nothing_in_steady_state,
                     *boost::unit_test::enable_if<counting>()) {
    fixture f;
    auto const request = f.request_with(f.token);
    bearer_scratch<access_token_scratch> scratch;
    BOOST_REQUIRE(f.validator->validate(request, now, "mcp", scratch).has_value());  // steady state
    auto const before = allocations.load();
    for (int i = 0; i < 10; ++i) BOOST_REQUIRE(f.validator->validate(request, now, "mcp", scratch).has_value());
    BOOST_TEST(allocations.load() - before == 0u);
    auto const before_built = allocations.load();  // with the custom claims built on access (identity())
    for (int i = 0; i < 10; ++i) {
        BOOST_REQUIRE(f.validator->validate(request, now, "mcp", scratch).has_value());
        BOOST_REQUIRE(scratch.identity().claims.size() == 1u);
    }
    BOOST_TEST(allocations.load() - before_built == 0u);
    // The reader alone, too.
    access_token_scratch reader;
    BOOST_REQUIRE(f.format->read(f.token, now, reader).has_value());
    auto const before_read = allocations.load();
    for (int i = 0; i < 10; ++i) BOOST_REQUIRE(f.format->read(f.token, now, reader).has_value());
    BOOST_TEST(allocations.load() - before_read == 0u);
    // For scale: the by-value overload.
    auto const before_by_value = allocations.load();
    BOOST_REQUIRE(f.validator->validate(request, now, "mcp").has_value());
    BOOST_TEST_MESSAGE("bearer_validator::validate by value: " << allocations.load() - before_by_value
                                                               << " allocations");
}

BOOST_AUTO_TEST_CASE(scratch_identity_equals_the_by_value_identity) {
    fixture f;
    bearer_scratch<access_token_scratch> scratch;
    for (int round = 0; round < 3; ++round) {
        std::string const api_key(f.grant.claims.at("api_key").as_string());
        auto const request = f.request_with(f.token);
        auto const by_value = f.validator->validate(request, now, "mcp");
        BOOST_REQUIRE(by_value.has_value());
        BOOST_REQUIRE(f.validator->validate(request, now, "mcp read", scratch).has_value());
        BOOST_TEST(same_identity(*by_value, scratch.identity()));
        BOOST_TEST(scratch.identity().claims.at("api_key").as_string() == api_key);
        BOOST_TEST(!scratch.identity().claims.contains("client_id"));
        // A copy of the claims kept by the caller stays valid after the next call.
        boost::json::object kept = scratch.identity().claims;
        f.grant.claims["api_key"] = "other-" + std::to_string(round);
        f.token = std::string(f.format->issue(f.grant, now).value().access_token.reveal());
        BOOST_REQUIRE(f.validator->validate(f.request_with(f.token), now, "mcp", scratch).has_value());
        BOOST_TEST(kept.at("api_key").as_string() != scratch.identity().claims.at("api_key").as_string());
    }
}

BOOST_AUTO_TEST_CASE(scratch_rejections_equal_the_by_value_rejections) {
    fixture f;
    bearer_scratch<access_token_scratch> scratch;
    auto tampered = f.token;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    auto other_aud = f.grant;
    other_aud.audience = {"https://other.example.com"};
    auto const wrong_audience = std::string(f.format->issue(other_aud, now).value().access_token.reveal());
    auto revoked_grant = f.grant;
    revoked_grant.family_id = "revoked-family";
    auto const revoked = std::string(f.format->issue(revoked_grant, now).value().access_token.reveal());
    BOOST_REQUIRE(f.revocations.revoke_family("revoked-family", now + std::chrono::hours(1)).has_value());
    struct attempt {
        std::string token;
        std::chrono::system_clock::time_point at;
        std::string scope;
    };
    std::vector<attempt> const attempts = {
        {tampered, now, "mcp"},
        {"not-a-token", now, "mcp"},
        {f.token.substr(0, f.token.size() - 2), now, "mcp"},
        {f.token, now + std::chrono::hours(2), "mcp"},       // expired
        {f.token, now - std::chrono::hours(2), "mcp"},       // issued in the future
        {f.token, now, "admin"},                             // insufficient scope
        {f.token, now, "bad\"scope"},                        // the caller's mistake
        {wrong_audience, now, "mcp"},
        {revoked, now, "mcp"},
        {f.token, now, "mcp"},                               // and a success between failures
    };
    for (auto const& a : attempts) {
        auto const request = f.request_with(a.token);
        auto const by_value = f.validator->validate(request, a.at, a.scope);
        auto const with_scratch = f.validator->validate(request, a.at, a.scope, scratch);
        BOOST_TEST_INFO("token " << a.token.substr(0, 20) << " scope " << a.scope);
        BOOST_TEST(by_value.has_value() == with_scratch.has_value());
        if (!by_value && !with_scratch) {
            BOOST_TEST(by_value.error().code == with_scratch.error().code);
            BOOST_TEST(by_value.error().status == with_scratch.error().status);
            BOOST_TEST(by_value.error().error == with_scratch.error().error);
            BOOST_TEST(by_value.error().error_description == with_scratch.error().error_description);
            BOOST_TEST(by_value.error().scope == with_scratch.error().scope);
        }
        // The reader overloads agree too.
        access_token_scratch reader;
        auto const read_by_value = f.format->read(a.token, a.at);
        auto const read_scratch = f.format->read(a.token, a.at, reader);
        BOOST_TEST(read_by_value.has_value() == read_scratch.has_value());
        if (!read_by_value && !read_scratch) BOOST_TEST(read_by_value.error() == read_scratch.error());
    }
    // No Authorization header, or a malformed one.
    http_request bare;
    BOOST_TEST(f.validator->validate(bare, now, "mcp", scratch).error().status ==
               f.validator->validate(bare, now, "mcp").error().status);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_allocations_test
