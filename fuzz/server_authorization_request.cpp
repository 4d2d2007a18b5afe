// Property: the authorization endpoint (RFC 6749 §4.1.1–4.1.2.1; RFC 7636 §4.4; RFC 8707; RFC 9207; RFC 9700
// §4.1) never sends the user anywhere but a registered redirect URI (or its loopback port variant), never asks
// for consent to a request that lacks what OAuth 2.1 requires, and builds well-formed responses. The input is an
// HTTP request in support.hpp's text form (GET /authorize?… or a form POST) against server_support.hpp's world.
// Checked for every response: a real status, no CR/LF in any header value (state and error descriptions end up
// in Location), never 500. Then, judged without authwire:
//  - a redirect (302) has one Location that begins with the request's redirect_uri — which must be a registered
//    one of the named client, byte for byte or a loopback IP literal with another port — or, without one, with
//    the client's only registered URI; then '?' (or '&' when that URI has a query) and parameters that decode to
//    an RFC 6749 §4.1.2.1 error, the issuer as iss (RFC 9207), and the state when one was sent;
//  - an error page (400, 405) is HTML with nosniff and a CSP, and has exactly the markup of the template: nothing
//    from the request ends up as a tag;
//  - consent is asked only for a request with one client_id of a registered client, a redirect URI as above,
//    response_type=code, a code_challenge with code_challenge_method=S256 (PKCE required, plain refused), no
//    response_mode but query, scopes the server and the client allow, resources the server knows.
// Then finish_authorization approves (Location with the code, the state and iss on the same redirect URI) and
// denies (error=access_denied) — both well-formed and never cached.
#include <authwire/server/authorization_endpoint.hpp>

#include "server_support.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace authwire;
using fuzz::server::now;
using params_t = std::vector<std::pair<std::string, std::string>>;

// The request's parameters as authorize() reads them (GET: the query; POST: a form body), decoded by hand.
std::optional<params_t> request_parameters(http_request const& req) {
    if (req.method == "GET") return fuzz::server::form_decode(req.url.encoded_query());
    if (req.method == "POST" && fuzz::server::content_type_is(req, "application/x-www-form-urlencoded"))
        return fuzz::server::form_decode(req.body);
    return std::nullopt;
}

std::optional<std::string> one(params_t const& p, std::string_view name) {
    auto v = fuzz::server::values_of(p, name);
    return v.size() == 1 ? std::optional<std::string>(v.front()) : std::nullopt;
}

// The redirect URI a response may go to, for this request: nullopt when there is none.
std::optional<std::string> allowed_redirect(params_t const& p) {
    auto const id = one(p, "client_id");
    auto const* c = id ? fuzz::server::find_known(*id) : nullptr;
    if (c == nullptr) return std::nullopt;
    auto const requested = fuzz::server::values_of(p, "redirect_uri");
    if (requested.size() > 1) return std::nullopt;
    if (requested.size() == 1)
        return fuzz::server::redirect_allowed(requested.front(), c->redirect_uris) ? std::optional(requested.front())
                                                                                   : std::nullopt;
    if (c->redirect_uris.size() == 1) return c->redirect_uris.front();
    return std::nullopt;
}

// A redirect's Location: the base, then '?' or '&', then parameters. Returns them decoded.
params_t check_location(http_response const& resp, std::string_view base) {
    FUZZ_CHECK(resp.headers.count("Location") == 1);
    fuzz::check_no_store(resp);
    auto const location = *resp.header("Location");
    FUZZ_CHECK(location.starts_with(base) && location.size() > base.size());
    FUZZ_CHECK(location[base.size()] == (base.find('?') == std::string_view::npos ? '?' : '&'));
    auto added = fuzz::server::form_decode(location.substr(base.size() + 1));
    FUZZ_CHECK(added.has_value());
    FUZZ_CHECK(one(*added, "iss") == std::optional<std::string>(fuzz::server::issuer));
    return std::move(*added);
}

std::size_t count_lt(std::string_view s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '<'));
}

void check_refusal(http_request const& req, http_response const& resp) {
    auto const p = request_parameters(req);
    if (resp.status == 302) {
        FUZZ_CHECK(p.has_value());
        auto const base = allowed_redirect(*p);
        FUZZ_CHECK(base.has_value());  // never redirect where the client did not register
        auto const added = check_location(resp, *base);
        auto const e = one(added, "error");
        FUZZ_CHECK(e && !e->empty() && oauth::is_error_code_value(*e));
        if (auto state = fuzz::server::values_of(*p, "state"); state.size() == 1)
            FUZZ_CHECK(one(added, "state") == std::optional<std::string>(state.front()));
        return;
    }
    FUZZ_CHECK(resp.status == 400 || resp.status == 405);
    FUZZ_CHECK(!resp.headers.contains("Location"));
    FUZZ_CHECK(resp.content_type() == "text/html");
    FUZZ_CHECK(resp.header("X-Content-Type-Options") == std::optional<std::string_view>("nosniff"));
    FUZZ_CHECK(resp.headers.contains("Content-Security-Policy"));
    static std::size_t const template_tags = count_lt(server::error_page_response({"e", "d", {}, 400}).body);
    FUZZ_CHECK(count_lt(resp.body) == template_tags);
    fuzz::check_no_store(resp);
}

void check_consent(fuzz::server::world& w, http_request const& req, server::validated_authorization_request const& v) {
    auto const p = request_parameters(req);
    FUZZ_CHECK(p.has_value());
    auto const base = allowed_redirect(*p);
    FUZZ_CHECK(base.has_value() && v.redirect_uri == *base);
    auto const* client = fuzz::server::find_known(*one(*p, "client_id"));
    FUZZ_CHECK(v.client_id == client->id);
    FUZZ_CHECK(one(*p, "response_type") == std::optional<std::string>("code"));
    FUZZ_CHECK(one(*p, "code_challenge_method") == std::optional<std::string>("S256"));
    auto const challenge = one(*p, "code_challenge");
    FUZZ_CHECK(challenge && v.code_challenge == *challenge && challenge->size() == 43);
    auto const mode = fuzz::server::values_of(*p, "response_mode");
    FUZZ_CHECK(mode.empty() || (mode.size() == 1 && mode.front() == "query"));
    FUZZ_CHECK(!oauth::any_scope_token(v.scope, [&](std::string_view s) {
        return !s.empty() &&
               (!w.config.supports_scope(s) || (!client->scope.empty() && !oauth::scope_contains(client->scope, s)));
    }));
    for (auto const& r : v.resources) FUZZ_CHECK(w.config.is_known_resource(r));
    auto const state = fuzz::server::values_of(*p, "state");
    FUZZ_CHECK(v.state == (state.size() == 1 ? std::optional<std::string>(state.front()) : std::nullopt));

    auto approved =
        server::finish_authorization(v, server::consent_decision::approve, "alice", {}, now, w.codes, w.config);
    fuzz::check_response(approved);
    FUZZ_CHECK(approved.status == 302);
    auto const added = check_location(approved, v.redirect_uri);
    auto const code = one(added, "code");
    FUZZ_CHECK(code && code->size() == 43 && !one(added, "error"));
    FUZZ_CHECK(one(added, "state") == v.state);
    auto denied = server::finish_authorization(v, server::consent_decision::deny, "alice", {}, now, w.codes, w.config);
    fuzz::check_response(denied);
    FUZZ_CHECK(denied.status == 302);
    FUZZ_CHECK(one(check_location(denied, v.redirect_uri), "error") == std::optional<std::string>("access_denied"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto w = std::make_unique<fuzz::server::world>();
    auto const req = fuzz::parse_request(w->expand(fuzz::text_of(data, size)));
    auto const step = server::authorize(req, w->clients, w->config);
    if (step.needs_consent()) {
        fuzz::trace("authorize: consent for %s → %s", step.request().client_id.c_str(),
                    step.request().redirect_uri.c_str());
        check_consent(*w, req, step.request());
        return 0;
    }
    auto const& resp = step.response();
    fuzz::trace("authorize: %u %s", resp.status, std::string(resp.header("Location").value_or("")).c_str());
    fuzz::check_response(resp);
    check_refusal(req, resp);
    return 0;
}
