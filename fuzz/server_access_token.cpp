// Property: the access-token formats read back only tokens the authorization server issued (RFC 9068 §4,
// RFC 7519 §7.2, RFC 6749 §10.3) — for the JWT format, even an attacker who holds the encryption key cannot
// get a token accepted without the signing key. The input, with server_support.hpp's placeholders expanded
// ({at0} … are issued tokens), is read by the world's JWT format (JWE dir A256GCM ∘ JWS HS256, typ at+jwt) and
// by an opaque format whose store holds one token ({opaque0}). Checked:
//  - JWT format, accepted ⇒ the token is one the world issued, byte for byte, and what read() returns is what
//    it was issued for; or, for an input starting with '#' (the rest is an inner JWS, which the target encrypts
//    with the real encryption key, cty JWT, as the holder of that key could), the inner JWS verifies by hand:
//    HS256 with the signing key (OpenSSL HMAC), typ at+jwt, iss the issuer, exp after now, iat not after now,
//    sub, jti and client_id present;
//  - opaque format, accepted ⇒ the input is the stored token exactly (and nothing of another shape is looked up).
#include <authwire/server/token_issuer.hpp>

#include "jose_support.hpp"
#include "server_support.hpp"

#include <authwire/jose/nested.hpp>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace authwire;

struct opaque_world {
    fuzz::deterministic_rng rng{0xA4093822299F31D0ULL};
    server::memory_access_token_store store;
    server::opaque_access_token_format<server::memory_access_token_store> format{store,
                                                                                 {std::string(fuzz::server::issuer)}};
    std::string token;

    opaque_world() {
        server::access_token_grant g{"alice", "public-app", "mcp", {std::string(fuzz::server::mcp_resource)}, {}, {}};
        token = std::string(format.issue(g, fuzz::server::now, rng).value().access_token.reveal());
    }
};

opaque_world& opaque() {
    static opaque_world o;
    return o;
}

std::optional<jose::jwe_encrypter> const& attacker_encrypter() {
    static std::optional<jose::jwe_encrypter> const e =
        jose::make_nested_encrypter(
            jose::jwe_key::make(jose::jwk::from_octets(secret(std::string(32, 'e')), std::string("e1")).value(),
                                jose::jwe_algorithm::dir)
                .value(),
            jose::jwe_encryption::A256GCM, std::string("at+jwt"))
            .value();
    return e;
}

// What an accepted inner JWS of the '#' mode must be, checked by hand.
void check_inner(std::string_view inner) {
    auto parts = fuzz::jose::split_jws(inner);
    FUZZ_CHECK(parts.has_value());
    auto header = fuzz::strict_base64url_decode(parts->header_b64);
    auto payload = fuzz::strict_base64url_decode(parts->payload_b64);
    auto sig = fuzz::strict_base64url_decode(parts->signature_b64);
    FUZZ_CHECK(header && payload && sig && !fuzz::json_has_duplicate_member(*header) &&
               !fuzz::json_has_duplicate_member(*payload));
    FUZZ_CHECK(fuzz::jose::hmac_matches("SHA256", std::string(32, 's'), parts->signing_input, *sig));
    boost::json::error_code ec;
    auto h = boost::json::parse(*header, ec);
    FUZZ_CHECK(!ec && h.is_object() && h.as_object().if_contains("alg") && h.as_object().at("alg") == "HS256");
    auto const* typ = h.as_object().if_contains("typ");
    FUZZ_CHECK(typ && typ->is_string() && fuzz::jose::names_media_type(typ->get_string(), "at+jwt"));
    auto claims = boost::json::parse(*payload, ec);
    FUZZ_CHECK(!ec && claims.is_object());
    auto const& c = claims.get_object();
    fuzz::jose::claim_rules rules;
    rules.now = std::chrono::duration_cast<std::chrono::seconds>(fuzz::server::now.time_since_epoch()).count();
    rules.leeway = 0;
    rules.require_iat = true;
    rules.issuer = std::string(fuzz::server::issuer);
    rules.audience_by_caller = true;
    rules.required = {"sub", "jti", "client_id"};
    FUZZ_CHECK(fuzz::jose::claims_acceptable(c, rules));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto w = std::make_unique<fuzz::server::world>();
    auto const in = w->expand(fuzz::text_of(data, size));
    std::string token = in;
    bool const attacker = in.starts_with('#');
    if (attacker) {
        fuzz::deterministic_rng rng;
        auto t = attacker_encrypter()->encrypt(std::string_view(in).substr(1), rng);
        FUZZ_CHECK(t.has_value());
        token = *t;
    }
    auto info = w->format->read(token, fuzz::server::now);
    fuzz::trace("jwt format: %s", info ? info->jti.c_str() : info.error().message().c_str());
    if (info) {
        if (attacker) {
            check_inner(std::string_view(in).substr(1));
        } else {
            fuzz::server::issued_access const* issued = nullptr;
            for (auto const& t : w->issued_access_tokens)
                if (t.token == token) issued = &t;
            FUZZ_CHECK(issued != nullptr);
            FUZZ_CHECK(info->jti == issued->jti && info->client_id == issued->client_id &&
                       info->family_id == issued->family_id && info->issuer == fuzz::server::issuer);
        }
        FUZZ_CHECK(info->expires_at > fuzz::server::now && info->issued_at <= fuzz::server::now);
    }

    auto& o = opaque();
    auto const opaque_input = attacker ? token : std::string(in == "{opaque0}" ? o.token : in);
    auto read = o.format.read(opaque_input, fuzz::server::now);
    fuzz::trace("opaque format: %s", read ? read->jti.c_str() : read.error().message().c_str());
    if (read)
        FUZZ_CHECK(opaque_input == o.token && read->client_id == "public-app");
    else if (opaque_input.size() != server::opaque_token_length)
        FUZZ_CHECK(read.error() == error::malformed_token);
    return 0;
}
