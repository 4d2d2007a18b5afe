// Property: the introspection endpoint (RFC 7662 §2.1–2.3, §4) tells only an authenticated client, and only about
// a live token it may see, that the token is active. The input is an HTTP request in support.hpp's text form
// against server_support.hpp's world ({at0} … access tokens, {rt0} … refresh tokens; "resource-server" may see
// every token, other clients their own); a pseudo-header `X-Fuzz-Revoke: family` revokes rt0's grant first
// (rt0 and at0, as an RFC 7009 revocation would),
// `X-Fuzz-Public: 1` lets public clients introspect. Checked for every response: a real status (200, 400, 401,
// 405; never 500), no CR/LF in a header, a JSON body, never cached; 401 is invalid_client. Judged without authwire:
//  - a 200 answers an authenticated client (server_support.hpp's reading; a public one only when allowed) that
//    sent `token` once (and token_type_hint at most once); its body has a boolean "active";
//  - "active": true only for a token the world issued, not revoked, that the asking client may see; then
//    client_id is the owner, sub the user, exp in the future, and for an access token token_type Bearer and its
//    jti; the scope is valid.
#include <authwire/server/introspection_endpoint.hpp>

#include "server_support.hpp"

#include <cstdint>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto w = std::make_unique<fuzz::server::world>();
    auto const req = fuzz::parse_request(w->expand(fuzz::text_of(data, size)));
    bool const revoked_family = req.header("X-Fuzz-Revoke") == std::optional<std::string_view>("family");
    if (revoked_family)  // as RFC 7009 revocation of rt0 does: the refresh family and its access tokens
        FUZZ_CHECK(server::revoke_refresh_token(w->refresh_tokens, w->revocations, w->issued_refresh_tokens[0].token,
                                                "public-app", fuzz::server::now,
                                                w->config.refresh_tokens) == server::refresh_revocation::revoked);
    server::introspection_policy policy;
    auto config = w->config;
    config.public_client_introspection = req.header("X-Fuzz-Public") == std::optional<std::string_view>("1");
    policy.privileged_clients = {"resource-server"};
    auto const resp = server::handle_introspection_request(req, fuzz::server::now, w->clients, w->refresh_tokens,
                                                           w->revocations, *w->format, config, policy);
    fuzz::trace("introspection: %u %s", resp.status, resp.body.c_str());
    auto const body = fuzz::check_response(resp);
    fuzz::check_no_store(resp);
    FUZZ_CHECK(body.has_value());
    FUZZ_CHECK(resp.status == 200 || resp.status == 400 || resp.status == 401 || resp.status == 405);
    if (resp.status == 401) FUZZ_CHECK(body->at("error") == "invalid_client");
    if (resp.status != 200) return 0;

    auto const form = fuzz::server::form_decode(req.body);
    FUZZ_CHECK(req.method == "POST" && form.has_value());
    auto const* client = fuzz::server::authenticated_client(req, *form);
    FUZZ_CHECK(client != nullptr && (client->method != "none" || config.public_client_introspection));
    auto const token = fuzz::server::values_of(*form, "token");
    FUZZ_CHECK(token.size() == 1 && fuzz::server::values_of(*form, "token_type_hint").size() <= 1);
    auto const* active = body->if_contains("active");
    FUZZ_CHECK(active != nullptr && active->is_bool());
    if (!active->get_bool()) return 0;

    auto may_see = [&](std::string const& owner) { return owner == client->id || client->id == "resource-server"; };
    auto const& revoked = w->issued_refresh_tokens[0].family_id;
    std::string owner;
    for (auto const& t : w->issued_access_tokens)
        if (t.token == token.front()) {
            FUZZ_CHECK(!(revoked_family && t.family_id == revoked));
            FUZZ_CHECK(body->at("jti") == t.jti.c_str() && body->at("token_type") == "Bearer");
            owner = t.client_id;
        }
    for (auto const& t : w->issued_refresh_tokens)
        if (t.token == token.front()) {
            FUZZ_CHECK(!(revoked_family && t.family_id == revoked));
            owner = t.client_id;
        }
    FUZZ_CHECK(!owner.empty() && may_see(owner));  // active only for an issued token the asker may see
    FUZZ_CHECK(body->at("client_id") == owner.c_str() && body->at("sub").is_string());
    FUZZ_CHECK(body->at("exp").is_int64() && body->at("exp").get_int64() > 1767222000);
    if (auto const* scope = body->if_contains("scope"))
        FUZZ_CHECK(scope->is_string() && oauth::scope_set::parse(scope->get_string()));
    return 0;
}
