#include <authwire/client/code_flow.hpp>

#include "client/support.hpp"
#include "oauth/id_token_support.hpp"

#include <authwire/core/form.hpp>

#include <boost/test/unit_test.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <variant>

namespace client_code_flow_test {

using namespace authwire;
using namespace authwire::client;
using authwire::test::as_metadata;
using authwire::test::response;
using authwire::test::scripted_executor;

// RFC 9207 §3: an authorization server that says it sends "iss" in authorization responses.
oauth::authorization_server_metadata iss_metadata() {
    auto m = as_metadata();
    m.authorization_response_iss_parameter_supported = true;
    return m;
}

code_flow::parameters params() {
    code_flow::parameters p;
    p.client_id = "s6BhdRkqt3";
    p.redirect_uri = "https://client.example/cb";
    p.scope = {"files:read"};
    p.resource = {"https://rs.example/mcp"};
    return p;
}

constexpr auto token_json =
    R"({"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"})";

std::string exchange_body(code_flow::pending_authorization const& p, std::string_view code) {
    return form{{"grant_type", "authorization_code"},
                {"code", code},
                {"redirect_uri", p.redirect_uri},
                {"code_verifier", p.code_verifier.reveal()},
                {"resource", "https://rs.example/mcp"},
                {"client_id", "s6BhdRkqt3"}}
        .encode();
}

template <class T>
error code_of(outcome<T> const& r) {
    return r ? error{} : static_cast<error>(r.error().code.value());
}

BOOST_AUTO_TEST_SUITE(client_code_flow)

// RFC 6749 §4.1.1 / RFC 7636 §4.3: every parameter in the URL, the verifier kept in the pending record only.
BOOST_AUTO_TEST_CASE(start_builds_the_authorization_url) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    auto const& p = s->pending;
    BOOST_TEST(p.issuer == "https://as.example");
    BOOST_TEST(p.client_id == "s6BhdRkqt3");
    BOOST_TEST(p.state.size() == 43u);
    BOOST_TEST(p.nonce.empty());  // no openid in the scope: no nonce (OpenID Connect Core §3.1.2.1)
    BOOST_TEST(oauth::is_valid_code_verifier(p.code_verifier.reveal()));

    auto const& u = s->authorization_url;
    BOOST_TEST(std::string(u.encoded_origin()) + std::string(u.encoded_path()) == "https://as.example/authorize");
    auto q = form::decode(u.encoded_query());
    BOOST_REQUIRE(q);
    BOOST_TEST(*q->find("response_type") == "code");
    BOOST_TEST(*q->find("client_id") == "s6BhdRkqt3");
    BOOST_TEST(*q->find("redirect_uri") == "https://client.example/cb");
    BOOST_TEST(*q->find("scope") == "files:read");
    BOOST_TEST(*q->find("state") == p.state);
    BOOST_TEST(!q->find("nonce"));
    BOOST_TEST(*q->find("resource") == "https://rs.example/mcp");
    BOOST_TEST(*q->find("code_challenge_method") == "S256");
    BOOST_TEST(oauth::verify_code_verifier(p.code_verifier.reveal(), *q->find("code_challenge"),
                                           oauth::code_challenge_method::S256));
    BOOST_TEST(!q->find("code_verifier"));

    // Fresh values every time.
    auto s2 = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s2);
    BOOST_TEST(s2->pending.state != p.state);
    BOOST_TEST(!(s2->pending.code_verifier == p.code_verifier));

}

// OpenID Connect Core §3.1.2.1: a nonce goes with `openid` only (oidc-provider refuses one on a plain OAuth
// request), fresh each time; send_nonce = false opts out even then.
BOOST_AUTO_TEST_CASE(nonce_only_with_openid) {
    auto oidc = params();
    oidc.scope = {"openid", "files:read"};
    auto s = code_flow::start(as_metadata(), oidc);
    BOOST_REQUIRE(s);
    BOOST_TEST(s->pending.nonce.size() == 43u);
    auto q = form::decode(s->authorization_url.encoded_query());
    BOOST_REQUIRE(q);
    BOOST_TEST(*q->find("nonce") == s->pending.nonce);
    BOOST_TEST(*q->find("scope") == "openid files:read");
    auto again = code_flow::start(as_metadata(), oidc);
    BOOST_REQUIRE(again);
    BOOST_TEST(again->pending.nonce != s->pending.nonce);

    // "openid" must be a scope token of its own, not a part of one.
    auto lookalike = params();
    lookalike.scope = {"openid:profile", "xopenid"};
    auto l = code_flow::start(as_metadata(), lookalike);
    BOOST_REQUIRE(l);
    BOOST_TEST(l->pending.nonce.empty());
    BOOST_TEST(!form::decode(l->authorization_url.encoded_query())->find("nonce"));

    auto opted_out = oidc;
    opted_out.send_nonce = false;
    auto o = code_flow::start(as_metadata(), opted_out);
    BOOST_REQUIRE(o);
    BOOST_TEST(o->pending.nonce.empty());
    BOOST_TEST(!form::decode(o->authorization_url.encoded_query())->find("nonce"));
}

BOOST_AUTO_TEST_CASE(start_refusals) {
    auto m = as_metadata();
    m.authorization_endpoint.reset();
    BOOST_TEST((code_flow::start(m, params()).error() == error::missing_member));

    m = as_metadata();
    m.code_challenge_methods_supported = std::vector<std::string>{"plain"};
    BOOST_TEST((code_flow::start(m, params()).error() == error::pkce_required));
    m.code_challenge_methods_supported.reset();
    BOOST_TEST(code_flow::start(m, params()).has_value());
    auto strict = params();
    strict.require_s256_advertised = true;
    BOOST_TEST((code_flow::start(m, strict).error() == error::pkce_required));

    m = as_metadata();
    m.require_pushed_authorization_requests = true;
    BOOST_TEST((code_flow::start(m, params()).error() == error::unsupported_operation));

    auto p = params();
    p.redirect_uri.clear();
    BOOST_TEST((code_flow::start(as_metadata(), p).error() == error::missing_argument));
    p = params();
    p.client_id.clear();
    BOOST_TEST((code_flow::start(as_metadata(), p).error() == error::missing_argument));
    p = params();
    p.resource = {"not absolute"};
    BOOST_TEST((code_flow::start(as_metadata(), p).error() == error::invalid_argument));

    auto failing = [](std::span<unsigned char>) { return false; };
    BOOST_TEST((code_flow::start(as_metadata(), params(), failing).error() == error::random_failure));
}

// RFC 6749 §4.1.3: the callback checks out, the code is exchanged with the verifier, the response is read.
BOOST_AUTO_TEST_CASE(finish_exchanges_the_code) {
    auto s = code_flow::start(iss_metadata(), params());
    BOOST_REQUIRE(s);
    auto const now = test::fixed_now();
    scripted_executor ex;
    ex.expect_post("https://as.example/token", exchange_body(s->pending, "SplxlOBeZQQYbYS6WxSbIA"),
                   response(200, token_json));
    auto t = code_flow::finish("https://client.example/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=" + s->pending.state +
                                   "&iss=https%3A%2F%2Fas.example",
                               s->pending, iss_metadata(), oauth::client_authentication::public_client("s6BhdRkqt3"),
                               ex, now);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "2YotnFZFEjr1zCsicMWpAA");
    BOOST_TEST(t->refresh_token.reveal() == "tGzv3JOkF0XG5Qx2TlKWIA");
    BOOST_TEST((*t->expires_at == now + std::chrono::hours(1)));
}

// Issue 12: the code, the PKCE verifier and the client secret never come back through the peer's error text.
BOOST_AUTO_TEST_CASE(an_echoing_server_gets_no_secret_into_the_failure) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    test::echoing_server server;
    auto t = code_flow::finish("?code=SplxlOBeZQQYbYS6WxSbIA&state=" + s->pending.state, s->pending, as_metadata(),
                               oauth::client_authentication::secret_post("s6BhdRkqt3", secret("gX1fBat3bV-long")),
                               server, test::fixed_now());
    BOOST_REQUIRE(!t);
    auto secrets = test::client_secret_spellings("s6BhdRkqt3", "gX1fBat3bV-long");
    secrets.emplace_back("SplxlOBeZQQYbYS6WxSbIA");
    secrets.emplace_back(s->pending.code_verifier.reveal());
    test::expect_redacted(t.error(), secrets, "https%3A%2F%2Fclient.example%2Fcb");
}

// Confidential clients authenticate with what they registered (client_secret_basic here).
BOOST_AUTO_TEST_CASE(finish_with_client_secret_basic) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    scripted_executor ex;
    ex.expect({.method = "POST",
               .url = "https://as.example/token",
               .body = form{{"grant_type", "authorization_code"},
                            {"code", "c"},
                            {"redirect_uri", "https://client.example/cb"},
                            {"code_verifier", s->pending.code_verifier.reveal()},
                            {"resource", "https://rs.example/mcp"}}
                           .encode(),
               .headers = {{"Authorization", "Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW"}},
               .answer = response(200, token_json)});
    auto t = code_flow::finish("?code=c&state=" + s->pending.state, s->pending, as_metadata(),
                               oauth::client_authentication::secret_basic("s6BhdRkqt3", secret("gX1fBat3bV")), ex,
                               test::fixed_now());
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_TEST(t.has_value());
}

// RFC 9207 §2.4: iss required when advertised, always compared when present; nothing is sent on failure.
BOOST_AUTO_TEST_CASE(rfc9207_issuer_identification) {
    auto s = code_flow::start(iss_metadata(), params());
    BOOST_REQUIRE(s);
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    auto const state = "&state=" + s->pending.state;
    scripted_executor ex;  // expects nothing
    BOOST_TEST((code_of(code_flow::finish("?code=c" + state, s->pending, iss_metadata(), client, ex,
                                          test::fixed_now())) == error::missing_member));
    BOOST_TEST((code_of(code_flow::finish("?code=c&iss=https%3A%2F%2Fevil.example" + state, s->pending,
                                          iss_metadata(), client, ex, test::fixed_now())) == error::wrong_issuer));
    // Not advertised: absent is fine (checked by check_callback), a wrong one is still refused.
    auto plain = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(plain);
    BOOST_TEST(code_flow::check_callback("?code=c&state=" + plain->pending.state, plain->pending, as_metadata())
                   .has_value());
    BOOST_TEST((code_of(code_flow::check_callback("?code=c&iss=https%3A%2F%2Fevil.example&state=" +
                                                      plain->pending.state,
                                                  plain->pending, as_metadata())) == error::wrong_issuer));
    BOOST_TEST(test::problems_of(ex) == "");
}

// MCP 2026-07-28 "Authorization Response Validation", every row of its table (RFC 9207 §2.4):
//   advertised true,  iss present → compare (simple string comparison, no normalisation)
//   advertised true,  iss absent  → reject
//   false or absent,  iss present → compare all the same
//   false or absent,  iss absent  → proceed
// and on an error response, a mismatched iss hides the error itself.
BOOST_AUTO_TEST_CASE(rfc9207_table_every_row) {
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    for (std::optional<bool> advertised : {std::optional<bool>(true), std::optional<bool>(false), std::optional<bool>()}) {
        auto as = as_metadata();
        as.authorization_response_iss_parameter_supported = advertised;
        auto s = code_flow::start(as, params()).value();
        auto const state = "&state=" + s.pending.state;
        auto check = [&](std::string const& query) {
            auto r = code_flow::check_callback("https://client.example/cb?" + query + state, s.pending, as);
            return r ? error{} : static_cast<error>(r.error().code.value());
        };
        BOOST_TEST_CONTEXT("advertised " << (advertised ? (*advertised ? "true" : "false") : "absent")) {
            BOOST_TEST((check("code=c&iss=https%3A%2F%2Fas.example") == error{}));
            BOOST_TEST((check("code=c&iss=https%3A%2F%2Fas%2Eexample") == error{}));  // form-decoded first
            for (auto wrong : {"https%3A%2F%2Fevil.example", "https%3A%2F%2FAS.example", "https%3A%2F%2Fas.example%2F",
                               "https%3A%2F%2Fas.example%3A443", "HTTPS%3A%2F%2Fas.example", "https%3A%2F%2Fas.example.evil"})
                BOOST_TEST((check(std::string("code=c&iss=") + wrong) == error::wrong_issuer), wrong);
            BOOST_TEST((check("code=c") == (advertised.value_or(false) ? error::missing_member : error{})));
            // An error response with another issuer's iss: refused as such, its error never surfaced.
            auto forged = code_flow::check_callback(
                "https://client.example/cb?error=access_denied&iss=https%3A%2F%2Fevil.example" + state, s.pending, as);
            BOOST_REQUIRE(!forged);
            BOOST_TEST((forged.error().code == error::wrong_issuer));
            BOOST_TEST(!forged.error().response);
        }
    }
}

// RFC 6749 §4.1.2.1: the user said no — a distinct code, the peer's response kept, no token request.
BOOST_AUTO_TEST_CASE(access_denied_is_distinct) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    scripted_executor ex;
    auto t = code_flow::finish("https://client.example/cb?error=access_denied&error_description=User+said+no&state=" +
                                   s->pending.state,
                               s->pending, as_metadata(), oauth::client_authentication::public_client("s6BhdRkqt3"),
                               ex, test::fixed_now());
    BOOST_REQUIRE(!t);
    BOOST_TEST(oauth::is_access_denied(t.error()));
    BOOST_TEST(t.error().response->error_description == "User said no");
    BOOST_TEST(ex.calls() == 0u);
}

// CSRF: a callback with another state is refused before anything is sent.
BOOST_AUTO_TEST_CASE(state_mismatch_and_foreign_records) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    scripted_executor ex;
    BOOST_TEST((code_of(code_flow::finish("?code=c&state=forged", s->pending, as_metadata(), client, ex,
                                          test::fixed_now())) == error::state_mismatch));
    BOOST_TEST((code_of(code_flow::finish("?code=c", s->pending, as_metadata(), client, ex, test::fixed_now())) ==
                error::state_mismatch));
    // The pending record belongs to another authorization server (mix-up): refused.
    auto other = as_metadata();
    other.issuer = "https://other.example";
    BOOST_TEST((code_of(code_flow::finish("?code=c&state=" + s->pending.state, s->pending, other, client, ex,
                                          test::fixed_now())) == error::wrong_issuer));
    // Another client: refused.
    BOOST_TEST((code_of(code_flow::finish("?code=c&state=" + s->pending.state, s->pending, as_metadata(),
                                          oauth::client_authentication::public_client("someone-else"), ex,
                                          test::fixed_now())) == error::invalid_argument));
    // An empty record (never started) is refused.
    BOOST_TEST((code_of(code_flow::check_callback("?code=c", {}, as_metadata())) == error::missing_argument));
    BOOST_TEST(ex.calls() == 0u);
}

// The token endpoint's error response reaches the caller intact; transport errors too.
BOOST_AUTO_TEST_CASE(token_endpoint_errors) {
    auto s = code_flow::start(as_metadata(), params());
    BOOST_REQUIRE(s);
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    scripted_executor ex;
    ex.expect_post("https://as.example/token", exchange_body(s->pending, "c"),
                   response(400, R"({"error":"invalid_grant","error_description":"code used"})"));
    ex.expect({.method = "POST", .url = "https://as.example/token", .answer = make_error_code(error::unsupported_operation)});
    auto t = code_flow::finish("?code=c&state=" + s->pending.state, s->pending, as_metadata(), client, ex,
                               test::fixed_now());
    BOOST_REQUIRE(!t);
    BOOST_TEST((t.error().code == error::invalid_grant));
    BOOST_TEST(t.error().response->status == 400u);
    auto t2 = code_flow::finish("?code=c&state=" + s->pending.state, s->pending, as_metadata(), client, ex,
                                test::fixed_now());
    BOOST_TEST((code_of(t2) == error::unsupported_operation));
    BOOST_TEST(test::problems_of(ex) == "");

    auto no_token_endpoint = as_metadata();
    no_token_endpoint.token_endpoint.reset();
    BOOST_TEST((code_of(code_flow::finish("?code=c&state=" + s->pending.state, s->pending, no_token_endpoint, client,
                                          ex, test::fixed_now())) == error::missing_member));
}

// An OpenID provider: the driver-test server with a jwks_uri, ES256 ID tokens, and `openid` requested.
oauth::authorization_server_metadata oidc_metadata() {
    auto m = as_metadata();
    m.jwks_uri = "https://as.example/jwks";
    m.id_token_signing_alg_values_supported = std::vector<std::string>{"RS256", "ES256"};
    return m;
}

code_flow::parameters oidc_params() {
    auto p = params();
    p.scope = {"openid", "files:read"};
    return p;
}

// A token response carrying `id_token`.
std::string token_json_with(std::string const& id_token) {
    auto o = boost::json::parse(token_json).as_object();
    o["id_token"] = id_token;
    return boost::json::serialize(o);
}

// OpenID Connect Core §3.1.3.7: with a nonce sent and an ID token back, finish fetches the JWK Set and verifies
// the ID token; its claims come back with the tokens.
BOOST_AUTO_TEST_CASE(finish_verifies_the_id_token) {
    test::id_token_provider op;
    auto const now = test::fixed_now();
    auto s = code_flow::start(oidc_metadata(), oidc_params());
    BOOST_REQUIRE(s);
    BOOST_REQUIRE(!s->pending.nonce.empty());
    auto const id_token = op.mint("https://as.example", "s6BhdRkqt3", s->pending.nonce, now);
    scripted_executor ex;
    ex.expect_post("https://as.example/token", exchange_body(s->pending, "c"), response(200, token_json_with(id_token)));
    ex.expect({.method = "GET",
               .url = "https://as.example/jwks",
               .headers = {{"Accept", "application/json"}},
               .answer = response(200, op.jwks_json())});
    auto t = code_flow::finish("?code=c&state=" + s->pending.state, s->pending, oidc_metadata(),
                               oauth::client_authentication::public_client("s6BhdRkqt3"), ex, now);
    BOOST_TEST(test::problems_of(ex) == "");
    BOOST_REQUIRE(t);
    BOOST_TEST(t->access_token.reveal() == "2YotnFZFEjr1zCsicMWpAA");
    BOOST_TEST(t->id_token.value() == id_token);
    BOOST_REQUIRE(t->verified_id_token);
    BOOST_TEST(t->verified_id_token->claims.sub.value() == "alice");
    BOOST_TEST(std::string_view(t->verified_id_token->claims.custom.at("nonce").as_string()) == s->pending.nonce);
    // What finish returns is a token response: it goes wherever one does.
    oauth::token_response const& plain = *t;
    BOOST_TEST(plain.refresh_token.reveal() == "tGzv3JOkF0XG5Qx2TlKWIA");
}

// An ID token that does not check out fails the exchange: wrong nonce, another issuer's key, an algorithm the
// server does not advertise; and no JWK Set (absent jwks_uri, a 404) means no tokens.
BOOST_AUTO_TEST_CASE(finish_refuses_an_id_token_that_does_not_verify) {
    test::id_token_provider op;
    auto const now = test::fixed_now();
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    auto run = [&](oauth::authorization_server_metadata const& as, auto mint, std::optional<http_response> jwks) {
        auto s = code_flow::start(as, oidc_params()).value();
        scripted_executor ex;
        ex.expect_post("https://as.example/token", exchange_body(s.pending, "c"),
                       response(200, token_json_with(mint(s.pending.nonce))));
        if (jwks) ex.expect_get("https://as.example/jwks", *jwks);
        auto t = code_flow::finish("?code=c&state=" + s.pending.state, s.pending, as, client, ex, now);
        BOOST_TEST(test::problems_of(ex) == "");
        return t ? error{} : static_cast<error>(t.error().code.value());
    };
    auto good = [&](std::string const& nonce) { return op.mint("https://as.example", "s6BhdRkqt3", nonce, now); };
    auto keys = std::optional<http_response>(response(200, op.jwks_json()));
    BOOST_TEST((run(oidc_metadata(), good, keys) == error{}));
    BOOST_TEST((run(oidc_metadata(), [&](std::string const&) { return good("other-nonce"); }, keys) ==
                error::nonce_mismatch));
    BOOST_TEST((run(oidc_metadata(),
                    [&](std::string const& n) { return op.mint("https://evil.example", "s6BhdRkqt3", n, now); },
                    keys) == error::wrong_issuer));
    BOOST_TEST((run(oidc_metadata(),
                    [&](std::string const& n) { return op.mint("https://as.example", "someone-else", n, now); },
                    keys) == error::wrong_audience));
    test::id_token_provider impostor;
    BOOST_TEST((run(oidc_metadata(), good, std::optional<http_response>(response(200, impostor.jwks_json()))) ==
                error::signature_invalid));
    auto rs256_only = oidc_metadata();
    rs256_only.id_token_signing_alg_values_supported = std::vector<std::string>{"RS256"};
    BOOST_TEST((run(rs256_only, good, keys) == error::algorithm_not_allowed));
    BOOST_TEST((run(oidc_metadata(), good, std::optional<http_response>(response(404, "", ""))) ==
                error::unexpected_status));
    auto no_jwks = oidc_metadata();
    no_jwks.jwks_uri.reset();
    BOOST_TEST((run(no_jwks, good, std::nullopt) == error::missing_member));
}

// No ID token back, or none asked for with a nonce: nothing to verify, no JWK Set request.
BOOST_AUTO_TEST_CASE(finish_without_an_id_token_to_verify) {
    auto const now = test::fixed_now();
    auto const client = oauth::client_authentication::public_client("s6BhdRkqt3");
    {
        auto s = code_flow::start(oidc_metadata(), oidc_params()).value();
        scripted_executor ex;
        ex.expect_post("https://as.example/token", exchange_body(s.pending, "c"), response(200, token_json));
        auto t = code_flow::finish("?code=c&state=" + s.pending.state, s.pending, oidc_metadata(), client, ex, now);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(t);
        BOOST_TEST(!t->id_token);
        BOOST_TEST(!t->verified_id_token);
    }
    {  // no openid, so no nonce: an ID token the server sends anyway is passed through unverified
        auto s = code_flow::start(oidc_metadata(), params()).value();
        scripted_executor ex;
        ex.expect_post("https://as.example/token", exchange_body(s.pending, "c"),
                       response(200, token_json_with("unverified.id.token")));
        auto t = code_flow::finish("?code=c&state=" + s.pending.state, s.pending, oidc_metadata(), client, ex, now);
        BOOST_TEST(test::problems_of(ex) == "");
        BOOST_REQUIRE(t);
        BOOST_TEST(t->id_token.value() == "unverified.id.token");
        BOOST_TEST(!t->verified_id_token);
    }
}

// The same flow driven by hand, as an async user would: the token request, then the JWK Set request.
BOOST_AUTO_TEST_CASE(completion_as_a_sans_io_flow) {
    test::id_token_provider op;
    auto const now = test::fixed_now();
    auto s = code_flow::start(oidc_metadata(), oidc_params()).value();
    auto c = code_flow::completion::begin("?code=c&state=" + s.pending.state, s.pending, oidc_metadata(),
                                          oauth::client_authentication::public_client("s6BhdRkqt3"), now);
    auto s1 = c.next();
    BOOST_REQUIRE(std::holds_alternative<http_request>(s1));
    BOOST_TEST(std::get<http_request>(s1).url.buffer() == "https://as.example/token");
    c.on_response(response(200, token_json_with(op.mint("https://as.example", "s6BhdRkqt3", s.pending.nonce, now))));
    auto s2 = c.next();
    BOOST_REQUIRE(std::holds_alternative<http_request>(s2));
    BOOST_TEST(std::get<http_request>(s2).url.buffer() == "https://as.example/jwks");
    c.on_response(response(200, op.jwks_json()));
    auto s3 = c.next();
    BOOST_REQUIRE(std::holds_alternative<outcome<code_flow::finished_authorization>>(s3));
    auto const& done = std::get<outcome<code_flow::finished_authorization>>(s3);
    BOOST_REQUIRE(done);
    BOOST_TEST(done->verified_id_token.has_value());

    // A callback that does not check out finishes at once, with nothing to send.
    auto bad = code_flow::completion::begin("?code=c&state=forged", s.pending, oidc_metadata(),
                                            oauth::client_authentication::public_client("s6BhdRkqt3"), now);
    auto b = bad.next();
    BOOST_REQUIRE(std::holds_alternative<outcome<code_flow::finished_authorization>>(b));
    BOOST_TEST((std::get<outcome<code_flow::finished_authorization>>(b).error().code == error::state_mismatch));

    // No response: the transport's error ends it.
    auto lost = code_flow::completion::begin("?code=c&state=" + s.pending.state, s.pending, oidc_metadata(),
                                             oauth::client_authentication::public_client("s6BhdRkqt3"), now);
    lost.on_transport_error(make_error_code(error::unsupported_operation));
    BOOST_TEST((std::get<1>(lost.next()).error().code == error::unsupported_operation));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_code_flow_test
