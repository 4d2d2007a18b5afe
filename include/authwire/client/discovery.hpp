#pragma once
// authwire — discovery (RFC 9728 §3 and §5, RFC 8414 §3, OpenID Connect Discovery §4, and the MCP 2025-03-26
// fallbacks) as an explicit sans-IO state machine: from a resource URL or its 401 to the validated resource
// and authorization server metadata.

#include <authwire/client/address_policy.hpp>
#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/detail/guard.hpp>
#include <authwire/oauth/detail/json_members.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/metadata/well_known.hpp>
#include <authwire/oauth/www_authenticate.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::client {

/// How discovery behaves.
struct discovery_options {
    /// Accept http:// URLs on loopback hosts (127.0.0.1, [::1], localhost) for the resource, the metadata
    /// URLs, the issuer and the endpoints: tests and local development only. Off: https everywhere.
    bool allow_http_loopback = false;
    /// The most requests discovery sends before it gives up (error::input_too_large). The longest path is
    /// six: the challenge's resource_metadata URL, both well-known protected resource URLs, and three
    /// authorization server metadata URLs.
    std::size_t max_steps = 8;
    /// When set, the issuer to use; it must be listed in the resource's `authorization_servers`
    /// (error::wrong_issuer otherwise). When empty, the first listed issuer is used.
    std::string preferred_issuer{};
    /// RFC 9728 §7.7: which hosts the resource may send the client to (see address_policy).
    address_policy addresses{};
    /// MCP 2025-03-26: when no protected resource metadata exists, take the resource's origin as the
    /// authorization server (its RFC 8414 document, else the default /authorize, /token and /register).
    bool legacy_2025_03_26 = true;
    json_limits limits{};
};

/// How discovery found the authorization server.
enum class authorization_server_source {
    resource_metadata,         ///< RFC 9728: the resource's metadata named it, RFC 8414 / OIDC described it
    legacy_metadata,           ///< MCP 2025-03-26: no resource metadata; the RFC 8414 document at the origin
    legacy_default_endpoints,  ///< MCP 2025-03-26: no metadata at all; `<origin>/authorize`, `/token`, `/register`
};

/// What discovery found: both documents, each validated.
struct discovery_result {
    /// RFC 9728 §2. Its `resource` is the resource identifier to send as RFC 8707 `resource` (see
    /// resource_indicator): the called URL, or the origin or path prefix a root document names. Synthesized
    /// (`resource` = the called URL, `authorization_servers` = [the issuer]) for the legacy sources.
    oauth::protected_resource_metadata resource;
    /// RFC 8414 §2. `issuer` equals the issuer the resource named (RFC 8414 §3.3), or — legacy only — the
    /// one the origin's document states (see docs/ARCHITECTURE.md, "Interop quirks").
    oauth::authorization_server_metadata authorization_server;
    std::optional<std::string> challenge_scope;  ///< RFC 6750 §3 `scope` of the 401, if any
    authorization_server_source source = authorization_server_source::resource_metadata;

    /// RFC 8707 §2, MCP "Canonical Server URI": the `resource` to put in authorization and token requests.
    [[nodiscard]] std::string const& resource_indicator() const noexcept { return resource.resource; }
};

/// RFC 9728 §3/§5 then RFC 8414 §3 (+ OpenID Connect Discovery §4, MCP 2025-03-26): the discovery state machine.
///
/// Requests, in order:
///  1. the 401's `resource_metadata` URL (when discovery starts from a challenge that has a usable one — a
///     malformed WWW-Authenticate is ignored), then the RFC 9728 path-inserted well-known URL, then the root one.
///     The path-inserted document must name the called URL exactly; the others may name its origin or a path
///     prefix of it (oauth::resource_match). A document about another resource ends discovery
///     (error::wrong_audience).
///  2. for the chosen issuer, the RFC 8414 URL (path inserted), the OpenID Connect inserted and appended URLs.
///  3. MCP 2025-03-26 (legacy_2025_03_26): when no protected resource metadata answered, the origin's
///     `/.well-known/oauth-authorization-server`; when that is absent too, default endpoints at the origin.
/// A 404, 401 or 403 from a metadata URL moves on to the next candidate; any other status (5xx included) ends
/// discovery with that failure, as does a document that does not validate. The `resource_metadata` URL and the
/// issuer pass the address policy first (RFC 9728 §7.7; error::address_not_allowed). `next()` yields the request
/// to send or the finished outcome; answer each request with `on_response` (or `on_transport_error`).
/// `discover(executor, …)` runs it synchronously.
class discovery {
public:
    /// RFC 9728 §3: start from the resource identifier (the URL the client wants to call).
    [[nodiscard]] static result<discovery> for_resource(std::string_view resource, discovery_options opt = {}) {
        return make(resource, nullptr, std::move(opt));
    }

    /// RFC 9728 §5.1: start from the resource's 401: its Bearer challenge's `resource_metadata` is tried first,
    /// and its `scope` is kept. `resource` is the URL the request that got the 401 was sent to. A malformed
    /// WWW-Authenticate (or resource_metadata value) is ignored: the well-known URLs follow. A
    /// `resource_metadata` URL that is not https (error::insecure_url) or that the address policy refuses
    /// (error::address_not_allowed) is refused: nothing is fetched.
    [[nodiscard]] static result<discovery> from_challenge(std::string_view resource, http_response const& unauthorized,
                                                          discovery_options opt = {}) {
        return make(resource, &unauthorized, std::move(opt));
    }

    /// The request to send next, or the finished outcome (returned again on every later call).
    [[nodiscard]] step<discovery_result> next() {
        if (done_) return *done_;
        if (!awaiting_) {
            if (steps_ >= opt_.max_steps) return finish(error::input_too_large);
            ++steps_;
            awaiting_ = true;
        }
        return oauth::make_metadata_request(current().url);
    }

    /// Feed the response to the request `next()` returned.
    void on_response(http_response const& resp) {
        if (done_) return;
        if (!awaiting_) {
            (void)finish(error::invalid_argument);
            return;
        }
        awaiting_ = false;
        switch (phase_) {
        case phase::resource_metadata: on_resource_metadata(resp); break;
        case phase::legacy_metadata: on_legacy_metadata(resp); break;
        case phase::authorization_server_metadata: on_authorization_server_metadata(resp); break;
        }
    }

    /// No response arrived for the request `next()` returned: discovery ends with `ec`.
    void on_transport_error(error_code ec) {
        if (!done_) (void)finish(failure(ec));
    }

    /// How many requests have been handed out so far.
    [[nodiscard]] std::size_t steps() const noexcept { return steps_; }

private:
    enum class phase { resource_metadata, legacy_metadata, authorization_server_metadata };

    struct candidate {
        boost::urls::url url;
        oauth::resource_match match = oauth::resource_match::exact;
    };

    discovery() = default;

    [[nodiscard]] static result<discovery> make(std::string_view resource, http_response const* unauthorized,
                                                discovery_options opt) {
        auto u = oauth::detail::parse_endpoint(resource);
        if (!u) return u.error();
        if (!oauth::detail::is_acceptable_scheme(*u, opt.allow_http_loopback)) return error::insecure_url;
        discovery d;
        d.resource_ = std::string(resource);
        d.resource_url_ = std::move(*u);
        d.opt_ = std::move(opt);
        if (unauthorized != nullptr) {
            if (auto r = d.read_challenge(*unauthorized); !r) return r.error();
        }
        auto candidates = oauth::protected_resource_metadata_candidates(resource);
        if (!candidates) return candidates.error();
        // RFC 9728 §3.3: the path-inserted document is about exactly this resource; the host's root document
        // may describe it by its origin or a path prefix.
        for (std::size_t i = 0; i < candidates->size(); ++i)
            d.add_url((*candidates)[i].url, i == 0 ? oauth::resource_match::exact : oauth::resource_match::same_origin_prefix);
        return d;
    }

    // RFC 9728 §5.1, RFC 6750 §3: the Bearer challenge's scope and resource_metadata. What does not parse is
    // ignored (a broken header must not be a dead end); what parses but is not allowed is refused.
    [[nodiscard]] result<void> read_challenge(http_response const& unauthorized) {
        auto challenges = oauth::parse_www_authenticate(unauthorized);
        if (!challenges) return {};
        auto const* bearer = oauth::find_challenge(*challenges, "Bearer");
        if (bearer == nullptr) return {};
        if (auto s = bearer->scope()) challenge_scope_ = std::string(*s);
        auto rm = bearer->resource_metadata();
        if (!rm) return {};
        auto url = oauth::detail::parse_http_url(*rm, error::malformed_url);
        if (!url || url->has_userinfo()) return {};
        if (!oauth::detail::is_acceptable_scheme(*url, opt_.allow_http_loopback)) return error::insecure_url;
        if (auto r = check_address(*url, resource_url_, opt_.addresses); !r) return r;
        if (opt_.addresses.require_same_origin_metadata && !oauth::detail::same_origin(*url, resource_url_))
            return error::address_not_allowed;
        add_url(std::move(*url), oauth::resource_match::same_origin_prefix);
        return {};
    }

    void add_url(boost::urls::url u, oauth::resource_match match) {
        bool const seen = std::any_of(urls_.begin(), urls_.end(),
                                      [&](candidate const& x) { return x.url.buffer() == u.buffer(); });
        if (!seen) urls_.push_back({std::move(u), match});
    }

    void restart(phase p) {
        urls_.clear();
        index_ = 0;
        phase_ = p;
    }

    [[nodiscard]] candidate const& current() const { return urls_[index_]; }

    step<discovery_result> finish(outcome<discovery_result> r) {
        done_ = std::move(r);
        return *done_;
    }

    // RFC 8414 §3.1 / RFC 9728 §3.1: a metadata URL that is absent or refused — try the next one (real servers
    // and CDNs answer 401 or 403 for paths they do not serve). 5xx and everything else end discovery.
    [[nodiscard]] static bool try_next(unsigned status) noexcept {
        return status == 404 || status == 401 || status == 403;
    }

    // Moves to the next candidate and returns true, or returns false when there is none.
    [[nodiscard]] bool advance() {
        if (index_ + 1 < urls_.size()) {
            ++index_;
            return true;
        }
        return false;
    }

    oauth::metadata_options metadata_options() const {
        return {.allow_http_loopback = opt_.allow_http_loopback, .limits = opt_.limits};
    }

    // scheme://host[:port] of the resource — MCP 2025-03-26's "authorization base URL" (the path discarded).
    [[nodiscard]] std::string origin() const {
        std::string o(resource_url_.scheme());
        o += "://";
        o += resource_url_.encoded_host_and_port();
        return o;
    }

    void on_resource_metadata(http_response const& resp) {
        auto m = oauth::parse_protected_resource_metadata_response(resp, resource_, metadata_options(),
                                                                   current().match);
        if (!m) {
            if (!try_next(resp.status)) {
                (void)finish(m.error());
            } else if (!advance()) {
                if (opt_.legacy_2025_03_26) start_legacy();
                else (void)finish(m.error());
            }
            return;
        }
        auto const& servers = m->authorization_servers;
        if (!servers || servers->empty()) {
            (void)finish(error::missing_member);
            return;
        }
        if (opt_.preferred_issuer.empty()) {
            issuer_ = servers->front();
        } else if (std::find(servers->begin(), servers->end(), opt_.preferred_issuer) != servers->end()) {
            issuer_ = opt_.preferred_issuer;
        } else {
            (void)finish(error::wrong_issuer);
            return;
        }
        // RFC 9728 §7.7: the resource does not get to point the client at internal hosts.
        auto issuer_url = oauth::detail::parse_http_url(issuer_, error::malformed_url);
        if (!issuer_url) {
            (void)finish(issuer_url.error());
            return;
        }
        if (auto r = check_address(*issuer_url, resource_url_, opt_.addresses); !r) {
            (void)finish(r.error());
            return;
        }
        auto candidates = oauth::authorization_server_metadata_candidates(issuer_);
        if (!candidates) {
            (void)finish(candidates.error());
            return;
        }
        resource_metadata_ = std::move(*m);
        restart(phase::authorization_server_metadata);
        for (auto& c : *candidates) add_url(std::move(c.url), oauth::resource_match::exact);
    }

    void on_authorization_server_metadata(http_response const& resp) {
        auto m = oauth::parse_authorization_server_metadata_response(resp, issuer_, metadata_options());
        if (!m) {
            if (!try_next(resp.status) || !advance()) (void)finish(m.error());
            return;
        }
        discovery_result r;
        r.resource = std::move(*resource_metadata_);
        r.authorization_server = std::move(*m);
        r.challenge_scope = challenge_scope_;
        r.source = authorization_server_source::resource_metadata;
        (void)finish(std::move(r));
    }

    // MCP 2025-03-26 "Server Metadata Discovery": no protected resource metadata, so the MCP server's origin is
    // the authorization server; its RFC 8414 document comes first.
    void start_legacy() {
        std::string const location = origin() + "/.well-known/oauth-authorization-server";
        auto url = boost::urls::parse_absolute_uri(location);
        if (!url) {
            (void)finish(error::malformed_url);
            return;
        }
        restart(phase::legacy_metadata);
        add_url(boost::urls::url(*url), oauth::resource_match::exact);
    }

    // Named interop quirk (docs/ARCHITECTURE.md, "Interop quirks"): a 2025-03-26 server's document at
    // <origin>/.well-known/oauth-authorization-server may state an issuer with a path (the MCP conformance
    // suite's says <origin>/oauth). RFC 8414 §3.3 would refuse it — the well-known URL was not built from that
    // issuer — but here the client built no issuer at all: it guessed the origin. The document is accepted
    // when its issuer is a valid identifier on the MCP server's own origin, and that issuer is used from then
    // on (so RFC 9207 checks compare against it). Nowhere else is the issuer check relaxed.
    [[nodiscard]] result<oauth::authorization_server_metadata> read_legacy_metadata(http_response const& resp) const {
        if (!resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, opt_.limits);
        if (!o) return o.error();
        auto issuer = oauth::detail::required_string(*o, "issuer");
        if (!issuer) return issuer.error();
        auto issuer_url = oauth::detail::parse_http_url(*issuer, error::malformed_url);
        if (!issuer_url) return issuer_url.error();
        if (!oauth::detail::same_origin(*issuer_url, resource_url_)) return error::wrong_issuer;
        return oauth::authorization_server_metadata_from_json(*o, *issuer, metadata_options());
    }

    void on_legacy_metadata(http_response const& resp) {
        if (resp.status != 200) {
            if (try_next(resp.status)) finish_legacy_defaults();
            else (void)finish(oauth::response_failure(resp, opt_.limits));
            return;
        }
        auto m = oauth::detail::guarded([&] { return read_legacy_metadata(resp); });
        if (!m) {
            (void)finish(m.error());
            return;
        }
        finish_legacy(std::move(*m), authorization_server_source::legacy_metadata);
    }

    // MCP 2025-03-26 "Fallbacks for Servers without Metadata Discovery": the default endpoints at the origin.
    void finish_legacy_defaults() {
        oauth::authorization_server_metadata m;
        m.issuer = origin();
        m.authorization_endpoint = m.issuer + "/authorize";
        m.token_endpoint = m.issuer + "/token";
        m.registration_endpoint = m.issuer + "/register";
        m.response_types_supported = {"code"};
        if (auto r = oauth::detail::check_issuer_identifier(m.issuer, opt_.allow_http_loopback); !r) {
            (void)finish(r.error());
            return;
        }
        finish_legacy(std::move(m), authorization_server_source::legacy_default_endpoints);
    }

    void finish_legacy(oauth::authorization_server_metadata as, authorization_server_source source) {
        discovery_result r;
        r.resource.resource = resource_;
        r.resource.authorization_servers = std::vector<std::string>{as.issuer};
        r.authorization_server = std::move(as);
        r.challenge_scope = challenge_scope_;
        r.source = source;
        (void)finish(std::move(r));
    }

    std::string resource_;
    boost::urls::url resource_url_;
    discovery_options opt_;
    std::optional<std::string> challenge_scope_;
    std::vector<candidate> urls_;
    std::size_t index_ = 0;
    std::size_t steps_ = 0;
    bool awaiting_ = false;
    phase phase_ = phase::resource_metadata;
    std::string issuer_;
    std::optional<oauth::protected_resource_metadata> resource_metadata_;
    std::optional<outcome<discovery_result>> done_;
};

/// RFC 9728 §3 then RFC 8414 §3: run discovery for `resource` over `executor` (see client::discovery).
template <http_executor E>
[[nodiscard]] outcome<discovery_result> discover(E& executor, std::string_view resource,
                                                 discovery_options opt = {}) {
    auto d = discovery::for_resource(resource, std::move(opt));
    if (!d) return failure(d.error());
    return drive(*d, executor);
}

/// RFC 9728 §5.1 then §3 and RFC 8414 §3: run discovery from the 401 `unauthorized` that `resource` answered.
template <http_executor E>
[[nodiscard]] outcome<discovery_result> discover(E& executor, std::string_view resource,
                                                 http_response const& unauthorized, discovery_options opt = {}) {
    auto d = discovery::from_challenge(resource, unauthorized, std::move(opt));
    if (!d) return failure(d.error());
    return drive(*d, executor);
}

} // namespace authwire::client
