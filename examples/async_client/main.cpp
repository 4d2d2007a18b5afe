// async_client — authwire's client drivers as Boost.Asio C++20 coroutines over the Beast async executor
// (include/authwire/adapters/{asio,async_token_manager,beast_async}.hpp), end to end against an authorization
// server that approves by itself (example_demo_server --auto-approve):
//
//   discovery of the resource's authorization server              RFC 9728 §3, RFC 8414 §3
//   → dynamic client registration (a confidential client)          RFC 7591 §3
//   → PKCE authorization: the authorization URL is loaded and its redirects followed, as a browser would, up to
//     the redirect to our redirect URI, which carries the code      RFC 6749 §4.1, RFC 7636, RFC 9207
//   → code exchange                                                RFC 6749 §4.1.3
//   → introspection of the access token (active)                   RFC 7662 §2
//   → refresh through the async token manager, asked by three coroutines at once: one refresh request
//                                                                  RFC 6749 §6, RFC 9700 §4.14.2 (rotation)
//   → revocation of the (rotated) refresh token; the grant is gone: the access token introspects inactive and
//     the next refresh is refused                                  RFC 7009 §2
//
// Usage: example_async_client [--timeout SECONDS] RESOURCE_URL      (e.g. http://127.0.0.1:8080/mcp)
// Everything runs in one thread, in coroutines on one io_context. Exit status 0 only when every step did what
// the protocol says; the last line then reads "async client: discovery → registration → code flow → refresh →
// revocation completed".

#include <authwire/adapters/asio.hpp>
#include <authwire/adapters/async_token_manager.hpp>
#include <authwire/adapters/beast_async.hpp>

#include <authwire/authwire.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace {

using namespace authwire;
namespace asio = boost::asio;
using adapters::beast_async_executor;

// Counts what goes through an executor, so that the example can show how many refresh requests were sent.
struct counting_executor {
    beast_async_executor& inner;
    std::string token_endpoint{};
    int token_requests = 0;

    asio::awaitable<result<http_response>> async_execute(http_request const& req) {
        if (std::string_view(req.url.buffer()) == token_endpoint) ++token_requests;
        co_return co_await inner.async_execute(req);
    }
};

struct step_failed {
    std::string what;
};

template <class T>
T const& require(outcome<T> const& r, std::string_view step) {
    if (!r) throw step_failed{std::string(step) + ": " + r.error().code.message()};
    return *r;
}
void require(outcome<void> const& r, std::string_view step) {
    if (!r) throw step_failed{std::string(step) + ": " + r.error().code.message()};
}
void require(bool ok, std::string_view step) {
    if (!ok) throw step_failed{std::string(step)};
}

std::chrono::system_clock::time_point now() { return std::chrono::system_clock::now(); }

// RFC 6749 §4.1.1–§4.1.2 as the user's browser meets it on a server that approves by itself: load the
// authorization URL and follow its redirects (each through the executor's transport rule, at most 10) until one
// goes to `redirect_uri` — the authorization response, which the browser would deliver to the app.
asio::awaitable<std::string> authorize_like_a_browser(beast_async_executor& http, boost::urls::url url,
                                                      std::string redirect_uri) {
    for (int hop = 0; hop < 10; ++hop) {
        http_request req;
        req.url = url;
        auto r = co_await http.async_execute(req);
        if (!r) throw step_failed{"authorization request: " + r.error().message()};
        auto const location = r->header("Location");
        if (r->status < 300 || r->status > 399 || !location)
            throw step_failed{"authorization request: the server answered " + std::to_string(r->status) +
                              " instead of redirecting (is it running with --auto-approve?)"};
        auto next = resolve_location(url, *location);
        if (!next) throw step_failed{"authorization request: bad Location: " + next.error().message()};
        if (std::string_view(next->buffer()).starts_with(redirect_uri + "?")) co_return std::string(next->buffer());
        url = *next;
    }
    throw step_failed{"authorization request: too many redirects"};
}

asio::awaitable<void> run(std::string resource, std::chrono::seconds timeout) {
    using namespace asio::experimental::awaitable_operators;
    beast_async_executor http({.timeout = timeout});

    // RFC 9728 §3, RFC 8414 §3 (plain http only because the demo server is on loopback).
    client::discovery_options d;
    d.allow_http_loopback = true;
    auto const discovered = co_await adapters::async_discover(http, resource, d);
    auto const& found = require(discovered, "discovery");
    auto const& as = found.authorization_server;
    std::cout << "1. discovery: authorization server " << as.issuer << " for resource "
              << found.resource_indicator() << "\n";

    // RFC 7591 §3: a confidential client (client_secret_basic), so that it may introspect its own tokens.
    std::string const redirect_uri = "http://127.0.0.1:8765/callback";
    oauth::client_metadata wanted;
    wanted.redirect_uris = {redirect_uri};
    wanted.client_name = "authwire async client example";
    wanted.token_endpoint_auth_method = "client_secret_basic";
    auto const md = client::registration_metadata_for(as, wanted);
    require(md.has_value(), "registration metadata");
    auto const registered = co_await adapters::async_register_client(http, as, *md);
    auto const& info = require(registered, "registration");
    auto const identity = client::client_authentication_for(info, as);
    require(identity.has_value(), "client authentication");
    std::cout << "2. registration: client_id " << info.client_id << " ("
              << oauth::to_string(identity->method) << ")\n";

    // RFC 6749 §4.1 with PKCE, state and RFC 8707 resource.
    client::code_flow::parameters p;
    p.client_id = info.client_id;
    p.redirect_uri = redirect_uri;
    p.resource = {found.resource_indicator()};
    p.require_s256_advertised = true;
    auto started = client::code_flow::start(as, p);
    require(started.has_value(), "authorization request");
    auto const callback = co_await authorize_like_a_browser(http, started->authorization_url, redirect_uri);
    auto const exchanged = co_await adapters::async_finish(callback, started->pending, as, *identity, http, now());
    auto const& tokens = require(exchanged, "code exchange");
    require(!tokens.refresh_token.empty(), "code exchange: a refresh token");
    std::cout << "3. code flow: code exchanged for an access token (" << tokens.access_token.reveal().size()
              << " bytes) and a refresh token\n";

    auto const introspected = co_await adapters::async_introspect_token(http, as, *identity, tokens.access_token,
                                                                        oauth::token_type_hint::access_token, now());
    auto const& active = require(introspected, "introspection");
    require(active.active, "introspection: the new access token is active");
    std::cout << "4. introspection: the access token is active\n";

    // RFC 6749 §6 through the async token manager: three coroutines ask at once when a refresh is due.
    auto cfg = client::token_manager_config_for(as, *identity, {found.resource_indicator()});
    require(cfg.has_value(), "token manager configuration");
    oauth::token_response stored;  // the application's store: the rotated refresh token lands here before use
    cfg->store = [&](oauth::token_response const& t) {
        stored = t;
        return result<void>{};
    };
    counting_executor counted{http, as.token_endpoint.value_or("")};
    adapters::async_token_manager<counting_executor&> manager(*cfg, counted);
    require(manager.set_tokens(tokens).has_value(), "token manager: set_tokens");
    auto const due = manager.refresh_at();
    require(due.has_value(), "token manager: a refresh time");
    auto [a, b, c] = co_await (manager.access_token(*due) && manager.access_token(*due) && manager.access_token(*due));
    auto const& fresh = require(a, "refresh");
    require(b && c && *b == fresh && *c == fresh, "refresh: the three callers got the same token");
    require(!(fresh == tokens.access_token), "refresh: a new access token");
    require(counted.token_requests == 1, "refresh: one request for three callers");
    require(!(stored.refresh_token == tokens.refresh_token), "refresh: the refresh token was rotated");
    std::cout << "5. refresh: 3 coroutines asked, " << counted.token_requests
              << " refresh request sent, all got the new access token; rotated refresh token stored\n";

    // RFC 7009 §2: revoke the current refresh token; the demo server then revokes its whole grant.
    auto const revoked = co_await adapters::async_revoke_token(http, as, *identity, stored.refresh_token,
                                                               oauth::token_type_hint::refresh_token, now());
    require(revoked, "revocation");
    auto const introspected_after = co_await adapters::async_introspect_token(
        http, as, *identity, fresh, oauth::token_type_hint::access_token, now());
    auto const& after = require(introspected_after, "introspection after revocation");
    require(!after.active, "revocation: the grant's access token is inactive");
    auto const refused = co_await manager.access_token(*manager.refresh_at());
    require(!refused && refused.error().code == error::invalid_grant, "revocation: the next refresh is refused");
    require(manager.state() == client::token_manager_state::reauthorization_required,
            "revocation: the manager asks for a new authorization");
    std::cout << "6. revocation: refresh token revoked; the access token introspects inactive and the next refresh "
                 "is refused (invalid_grant)\n";
    std::cout << "async client: discovery → registration → code flow → refresh → revocation completed" << std::endl;
}

} // namespace

int main(int argc, char** argv) {
    std::chrono::seconds timeout{30};
    std::string resource;
    for (int i = 1; i < argc; ++i) {
        std::string_view const arg = argv[i];
        bool ok = true;
        if (arg == "--timeout" && i + 1 < argc) timeout = std::chrono::seconds(std::atoi(argv[++i]));
        else if (!arg.starts_with("--") && resource.empty()) resource = arg;
        else ok = false;
        if (!ok) {
            resource.clear();
            break;
        }
    }
    if (resource.empty() || timeout.count() <= 0) {
        std::cerr << "usage: example_async_client [--timeout SECONDS] RESOURCE_URL\n";
        return 2;
    }
    asio::io_context io;
    int status = 1;
    asio::co_spawn(io, run(resource, timeout), [&](std::exception_ptr e) {
        if (!e) {
            status = 0;
            return;
        }
        try {
            std::rethrow_exception(e);
        } catch (step_failed const& f) {
            std::cerr << "FAILED: " << f.what << "\n";
        } catch (std::exception const& x) {
            std::cerr << "FAILED: " << x.what() << "\n";
        }
    });
    io.run();
    return status;
}
