// authwire tests — a small authorization server with issued tokens, for the revocation and introspection tests: clients,
// stores, a JWT access-token format, and requests built by authwire's own client side.
#pragma once

#include "clock_support.hpp"
#include "endpoint_support.hpp"

#include <authwire/oauth/client_authentication.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/token_issuer.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

namespace endpoint_test {

using namespace authwire;
using namespace authwire::server;
using server_test::clock_type;

using server_test::t0;

// `leeway`: the clock skew the format allows past "exp" (jwt_access_token_options::leeway).
inline jwt_access_token_format make_format(std::chrono::seconds leeway = std::chrono::seconds{0}) {
    jose::jws_key_ring s;
    jose::jwe_key_ring e;
    BOOST_REQUIRE(s.rotate_to(jose::jws_key::make(jose::jwk::from_octets(secret(std::string(32, 's')), std::string("s1")).value(),
                                                  jose::jws_algorithm::HS256)
                                  .value()));
    BOOST_REQUIRE(e.rotate_to(jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, 'e')), std::string("e1")).value(),
                                                  jose::jwe_algorithm::dir)
                                  .value()));
    jwt_access_token_options o;
    o.issuer = "https://as.example";
    o.leeway = leeway;
    return jwt_access_token_format::make(s, e, o).value();
}

struct authorization_server {
    authorization_server_config config;
    memory_client_store clients;
    memory_refresh_store refresh_tokens;
    memory_revocation_store revocations;
    jwt_access_token_format format;

    // `leeway`: the access-token format's, told to both policies as their access_token_leeway.
    explicit authorization_server(std::chrono::seconds leeway = std::chrono::seconds{0}) : format(make_format(leeway)) {
        config = authwire_test::test_config();
        config.authorization_codes.access_token_leeway = leeway;
        config.refresh_tokens.access_token_leeway = leeway;
        config.introspection_endpoint = "https://as.example/introspect";
        add("app", "client_secret_basic", "app-secret");
        add("other-app", "client_secret_post", "other-secret");
        add("public-app", "none", {});
        add("resource-server", "client_secret_basic", "rs-secret");
    }
    void add(std::string id, std::string method, std::string secret_text) {
        client_record r;
        r.client_id = std::move(id);
        r.token_endpoint_auth_method = std::move(method);
        if (!secret_text.empty()) r.client_secret = hash_client_secret(secret(secret_text)).value();
        BOOST_REQUIRE(clients.register_client(std::move(r)));
    }

    // A grant for `client`: its first refresh token, and an access token issued from it.
    struct grant_tokens {
        std::string family_id;
        secret refresh_token;
        issued_access_token access;
    };
    grant_tokens grant(std::string const& client = "app", clock_type::time_point now = t0) {
        refresh_family_record f;
        f.client_id = client;
        f.subject = "alice";
        f.scope = "mcp:read";
        f.resources = {"https://mcp.example/mcp"};
        auto rt = start_refresh_family(refresh_tokens, std::move(f), now, config.refresh_tokens).value();
        access_token_grant g{"alice", client, "mcp:read", {"https://mcp.example/mcp"}, rt.family_id, {}};
        return {rt.family_id, std::move(rt.refresh_token), format.issue(g, now).value()};
    }
};

inline oauth::client_authentication app_auth() { return oauth::client_authentication::secret_basic("app", secret("app-secret")); }
inline oauth::client_authentication other_auth() {
    return oauth::client_authentication::secret_post("other-app", secret("other-secret"));
}
inline oauth::client_authentication rs_auth() {
    return oauth::client_authentication::secret_basic("resource-server", secret("rs-secret"));
}

} // namespace endpoint_test
