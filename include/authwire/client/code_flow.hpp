#pragma once
// authwire — the authorization code flow with PKCE (RFC 6749 §4.1, RFC 7636, RFC 8707, RFC 9207) as two calls:
// start (the authorization URL and a pending record) and finish (callback validation, code exchange and, when a
// nonce was sent, the ID token checked against the server's JWK Set — OpenID Connect Core §3.1.3.7).

#include <authwire/core/detail/config.hpp>
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
[[nodiscard]] AUTHWIRE_DECL result<started_authorization> start(oauth::authorization_server_metadata const& as,
                                                                parameters const& p, random_source rng = {});

/// RFC 6749 §4.1.2 / §4.1.2.1, RFC 9207 §2.4: check the redirect the browser brought back against `pending`:
/// the record must belong to `as` (error::wrong_issuer), `state` must match (constant-time), `iss` must equal
/// the issuer when present and is required when `as` advertises it. `error=access_denied` is a failure with
/// code error::access_denied (oauth::is_access_denied) — the user said no; other errors keep the peer's response.
[[nodiscard]] AUTHWIRE_DECL outcome<oauth::authorization_code_response> check_callback(
    std::string_view callback, pending_authorization const& pending, oauth::authorization_server_metadata const& as);

/// RFC 6749 §4.1.3, RFC 7636 §4.5, RFC 8707 §2: the token request for `code`, with the pending record's
/// code_verifier, redirect_uri and resources, authenticated as `client` (which must be the client the
/// authorization was started for: error::invalid_argument otherwise).
[[nodiscard]] AUTHWIRE_DECL result<http_request> make_exchange_request(oauth::authorization_code_response const& code,
                                                                       pending_authorization const& pending,
                                                                       oauth::authorization_server_metadata const& as,
                                                                       oauth::client_authentication const& client,
                                                                       std::chrono::system_clock::time_point now,
                                                                       random_source rng = {});

/// OpenID Connect Core §3.1.3.7: does this token response carry an ID token finish must verify — one that
/// answers an authorization request sent with a nonce?
[[nodiscard]] AUTHWIRE_DECL bool id_token_to_verify(oauth::token_response const& tokens,
                                                    pending_authorization const& pending) noexcept;

/// OpenID Connect Core §3.1.3.7: verify the ID token of `tokens` (see id_token_to_verify) against `jwks`, the
/// JWK Set at `as.jwks_uri`: signed by `as` on its advertised asymmetric algorithms, issued for the pending
/// record's client and nonce, valid at `now` (see oauth::validate_id_token for the errors).
[[nodiscard]] AUTHWIRE_DECL result<jose::verified_jwt> verify_id_token(
    oauth::token_response const& tokens, pending_authorization const& pending,
    oauth::authorization_server_metadata const& as, jose::jwk_set const& jwks,
    std::chrono::system_clock::time_point now, std::chrono::seconds leeway = std::chrono::seconds{60});

/// RFC 6749 §4.1.2–§4.1.4 (+ RFC 9207, RFC 7636, OpenID Connect Core §3.1.3.7) as a sans-IO flow: the callback
/// is checked when the flow is made (nothing is ever sent for a callback that does not check out: next()
/// returns its failure); then the code exchange; then, when an ID token must be verified, `GET as.jwks_uri`
/// (error::missing_member when the server has none). `next()` yields the request to send or the finished
/// outcome; answer with `on_response` / `on_transport_error`, or run it with client::drive.
class completion {
public:
    [[nodiscard]] static completion begin(std::string_view callback, pending_authorization pending,
                                          oauth::authorization_server_metadata as, oauth::client_authentication client,
                                          std::chrono::system_clock::time_point now, finish_options opt = {});

    /// The request to send next, or the finished outcome (returned again on every later call).
    [[nodiscard]] step<finished_authorization> next();

    /// Feed the response to the request `next()` returned.
    void on_response(http_response const& resp);

    /// No response arrived for the request `next()` returned: the flow ends with `ec`.
    void on_transport_error(error_code ec);

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

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/code_flow.ipp>
#endif
