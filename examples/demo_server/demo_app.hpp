#pragma once
// authwire examples — the MCP-style deployment of the demo: one authorization server and one protected resource
// on the same origin, wired ONLY from authwire's server endpoints, as a handler `http_request -> http_response`.
// The Beast demo server puts it behind real sockets; mcp_flow puts it behind an in-memory executor. Routes:
//
//   GET  /.well-known/oauth-protected-resource/mcp   RFC 9728 §3 (path-aware: the resource is <base>/mcp)
//   GET  /.well-known/oauth-authorization-server     RFC 8414 §3
//   GET  /jwks                                        RFC 7517 §5, only with a signed token format (public keys)
//   POST /register                                    RFC 7591 §3 (open registration, limited: see below)
//   GET  /authorize                                   RFC 6749 §4.1.1 → consent page (or auto-approve)
//   POST /authorize/consent                           the user's decision → redirect with code or access_denied
//   POST /token                                       RFC 6749 §3.2: code (PKCE) and refresh (rotation) grants
//   POST /revoke                                      RFC 7009: a refresh token revokes its whole grant
//   POST /introspect                                  RFC 7662 (each client its own tokens; public clients too)
//   POST /mcp, DELETE /mcp                            the protected resource (RFC 6750): an MCP server over
//                                                     Streamable HTTP (../common/mcp_server.hpp) with the job-board
//                                                     tools of mcp_tools.hpp — scope mcp:tools for every call, and
//                                                     mcp:write as well for the write tool (apply_to_job)
//
// <base> is the issuer: the server's origin, or the public origin it is reached at behind a proxy (issuer).
//
// Access tokens (access_tokens.hpp): by default nested JWTs (RFC 9068) — a JWE (dir, A256GCM) around an HS256 JWS,
// both keys random per run or given (demo_options::token_keys, shared by instances) and held in kid-based key rings; or `at+jwt` signed with ES256 or RS256 and the public
// key published at /jwks (jwks_uri), so that other resource servers can validate them. Tokens are issued for
// this server's /mcp and for the other resources the options name (RFC 8707: "aud" is the requested resource).
//
// Clients: registered (RFC 7591), or named by an https URL whose JSON document is their metadata (OAuth Client ID
// Metadata Documents, server/client_id_metadata_document.hpp): the app fetches the document with the options'
// fetch function before any endpoint looks such a client up. Documents on loopback or private-network hosts are
// refused unless allow_internal_cimd_hosts (tests only: it lets a client_id make this server fetch from its own
// network).
//
// Scopes (MCP "Scope Selection Strategy", "Scope Challenge Handling"): 401 challenges from /mcp carry
// scope="mcp:tools"; a tools/call of a write tool with a token lacking mcp:write is 403 insufficient_scope with
// scope="<granted> mcp:write", and a new authorization for that union is granted.
//
// Stores (basic_demo_app<Stores>): demo_app keeps clients, codes, refresh families and revocations in this process;
// redis_demo_app (redis_demo_stores.hpp) in Redis, so that instances behind one issuer share them. Then purge() has
// nothing of theirs to forget (Redis TTLs do it) and max_clients is not counted (Redis's maxmemory bounds them).
//
// The clock is the application's (a parameter), so mcp_flow can move time forward.
//
// What keeps memory bounded (decisions marked ▸), whoever calls:
//  - Registration is open but limited. ▸ Per client address (the server shell passes it; IPv6 per /64): 10 at
//    once, then one every 6 s — beyond, 429 with Retry-After. ▸ In total: at most max_clients registrations are
//    kept — beyond, 503 (authwire's memory_client_store cannot forget a client, so only a restart frees room;
//    no Retry-After is promised). ▸ A registration request is at most 8 KiB (413 beyond; MCP clients send < 1 KiB).
//  - Client ID metadata documents: the library's cache is bounded (10,000 documents), and so is the demo's note of
//    their logo_uri values (1,000).
//  - purge(), which the demo server runs every 10 s: expired and spent authorization codes, dead refresh-token
//    families, lapsed revocation entries, expired consent requests, idle MCP sessions, full rate-limit buckets.
//  - Consent requests (1,000, 10 minutes) and MCP sessions (1,000, idle 1 hour) are bounded where they are kept.

#include "../common/rate_limit.hpp"
#include "../common/router.hpp"
#include "access_tokens.hpp"
#include "consent.hpp"
#include "mcp_tools.hpp"

#include <authwire/server.hpp>

#include <boost/json/parse.hpp>

#include <chrono>
#include <functional>
#include <map>
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
    /// The access-token format (access_tokens.hpp) and, for a signed one, its key as a PEM "PRIVATE KEY" (empty:
    /// a key generated at start-up).
    demo_token_format token_format = demo_token_format::jwe;
    std::string signing_key_pem{};
    /// The access-token keys (a --keys JWK Set, private): for jwe the octet keys "at-sig-1" and "at-enc-1", for a
    /// signed format its private key (access_tokens.hpp). Empty: signing_key_pem, or keys generated at start-up.
    /// Instances that serve one issuer share them.
    std::vector<jose::jwk> token_keys{};
    /// RFC 8414 §2: the public issuer identifier — the origin ("https://mcp.example", no path) clients reach this
    /// server at when it sits behind a proxy. Every URL the server publishes (issuer, endpoints, resource,
    /// jwks_uri) is built from it, and /mcp and the consent answer accept its Host and Origin. Empty: `origin`.
    std::string issuer{};
    /// RFC 8707: other resource servers this authorization server issues tokens for (absolute URIs without
    /// fragment); a token's "aud" is the resource requested (this server's /mcp when none is).
    std::vector<std::string> other_resources{};
    /// Client ID Metadata Documents: how the app fetches a document (an executor that does not follow
    /// redirects); empty: URL client_ids are refused.
    std::function<result<http_response>(http_request const&)> fetch{};
    /// Accept documents on loopback, private-network and link-local hosts. UNSAFE outside tests: any client_id
    /// could make this server fetch from its own network (server-side request forgery).
    bool allow_internal_cimd_hosts = false;
    /// What each scope lets a client do, as the consent page tells the user (authwire's authorization_server_config
    /// lists scopes without words for them).
    std::map<std::string, std::string, std::less<>> scope_descriptions = {
        {"mcp:tools", "Use the job board's tools as you: search and read job offers, and list your applications."},
        {"mcp:write", "Act on the job board in your name: apply to jobs for you."},
        {"jobs:read", "Read job offers and their details."},
    };
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

/// Where the demo keeps its clients, codes, refresh-token families and revocations: in this process (the default)…
struct memory_demo_stores {
    server::memory_client_store clients;
    server::memory_code_store codes;
    server::memory_refresh_store refresh_tokens;
    server::memory_revocation_store revocations;
};
// … or in Redis (redis_demo_stores.hpp, with authwire::redis), shared by every instance that names the same Redis.

/// The demo deployment over a store bundle (Stores: members clients, codes, refresh_tokens, revocations, each
/// modelling its authwire::server store concept; constructed from `store_args`).
template <class Stores>
class basic_demo_app {
public:
    template <class... StoreArgs>
    explicit basic_demo_app(demo_options o, StoreArgs&&... store_args)
        : options_(std::move(o)),
          base_(options_.issuer.empty() ? options_.origin : options_.issuer),
          stores_(std::forward<StoreArgs>(store_args)...),
          cimd_(clients_, config_, cimd_options(options_)),
          registrations_(options_.registration_rate) {
        auto const& base = base_;
        config_.issuer = base;
        config_.authorization_endpoint = base + "/authorize";
        config_.token_endpoint = base + "/token";
        config_.registration_endpoint = base + "/register";
        config_.revocation_endpoint = base + "/revoke";
        config_.introspection_endpoint = base + "/introspect";
        config_.scopes_supported = {"mcp:tools", "mcp:write", "jobs:read"};
        config_.default_scope = "mcp:tools";
        config_.resources = {resource()};
        for (auto const& r : options_.other_resources)
            if (!config_.is_known_resource(r)) config_.resources.push_back(r);
        config_.default_resource = resource();
        config_.client_id_metadata_document_supported = true;
        config_.allow_http_loopback = true;  // the demo server runs on http://127.0.0.1; https elsewhere
        config_.rng = options_.rng;
        mcp_.resource = resource();
        mcp_.resource_name = "authwire demo MCP server";
        mcp_.scopes_supported = std::vector<std::string>{"mcp:tools", "mcp:write"};

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
            if (auto refused = resolve_client(r)) return std::move(*refused);
            return server::handle_token_request(r, now(), stores(), *tokens_, config_);
        });

        if (!make_token_format()) return;

        server::bearer_validator_config bearer;
        bearer.resource = resource();
        bearer.resource_metadata = base + "/.well-known/oauth-protected-resource/mcp";
        bearer.challenge_scope = "mcp:tools";              // MCP scope selection: what to ask for first
        bearer.insufficient_scope_with_granted = true;     // step-up: the 403 names the union to ask for
        bearer_.emplace(*tokens_, revocations_, std::move(bearer));

        router_.route("/revoke", [this](http_request const& r) {
            if (auto refused = resolve_client(r)) return std::move(*refused);
            return server::handle_revocation_request(r, now(), cimd_, refresh_tokens_, revocations_, *tokens_, config_)
                .response;
        });
        router_.route("/introspect", [this](http_request const& r) {
            if (auto refused = resolve_client(r)) return std::move(*refused);
            return server::handle_introspection_request(r, now(), cimd_, refresh_tokens_, revocations_, *tokens_,
                                                        config_);
        });

        // The MCP endpoint: its Host/Origin allow-list (the public issuer's too), and the job board's tools.
        auto hosts = options_.allowed_hosts;
        auto origins = options_.allowed_origins;
        if (!options_.issuer.empty()) {
            if (auto u = boost::urls::parse_absolute_uri(options_.issuer); u && u->has_authority()) {
                hosts.emplace_back(u->encoded_authority());
                origins.push_back(options_.issuer);
            }
        }
        auto guard = mcp::origin_guard::for_origin(options_.origin, hosts, origins);
        if (!guard) return;
        mcp::server_options endpoint;
        endpoint.info = {"authwire-demo", "0.1.0", "authwire demo job board"};
        endpoint.instructions = "Search the job board with search_jobs, read one job with get_job, see the signed-in "
                                "user's applications with list_applications, and apply to a job with apply_to_job "
                                "(needs the scope mcp:write).";
        endpoint.rng = options_.rng;
        mcp_endpoint_.emplace(std::move(endpoint), std::move(*guard));
        if (!add_demo_tools(*mcp_endpoint_, board_)) {
            mcp_endpoint_.reset();
            return;
        }
        router_.route("/mcp", [this](http_request const& r) { return mcp(r); });
    }

    basic_demo_app(basic_demo_app const&) = delete;
    basic_demo_app& operator=(basic_demo_app const&) = delete;

    /// RFC 8414 §2: is the configuration coherent (issuer, endpoints, scopes, resources)? error::key_unusable when
    /// the access-token key could not be made (signing_key_pem of another type …); error::invalid_argument for an
    /// allowed host or origin that does not parse; error::invalid_url for an issuer that is not an origin.
    [[nodiscard]] result<void> validate() const {
        if (!tokens_) return error::key_unusable;
        if (!mcp_endpoint_) return error::invalid_argument;  // an allowed host or origin that does not parse
        if (!options_.issuer.empty()) {
            auto u = boost::urls::parse_absolute_uri(options_.issuer);
            if (!u || !u->has_authority() || !u->encoded_path().empty() || u->has_query() || u->has_fragment())
                return error::invalid_url;
        }
        return config_.validate();
    }

    /// The protected resource (RFC 8707 audience of its tokens): <base>/mcp.
    [[nodiscard]] std::string resource() const { return base_ + "/mcp"; }
    /// The issuer: the public origin (demo_options::issuer) or the server's own.
    [[nodiscard]] std::string const& issuer() const noexcept { return base_; }
    [[nodiscard]] server::authorization_server_config const& config() const noexcept { return config_; }
    /// The Host and Origin values /mcp accepts (valid once validate() succeeded).
    [[nodiscard]] mcp::origin_guard const& mcp_guard() const { return mcp_endpoint_->guard(); }
    /// The access-token format in use.
    [[nodiscard]] demo_token_format token_format() const noexcept { return options_.token_format; }

    /// RFC 7519 §7.2, RFC 9068 §4: open an access token this server issued in the default (jwe) format with its
    /// own keys — decrypt the outer JWE, verify the inner JWS and its claims at the app's clock — to show what is
    /// inside (only the server and resource servers sharing its keys can; clients cannot). A signed format's
    /// tokens are readable by anyone: error::wrong_token_type here.
    [[nodiscard]] result<jose::verified_nested_jwt> inspect_access_token(std::string_view token) const {
        if (options_.token_format != demo_token_format::jwe) return error::wrong_token_type;
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
        // Stores with their own expiry (Redis TTLs) have nothing to purge.
        if constexpr (requires { codes_.purge(t); }) n.codes = codes_.purge(t);
        if constexpr (requires { refresh_tokens_.purge(t); }) n.refresh_families = refresh_tokens_.purge(t);
        if constexpr (requires { revocations_.purge(t); }) n.revocations = revocations_.purge(t);
        n.consents = consents_.purge(t);
        if (mcp_endpoint_) n.mcp_sessions = mcp_endpoint_->purge(t);
        n.rate_limit_buckets = registrations_.purge(t);
        return n;
    }

    /// What the app holds now (for tests and the soak test's log).
    struct holdings {
        std::size_t clients, codes, refresh_families, revocations, consents, mcp_sessions, rate_limit_buckets;
    };
    /// (0 for what a shared store, Redis, holds.)
    [[nodiscard]] holdings held() const {
        holdings h{0, 0, 0, 0, consents_.size(), mcp_endpoint_ ? mcp_endpoint_->session_count() : 0,
                   registrations_.size()};
        if constexpr (requires { clients_.size(); }) h.clients = clients_.size();
        if constexpr (requires { codes_.size(); }) h.codes = codes_.size();
        if constexpr (requires { refresh_tokens_.family_count(); }) h.refresh_families = refresh_tokens_.family_count();
        if constexpr (requires { revocations_.size(); }) h.revocations = revocations_.size();
        return h;
    }

private:
    [[nodiscard]] std::chrono::system_clock::time_point now() const { return options_.clock(); }

    [[nodiscard]] static server::client_id_metadata_document_options cimd_options(demo_options const& o) {
        server::client_id_metadata_document_options c;
        c.allow_internal_hosts = o.allow_internal_cimd_hosts;
        return c;
    }

    // The access-token format the options name, with fresh keys (or the given signing key); false when a key
    // cannot be made (validate() then reports error::key_unusable).
    bool make_token_format() {
        auto const& base = base_;
        if (options_.token_format == demo_token_format::jwe) {
            jwt_options_.issuer = config_.issuer;
            // RFC 9068 access tokens, nested, with the given keys (shared by the instances of one issuer) or fresh
            // random ones for this run (a real deployment loads and rotates them).
            auto keys = options_.token_keys;
            if (keys.empty()) {
                auto fresh = demo_generate_keys(options_.token_format, options_.rng);
                if (!fresh) return false;
                keys = std::move(*fresh);
            }
            auto sig = demo_find_octet_key(keys, demo_jwe_signing_kid);
            auto enc = demo_find_octet_key(keys, demo_jwe_encryption_kid);
            if (!sig || !enc) return false;
            auto sig_key = jose::jws_key::make(std::move(*sig), jose::jws_algorithm::HS256);
            auto enc_key = jose::jwe_key::make(std::move(*enc), jose::jwe_algorithm::dir);
            if (!sig_key || !enc_key) return false;
            if (!signing_keys_.rotate_to(std::move(*sig_key)) || !encryption_keys_.rotate_to(std::move(*enc_key)))
                return false;
            auto format = server::jwt_access_token_format::make(signing_keys_, encryption_keys_, jwt_options_);
            if (!format) return false;
            tokens_.emplace(std::move(*format));
            return true;
        }
        // RFC 9068 `at+jwt` signed with ES256 or RS256; the public key at /jwks (RFC 8414 §2 jwks_uri).
        server::signed_jwt_access_token_options opt;
        opt.issuer = config_.issuer;
        auto const given = demo_find_signing_key(options_.token_keys);
        if (!options_.token_keys.empty() && !given) return false;
        auto key = given ? demo_signing_key(options_.token_format, *given)
                         : demo_signing_key(options_.token_format, options_.signing_key_pem);
        if (!key) return false;
        published_keys_.emplace(opt.lifetime + opt.leeway);
        if (!published_keys_->rotate_to(std::move(*key), now())) return false;
        auto format = server::signed_jwt_access_token_format::make(*published_keys_, opt);
        if (!format) return false;
        tokens_.emplace(std::move(*format));
        config_.jwks_uri = base + "/jwks";
        router_.route("/jwks", [this](http_request const& r) {
            return server::handle_jwks_request(r, *published_keys_, now());
        });
        return true;
    }
    using client_store_t = decltype(Stores::clients);
    using code_store_t = decltype(Stores::codes);
    using refresh_store_t = decltype(Stores::refresh_tokens);
    using revocation_store_t = decltype(Stores::revocations);
    using client_front = server::client_id_metadata_document_store<client_store_t>;
    using stores_t = server::token_endpoint_stores<client_front, code_store_t, refresh_store_t, revocation_store_t>;
    [[nodiscard]] stores_t stores() { return stores_t{cimd_, codes_, refresh_tokens_, revocations_}; }

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
        if (client_count() >= options_.max_clients)
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
        if (auto refused = resolve_client(req)) {
            refused->status = 400;  // never redirected: the client and its redirect URIs are unknown
            return std::move(*refused);
        }
        auto step = server::authorize(req, cimd_, config_);
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
        s.user = options_.user;
        s.scope_descriptions = options_.scope_descriptions;
        if (client_front::is_metadata_document_client_id(s.client_id)) {
            s.metadata_document = true;
            if (auto const it = cimd_logos_.find(s.client_id); it != cimd_logos_.end()) s.logo_uri = it->second;
        }
        return render_consent_page(s);
    }

    // Client ID Metadata Documents: before an endpoint looks up a URL client_id (the `client_id` of the query at
    // /authorize, of the form elsewhere — such clients are public, so it is there), fetch and validate its
    // document unless a fresh copy is cached. nullopt: go on (also for registered clients, and for requests
    // without a client_id, which the endpoint refuses itself); otherwise the refusal, invalid_client.
    std::optional<http_response> resolve_client(http_request const& req) {
        std::optional<std::string> client_id;
        if (req.method == "GET") {
            auto params = server::read_form_request(req, {}, true);
            if (params) client_id = params->find("client_id");
        } else if (auto form = server::read_form_request(req)) {
            client_id = form->find("client_id");
        }
        if (!client_id || !client_front::is_metadata_document_client_id(*client_id)) return std::nullopt;
        auto const refuse = [](std::string_view why) {
            return server::json_error_response(error::invalid_client,
                                               "client metadata document: " + std::string(why));
        };
        auto fetch = cimd_.fetch_request(*client_id, now());
        if (!fetch) {
            if (fetch.error() == error::address_not_allowed)
                return refuse("its host is on a loopback, private or link-local network, which this server does not "
                              "fetch from");
            return refuse("the client_id cannot name a document, or its document was refused a moment ago (" +
                          fetch.error().message() + ")");
        }
        if (!*fetch) return std::nullopt;  // a fresh copy is cached
        if (!options_.fetch) return refuse("this server does not fetch client metadata documents");
        auto resp = options_.fetch(**fetch);
        if (!resp) return refuse("the document could not be fetched (" + resp.error().message() + ")");
        auto record = cimd_.on_response(*client_id, *resp, now());
        if (!record) {
            auto const& f = record.error();
            std::string why = "the document was refused (" + f.code.message();
            if (f.response) why += ": " + f.response->error + " " + f.response->error_description;
            return refuse(why + ")");
        }
        note_logo(*client_id, resp->body);
        return std::nullopt;
    }

    // Registrations kept (max_clients): a shared store (Redis) keeps them for all instances and bounds them itself
    // (its maxmemory), so the demo counts only what it holds in memory.
    [[nodiscard]] std::size_t client_count() const {
        if constexpr (requires { clients_.size(); })
            return clients_.size();
        else
            return 0;
    }

    // The consent page shows a document's logo_uri (as text, marked unverified): kept here, bounded.
    void note_logo(std::string const& client_id, std::string_view document) {
        boost::system::error_code ec;
        auto v = boost::json::parse(document, ec);
        std::string logo;
        if (!ec && v.is_object())
            if (auto const* l = v.as_object().if_contains("logo_uri"); l != nullptr && l->is_string())
                logo = std::string(l->as_string());
        if (logo.empty()) {
            cimd_logos_.erase(client_id);
            return;
        }
        if (cimd_logos_.size() >= 1000 && !cimd_logos_.contains(client_id)) cimd_logos_.erase(cimd_logos_.begin());
        cimd_logos_.insert_or_assign(client_id, std::move(logo));
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
        if (auto refused = refuse_cross_site_answer(req, base_)) return *refused;
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
                                   "/register", "/token", "/revoke", "/jwks"})
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
    // valid Bearer token with scope mcp:tools — and mcp:write too when the request calls a write tool (RFC 6750
    // §3.1 answers otherwise: 401 with scope="mcp:tools", 403 insufficient_scope with the union to ask for), then
    // MCP as that user and client.
    http_response mcp(http_request const& req) {
        if (auto refused = mcp_endpoint_->check_origin(req)) return *refused;
        auto who = bearer_->validate(req, now(), calls_write_tool(req) ? "mcp:tools mcp:write" : "mcp:tools");
        if (!who) return who.error().response;
        return mcp_endpoint_->handle(req, {who->subject, who->client_id}, now());
    }

    // Does this POST carry a JSON-RPC tools/call (alone or in a batch) of a tool that needs mcp:write? A body that
    // does not parse is left to the MCP endpoint to refuse.
    [[nodiscard]] static bool calls_write_tool(http_request const& req) {
        if (req.method != "POST") return false;
        boost::system::error_code ec;
        auto v = boost::json::parse(req.body, ec);
        if (ec) return false;
        auto writes = [](boost::json::value const& m) {
            auto const* o = m.if_object();
            if (o == nullptr) return false;
            auto const* method = o->if_contains("method");
            if (method == nullptr || !method->is_string() || method->as_string() != "tools/call") return false;
            auto const* params = o->if_contains("params");
            if (params == nullptr || !params->is_object()) return false;
            auto const* name = params->as_object().if_contains("name");
            return name != nullptr && name->is_string() && is_write_tool(name->as_string());
        };
        if (auto const* batch = v.if_array()) {
            for (auto const& m : *batch)
                if (writes(m)) return true;
            return false;
        }
        return writes(v);
    }

    http_response finish(server::validated_authorization_request const& request, server::consent_decision decision) {
        return server::finish_authorization(request, decision, options_.user, {}, now(), codes_, config_);
    }

    demo_options options_;
    std::string base_;  // the issuer: public origin or the server's own
    server::authorization_server_config config_;
    server::protected_resource_description mcp_;
    Stores stores_;
    client_store_t& clients_ = stores_.clients;
    client_front cimd_;  // URL client_ids (documents), then clients_
    std::map<std::string, std::string, std::less<>> cimd_logos_;
    code_store_t& codes_ = stores_.codes;
    refresh_store_t& refresh_tokens_ = stores_.refresh_tokens;
    revocation_store_t& revocations_ = stores_.revocations;
    jose::jws_key_ring signing_keys_;
    jose::jwe_key_ring encryption_keys_;
    server::jwt_access_token_options jwt_options_;
    std::optional<server::access_token_signing_keys> published_keys_;
    std::optional<demo_access_token_format> tokens_;
    std::optional<server::bearer_validator<demo_access_token_format, revocation_store_t>> bearer_;
    pending_consents<server::validated_authorization_request> consents_;
    address_rate_limit registrations_;
    std::mutex registration_mutex_;
    job_board board_;
    std::optional<mcp::server> mcp_endpoint_;
    router router_;
};

/// The demo with its stores in this process.
using demo_app = basic_demo_app<memory_demo_stores>;

} // namespace authwire::examples
