#pragma once
// authwire — the authorization endpoint (RFC 6749 §3.1, §4.1.1–4.1.2.1; RFC 7636 §4.4; RFC 8707 §2; RFC 9207;
// RFC 9700 §4.1), in two steps, because consent is the application's:
//
//   1. authorize(request, clients, config): validate client_id and redirect_uri BEFORE anything can redirect
//      (a bad one gets a 400 page, never a redirect — no open redirector), then response_type (code only),
//      PKCE, scope, resource and state. Errors after that point go back to the client's redirect URI
//      (error, error_description, state, iss). Success is a "needs consent" step carrying the validated request.
//   2. finish_authorization(validated, decision, subject, claims, now, codes, config): the user's decision —
//      approve ⇒ 302/303 to the redirect URI with code, state and iss; deny ⇒ error=access_denied.
//
//     auto step = authorize(req, clients, config);
//     if (!step.needs_consent()) return step.response();
//     … show a consent page; keep step.request() SERVER-SIDE (in the session), never round-trip it through the
//       browser, and bind the consent form to the session (CSRF) …
//     return finish_authorization(saved, consent_decision::approve, user_id, {}, now, codes, config);

#include <authwire/core/detail/config.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/server/authorization_code.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/redirect_uri_policy.hpp>

#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace authwire::server {

/// An authorization request that passed every check (RFC 6749 §4.1.1, RFC 7636 §4.3, RFC 8707 §2): what the
/// user is asked to consent to, and what the code will be bound to.
struct validated_authorization_request {
    std::string client_id;
    std::string client_name;   ///< the registered name, for the consent page (may be empty)
    std::string redirect_uri;  ///< where the response goes: as requested (port included), or the one registered
    bool redirect_uri_in_request = true;  ///< the request carried redirect_uri (then the token request must too)
    std::optional<std::string> state;     ///< echoed verbatim in the response
    std::string scope;                    ///< resolved: the requested scope, or the default; space-separated
    std::vector<std::string> resources;   ///< resolved audiences (RFC 8707)
    std::string code_challenge;           ///< RFC 7636 §4.2
    oauth::code_challenge_method code_challenge_method = oauth::code_challenge_method::S256;
    std::string nonce;  ///< OpenID Connect, carried into the code record
};

/// The user's answer on the consent page.
enum class consent_decision : unsigned char {
    approve,  ///< issue a code
    deny,     ///< RFC 6749 §4.1.2.1 access_denied
};

/// The result of authorize(): either the user must consent to request(), or response() is the complete
/// answer (an error page, or a redirect carrying an error).
class authorization_step {
public:
    explicit authorization_step(http_response r) : v_(std::move(r)) {}
    explicit authorization_step(validated_authorization_request r) : v_(std::move(r)) {}

    /// True when the request is valid and the application must ask the user (then request() is set).
    [[nodiscard]] bool needs_consent() const noexcept;
    /// The validated request (only when needs_consent()).
    [[nodiscard]] validated_authorization_request const& request() const;
    /// The response to send (only when !needs_consent()).
    [[nodiscard]] http_response const& response() const { return std::get<http_response>(v_); }

private:
    std::variant<http_response, validated_authorization_request> v_;
};

namespace detail {

// RFC 6749 §4.1.2 / §4.1.2.1, RFC 9207 §2: `redirect_uri` with `params` and `iss` added to its query (a query it
// already has is kept), as a redirect with the configured status. RFC 6749 §3.1: no parameter is ever sent
// twice, and a response is never mixed with another's parameters — a redirect URI whose query already names an
// authorization response parameter or one of `params` (in any spelling) is not redirected to; the answer is a
// 500 page (the redirect-URI policy refuses such URIs, so only a stale registration gets here).
[[nodiscard]] AUTHWIRE_DECL http_response authorization_redirect(std::string_view redirect_uri, form params,
                                                                 authorization_server_config const& config);

// RFC 6749 §4.1.2.1: an error sent back to the client through its (already validated) redirect URI.
[[nodiscard]] AUTHWIRE_DECL http_response authorization_error_redirect(std::string_view redirect_uri,
                                                                       std::optional<std::string> const& state, error e,
                                                                       std::string_view description,
                                                                       authorization_server_config const& config);

[[nodiscard]] AUTHWIRE_DECL http_response authorization_error_page(error e, std::string_view description);

// authorize() before the client lookup: reads the request's parameters into `out`; the error page that
// answers the request instead (nothing is redirected: neither the client nor its redirect URI is known yet), or
// nullopt when the client named by the single client_id is to be looked up.
[[nodiscard]] AUTHWIRE_DECL std::optional<http_response> read_authorization_parameters(http_request const& req,
                                                                                       form& out);

// authorize() once the client store answered (`found`) for the client_id of `p`.
[[nodiscard]] AUTHWIRE_DECL authorization_step authorize_found_client(form const& p,
                                                                      result<std::optional<client_record>> const& found,
                                                                      authorization_server_config const& config);

// finish_authorization() when no code is to be issued: the user denied, or there is no subject.
[[nodiscard]] AUTHWIRE_DECL http_response authorization_without_code(validated_authorization_request const& request,
                                                                     consent_decision decision,
                                                                     authorization_server_config const& config);

// finish_authorization(): the code record bound to the validated request, `subject` and `claims`.
[[nodiscard]] AUTHWIRE_DECL authorization_code_record authorization_code_record_for(
    validated_authorization_request const& request, std::string_view subject, boost::json::object claims);

// finish_authorization() once the code store answered: the redirect carrying the code and state, or the error.
[[nodiscard]] AUTHWIRE_DECL http_response authorization_code_redirect(validated_authorization_request const& request,
                                                                      result<secret> const& code,
                                                                      authorization_server_config const& config);

}  // namespace detail

/// RFC 6749 §4.1.1 and §4.1.2.1, RFC 7636 §4.4, RFC 8707 §2, RFC 9700 §4.1: validate an authorization request
/// (GET with a query, or a form POST). In this order:
///  1. the parameters decode, client_id and redirect_uri appear at most once, client_id names a registered
///     client, and redirect_uri matches one of its registered URIs under config.redirect_uris and the
///     client's application_type (or is omitted and exactly one is registered). Any failure here is a 400
///     HTML page — nothing is redirected;
///  2. then, answered by redirecting to that URI with error, error_description, state and iss: a repeated
///     parameter (invalid_request); response_type missing (invalid_request) or not `code`
///     (unsupported_response_type); a client not registered for the code grant (unauthorized_client);
///     response_mode other than query (invalid_request); PKCE — code_challenge required when the policy says
///     so, code_challenge_method defaults to plain (RFC 7636 §4.3) and plain is refused unless allowed, the
///     challenge must be well-formed (invalid_request); scope — empty ⇒ the default, unknown or outside the
///     client's registered scope ⇒ invalid_scope; resource — each a known resource, else invalid_target.
/// On success the user must consent: the returned step carries the validated request.
template <client_store S>
[[nodiscard]] authorization_step authorize(http_request const& req, S const& clients,
                                           authorization_server_config const& config) noexcept {
    try {
        form p;
        if (auto page = detail::read_authorization_parameters(req, p)) return authorization_step(std::move(*page));
        return detail::authorize_found_client(p, clients.find_client(*p.find("client_id")), config);
    } catch (...) {
        return authorization_step(internal_error_response());
    }
}

/// RFC 6749 §4.1.2 and §4.1.2.1, RFC 9207 §2: finish a validated request with the user's decision. approve ⇒ a
/// code bound to the request (client, redirect URI, PKCE challenge, scope, resources), to `subject` (the user,
/// which must not be empty) and to `claims` (carried to the tokens), stored in `codes`; the redirect carries
/// code, state and iss. deny ⇒ the redirect carries error=access_denied, state and iss. A failure to issue the
/// code is error=server_error. The status is config.authorization_redirect_status (302 or 303).
template <code_store C>
[[nodiscard]] http_response finish_authorization(validated_authorization_request const& request,
                                                 consent_decision decision, std::string_view subject,
                                                 boost::json::object claims, std::chrono::system_clock::time_point now,
                                                 C& codes, authorization_server_config const& config) noexcept {
    try {
        if (decision == consent_decision::deny || subject.empty())
            return detail::authorization_without_code(request, decision, config);
        auto code =
            issue_authorization_code(codes, detail::authorization_code_record_for(request, subject, std::move(claims)),
                                     now, config.authorization_codes);
        return detail::authorization_code_redirect(request, code, config);
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/authorization_endpoint.ipp>
#endif
