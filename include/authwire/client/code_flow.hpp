#pragma once
// authwire — the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636, RFC 8707, RFC 9207) as two calls:
// start (the authorization URL and a pending record) and finish (callback validation, code exchange and, when a
// nonce was sent, the ID token checked against the server's JWK Set — OpenID Connect Core §3.1.3.7).

#include <authwire/client/detail/exchange.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/id_token.hpp>
#include <authwire/oauth/jwks.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/state.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>

#include <boost/url/url.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
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
    /// OpenID Connect Core §3.1.2.1: when `scope` holds `openid`, send a fresh nonce that binds the ID token to
    /// this request (finish then verifies the ID token). Never sent without `openid`: OpenID providers refuse a
    /// nonce on a plain OAuth request. False: never send one.
    bool send_nonce = true;
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
    oauth::token_response_options token_response{};  ///< also bounds the JWK Set document
    random_source rng{};                    ///< for JWT client assertions
    std::chrono::seconds id_token_leeway{60};  ///< clock skew allowed on the ID token's exp and iat
};

/// What finish returns: the token response, and — when the authorization request carried a nonce and an ID
/// token came back — that ID token's verified header and claims (OpenID Connect Core §3.1.3.7). An ID token
/// that was not asked for with a nonce stays unverified in `id_token`, as parse_token_response leaves it.
struct finished_authorization : oauth::token_response {
    std::optional<jose::verified_jwt> verified_id_token;
};

/// RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2: a fresh code_verifier (S256), state (and, for `openid`, nonce), and the
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
    if (p.send_nonce && p.scope.contains("openid")) {
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

/// OpenID Connect Core §3.1.3.7: does this token response carry an ID token finish must verify — one that
/// answers an authorization request sent with a nonce?
[[nodiscard]] inline bool id_token_to_verify(oauth::token_response const& tokens,
                                             pending_authorization const& pending) noexcept {
    return !pending.nonce.empty() && tokens.id_token.has_value();
}

/// OpenID Connect Core §3.1.3.7: verify the ID token of `tokens` (see id_token_to_verify) against `jwks`, the
/// JWK Set at `as.jwks_uri`: signed by `as` on its advertised asymmetric algorithms, issued for the pending
/// record's client and nonce, valid at `now` (see oauth::validate_id_token for the errors).
[[nodiscard]] inline result<jose::verified_jwt> verify_id_token(oauth::token_response const& tokens,
                                                                pending_authorization const& pending,
                                                                oauth::authorization_server_metadata const& as,
                                                                jose::jwk_set const& jwks,
                                                                std::chrono::system_clock::time_point now,
                                                                std::chrono::seconds leeway = std::chrono::seconds{60}) {
    if (!tokens.id_token) return error::missing_member;
    if (pending.issuer != as.issuer) return error::wrong_issuer;
    auto v = oauth::id_token_validation_for(as, pending.client_id, pending.nonce);
    v.leeway = leeway;
    return oauth::validate_id_token(*tokens.id_token, jwks, v, now);
}

/// RFC 6749 §4.1.2–§4.1.4 (+ RFC 9207, RFC 7636, OpenID Connect Core §3.1.3.7) as a sans-IO flow: the callback
/// is checked when the flow is made (nothing is ever sent for a callback that does not check out: next()
/// returns its failure); then the code exchange; then, when an ID token must be verified, `GET as.jwks_uri`
/// (error::missing_member when the server has none). `next()` yields the request to send or the finished
/// outcome; answer with `on_response` / `on_transport_error`, or run it with client::drive.
class completion {
public:
    [[nodiscard]] static completion begin(std::string_view callback, pending_authorization pending,
                                          oauth::authorization_server_metadata as, oauth::client_authentication client,
                                          std::chrono::system_clock::time_point now, finish_options opt = {}) {
        completion c;
        c.now_ = now;
        auto code = check_callback(callback, pending, as);
        if (!code) {
            c.done_ = code.error();
            return c;
        }
        auto req = make_exchange_request(*code, pending, as, client, now, opt.rng);
        if (!req) {
            c.done_ = failure(req.error());
            return c;
        }
        c.request_ = std::move(*req);
        c.pending_ = std::move(pending);
        c.as_ = std::move(as);
        c.opt_ = std::move(opt);
        return c;
    }

    /// The request to send next, or the finished outcome (returned again on every later call).
    [[nodiscard]] step<finished_authorization> next() {
        if (done_) return *done_;
        return request_;
    }

    /// Feed the response to the request `next()` returned.
    void on_response(http_response const& resp) {
        if (done_) return;
        if (!tokens_) {
            auto t = detail::interpret(request_, resp, [&](http_response const& r) {
                return oauth::parse_token_response(r, now_, opt_.token_response);
            });
            if (!t) {
                done_ = t.error();
                return;
            }
            tokens_.emplace();
            static_cast<oauth::token_response&>(*tokens_) = std::move(*t);
            if (!id_token_to_verify(*tokens_, pending_)) {
                done_ = std::move(*tokens_);
                return;
            }
            if (!as_.jwks_uri) {
                done_ = failure(error::missing_member);
                return;
            }
            auto jwks = oauth::make_jwk_set_request(*as_.jwks_uri);
            if (!jwks) {
                done_ = failure(jwks.error());
                return;
            }
            request_ = std::move(*jwks);
            return;
        }
        auto jwks = detail::interpret(request_, resp, [&](http_response const& r) {
            return oauth::parse_jwk_set_response(r, opt_.token_response.limits);
        });
        if (!jwks) {
            done_ = jwks.error();
            return;
        }
        auto id = verify_id_token(*tokens_, pending_, as_, *jwks, now_, opt_.id_token_leeway);
        if (!id) {
            done_ = failure(id.error());
            return;
        }
        tokens_->verified_id_token = std::move(*id);
        done_ = std::move(*tokens_);
    }

    /// No response arrived for the request `next()` returned: the flow ends with `ec`.
    void on_transport_error(error_code ec) {
        if (!done_) done_ = failure(ec);
    }

private:
    completion() = default;

    std::chrono::system_clock::time_point now_{};
    pending_authorization pending_{};
    oauth::authorization_server_metadata as_{};
    finish_options opt_{};
    http_request request_{};
    std::optional<finished_authorization> tokens_;
    std::optional<outcome<finished_authorization>> done_;
};

/// RFC 6749 §4.1.2–§4.1.4 (+ RFC 9207, RFC 7636, OpenID Connect Core §3.1.3.7): check the callback
/// (check_callback), exchange the code at the token endpoint over `executor` (make_exchange_request), read the
/// token response (expires_at from `now`) and, when the request sent a nonce and an ID token came back, fetch
/// `as.jwks_uri` and verify it (verify_id_token). Nothing is sent when the callback does not check out. A
/// failed ID token check fails the whole exchange: its tokens are not handed out.
template <http_executor E>
[[nodiscard]] outcome<finished_authorization> finish(std::string_view callback, pending_authorization const& pending,
                                                     oauth::authorization_server_metadata const& as,
                                                     oauth::client_authentication const& client, E& executor,
                                                     std::chrono::system_clock::time_point now,
                                                     finish_options const& opt = {}) {
    auto flow = completion::begin(callback, pending, as, client, now, opt);
    return drive(flow, executor);
}

} // namespace authwire::client::code_flow
