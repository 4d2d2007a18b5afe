#pragma once
// authwire examples — the MCP-style deployment of the demo: one authorization server and one protected resource
// on the same origin, wired ONLY from authwire's server endpoints, as a handler `http_request -> http_response`.
// The Beast demo server puts it behind real sockets; mcp_flow puts it behind an in-memory executor. Routes:
//
//   GET  /.well-known/oauth-protected-resource/mcp   RFC 9728 §3 (path-aware: the resource is <origin>/mcp)
//   GET  /.well-known/oauth-authorization-server     RFC 8414 §3
//   POST /register                                    RFC 7591 §3 (open registration, limited: see below)
//   GET  /authorize                                   RFC 6749 §4.1.1 → consent page (or auto-approve)
//   POST /authorize/consent                           the user's decision → redirect with code or access_denied
//   POST /token                                       RFC 6749 §3.2: code (PKCE) and refresh (rotation) grants
//   POST /revoke                                      RFC 7009: a refresh token revokes its whole grant
//   POST /introspect                                  RFC 7662 (confidential clients, their own tokens)
//   POST /mcp, DELETE /mcp                            the protected resource (RFC 6750, scope mcp:tools): an MCP
//                                                     server over Streamable HTTP (../common/mcp_server.hpp) with
//                                                     the job-board tools of mcp_tools.hpp
//
// Access tokens are nested JWTs (RFC 9068): a JWE (dir, A256GCM) around an HS256 JWS, both keys random per run
// and held in kid-based key rings.
//
// The clock is the application's (a parameter), so mcp_flow can move time forward.
//
// What keeps memory bounded (decisions marked ▸), whoever calls:
//  - Registration is open but limited. ▸ Per client address (the server shell passes it; IPv6 per /64): 10 at
//    once, then one every 6 s — beyond, 429 with Retry-After. ▸ In total: at most max_clients registrations are
//    kept — beyond, 503 (authwire's memory_client_store cannot forget a client, so only a restart frees room;
//    no Retry-After is promised). ▸ A registration request is at most 8 KiB (413 beyond; MCP clients send < 1 KiB).
//  - purge(), which the demo server runs every 10 s: expired and spent authorization codes, dead refresh-token
//    families, lapsed revocation entries, expired consent requests, idle MCP sessions, full rate-limit buckets.
//  - Consent requests (1,000, 10 minutes) and MCP sessions (1,000, idle 1 hour) are bounded where they are kept.

#include "../common/rate_limit.hpp"
#include "../common/router.hpp"
#include "consent.hpp"
#include "mcp_tools.hpp"

#include <authwire/server.hpp>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace authwire::examples {

struct demo_options {
    std::string origin;                ///< "http://127.0.0.1:8080" or "https://mcp.example": issuer and resource host
    bool auto_approve = false;         ///< approve every valid authorization request without asking (tests)
    std::string user = "demo-user";    ///< the signed-in user (the demo has no login)
    std::function<std::chrono::system_clock::time_point()> clock = [] { return std::chrono::system_clock::now(); };
    random_source rng{};
    /// DNS-rebinding protection of /mcp: Host authorities ("name[:port]") and Origins ("scheme://name[:port]")
    /// accepted besides the origin's own (and its loopback equivalents when it is on loopback).
    std::vector<std::string> allowed_hosts;
    std::vector<std::string> allowed_origins;
    /// Registrations kept at most (beyond: 503). authwire's memory_client_store never forgets a client.
    std::size_t max_clients = 1000;
    /// Registrations per client address (beyond: 429 with Retry-After).
    address_rate_limit::options registration_rate{};
    /// The largest registration request body, in bytes (beyond: 413).
    std::size_t max_registration_size = 8 * 1024;
};

/// What one purge() forgot.
struct purge_counts {
    std::size_t codes = 0;             ///< expired unused codes and lapsed tombstones of spent ones
    std::size_t refresh_families = 0;  ///< revoked or expired grants, with all their refresh tokens
    std::size_t revocations = 0;       ///< revocation entries whose access tokens have all expired
    std::size_t consents = 0;          ///< consent requests nobody answered in time
    std::size_t mcp_sessions = 0;      ///< MCP sessions idle too long
    std::size_t rate_limit_buckets = 0;
};

class demo_app {
public:
    explicit demo_app(demo_options o) : options_(std::move(o)), registrations_(options_.registration_rate) {
        auto const& origin = options_.origin;
        config_.issuer = origin;
        config_.authorization_endpoint = origin + "/authorize";
        config_.token_endpoint = origin + "/token";
        config_.registration_endpoint = origin + "/register";
        config_.revocation_endpoint = origin + "/revoke";
        config_.introspection_endpoint = origin + "/introspect";
        config_.scopes_supported = {"mcp:tools", "jobs:read"};
        config_.default_scope = "mcp:tools";
        config_.resources = {resource()};
        config_.allow_http_loopback = true;  // the demo server runs on http://127.0.0.1; https elsewhere
        config_.rng = options_.rng;
        mcp_.resource = resource();
        mcp_.resource_name = "authwire demo MCP server";

        router_.route("/.well-known/oauth-protected-resource/mcp", [this](http_request const& r) {
            return server::handle_protected_resource_metadata(r, config_, mcp_);
        });
        router_.route("/.well-known/oauth-authorization-server", [this](http_request const& r) {
            return server::handle_authorization_server_metadata(r, config_);
        });
        router_.route("/register", [this](http_request const& r) {
            return server::handle_registration(r, now(), clients_, config_);
        });
        router_.route("/authorize", [this](http_request const& r) { return authorize(r); });
        router_.route("/authorize/consent", [this](http_request const& r) { return consent(r); });
        router_.route("/token", [this](http_request const& r) {
            if (!tokens_) return server::json_error_response(error::server_error, "no access-token keys");
            return server::handle_token_request(r, now(), stores(), *tokens_, config_);
        });

        // RFC 9068 access tokens: fresh random keys for this run (a real deployment loads and rotates them).
        jwt_options_.issuer = config_.issuer;
        auto sig = jose::jwk::generate_octets(32, "at-sig-1", options_.rng);
        auto enc = jose::jwk::generate_octets(32, "at-enc-1", options_.rng);
        if (!sig || !enc) return;
        auto sig_key = jose::jws_key::make(std::move(*sig), jose::jws_algorithm::HS256);
        auto enc_key = jose::jwe_key::make(std::move(*enc), jose::jwe_algorithm::dir);
        if (!sig_key || !enc_key) return;
        if (!signing_keys_.rotate_to(std::move(*sig_key)) || !encryption_keys_.rotate_to(std::move(*enc_key))) return;
        auto format = server::jwt_access_token_format::make(signing_keys_, encryption_keys_, jwt_options_);
        if (!format) return;
        tokens_.emplace(std::move(*format));

        server::bearer_validator_config bearer;
        bearer.resource = resource();
        bearer.resource_metadata = origin + "/.well-known/oauth-protected-resource/mcp";
        bearer_.emplace(*tokens_, revocations_, std::move(bearer));

        router_.route("/revoke", [this](http_request const& r) {
            return server::handle_revocation_request(r, now(), clients_, refresh_tokens_, revocations_, *tokens_, config_)
                .response;
        });
        router_.route("/introspect", [this](http_request const& r) {
            return server::handle_introspection_request(r, now(), clients_, refresh_tokens_, revocations_, *tokens_,
                                                        config_);
        });

        // The MCP endpoint: its Host/Origin allow-list, and the job board's tools.
        auto guard = mcp::origin_guard::for_origin(origin, options_.allowed_hosts, options_.allowed_origins);
        if (!guard) return;
        mcp::server_options endpoint;
        endpoint.info = {"authwire-demo", "0.1.0", "authwire demo job board"};
        endpoint.instructions = "Search the job board with search_jobs, read one job with get_job, and see the "
                                "signed-in user's applications with list_applications.";
        endpoint.rng = options_.rng;
        mcp_endpoint_.emplace(std::move(endpoint), std::move(*guard));
        if (!add_demo_tools(*mcp_endpoint_, board_)) {
            mcp_endpoint_.reset();
            return;
        }
        router_.route("/mcp", [this](http_request const& r) { return mcp(r); });
    }

    demo_app(demo_app const&) = delete;
    demo_app& operator=(demo_app const&) = delete;

    /// RFC 8414 §2: is the configuration coherent (issuer, endpoints, scopes, resources)?
    [[nodiscard]] result<void> validate() const {
        if (!tokens_) return error::key_unusable;
        if (!mcp_endpoint_) return error::invalid_argument;  // an allowed host or origin that does not parse
        return config_.validate();
    }

    /// The protected resource (RFC 8707 audience of its tokens): <origin>/mcp.
    [[nodiscard]] std::string resource() const { return options_.origin + "/mcp"; }
    [[nodiscard]] server::authorization_server_config const& config() const noexcept { return config_; }
    /// The Host and Origin values /mcp accepts (valid once validate() succeeded).
    [[nodiscard]] mcp::origin_guard const& mcp_guard() const { return mcp_endpoint_->guard(); }

    /// RFC 7519 §7.2, RFC 9068 §4: open an access token this server issued with its own keys — decrypt the outer
    /// JWE, verify the inner JWS and its claims at the app's clock — to show what is inside (only the server and
    /// resource servers sharing its keys can; clients cannot).
    [[nodiscard]] result<jose::verified_nested_jwt> inspect_access_token(std::string_view token) const {
        auto decrypter = jose::jwe_decrypter::make(encryption_keys_.keys(), {jwt_options_.enc});
        if (!decrypter) return decrypter.error();
        auto verifier = jose::jws_verifier::make(signing_keys_);
        if (!verifier) return verifier.error();
        jose::jwt_validation v;
        v.issuer = config_.issuer;
        v.audiences = {resource()};
        v.type = "at+jwt";
        v.leeway = std::chrono::seconds(0);
        return jose::validate_nested(token, *decrypter, *verifier, v, now());
    }

    /// Answer one request from the client at `peer_address` (an IP address as text: registrations are limited per
    /// address), with CORS where a browser-based client needs it (see cross_origin).
    [[nodiscard]] http_response operator()(http_request const& req, std::string_view peer_address) {
        auto const kind = cross_origin_kind(req.url.encoded_path());
        if (kind != cross_origin::none && req.method == "OPTIONS" && req.header("Origin") &&
            req.header("Access-Control-Request-Method"))
            return preflight(req, kind);
        std::optional<http_response> refused;
        std::unique_lock<std::mutex> registering;  // admission and registration as one step, so that the
                                                   // max_clients bound holds with requests on several threads
        if (req.url.encoded_path() == "/register" && req.method == "POST") {
            registering = std::unique_lock(registration_mutex_);
            refused = admit_registration(req, peer_address);
        }
        auto resp = refused ? std::move(*refused) : router_(req);
        allow_cross_origin(req, kind, resp);
        return resp;
    }

    /// Answer one request from a caller without an address (in-process: mcp_flow, tests): all such callers
    /// share one registration rate limit.
    [[nodiscard]] http_response operator()(http_request const& req) { return (*this)(req, "in-process"); }

    /// Forget what has expired at the app's clock (see the top of this file); the demo server calls it every 10 s.
    purge_counts purge() {
        auto const t = now();
        purge_counts n;
        n.codes = codes_.purge(t);
        n.refresh_families = refresh_tokens_.purge(t);
        n.revocations = revocations_.purge(t);
        n.consents = consents_.purge(t);
        if (mcp_endpoint_) n.mcp_sessions = mcp_endpoint_->purge(t);
        n.rate_limit_buckets = registrations_.purge(t);
        return n;
    }

    /// What the app holds now (for tests and the soak test's log).
    struct holdings {
        std::size_t clients, codes, refresh_families, revocations, consents, mcp_sessions, rate_limit_buckets;
    };
    [[nodiscard]] holdings held() const {
        return {clients_.size(),        codes_.size(),
                refresh_tokens_.family_count(), revocations_.size(),
                consents_.size(),       mcp_endpoint_ ? mcp_endpoint_->session_count() : 0,
                registrations_.size()};
    }

private:
    [[nodiscard]] std::chrono::system_clock::time_point now() const { return options_.clock(); }
    using stores_t = server::token_endpoint_stores<server::memory_client_store, server::memory_code_store,
                                                   server::memory_refresh_store, server::memory_revocation_store>;
    [[nodiscard]] stores_t stores() { return stores_t{clients_, codes_, refresh_tokens_, revocations_}; }

    // RFC 7591 §3 leaves it to the server whom it registers: bounded per address, in total and in size (see the top
    // of this file). nullopt: go on to the registration endpoint.
    std::optional<http_response> admit_registration(http_request const& req, std::string_view peer_address) {
        auto const rate = registrations_.take(peer_address, now());
        if (!rate.allowed) {
            auto r = server::json_error_response(
                error::temporarily_unavailable,
                "too many registrations from this address: retry in " + std::to_string(rate.retry_after.count()) + " s");
            r.status = 429;
            r.headers.append("Retry-After", std::to_string(rate.retry_after.count()));
            return r;
        }
        if (clients_.size() >= options_.max_clients)
            return server::json_error_response(
                error::temporarily_unavailable,
                "this demo server keeps at most " + std::to_string(options_.max_clients) +
                    " registrations and has reached them; it frees none until restarted (use a client already registered)");
        if (req.body.size() > options_.max_registration_size) {
            auto r = server::json_error_response(error::invalid_client_metadata,
                                                 "a registration request may be at most " +
                                                     std::to_string(options_.max_registration_size) + " bytes");
            r.status = 413;
            return r;
        }
        return std::nullopt;
    }

    // RFC 6749 §4.1.1: validate; then ask the user (consent page) or, with auto_approve, approve at once.
    http_response authorize(http_request const& req) {
        auto step = server::authorize(req, clients_, config_);
        if (!step.needs_consent()) return step.response();
        if (options_.auto_approve) return finish(step.request(), server::consent_decision::approve);
        auto handle = consents_.put(step.request(), now(), options_.rng);
        if (!handle) return server::json_error_response(error::server_error, "the request could not be kept");
        consent_screen s;
        s.action = "/authorize/consent";
        s.transaction = *handle;
        s.client_id = step.request().client_id;
        s.client_name = step.request().client_name;
        s.scope = step.request().scope;
        s.resources = step.request().resources;
        s.redirect_uri = step.request().redirect_uri;
        return render_consent_page(s);
    }

    // The consent form's answer: from the consent page itself (not another site), then the pending request (single
    // use) finished with the user's decision. The user is in a browser: what goes wrong is an HTML page.
    http_response consent(http_request const& req) {
        if (req.method != "POST") {
            auto r = consent_problem_page(405, "Nothing to see here",
                                          "This address only receives the answer of the consent page.",
                                          "Go back to the application and start signing in again.");
            r.headers.append("Allow", "POST");
            return r;
        }
        if (auto refused = refuse_cross_site_answer(req, options_.origin)) return *refused;
        auto const malformed = [] {
            return consent_problem_page(400, "This answer could not be read",
                                        "The consent page's answer arrived incomplete or altered, so it was not taken.",
                                        "Go back to the application and start signing in again.");
        };
        auto form = server::read_form_request(req);
        if (!form || server::repeated_parameter(*form, {"transaction", "decision"})) return malformed();
        auto const decision = form->find("decision").value_or("");
        if (decision != "approve" && decision != "deny") return malformed();
        auto pending = consents_.take(form->find("transaction").value_or(""), now());
        if (!pending)
            return consent_problem_page(
                400, "This sign-in request is no longer waiting",
                "It was already answered — each request takes one answer, and the first one stands — or it waited "
                "longer than " + std::to_string(consents_.lifetime().count() / 60) +
                    " minutes, or the server restarted since. Nothing was changed by this click.",
                "Go back to the application and start signing in again; it will open a new consent page.");
        return finish(*pending, decision == "approve" ? server::consent_decision::approve : server::consent_decision::deny);
    }

    // Browser-based MCP clients (the MCP Inspector, web apps) run discovery, registration and the token requests
    // from a page of another origin, so those answer CORS (Fetch standard §3.2): the public documents and the
    // public client's endpoints to any origin — no cookies are involved, every call carries its own credentials
    // (PKCE, client authentication) — and /mcp only to the origins its DNS-rebinding guard allows, with the
    // headers an MCP client must read exposed. /authorize is a navigation, /introspect is for confidential
    // servers: neither answers CORS.
    enum class cross_origin { none, any_origin, mcp };

    [[nodiscard]] static cross_origin cross_origin_kind(std::string_view path) {
        if (path == "/mcp") return cross_origin::mcp;
        for (std::string_view p : {"/.well-known/oauth-protected-resource/mcp", "/.well-known/oauth-authorization-server",
                                   "/register", "/token", "/revoke"})
            if (path == p) return cross_origin::any_origin;
        return cross_origin::none;
    }

    http_response preflight(http_request const& req, cross_origin kind) {
        http_response r;
        if (kind == cross_origin::mcp) {
            if (auto refused = mcp_endpoint_->check_origin(req)) return *refused;
            r.headers.append("Access-Control-Allow-Methods", "POST, GET, DELETE");
            r.headers.append("Access-Control-Allow-Headers",
                             "Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID");
        } else {
            r.headers.append("Access-Control-Allow-Methods", "GET, POST");
            r.headers.append("Access-Control-Allow-Headers", "Authorization, Content-Type, MCP-Protocol-Version");
        }
        r.status = 204;
        r.headers.append("Access-Control-Max-Age", "600");
        allow_cross_origin(req, kind, r);
        return r;
    }

    void allow_cross_origin(http_request const& req, cross_origin kind, http_response& r) const {
        if (kind == cross_origin::any_origin) {
            r.headers.append("Access-Control-Allow-Origin", "*");
            r.headers.append("Access-Control-Expose-Headers", "WWW-Authenticate");
        } else if (kind == cross_origin::mcp) {
            r.headers.append("Vary", "Origin");
            auto const origin = req.header("Origin");
            if (!origin || mcp_endpoint_->check_origin(req)) return;  // a refused Origin learns nothing more
            r.headers.append("Access-Control-Allow-Origin", *origin);
            r.headers.append("Access-Control-Expose-Headers", "Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate");
        }
    }

    // The protected resource: Host and Origin first (DNS rebinding: refused without looking at any token), then a
    // valid Bearer token with scope mcp:tools (RFC 6750 §3.1 answers otherwise), then MCP as that user and client.
    http_response mcp(http_request const& req) {
        if (auto refused = mcp_endpoint_->check_origin(req)) return *refused;
        auto who = bearer_->validate(req, now(), "mcp:tools");
        if (!who) return who.error().response;
        return mcp_endpoint_->handle(req, {who->subject, who->client_id}, now());
    }

    http_response finish(server::validated_authorization_request const& request, server::consent_decision decision) {
        return server::finish_authorization(request, decision, options_.user, {}, now(), codes_, config_);
    }

    demo_options options_;
    server::authorization_server_config config_;
    server::protected_resource_description mcp_;
    server::memory_client_store clients_;
    server::memory_code_store codes_;
    server::memory_refresh_store refresh_tokens_;
    server::memory_revocation_store revocations_;
    jose::jws_key_ring signing_keys_;
    jose::jwe_key_ring encryption_keys_;
    server::jwt_access_token_options jwt_options_;
    std::optional<server::jwt_access_token_format> tokens_;
    std::optional<server::bearer_validator<server::jwt_access_token_format, server::memory_revocation_store>> bearer_;
    pending_consents<server::validated_authorization_request> consents_;
    address_rate_limit registrations_;
    std::mutex registration_mutex_;
    job_board board_;
    std::optional<mcp::server> mcp_endpoint_;
    router router_;
};

} // namespace authwire::examples
