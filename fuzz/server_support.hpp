// authwire fuzz targets — the server side: one small authorization server and resource, rebuilt for every input
// (the endpoints change their stores), deterministic (fixed keys, a fixed random source) so that crashes
// reproduce, with clients whose secrets the targets know and codes, refresh tokens and access tokens already
// issued. Seeds refer to those by placeholders — {code0}, {verifier0}, {rt0}, {at0} … — which expand() replaces,
// so the fuzzer can present live credentials without knowing their bytes. Also here: independent readings of
// what a request presents (Basic credentials, form bodies, PKCE), written without authwire.
#pragma once

#include "support.hpp"

#include <authwire/core/base64.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/server/authorization_code.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fuzz::server {

using clock_type = std::chrono::system_clock;
inline clock_type::time_point const now = clock_type::time_point(std::chrono::seconds(1767222000));

inline constexpr std::string_view issuer = "https://as.example";
inline constexpr std::string_view mcp_resource = "https://mcp.example/mcp";
inline constexpr std::string_view other_resource = "https://other.example/api";

// A registered client as the targets know it: with its secret in the clear.
struct known_client {
    std::string id;
    std::string method;  // token_endpoint_auth_method
    std::string secret;  // empty for public clients
    std::vector<std::string> redirect_uris;
    std::vector<std::string> grant_types;
    std::string scope;
};

inline std::vector<known_client> const& known_clients() {
    static std::vector<known_client> const clients = {
        {"app",
         "client_secret_basic",
         "app-secret",
         {"https://app.example/callback"},
         {"authorization_code", "refresh_token"},
         ""},
        {"post-app",
         "client_secret_post",
         "post secret+&=%",
         {"https://post.example/cb?x=1"},
         {"authorization_code", "refresh_token", "client_credentials"},
         "mcp"},
        {"public-app",
         "none",
         "",
         {"http://127.0.0.1/callback", "http://localhost:8080/cb"},
         {"authorization_code", "refresh_token"},
         ""},
        {"native-app", "none", "", {"http://[::1]:53682/cb"}, {"authorization_code"}, "mcp"},
        {"cc-app", "client_secret_basic", "cc-secret", {}, {"client_credentials"}, "mcp admin"},
        {"resource-server", "client_secret_basic", "rs-secret", {}, {}, ""},
    };
    return clients;
}

[[nodiscard]] inline known_client const* find_known(std::string_view id) {
    for (auto const& c : known_clients())
        if (c.id == id) return &c;
    return nullptr;
}

// RFC 7636 §4.2 S256, with OpenSSL directly.
[[nodiscard]] inline std::string s256(std::string_view verifier) {
    unsigned char digest[32];
    unsigned int n = 0;
    FUZZ_CHECK(EVP_Digest(verifier.data(), verifier.size(), digest, &n, EVP_sha256(), nullptr) == 1);
    return authwire::base64url_encode(std::string_view(reinterpret_cast<char const*>(digest), n));
}

// What the world issued before the input arrived.
struct issued_code {
    std::string code, verifier, client_id, redirect_uri, challenge;
    bool redirect_uri_in_request = true;
};
struct issued_refresh {
    std::string token, family_id, client_id;
};
struct issued_access {
    std::string token, jti, family_id, client_id;
};

// What never changes between inputs, built once: the access-token format (fixed keys) and the registered clients.
struct fixed_part {
    deterministic_rng rng{0x13198A2E03707344ULL};
    authwire::server::memory_client_store clients;
    std::optional<authwire::server::jwt_access_token_format> format;

    fixed_part() {
        using namespace authwire;
        using namespace authwire::server;
        for (auto const& k : known_clients()) {
            client_record r;
            r.client_id = k.id;
            r.token_endpoint_auth_method = k.method;
            if (!k.secret.empty()) r.client_secret = hash_client_secret(secret(k.secret), rng).value();
            r.redirect_uris = k.redirect_uris;
            r.grant_types = k.grant_types;
            r.scope = k.scope;
            r.client_name = k.id + " <b>name</b>";
            FUZZ_CHECK(clients.register_client(std::move(r)).has_value());
        }
        authwire::jose::jws_key_ring signing;
        authwire::jose::jwe_key_ring encryption;
        FUZZ_CHECK(
            signing
                .rotate_to(
                    authwire::jose::jws_key::make(
                        authwire::jose::jwk::from_octets(secret(std::string(32, 's')), std::string("s1")).value(),
                        authwire::jose::jws_algorithm::HS256)
                        .value())
                .has_value());
        FUZZ_CHECK(
            encryption
                .rotate_to(
                    authwire::jose::jwe_key::make(
                        authwire::jose::jwk::from_octets(secret(std::string(32, 'e')), std::string("e1")).value(),
                        authwire::jose::jwe_algorithm::dir)
                        .value())
                .has_value());
        jwt_access_token_options o;
        o.issuer = std::string(issuer);
        format = jwt_access_token_format::make(signing, encryption, o).value();
    }
};

inline fixed_part& fixed() {
    static fixed_part f;
    return f;
}

// An authorization server as it stands when an input arrives. The stores the endpoints change are rebuilt for
// every input, from the same random source in the same order, so codes, refresh tokens and family ids are the
// same every time; the access tokens (which only the format reads) are minted once.
struct world {
    deterministic_rng rng;  // referenced by config.rng and the policies: a world is never copied or moved
    authwire::server::authorization_server_config config;
    authwire::server::memory_client_store& clients = fixed().clients;
    authwire::server::memory_code_store codes;
    authwire::server::memory_refresh_store refresh_tokens;
    authwire::server::memory_revocation_store revocations;
    std::optional<authwire::server::jwt_access_token_format>& format = fixed().format;
    std::vector<issued_code> issued_codes;
    std::vector<issued_refresh> issued_refresh_tokens;
    std::vector<issued_access> issued_access_tokens;
    std::map<std::string, std::string, std::less<>> placeholders;

    world(world const&) = delete;
    world& operator=(world const&) = delete;

    world() {
        using namespace authwire;
        using namespace authwire::server;
        config.issuer = std::string(issuer);
        config.authorization_endpoint = "https://as.example/authorize";
        config.token_endpoint = "https://as.example/token";
        config.registration_endpoint = "https://as.example/register";
        config.revocation_endpoint = "https://as.example/revoke";
        config.introspection_endpoint = "https://as.example/introspect";
        config.scopes_supported = {"mcp", "admin"};
        config.default_scope = "mcp";
        config.resources = {std::string(mcp_resource), std::string(other_resource)};
        config.default_resource = std::string(mcp_resource);
        config.client_credentials = true;
        config.rng = rng;
        config.authorization_codes.rng = rng;
        config.refresh_tokens.rng = rng;

        auto add_code = [&](std::string client, std::string redirect, bool in_request, std::string verifier,
                            std::string scope, std::vector<std::string> resources) {
            authorization_code_record r;
            r.client_id = client;
            r.redirect_uri = redirect;
            r.redirect_uri_in_request = in_request;
            if (!verifier.empty()) r.code_challenge = s256(verifier);
            r.scope = std::move(scope);
            r.resources = std::move(resources);
            r.subject = "alice";
            auto policy = config.authorization_codes;
            policy.require_pkce = !verifier.empty();  // code2 is issued without PKCE, to be refused when redeemed
            auto code = issue_authorization_code(codes, r, now, policy);
            FUZZ_CHECK(code.has_value());
            issued_codes.push_back({std::string(code->reveal()), std::move(verifier), std::move(client),
                                    std::move(redirect), r.code_challenge, in_request});
        };
        add_code("public-app", "http://127.0.0.1:53682/callback", true, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
                 "mcp", {std::string(mcp_resource)});
        add_code("app", "https://app.example/callback", false, std::string(64, 'v') + "-._~", "mcp admin",
                 {std::string(mcp_resource), std::string(other_resource)});
        add_code("app", "https://app.example/callback", true, "", "mcp", {std::string(mcp_resource)});

        struct family {
            std::string client, scope;
            std::vector<std::string> resources;
        };
        std::vector<family> const families = {
            {"public-app", "mcp", {std::string(mcp_resource)}},
            {"app", "mcp admin", {std::string(mcp_resource), std::string(other_resource)}}};
        for (auto const& fam : families) {
            refresh_family_record f;
            f.client_id = fam.client;
            f.subject = "alice";
            f.scope = fam.scope;
            f.resources = fam.resources;
            auto rt = start_refresh_family(refresh_tokens, std::move(f), now, config.refresh_tokens);
            FUZZ_CHECK(rt.has_value());
            issued_refresh_tokens.push_back({std::string(rt->refresh_token.reveal()), rt->family_id, fam.client});
        }

        static std::vector<issued_access> const access = [&] {
            deterministic_rng token_rng{0x452821E638D01377ULL};
            std::vector<issued_access> out;
            auto mint = [&](access_token_grant const& g) {
                auto at = format->issue(g, now, token_rng);
                FUZZ_CHECK(at.has_value());
                out.push_back({std::string(at->access_token.reveal()), at->jti, g.family_id, g.client_id});
            };
            for (std::size_t i = 0; i < families.size(); ++i)
                mint({"alice",
                      families[i].client,
                      families[i].scope,
                      families[i].resources,
                      issued_refresh_tokens[i].family_id,
                      {}});
            mint({"cc-app", "cc-app", "admin", {std::string(other_resource)}, {}, {}});
            return out;
        }();
        issued_access_tokens = access;
        for (std::size_t i = 0; i < families.size(); ++i)
            FUZZ_CHECK(issued_access_tokens[i].family_id == issued_refresh_tokens[i].family_id);  // deterministic

        for (std::size_t i = 0; i < issued_codes.size(); ++i) {
            placeholders["{code" + std::to_string(i) + "}"] = issued_codes[i].code;
            placeholders["{verifier" + std::to_string(i) + "}"] = issued_codes[i].verifier;
        }
        for (std::size_t i = 0; i < issued_refresh_tokens.size(); ++i)
            placeholders["{rt" + std::to_string(i) + "}"] = issued_refresh_tokens[i].token;
        for (std::size_t i = 0; i < issued_access_tokens.size(); ++i)
            placeholders["{at" + std::to_string(i) + "}"] = issued_access_tokens[i].token;
    }

    // The input with every placeholder replaced by what it names (unknown ones are left as they are).
    [[nodiscard]] std::string expand(std::string_view in) const {
        std::string out;
        out.reserve(in.size());
        while (!in.empty()) {
            auto const open = in.find('{');
            auto const close = open == std::string_view::npos ? open : in.find('}', open);
            if (close == std::string_view::npos) break;
            out.append(in.substr(0, open));
            auto const name = in.substr(open, close - open + 1);
            auto const it = placeholders.find(name);
            out.append(it == placeholders.end() ? name : std::string_view(it->second));
            in.remove_prefix(close + 1);
        }
        out.append(in);
        return out;
    }
};

// application/x-www-form-urlencoded (WHATWG URL §5.1), decoded by hand: '&'-separated name=value pairs, '+' is a
// space, %XX a byte; an invalid escape makes the whole body invalid (nullopt).
[[nodiscard]] inline std::optional<std::vector<std::pair<std::string, std::string>>> form_decode(std::string_view s) {
    auto component = [](std::string_view c) -> std::optional<std::string> {
        std::string out;
        for (std::size_t i = 0; i < c.size(); ++i) {
            if (c[i] == '+') {
                out.push_back(' ');
            } else if (c[i] == '%') {
                auto hex = [](char h) {
                    return h >= '0' && h <= '9'   ? h - '0'
                           : h >= 'a' && h <= 'f' ? h - 'a' + 10
                           : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                  : -1;
                };
                if (i + 2 >= c.size() || hex(c[i + 1]) < 0 || hex(c[i + 2]) < 0) return std::nullopt;
                out.push_back(static_cast<char>(hex(c[i + 1]) * 16 + hex(c[i + 2])));
                i += 2;
            } else {
                out.push_back(c[i]);
            }
        }
        return out;
    };
    std::vector<std::pair<std::string, std::string>> out;
    while (!s.empty()) {
        auto const amp = s.find('&');
        auto const pair = s.substr(0, amp);
        s = amp == std::string_view::npos ? std::string_view{} : s.substr(amp + 1);
        if (pair.empty()) continue;
        auto const eq = pair.find('=');
        auto name = component(pair.substr(0, eq));
        auto value = component(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) return std::nullopt;
        out.emplace_back(std::move(*name), std::move(*value));
    }
    return out;
}

[[nodiscard]] inline std::vector<std::string> values_of(std::vector<std::pair<std::string, std::string>> const& f,
                                                        std::string_view name) {
    std::vector<std::string> out;
    for (auto const& [n, v] : f)
        if (n == name) out.push_back(v);
    return out;
}

// RFC 7617 §2 with RFC 6749 §2.3.1: the client id and secret of `Authorization: Basic …`, decoded by hand
// (standard base64 with padding, then each part form-decoded), or nullopt.
[[nodiscard]] inline std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header) {
    auto const sp = header.find(' ');
    if (sp == std::string_view::npos || !authwire::iequals(header.substr(0, sp), "basic")) return std::nullopt;
    auto token = header.substr(sp + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    if (token.empty() || token.size() % 4 != 0) return std::nullopt;
    std::string raw((token.size() / 4) * 3, '\0');
    int const n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw.data()),
                                  reinterpret_cast<unsigned char const*>(token.data()), static_cast<int>(token.size()));
    if (n < 0) return std::nullopt;
    std::size_t pad = 0;
    if (token.ends_with("=="))
        pad = 2;
    else if (token.ends_with('='))
        pad = 1;
    raw.resize(static_cast<std::size_t>(n) - pad);
    auto const colon = raw.find(':');
    if (colon == std::string::npos) return std::nullopt;
    auto parts = form_decode(raw.substr(0, colon) + "=" + raw.substr(colon + 1));
    if (!parts || parts->size() != 1) return std::nullopt;
    return (*parts)[0];
}

// Which known client, if any, does this request authenticate as — decided by hand (RFC 6749 §2.3.1): one
// Basic header with a registered id and its secret for a client_secret_basic client; or client_id and
// client_secret once each in the body for a client_secret_post one; or client_id alone for a public client; and
// no RFC 7523 client assertion.
[[nodiscard]] inline known_client const* authenticated_client(
    authwire::http_request const& req, std::vector<std::pair<std::string, std::string>> const& body) {
    auto const ids = values_of(body, "client_id");
    auto const secrets = values_of(body, "client_secret");
    if (ids.size() > 1 || secrets.size() > 1) return nullptr;
    // RFC 7523 §2.2 client assertions are not served: either parameter means "not one of ours".
    if (!values_of(body, "client_assertion").empty() || !values_of(body, "client_assertion_type").empty()) return nullptr;
    auto const authorization = req.headers.find_all("Authorization");
    if (authorization.size() > 1) return nullptr;
    if (authorization.size() == 1) {
        auto basic = basic_credentials(authorization.front());
        if (!basic || !secrets.empty() || (!ids.empty() && ids.front() != basic->first)) return nullptr;
        auto const* c = find_known(basic->first);
        return c && c->method == "client_secret_basic" && c->secret == basic->second ? c : nullptr;
    }
    if (ids.empty()) return nullptr;
    auto const* c = find_known(ids.front());
    if (c == nullptr) return nullptr;
    if (!secrets.empty()) return c->method == "client_secret_post" && c->secret == secrets.front() ? c : nullptr;
    return c->method == "none" ? c : nullptr;
}

// RFC 9110 §8.3.1: is the request's one Content-Type this media type (case-insensitive, parameters ignored)?
[[nodiscard]] inline bool content_type_is(authwire::http_request const& req, std::string_view type) {
    auto const all = req.headers.find_all("Content-Type");
    if (all.empty()) return false;
    auto v = all.front().substr(0, all.front().find(';'));
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    return authwire::iequals(v, type);
}

// RFC 6749 §3.1.2.3, RFC 8252 §7.3, RFC 9700 §4.1.3, written out simply: may a request's redirect URI be
// answered, given the registered ones? Only when it equals one of them byte for byte, or when both are http to
// the same loopback IP literal (127.0.0.1 or [::1]) and differ at most in the port (digits only) — scheme, host,
// path and query identical. `localhost` gets no port allowance.
[[nodiscard]] inline bool loopback_port_variant(std::string_view requested, std::string_view registered) {
    for (std::string_view const prefix : {"http://127.0.0.1", "http://[::1]"}) {
        if (!requested.starts_with(prefix) || !registered.starts_with(prefix)) continue;
        auto rest = [&](std::string_view u) -> std::optional<std::string_view> {
            u.remove_prefix(prefix.size());
            if (u.starts_with(':')) {
                std::size_t i = 1;
                while (i < u.size() && i <= 5 && u[i] >= '0' && u[i] <= '9') ++i;
                if (i == 1) return std::nullopt;
                u.remove_prefix(i);
            }
            if (!u.empty() && u.front() != '/' && u.front() != '?') return std::nullopt;
            return u;
        };
        auto const a = rest(requested);
        auto const b = rest(registered);
        return a && b && *a == *b;
    }
    return false;
}

[[nodiscard]] inline bool redirect_allowed(std::string_view requested, std::vector<std::string> const& registered) {
    for (auto const& r : registered)
        if (requested == r || loopback_port_variant(requested, r)) return true;
    return false;
}

} // namespace fuzz::server
