// resource_server — a minimal OAuth 2.0 resource server (RFC 6750, RFC 9068, RFC 9728) over Boost.Beast: one
// protected route, GET /api, answered only for a valid Bearer access token with the scope jobs:read (--scope),
// and its own protected-resource metadata. It validates the tokens example_demo_server mints, with the keys the
// two share through a JWK Set file (the one `example_demo_server --keys FILE` writes):
//
//   example_demo_server --port 8080 --keys keys.json --resource http://127.0.0.1:8081/api
//   example_resource_server --port 8081 --keys keys.json --issuer http://127.0.0.1:8080
//
// or RFC 9068 JWT access tokens of any authorization server it shares nothing with, whose public keys it fetches
// from the server's jwks_uri (no --keys):
//
//   example_resource_server --port 8081 --access-token-format jwt-es256 --issuer https://as.example
//
// Routes:
//   GET /api                                     the protected resource: who the token speaks for, as JSON;
//                                                401 with a Bearer challenge (RFC 6750 §3) naming the metadata
//                                                below without a valid token, 403 insufficient_scope without
//                                                the required scope (--scope, default jobs:read)
//   GET /.well-known/oauth-protected-resource/api  RFC 9728 §3: resource <origin>/api, authorization_servers
//                                                [--issuer], scopes_supported [--scope], bearer_methods [header]
//
// Tokens, by --access-token-format (as the demo server was started):
//   jwe        (default) nested JWTs (a JWE around an HS256 JWS): the file's two octet keys "at-sig-1" and
//              "at-enc-1" decrypt and verify them (server::jwt_access_token_format, used to read only). These are
//              secret keys: whoever holds the file can also mint tokens, so share it only with servers you trust.
//              --keys is required.
//   jwt-es256  RFC 9068 at+jwt signed by the authorization server with ES256 / RS256, checked by
//   jwt-rs256  server::jwks_access_token_validator with public keys only. With --keys, the PUBLIC part of the
//              file's keys, handed to the validator as if fetched from the demo's jwks_uri. Without --keys, the
//              keys of the authorization server's jwks_uri: --jwks-uri URL, or the jwks_uri of --issuer's RFC 8414
//              metadata (<issuer>/.well-known/oauth-authorization-server, then OpenID Connect discovery), fetched
//              once at start (no metadata or no jwks_uri: the server does not start) — then the validator asks
//              for the set again when its cache lifetime (Cache-Control max-age, 5 minutes to 24 hours) is over
//              or a token names a "kid" it does not know (a key rotation; at most every 30 s), and this server
//              fetches it (Boost.Beast, one executor per fetch, 5 s timeout) before it validates the request.
//              Each fetch is logged on stdout ("fetched the JWK Set …"). https only, plain http on a loopback
//              host only (127.0.0.1, [::1], localhost), as for every URL here; --ca-file adds a trust anchor.
// Each token must be issued by --issuer ("iss", exactly), for this resource ("aud" = <origin>/api, RFC 8707),
// unexpired. Revocation at the authorization server is not seen here (the tokens are self-contained, RFC 9068
// §5): a token stays valid until it expires (the demo's: 1 hour); use token introspection (RFC 7662) where that
// is too long.
//
// Usage: example_resource_server --issuer URL [--keys FILE | --jwks-uri URL] [--port N] [--bind ADDRESS]
//                                [--origin URL] [--access-token-format jwe|jwt-es256|jwt-rs256] [--scope SCOPE]
//                                [--ca-file PEM] [--help]

#include "../common/command_line.hpp"
#include "../common/http_server.hpp"
#include "../common/router.hpp"

#include <authwire/adapters/beast.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/well_known.hpp>
#include <authwire/server.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ex = authwire::examples;
namespace server = authwire::server;
namespace jose = authwire::jose;

namespace {

constexpr char const* usage_text =
    "usage: example_resource_server --issuer URL [--keys FILE | --jwks-uri URL] [--port N] [--bind ADDRESS]\n"
    "                               [--origin URL] [--access-token-format jwe|jwt-es256|jwt-rs256]\n"
    "                               [--scope SCOPE] [--ca-file PEM] [--help]\n";

constexpr char const* help_text =
    "A minimal OAuth 2.0 resource server: GET /api needs a Bearer access token with the scope --scope, issued by\n"
    "--issuer for <origin>/api; GET /.well-known/oauth-protected-resource/api is its RFC 9728 metadata. The keys:\n"
    "those of the --keys FILE example_demo_server --keys FILE wrote, or (jwt-es256 / jwt-rs256 without --keys) the\n"
    "public keys of the issuer's jwks_uri, fetched by this server (RFC 8414 metadata of --issuer, or --jwks-uri).\n"
    "\n"
    "  --issuer URL            the authorization server's issuer (\"iss\"; the demo's origin or --issuer); required\n"
    "  --keys FILE             the JWK Set example_demo_server --keys FILE wrote (mode 0600); required for jwe\n"
    "  --jwks-uri URL          without --keys: fetch the issuer's keys from URL instead of the jwks_uri of its\n"
    "                          RFC 8414 metadata (https; http only on a loopback host)\n"
    "  --access-token-format F jwe (default), jwt-es256 or jwt-rs256: as the demo server was started, or the\n"
    "                          algorithm the issuer signs its RFC 9068 access tokens with\n"
    "  --scope SCOPE           the scope GET /api requires (default jobs:read; 403 insufficient_scope without)\n"
    "  --ca-file PEM           also trust these CAs when fetching the issuer's metadata and keys over https\n"
    "  --port N                listen on port N (default 8081; 0 picks a free port, printed on start)\n"
    "  --bind ADDRESS          listen address (default 127.0.0.1)\n"
    "  --origin URL            the public origin clients reach this server at (default: the listening origin);\n"
    "                          the resource identifier, the tokens' audience, is <origin>/api\n"
    "  --help                  this text\n";

enum class token_format { jwe, jwt_es256, jwt_rs256 };

std::optional<token_format> parse_format(std::string_view s) {
    if (s == "jwe") return token_format::jwe;
    if (s == "jwt-es256") return token_format::jwt_es256;
    if (s == "jwt-rs256") return token_format::jwt_rs256;
    return std::nullopt;
}

// The JWK Set of --keys: it holds private keys, so it must not be readable by others.
std::optional<jose::jwk_set> read_keys(std::string const& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << "error: cannot read --keys " << file << '\n';
        return std::nullopt;
    }
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        std::cerr << "error: --keys " << file << " holds private keys but others may read it: chmod 600 it\n";
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto set = jose::jwk_set::parse(text.str());
    if (!set || set->size() == 0) {
        std::cerr << "error: --keys " << file << " is not a JWK Set"
                  << (set ? " with keys" : " (" + set.error().message() + ")") << '\n';
        return std::nullopt;
    }
    return std::move(*set);
}

// One Beast executor per fetch, as the demo server does (an executor is not thread-safe).
struct fetcher {
    authwire::adapters::beast_executor::options options;
    authwire::result<authwire::http_response> operator()(authwire::http_request const& r) const {
        authwire::adapters::beast_executor e(options);
        return e(r);
    }
};

// RFC 8414 §3: the jwks_uri of the issuer's metadata — the RFC 8414 well-known URL first, then OpenID Connect
// discovery's (a 404 moves on to the next); the metadata must name exactly --issuer (RFC 8414 §3.3).
std::optional<std::string> discover_jwks_uri(std::string const& issuer, fetcher const& fetch) {
    auto candidates = authwire::oauth::authorization_server_metadata_candidates(issuer);
    if (!candidates) {
        std::cerr << "error: --issuer " << issuer << " is not an issuer identifier (" << candidates.error().message()
                  << ")\n";
        return std::nullopt;
    }
    authwire::oauth::metadata_options mo;
    mo.allow_http_loopback = true;  // an http issuer and endpoints on loopback only
    for (auto const& c : *candidates) {
        auto resp = fetch(authwire::oauth::make_metadata_request(c.url));
        if (!resp) {
            std::cerr << "error: GET " << c.url.buffer() << ": " << resp.error().message()
                      << (resp.error() == authwire::error::insecure_url ? " (https, or http on a loopback host)" : "")
                      << '\n';
            return std::nullopt;
        }
        if (resp->status == 404) continue;
        auto m = authwire::oauth::parse_authorization_server_metadata_response(*resp, issuer, mo);
        if (!m) {
            std::cerr << "error: the metadata at " << c.url.buffer() << " is refused: " << m.error() << '\n';
            return std::nullopt;
        }
        if (!m->jwks_uri) {
            std::cerr << "error: the metadata at " << c.url.buffer() << " has no jwks_uri\n";
            return std::nullopt;
        }
        std::cout << "discovered jwks_uri " << *m->jwks_uri << " in " << c.url.buffer() << std::endl;
        return *m->jwks_uri;
    }
    std::cerr << "error: no authorization server metadata for " << issuer << " (404 at every well-known URL)\n";
    return std::nullopt;
}

// RFC 7517 §5: fetch the JWK Set when the validator asks for it (see jwks_access_token_validator.hpp); true when a
// set was fetched and taken. Every attempt is logged.
bool refresh_keys(server::jwks_access_token_validator& v, fetcher const& fetch) {
    auto const now = std::chrono::system_clock::now();
    auto req = v.next_request(now);
    if (!req) return false;
    auto resp = fetch(*req);
    if (!resp) {
        std::cerr << "fetching the JWK Set " << req->url.buffer() << " failed: " << resp.error().message() << std::endl;
        return false;
    }
    if (auto taken = v.on_response(*resp, now); !taken) {
        std::cerr << "the JWK Set from " << req->url.buffer() << " (status " << resp->status
                  << ") is refused: " << taken.error().message() << std::endl;
        return false;
    }
    std::cout << "fetched the JWK Set " << req->url.buffer() << ": " << v.key_count() << " usable keys" << std::endl;
    return true;
}

// The app: the protected route and the metadata, over any access-token reader (jwt_access_token_format for jwe,
// jwks_access_token_validator for the signed formats). `refresh`, when set, fetches keys the reader asks for: it is
// called before each validation, and once more (then the validation is repeated) when a token's key is unknown.
using handler = std::function<authwire::http_response(authwire::http_request const&)>;

template <class Reader>
int serve(ex::http_server& http, handler& handle, Reader const& reader, std::string const& origin,
          std::string const& issuer, std::string const& scope, std::function<bool()> const& refresh = {}) {
    auto const resource = origin + "/api";
    auto const metadata_url = origin + "/.well-known/oauth-protected-resource/api";

    // RFC 9728 §2: what this resource says about itself (it is not the authorization server).
    server::protected_resource_description description;
    description.resource = resource;
    description.resource_name = "authwire example resource server";
    description.scopes_supported = std::vector<std::string>{scope};
    auto metadata = server::make_protected_resource_metadata(description, {issuer});
    if (!metadata) {
        std::cerr << "error: the resource " << resource << " or the issuer " << issuer
                  << " is not an absolute http(s) URL (" << metadata.error().message() << ")\n";
        return 2;
    }
    auto const metadata_json = authwire::oauth::to_json(*metadata);

    // RFC 6750 §3: every refusal carries resource_metadata (RFC 9728 §5.1) and the scope to ask for.
    server::memory_revocation_store revocations;  // nothing is revoked here (see the top of this file)
    server::bearer_validator_config config;
    config.resource = resource;
    config.resource_metadata = metadata_url;
    config.challenge_scope = scope;
    server::bearer_validator<Reader, server::memory_revocation_store> bearer(reader, revocations, config);

    ex::router routes;
    routes.route("/.well-known/oauth-protected-resource/api", [&](authwire::http_request const& r) {
        return server::serve_metadata(r, metadata_json, std::chrono::hours(1));
    });
    routes.route("/api", [&](authwire::http_request const& r) -> authwire::http_response {
        if (r.method != "GET") return server::method_not_allowed_response("GET");
        if (refresh) (void)refresh();
        auto who = bearer.validate(r, std::chrono::system_clock::now(), scope);
        if (!who && who.error().code == authwire::error::unknown_key && refresh && refresh())
            who = bearer.validate(r, std::chrono::system_clock::now(), scope);  // a new key (RFC 7517 §5 rotation)
        if (!who) return who.error().response;
        boost::json::object body{{"message", "hello from the resource server"},
                                 {"subject", who->subject},
                                 {"client_id", who->client_id},
                                 {"scope", who->scope},
                                 {"audience", who->resource},
                                 {"issuer", who->issuer},
                                 {"expires_at", std::chrono::duration_cast<std::chrono::seconds>(
                                                    who->expires_at.time_since_epoch())
                                                    .count()}};
        auto answer = server::json_response(200, body);
        answer.headers.set("Cache-Control", "no-store");
        return answer;
    });
    handle = [&routes](authwire::http_request const& r) { return routes(r); };
    std::cout << "authwire resource server on " << http.origin() << "\nresource: " << resource
              << "\nmetadata: " << metadata_url << "\nissuer: " << issuer << "\nscope: " << scope << std::endl;
    http.run();
    std::cout << "stopped" << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    ex::command_line cl({"--help"}, {"--port", "--bind", "--origin", "--issuer", "--keys", "--access-token-format",
                                     "--jwks-uri", "--scope", "--ca-file"});
    if (!cl.parse(argc, argv) || !cl.positional().empty()) {
        std::cerr << "error: " << (cl.error().empty() ? "no positional arguments expected" : cl.error()) << '\n'
                  << usage_text;
        return 2;
    }
    if (cl.flag("--help")) {
        std::cout << usage_text << '\n' << help_text;
        return 0;
    }
    auto const format = parse_format(cl.option("--access-token-format").value_or("jwe"));
    auto const keys_file = cl.option("--keys");
    auto const issuer = cl.option("--issuer");
    auto const jwks_uri = cl.option("--jwks-uri");
    auto const scope = cl.option("--scope").value_or("jobs:read");
    auto const port = cl.port("--port");
    bool const scope_ok = !scope.empty() && scope.find_first_of(" \"\\") == std::string::npos &&
                          std::all_of(scope.begin(), scope.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!format || (!keys_file && *format == token_format::jwe) || (keys_file && jwks_uri) || !issuer || !scope_ok ||
        !cl.error().empty()) {
        std::cerr << "error: "
                  << (!cl.error().empty()          ? cl.error()
                      : !format                    ? "--access-token-format must be jwe, jwt-es256 or jwt-rs256"
                      : keys_file && jwks_uri      ? "--keys FILE and --jwks-uri URL exclude each other"
                      : !keys_file                 ? "--keys FILE is required for --access-token-format jwe"
                      : !issuer                    ? "--issuer URL is required"
                                                   : "--scope must be one scope token (RFC 6749 §3.3)")
                  << '\n'
                  << usage_text;
        return 2;
    }
    std::optional<jose::jwk_set> keys;
    if (keys_file) {
        keys = read_keys(*keys_file);
        if (!keys) return 2;
    }

    try {
        ex::http_server::options o;
        o.address = cl.option("--bind").value_or("127.0.0.1");
        o.port = port.value_or(8081);
        o.handle_signals = true;
        handler handle;  // set by serve() before the server runs
        ex::http_server http(o, [&handle](authwire::http_request const& r) { return handle(r); });
        auto const origin = cl.option("--origin").value_or(http.origin());

        if (*format == token_format::jwe) {
            // RFC 9068 nested tokens: the same two octet keys the demo server mints with, in key rings.
            auto const find = [&](std::string_view kid) -> std::optional<jose::jwk> {
                for (auto const& k : keys->keys())
                    if (k.kty() == jose::key_type::oct && k.kid() == kid) return k;
                return std::nullopt;
            };
            auto sig = find("at-sig-1");
            auto enc = find("at-enc-1");
            if (!sig || !enc) {
                std::cerr << "error: --keys " << *keys_file << " lacks the octet keys \"at-sig-1\" and \"at-enc-1\" "
                             "of the jwe format (was the demo server started with another --access-token-format?)\n";
                return 2;
            }
            jose::jws_key_ring signing;
            jose::jwe_key_ring encryption;
            auto sig_key = jose::jws_key::make(std::move(*sig), jose::jws_algorithm::HS256);
            auto enc_key = jose::jwe_key::make(std::move(*enc), jose::jwe_algorithm::dir);
            if (!sig_key || !enc_key || !signing.rotate_to(std::move(*sig_key)) ||
                !encryption.rotate_to(std::move(*enc_key))) {
                std::cerr << "error: the jwe keys of " << *keys_file << " are unusable\n";
                return 2;
            }
            server::jwt_access_token_options options;
            options.issuer = *issuer;
            auto reader = server::jwt_access_token_format::make(signing, encryption, options);
            if (!reader) {
                std::cerr << "error: cannot read jwe tokens with these keys (" << reader.error().message() << ")\n";
                return 2;
            }
            return serve(http, handle, *reader, origin, *issuer, scope);
        }

        // RFC 9068 signed tokens, checked with the issuer's public keys only.
        fetcher fetch;
        fetch.options.timeout = std::chrono::seconds(5);
        fetch.options.max_response_size = 256 * 1024;  // metadata and a JWK Set (the validator reads 64 KiB of it)
        fetch.options.ca_file = cl.option("--ca-file").value_or("");
        server::jwks_access_token_options options;
        options.issuer = *issuer;
        options.jwks_uri = *issuer + "/jwks";  // with --keys: never fetched, the file's keys are the answer
        options.allow_http_loopback = true;    // an http issuer and jwks_uri are accepted on loopback only
        options.algorithms = {*format == token_format::jwt_es256 ? jose::jws_algorithm::ES256
                                                                 : jose::jws_algorithm::RS256};
        if (!keys) {
            // No shared file: the authorization server's jwks_uri, stated or from its metadata.
            auto uri = jwks_uri ? jwks_uri : discover_jwks_uri(*issuer, fetch);
            if (!uri) return 1;
            options.jwks_uri = std::move(*uri);
        }
        auto reader = server::jwks_access_token_validator::make(options);
        if (!reader) {
            std::cerr << "error: the issuer " << *issuer << " or the jwks_uri " << options.jwks_uri << " is refused ("
                      << reader.error().message() << "; https, or http on a loopback host)\n";
            return 2;
        }
        if (!keys) {
            // The first set now (the server does not start without one); later ones when the validator asks.
            if (!refresh_keys(*reader, fetch)) return 1;
            auto& validator = *reader;
            return serve(http, handle, validator, origin, *issuer, scope,
                         [&validator, fetch] { return refresh_keys(validator, fetch); });
        }
        auto public_keys = keys->serialize(jose::jwk_members::public_only);
        authwire::http_response file_answer;
        file_answer.status = 200;
        file_answer.headers.append("Content-Type", "application/jwk-set+json");
        file_answer.headers.append("Cache-Control", "max-age=86400");
        if (public_keys) file_answer.body = std::move(*public_keys);
        if (!public_keys || !reader->on_response(file_answer, std::chrono::system_clock::now())) {
            std::cerr << "error: --keys " << *keys_file << " holds no key for "
                      << cl.option("--access-token-format").value_or("") << '\n';
            return 2;
        }
        return serve(http, handle, *reader, origin, *issuer, scope);
    } catch (std::exception const& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
