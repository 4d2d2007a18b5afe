// demo_server — authwire's server building blocks as an MCP-style deployment over Boost.Beast: an
// authorization server (metadata, registration, authorization with a consent page, token, revocation,
// introspection) and a protected MCP endpoint on the same origin. See demo_app.hpp for the routes.
//
// Usage: example_demo_server [--port N] [--bind ADDRESS] [--auto-approve]
//                            [--allowed-host NAME[:PORT]]... [--allowed-origin SCHEME://NAME[:PORT]]...
//                            [--max-connections N] [--max-clients N] [--registrations-per-minute N]
//                            [--threads N]
//   --port N            listen on port N (default 8080; 0 picks a free port, printed on start)
//   --bind ADDRESS      listen address (default 127.0.0.1; plain http is only accepted on loopback)
//   --auto-approve      approve every valid authorization request without the consent page (tests, --headless CLI)
//   --allowed-host H    /mcp also accepts requests whose Host is H (repeatable; the port defaults to 80)
//   --allowed-origin O  /mcp also accepts requests whose Origin is O (repeatable)
//   --max-connections N connections at once (default 512, lower when the descriptor limit is); beyond, the oldest
//                       idle one is closed (see ../common/http_server.hpp)
//   --max-clients N     registrations kept (default 1000); beyond, /register answers 503 until a restart
//   --registrations-per-minute N
//                       per client address (IPv6: per /64), N at once then N a minute (default 10); beyond, 429
//   --threads N         serve from N threads (default: the hardware threads; every request handler is thread-safe)
// /mcp refuses (403) any other Host, and any other Origin when one is sent (DNS-rebinding protection): by default
// only the server's own origin and, on loopback, the same port on localhost, 127.0.0.1 and [::1].
// Request heads must arrive within 10 s, bodies within 10 s more; malformed requests get 400/413/431/501/505.
// Expired codes, grants, revocations, consent requests and MCP sessions are purged every 10 s.
// Stops gracefully on SIGINT / SIGTERM. Logs one line per request on stderr.

#include "../common/command_line.hpp"
#include "../common/http_server.hpp"
#include "demo_app.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <thread>

namespace ex = authwire::examples;

int main(int argc, char** argv) {
    ex::command_line cl({"--auto-approve"},
                        {"--port", "--bind", "--max-connections", "--max-clients", "--registrations-per-minute",
                         "--threads"},
                        {"--allowed-host", "--allowed-origin"});
    if (!cl.parse(argc, argv) || !cl.positional().empty()) {
        std::cerr << "error: " << (cl.error().empty() ? "no positional arguments expected" : cl.error()) << "\n"
                  << "usage: example_demo_server [--port N] [--bind ADDRESS] [--auto-approve]\n"
                  << "                           [--allowed-host NAME[:PORT]]... [--allowed-origin SCHEME://NAME[:PORT]]...\n"
                  << "                           [--max-connections N] [--max-clients N] [--registrations-per-minute N]\n"
                  << "                           [--threads N]\n";
        return 2;
    }
    auto const port = cl.port("--port");
    auto const max_connections = cl.number("--max-connections", 1, 1'000'000);
    auto const max_clients = cl.number("--max-clients", 1, 1'000'000);
    auto const per_minute = cl.number("--registrations-per-minute", 1, 60'000);
    auto const threads = cl.number("--threads", 1, 1024);
    if (!cl.error().empty()) {
        std::cerr << "error: " << cl.error() << '\n';
        return 2;
    }

    ex::http_server::options o;
    o.address = cl.option("--bind").value_or("127.0.0.1");
    o.port = port.value_or(8080);
    o.max_connections = max_connections.value_or(0);
    o.handle_signals = true;
    o.threads = threads.value_or(std::max(1u, std::thread::hardware_concurrency()));
    std::unique_ptr<ex::demo_app> app;
    try {
        ex::http_server server(o, [&app](authwire::http_request const& r, ex::connection_info const& c) {
            return (*app)(r, c.address);
        });
        ex::demo_options d;
        d.origin = server.origin();
        d.auto_approve = cl.flag("--auto-approve");
        d.allowed_hosts = cl.values("--allowed-host");
        d.allowed_origins = cl.values("--allowed-origin");
        if (max_clients) d.max_clients = *max_clients;
        if (per_minute) {
            d.registration_rate.burst = *per_minute;
            d.registration_rate.interval = std::chrono::milliseconds(60'000 / *per_minute);
        }
        auto const rate = d.registration_rate;
        auto const clients = d.max_clients;
        app = std::make_unique<ex::demo_app>(std::move(d));
        if (auto v = app->validate(); !v) {
            if (v.error() == authwire::error::invalid_argument) {
                std::cerr << "error: an --allowed-host (NAME[:PORT]) or --allowed-origin (SCHEME://NAME[:PORT]) value "
                             "does not parse\n";
                return 2;
            }
            std::cerr << "error: the server configuration for " << server.origin() << " is refused: " << v.error().message()
                      << " (plain http is only allowed on loopback addresses)\n";
            return 1;
        }
        server.every(std::chrono::seconds(10), [&app] {
            auto const n = app->purge();
            if (n.codes + n.refresh_families + n.revocations + n.consents + n.mcp_sessions == 0) return;
            auto const h = app->held();
            std::cerr << "purged: " << n.codes << " codes, " << n.refresh_families << " grants, " << n.revocations
                      << " revocations, " << n.consents << " consent requests, " << n.mcp_sessions
                      << " MCP sessions; held: " << h.clients << " clients, " << h.codes << " codes, "
                      << h.refresh_families << " grants, " << h.revocations << " revocations, " << h.consents
                      << " consent requests, " << h.mcp_sessions << " MCP sessions\n";
        });
        std::cout << "authwire demo server on " << server.origin() << (cl.flag("--auto-approve") ? " (auto-approve)" : "")
                  << "\nresource: " << app->resource() << "\nMCP endpoint accepts Host";
        for (auto const& h : app->mcp_guard().hosts()) std::cout << ' ' << h;
        std::cout << "; Origin";
        for (auto const& origin : app->mcp_guard().origins()) std::cout << ' ' << origin;
        std::cout << "\nlimits: " << server.max_connections() << " connections, " << clients << " registrations, "
                  << rate.burst << " registrations per address at once then one every "
                  << static_cast<double>(rate.interval.count()) / 1000.0 << " s" << std::endl;
        server.run();
        std::cout << "stopped" << std::endl;
    } catch (std::exception const& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
