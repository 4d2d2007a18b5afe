// authwire interop — authwire's client against a real authorization server, npm oidc-provider (provider.mjs),
// over real sockets with the libcurl executor of examples/adapters: 401 → discovery (RFC 9728, RFC 8414) →
// Dynamic Client Registration (RFC 7591) → PKCE authorization (RFC 7636, RFC 8707, RFC 9207) with the
// provider's redirects followed headlessly → code exchange → the JWT access token (RFC 9068) verified with
// authwire JOSE against the provider's jwks_uri → a protected call → refresh with rotation, and replay of the
// rotated refresh token → revocation (RFC 7009) and introspection (RFC 7662).
//
// The provider is started by the CTest fixture interop_oidc_provider_start, which writes the JSON file named
// by AUTHWIRE_OIDC_PROVIDER_STATE: {"issuer": …, "resource": …, "pid": …}.
//
// What oidc-provider does that a reader might not expect (each asserted below; none needed a quirk option —
// authwire's strict parsers accept everything it sends):
//  - it refuses to introspect or revoke JWT access tokens (400 unsupported_token_type), so revocation and
//    introspection are shown on the opaque refresh token;
//  - a rotated-out refresh token presented again revokes the whole grant (the current refresh token with it);
//  - a reused PAR request_uri comes back as an error redirect without `state`, which authwire refuses as
//    state_mismatch (an error it cannot tie to a request of ours is never shown as one).
#include <authwire/client/code_flow.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/registration.hpp>
#include <authwire/client/token_introspection.hpp>
#include <authwire/client/token_manager.hpp>
#include <authwire/client/token_revocation.hpp>
#include <authwire/core/json.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/id_token.hpp>
#include <authwire/oauth/jwks.hpp>
#include <authwire/oauth/par.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/state.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/oauth/token_type_hint.hpp>

#include <authwire/adapters/curl.hpp>

#define BOOST_TEST_MODULE interop_oidc_provider
#include <boost/test/unit_test.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <openssl/evp.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using namespace authwire;
using namespace std::chrono_literals;

namespace {

struct curl_init {
    adapters::curl_global g;
};
BOOST_GLOBAL_FIXTURE(curl_init);

// Where the fixture's provider runs.
struct provider_info {
    std::string issuer;
    std::string resource;
};

provider_info const& provider() {
    static provider_info const info = [] {
        char const* file = std::getenv("AUTHWIRE_OIDC_PROVIDER_STATE");
        BOOST_TEST_REQUIRE(file != nullptr, "AUTHWIRE_OIDC_PROVIDER_STATE must name the file provider.mjs wrote");
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        auto o = parse_json_object(text.str());
        BOOST_TEST_REQUIRE(o.has_value(), "provider state file: " << o.error().message());
        auto const* issuer = o->if_contains("issuer");
        auto const* resource = o->if_contains("resource");
        BOOST_TEST_REQUIRE((issuer && issuer->is_string() && resource && resource->is_string()));
        return provider_info{std::string(issuer->get_string()), std::string(resource->get_string())};
    }();
    return info;
}

// The executor every step goes through (a new one per test: no connection reuse assumptions).
adapters::curl_executor make_executor() {
    adapters::curl_executor::options o;
    o.connect_timeout = 5s;
    o.timeout = 10s;
    return adapters::curl_executor(o);
}

constexpr std::string_view redirect_uri = "http://127.0.0.1/callback";  // never contacted: the test reads it

// The part of a browser the authorization step needs: follow the provider's redirects (authwire never does),
// keep its cookies (by name — the provider's cookie paths are not enforced, which only sends more than a
// browser would), and stop at the first redirect to our redirect_uri, which is the callback.
class headless_browser {
public:
    explicit headless_browser(adapters::curl_executor& e) : execute_(e) {}

    std::string authorize(boost::urls::url start) {
        boost::urls::url at = std::move(start);
        for (int hop = 0; hop < 10; ++hop) {
            http_request req;
            req.url = at;
            if (!jar_.empty()) req.headers.append("Cookie", cookie_header());
            auto resp = execute_(req);
            BOOST_TEST_REQUIRE(resp.has_value(), "GET " << at.buffer() << ": " << resp.error().message());
            for (auto v : resp->headers.find_all("Set-Cookie")) keep(v);
            BOOST_TEST_REQUIRE((resp->status == 302 || resp->status == 303),
                               "GET " << at.buffer() << " answered " << resp->status << ": " << resp->body);
            auto location = resp->header("Location");
            BOOST_TEST_REQUIRE(location.has_value());
            auto ref = boost::urls::parse_uri_reference(*location);
            BOOST_TEST_REQUIRE(ref.has_value(), "Location " << *location);
            boost::urls::url next;
            BOOST_TEST_REQUIRE(!boost::urls::resolve(at, *ref, next).has_error());
            std::string_view const target = next.buffer();
            if (target.substr(0, target.find('?')) == redirect_uri) return std::string(target);
            at = std::move(next);
        }
        BOOST_FAIL("no redirect to the redirect_uri within 10 hops");
        return {};
    }

    [[nodiscard]] std::size_t cookies() const { return jar_.size(); }

private:
    void keep(std::string_view set_cookie) {
        auto pair = set_cookie.substr(0, set_cookie.find(';'));
        auto const eq = pair.find('=');
        if (eq == std::string_view::npos || eq == 0) return;
        std::string name(pair.substr(0, eq));
        if (eq + 1 == pair.size()) jar_.erase(name);  // cleared (the provider expires it with an empty value)
        else jar_[std::move(name)] = std::string(pair.substr(eq + 1));
    }
    std::string cookie_header() const {
        std::string h;
        for (auto const& [name, value] : jar_) {
            if (!h.empty()) h += "; ";
            h += name + "=" + value;
        }
        return h;
    }

    adapters::curl_executor& execute_;
    std::map<std::string, std::string> jar_;
};

// Everything a test needs after discovery and registration.
struct session {
    client::discovery_result found;
    oauth::client_information registered;
    oauth::client_authentication client;
    oauth::authorization_server_metadata const& as() const { return found.authorization_server; }
};

client::discovery_options loopback_discovery() {
    client::discovery_options o;
    o.allow_http_loopback = true;  // the issuer is http://127.0.0.1:<port>: tests only
    return o;
}

// RFC 9728 §5.1: call the resource without a token, then discover from its 401.
session discover(adapters::curl_executor& execute) {
    http_request call;
    call.url = boost::urls::url(provider().resource);
    auto unauthorized = execute(call);
    BOOST_TEST_REQUIRE(unauthorized.has_value());
    BOOST_TEST_REQUIRE(unauthorized->status == 401u);

    session s;
    auto found = client::discover(execute, provider().resource, *unauthorized, loopback_discovery());
    BOOST_TEST_REQUIRE(found.has_value(), "discovery: " << found.error());
    s.found = std::move(*found);
    BOOST_TEST(s.found.resource.resource == provider().resource);
    BOOST_TEST(s.as().issuer == provider().issuer);
    BOOST_TEST(s.found.challenge_scope.value_or("") == "api:read");
    BOOST_TEST(s.as().supports_s256());
    BOOST_TEST(s.as().iss_parameter_required());  // RFC 9207: the provider advertises `iss` on callbacks
    BOOST_TEST_REQUIRE(s.as().registration_endpoint.has_value());
    BOOST_TEST_REQUIRE(s.as().token_endpoint.has_value());
    return s;
}

// The metadata of a native client with our redirect_uri, authenticating with `method` at the token endpoint.
oauth::client_metadata native_client(std::string_view method) {
    oauth::client_metadata m;
    m.redirect_uris = {std::string(redirect_uri)};
    m.token_endpoint_auth_method = std::string(method);
    m.grant_types = {"authorization_code", "refresh_token"};
    m.response_types = {"code"};
    m.application_type = "native";
    m.client_name = "authwire interop";
    return m;
}

// RFC 7591 §3: register `m` (client::register_client); then authenticate the way the registration says
// (client::client_authentication_for). `signer` is the private_key_jwt key, if any.
void register_client(session& s, adapters::curl_executor& execute, oauth::client_metadata const& m,
                     std::optional<jose::jws_signer> signer = std::nullopt) {
    auto registered = client::register_client(execute, s.as(), m);
    BOOST_TEST_REQUIRE(registered.has_value(), "registration: " << registered.error());
    s.registered = std::move(*registered);
    BOOST_TEST(!s.registered.client_id.empty());
    BOOST_TEST(s.registered.metadata.redirect_uris == m.redirect_uris, boost::test_tools::per_element());
    BOOST_TEST((s.registered.metadata.token_endpoint_auth_method == m.token_endpoint_auth_method));

    auto auth = client::client_authentication_for(s.registered, s.as(), std::move(signer));
    BOOST_TEST_REQUIRE(auth.has_value(), "no usable client authentication: " << auth.error().message());
    BOOST_TEST(oauth::to_string(auth->method) == m.token_endpoint_auth_method.value_or(""));
    s.client = std::move(*auth);
}

// Discovery and the registration of a public native client (RFC 8252): PKCE instead of a secret.
session discover_and_register(adapters::curl_executor& execute) {
    auto s = discover(execute);
    register_client(s, execute, native_client("none"));
    BOOST_TEST(s.registered.client_secret.empty());
    return s;
}

// Client authentication needs the issuer and the time for JWT assertions (RFC 7523 §3).
oauth::client_auth_context auth_context(session const& s) {
    return {.issuer = s.as().issuer, .now = std::chrono::system_clock::now(), .rng = {}};
}

// RFC 6749 §4.1 with PKCE and a resource indicator, through the provider's auto-consent. With `openid`, the
// driver sends a nonce and verifies the ID token against the provider's jwks_uri before it hands out the tokens.
client::code_flow::finished_authorization authorize(session const& s, adapters::curl_executor& execute,
                                                    headless_browser& browser, bool openid = false,
                                                    std::string* nonce = nullptr) {
    client::code_flow::parameters p;
    p.client_id = s.registered.client_id;
    p.redirect_uri = std::string(redirect_uri);
    if (openid) (void)p.scope.insert("openid");
    (void)p.scope.insert("api:read");
    p.resource = {provider().resource};
    p.require_s256_advertised = true;
    auto started = client::code_flow::start(s.as(), p);
    BOOST_TEST_REQUIRE(started.has_value());
    auto const& query = started->authorization_url.params();
    BOOST_TEST(query.contains("code_challenge"));
    BOOST_TEST((*query.find("code_challenge_method")).value == "S256");
    BOOST_TEST((*query.find("resource")).value == provider().resource);

    BOOST_TEST(started->pending.nonce.empty() == !openid);  // OpenID Connect Core §3.1.2.1: only with openid
    BOOST_TEST(query.contains("nonce") == openid);
    if (nonce != nullptr) *nonce = started->pending.nonce;
    std::string const callback = browser.authorize(started->authorization_url);
    BOOST_TEST(browser.cookies() > 0u);  // the provider's interaction and session cookies made the round trip

    auto tokens = client::code_flow::finish(callback, started->pending, s.as(), s.client, execute,
                                            std::chrono::system_clock::now());
    BOOST_TEST_REQUIRE(tokens.has_value(), "code exchange: " << tokens.error());
    BOOST_TEST(tokens->is_bearer());
    BOOST_TEST(!tokens->refresh_token.empty());
    BOOST_TEST_REQUIRE(tokens->expires_in.has_value());
    BOOST_TEST(tokens->expires_in->count() == 300);
    BOOST_TEST_REQUIRE(tokens->scope.has_value());
    BOOST_TEST(tokens->scope->contains("api:read"));
    BOOST_TEST(!tokens->scope->contains("api:write"));  // only what was asked for
    return std::move(*tokens);
}

// The provider's JWK Set from its jwks_uri, each key bound to the algorithm its "alg" names (RFC 8725 §3.1).
jose::jws_key_set provider_keys(session const& s, adapters::curl_executor& execute) {
    BOOST_TEST_REQUIRE(s.as().jwks_uri.has_value());
    http_request req;
    req.url = boost::urls::url(*s.as().jwks_uri);
    auto resp = execute(req);
    BOOST_TEST_REQUIRE(resp.has_value());
    BOOST_TEST_REQUIRE(resp->status == 200u);
    auto set = jose::jwk_set::parse(resp->body);
    BOOST_TEST_REQUIRE(set.has_value(), "jwks: " << set.error().message());
    BOOST_TEST(set->size() == 2u);  // the RS256 ID-token key and the ES256 access-token key
    jose::jws_key_set keys;
    for (auto const& k : *set) {
        BOOST_TEST_REQUIRE(k.alg().has_value(), "the provider publishes every key with its alg");
        auto alg = jose::parse_jws_algorithm(*k.alg());
        BOOST_TEST_REQUIRE(alg.has_value());
        auto bound = jose::jws_key::make(k, *alg);
        BOOST_TEST_REQUIRE(bound.has_value(), "binding " << *k.alg() << ": " << bound.error().message());
        BOOST_TEST_REQUIRE(keys.add(std::move(*bound)).has_value());
    }
    return keys;
}

// Access tokens for this resource are signed ES256: that is the only algorithm the verifier allows.
jose::jws_verifier access_token_verifier(session const& s, adapters::curl_executor& execute) {
    auto v = jose::jws_verifier::make(provider_keys(s, execute), {jose::jws_algorithm::ES256});
    BOOST_TEST_REQUIRE(v.has_value());
    return std::move(*v);
}

// RFC 9068 §4: what a resource server checks in a JWT access token.
jose::jwt_validation access_token_rules() {
    jose::jwt_validation v;
    v.issuer = provider().issuer;
    v.audiences = {provider().resource};
    v.type = "at+jwt";
    v.require_iat = true;
    return v;
}

jose::verified_jwt verify_access_token(jose::jws_verifier const& verifier, secret const& token,
                                       std::string const& client_id) {
    auto const now = std::chrono::system_clock::now();
    auto jwt = jose::verify_jwt(token.reveal(), verifier, access_token_rules(), now);
    BOOST_TEST_REQUIRE(jwt.has_value(), "access token: " << jwt.error().message());
    BOOST_TEST((jwt->header.alg == jose::jws_algorithm::ES256));
    BOOST_TEST(jwt->header.kid.value_or("") == "es256-access-tokens");
    BOOST_TEST(jwt->claims.sub.value_or("") == "alice");
    BOOST_TEST_REQUIRE(jwt->claims.exp.has_value());
    BOOST_TEST_REQUIRE(jwt->claims.iat.has_value());
    BOOST_TEST((*jwt->claims.exp - *jwt->claims.iat == 300s));
    auto const* cid = jwt->claims.custom.if_contains("client_id");
    BOOST_TEST_REQUIRE((cid != nullptr && cid->is_string()));
    BOOST_TEST(std::string_view(cid->get_string()) == client_id);
    auto const* scope = jwt->claims.custom.if_contains("scope");
    BOOST_TEST_REQUIRE((scope != nullptr && scope->is_string()));
    BOOST_TEST(std::string_view(scope->get_string()) == "api:read");

    // The same token fails every rule it does not meet: the checks above are not vacuous.
    auto other_audience = access_token_rules();
    other_audience.audiences = {provider().issuer + "/other"};
    BOOST_TEST((jose::verify_jwt(token.reveal(), verifier, other_audience, now).error() == error::wrong_audience));
    auto other_issuer = access_token_rules();
    other_issuer.issuer = provider().issuer + "/";
    BOOST_TEST((jose::verify_jwt(token.reveal(), verifier, other_issuer, now).error() == error::wrong_issuer));
    BOOST_TEST((jose::verify_jwt(token.reveal(), verifier, access_token_rules(), now + 301s + 30s).error() ==
                error::token_expired));
    auto id_token_type = access_token_rules();
    id_token_type.type = "JWT";
    BOOST_TEST((jose::verify_jwt(token.reveal(), verifier, id_token_type, now).error() == error::wrong_token_type));
    auto rs256_only = jose::jws_verifier::make(verifier.keys(), {jose::jws_algorithm::RS256});
    BOOST_TEST_REQUIRE(rs256_only.has_value());
    BOOST_TEST((jose::verify_jwt(token.reveal(), *rs256_only, access_token_rules(), now).error() ==
                error::algorithm_not_allowed));
    return std::move(*jwt);
}

// RFC 6750 §2.1: call the protected resource with the token.
unsigned call_resource(adapters::curl_executor& execute, secret const& token) {
    http_request call;
    call.url = boost::urls::url(provider().resource);
    BOOST_TEST_REQUIRE(oauth::set_bearer_token(call, token).has_value());
    auto resp = execute(call);
    BOOST_TEST_REQUIRE(resp.has_value());
    return resp->status;
}

// RFC 6749 §6 (+ RFC 8707 §2): one refresh request by hand — for presenting a refresh token the token manager
// has rightly forgotten (the replay), and for confidential clients whose JWT assertions must carry the real time.
outcome<oauth::token_response> refresh(session const& s, adapters::curl_executor& execute, secret const& rt) {
    oauth::refresh_token_grant g;
    g.refresh_token = rt;
    g.resource = {provider().resource};
    auto req = oauth::make_token_request(*s.as().token_endpoint, g, s.client, auth_context(s));
    BOOST_TEST_REQUIRE(req.has_value());
    auto resp = execute(*req);
    BOOST_TEST_REQUIRE(resp.has_value());
    return oauth::parse_token_response(*resp, std::chrono::system_clock::now());
}

outcome<oauth::introspection_response> introspect(session const& s, adapters::curl_executor& execute,
                                                  secret const& token, std::string_view hint) {
    return client::introspect_token(execute, s.as(), s.client, token, hint, std::chrono::system_clock::now());
}

void expect_invalid_grant(outcome<oauth::token_response> const& r) {
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code == error::invalid_grant));
    BOOST_TEST_REQUIRE(r.error().response.has_value());
    BOOST_TEST(r.error().response->status == 400u);
}

} // namespace

BOOST_AUTO_TEST_SUITE(interop_oidc_provider)

BOOST_AUTO_TEST_CASE(code_flow_jwt_access_token_and_refresh_rotation) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    headless_browser browser(execute);
    auto first = authorize(s, execute, browser);
    auto verifier = access_token_verifier(s, execute);
    (void)verify_access_token(verifier, first.access_token, s.registered.client_id);
    BOOST_TEST(call_resource(execute, first.access_token) == 200u);

    // The token manager of this session, on its own executor. `stored` is the application's token store.
    std::vector<oauth::token_response> stored;
    std::vector<failure> reauthorize;
    auto made = client::token_manager_config_for(s.as(), s.client, {provider().resource});
    BOOST_TEST_REQUIRE(made.has_value());
    client::token_manager_config config = std::move(*made);
    config.store = [&](oauth::token_response const& t) -> result<void> {
        stored.push_back(t);
        return {};
    };
    config.on_reauthorization_required = [&](failure const& f) { reauthorize.push_back(f); };
    client::token_manager<adapters::curl_executor> manager(std::move(config), make_executor());
    BOOST_TEST_REQUIRE(manager.set_tokens(first).has_value());
    BOOST_TEST_REQUIRE(stored.size() == 1u);

    // Not due yet: the same access token, no request.
    auto const now = std::chrono::system_clock::now();
    auto same = manager.access_token(now);
    BOOST_TEST_REQUIRE(same.has_value());
    BOOST_TEST((*same == first.access_token));
    BOOST_TEST(stored.size() == 1u);

    // Due (half-way through the 300 s lifetime, the 5 min margin being longer): the manager refreshes
    // proactively; the provider rotates the refresh token, and the new set is stored before it is handed out.
    auto const refresh_at = manager.refresh_at();
    BOOST_TEST_REQUIRE(refresh_at.has_value());
    BOOST_TEST((*refresh_at == *first.expires_at - 150s));
    auto fresh = manager.access_token(*refresh_at);
    BOOST_TEST_REQUIRE(fresh.has_value(), "refresh: " << fresh.error());
    BOOST_TEST_REQUIRE(stored.size() == 2u);
    auto const& second = stored.back();
    BOOST_TEST((*fresh == second.access_token));
    BOOST_TEST((second.access_token != first.access_token));
    BOOST_TEST(!second.refresh_token.empty());
    BOOST_TEST((second.refresh_token != first.refresh_token));
    (void)verify_access_token(verifier, second.access_token, s.registered.client_id);
    BOOST_TEST(call_resource(execute, second.access_token) == 200u);

    // The rotated-out refresh token is refused ...
    expect_invalid_grant(refresh(s, execute, first.refresh_token));
    // ... and presenting it made the provider revoke the whole grant (reuse detection): the manager's next
    // refresh, with the current refresh token, is refused too — it forgets the tokens and asks for a new
    // authorization, once.
    auto refused = manager.access_token(*second.refresh_at());
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error().code == error::invalid_grant));
    BOOST_TEST((manager.state() == client::token_manager_state::reauthorization_required));
    BOOST_TEST_REQUIRE(reauthorize.size() == 1u);
    BOOST_TEST((reauthorize.front().code == error::invalid_grant));
    BOOST_TEST(stored.size() == 2u);
    BOOST_TEST(call_resource(execute, second.access_token) == 200u);  // a JWT stays valid until it expires
}

BOOST_AUTO_TEST_CASE(revocation_and_introspection) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    headless_browser browser(execute);
    auto tokens = authorize(s, execute, browser);

    auto live = introspect(s, execute, tokens.refresh_token, oauth::token_type_hint::refresh_token);
    BOOST_TEST_REQUIRE(live.has_value(), "introspection: " << live.error());
    BOOST_TEST(live->active);
    BOOST_TEST(live->client_id.value_or("") == s.registered.client_id);
    BOOST_TEST(live->sub.value_or("") == "alice");
    BOOST_TEST(live->iss.value_or("") == provider().issuer);
    BOOST_TEST_REQUIRE(live->scope.has_value());
    BOOST_TEST(live->scope->contains("api:read"));

    // oidc-provider refuses to introspect (and to revoke) structured JWT access tokens: an RFC 7009-style
    // unsupported_token_type error, which authwire surfaces as the peer's error response.
    auto jwt = introspect(s, execute, tokens.access_token, oauth::token_type_hint::access_token);
    BOOST_TEST_REQUIRE(!jwt.has_value());
    BOOST_TEST_REQUIRE(jwt.error().response.has_value());
    BOOST_TEST(jwt.error().response->error == "unsupported_token_type");
    BOOST_TEST((jwt.error().code == error::unsupported_token_type));
    BOOST_TEST(jwt.error().response->status == 400u);

    BOOST_TEST_REQUIRE(s.as().revocation_endpoint.has_value());
    auto revoked = client::revoke_token(execute, s.as(), s.client, tokens.refresh_token,
                                        oauth::token_type_hint::refresh_token, std::chrono::system_clock::now());
    BOOST_TEST(revoked.has_value(), "revocation: " << (revoked ? failure{} : revoked.error()));

    auto dead = introspect(s, execute, tokens.refresh_token, oauth::token_type_hint::refresh_token);
    BOOST_TEST_REQUIRE(dead.has_value(), "introspection: " << dead.error());
    BOOST_TEST(!dead->active);
    expect_invalid_grant(refresh(s, execute, tokens.refresh_token));

    // RFC 7009 §2.2: revoking an unknown token is not an error.
    BOOST_TEST(client::revoke_token(execute, s.as(), s.client, secret("not-a-token"), {},
                                    std::chrono::system_clock::now())
                   .has_value());
}

BOOST_AUTO_TEST_CASE(callback_checks_hold_against_a_real_server) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    headless_browser browser(execute);
    client::code_flow::parameters p;
    p.client_id = s.registered.client_id;
    p.redirect_uri = std::string(redirect_uri);
    (void)p.scope.insert("api:read");
    p.resource = {provider().resource};
    p.send_nonce = false;
    auto started = client::code_flow::start(s.as(), p);
    BOOST_TEST_REQUIRE(started.has_value());
    std::string const callback = browser.authorize(started->authorization_url);

    // A callback whose state was tampered with is refused before anything is sent.
    auto forged = started->pending;
    forged.state += "x";
    auto r = client::code_flow::finish(callback, forged, s.as(), s.client, execute, std::chrono::system_clock::now());
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().code == error::state_mismatch));

    // The provider checks PKCE: the right code with another code_verifier is invalid_grant.
    auto wrong_verifier = started->pending;
    wrong_verifier.code_verifier = secret(std::string(43, 'A'));
    auto w = client::code_flow::finish(callback, wrong_verifier, s.as(), s.client, execute,
                                       std::chrono::system_clock::now());
    BOOST_TEST_REQUIRE(!w.has_value());
    BOOST_TEST((w.error().code == error::invalid_grant));
}

// The four ways a confidential client authenticates (RFC 6749 §2.3.1, RFC 7523 §2.2), each registered with the
// provider and used for the code exchange, a refresh and an introspection; and a wrong secret is refused.
BOOST_AUTO_TEST_CASE(confidential_clients_authenticate_every_way) {
    auto execute = make_executor();
    auto s = discover(execute);
    for (std::string_view method : {"client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt"}) {
        BOOST_TEST_CONTEXT("token_endpoint_auth_method " << method) {
            auto m = native_client(method);
            m.application_type = "web";  // a confidential client is a web server, not an app on the device
            std::optional<jose::jws_signer> signer;
            if (method == "private_key_jwt") {
                std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
                    EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), &EVP_PKEY_free);
                BOOST_TEST_REQUIRE(pkey != nullptr);
                auto key = jose::jwk::from_evp_pkey(pkey.get(), "authwire-client-key");
                BOOST_TEST_REQUIRE(key.has_value());
                auto jwks = jose::jwk_set({*key}).to_json();
                BOOST_TEST_REQUIRE(jwks.has_value());
                m.jwks = std::move(*jwks);
                auto bound = jose::jws_key::make(*key, jose::jws_algorithm::ES256);
                BOOST_TEST_REQUIRE(bound.has_value());
                auto made = jose::jws_signer::make(std::move(*bound));
                BOOST_TEST_REQUIRE(made.has_value());
                signer = std::move(*made);
            }
            register_client(s, execute, m, std::move(signer));
            bool const has_secret = method != "private_key_jwt";
            BOOST_TEST(s.registered.client_secret.empty() != has_secret);
            BOOST_TEST(!s.registered.client_secret_expires_at.has_value());  // the provider sends 0: never

            headless_browser browser(execute);
            auto tokens = authorize(s, execute, browser);
            auto again = refresh(s, execute, tokens.refresh_token);
            BOOST_TEST_REQUIRE(again.has_value(), "refresh: " << again.error());
            auto info = introspect(s, execute, again->refresh_token, oauth::token_type_hint::refresh_token);
            BOOST_TEST_REQUIRE(info.has_value(), "introspection: " << info.error());
            BOOST_TEST(info->active);
            BOOST_TEST(info->client_id.value_or("") == s.registered.client_id);

            if (has_secret) {
                auto wrong = s;
                wrong.client.client_secret = secret(std::string(s.registered.client_secret.reveal()) + "x");
                auto refused = refresh(wrong, execute, again->refresh_token);
                BOOST_TEST_REQUIRE(!refused.has_value());
                BOOST_TEST((refused.error().code == error::invalid_client));
                BOOST_TEST_REQUIRE(refused.error().response.has_value());
                BOOST_TEST(refused.error().response->status == 401u);
            }
        }
    }
}

// RFC 6749 §4.1.2.1: the user says no (the provider's auto-consent denies login_hint=deny); the callback
// carries error=access_denied with our state and the provider's iss, and nothing is exchanged.
BOOST_AUTO_TEST_CASE(access_denied_reaches_the_client_as_such) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    headless_browser browser(execute);
    client::code_flow::parameters p;
    p.client_id = s.registered.client_id;
    p.redirect_uri = std::string(redirect_uri);
    (void)p.scope.insert("api:read");
    p.resource = {provider().resource};
    p.send_nonce = false;
    p.extra.add("login_hint", "deny");
    auto started = client::code_flow::start(s.as(), p);
    BOOST_TEST_REQUIRE(started.has_value());
    std::string const callback = browser.authorize(started->authorization_url);
    auto r = client::code_flow::check_callback(callback, started->pending, s.as());
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST(oauth::is_access_denied(r.error()));
    BOOST_TEST_REQUIRE(r.error().response.has_value());
    BOOST_TEST(r.error().response->error == "access_denied");
}

// OpenID Connect Core §3.1.3.7: with the openid scope the provider also issues an ID token, signed RS256 — the
// code-flow driver fetched the provider's JWK Set and verified it (signature with the other key of the set, the
// issuer, the client as audience, the nonce we sent) before handing out the tokens.
BOOST_AUTO_TEST_CASE(id_token_verified_with_the_rs256_key) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    headless_browser browser(execute);
    std::string nonce;
    auto tokens = authorize(s, execute, browser, true, &nonce);
    BOOST_TEST_REQUIRE(!nonce.empty());
    BOOST_TEST_REQUIRE(tokens.id_token.has_value());
    BOOST_TEST_REQUIRE(tokens.verified_id_token.has_value(), "finish did not verify the ID token");
    auto const& id = *tokens.verified_id_token;
    BOOST_TEST((id.header.alg == jose::jws_algorithm::RS256));
    BOOST_TEST(id.header.kid.value_or("") == "rs256-id-tokens");
    BOOST_TEST(id.claims.iss.value_or("") == provider().issuer);
    BOOST_TEST(id.claims.has_audience(s.registered.client_id));
    BOOST_TEST(id.claims.sub.value_or("") == "alice");
    BOOST_TEST(std::string_view(id.claims.custom.at("nonce").as_string()) == nonce);

    // The same check by hand, with the pure function: the JWK Set from jwks_uri, then oauth::validate_id_token.
    auto jwks_request = oauth::make_jwk_set_request(s.as().jwks_uri.value_or(""));
    BOOST_TEST_REQUIRE(jwks_request.has_value());
    auto jwks_response = execute(*jwks_request);
    BOOST_TEST_REQUIRE(jwks_response.has_value());
    auto jwks = oauth::parse_jwk_set_response(*jwks_response);
    BOOST_TEST_REQUIRE(jwks.has_value(), "jwks: " << jwks.error());
    auto const v = oauth::id_token_validation_for(s.as(), s.registered.client_id, nonce);
    auto const now = std::chrono::system_clock::now();
    BOOST_TEST(oauth::validate_id_token(*tokens.id_token, *jwks, v, now).has_value());
    // Another nonce is refused; and the access token of the same response is not an ID token (other key, other
    // alg, other audience).
    auto other_nonce = v;
    other_nonce.nonce = nonce + "x";
    BOOST_TEST((oauth::validate_id_token(*tokens.id_token, *jwks, other_nonce, now).error() == error::nonce_mismatch));
    BOOST_TEST(!oauth::validate_id_token(tokens.access_token.reveal(), *jwks, v, now));
}

// RFC 9126: the provider advertises a pushed authorization request endpoint. Push the request (PKCE, state,
// resource) with authwire's PAR messages, send the browser with client_id and request_uri only, and finish with
// the code-flow driver from a pending record of our own.
BOOST_AUTO_TEST_CASE(pushed_authorization_request) {
    auto execute = make_executor();
    auto s = discover_and_register(execute);
    BOOST_TEST_REQUIRE(s.as().pushed_authorization_request_endpoint.has_value());

    auto pkce = oauth::make_pkce();
    auto state = oauth::make_state();
    BOOST_TEST_REQUIRE((pkce.has_value() && state.has_value()));
    oauth::authorization_request r;
    r.client_id = s.registered.client_id;
    r.redirect_uri = std::string(redirect_uri);
    (void)r.scope.insert("api:read");
    r.state = *state;
    r.set_pkce(*pkce);
    r.resource = {provider().resource};
    auto const now = std::chrono::system_clock::now();
    auto push = oauth::make_pushed_authorization_request(*s.as().pushed_authorization_request_endpoint, r, s.client,
                                                         auth_context(s));
    BOOST_TEST_REQUIRE(push.has_value());
    auto pushed_resp = execute(*push);
    BOOST_TEST_REQUIRE(pushed_resp.has_value());
    auto pushed = oauth::parse_pushed_authorization_response(*pushed_resp, now);
    BOOST_TEST_REQUIRE(pushed.has_value(), "PAR: " << pushed.error() << " " << pushed_resp->body);
    BOOST_TEST(pushed->request_uri.starts_with("urn:ietf:params:oauth:request_uri:"));
    BOOST_TEST(pushed->expires_in.count() > 0);

    auto url = oauth::make_pushed_authorization_url(*s.as().authorization_endpoint, r.client_id,
                                                    pushed->request_uri);
    BOOST_TEST_REQUIRE(url.has_value());
    BOOST_TEST(!url->params().contains("code_challenge"));  // the browser never sees the request itself
    headless_browser browser(execute);
    std::string const callback = browser.authorize(*url);

    client::code_flow::pending_authorization pending;
    pending.issuer = s.as().issuer;
    pending.client_id = r.client_id;
    pending.redirect_uri = r.redirect_uri;
    pending.state = *state;
    pending.code_verifier = pkce->code_verifier;
    pending.scope = r.scope;
    pending.resource = r.resource;
    auto tokens = client::code_flow::finish(callback, pending, s.as(), s.client, execute, now);
    BOOST_TEST_REQUIRE(tokens.has_value(), "code exchange: " << tokens.error());
    auto verifier = access_token_verifier(s, execute);
    (void)verify_access_token(verifier, tokens->access_token, s.registered.client_id);

    // RFC 9126 §4: a request_uri is single-use. oidc-provider answers the second use with an error redirect to
    // the client's redirect_uri — error=invalid_request_uri and iss, but no state (it no longer knows the
    // request). authwire refuses such a callback as state_mismatch: without our state it cannot be told from a
    // forged error, so it is not shown to the user (RFC 6749 §10.12). A finding, not a quirk to allow.
    http_request reuse;
    reuse.url = *url;
    auto resp = execute(reuse);
    BOOST_TEST_REQUIRE(resp.has_value());
    BOOST_TEST(resp->status == 303u);
    std::string const error_callback(resp->header("Location").value_or(""));
    BOOST_TEST(error_callback.starts_with(std::string(redirect_uri) + "?error=invalid_request_uri"), error_callback);
    BOOST_TEST(error_callback.find("state=") == std::string::npos);
    auto refused = client::code_flow::check_callback(error_callback, pending, s.as());
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error().code == error::state_mismatch));
}

BOOST_AUTO_TEST_SUITE_END()
