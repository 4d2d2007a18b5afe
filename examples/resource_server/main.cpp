// resource_server — a minimal OAuth 2.0 resource server (RFC 6750, RFC 9068, RFC 9728) over Boost.Beast: one
// protected route, GET /api, answered only for a valid Bearer access token with the scope jobs:read, and its own
// protected-resource metadata. It validates the tokens example_demo_server mints, with the keys the two share
// through a JWK Set file (the one `example_demo_server --keys FILE` writes):
//
//   example_demo_server --port 8080 --keys keys.json --resource http://127.0.0.1:8081/api
//   example_resource_server --port 8081 --keys keys.json --issuer http://127.0.0.1:8080
//
// Routes:
//   GET /api                                     the protected resource: who the token speaks for, as JSON;
//                                                401 with a Bearer challenge (RFC 6750 §3) naming the metadata
//                                                below without a valid token, 403 insufficient_scope without
//                                                jobs:read
//   GET /.well-known/oauth-protected-resource/api  RFC 9728 §3: resource <origin>/api, authorization_servers
//                                                [--issuer], scopes_supported [jobs:read], bearer_methods [header]
//
// Tokens, by --access-token-format (as the demo server was started):
//   jwe        (default) nested JWTs (a JWE around an HS256 JWS): the file's two octet keys "at-sig-1" and
//              "at-enc-1" decrypt and verify them (server::jwt_access_token_format, used to read only). These are
//              secret keys: whoever holds the file can also mint tokens, so share it only with servers you trust.
//   jwt-es256  RFC 9068 at+jwt signed by the authorization server: only the PUBLIC part of the file's key is used
//   jwt-rs256  (server::jwks_access_token_validator, handed the file's public keys as if fetched from the demo's
//              jwks_uri). A resource server that does not share the file fetches them from jwks_uri instead.
// Each token must be issued by --issuer ("iss"), for this resource ("aud" = <origin>/api, RFC 8707), unexpired.
// Revocation at the authorization server is not seen here (the tokens are self-contained, RFC 9068 §5): a token
// stays valid until it expires (the demo's: 1 hour); use token introspection (RFC 7662) where that is too long.
//
// Usage: example_resource_server --keys FILE --issuer URL [--port N] [--bind ADDRESS] [--origin URL]
//                                [--access-token-format jwe|jwt-es256|jwt-rs256] [--help]

#include "../common/command_line.hpp"
#include "../common/http_server.hpp"
#include "../common/router.hpp"

#include <authwire/server.hpp>

#include <sys/stat.h>

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
    "usage: example_resource_server --keys FILE --issuer URL [--port N] [--bind ADDRESS] [--origin URL]\n"
    "                               [--access-token-format jwe|jwt-es256|jwt-rs256] [--help]\n";

constexpr char const* help_text =
    "A minimal OAuth 2.0 resource server: GET /api needs a Bearer access token (scope jobs:read) minted by\n"
    "example_demo_server with the keys of the same --keys FILE; GET /.well-known/oauth-protected-resource/api is\n"
    "its RFC 9728 metadata.\n"
    "\n"
    "  --keys FILE             the JWK Set example_demo_server --keys FILE wrote (mode 0600); required\n"
    "  --issuer URL            the authorization server's issuer (the demo's origin or --issuer); required\n"
    "  --access-token-format F jwe (default), jwt-es256 or jwt-rs256: as the demo server was started\n"
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

// The app: the protected route and the metadata, over any access-token reader (jwt_access_token_format for jwe,
// jwks_access_token_validator for the signed formats).
using handler = std::function<authwire::http_response(authwire::http_request const&)>;

template <class Reader>
int serve(ex::http_server& http, handler& handle, Reader const& reader, std::string const& origin,
          std::string const& issuer) {
    auto const resource = origin + "/api";
    auto const metadata_url = origin + "/.well-known/oauth-protected-resource/api";

    // RFC 9728 §2: what this resource says about itself (it is not the authorization server).
    server::protected_resource_description description;
    description.resource = resource;
    description.resource_name = "authwire example resource server";
    description.scopes_supported = std::vector<std::string>{"jobs:read"};
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
    config.challenge_scope = "jobs:read";
    server::bearer_validator<Reader, server::memory_revocation_store> bearer(reader, revocations, config);

    ex::router routes;
    routes.route("/.well-known/oauth-protected-resource/api", [&](authwire::http_request const& r) {
        return server::serve_metadata(r, metadata_json, std::chrono::hours(1));
    });
    routes.route("/api", [&](authwire::http_request const& r) -> authwire::http_response {
        if (r.method != "GET") return server::method_not_allowed_response("GET");
        auto who = bearer.validate(r, std::chrono::system_clock::now(), "jobs:read");
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
              << "\nmetadata: " << metadata_url << "\nissuer: " << issuer << std::endl;
    http.run();
    std::cout << "stopped" << std::endl;
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    ex::command_line cl({"--help"}, {"--port", "--bind", "--origin", "--issuer", "--keys", "--access-token-format"});
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
    auto const port = cl.port("--port");
    if (!format || !keys_file || !issuer || !cl.error().empty()) {
        std::cerr << "error: "
                  << (!cl.error().empty()  ? cl.error()
                      : !format            ? "--access-token-format must be jwe, jwt-es256 or jwt-rs256"
                      : !keys_file         ? "--keys FILE is required"
                                           : "--issuer URL is required")
                  << '\n'
                  << usage_text;
        return 2;
    }
    auto keys = read_keys(*keys_file);
    if (!keys) return 2;

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
            return serve(http, handle, *reader, origin, *issuer);
        }

        // RFC 9068 signed tokens: the PUBLIC keys of the file, given to the validator as the body of a jwks_uri
        // answer — exactly what it would fetch from the authorization server's /jwks.
        server::jwks_access_token_options options;
        options.issuer = *issuer;
        options.jwks_uri = *issuer + "/jwks";
        options.allow_http_loopback = true;  // an http issuer is accepted on loopback only
        options.algorithms = {*format == token_format::jwt_es256 ? jose::jws_algorithm::ES256
                                                                 : jose::jws_algorithm::RS256};
        auto reader = server::jwks_access_token_validator::make(options);
        if (!reader) {
            std::cerr << "error: the issuer " << *issuer << " is refused (" << reader.error().message()
                      << "; https, or http on a loopback host)\n";
            return 2;
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
        return serve(http, handle, *reader, origin, *issuer);
    } catch (std::exception const& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
}
