#pragma once
// authwire — the definitions of <authwire/server/client_authentication.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/client_authentication.hpp>

namespace authwire::server {

AUTHWIRE_DECL http_response client_authentication_error::to_http_response() const {
    auto r = json_error_response(to_error_response());
    if (code == error::invalid_client && http_authentication_attempted) {
        oauth::auth_challenge c{"Basic", std::nullopt, {{"realm", realm}}};
        auto v = oauth::format_challenge(c);
        r.headers.append("WWW-Authenticate", v ? *v : std::string("Basic"));
    }
    return r;
}

AUTHWIRE_DECL void throw_exception_from_error(client_authentication_error const& e, boost::source_location const& loc) {
    boost::throw_with_location(boost::system::system_error(make_error_code(e.code), e.description), loc);
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL presented_credentials::~presented_credentials() {
    if (client_secret) OPENSSL_cleanse(client_secret->data(), client_secret->size());
}

AUTHWIRE_DECL bool decode_basic_credentials(std::string_view header, presented_credentials& out) {
    auto const sp = header.find(' ');
    if (sp == std::string_view::npos || !iequals(header.substr(0, sp), "Basic")) return false;
    auto token = header.substr(sp + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    if (token.empty() || token.size() > 4096) return false;
    auto decoded = base64_decode(token);
    if (!decoded) return false;
    bool ok = false;
    auto const colon = decoded->find(':');
    if (colon != std::string::npos) {
        auto id = form_decode_component(std::string_view(*decoded).substr(0, colon));
        auto pw = form_decode_component(std::string_view(*decoded).substr(colon + 1));
        if (id && pw && !id->empty()) {
            out.client_id = std::move(*id);
            out.client_secret = std::move(*pw);
            ok = true;
        }
        if (pw) OPENSSL_cleanse(pw->data(), pw->size());
    }
    OPENSSL_cleanse(decoded->data(), decoded->size());
    return ok;
}

AUTHWIRE_DECL hashed_client_secret const& decoy_client_secret() noexcept {
    static constexpr hashed_client_secret decoy{
        {0x61, 0x75, 0x74, 0x68, 0x77, 0x69, 0x72, 0x65, 0x2d, 0x64, 0x65, 0x63, 0x6f, 0x79, 0x00, 0x01}, {}};
    return decoy;
}

}  // namespace authwire::server::detail

namespace authwire::server::detail {

AUTHWIRE_DECL std::optional<client_authentication_error> read_client_credentials(
    http_request const& req, form const& body, client_authentication_options const& options,
    presented_credentials& presented) {
    using method = oauth::token_endpoint_auth_method;
    auto const authorizations = req.headers.count("Authorization");
    bool const http_auth = authorizations != 0;
    auto fail = [&](error code, std::string_view why) -> std::optional<client_authentication_error> {
        return client_authentication_error{code, std::string(why), http_auth, std::string(options.realm), {}};
    };
    if (authorizations > 1) return fail(error::invalid_request, "more than one Authorization header");
    if (body.count("client_id") > 1 || body.count("client_secret") > 1)
        return fail(error::invalid_request, "client_id or client_secret repeated");
    if (body.count("client_assertion") != 0 || body.count("client_assertion_type") != 0) {
        if (http_auth || body.count("client_secret") != 0)
            return fail(error::invalid_request, "more than one client authentication method");
        return fail(error::invalid_client, "client authentication method not supported");
    }

    auto const body_id = body.find("client_id");
    auto const body_secret = body.find("client_secret");
    if (http_auth) {
        if (body_secret) return fail(error::invalid_request, "more than one client authentication method");
        if (!decode_basic_credentials(*req.header("Authorization"), presented))
            return fail(error::invalid_client, "client authentication failed");
        if (body_id && *body_id != presented.client_id)
            return fail(error::invalid_request, "client_id differs from the authenticated client");
        presented.method = method::client_secret_basic;
    } else if (body_secret) {
        if (!body_id || body_id->empty()) return fail(error::invalid_client, "client authentication failed");
        presented.client_id = std::string(*body_id);
        presented.client_secret = std::string(*body_secret);
        presented.method = method::client_secret_post;
    } else {
        if (!body_id || body_id->empty()) return fail(error::invalid_client, "client authentication is required");
        presented.client_id = std::string(*body_id);
        presented.method = method::none;
    }

    return std::nullopt;
}

AUTHWIRE_DECL client_authentication_result<authenticated_client> check_client_credentials(
    result<std::optional<client_record>> found, presented_credentials const& presented, http_request const& req,
    client_authentication_options const& options) {
    using method = oauth::token_endpoint_auth_method;
    bool const http_auth = req.headers.count("Authorization") != 0;
    auto fail = [&](error code, std::string_view why) {
        return client_authentication_error{code, std::string(why), http_auth, std::string(options.realm), {}};
    };
    if (!found) {
        auto e = fail(store_failure_error(found.error()), "the client could not be looked up");
        e.store_error = found.error();
        return e;
    }
    std::optional<client_record>& record = *found;
    auto const registered =
        record ? oauth::parse_token_endpoint_auth_method(record->token_endpoint_auth_method) : std::nullopt;
    bool const served = registered && std::find(options.methods_supported.begin(), options.methods_supported.end(),
                                                *registered) != options.methods_supported.end();
    bool ok = record && served && *registered == presented.method;
    if (presented.method != method::none) {
        // Always one MAC, whatever else failed, so that timing does not tell which check did.
        auto const& stored = ok && record->client_secret ? *record->client_secret : decoy_client_secret();
        bool const secret_ok = verify_client_secret(stored, *presented.client_secret);
        ok = ok && record->client_secret.has_value() && secret_ok;
    } else if (ok && record->client_secret) {
        ok = false;  // a confidential client must not fall back to `none`
    }
    if (!ok) return fail(error::invalid_client, "client authentication failed");
    return authenticated_client{std::move(*record), presented.method};
}

}  // namespace authwire::server::detail
