// cli_client — a native app (RFC 8252) and MCP client that knows an MCP server only by its URL. It speaks MCP
// over Streamable HTTP (../common/mcp_client.hpp) and authorizes whenever the server asks (authorization.hpp):
//
//   1. initialize an MCP session; a 401 (RFC 6750 §3) starts the authorization:
//        discovery (RFC 9728 §3/§5.1, RFC 8414 §3; MCP 2025-03-26 fallbacks) → client identity (pre-registered,
//        Client ID Metadata Document, or DCR RFC 7591) → scope (the challenge's, else scopes_supported, else
//        none) → PKCE authorization (browser, printed URL or --headless) → code exchange (RFC 9207 iss checked)
//   2. tools/list, and tools/call with --call; a 403 insufficient_scope re-authorizes with the union of the
//      scopes (RFC 6750 §3.1, MCP step-up), at most three times per operation
//   3. refresh the access token when a refresh token was issued (RFC 6749 §6) and use it
//   4. end the MCP session (DELETE)
//   5. revoke the refresh token (RFC 7009) and report what the server then does with the access token
//
// Usage: example_cli_client [options] MCP_SERVER_URL
//   --headless                 follow the authorization server's redirects without a browser (servers that
//                              approve by themselves, or whose login/consent steps are redirects)
//   --print-url                print the authorization URL instead of starting the browser
//   --executor beast|curl      the HTTP stack (default beast); --ca-file PEM: trust these CAs for https
//   --timeout SECONDS          how long to wait for the browser (default 300)
//   --scope SCOPE              request this scope instead of the MCP scope selection strategy
//   --call TOOL [--args JSON]  call this tool with the JSON object --args (default {}) and print its result
//   --client-id ID [--client-secret S] [--token-endpoint-auth-method M]
//                              a client pre-registered at the authorization server (MCP "Pre-registration")
//   --client-metadata-url URL  this client's metadata document (https), used as its client_id where the server
//                              supports Client ID Metadata Documents; it must list http://127.0.0.1/callback
//   --client-name NAME         the client_name to register
//   --keep-signed-in           skip the revocation at the end
// Exit status 0 when every step behaved as the protocol says (and the tool, if called, did not fail).

#include <authwire/adapters/beast.hpp>
#include <authwire/adapters/curl.hpp>
#include "../common/command_line.hpp"
#include "../common/mcp_client.hpp"
#include "authorization.hpp"
#include "loopback_listener.hpp"

#include <authwire/authwire.hpp>

#include <charconv>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>

namespace aw = authwire;
namespace ex = authwire::examples;

namespace {

int usage(std::string const& why) {
    std::cerr << "error: " << why << "\n"
              << "usage: example_cli_client [--headless] [--print-url] [--executor beast|curl] [--ca-file PEM]\n"
              << "         [--timeout SECONDS] [--scope SCOPE] [--call TOOL [--args JSON]]\n"
              << "         [--client-id ID [--client-secret SECRET] [--token-endpoint-auth-method METHOD]]\n"
              << "         [--client-metadata-url URL] [--client-name NAME] [--keep-signed-in] MCP_SERVER_URL\n";
    return 2;
}

template <class E>
int failed(std::string_view step, E const& why) {
    std::cerr << "FAILED at " << step << ": " << why << '\n';
    return 1;
}

std::string joined(std::vector<std::string> const& v) {
    std::string out;
    for (auto const& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// An MCP call that authorizes when the server asks and then repeats itself; a session the server forgot (404)
// is opened again once. The caller sees the final outcome, or a transport/protocol error.
template <class Call>
auto authorized(ex::mcp::client_session& session, ex::any_executor& http, ex::mcp_authorization& auth,
                std::string_view operation, Call&& call) -> decltype(call()) {
    bool reopened = false;
    while (true) {
        auto o = call();
        if (!o) return o;
        if (o->unauthorized() || o->forbidden()) {
            auto const status = o->status();
            std::cout << "   " << operation << ": " << status << ", WWW-Authenticate: "
                      << o->http_refusal()->header("WWW-Authenticate").value_or("(none)") << "\n";
            if (auto r = auth.on_refusal(*o->http_refusal(), operation); !r) {
                std::cerr << "   authorization for " << operation << " failed: " << r.error() << "\n";
                return o;  // the refusal stands
            }
            session.set_bearer_token(auth.access_token());
            continue;
        }
        if (o->session_expired() && !reopened && operation != "initialize") {
            std::cout << "   the server ended the MCP session (404): initialize again\n";
            reopened = true;
            if (auto i = session.initialize(http); !i || !i->ok()) return o;
            continue;
        }
        if (o->ok()) auth.succeeded(operation);
        return o;
    }
}

} // namespace

int main(int argc, char** argv) {
    ex::command_line cl({"--headless", "--print-url", "--keep-signed-in"},
                        {"--executor", "--ca-file", "--timeout", "--scope", "--call", "--args", "--client-id",
                         "--client-secret", "--token-endpoint-auth-method", "--client-metadata-url", "--client-name"});
    if (!cl.parse(argc, argv)) return usage(cl.error());
    if (cl.positional().size() != 1) return usage("exactly one MCP_SERVER_URL expected");
    std::string const resource = cl.positional()[0];

    ex::authorization_settings settings;
    settings.headless = cl.flag("--headless");
    settings.print_url_only = cl.flag("--print-url");
    if (auto t = cl.option("--timeout")) {
        int seconds = 0;
        auto const [end, ec] = std::from_chars(t->data(), t->data() + t->size(), seconds);
        if (ec != std::errc{} || end != t->data() + t->size() || seconds <= 0) return usage("--timeout: seconds > 0");
        settings.timeout = std::chrono::seconds(seconds);
    }
    if (auto s = cl.option("--scope")) {
        auto scope = aw::oauth::scope_set::parse(*s);
        if (!scope) return usage("--scope: not a valid scope");
        settings.scope = std::move(*scope);
    }
    settings.client_id = cl.option("--client-id").value_or("");
    settings.client_secret = aw::secret(cl.option("--client-secret").value_or(""));
    settings.token_endpoint_auth_method = cl.option("--token-endpoint-auth-method").value_or("");
    if (settings.client_id.empty() && (!settings.client_secret.empty() || !settings.token_endpoint_auth_method.empty()))
        return usage("--client-secret and --token-endpoint-auth-method need --client-id");
    settings.client_metadata_url = cl.option("--client-metadata-url").value_or("");
    if (!settings.client_metadata_url.empty() &&
        !aw::client::is_client_id_metadata_document_url(settings.client_metadata_url))
        return usage("--client-metadata-url: an https URL with a path");
    settings.client_name = cl.option("--client-name").value_or(settings.client_name);
    // Plain http is accepted on loopback only (local servers, tests); https everywhere else. The resource may
    // point the client at loopback metadata only when it is on loopback itself (RFC 9728 §7.7).
    settings.discovery.allow_http_loopback = true;

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
    std::optional<aw::adapters::curl_global> curl_init;
    ex::any_executor http;
    if (which == "beast") {
        aw::adapters::beast_executor::options o;
        o.ca_file = cl.option("--ca-file").value_or("");
        http = [e = std::make_shared<aw::adapters::beast_executor>(o)](aw::http_request const& r) { return (*e)(r); };
    } else if (which == "curl") {
        curl_init.emplace();
        aw::adapters::curl_executor::options o;
        o.ca_file = cl.option("--ca-file").value_or("");
        http = [e = std::make_shared<aw::adapters::curl_executor>(o)](aw::http_request const& r) { return (*e)(r); };
    } else {
        return usage("--executor must be beast or curl");
    }

    // RFC 8252 §7.3: the redirect listener is up before anyone can be redirected to it, and stays on its port
    // for every authorization of this run (its redirect URI is the one registered).
    ex::loopback_listener listener("/callback", [](std::string_view line) { std::cout << "   [listener] " << line << '\n'; });
    ex::mcp_authorization auth(http, resource, listener, settings);
    ex::mcp::client_options mopt;
    mopt.client_info = {"authwire-cli-example", "0.1.0", "authwire CLI example"};
    ex::mcp::client_session session(resource, mopt);

    std::cout << "1. Initialize an MCP session with " << resource << "\n";
    auto init = authorized(session, http, auth, "initialize", [&] { return session.initialize(http); });
    if (!init) return failed("initialize", init.error().message());
    if (!init->ok()) return failed("initialize", init->describe());
    std::cout << "   " << init->result().server_info.name << " " << init->result().server_info.version << ", protocol "
              << init->result().protocol_version << ", session " << (session.session_id() ? "issued" : "none")
              << (auth.authorized() ? "" : ", no authorization needed yet") << "\n";

    std::cout << "2. List the tools" << (tool ? " and call " + *tool : std::string()) << "\n";
    auto listed = authorized(session, http, auth, "tools/list", [&] { return session.list_tools(http); });
    if (!listed) return failed("tools/list", listed.error().message());
    if (!listed->ok()) return failed("tools/list", listed->describe());
    std::vector<std::string> names;
    for (auto const& t : listed->result()) names.push_back(t.name);
    std::cout << "   tools: " << joined(names) << "\n";
    if (tool) {
        std::cout << "   tools/call " << *tool << " " << boost::json::serialize(tool_arguments) << "\n";
        auto called = authorized(session, http, auth, "tools/call " + *tool,
                                 [&] { return session.call_tool(http, *tool, tool_arguments); });
        if (!called) return failed("tools/call", called.error().message());
        if (!called->ok()) return failed("tools/call", called->describe());
        std::cout << called->result().text() << "\n";
        if (called->result().is_error) return failed("tools/call", "the tool reported an error (isError)");
    }

    std::cout << "3. Refresh the access token (RFC 6749 §6)\n";
    if (!auth.authorized()) {
        std::cout << "   the server never asked for authorization: nothing to refresh\n";
    } else if (!auth.has_refresh_token()) {
        std::cout << "   no refresh token was issued (RFC 6749 §5.1 leaves it to the server): nothing to refresh\n";
    } else {
        auto rotated = auth.refresh();
        if (!rotated) return failed("refresh", rotated.error());
        std::cout << "   new access token; the refresh token " << (*rotated ? "rotated" : "stays the same") << "\n";
        session.set_bearer_token(auth.access_token());
        auto again = authorized(session, http, auth, "ping", [&] { return session.ping(http); });
        if (!again || !again->ok()) return failed("call after refresh", again ? again->describe() : again.error().message());
        std::cout << "   the new access token works in the same session\n";
    }

    std::cout << "4. End the MCP session\n";
    bool const had_session = session.session_id().has_value();
    auto closed = session.close(http);
    if (!closed || !closed->ok()) return failed("closing the session", closed ? closed->describe() : closed.error().message());
    std::cout << "   " << (had_session ? "DELETE sent" : "the server issued no session id: nothing to end") << "\n";

    std::cout << "5. Sign out: revoke the refresh token (RFC 7009)\n";
    auto const* found = auth.discovered();
    if (cl.flag("--keep-signed-in")) {
        std::cout << "   --keep-signed-in: skipped\n";
    } else if (!auth.has_refresh_token()) {
        std::cout << "   no refresh token to revoke\n";
    } else if (!found->authorization_server.revocation_endpoint) {
        std::cout << "   the authorization server has no revocation endpoint\n";
    } else {
        if (auto r = auth.revoke_refresh_token(); !r) return failed("revocation", r.error());
        // RFC 7009 §2: whether the access tokens of the grant go too is the server's choice. Report it.
        auto after = session.initialize(http);
        if (!after) return failed("call after revocation", after.error().message());
        if (after->unauthorized())
            std::cout << "   revoked; the server also refuses the grant's access token now (401)\n";
        else if (after->ok())
            std::cout << "   revoked; the server still accepts the access token until it expires (RFC 7009 §2 allows it)\n";
        else
            std::cout << "   revoked; the server now answers the access token with " << after->describe() << "\n";
        if (after->ok()) (void)session.close(http);
    }

    std::cout << "PASS: MCP session with " << resource << (auth.authorized() ? ", authorized " : "")
              << (auth.authorized() ? std::to_string(auth.authorizations()) + " time(s)" : std::string()) << "\n";
    return 0;
}
