#pragma once
// authwire — the definitions of <authwire/client/code_flow.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/code_flow.hpp>

namespace authwire::client::code_flow {

AUTHWIRE_DECL result<started_authorization> start(oauth::authorization_server_metadata const& as, parameters const& p,
                                                  random_source rng) {
    if (!as.authorization_endpoint) return error::missing_member;
    if (p.redirect_uri.empty()) return error::missing_argument;
    if (as.require_pushed_authorization_requests.value_or(false)) return error::unsupported_operation;
    if ((as.code_challenge_methods_supported || p.require_s256_advertised) && !as.supports_s256())
        return error::pkce_required;
    auto pkce = oauth::make_pkce(rng);
    if (!pkce) return pkce.error();
    auto state = oauth::make_state(rng);
    if (!state) return state.error();
    std::string nonce;
    if (p.send_nonce && p.scope.contains("openid")) {
        auto n = oauth::make_nonce(rng);
        if (!n) return n.error();
        nonce = std::move(*n);
    }
    oauth::authorization_request req;
    req.client_id = p.client_id;
    req.redirect_uri = p.redirect_uri;
    req.scope = p.scope;
    req.state = *state;
    req.set_pkce(*pkce);
    req.resource = p.resource;
    req.nonce = nonce;
    req.extra = p.extra;
    auto url = oauth::make_authorization_url(*as.authorization_endpoint, req);
    if (!url) return url.error();
    return started_authorization{
        std::move(*url), pending_authorization{as.issuer, p.client_id, p.redirect_uri, std::move(*state),
                                               std::move(nonce), std::move(pkce->code_verifier), p.scope, p.resource}};
}

AUTHWIRE_DECL outcome<oauth::authorization_code_response> check_callback(
    std::string_view callback, pending_authorization const& pending, oauth::authorization_server_metadata const& as) {
    if (pending.issuer.empty() || pending.state.empty()) return failure(error::missing_argument);
    if (pending.issuer != as.issuer) return failure(error::wrong_issuer);
    return oauth::parse_authorization_response(
        callback, {.state = pending.state, .issuer = pending.issuer, .iss_required = as.iss_parameter_required()});
}

AUTHWIRE_DECL result<http_request> make_exchange_request(oauth::authorization_code_response const& code,
                                                         pending_authorization const& pending,
                                                         oauth::authorization_server_metadata const& as,
                                                         oauth::client_authentication const& client,
                                                         std::chrono::system_clock::time_point now, random_source rng) {
    if (!as.token_endpoint) return error::missing_member;
    if (pending.issuer != as.issuer) return error::wrong_issuer;
    if (client.client_id != pending.client_id) return error::invalid_argument;
    oauth::authorization_code_grant g;
    g.code = code.code;
    g.redirect_uri = pending.redirect_uri;
    g.code_verifier = pending.code_verifier;
    g.resource = pending.resource;
    return oauth::make_token_request(*as.token_endpoint, g, client, {.issuer = as.issuer, .now = now, .rng = rng});
}

AUTHWIRE_DECL bool id_token_to_verify(oauth::token_response const& tokens,
                                      pending_authorization const& pending) noexcept {
    return !pending.nonce.empty() && tokens.id_token.has_value();
}

AUTHWIRE_DECL result<jose::verified_jwt> verify_id_token(oauth::token_response const& tokens,
                                                         pending_authorization const& pending,
                                                         oauth::authorization_server_metadata const& as,
                                                         jose::jwk_set const& jwks,
                                                         std::chrono::system_clock::time_point now,
                                                         std::chrono::seconds leeway) {
    if (!tokens.id_token) return error::missing_member;
    if (pending.issuer != as.issuer) return error::wrong_issuer;
    auto v = oauth::id_token_validation_for(as, pending.client_id, pending.nonce);
    v.leeway = leeway;
    return oauth::validate_id_token(*tokens.id_token, jwks, v, now);
}

AUTHWIRE_DECL completion completion::begin(std::string_view callback, pending_authorization pending,
                                           oauth::authorization_server_metadata as, oauth::client_authentication client,
                                           std::chrono::system_clock::time_point now, finish_options opt) {
    completion c;
    c.now_ = now;
    auto code = check_callback(callback, pending, as);
    if (!code) {
        c.done_ = code.error();
        return c;
    }
    auto req = make_exchange_request(*code, pending, as, client, now, opt.rng);
    if (!req) {
        c.done_ = failure(req.error());
        return c;
    }
    c.request_ = std::move(*req);
    c.pending_ = std::move(pending);
    c.as_ = std::move(as);
    c.opt_ = std::move(opt);
    return c;
}

AUTHWIRE_DECL step<finished_authorization> completion::next() {
    if (done_) return *done_;
    return request_;
}

AUTHWIRE_DECL void completion::on_response(http_response const& resp) {
    if (done_) return;
    if (!tokens_) {
        auto t = detail::interpret(request_, resp, [&](http_response const& r) {
            return oauth::parse_token_response(r, now_, opt_.token_response);
        });
        if (!t) {
            done_ = t.error();
            return;
        }
        tokens_.emplace();
        static_cast<oauth::token_response&>(*tokens_) = std::move(*t);
        if (!id_token_to_verify(*tokens_, pending_)) {
            done_ = std::move(*tokens_);
            return;
        }
        if (!as_.jwks_uri) {
            done_ = failure(error::missing_member);
            return;
        }
        auto jwks = oauth::make_jwk_set_request(*as_.jwks_uri);
        if (!jwks) {
            done_ = failure(jwks.error());
            return;
        }
        request_ = std::move(*jwks);
        return;
    }
    auto jwks = detail::interpret(request_, resp, [&](http_response const& r) {
        return oauth::parse_jwk_set_response(r, opt_.token_response.limits);
    });
    if (!jwks) {
        done_ = jwks.error();
        return;
    }
    auto id = verify_id_token(*tokens_, pending_, as_, *jwks, now_, opt_.id_token_leeway);
    if (!id) {
        done_ = failure(id.error());
        return;
    }
    tokens_->verified_id_token = std::move(*id);
    done_ = std::move(*tokens_);
}

AUTHWIRE_DECL void completion::on_transport_error(error_code ec) {
    if (!done_) done_ = failure(ec);
}

}  // namespace authwire::client::code_flow
