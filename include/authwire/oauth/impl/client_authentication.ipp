#pragma once
// authwire — the definitions of <authwire/oauth/client_authentication.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/client_authentication.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL client_authentication client_authentication::public_client(std::string_view id) {
    client_authentication a;
    a.client_id = std::string(id);
    return a;
}

AUTHWIRE_DECL client_authentication client_authentication::secret_basic(std::string_view id, secret s) {
    client_authentication a;
    a.method = token_endpoint_auth_method::client_secret_basic;
    a.client_id = std::string(id);
    a.client_secret = std::move(s);
    return a;
}

AUTHWIRE_DECL client_authentication client_authentication::secret_post(std::string_view id, secret s) {
    client_authentication a;
    a.method = token_endpoint_auth_method::client_secret_post;
    a.client_id = std::string(id);
    a.client_secret = std::move(s);
    return a;
}

AUTHWIRE_DECL client_authentication client_authentication::secret_jwt(std::string_view id, secret s,
                                                                      jose::jws_algorithm alg) {
    client_authentication a;
    a.method = token_endpoint_auth_method::client_secret_jwt;
    a.client_id = std::string(id);
    a.client_secret = std::move(s);
    a.assertion_hmac = alg;
    return a;
}

AUTHWIRE_DECL client_authentication client_authentication::private_key_jwt(std::string_view id,
                                                                           jose::jws_signer signer) {
    client_authentication a;
    a.method = token_endpoint_auth_method::private_key_jwt;
    a.client_id = std::string(id);
    a.assertion_signer = std::move(signer);
    return a;
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<std::string> basic_authorization(client_authentication const& a) {
    std::string credentials;
    if (a.raw_basic_credentials) {
        if (a.client_id.find(':') != std::string::npos || has_control_character(a.client_id) ||
            has_control_character(a.client_secret.reveal()))
            return error::invalid_argument;
        credentials = a.client_id;
        credentials.push_back(':');
        credentials.append(a.client_secret.reveal());
    } else {
        credentials = form_encode_component(a.client_id);
        credentials.push_back(':');
        form_encode_into(credentials, a.client_secret.reveal());
    }
    std::string header = "Basic " + base64_encode(credentials);
    OPENSSL_cleanse(credentials.data(), credentials.size());
    return header;
}

AUTHWIRE_DECL result<void> add_client_id(form& body, std::string_view client_id) {
    auto existing = body.find_unique("client_id");
    if (!existing) return error::invalid_argument;
    if (*existing) {
        if (**existing != client_id) return error::invalid_argument;
        return {};
    }
    body.add("client_id", client_id);
    return {};
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<std::string> make_client_assertion(client_authentication const& auth, std::string_view endpoint,
                                                        client_auth_context const& ctx) {
    using namespace std::chrono_literals;
    if (auth.client_id.empty() || ctx.now == std::chrono::system_clock::time_point{}) return error::missing_argument;
    if (auth.assertion_lifetime < 1s || auth.assertion_lifetime > 10min) return error::invalid_argument;
    std::string_view const audience =
        auth.assertion_audience == client_assertion_audience::issuer ? ctx.issuer : endpoint;
    if (audience.empty()) return error::missing_argument;
    auto jti = random_token(32, ctx.rng);
    if (!jti) return jti.error();
    jose::jwt_builder b;
    b.issuer(auth.client_id)
        .subject(auth.client_id)
        .audience(std::string(audience))
        .issued_at(ctx.now)
        .expires_at(ctx.now + auth.assertion_lifetime)
        .id(std::move(*jti));
    switch (auth.method) {
        case token_endpoint_auth_method::private_key_jwt:
            if (!auth.assertion_signer) return error::missing_argument;
            if (detail::is_hmac(auth.assertion_signer->key().algorithm())) return error::invalid_argument;
            return b.sign(*auth.assertion_signer);
        case token_endpoint_auth_method::client_secret_jwt: {
            if (auth.client_secret.empty()) return error::missing_argument;
            if (!detail::is_hmac(auth.assertion_hmac)) return error::invalid_argument;
            auto key = jose::jwk::from_octets(auth.client_secret);
            if (!key) return key.error();
            auto bound = jose::jws_key::make(std::move(*key), auth.assertion_hmac);
            if (!bound) return bound.error();
            auto signer = jose::jws_signer::make(std::move(*bound));
            if (!signer) return signer.error();
            return b.sign(*signer);
        }
        default:
            return error::invalid_argument;
    }
}

AUTHWIRE_DECL result<void> apply_client_authentication(form& body, http_fields& headers,
                                                       client_authentication const& auth, std::string_view endpoint,
                                                       client_auth_context const& ctx) {
    if (auth.client_id.empty()) return error::missing_argument;
    switch (auth.method) {
        case token_endpoint_auth_method::none:
            return detail::add_client_id(body, auth.client_id);
        case token_endpoint_auth_method::client_secret_basic: {
            if (auth.client_secret.empty()) return error::missing_argument;
            if (body.count("client_secret") != 0) return error::invalid_argument;
            auto header = detail::basic_authorization(auth);
            if (!header) return header.error();
            headers.set("Authorization", *header);
            OPENSSL_cleanse(header->data(), header->size());
            return {};
        }
        case token_endpoint_auth_method::client_secret_post: {
            if (auth.client_secret.empty()) return error::missing_argument;
            if (body.count("client_secret") != 0) return error::invalid_argument;
            if (auto r = detail::add_client_id(body, auth.client_id); !r) return r;
            body.add("client_secret", auth.client_secret.reveal());
            return {};
        }
        case token_endpoint_auth_method::client_secret_jwt:
        case token_endpoint_auth_method::private_key_jwt: {
            if (body.count("client_assertion") != 0 || body.count("client_assertion_type") != 0 ||
                body.count("client_secret") != 0)
                return error::invalid_argument;
            auto assertion = make_client_assertion(auth, endpoint, ctx);
            if (!assertion) return assertion.error();
            if (auto r = detail::add_client_id(body, auth.client_id); !r) return r;
            body.add("client_assertion_type", jwt_client_assertion_type);
            body.add("client_assertion", *assertion);
            return {};
        }
    }
    return error::invalid_argument;
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL bool is_advertised(std::optional<std::vector<std::string>> const& advertised,
                                 token_endpoint_auth_method m) noexcept {
    if (!advertised) return m == token_endpoint_auth_method::client_secret_basic;
    return std::find(advertised->begin(), advertised->end(), to_string(m)) != advertised->end();
}

}  // namespace authwire::oauth::detail

namespace authwire::oauth {

AUTHWIRE_DECL result<token_endpoint_auth_method> choose_token_endpoint_auth_method(
    std::optional<std::vector<std::string>> const& advertised, std::optional<token_endpoint_auth_method> registered,
    bool has_client_secret, bool has_private_key) {
    auto const offered = [&](token_endpoint_auth_method m) { return detail::is_advertised(advertised, m); };
    auto const usable = [&](token_endpoint_auth_method m) {
        switch (m) {
            case token_endpoint_auth_method::none:
                return true;
            case token_endpoint_auth_method::private_key_jwt:
                return has_private_key;
            default:
                return has_client_secret;
        }
    };
    if (registered) {
        if (*registered == token_endpoint_auth_method::none) return *registered;
        if (!offered(*registered)) return error::unsupported_operation;
        if (!usable(*registered)) return error::missing_argument;
        return *registered;
    }
    if (!has_client_secret && !has_private_key) return token_endpoint_auth_method::none;
    for (auto m : {token_endpoint_auth_method::private_key_jwt, token_endpoint_auth_method::client_secret_basic,
                   token_endpoint_auth_method::client_secret_post, token_endpoint_auth_method::client_secret_jwt})
        if (usable(m) && offered(m)) return m;
    return error::unsupported_operation;
}

AUTHWIRE_DECL result<token_endpoint_auth_method> choose_registration_auth_method(
    std::optional<std::vector<std::string>> const& advertised) noexcept {
    for (auto m : {token_endpoint_auth_method::none, token_endpoint_auth_method::client_secret_basic,
                   token_endpoint_auth_method::client_secret_post})
        if (detail::is_advertised(advertised, m)) return m;
    return error::unsupported_operation;
}

}  // namespace authwire::oauth

namespace authwire::oauth::detail {

AUTHWIRE_DECL result<http_request> authenticated_form_post(boost::urls::url url, form& body,
                                                           client_authentication const& auth, std::string_view endpoint,
                                                           client_auth_context const& ctx) {
    http_fields auth_headers;
    if (auto r = apply_client_authentication(body, auth_headers, auth, endpoint, ctx); !r) return r.error();
    auto req = form_post(std::move(url), body);
    for (auto const& f : auth_headers) req.headers.append(f.name, f.value);
    return req;
}

}  // namespace authwire::oauth::detail
