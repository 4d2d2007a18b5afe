// Property: the open registration endpoint (RFC 7591 §3) registers only metadata the server can honour and
// answers with client information that is true. The input is an HTTP request in support.hpp's text form (a POST
// of a JSON object); each input registers into a fresh store. Checked for every response: 201, 400 or 405 (never
// 500), no CR/LF in a header, a JSON body, never cached; 400 is invalid_redirect_uri or invalid_client_metadata;
// 405 exactly for a method other than POST. Judged without authwire, a 201 comes only for a POST labelled
// application/json whose body is a JSON object without duplicate members, and then:
//  - the answer reads with authwire's client (oauth::parse_registration_response), with a client_id the store
//    now holds;
//  - every redirect URI is one the request sent, and https or http to a loopback host (support: checked with
//    Boost.URL); authorization_code (the default) requires at least one; grant types are among
//    authorization_code, refresh_token, client_credentials; response_types only "code";
//  - token_endpoint_auth_method is none, client_secret_basic or client_secret_post (default basic); a secret is
//    issued exactly when it is not none, never expires, and authenticates the client at the token endpoint's
//    client authentication; client_credentials never for a public client;
//  - scopes are ones the server supports; the software statement is not echoed.
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/registration_endpoint.hpp>

#include "client_support.hpp"
#include "server_support.hpp"

#include <authwire/oauth/registration.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto w = std::make_unique<fuzz::server::world>();
    server::memory_client_store store;
    auto const req = fuzz::parse_request(fuzz::text_of(data, size));
    auto const resp = server::handle_registration(req, fuzz::server::now, store, w->config);
    fuzz::trace("registration: %u %s", resp.status, resp.body.c_str());
    auto const body = fuzz::check_response(resp);
    fuzz::check_no_store(resp);
    FUZZ_CHECK(body.has_value());
    FUZZ_CHECK(resp.status == 201 || resp.status == 400 || resp.status == 405);
    FUZZ_CHECK((resp.status == 405) == (req.method != "POST"));
    if (resp.status == 400)
        FUZZ_CHECK(body->at("error") == "invalid_redirect_uri" || body->at("error") == "invalid_client_metadata");
    if (resp.status != 201) {
        FUZZ_CHECK(store.size() == 0);
        return 0;
    }

    FUZZ_CHECK(req.method == "POST" && fuzz::server::content_type_is(req, "application/json"));
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(req.body));
    auto const sent = authwire::parse_json_object(req.body);
    FUZZ_CHECK(sent.has_value());
    auto info = oauth::parse_registration_response(resp);
    FUZZ_CHECK(info.has_value() && !info->client_id.empty() && store.size() == 1);
    auto record = store.find_client(info->client_id);
    FUZZ_CHECK(record.has_value() && record->has_value());
    auto const& m = info->metadata;

    std::vector<std::string> sent_uris;
    if (auto const* u = sent->if_contains("redirect_uris"))
        for (auto const& e : u->as_array()) sent_uris.emplace_back(e.as_string());
    for (auto const& uri : m.redirect_uris) {
        FUZZ_CHECK(std::find(sent_uris.begin(), sent_uris.end(), uri) != sent_uris.end());
        FUZZ_CHECK(fuzz::client::is_http_url(uri, true) || fuzz::client::is_loopback_http(uri));
    }
    auto has = [](std::vector<std::string> const& v, std::string_view s) {
        return std::find(v.begin(), v.end(), s) != v.end();
    };
    FUZZ_CHECK(!m.grant_types.empty());
    for (auto const& g : m.grant_types)
        FUZZ_CHECK(g == "authorization_code" || g == "refresh_token" || g == "client_credentials");
    for (auto const& r : m.response_types) FUZZ_CHECK(r == "code");
    if (has(m.grant_types, "authorization_code")) FUZZ_CHECK(!m.redirect_uris.empty());
    auto const method = m.token_endpoint_auth_method.value_or("");
    FUZZ_CHECK(method == "none" || method == "client_secret_basic" || method == "client_secret_post");
    if (!sent->contains("token_endpoint_auth_method")) FUZZ_CHECK(method == "client_secret_basic");
    FUZZ_CHECK(info->client_secret.empty() == (method == "none"));
    FUZZ_CHECK(!info->client_secret_expires_at && !info->quirks_seen.secret_without_expiry);
    if (method == "none") FUZZ_CHECK(!has(m.grant_types, "client_credentials"));
    for (auto const& s : m.scope) FUZZ_CHECK(w->config.supports_scope(s));
    FUZZ_CHECK(!body->contains("software_statement"));

    // The secret it handed out authenticates the client it registered.
    http_request token_req;
    token_req.method = "POST";
    form f;
    if (method == "client_secret_basic") {
        token_req.headers.append("Authorization",
                                 "Basic " + base64_encode(form_encode_component(info->client_id) + ":" +
                                                          form_encode_component(info->client_secret.reveal())));
    } else {
        f.add("client_id", info->client_id);
        if (method == "client_secret_post") f.add("client_secret", info->client_secret.reveal());
    }
    auto const authenticated = server::authenticate_client(token_req, f, store);
    FUZZ_CHECK(authenticated.has_value() && authenticated->client.client_id == info->client_id);
    return 0;
}
