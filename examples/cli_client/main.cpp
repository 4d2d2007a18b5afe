// cli_client — a native app (RFC 8252) talking to an MCP-style protected resource it knows only by URL:
//
//   1. call the resource without a token: 401 with a WWW-Authenticate challenge      (RFC 6750 §3, RFC 9728 §5.1)
//   2. discover the resource's and the authorization server's metadata                (RFC 9728 §3, RFC 8414 §3)
//   3. register itself as a public client with a loopback redirect URI                (RFC 7591, RFC 8252 §7.3)
//   4. send the user to the authorization URL (browser, printed URL, or --headless)   (RFC 6749 §4.1, RFC 7636)
//   5. receive the code on 127.0.0.1 and exchange it                                  (RFC 6749 §4.1.3, RFC 9207)
//   6. open an MCP session with the access token, list the tools (and --call one)     (RFC 6750 §2.1, MCP)
//   7. refresh (the refresh token rotates), call again in the same session, close it  (RFC 6749 §6)
//   8. revoke the refresh token: the access tokens issued from it stop working         (RFC 7009)
//
// The MCP side (initialize, Mcp-Session-Id, tools/list, tools/call) is ../common/mcp_client.hpp.
//
// Usage: example_cli_client [--headless] [--print-url] [--executor beast|curl] [--ca-file PEM]
//                           [--timeout SECONDS] [--scope SCOPE] [--call TOOL [--args JSON]] RESOURCE_URL
//   --call TOOL   call this tool once signed in, with the JSON object --args (default {}), and print its text
// Exit status 0 only when every step behaved as the protocol says (and the tool, if called, did not fail).

#include "../adapters/beast_executor.hpp"
#include "../adapters/curl_executor.hpp"
#include "../common/command_line.hpp"
#include "../common/mcp_client.hpp"
#include "browser.hpp"
#include "loopback_listener.hpp"

#include <authwire/authwire.hpp>

#include <charconv>
#include <chrono>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>

namespace aw = authwire;
namespace ex = authwire::examples;

namespace {

using any_executor = std::function<aw::result<aw::http_response>(aw::http_request const&)>;

int usage(std::string const& why) {
    std::cerr << "error: " << why << "\n"
              << "usage: example_cli_client [--headless] [--print-url] [--executor beast|curl] [--ca-file PEM]\n"
              << "                          [--timeout SECONDS] [--scope SCOPE] [--call TOOL [--args JSON]] RESOURCE_URL\n";
    return 2;
}

int failed(std::string_view step, aw::failure const& f) {
    std::cerr << "FAILED at " << step << ": " << f << '\n';
    return 1;
}

int failed(std::string_view step, aw::error_code const& ec) {
    std::cerr << "FAILED at " << step << ": " << ec.message() << '\n';
    return 1;
}

int failed(std::string_view step, std::string_view why) {
    std::cerr << "FAILED at " << step << ": " << why << '\n';
    return 1;
}

std::string joined(std::vector<std::string> const& v) {
    std::string out;
    for (auto const& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    ex::command_line cl({"--headless", "--print-url"}, {"--executor", "--ca-file", "--timeout", "--scope", "--call", "--args"});
    if (!cl.parse(argc, argv)) return usage(cl.error());
    if (cl.positional().size() != 1) return usage("exactly one RESOURCE_URL expected");
    std::string const resource = cl.positional()[0];
    bool const headless = cl.flag("--headless");
    int timeout_s = 300;
    if (auto t = cl.option("--timeout")) {
        auto const [end, ec] = std::from_chars(t->data(), t->data() + t->size(), timeout_s);
        if (ec != std::errc{} || end != t->data() + t->size() || timeout_s <= 0) return usage("--timeout: seconds > 0");
    }
    auto const tool = cl.option("--call");
    boost::json::object tool_arguments;
    if (auto a = cl.option("--args")) {
        if (!tool) return usage("--args needs --call");
        auto parsed = aw::parse_json_object(*a);
        if (!parsed) return usage("--args must be a JSON object");
        tool_arguments = std::move(*parsed);
    }

    // The transport: Boost.Beast or libcurl, both with TLS verification on and plain http only to loopback.
    std::string const which = cl.option("--executor").value_or("beast");
    std::optional<ex::curl_global> curl_init;
    any_executor http;
    if (which == "beast") {
        ex::beast_executor::options o;
        o.ca_file = cl.option("--ca-file").value_or("");
        http = [e = std::make_shared<ex::beast_executor>(o)](aw::http_request const& r) { return (*e)(r); };
    } else if (which == "curl") {
        curl_init.emplace();
        ex::curl_executor::options o;
        o.ca_file = cl.option("--ca-file").value_or("");
        http = [e = std::make_shared<ex::curl_executor>(o)](aw::http_request const& r) { return (*e)(r); };
    } else {
        return usage("--executor must be beast or curl");
    }

    std::cout << "1. Initialize an MCP session with " << resource << " without a token\n";
    ex::mcp::client_options mopt;
    mopt.client_info = {"authwire-cli-example", "0.1.0", "authwire CLI example"};
    ex::mcp::client_session session(resource, mopt);
    auto first = session.initialize(http);
    if (!first) return failed("first call", first.error());
    if (!first->unauthorized()) return failed("first call", "expected 401, got " + first->describe());
    auto const& challenge = *first->http_refusal();
    std::cout << "   401, WWW-Authenticate: " << challenge.header("WWW-Authenticate").value_or("(none)") << "\n";

    std::cout << "2. Discover the protected resource and its authorization server\n";
    aw::client::discovery_options dopt;
    dopt.allow_http_loopback = true;  // the demo server runs on 127.0.0.1 without TLS; https elsewhere
    auto found = aw::client::discover(http, resource, challenge, dopt);
    if (!found) return failed("discovery", found.error());
    auto const& as = found->authorization_server;
    std::cout << "   issuer " << as.issuer << ", token endpoint " << as.token_endpoint.value_or("?") << "\n";

    // RFC 8252 §7.3: the redirect listener is up before anyone can be redirected to it.
    ex::loopback_listener listener("/callback", [](std::string_view line) { std::cout << "   [listener] " << line << '\n'; });
    std::cout << "3. Register as a native public client, redirect URI " << listener.redirect_uri() << "\n";
    auto registered = ex::mcp::register_native_client(http, as, listener.redirect_uri(), "authwire CLI example");
    if (!registered) return failed("registration", registered.error());
    std::cout << "   client_id " << registered->client_id << "\n";
    auto const client = aw::oauth::client_authentication::public_client(registered->client_id);

    std::cout << "4. Authorization request with PKCE (S256), state, nonce and resource\n";
    aw::client::code_flow::parameters p;
    p.client_id = registered->client_id;
    p.redirect_uri = listener.redirect_uri();
    p.resource = {found->resource.resource};
    if (auto s = cl.option("--scope")) {
        auto scope = aw::oauth::scope_set::parse(*s);
        if (!scope) return usage("--scope: not a valid scope");
        p.scope = *scope;
    } else if (found->challenge_scope) {
        if (auto scope = aw::oauth::scope_set::parse(*found->challenge_scope)) p.scope = *scope;
    }
    auto started = aw::client::code_flow::start(as, p);
    if (!started) return failed("authorization request", started.error());

    std::optional<std::string> callback;
    std::thread waiter([&] { callback = listener.wait(std::chrono::seconds(timeout_s)); });
    std::string follow_problem;
    if (headless) {
        // The server approves by itself (--auto-approve): do what the browser would, through the same transport.
        std::cout << "   --headless: following the redirect without a browser\n";
        auto location = ex::mcp::follow_authorization_redirect(http, started->authorization_url);
        if (!location) {
            follow_problem = "authorization endpoint: " + location.error().message();
        } else {
            aw::http_request back;
            auto url = boost::urls::parse_absolute_uri(*location);
            if (!url) {
                follow_problem = "the redirect is not an absolute URL";
            } else {
                back.url = *url;
                auto r = http(back);  // to our own listener (or nowhere, if the server redirected elsewhere)
                if (!r || r->status != 200) follow_problem = "the redirect did not reach the loopback listener";
            }
        }
        if (!follow_problem.empty()) {
            // Nothing will arrive: stop waiting now.
            aw::http_request stop;
            stop.url = boost::urls::url(listener.redirect_uri());
            stop.url.set_encoded_query("error=access_denied&error_description=headless+redirect+failed");
            (void)http(stop);
        }
    } else {
        ex::send_user_to(std::string(started->authorization_url.buffer()), cl.flag("--print-url"));
    }
    waiter.join();
    if (!follow_problem.empty()) return failed("authorization", follow_problem);
    if (!callback) return failed("authorization", "no authorization response within the timeout");

    std::cout << "5. Callback received; check it (state, iss) and exchange the code\n";
    auto tokens = aw::client::code_flow::finish(*callback, started->pending, as, client, http,
                                                std::chrono::system_clock::now());
    if (!tokens) return failed("code exchange", tokens.error());
    std::cout << "   access token (" << tokens->access_token.reveal().size() << " bytes), expires in "
              << (tokens->expires_in ? tokens->expires_in->count() : 0) << " s, refresh token: "
              << (tokens->refresh_token.empty() ? "no" : "yes") << "\n";
    if (tokens->refresh_token.empty()) return failed("code exchange", "no refresh token issued");

    std::cout << "6. Open the MCP session with the access token and list the tools\n";
    session.set_bearer_token(tokens->access_token);
    auto init = session.initialize(http);
    if (!init) return failed("initialize", init.error());
    if (!init->ok()) return failed("initialize", init->describe());
    std::cout << "   " << init->result().server_info.name << " " << init->result().server_info.version
              << ", protocol " << init->result().protocol_version << ", session "
              << (session.session_id() ? "issued" : "none") << "\n";
    auto listed = session.list_tools(http);
    if (!listed) return failed("tools/list", listed.error());
    if (!listed->ok()) return failed("tools/list", listed->describe());
    std::vector<std::string> names;
    for (auto const& t : listed->result()) names.push_back(t.name);
    std::cout << "   tools: " << joined(names) << "\n";
    if (tool) {
        std::cout << "   tools/call " << *tool << " " << boost::json::serialize(tool_arguments) << "\n";
        auto called = session.call_tool(http, *tool, tool_arguments);
        if (!called) return failed("tools/call", called.error());
        if (!called->ok()) return failed("tools/call", called->describe());
        std::cout << called->result().text() << "\n";
        if (called->result().is_error) return failed("tools/call", "the tool reported an error (isError)");
    }

    std::cout << "7. Refresh: a new access token, and the refresh token rotates\n";
    aw::oauth::refresh_token_grant grant;
    grant.refresh_token = tokens->refresh_token;
    grant.resource = p.resource;
    auto refreshed = aw::client::refresh_access_token(http, as, client, grant, std::chrono::system_clock::now());
    if (!refreshed) return failed("refresh", refreshed.error());
    if (refreshed->refresh_token.empty() || refreshed->refresh_token == tokens->refresh_token)
        return failed("refresh", "the refresh token did not rotate");
    session.set_bearer_token(refreshed->access_token);
    auto again = session.list_tools(http);
    if (!again || !again->ok()) return failed("call after refresh", again ? again->describe() : again.error().message());
    std::cout << "   rotated; the new access token works in the same session\n";
    auto closed = session.close(http);
    if (!closed || !closed->ok()) return failed("closing the session", closed ? closed->describe() : closed.error().message());

    std::cout << "8. Revoke the refresh token (sign out)\n";
    if (auto r = aw::client::revoke_token(http, as, client, refreshed->refresh_token, "refresh_token",
                                          std::chrono::system_clock::now());
        !r)
        return failed("revocation", r.error());
    auto after = session.initialize(http);  // still with the access token of the revoked grant
    if (!after) return failed("call after revocation", after.error());
    if (!after->unauthorized()) return failed("call after revocation", "expected 401, got " + after->describe());
    std::cout << "   revoked; the access token from that grant is now refused (401)\n";

    std::cout << "PASS: discover, register, authorize, exchange, call, refresh, revoke\n";
    return 0;
}
