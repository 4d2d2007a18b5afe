#pragma once
// authwire — discovery (RFC 9728 §3 and §5, RFC 8414 §3, OpenID Connect Discovery §4, and the MCP 2025-03-26
// fallbacks) as an explicit sans-IO state machine: from a resource URL or its 401 to the validated resource
// and authorization server metadata.

#include <authwire/core/detail/config.hpp>
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
    [[nodiscard]] static result<discovery> for_resource(std::string_view resource, discovery_options opt = {});

    /// RFC 9728 §5.1: start from the resource's 401: its Bearer challenge's `resource_metadata` is tried first,
    /// and its `scope` is kept. `resource` is the URL the request that got the 401 was sent to. A malformed
    /// WWW-Authenticate (or resource_metadata value) is ignored: the well-known URLs follow. A
    /// `resource_metadata` URL that is not https (error::insecure_url) or that the address policy refuses
    /// (error::address_not_allowed) is refused: nothing is fetched.
    [[nodiscard]] static result<discovery> from_challenge(std::string_view resource, http_response const& unauthorized,
                                                          discovery_options opt = {});

    /// The request to send next, or the finished outcome (returned again on every later call).
    [[nodiscard]] step<discovery_result> next();

    /// Feed the response to the request `next()` returned.
    void on_response(http_response const& resp);

    /// No response arrived for the request `next()` returned: discovery ends with `ec`.
    void on_transport_error(error_code ec);

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
                                                discovery_options opt);

    // RFC 9728 §5.1, RFC 6750 §3: the Bearer challenge's scope and resource_metadata. What does not parse is
    // ignored (a broken header must not be a dead end); what parses but is not allowed is refused.
    [[nodiscard]] result<void> read_challenge(http_response const& unauthorized);

    void add_url(boost::urls::url u, oauth::resource_match match);

    void restart(phase p);

    [[nodiscard]] candidate const& current() const { return urls_[index_]; }

    step<discovery_result> finish(outcome<discovery_result> r);

    // RFC 8414 §3.1 / RFC 9728 §3.1: a metadata URL that is absent or refused — try the next one (real servers
    // and CDNs answer 401 or 403 for paths they do not serve). 5xx and everything else end discovery.
    [[nodiscard]] static bool try_next(unsigned status) noexcept;

    // Moves to the next candidate and returns true, or returns false when there is none.
    [[nodiscard]] bool advance();

    oauth::metadata_options metadata_options() const;

    // scheme://host[:port] of the resource — MCP 2025-03-26's "authorization base URL" (the path discarded).
    [[nodiscard]] std::string origin() const;

    void on_resource_metadata(http_response const& resp);

    void on_authorization_server_metadata(http_response const& resp);

    // MCP 2025-03-26 "Server Metadata Discovery": no protected resource metadata, so the MCP server's origin is
    // the authorization server; its RFC 8414 document comes first.
    void start_legacy();

    // Named interop quirk (docs/ARCHITECTURE.md, "Interop quirks"): a 2025-03-26 server's document at
    // <origin>/.well-known/oauth-authorization-server may state an issuer with a path (the MCP conformance
    // suite's says <origin>/oauth). RFC 8414 §3.3 would refuse it — the well-known URL was not built from that
    // issuer — but here the client built no issuer at all: it guessed the origin. The document is accepted
    // when its issuer is a valid identifier on the MCP server's own origin, and that issuer is used from then
    // on (so RFC 9207 checks compare against it). Nowhere else is the issuer check relaxed.
    [[nodiscard]] result<oauth::authorization_server_metadata> read_legacy_metadata(http_response const& resp) const;

    void on_legacy_metadata(http_response const& resp);

    // MCP 2025-03-26 "Fallbacks for Servers without Metadata Discovery": the default endpoints at the origin.
    void finish_legacy_defaults();

    void finish_legacy(oauth::authorization_server_metadata as, authorization_server_source source);

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

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/discovery.ipp>
#endif
