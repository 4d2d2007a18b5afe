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
