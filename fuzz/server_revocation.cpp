// Property: the revocation endpoint (RFC 7009 §2.1–2.2) revokes only what the authenticated client owns, revokes
// all of it (a refresh token takes its whole grant with it, access tokens included), and answers unknown tokens
// with 200 without revoking anything. The input is an HTTP request in support.hpp's text form against
// server_support.hpp's world ({at0} {at1} {at2} access tokens, {rt0} {rt1} refresh tokens). Checked for every
// response: a real status (200, 400, 401, 405 — never 500 or 503 with these stores), no CR/LF in a header, JSON
// errors, never cached. Then, judged without authwire, by what the endpoint says it did:
//  - access_token_revoked ⇒ the token is an issued access token of the authenticated client (server_support.hpp's
//    reading), and afterwards its jti is on the revocation list;
//  - refresh_family_revoked ⇒ the token is an issued refresh token of that client, and afterwards a refresh with
//    it fails (invalid_grant) and the grant's access token is revoked;
//  - foreign_token ⇒ 400 unauthorized_client, the token belongs to another client, and nothing was revoked;
//  - unknown_token ⇒ 200, and nothing the world issued was revoked;
//  - refused ⇒ not 200, and nothing revoked.
#include <authwire/server/revocation_endpoint.hpp>
#include <authwire/server/token_endpoint.hpp>

#include "server_support.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace authwire;
using fuzz::server::now;

bool any_revoked(fuzz::server::world& w) {
    for (auto const& t : w.issued_access_tokens) {
        auto r = w.revocations.is_revoked(t.family_id, t.jti, now);
        FUZZ_CHECK(r.has_value());
        if (*r) return true;
    }
    return false;
}

// Is the refresh token still its grant's live one? (A read of the store: nothing changes.)
bool refresh_live(fuzz::server::world& w, fuzz::server::issued_refresh const& rt) {
    auto found = w.refresh_tokens.find_refresh_token(server::hash_token(rt.token).value(), now);
    FUZZ_CHECK(found.has_value());
    return *found && (*found)->state == server::refresh_token_state::active;
}

bool refresh_works(fuzz::server::world& w, fuzz::server::issued_refresh const& rt) {
    http_request r;
    r.method = "POST";
    r.url = boost::urls::url("https://as.example/token");
    r.headers.append("Content-Type", "application/x-www-form-urlencoded");
    auto const* c = fuzz::server::find_known(rt.client_id);
    form f{{"grant_type", "refresh_token"}, {"refresh_token", rt.token}};
    if (c->method == "client_secret_basic")
        r.headers.append("Authorization", "Basic " + base64_encode(c->id + ":" + form_encode_component(c->secret)));
    else
        f.add("client_id", c->id);
    r.body = f.encode();
    auto const resp = server::handle_token_request(
        r, now, server::token_endpoint_stores{w.clients, w.codes, w.refresh_tokens, w.revocations}, *w.format,
        w.config);
    return resp.status == 200;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using outcome = server::revocation_outcome;
    auto w = std::make_unique<fuzz::server::world>();
    auto const req = fuzz::parse_request(w->expand(fuzz::text_of(data, size)));
    auto const result = server::handle_revocation_request(req, now, w->clients, w->refresh_tokens, w->revocations,
                                                          *w->format, w->config);
    auto const& resp = result.response;
    fuzz::trace("revocation: %u outcome %d", resp.status, static_cast<int>(result.outcome));
    auto const body = fuzz::check_response(resp);
    fuzz::check_no_store(resp);
    FUZZ_CHECK(resp.status == 200 || resp.status == 400 || resp.status == 401 || resp.status == 405);
    if (resp.status != 200) FUZZ_CHECK(body.has_value());
    if (result.outcome == outcome::refused || result.outcome == outcome::foreign_token ||
        result.outcome == outcome::unknown_token) {
        FUZZ_CHECK(!any_revoked(*w));
        for (auto const& rt : w->issued_refresh_tokens) FUZZ_CHECK(refresh_live(*w, rt));
        FUZZ_CHECK((resp.status == 200) == (result.outcome == outcome::unknown_token));
        if (result.outcome == outcome::foreign_token) FUZZ_CHECK(body->at("error") == "unauthorized_client");
        return 0;
    }
    FUZZ_CHECK(resp.status == 200);
    auto const form = fuzz::server::form_decode(req.body);
    FUZZ_CHECK(req.method == "POST" && form.has_value());
    auto const* client = fuzz::server::authenticated_client(req, *form);
    FUZZ_CHECK(client != nullptr);
    auto const token = fuzz::server::values_of(*form, "token");
    FUZZ_CHECK(token.size() == 1);
    if (result.outcome == outcome::access_token_revoked) {
        fuzz::server::issued_access const* at = nullptr;
        for (auto const& t : w->issued_access_tokens)
            if (t.token == token.front()) at = &t;
        FUZZ_CHECK(at != nullptr && at->client_id == client->id);
        auto r = w->revocations.is_revoked(at->family_id, at->jti, now);
        FUZZ_CHECK(r.has_value() && *r);
        return 0;
    }
    FUZZ_CHECK(result.outcome == outcome::refresh_family_revoked);
    fuzz::server::issued_refresh const* rt = nullptr;
    for (auto const& t : w->issued_refresh_tokens)
        if (t.token == token.front()) rt = &t;
    FUZZ_CHECK(rt != nullptr && rt->client_id == client->id);
    FUZZ_CHECK(!refresh_works(*w, *rt));
    for (auto const& t : w->issued_access_tokens)
        if (t.family_id == rt->family_id) {
            auto r = w->revocations.is_revoked(t.family_id, t.jti, now);
            FUZZ_CHECK(r.has_value() && *r);
        }
    return 0;
}
