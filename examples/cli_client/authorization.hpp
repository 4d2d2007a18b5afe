#pragma once
// authwire examples — the CLI's OAuth side of MCP authorization (MCP 2025-11-25 "Authorization", with the
// 2026-07-28 revision's client rules), composed only from authwire's client drivers:
//
//   a challenge (401, or 403 insufficient_scope)             RFC 6750 §3, RFC 9728 §5.1
//   → discovery (once per resource, again if the challenge names other metadata)   RFC 9728 §3, RFC 8414 §3
//   → a client identity, in MCP's order: pre-registered, Client ID Metadata Document, DCR   RFC 7591
//   → the scope: the challenge's, else scopes_supported, else none; on 403 the union  MCP "Scope Selection"
//   → PKCE authorization (browser, printed URL, or headless) and the code exchange    RFC 6749 §4.1, RFC 7636
//   → tokens kept for the session: refresh (RFC 6749 §6) and revocation (RFC 7009) on request.
//
// At most three authorizations per operation (client::step_up_policy): a server that never grants enough scope
// ends with a clear error instead of a loop.

#include "../common/headless_browser.hpp"
#include "browser.hpp"
#include "loopback_listener.hpp"

#include <authwire/authwire.hpp>

#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

namespace authwire::examples {

/// Any transport: Boost.Beast or libcurl behind one signature (authwire::any_http_executor).
using any_executor = any_http_executor;

/// What the user told the CLI about its identity and how to reach the user.
struct authorization_settings {
    /// MCP "Pre-registration": a client_id (and secret) this client already holds for the server's issuer.
    std::string client_id{};
    secret client_secret{};
    std::string token_endpoint_auth_method{};  ///< with a pre-registered client; empty: chosen from metadata
    /// MCP "Client ID Metadata Documents": the https URL of this client's metadata document, used as client_id
    /// when the authorization server supports it.
    std::string client_metadata_url{};
    std::string client_name = "authwire CLI example";
    std::optional<oauth::scope_set> scope{};  ///< overrides the scope selection strategy (--scope)
    bool headless = false;                    ///< follow the server's redirects without a browser (tests)
    bool print_url_only = false;              ///< print the authorization URL, do not start a browser
    std::chrono::seconds timeout{300};        ///< how long to wait for the user
    client::discovery_options discovery{};
};

class mcp_authorization {
public:
    mcp_authorization(any_executor http, std::string resource, loopback_listener& listener,
                      authorization_settings settings, std::ostream& out = std::cout)
        : http_(std::move(http)), resource_(std::move(resource)), listener_(listener),
          settings_(std::move(settings)), out_(out) {}

    /// RFC 6750 §3 / §3.1: the resource refused `operation` (e.g. "tools/call") with `refusal`; authorize — the
    /// first time, or again with a wider scope — so that the caller can repeat the operation with
    /// access_token(). A refusal that is no authorization challenge (a plain 403, a 404 …) is
    /// error::unexpected_status; too many attempts for one operation is error::too_many_attempts.
    [[nodiscard]] outcome<void> on_refusal(http_response const& refusal, std::string_view operation) {
        auto challenge = client::parse_scope_challenge(refusal);
        if (!challenge) return failure(challenge.error());
        if (!*challenge) return failure(error::unexpected_status);
        auto const& c = **challenge;
        if (!found_ || (c.resource_metadata && c.resource_metadata != found_metadata_url_)) {
            if (auto d = discover(refusal); !d) return d;
            found_metadata_url_ = c.resource_metadata;
        }
        auto const& as = found_->authorization_server;
        if (!client_) {
            if (auto i = identify(as); !i) return i;
        }
        if (!requested_) {  // MCP "Scope Selection Strategy", unless the user chose
            if (settings_.scope) {
                requested_ = *settings_.scope;
            } else {
                std::optional<std::string> const challenged = c.scope ? std::optional(c.scope->to_string()) : std::nullopt;
                auto s = client::select_scope(challenged ? std::optional<std::string_view>(*challenged) : std::nullopt,
                                              &found_->resource);
                if (!s) return failure(s.error());
                requested_ = std::move(*s);
            }
        }
        auto scope = policy_.authorize(operation, c, *requested_);
        if (!scope) return failure(scope.error());
        if (c.reason == client::challenge_reason::insufficient_scope)
            out_ << "   403 insufficient_scope for " << operation << ": step up to scope \"" << scope->to_string()
                 << "\" (authorization " << policy_.attempts(operation) << " of " << policy_.max_attempts() << ")\n";
        requested_ = *scope;
        return authorize(as, *scope);
    }

    /// The operation went through: its attempt count starts again.
    void succeeded(std::string_view operation) { policy_.succeeded(operation); }

    /// RFC 6750 §2.1: the access token to send (empty before the first authorization).
    [[nodiscard]] secret const& access_token() const noexcept {
        static secret const none;
        return tokens_ ? tokens_->access_token : none;
    }
    [[nodiscard]] bool has_refresh_token() const noexcept { return tokens_ && !tokens_->refresh_token.empty(); }
    [[nodiscard]] bool authorized() const noexcept { return tokens_.has_value(); }
    [[nodiscard]] std::size_t authorizations() const noexcept { return authorizations_; }
    [[nodiscard]] client::discovery_result const* discovered() const noexcept { return found_ ? &*found_ : nullptr; }

    /// RFC 6749 §6: a new access token with the refresh token (which the server may rotate: reported, not
    /// required).
    [[nodiscard]] outcome<bool> refresh() {
        if (!has_refresh_token()) return failure(error::missing_argument);
        oauth::refresh_token_grant grant;
        grant.refresh_token = tokens_->refresh_token;
        grant.resource = {found_->resource_indicator()};
        auto r = client::refresh_access_token(http_, found_->authorization_server, *client_, grant, now());
        if (!r) return r.error();
        bool const rotated = !r->refresh_token.empty() && r->refresh_token != tokens_->refresh_token;
        if (r->refresh_token.empty()) r->refresh_token = tokens_->refresh_token;  // RFC 6749 §6: keep the old one
        tokens_ = std::move(*r);
        return rotated;
    }

    /// RFC 7009 §2: revoke the refresh token (the grant behind it, at servers that tie them — RFC 7009 leaves
    /// what happens to its access tokens to the server). error::unsupported_operation without a revocation
    /// endpoint.
    [[nodiscard]] outcome<void> revoke_refresh_token() {
        if (!has_refresh_token()) return failure(error::missing_argument);
        return client::revoke_token(http_, found_->authorization_server, *client_, tokens_->refresh_token,
                                    oauth::token_type_hint::refresh_token, now());
    }

private:
    static std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

    outcome<void> discover(http_response const& refusal) {
        out_ << "   discover the protected resource and its authorization server (RFC 9728, RFC 8414)\n";
        auto found = client::discover(http_, resource_, refusal, settings_.discovery);
        if (!found) return found.error();
        if (found_ && found->authorization_server.issuer != found_->authorization_server.issuer) client_.reset();
        found_ = std::move(*found);
        auto const& as = found_->authorization_server;
        out_ << "   resource " << found_->resource_indicator() << ", issuer " << as.issuer;
        switch (found_->source) {
        case client::authorization_server_source::resource_metadata: break;
        case client::authorization_server_source::legacy_metadata:
            out_ << " (MCP 2025-03-26: no resource metadata; the server's own RFC 8414 document)";
            break;
        case client::authorization_server_source::legacy_default_endpoints:
            out_ << " (MCP 2025-03-26: no metadata at all; default endpoints at its origin)";
            break;
        }
        out_ << "\n";
        return {};
    }

    // MCP "Client Registration": pre-registered, else a metadata document URL, else DCR.
    outcome<void> identify(oauth::authorization_server_metadata const& as) {
        auto how = client::choose_client_identity(as, !settings_.client_id.empty(), settings_.client_metadata_url);
        if (!how) {
            if (how.error() == error::unsupported_operation)
                out_ << "   the authorization server has no registration endpoint and no metadata-document support:"
                        " give a pre-registered client with --client-id\n";
            return failure(how.error());
        }
        switch (*how) {
        case client::client_identity::pre_registered: {
            oauth::client_information info;
            info.client_id = settings_.client_id;
            info.client_secret = settings_.client_secret;
            if (!settings_.token_endpoint_auth_method.empty())
                info.metadata.token_endpoint_auth_method = settings_.token_endpoint_auth_method;
            auto a = client::client_authentication_for(info, as);
            if (!a) return failure(a.error());
            client_ = std::move(*a);
            out_ << "   pre-registered client " << client_->client_id << " ("
                 << oauth::to_string(client_->method) << ")\n";
            break;
        }
        case client::client_identity::metadata_document:
            client_ = oauth::client_authentication::public_client(settings_.client_metadata_url);
            out_ << "   client_id is this client's metadata document: " << client_->client_id << "\n";
            break;
        case client::client_identity::dynamic_registration: {
            oauth::client_metadata base;
            base.redirect_uris = {listener_.redirect_uri()};
            base.client_name = settings_.client_name;
            auto metadata = client::registration_metadata_for(as, std::move(base));
            if (!metadata) return failure(metadata.error());
            out_ << "   register (RFC 7591) as a " << metadata->application_type.value_or("web") << " client, "
                 << metadata->token_endpoint_auth_method.value_or("?") << ", redirect URI "
                 << listener_.redirect_uri() << "\n";
            auto registered = client::register_client(http_, as, *metadata);
            if (!registered) return registered.error();
            if (registered->quirks_seen.secret_without_expiry)
                out_ << "   (interop quirk: a client_secret without client_secret_expires_at, taken as not expiring)\n";
            if (registered->quirks_seen.auth_method_not_echoed)
                out_ << "   (interop quirk: the server did not echo token_endpoint_auth_method; keeping the one asked for)\n";
            auto a = client::client_authentication_for(*registered, as);
            if (!a) return failure(a.error());
            client_ = std::move(*a);
            out_ << "   client_id " << client_->client_id << ", authenticates with "
                 << oauth::to_string(client_->method) << "\n";
            break;
        }
        }
        return {};
    }

    // RFC 6749 §4.1 with PKCE (RFC 7636), state, RFC 8707 resource and RFC 9207 iss: the browser (or the headless
    // stand-in) brings the code to the loopback listener; then the exchange.
    outcome<void> authorize(oauth::authorization_server_metadata const& as, oauth::scope_set const& scope) {
        ++authorizations_;
        client::code_flow::parameters p;
        p.client_id = client_->client_id;
        p.redirect_uri = listener_.redirect_uri();
        p.scope = scope;
        p.resource = {found_->resource_indicator()};
        // MCP 2025-11-25 "Authorization Code Protection": metadata without code_challenge_methods_supported means
        // no PKCE — refuse to proceed. Only the 2025-03-26 default endpoints have no metadata to check.
        p.require_s256_advertised = found_->source != client::authorization_server_source::legacy_default_endpoints;
        auto started = client::code_flow::start(as, p);
        if (!started) {
            if (started.error() == error::pkce_required)
                out_ << "   the authorization server does not advertise PKCE S256 (code_challenge_methods_supported):"
                        " MCP clients must not proceed\n";
            return failure(started.error());
        }
        out_ << "   authorization request " << authorizations_ << ": PKCE S256, state, resource "
             << found_->resource_indicator() << ", scope "
             << (scope.empty() ? std::string("(omitted)") : "\"" + scope.to_string() + "\"") << "\n";
        if (!listener_.rearm()) return failure(error::unexpected_status);

        std::optional<std::string> callback;
        std::thread waiter([&] { callback = listener_.wait(settings_.timeout); });
        std::string problem;
        if (settings_.headless) problem = follow_headless(started->authorization_url);
        else send_user_to(std::string(started->authorization_url.buffer()), settings_.print_url_only, out_);
        if (!problem.empty()) {  // nothing will arrive: end the wait now
            http_request stop;
            stop.url = boost::urls::url(listener_.redirect_uri());
            stop.url.set_encoded_query("error=access_denied&error_description=headless+authorization+failed");
            (void)http_(stop);
        }
        waiter.join();
        if (!problem.empty()) {
            out_ << "   headless authorization failed: " << problem << "\n";
            return failure(error::unexpected_status);
        }
        if (!callback) {
            out_ << "   no authorization response within " << settings_.timeout.count() << " s\n";
            return failure(error::unexpected_status);
        }
        auto tokens = client::code_flow::finish(*callback, started->pending, as, *client_, http_, now());
        if (!tokens) return tokens.error();
        out_ << "   code exchanged: access token (" << tokens->access_token.reveal().size() << " bytes)";
        if (tokens->expires_in) out_ << ", expires in " << tokens->expires_in->count() << " s";
        out_ << ", scope " << (tokens->scope ? "\"" + tokens->scope->to_string() + "\"" : std::string("as requested"))
             << ", refresh token " << (tokens->refresh_token.empty() ? "none (RFC 6749 §5.1: optional)" : "issued")
             << "\n";
        tokens_ = static_cast<oauth::token_response&&>(std::move(*tokens));
        return {};
    }

    // The authorization server approves by itself (or through redirect-only login and consent steps): do what
    // the browser would, through the same transport, and hand the response to our own listener.
    std::string follow_headless(boost::urls::url const& authorization_url) {
        auto const redirect = boost::urls::url(listener_.redirect_uri());
        auto arrived = [&](boost::urls::url_view u) {
            return u.scheme() == redirect.scheme() && u.encoded_host_and_port() == redirect.encoded_host_and_port() &&
                   u.encoded_path() == redirect.encoded_path();
        };
        auto const before = browser_.redirects_followed();
        auto back = browser_.navigate(http_, authorization_url, arrived);
        if (!back) return browser_.problem();
        out_ << "   --headless: " << browser_.redirects_followed() - before + 1 << " redirect(s) to the callback, "
             << browser_.cookies().size() << " cookie(s) kept\n";
        http_request deliver;
        deliver.url = *back;
        auto r = http_(deliver);
        if (!r || r->status != 200) return "the redirect did not reach the loopback listener";
        return {};
    }

    any_executor http_;
    std::string resource_;
    loopback_listener& listener_;
    authorization_settings settings_;
    std::ostream& out_;
    std::optional<client::discovery_result> found_;
    std::optional<std::string> found_metadata_url_;
    std::optional<oauth::client_authentication> client_;
    std::optional<oauth::scope_set> requested_;
    std::optional<oauth::token_response> tokens_;
    client::step_up_policy policy_{};
    headless_browser browser_{};
    std::size_t authorizations_ = 0;
};

} // namespace authwire::examples
