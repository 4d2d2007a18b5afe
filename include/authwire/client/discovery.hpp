#pragma once
// authwire — discovery (RFC 9728 §3 and §5, RFC 8414 §3, OpenID Connect Discovery §4) as an explicit sans-IO
// state machine: from a resource URL or its 401 to the validated resource and authorization server metadata.

#include <authwire/client/step.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/detail/endpoint.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/metadata/well_known.hpp>
#include <authwire/oauth/www_authenticate.hpp>

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
    /// The most requests discovery sends before it gives up (error::input_too_large).
    std::size_t max_steps = 8;
    /// When set, the issuer to use; it must be listed in the resource's `authorization_servers`
    /// (error::wrong_issuer otherwise). When empty, the first listed issuer is used.
    std::string preferred_issuer{};
    json_limits limits{};
};

/// What discovery found: both documents, each validated (resource and issuer compared exactly).
struct discovery_result {
    oauth::protected_resource_metadata resource;                ///< RFC 9728 §2, `resource` == the resource URL
    oauth::authorization_server_metadata authorization_server;  ///< RFC 8414 §2, `issuer` == the chosen issuer
    std::optional<std::string> challenge_scope;                 ///< RFC 6750 §3 `scope` of the 401, if any
};

/// RFC 9728 §3/§5 then RFC 8414 §3 (+ OpenID Connect Discovery §4): the discovery state machine.
///
/// Requests, in order: the 401's `resource_metadata` URL (when discovery starts from a challenge), the RFC 9728
/// path-aware well-known URL, the root one; then, for the chosen issuer, the RFC 8414 URL (path inserted), the
/// OpenID Connect inserted and appended URLs. A 404, 401 or 403 from a metadata URL moves on to the next
/// candidate; any other status (5xx included) ends discovery with that failure, as does a document that does
/// not validate. `next()` yields the request to send or the finished outcome; answer each request with
/// `on_response` (or `on_transport_error`). `discover(executor, …)` runs it synchronously.
class discovery {
public:
    /// RFC 9728 §3: start from the resource identifier (the URL the client wants to call).
    [[nodiscard]] static result<discovery> for_resource(std::string_view resource, discovery_options opt = {}) {
        return make(resource, nullptr, std::move(opt));
    }

    /// RFC 9728 §5.1: start from the resource's 401: its Bearer challenge's `resource_metadata` is tried first,
    /// and its `scope` is kept. `resource` is the URL the request that got the 401 was sent to.
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
        return oauth::make_metadata_request(current_url());
    }

    /// Feed the response to the request `next()` returned.
    void on_response(http_response const& resp) {
        if (done_) return;
        if (!awaiting_) {
            (void)finish(error::invalid_argument);
            return;
        }
        awaiting_ = false;
        if (phase_ == phase::resource_metadata) on_resource_metadata(resp);
        else on_authorization_server_metadata(resp);
    }

    /// No response arrived for the request `next()` returned: discovery ends with `ec`.
    void on_transport_error(error_code ec) {
        if (!done_) (void)finish(failure(ec));
    }

    /// How many requests have been handed out so far.
    [[nodiscard]] std::size_t steps() const noexcept { return steps_; }

private:
    enum class phase { resource_metadata, authorization_server_metadata };

    discovery() = default;

    [[nodiscard]] static result<discovery> make(std::string_view resource, http_response const* unauthorized,
                                                discovery_options opt) {
        auto u = oauth::detail::parse_endpoint(resource);
        if (!u) return u.error();
        if (!oauth::detail::is_acceptable_scheme(*u, opt.allow_http_loopback)) return error::insecure_url;
        discovery d;
        d.resource_ = std::string(resource);
        d.opt_ = std::move(opt);
        if (unauthorized != nullptr) {
            auto challenges = oauth::parse_www_authenticate(*unauthorized);
            if (!challenges) return challenges.error();
            if (auto const* bearer = oauth::find_challenge(*challenges, "Bearer")) {
                if (auto s = bearer->scope()) d.challenge_scope_ = std::string(*s);
                if (auto rm = bearer->resource_metadata()) {
                    auto url = oauth::detail::parse_http_url(*rm, error::malformed_url);
                    if (!url) return url.error();
                    if (!oauth::detail::is_acceptable_scheme(*url, d.opt_.allow_http_loopback))
                        return error::insecure_url;
                    d.urls_.push_back(std::move(*url));
                }
            }
        }
        auto candidates = oauth::protected_resource_metadata_candidates(resource);
        if (!candidates) return candidates.error();
        for (auto& c : *candidates) d.add_url(std::move(c.url));
        return d;
    }

    void add_url(boost::urls::url u) {
        bool const seen = std::any_of(urls_.begin(), urls_.end(),
                                      [&](boost::urls::url const& x) { return x.buffer() == u.buffer(); });
        if (!seen) urls_.push_back(std::move(u));
    }

    [[nodiscard]] boost::urls::url const& current_url() const { return urls_[index_]; }

    step<discovery_result> finish(outcome<discovery_result> r) {
        done_ = std::move(r);
        return *done_;
    }

    // RFC 8414 §3.1 / RFC 9728 §3.1: a metadata URL that is absent or refused — try the next one (real servers
    // and CDNs answer 401 or 403 for paths they do not serve). 5xx and everything else end discovery.
    [[nodiscard]] static bool try_next(unsigned status) noexcept {
        return status == 404 || status == 401 || status == 403;
    }

    // Moves to the next candidate, or finishes with `why` when there is none.
    void advance_or_finish(failure why) {
        if (index_ + 1 < urls_.size()) {
            ++index_;
            return;
        }
        (void)finish(std::move(why));
    }

    oauth::metadata_options metadata_options() const {
        return {.allow_http_loopback = opt_.allow_http_loopback, .limits = opt_.limits};
    }

    void on_resource_metadata(http_response const& resp) {
        auto m = oauth::parse_protected_resource_metadata_response(resp, resource_, metadata_options());
        if (!m) {
            if (try_next(resp.status)) advance_or_finish(m.error());
            else (void)finish(m.error());
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
        auto candidates = oauth::authorization_server_metadata_candidates(issuer_);
        if (!candidates) {
            (void)finish(candidates.error());
            return;
        }
        resource_metadata_ = std::move(*m);
        urls_.clear();
        index_ = 0;
        for (auto& c : *candidates) add_url(std::move(c.url));
        phase_ = phase::authorization_server_metadata;
    }

    void on_authorization_server_metadata(http_response const& resp) {
        auto m = oauth::parse_authorization_server_metadata_response(resp, issuer_, metadata_options());
        if (!m) {
            if (try_next(resp.status)) advance_or_finish(m.error());
            else (void)finish(m.error());
            return;
        }
        discovery_result r;
        r.resource = std::move(*resource_metadata_);
        r.authorization_server = std::move(*m);
        r.challenge_scope = challenge_scope_;
        (void)finish(std::move(r));
    }

    std::string resource_;
    discovery_options opt_;
    std::optional<std::string> challenge_scope_;
    std::vector<boost::urls::url> urls_;
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
