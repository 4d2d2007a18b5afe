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
        auto params = read_form_request(req, {}, true);
        if (!params) {
            if (params.error() == error::unsupported_operation) {
                auto r = detail::authorization_error_page(error::invalid_request, "the request method is not allowed");
                r.status = 405;
                r.headers.append("Allow", "GET, POST");
                return authorization_step(std::move(r));
            }
            return authorization_step(
                detail::authorization_error_page(error::invalid_request, "the request is malformed"));
        }
        auto const& p = *params;

        // 1. Who is asking, and where may the answer go? Nothing redirects before both are established.
        if (p.count("client_id") != 1 || p.find("client_id")->empty())
            return authorization_step(
                detail::authorization_error_page(error::invalid_request, "client_id is missing or repeated"));
        if (p.count("redirect_uri") > 1)
            return authorization_step(
                detail::authorization_error_page(error::invalid_request, "redirect_uri is repeated"));
        auto found = clients.find_client(*p.find("client_id"));
        if (!found)
            return authorization_step(
                detail::authorization_error_page(store_failure_error(found.error()),
                                                 "the client could not be looked up"));
        if (!*found)
            return authorization_step(
                detail::authorization_error_page(error::invalid_request, "the client is not registered"));
        client_record const& client = **found;
        auto const requested_uri = p.find("redirect_uri");
        auto redirect_uri = config.redirect_uris.resolve(requested_uri, client.redirect_uris, client.application_type);
        if (!redirect_uri)
            return authorization_step(
                detail::authorization_error_page(error::invalid_request, redirect_uri.error().description()));

        // 2. From here on, errors go back to the client.
        std::optional<std::string> state;
        if (p.count("state") == 1) state = std::string(*p.find("state"));
        auto fail = [&](error e, std::string_view why) {
            return authorization_step(detail::authorization_error_redirect(*redirect_uri, state, e, why, config));
        };
        if (auto repeated = repeated_parameter(p, {"response_type", "scope", "state", "code_challenge",
                                                   "code_challenge_method", "nonce", "response_mode"}))
            return fail(error::invalid_request, "a parameter is repeated");

        auto const response_type = p.find("response_type");
        if (!response_type || response_type->empty()) return fail(error::invalid_request, "response_type is missing");
        if (*response_type != "code")
            return fail(error::unsupported_response_type, "only response_type=code is supported");
        if (!client_uses_grant_type(client, oauth::grant_type::authorization_code) ||
            !client_uses_response_type(client, "code"))
            return fail(error::unauthorized_client, "the client is not registered for the authorization code grant");
        if (auto mode = p.find("response_mode"); mode && *mode != "query")
            return fail(error::invalid_request, "only response_mode=query is supported");

        validated_authorization_request v;
        auto const challenge = p.find("code_challenge");
        auto const method_name = p.find("code_challenge_method");
        if (!challenge || challenge->empty()) {
            if (config.authorization_codes.require_pkce)
                return fail(error::invalid_request, "code_challenge is required");
            if (method_name) return fail(error::invalid_request, "code_challenge_method without code_challenge");
        } else {
            auto const method = method_name ? oauth::parse_code_challenge_method(*method_name)
                                            : std::optional{oauth::code_challenge_method::plain};  // RFC 7636 §4.3
            if (!method) return fail(error::invalid_request, "code_challenge_method is not supported");
            if (*method == oauth::code_challenge_method::plain && !config.authorization_codes.allow_plain_pkce)
                return fail(error::invalid_request, "code_challenge_method must be S256");
            if (!detail::is_valid_code_challenge(*challenge, *method))
                return fail(error::invalid_request, "code_challenge is malformed");
            v.code_challenge = std::string(*challenge);
            v.code_challenge_method = *method;
        }

        auto scope = config.resolve_scope(
            p.find("scope"), client.scope.empty() ? std::nullopt : std::optional<std::string_view>(client.scope));
        if (!scope) return fail(error::invalid_scope, "the requested scope is invalid, unknown, or not allowed");
        auto const resource_params = p.find_all("resource");
        auto resources = config.resolve_resources(resource_params);
        if (!resources) return fail(error::invalid_target, "the requested resource is not known");

        v.client_id = client.client_id;
        v.client_name = client.client_name;
        v.redirect_uri = std::move(*redirect_uri);
        v.redirect_uri_in_request = requested_uri.has_value();
        v.state = std::move(state);
        v.scope = std::move(*scope);
        v.resources = std::move(*resources);
        if (auto nonce = p.find("nonce")) v.nonce = std::string(*nonce);
        return authorization_step(std::move(v));
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
        if (decision == consent_decision::deny)
            return detail::authorization_error_redirect(request.redirect_uri, request.state, error::access_denied,
                                                        "the resource owner denied the request", config);
        auto server_error = [&] {
            return detail::authorization_error_redirect(request.redirect_uri, request.state, error::server_error,
                                                        "the authorization code could not be issued", config);
        };
        if (subject.empty()) return server_error();
        authorization_code_record record;
        record.client_id = request.client_id;
        record.redirect_uri = request.redirect_uri;
        record.redirect_uri_in_request = request.redirect_uri_in_request;
        record.code_challenge = request.code_challenge;
        record.code_challenge_method = request.code_challenge_method;
        record.scope = request.scope;
        record.resources = request.resources;
        record.subject = std::string(subject);
        record.nonce = request.nonce;
        record.claims = std::move(claims);
        auto code = issue_authorization_code(codes, std::move(record), now, config.authorization_codes);
        if (!code) {  // RFC 6749 §4.1.2.1: temporarily_unavailable when the code store is down
            if (store_failure_error(code.error()) == error::server_error) return server_error();
            return detail::authorization_error_redirect(request.redirect_uri, request.state,
                                                        error::temporarily_unavailable,
                                                        "the authorization code could not be issued; retry later",
                                                        config);
        }
        form params{{"code", code->reveal()}};
        if (request.state) params.add("state", *request.state);
        return detail::authorization_redirect(request.redirect_uri, std::move(params), config);
    } catch (...) {
        return internal_error_response();
    }
}

}  // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/authorization_endpoint.ipp>
#endif
