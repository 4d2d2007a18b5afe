// mcp_flow — authwire's main job: the whole MCP-style authorization story in one process, narrated.
//
// An MCP client knows one thing: the URL of a tool server, https://mcp.example/mcp. It finds out everything else
// from the server itself, signs the user in, opens an MCP session (initialize, tools/list, tools/call over
// Streamable HTTP), keeps its token fresh, survives a stolen refresh token, and signs out. The "network" is an in-memory executor that hands each request to the demo server's
// handlers — the very code the Beast demo server runs behind real sockets — and time is simulated, so hours
// pass in milliseconds. Every step is checked; the program exits 0 only if every check passed.

#include "../common/mcp_client.hpp"
#include "../demo_server/demo_app.hpp"
#include "in_memory_executor.hpp"

#include <authwire/authwire.hpp>

#include <chrono>
#include <ctime>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace aw = authwire;
namespace ex = authwire::examples;
using namespace std::chrono_literals;
using clock_time = std::chrono::system_clock::time_point;

namespace {

constexpr std::string_view resource_url = "https://mcp.example/mcp";
constexpr std::string_view redirect_uri = "http://127.0.0.1:8976/callback";  // the app's loopback listener

int checks = 0;
int failures = 0;

// One expectation: printed with ✓ or ✗; a failed one is counted (and the story stops where it cannot go on).
bool check(bool ok, std::string_view what) {
    ++checks;
    if (!ok) ++failures;
    std::cout << "   " << (ok ? "✓ " : "✗ FAILED: ") << what << '\n';
    return ok;
}

int stop(std::string_view why) {
    std::cout << "\nFAIL: " << why << " (" << failures << " of " << checks << " checks failed)\n";
    return 1;
}

std::string iso(clock_time t) {
    auto const s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    return buf;
}

void heading(int n, std::string_view title, std::string_view explanation) {
    std::cout << "\nStep " << n << " — " << title << "\n   " << explanation << '\n';
}

// The protected header of a compact JWE/JWS, as anyone holding the token can read it (it is not encrypted).
std::string protected_header(std::string_view compact) {
    auto decoded = aw::base64url_decode(compact.substr(0, compact.find('.')));
    if (!decoded) return "(not base64url)";
    return std::string(decoded->begin(), decoded->end());
}

// Tool output, indented under the narration.
std::string indented(std::string const& text) {
    std::string out = "     ";
    for (char c : text) out += c == '\n' ? std::string("\n     ") : std::string(1, c);
    return out;
}

// The JSON-RPC method a request to the MCP endpoint carries, for the transcript ("" for other requests).
std::string jsonrpc_method(aw::http_request const& q) {
    auto body = aw::parse_json_object(q.body);
    if (!body) return "";
    auto const* m = body->if_contains("method");
    return m != nullptr && m->is_string() ? "  " + std::string(m->get_string()) : "";
}

std::string member(boost::json::object const& o, std::string_view name) {
    auto const* v = o.if_contains(name);
    if (v == nullptr) return "";
    if (v->is_string()) return std::string(v->as_string());
    return boost::json::serialize(*v);
}

} // namespace

int main() {
    clock_time now = std::chrono::sys_days{std::chrono::year{2025} / 6 / 2} + 9h;  // the simulated clock

    // The server side: authorization server + MCP resource on https://mcp.example, consent given automatically.
    ex::demo_options server_options;
    server_options.origin = "https://mcp.example";
    server_options.auto_approve = true;
    server_options.user = "alice";
    server_options.clock = [&now] { return now; };
    ex::demo_app server(server_options);
    if (auto v = server.validate(); !v) return stop("the demo server's configuration is invalid: " + v.error().message());

    // The wire: every request the client sends is shown, then answered in memory.
    ex::in_memory_executor http;
    http.serve("https://mcp.example", [&server](aw::http_request const& r) { return server(r); });
    http.on_exchange([](aw::http_request const& q, aw::http_response const& a) {
        auto const url = q.url.buffer();
        std::cout << "     → " << q.method << ' ' << url.substr(0, 100) << (url.size() > 100 ? "…" : "")
                  << jsonrpc_method(q) << "\n     ← "
                  << a.status;
        if (auto w = a.header("WWW-Authenticate")) std::cout << "  WWW-Authenticate: " << *w;
        if (auto l = a.header("Location")) std::cout << "  Location: " << l->substr(0, 72) << (l->size() > 72 ? "…" : "");
        std::cout << '\n';
    });

    std::cout << "authwire — an MCP client meets a protected tool server (simulated time " << iso(now) << ")\n"
              << "The client knows only " << resource_url << "; everything else it learns from the server.\n";

    // 1. -----------------------------------------------------------------------------------------------------
    heading(1, "Open an MCP session without a token",
            "The client sends MCP's initialize; the server refuses, and its 401 says where to learn how to get a "
            "token (RFC 9728 §5.1).");
    ex::mcp::client_options mcp_options;
    mcp_options.client_info = {"mcp-flow-example", "0.1.0", "MCP example client"};
    ex::mcp::client_session mcp(std::string(resource_url), mcp_options);
    auto first = mcp.initialize(http);
    if (!first) return stop("no answer from the resource");
    if (!check(first->unauthorized(), "401 Unauthorized")) return stop("the resource did not ask for a token");
    auto const& refused = *first->http_refusal();
    auto const challenge = std::string(refused.header("WWW-Authenticate").value_or(""));
    if (!check(challenge.find("resource_metadata=") != std::string::npos, "the Bearer challenge names resource_metadata"))
        return stop("no resource_metadata in the challenge");

    // 2. -----------------------------------------------------------------------------------------------------
    heading(2, "Discovery",
            "Follow resource_metadata to the protected-resource document (RFC 9728), then read its authorization "
            "server's metadata (RFC 8414). Issuer and resource are compared exactly.");
    auto found = aw::client::discover(http, resource_url, refused);
    if (!found) {
        std::cout << "   " << found.error() << '\n';
        return stop("discovery failed");
    }
    auto const& as = found->authorization_server;
    std::cout << "   issuer " << as.issuer << "\n   authorization endpoint " << as.authorization_endpoint.value_or("-")
              << "\n   token endpoint " << as.token_endpoint.value_or("-") << "\n   registration endpoint "
              << as.registration_endpoint.value_or("-") << '\n';
    check(found->resource.resource == resource_url, "the resource document is about this very resource");
    check(as.supports_s256(), "the server supports PKCE with S256");
    check(as.authorization_response_iss_parameter_supported.value_or(false),
          "the server sends iss in authorization responses (RFC 9207, mix-up defence)");

    // 3. -----------------------------------------------------------------------------------------------------
    heading(3, "Dynamic client registration",
            "The client has never met this server: it registers itself as a public native app with its loopback "
            "redirect URI (RFC 7591, RFC 8252 §7.3). No secret: a desktop app cannot keep one.");
    auto registered = ex::mcp::register_native_client(http, as, std::string(redirect_uri), "MCP example client");
    if (!registered) {
        std::cout << "   " << registered.error() << '\n';
        return stop("registration failed");
    }
    std::cout << "   client_id " << registered->client_id << '\n';
    check(registered->client_secret.empty(), "a public client gets no client_secret");
    auto const client = aw::oauth::client_authentication::public_client(registered->client_id);

    // 4. -----------------------------------------------------------------------------------------------------
    heading(4, "Authorization with PKCE",
            "The browser goes to the authorization endpoint with a fresh PKCE challenge (S256), state and the "
            "resource (RFC 8707) — no nonce: that binds an OpenID Connect ID token, and this scope has no openid. "
            "The user approves (auto-consent here) and is redirected back with a code.");
    aw::client::code_flow::parameters params;
    params.client_id = registered->client_id;
    params.redirect_uri = std::string(redirect_uri);
    params.resource = {std::string(resource_url)};
    if (auto scope = aw::oauth::scope_set::parse("mcp:tools")) params.scope = *scope;
    auto sign_in = [&]() -> aw::outcome<aw::oauth::token_response> {
        auto started = aw::client::code_flow::start(as, params);
        if (!started) return aw::failure(started.error());
        auto callback = ex::mcp::follow_authorization_redirect(http, started->authorization_url);
        if (!callback) return aw::failure(callback.error());
        return aw::client::code_flow::finish(*callback, started->pending, as, client, http, now);
    };
    auto started = aw::client::code_flow::start(as, params);
    if (!started) return stop("cannot build the authorization request");
    std::cout << "   " << started->authorization_url.buffer().substr(0, 110) << "…\n";
    check(started->authorization_url.encoded_query().find("code_challenge_method=S256") != std::string_view::npos,
          "the request carries an S256 code_challenge (the verifier stays with the client)");
    auto callback = ex::mcp::follow_authorization_redirect(http, started->authorization_url);
    if (!callback) return stop("the authorization endpoint did not redirect back");
    auto code = aw::client::code_flow::check_callback(*callback, started->pending, as);
    check(code.has_value(), "the callback's state matches and its iss is our issuer");

    // 5. -----------------------------------------------------------------------------------------------------
    heading(5, "Code exchange",
            "The code and the PKCE code_verifier go to the token endpoint; the server checks the verifier against "
            "the challenge it saw, so a stolen code is useless.");
    auto tokens = aw::client::code_flow::finish(*callback, started->pending, as, client, http, now);
    if (!tokens) {
        std::cout << "   " << tokens.error() << '\n';
        return stop("code exchange failed");
    }
    check(tokens->is_bearer(), "a Bearer access token");
    check(tokens->expires_in == std::chrono::seconds(3600), "valid for one hour");
    if (!check(!tokens->refresh_token.empty(), "and a refresh token")) return stop("no refresh token");

    // 6. -----------------------------------------------------------------------------------------------------
    heading(6, "What the access token is",
            "A nested JWT (RFC 9068): an HS256-signed JWS inside a JWE (dir, A256GCM). The client sees only the "
            "outer header; the contents are sealed for the server and its resource servers.");
    std::string const access_token(tokens->access_token.reveal());
    auto const outer_text = protected_header(access_token);
    std::cout << "   outer JWE protected header: " << outer_text << '\n';
    auto outer = aw::parse_json_object(outer_text);
    check(outer && member(*outer, "alg") == "dir" && member(*outer, "enc") == "A256GCM" && member(*outer, "cty") == "JWT",
          "alg dir, enc A256GCM, cty JWT");
    auto inside = server.inspect_access_token(access_token);
    if (!inside) return stop("the server cannot open its own token: " + inside.error().message());
    std::cout << "   inner JWS protected header (server's view): " << boost::json::serialize(inside->header.members) << '\n';
    auto const claims = inside->claims.to_json();
    if (claims)
        std::cout << "   claims: sub=" << member(*claims, "sub") << " client_id=" << member(*claims, "client_id")
                  << " aud=" << member(*claims, "aud") << " scope=" << member(*claims, "scope") << '\n';
    check(inside->header.alg == aw::jose::jws_algorithm::HS256 && inside->header.typ.value_or("") == "at+jwt",
          "inner alg HS256, typ at+jwt");
    check(claims && member(*claims, "sub") == "alice" && member(*claims, "client_id") == registered->client_id,
          "issued to alice, for this client");
    check(inside->claims.has_audience(resource_url), "audience-bound to the MCP resource (RFC 8707)");

    // 7. -----------------------------------------------------------------------------------------------------
    heading(7, "The MCP session",
            "Every request now carries Authorization: Bearer (RFC 6750 §2.1). initialize negotiates the protocol "
            "version and the server issues an Mcp-Session-Id, which the client sends with MCP-Protocol-Version on "
            "every later request; then notifications/initialized (202), tools/list and tools/call.");
    mcp.set_bearer_token(tokens->access_token);
    auto init = mcp.initialize(http);
    if (!check(init && init->ok(), "initialize answered")) return stop("the MCP session could not be opened");
    std::cout << "   server " << init->result().server_info.name << ' ' << init->result().server_info.version
              << ", protocol " << init->result().protocol_version << '\n';
    check(mcp.protocol_version() == ex::mcp::latest_protocol_version, "protocol version 2025-11-25 agreed");
    check(mcp.session_id().has_value() && mcp.ready(), "a session id was issued, and initialized was accepted");
    auto listed = mcp.list_tools(http);
    if (!check(listed && listed->ok(), "tools/list answered")) return stop("the tools could not be listed");
    for (auto const& t : listed->result()) std::cout << "   tool: " << t.name << " — " << t.description << '\n';
    auto search = mcp.call_tool(http, "search_jobs", {{"query", "c++"}});
    if (search && search->ok()) std::cout << "   search_jobs {\"query\":\"c++\"}:\n" << indented(search->result().text()) << '\n';
    check(search && search->ok() && !search->result().is_error && search->result().text().find("J-101") != std::string::npos,
          "tools/call search_jobs finds C++ jobs");
    auto mine = mcp.call_tool(http, "list_applications");
    if (mine && mine->ok()) std::cout << "   list_applications:\n" << indented(mine->result().text()) << '\n';
    check(mine && mine->ok() && mine->result().text().starts_with("Applications of alice"),
          "list_applications answers for the token's subject, alice");
    auto missing = mcp.call_tool(http, "get_job", {{"id", "J-999"}});
    check(missing && missing->ok() && missing->result().is_error,
          "get_job J-999 fails as a tool (isError: true), not as a protocol error");
    auto unknown = mcp.call_tool(http, "delete_everything");
    check(unknown && unknown->rpc_error() != nullptr && unknown->rpc_error()->code == -32602,
          "an unknown tool is a JSON-RPC error (-32602)");

    // 8. -----------------------------------------------------------------------------------------------------
    heading(8, "Proactive refresh with rotation",
            "The token manager hands out the access token until 5 minutes before it expires, then refreshes once; "
            "the server rotates the refresh token, and the new one is stored before the new access token is used.");
    auto tm_config = aw::client::token_manager_config_for(as, client, params.resource);
    if (!tm_config) return stop("no token endpoint");
    aw::secret stored_refresh_token;  // the app's persistent store
    tm_config->store = [&](aw::oauth::token_response const& t) -> aw::result<void> {
        stored_refresh_token = t.refresh_token;
        return {};
    };
    auto transport = [&http](aw::http_request const& r) { return http(r); };
    aw::client::token_manager<decltype(transport)> manager(std::move(*tm_config), transport);
    aw::secret const first_refresh_token = tokens->refresh_token;
    if (auto r = manager.set_tokens(*tokens); !r) return stop("cannot store the tokens");
    std::cout << "   refresh due at " << iso(manager.refresh_at().value_or(now)) << '\n';

    now += 30min;
    std::size_t requests = http.requests();
    auto at30 = manager.access_token(now);
    std::cout << "   at " << iso(now) << ":\n";
    check(at30 && *at30 == tokens->access_token && http.requests() == requests, "still fresh: same token, no request");

    now += 26min;
    requests = http.requests();
    std::cout << "   at " << iso(now) << ":\n";
    auto at56 = manager.access_token(now);
    if (!at56) {
        std::cout << "   " << at56.error() << '\n';
        return stop("the proactive refresh failed");
    }
    check(http.requests() == requests + 1, "exactly one refresh request");
    check(!(*at56 == tokens->access_token), "a new access token");
    check(!stored_refresh_token.empty() && !(stored_refresh_token == first_refresh_token),
          "the refresh token rotated, and the new one was stored");
    mcp.set_bearer_token(*at56);
    auto call2 = mcp.list_tools(http);
    check(call2 && call2->ok(), "the new access token works, in the same MCP session");

    // 9. -----------------------------------------------------------------------------------------------------
    heading(9, "A stolen refresh token is replayed",
            "An attacker copied the first refresh token. It was already used, so presenting it again tells the "
            "server the token leaked: it revokes the whole grant — the attacker's and the client's tokens alike "
            "(RFC 9700 §4.14.2).");
    aw::oauth::refresh_token_grant stolen;
    stolen.refresh_token = first_refresh_token;
    stolen.resource = params.resource;
    auto replay = aw::client::refresh_access_token(http, as, client, stolen, now);
    check(!replay && replay.error().code == aw::error::invalid_grant, "the replay is refused with invalid_grant");
    auto call3 = mcp.list_tools(http);
    check(call3 && call3->unauthorized(), "the client's current access token is now refused (401 invalid_token)");
    now += 1h;
    auto later = manager.access_token(now);
    check(!later && manager.state() == aw::client::token_manager_state::reauthorization_required,
          "the client's next refresh fails too: the token manager asks for a new sign-in");

    // 10. ----------------------------------------------------------------------------------------------------
    heading(10, "Sign in again, then sign out",
            "A fresh authorization gives a new grant. The MCP session sat idle for an hour, so the server ended it: "
            "404, and the client starts a new one. Then the client ends its session (DELETE) and revokes the refresh "
            "token (RFC 7009), which ends the grant: the access token issued with it stops working at once.");
    auto again = sign_in();
    if (!again) {
        std::cout << "   " << again.error() << '\n';
        return stop("the second sign-in failed");
    }
    mcp.set_bearer_token(again->access_token);
    auto call4 = mcp.list_tools(http);
    check(call4 && call4->session_expired() && !mcp.session_id(), "the idle session has ended (404): the client forgets it");
    auto reopened = mcp.initialize(http);
    check(reopened && reopened->ok() && mcp.session_id().has_value(), "a new session is opened");
    auto call5 = mcp.list_tools(http);
    check(call5 && call5->ok(), "signed in again, in the new session: the tools answer");
    auto closed = mcp.close(http);
    check(closed && closed->ok() && !mcp.session_id(), "the client ends its MCP session (DELETE)");
    auto revoked = aw::client::revoke_token(http, as, client, again->refresh_token, "refresh_token", now);
    if (!revoked) std::cout << "   " << revoked.error() << '\n';
    check(revoked.has_value(), "revocation accepted (200)");
    auto call6 = mcp.initialize(http);
    check(call6 && call6->unauthorized(), "after sign-out the access token is refused (401)");

    if (failures != 0) return stop("some steps did not behave as the protocol says");
    std::cout << "\nPASS: 401 → discovery → DCR → PKCE authorization → code exchange → JWE∘JWS access token → "
                 "MCP session (initialize, tools/list, tools/call) → proactive refresh with rotation → replay ⇒ grant "
                 "revoked ⇒ 401 → revoke ("
              << checks << " checks)\n";
    return 0;
}
