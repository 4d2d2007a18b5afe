// Property: the token endpoint (RFC 6749 §3.2, §4.1.3, §4.4, §6; RFC 7636 §4.6; RFC 9700 §4.14) issues tokens
// only for a request that deserves them, answers everything else with a well-formed error, and never lets a code
// or a refresh token work twice. The input is an HTTP request in support.hpp's text form, its placeholders
// ({code0}, {verifier0}, {rt0} …) replaced by what server_support.hpp's world issued; the world is rebuilt for
// every input. Checked for every response: a real status, header values without CR/LF, a JSON body whose error
// (if any) is an RFC 6749 §5.2 string, Cache-Control: no-store; the status is 200, 400, 401 or 405, never 500;
// 405 exactly for a method other than POST; 401 is invalid_client, with a Basic challenge exactly when the
// request had an Authorization header. A 200 comes only when, judged without authwire:
//  - the request is a POST with a form body (Content-Type application/x-www-form-urlencoded) that decodes,
//    with grant_type and the other single-valued parameters at most once;
//  - the client authenticated with the method it registered and its secret (server_support.hpp), and is
//    registered for that grant type;
//  - authorization_code: the code is one issued to this client, the verifier's S256 is its challenge (a code
//    issued without one never succeeds: PKCE downgrade), and redirect_uri is the one the code was sent to
//    (required when the authorization request carried it); refresh_token: the refresh token is one issued to
//    this client; client_credentials: the client is confidential;
// and then the body is a token response authwire's client reads (Bearer, expires_in), whose access token the
// format reads back for this client, an audience among the configured resources and a scope it supports.
// Replay: the same request sent again fails with invalid_grant for a code or a refresh token, and then the
// grant is revoked — the refresh token the first answer carried no longer works, and its access token's grant
// is on the revocation list (RFC 6749 §4.1.2, §10.5; RFC 9700 §4.14.2).
#include <authwire/server/token_endpoint.hpp>

#include "server_support.hpp"

#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/token_response.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace authwire;
using fuzz::server::now;

http_response handle(fuzz::server::world& w, http_request const& req) {
    return server::handle_token_request(
        req, now, server::token_endpoint_stores{w.clients, w.codes, w.refresh_tokens, w.revocations}, *w.format,
        w.config);
}

std::string error_of(boost::json::object const& body) {
    return std::string(body.at("error").as_string());
}

// Everything a 200 must have been, judged without authwire.
fuzz::server::known_client const& check_deserved(fuzz::server::world const& w, http_request const& req) {
    FUZZ_CHECK(req.method == "POST" && fuzz::server::content_type_is(req, "application/x-www-form-urlencoded"));
    auto body = fuzz::server::form_decode(req.body);
    FUZZ_CHECK(body.has_value());
    for (auto const* name : {"grant_type", "code", "redirect_uri", "code_verifier", "refresh_token", "scope"})
        FUZZ_CHECK(fuzz::server::values_of(*body, name).size() <= 1);
    auto const* client = fuzz::server::authenticated_client(req, *body);
    FUZZ_CHECK(client != nullptr);
    auto const grant = fuzz::server::values_of(*body, "grant_type");
    FUZZ_CHECK(grant.size() == 1);
    FUZZ_CHECK(std::find(client->grant_types.begin(), client->grant_types.end(), grant.front()) !=
               client->grant_types.end());
    auto one = [&](char const* name) {
        auto v = fuzz::server::values_of(*body, name);
        return v.empty() ? std::optional<std::string>() : std::optional<std::string>(v.front());
    };
    if (grant.front() == "authorization_code") {
        auto const code = one("code");
        auto const verifier = one("code_verifier");
        auto const redirect = one("redirect_uri");
        bool found = false;
        for (auto const& c : w.issued_codes) {
            if (!code || c.code != *code) continue;
            found = true;
            FUZZ_CHECK(c.client_id == client->id);
            FUZZ_CHECK(!c.challenge.empty() && verifier && fuzz::server::s256(*verifier) == c.challenge);
            if (c.redirect_uri_in_request) FUZZ_CHECK(redirect.has_value());
            if (redirect) FUZZ_CHECK(*redirect == c.redirect_uri);
        }
        FUZZ_CHECK(found);
    } else if (grant.front() == "refresh_token") {
        auto const rt = one("refresh_token");
        bool found = false;
        for (auto const& r : w.issued_refresh_tokens)
            found = found || (rt && r.token == *rt && r.client_id == client->id);
        FUZZ_CHECK(found);
    } else {
        FUZZ_CHECK(grant.front() == "client_credentials" && !client->secret.empty());
    }
    return *client;
}

// The token response of a 200: read it as a client would, and read its access token back.
std::optional<oauth::token_response> check_tokens(fuzz::server::world const& w, http_response const& resp,
                                                  fuzz::server::known_client const& client) {
    auto t = oauth::parse_token_response(resp, now);
    FUZZ_CHECK(t.has_value() && t->is_bearer() && t->expires_at == now + std::chrono::hours(1));
    auto info = w.format->read(t->access_token.reveal(), now);
    FUZZ_CHECK(info.has_value() && info->client_id == client.id && info->issuer == fuzz::server::issuer);
    FUZZ_CHECK(!info->audience.empty());
    for (auto const& a : info->audience)
        FUZZ_CHECK(std::find(w.config.resources.begin(), w.config.resources.end(), a) != w.config.resources.end());
    FUZZ_CHECK(!oauth::any_scope_token(info->scope,
                                       [&](std::string_view s) { return !s.empty() && !w.config.supports_scope(s); }));
    bool const refreshable =
        std::find(client.grant_types.begin(), client.grant_types.end(), "refresh_token") != client.grant_types.end();
    if (!refreshable || info->subject == client.id) FUZZ_CHECK(t->refresh_token.empty());
    return std::move(*t);
}

void check_response(http_request const& req, http_response const& resp) {
    auto body = fuzz::check_response(resp);
    fuzz::check_no_store(resp);
    FUZZ_CHECK(body.has_value());
    FUZZ_CHECK(resp.status == 200 || resp.status == 400 || resp.status == 401 || resp.status == 405);
    FUZZ_CHECK((resp.status == 405) == (req.method != "POST"));
    if (resp.status == 401) {
        FUZZ_CHECK(error_of(*body) == "invalid_client");
        auto const challenge = resp.header("WWW-Authenticate");
        FUZZ_CHECK(challenge.has_value() == req.headers.contains("Authorization"));
        if (challenge) FUZZ_CHECK(challenge->starts_with("Basic "));
    }
}

http_request refresh_request(fuzz::server::known_client const& client, std::string_view refresh_token) {
    http_request r;
    r.method = "POST";
    r.url = boost::urls::url("https://as.example/token");
    r.headers.append("Content-Type", "application/x-www-form-urlencoded");
    form f{{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}};
    if (client.method == "client_secret_basic") {
        r.headers.append("Authorization", "Basic " + base64_encode(form_encode_component(client.id) + ":" +
                                                                   form_encode_component(client.secret)));
    } else {
        f.add("client_id", client.id);
        if (client.method == "client_secret_post") f.add("client_secret", client.secret);
    }
    r.body = f.encode();
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto w = std::make_unique<fuzz::server::world>();
    auto const req = fuzz::parse_request(w->expand(fuzz::text_of(data, size)));
    auto const resp = handle(*w, req);
    fuzz::trace("token endpoint: %u %s", resp.status, resp.body.c_str());
    check_response(req, resp);
    if (resp.status != 200) return 0;

    auto const& client = check_deserved(*w, req);
    auto tokens = check_tokens(*w, resp, client);
    auto const grant = fuzz::server::values_of(*fuzz::server::form_decode(req.body), "grant_type").front();
    if (grant == "client_credentials") return 0;

    // Replay: the same code or refresh token again.
    auto const again = handle(*w, req);
    check_response(req, again);
    FUZZ_CHECK(again.status == 400 && error_of(*fuzz::check_response(again)) == "invalid_grant");
    // …and the grant it started is gone: its refresh token is refused, its access token's grant revoked.
    if (!tokens->refresh_token.empty()) {
        auto const r = handle(*w, refresh_request(client, tokens->refresh_token.reveal()));
        FUZZ_CHECK(r.status == 400 && error_of(*fuzz::check_response(r)) == "invalid_grant");
    }
    auto info = w->format->read(tokens->access_token.reveal(), now);
    FUZZ_CHECK(info.has_value() && !info->family_id.empty());
    auto revoked = w->revocations.is_revoked(info->family_id, info->jti, now);
    FUZZ_CHECK(revoked.has_value() && *revoked);
    return 0;
}
