#pragma once
// authwire — the definitions of <authwire/client/discovery.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/discovery.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<discovery> discovery::for_resource(std::string_view resource, discovery_options opt) {
    return make(resource, nullptr, std::move(opt));
}

AUTHWIRE_DECL result<discovery> discovery::from_challenge(std::string_view resource, http_response const& unauthorized,
                                                          discovery_options opt) {
    return make(resource, &unauthorized, std::move(opt));
}

AUTHWIRE_DECL step<discovery_result> discovery::next() {
    if (done_) return *done_;
    if (!awaiting_) {
        if (steps_ >= opt_.max_steps) return finish(error::input_too_large);
        ++steps_;
        awaiting_ = true;
    }
    return oauth::make_metadata_request(current().url);
}

AUTHWIRE_DECL void discovery::on_response(http_response const& resp) {
    if (done_) return;
    if (!awaiting_) {
        (void)finish(error::invalid_argument);
        return;
    }
    awaiting_ = false;
    switch (phase_) {
        case phase::resource_metadata:
            on_resource_metadata(resp);
            break;
        case phase::legacy_metadata:
            on_legacy_metadata(resp);
            break;
        case phase::authorization_server_metadata:
            on_authorization_server_metadata(resp);
            break;
    }
}

AUTHWIRE_DECL void discovery::on_transport_error(error_code ec) {
    if (!done_) (void)finish(failure(ec));
}

AUTHWIRE_DECL result<discovery> discovery::make(std::string_view resource, http_response const* unauthorized,
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
        d.add_url((*candidates)[i].url,
                  i == 0 ? oauth::resource_match::exact : oauth::resource_match::same_origin_prefix);
    return d;
}

AUTHWIRE_DECL result<void> discovery::read_challenge(http_response const& unauthorized) {
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

AUTHWIRE_DECL void discovery::add_url(boost::urls::url u, oauth::resource_match match) {
    bool const seen =
        std::any_of(urls_.begin(), urls_.end(), [&](candidate const& x) { return x.url.buffer() == u.buffer(); });
    if (!seen) urls_.push_back({std::move(u), match});
}

AUTHWIRE_DECL void discovery::restart(phase p) {
    urls_.clear();
    index_ = 0;
    phase_ = p;
}

AUTHWIRE_DECL step<discovery_result> discovery::finish(outcome<discovery_result> r) {
    done_ = std::move(r);
    return *done_;
}

AUTHWIRE_DECL bool discovery::try_next(unsigned status) noexcept {
    return status == 404 || status == 401 || status == 403;
}

AUTHWIRE_DECL bool discovery::advance() {
    if (index_ + 1 < urls_.size()) {
        ++index_;
        return true;
    }
    return false;
}

AUTHWIRE_DECL oauth::metadata_options discovery::metadata_options() const {
    return {.allow_http_loopback = opt_.allow_http_loopback, .limits = opt_.limits};
}

AUTHWIRE_DECL std::string discovery::origin() const {
    std::string o(resource_url_.scheme());
    o += "://";
    o += resource_url_.encoded_host_and_port();
    return o;
}

AUTHWIRE_DECL void discovery::on_resource_metadata(http_response const& resp) {
    auto m = oauth::parse_protected_resource_metadata_response(resp, resource_, metadata_options(), current().match);
    if (!m) {
        if (!try_next(resp.status)) {
            (void)finish(m.error());
        } else if (!advance()) {
            if (opt_.legacy_2025_03_26)
                start_legacy();
            else
                (void)finish(m.error());
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

AUTHWIRE_DECL void discovery::on_authorization_server_metadata(http_response const& resp) {
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

AUTHWIRE_DECL void discovery::start_legacy() {
    std::string const location = origin() + "/.well-known/oauth-authorization-server";
    auto url = boost::urls::parse_absolute_uri(location);
    if (!url) {
        (void)finish(error::malformed_url);
        return;
    }
    restart(phase::legacy_metadata);
    add_url(boost::urls::url(*url), oauth::resource_match::exact);
}

AUTHWIRE_DECL result<oauth::authorization_server_metadata> discovery::read_legacy_metadata(
    http_response const& resp) const {
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

AUTHWIRE_DECL void discovery::on_legacy_metadata(http_response const& resp) {
    if (resp.status != 200) {
        if (try_next(resp.status))
            finish_legacy_defaults();
        else
            (void)finish(oauth::response_failure(resp, opt_.limits));
        return;
    }
    auto m = oauth::detail::guarded([&] { return read_legacy_metadata(resp); });
    if (!m) {
        (void)finish(m.error());
        return;
    }
    finish_legacy(std::move(*m), authorization_server_source::legacy_metadata);
}

AUTHWIRE_DECL void discovery::finish_legacy_defaults() {
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

AUTHWIRE_DECL void discovery::finish_legacy(oauth::authorization_server_metadata as,
                                            authorization_server_source source) {
    discovery_result r;
    r.resource.resource = resource_;
    r.resource.authorization_servers = std::vector<std::string>{as.issuer};
    r.authorization_server = std::move(as);
    r.challenge_scope = challenge_scope_;
    r.source = source;
    (void)finish(std::move(r));
}

}  // namespace authwire::client
