#pragma once
// authwire — the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636, RFC 8707, RFC 9207) as two calls:
// start (the authorization URL and a pending record) and finish (callback validation and code exchange).

#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/state.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <boost/url/url.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::client::code_flow {

/// What the client asks for in its authorization request (RFC 6749 §4.1.1, RFC 8707 §2).
struct parameters {
    std::string client_id{};
    std::string redirect_uri{};             ///< required; registered exactly (RFC 9700 §4.1.3)
    oauth::scope_set scope{};
    std::vector<std::string> resource{};    ///< RFC 8707 §2: the resource(s) the token is for
    bool send_nonce = true;                 ///< OpenID Connect Core §3.1.2.1: bind an ID token to this request
    /// Refuse a server whose metadata does not list S256 in code_challenge_methods_supported (a server that
    /// lists methods without S256 is always refused).
    bool require_s256_advertised = false;
    form extra{};                           ///< further parameters (prompt, login_hint …)
};

/// What the client keeps between start and finish — in the user's session, never in the browser. It names the
/// issuer it belongs to, so a callback is only ever checked against, and exchanged at, that server
/// (RFC 9700 §4.4, mix-up defence).
struct pending_authorization {
    std::string issuer{};
    std::string client_id{};
    std::string redirect_uri{};
    std::string state{};
    std::string nonce{};                    ///< empty when none was sent; check it in the ID token
    secret code_verifier{};
    oauth::scope_set scope{};
    std::vector<std::string> resource{};
};

/// The result of start: where to send the user's browser, and what to keep.
struct started_authorization {
    boost::urls::url authorization_url;
    pending_authorization pending;
};

/// How finish reads the token response and authenticates the client.
struct finish_options {
    oauth::token_response_options token_response{};
    random_source rng{};                    ///< for JWT client assertions
};

/// RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2: a fresh code_verifier (S256), state and nonce, and the
/// authorization URL at `as.authorization_endpoint`. Refuses a server without an authorization endpoint
/// (error::missing_member), one that advertises PKCE methods without S256 (error::pkce_required), and one that
/// requires pushed authorization requests (error::unsupported_operation: use oauth/par.hpp).
[[nodiscard]] inline result<started_authorization> start(oauth::authorization_server_metadata const& as,
                                                         parameters const& p, random_source rng = {}) {
    if (!as.authorization_endpoint) return error::missing_member;
    if (p.redirect_uri.empty()) return error::missing_argument;
    if (as.require_pushed_authorization_requests.value_or(false)) return error::unsupported_operation;
    if ((as.code_challenge_methods_supported || p.require_s256_advertised) && !as.supports_s256())
        return error::pkce_required;
    auto pkce = oauth::make_pkce(rng);
    if (!pkce) return pkce.error();
    auto state = oauth::make_state(rng);
    if (!state) return state.error();
    std::string nonce;
    if (p.send_nonce) {
        auto n = oauth::make_nonce(rng);
        if (!n) return n.error();
        nonce = std::move(*n);
    }
    oauth::authorization_request req;
    req.client_id = p.client_id;
    req.redirect_uri = p.redirect_uri;
    req.scope = p.scope;
    req.state = *state;
    req.set_pkce(*pkce);
    req.resource = p.resource;
    req.nonce = nonce;
    req.extra = p.extra;
    auto url = oauth::make_authorization_url(*as.authorization_endpoint, req);
    if (!url) return url.error();
    return started_authorization{
        std::move(*url),
        pending_authorization{as.issuer, p.client_id, p.redirect_uri, std::move(*state), std::move(nonce),
                              std::move(pkce->code_verifier), p.scope, p.resource}};
}

/// RFC 6749 §4.1.2 / §4.1.2.1, RFC 9207 §2.4: check the redirect the browser brought back against `pending`:
/// the record must belong to `as` (error::wrong_issuer), `state` must match (constant-time), `iss` must equal
/// the issuer when present and is required when `as` advertises it. `error=access_denied` is a failure with
/// code error::access_denied (oauth::is_access_denied) — the user said no; other errors keep the peer's response.
[[nodiscard]] inline outcome<oauth::authorization_code_response> check_callback(
    std::string_view callback, pending_authorization const& pending, oauth::authorization_server_metadata const& as) {
    if (pending.issuer.empty() || pending.state.empty()) return failure(error::missing_argument);
    if (pending.issuer != as.issuer) return failure(error::wrong_issuer);
    return oauth::parse_authorization_response(
        callback, {.state = pending.state, .issuer = pending.issuer, .iss_required = as.iss_parameter_required()});
}

/// RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707 §2: the token request for `code`, with the pending record's
/// code_verifier, redirect_uri and resources, authenticated as `client` (which must be the client the
/// authorization was started for: error::invalid_argument otherwise).
[[nodiscard]] inline result<http_request> make_exchange_request(oauth::authorization_code_response const& code,
                                                                pending_authorization const& pending,
                                                                oauth::authorization_server_metadata const& as,
                                                                oauth::client_authentication const& client,
                                                                std::chrono::system_clock::time_point now,
                                                                random_source rng = {}) {
    if (!as.token_endpoint) return error::missing_member;
    if (pending.issuer != as.issuer) return error::wrong_issuer;
    if (client.client_id != pending.client_id) return error::invalid_argument;
    oauth::authorization_code_grant g;
    g.code = code.code;
    g.redirect_uri = pending.redirect_uri;
    g.code_verifier = pending.code_verifier;
    g.resource = pending.resource;
    return oauth::make_token_request(*as.token_endpoint, g, client, {.issuer = as.issuer, .now = now, .rng = rng});
}

/// RFC 6749 §4.1.2–§4.1.4 (+ RFC 9207, RFC 7636): check the callback (check_callback), exchange the code at the
/// token endpoint over `executor` (make_exchange_request), and read the token response (expires_at from `now`).
/// Nothing is sent when the callback does not check out.
template <http_executor E>
[[nodiscard]] outcome<oauth::token_response> finish(std::string_view callback, pending_authorization const& pending,
                                                    oauth::authorization_server_metadata const& as,
                                                    oauth::client_authentication const& client, E& executor,
                                                    std::chrono::system_clock::time_point now,
                                                    finish_options const& opt = {}) {
    auto code = check_callback(callback, pending, as);
    if (!code) return code.error();
    return detail::exchange(executor, make_exchange_request(*code, pending, as, client, now, opt.rng),
                            [&](http_response const& r) { return oauth::parse_token_response(r, now, opt.token_response); });
}

} // namespace authwire::client::code_flow
