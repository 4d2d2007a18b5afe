// demo_server — authwire's server building blocks as an MCP-style deployment over Boost.Beast: an
// authorization server (metadata, registration, Client ID Metadata Documents, authorization with a consent page,
// token, revocation, introspection, and /jwks for signed tokens) and a protected MCP endpoint on the same origin.
// See demo_app.hpp for the routes.
//
// Usage: example_demo_server [--port N] [--bind ADDRESS] [--auto-approve]
//                            [--allowed-host NAME[:PORT]]... [--allowed-origin SCHEME://NAME[:PORT]]...
//                            [--max-connections N] [--max-clients N] [--registrations-per-minute N]
//                            [--access-token-format jwe|jwt-es256|jwt-rs256] [--keys FILE]
//                            [--store memory|redis://HOST:PORT[/DB]|rediss://HOST:PORT[/DB]]
//                            [--redis-ca-file PEM] [--redis-cert PEM --redis-key PEM]
//                            [--issuer URL] [--resource URL]... [--ca-file PEM] [--allow-internal-cimd-hosts]
//                            [--threads N] [--help]
//   --port N            listen on port N (default 8080; 0 picks a free port, printed on start)
//   --bind ADDRESS      listen address (default 127.0.0.1; plain http is only accepted on loopback)
//   --auto-approve      approve every valid authorization request without the consent page (tests, --headless CLI)
//   --allowed-host H    /mcp also accepts requests whose Host is H (repeatable; the port defaults to 80)
//   --allowed-origin O  /mcp also accepts requests whose Origin is O (repeatable)
//   --max-connections N connections at once (default 512, lower when the descriptor limit is); beyond, the oldest
//                       idle one is closed (see ../common/http_server.hpp)
//   --max-clients N     registrations kept (default 1000); beyond, /register answers 503 until a restart (--store
//                       memory only: Redis keeps registrations for every instance, bounded by its maxmemory)
//   --registrations-per-minute N
//                       per client address (IPv6: per /64), N at once then N a minute (default 10); beyond, 429
//   --threads N         serve from N threads (default: the hardware threads; every request handler is thread-safe)
//   --help              every option, one line each, on stdout (exit status 0); a wrong option: usage on stderr, 2
//   --access-token-format F
//                       jwe (default): encrypted nested JWTs only this server reads; jwt-es256 / jwt-rs256: RFC 9068
//                       at+jwt signed with ES256 / RS256, the public key served at /jwks and named by jwks_uri
//   --keys FILE         the access-token keys, a JWK Set (RFC 7517 §5) with private members, file mode 0600: for
//                       jwe the octet keys "at-sig-1" (HS256) and "at-enc-1" (dir); for jwt-* the private key of its
//                       type (EC P-256 / RSA). A missing FILE is created with fresh keys (mode 0600), so instances
//                       started with the same FILE share their keys. A PEM "PRIVATE KEY" (PKCS#8, unencrypted) is
//                       still accepted for jwt-* (its kid: its RFC 7638 thumbprint). Default: keys generated at
//                       start-up, different in every process.
//   --store S           where clients, codes, refresh-token families and revocations are kept: memory (default,
//                       this process) or redis://[[user]:password@]HOST[:PORT][/DB] (authwire::redis, when built
//                       with hiredis): instances sharing one Redis, one --issuer and one --keys FILE agree, as
//                       behind a load balancer. Redis unreachable: the endpoints answer 503 temporarily_unavailable.
//                       rediss://… is the same over TLS (1.2 or later; the certificate chain and the host name or
//                       IP address always verified, no plaintext fallback).
//   --redis-ca-file PEM trust these CAs for rediss:// (default: the system's trust store)
//   --redis-cert PEM, --redis-key PEM
//                       a client certificate (chain) and its private key for rediss:// (Redis tls-auth-clients)
//   --issuer URL        the public issuer, an origin without path (https://mcp.example) when the server is reached
//                       through a proxy: metadata, iss, endpoints and the resource use it, and /mcp accepts its Host
//                       and Origin. Default: the listening origin.
//   --resource URL      another resource server tokens may be issued for (repeatable; RFC 8707 `resource` at
//                       /authorize and /token: this server's <issuer>/mcp, the default, or one of these; "aud" is it)
//   --ca-file PEM       trust these CAs too when fetching Client ID Metadata Documents (tests with a test PKI)
//   --allow-internal-cimd-hosts
//                       UNSAFE, tests only: fetch Client ID Metadata Documents from loopback, private-network and
//                       link-local hosts (e.g. https://127.0.0.1:PORT/client.json). Without it such a client_id is
//                       refused: a client_id must not make the server fetch from its own network (SSRF).
// Client ID Metadata Documents are always on (client_id_metadata_document_supported): a client_id that is an https
// URL is fetched (5 s timeout, no redirects, at most 5 KiB) when first used and cached as its Cache-Control says
// (5 min to 24 h); the fetch holds one of the server threads meanwhile. Scopes: mcp:tools for every
// MCP call, mcp:write as well for the apply_to_job tool; 401s carry scope="mcp:tools", a write call without
// mcp:write gets 403 insufficient_scope with scope="<granted> mcp:write".
// /mcp refuses (403) any other Host, and any other Origin when one is sent (DNS-rebinding protection): by default
// only the server's own origin and, on loopback, the same port on localhost, 127.0.0.1 and [::1].
// Request heads must arrive within 10 s, bodies within 10 s more; malformed requests get 400/413/431/501/505.
// Expired codes, grants, revocations, consent requests and MCP sessions are purged every 10 s.
// Stops gracefully on SIGINT / SIGTERM. Logs one line per request on stderr.

#include "../common/command_line.hpp"
#include "../common/http_server.hpp"
#include "demo_app.hpp"
#ifdef AUTHWIRE_DEMO_WITH_REDIS
#include "redis_demo_stores.hpp"
#endif

#include <authwire/adapters/beast.hpp>

#include <authwire/oauth/host_class.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>
#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <thread>

namespace ex = authwire::examples;

namespace {

constexpr char const* usage_text =
    "usage: example_demo_server [--port N] [--bind ADDRESS] [--auto-approve]\n"
    "                           [--allowed-host NAME[:PORT]]... [--allowed-origin SCHEME://NAME[:PORT]]...\n"
    "                           [--max-connections N] [--max-clients N] [--registrations-per-minute N]\n"
    "                           [--access-token-format jwe|jwt-es256|jwt-rs256] [--keys FILE]\n"
    "                           [--store memory|redis://HOST:PORT[/DB]|rediss://HOST:PORT[/DB]]\n"
    "                           [--redis-ca-file PEM] [--redis-cert PEM --redis-key PEM]\n"
    "                           [--issuer URL] [--resource URL]... [--ca-file PEM] [--allow-internal-cimd-hosts]\n"
    "                           [--threads N] [--help]\n";

// --help: every option, one line each (the comment at the top of this file and README.md say more).
constexpr char const* help_text =
    "authwire's demo: an OAuth 2.1 authorization server and a protected MCP endpoint (/mcp) on one origin.\n"
    "Routes, scopes, client registration and token lifetimes: examples/demo_server/README.md.\n"
    "\n"
    "  --port N                    listen on port N (default 8080; 0 picks a free port, printed on start)\n"
    "  --bind ADDRESS              listen address (default 127.0.0.1; plain http only on loopback)\n"
    "  --auto-approve              approve every valid authorization request without the consent page (tests)\n"
    "  --allowed-host NAME[:PORT]  /mcp also accepts this Host (repeatable; DNS-rebinding protection)\n"
    "  --allowed-origin ORIGIN     /mcp also accepts this Origin, scheme://name[:port] (repeatable)\n"
    "  --max-connections N         connections at once (default 512, less under a low descriptor limit)\n"
    "  --max-clients N             registrations kept (default 1000; beyond, /register answers 503)\n"
    "  --registrations-per-minute N per address: N at once, then N a minute (default 10; beyond, 429)\n"
    "  --access-token-format F     jwe (default, encrypted), jwt-es256 or jwt-rs256 (signed, key at /jwks)\n"
    "  --keys FILE                 token keys, a JWK Set (mode 0600) made when missing (default: new every start)\n"
    "  --store S                   memory (default) or redis://[[user]:password@]HOST[:PORT][/DB] (shared state;\n"
    "                              rediss://… over TLS)\n"
    "  --redis-ca-file PEM         rediss://: trust these CAs (default: the system's trust store)\n"
    "  --redis-cert PEM            rediss://: a client certificate (chain) for mutual TLS, with --redis-key\n"
    "  --redis-key PEM             rediss://: the private key of --redis-cert\n"
    "  --issuer URL                the public issuer, an origin without path, when behind a proxy\n"
    "  --resource URL              another resource server tokens may be issued for (repeatable; RFC 8707)\n"
    "  --ca-file PEM               also trust these CAs when fetching Client ID Metadata Documents\n"
    "  --allow-internal-cimd-hosts UNSAFE, tests only: fetch Client ID Metadata Documents from internal hosts\n"
    "  --threads N                 serve from N threads (default: the hardware threads)\n"
    "  --help                      this text\n";

// The addresses a name resolves to must be public too (unless internal hosts are allowed): the library checks the
// client_id's host as written; this checks what it resolves to. (A name may still resolve differently at connect
// time; a deployment pins the address it checked.)
authwire::error_code refused_address(authwire::http_request const& req) {
    if (req.url.host_type() != boost::urls::host_type::name) return {};
    boost::asio::io_context io;
    boost::asio::ip::tcp::resolver resolver(io);
    boost::system::error_code ec;
    auto const found = resolver.resolve(std::string(req.url.host()), "443", ec);
    if (ec) return ec;
    for (auto const& e : found) {
        auto const a = e.endpoint().address();
        auto const literal = a.is_v4() ? a.to_string() : "[" + a.to_v6().to_string() + "]";
        auto const u = boost::urls::parse_absolute_uri("https://" + literal + "/");
        if (!u || authwire::oauth::classify_host(*u) != authwire::oauth::host_class::public_host)
            return authwire::error::address_not_allowed;
    }
    return {};
}

// --keys FILE: a JWK Set of private keys, read; or, when FILE is missing, fresh keys for the format written there
// (mode 0600, created atomically: written aside, then linked to FILE, so that instances starting together end up
// with one set). A PEM file (legacy): the jwt-* signing key. nullopt after printing why not.
struct loaded_keys {
    std::vector<authwire::jose::jwk> keys;
    std::string pem;
};
std::optional<loaded_keys> load_keys(std::string const& file, ex::demo_token_format format) {
    auto const read = [&file]() -> std::optional<std::string> {
        std::ifstream in(file, std::ios::binary);
        if (!in) return std::nullopt;
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (auto text = read()) {
            if (text->find("-----BEGIN") != std::string::npos) {
                if (format == ex::demo_token_format::jwe) {
                    std::cerr << "error: --keys " << file << " is a PEM key; jwe needs a JWK Set (or a missing file, "
                                 "to create one)\n";
                    return std::nullopt;
                }
                return loaded_keys{{}, std::move(*text)};
            }
            struct stat st {};
            if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
                std::cerr << "error: --keys " << file << " holds private keys but others may read it: chmod 600 it\n";
                return std::nullopt;
            }
            auto set = authwire::jose::jwk_set::parse(*text);
            if (!set || set->size() == 0) {
                std::cerr << "error: --keys " << file << " is neither a JWK Set nor a PEM key"
                          << (set ? "" : " (" + set.error().message() + ")") << '\n';
                return std::nullopt;
            }
            return loaded_keys{set->keys(), {}};
        }
        if (errno != ENOENT) break;
        // Missing: make the keys and write them aside, then link them to FILE (fails if another instance won).
        auto fresh = ex::demo_generate_keys(format, {});
        if (!fresh) break;
        auto set = authwire::jose::jwk_set(*fresh).serialize(authwire::jose::jwk_members::include_private);
        if (!set) break;
        auto const aside = file + ".tmp." + std::to_string(::getpid());
        int const fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0) break;
        bool const written = ::write(fd, set->data(), set->size()) == static_cast<ssize_t>(set->size()) &&
                             ::fsync(fd) == 0;
        ::close(fd);
        bool const linked = written && ::link(aside.c_str(), file.c_str()) == 0;
        int const link_errno = errno;
        ::unlink(aside.c_str());
        if (linked) {
            std::cout << "keys: generated and written to " << file << std::endl;
            return loaded_keys{std::move(*fresh), {}};
        }
        if (!written || link_errno != EEXIST) break;
        // another instance created FILE meanwhile: read its keys
    }
    std::cerr << "error: cannot read or create --keys " << file << " (" << std::strerror(errno) << ")\n";
    return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
    ex::command_line cl({"--auto-approve", "--allow-internal-cimd-hosts", "--help"},
                        {"--port", "--bind", "--max-connections", "--max-clients", "--registrations-per-minute",
                         "--access-token-format", "--keys", "--store", "--issuer", "--ca-file", "--threads",
                         "--redis-ca-file", "--redis-cert", "--redis-key"},
                        {"--allowed-host", "--allowed-origin", "--resource"});
    if (!cl.parse(argc, argv) || !cl.positional().empty()) {
        std::cerr << "error: " << (cl.error().empty() ? "no positional arguments expected" : cl.error()) << "\n"
                  << usage_text;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << usage_text << '\n' << help_text;
        return 0;
    }
    auto const format = ex::parse_demo_token_format(cl.option("--access-token-format").value_or("jwe"));
    if (!format) {
        std::cerr << "error: --access-token-format must be jwe, jwt-es256 or jwt-rs256\n" << usage_text;
        return 2;
    }
    loaded_keys keys;
    if (auto const file = cl.option("--keys")) {
        auto loaded = load_keys(*file, *format);
        if (!loaded) return 2;
        keys = std::move(*loaded);
    }
    auto const store = cl.option("--store").value_or("memory");
    auto const redis_ca_file = cl.option("--redis-ca-file");
    auto const redis_cert = cl.option("--redis-cert");
    auto const redis_key = cl.option("--redis-key");
    if ((redis_ca_file || redis_cert || redis_key) && !store.starts_with("rediss://")) {
        std::cerr << "error: --redis-ca-file, --redis-cert and --redis-key need --store rediss://…\n" << usage_text;
        return 2;
    }
    if (redis_cert.has_value() != redis_key.has_value()) {
        std::cerr << "error: --redis-cert and --redis-key go together\n" << usage_text;
        return 2;
    }
    for (auto const* file : {&redis_ca_file, &redis_cert, &redis_key}) {
        if (*file && !std::ifstream(**file)) {  // refused now rather than as 503s on every request
            std::cerr << "error: cannot read " << **file << '\n';
            return 2;
        }
    }
#ifdef AUTHWIRE_DEMO_WITH_REDIS
    std::shared_ptr<authwire::redis::connection_pool> redis_pool;
    if (store != "memory") {
        auto url = authwire::redis::parse_connection_url(store);
        if (!url || !store.starts_with("redis")) {
            std::cerr << "error: --store must be memory, redis://HOST[:PORT][/DB] or rediss://HOST[:PORT][/DB]"
                      << (url ? "" : " (" + url.error().message() + ")") << '\n';
            return 2;
        }
        url->tls.ca_file = redis_ca_file.value_or("");
        url->tls.cert_file = redis_cert.value_or("");
        url->tls.key_file = redis_key.value_or("");
        redis_pool = std::make_shared<authwire::redis::connection_pool>(std::move(*url));
    }
#else
    if (store != "memory") {
        std::cerr << "error: --store " << store << ": this demo server was built without authwire::redis (hiredis, "
                     "Debian libhiredis-dev); only --store memory is available\n";
        return 2;
    }
#endif
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
    // The app, whichever its stores: the server calls it through `handle`, set once it is made.
    std::function<authwire::http_response(authwire::http_request const&, std::string_view)> handle;
    try {
        ex::http_server server(o, [&handle](authwire::http_request const& r, ex::connection_info const& c) {
            return handle(r, c.address);
        });
        ex::demo_options d;
        d.origin = server.origin();
        d.auto_approve = cl.flag("--auto-approve");
        d.allowed_hosts = cl.values("--allowed-host");
        d.allowed_origins = cl.values("--allowed-origin");
        d.token_format = *format;
        d.signing_key_pem = std::move(keys.pem);
        d.token_keys = std::move(keys.keys);
        d.issuer = cl.option("--issuer").value_or("");
        d.other_resources = cl.values("--resource");
        d.allow_internal_cimd_hosts = cl.flag("--allow-internal-cimd-hosts");
        authwire::adapters::beast_executor::options fetch_options;
        fetch_options.timeout = std::chrono::seconds(5);
        fetch_options.max_response_size = 64 * 1024;  // the library refuses documents over 5 KiB itself
        fetch_options.ca_file = cl.option("--ca-file").value_or("");
        // One executor per fetch: an executor is not thread-safe, and the server's threads may fetch at once.
        d.fetch = [fetch_options, internal = d.allow_internal_cimd_hosts](authwire::http_request const& r)
            -> authwire::result<authwire::http_response> {
            if (!internal)
                if (auto ec = refused_address(r)) return ec;
            authwire::adapters::beast_executor e(fetch_options);
            return e(r);
        };
        if (max_clients) d.max_clients = *max_clients;
        if (per_minute) {
            d.registration_rate.burst = *per_minute;
            d.registration_rate.interval = std::chrono::milliseconds(60'000 / *per_minute);
        }
        auto const rate = d.registration_rate;
        auto const clients = d.max_clients;
        auto const serve = [&](auto& app) -> int {
            if (auto v = app.validate(); !v) {
                if (v.error() == authwire::error::key_unusable) {
                    std::cerr << "error: the access-token keys could not be made or loaded (--keys must hold the "
                                 "format's keys: for jwe a JWK Set with the octet keys \"at-sig-1\" and \"at-enc-1\"; "
                                 "for jwt-es256 / jwt-rs256 a private EC P-256 / RSA key, as a JWK Set or a PEM "
                                 "\"PRIVATE KEY\")\n";
                    return 2;
                }
                if (v.error() == authwire::error::invalid_url || v.error() == authwire::error::insecure_url) {
                    std::cerr << "error: the issuer " << app.issuer() << " is refused: " << v.error().message()
                              << " (an origin without path; plain http only on loopback)\n";
                    return 2;
                }
                if (v.error() == authwire::error::invalid_argument) {
                    std::cerr << "error: an --allowed-host (NAME[:PORT]), --allowed-origin (SCHEME://NAME[:PORT]) or "
                                 "--resource (absolute URI without fragment) value does not parse\n";
                    return 2;
                }
                std::cerr << "error: the server configuration for " << server.origin() << " is refused: " << v.error().message()
                          << " (plain http is only allowed on loopback addresses)\n";
                return 1;
            }
            handle = [&app](authwire::http_request const& r, std::string_view peer) { return app(r, peer); };
            server.every(std::chrono::seconds(10), [&app] {
                auto const n = app.purge();
                if (n.codes + n.refresh_families + n.revocations + n.consents + n.mcp_sessions == 0) return;
                auto const h = app.held();
                std::cerr << "purged: " << n.codes << " codes, " << n.refresh_families << " grants, " << n.revocations
                          << " revocations, " << n.consents << " consent requests, " << n.mcp_sessions
                          << " MCP sessions; held: " << h.clients << " clients, " << h.codes << " codes, "
                          << h.refresh_families << " grants, " << h.revocations << " revocations, " << h.consents
                          << " consent requests, " << h.mcp_sessions << " MCP sessions\n";
            });
            std::cout << "authwire demo server on " << server.origin() << (cl.flag("--auto-approve") ? " (auto-approve)" : "")
                      << "\nissuer: " << app.issuer() << "\nresource: " << app.resource();
            for (auto const& r : app.config().resources)
                if (r != app.resource()) std::cout << "\nother resource: " << r;
            std::cout << "\nstore: " << (store == "memory" ? "memory (this process)" : "redis (shared)");
            std::cout << "\naccess tokens: " << ex::to_string(app.token_format());
            if (app.config().jwks_uri) std::cout << " (keys at " << *app.config().jwks_uri << ")";
            std::cout << "\nclient ID metadata documents: on"
                      << (cl.flag("--allow-internal-cimd-hosts") ? " (UNSAFE: internal hosts allowed, tests only)" : "")
                      << "\nMCP endpoint accepts Host";
            for (auto const& h : app.mcp_guard().hosts()) std::cout << ' ' << h;
            std::cout << "; Origin";
            for (auto const& origin : app.mcp_guard().origins()) std::cout << ' ' << origin;
            std::cout << "\nlimits: " << server.max_connections() << " connections, " << clients << " registrations, "
                      << rate.burst << " registrations per address at once then one every "
                      << static_cast<double>(rate.interval.count()) / 1000.0 << " s" << std::endl;
            server.run();
            std::cout << "stopped" << std::endl;
            return 0;
        };
#ifdef AUTHWIRE_DEMO_WITH_REDIS
        if (redis_pool) {
            auto app = std::make_unique<ex::redis_demo_app>(std::move(d), redis_pool, std::string("authwire-demo:"));
            return serve(*app);
        }
#endif
        auto app = std::make_unique<ex::demo_app>(std::move(d));
        return serve(*app);
    } catch (std::exception const& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
