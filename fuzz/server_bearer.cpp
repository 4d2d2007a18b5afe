// Property: a resource server reads the access token only from `Authorization: Bearer <b64token>` (RFC 6750
// §2.1), serves a request only for a live token issued for it with the scope it needs, and refuses everything
// else with the exact challenge RFC 6750 §3 and RFC 9728 §5.1 describe. The input is an HTTP request in
// support.hpp's text form against server_support.hpp's world ({at0} … are live tokens); pseudo-headers:
// `X-Fuzz-Scope:` the scope the request needs (default "mcp"), `X-Fuzz-Revoke:` "family" or "jti" to revoke
// at0's grant or at0 itself first. Checked, independently:
//  - extract_bearer_token: `present` only with one Authorization field whose scheme is "Bearer" (any case) and
//    whose credential is an RFC 6750 b64token (checked by hand), which is the token returned; `absent` only when
//    there is no Authorization field or its scheme is another; `malformed` otherwise;
//  - validate: accepted only for a token the world issued, whose audience is this resource, not revoked, with
//    every required scope token; the identity returned is that token's;
//  - refused: 401 (no token: a challenge without an error attribute and body error auth_required; a bad token:
//    invalid_token), 403 (insufficient_scope, the required scope in the challenge), 400 (invalid_request for a
//    malformed header); always WWW-Authenticate: Bearer … with resource_metadata, a JSON body whose error matches
//    the challenge's, Cache-Control: no-store, and no CR/LF in any header;
//  - a required scope that is not RFC 6749 §3.3 scope tokens: 500, no challenge (the application's mistake).
#include <authwire/server/bearer_validator.hpp>

#include "server_support.hpp"

#include <authwire/oauth/www_authenticate.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace {

using namespace authwire;

constexpr std::string_view metadata_url = "https://mcp.example/.well-known/oauth-protected-resource/mcp";

void check_extraction(http_request const& req, server::bearer_credential const& cred) {
    using st = server::bearer_credential::status;
    auto const fields = req.headers.find_all("Authorization");
    auto scheme_is_bearer = [](std::string_view v) {
        while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
        auto const end = v.find_first_of(" \t");
        return iequals(v.substr(0, end), "bearer");
    };
    switch (cred.state) {
    case st::present:
        FUZZ_CHECK(fields.size() == 1 && scheme_is_bearer(fields.front()));
        FUZZ_CHECK(fuzz::is_b64token(cred.token));
        FUZZ_CHECK(fields.front().find(cred.token) != std::string_view::npos);
        break;
    case st::absent: FUZZ_CHECK(fields.empty() || (fields.size() == 1 && !scheme_is_bearer(fields.front()))); break;
    case st::malformed: FUZZ_CHECK(!fields.empty()); break;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto w = std::make_unique<fuzz::server::world>();
    auto const req = fuzz::parse_request(w->expand(fuzz::text_of(data, size)), "https://mcp.example");
    auto const cred = server::extract_bearer_token(req);
    check_extraction(req, cred);

    auto const revoke = req.header("X-Fuzz-Revoke").value_or("");
    auto const& at0 = w->issued_access_tokens[0];
    bool const revoked = revoke == "family" || revoke == "jti";
    if (revoke == "family")
        FUZZ_CHECK(w->revocations.revoke_family(at0.family_id, fuzz::server::now + std::chrono::hours(2)).has_value());
    if (revoke == "jti")
        FUZZ_CHECK(w->revocations.revoke_jti(at0.jti, fuzz::server::now + std::chrono::hours(2)).has_value());
    // The scope a route requires is the application's (trusted) configuration: printable text only.
    auto scope = std::string(req.header("X-Fuzz-Scope").value_or("mcp"));
    for (char const ch : scope)
        if (ch < 0x20 || ch > 0x7e) scope = "mcp";

    server::bearer_validator v(*w->format, w->revocations,
                               {std::string(fuzz::server::mcp_resource), std::string(metadata_url)});
    auto r = v.validate(req, fuzz::server::now, scope);
    fuzz::trace("bearer: %s", r ? r->subject.c_str() : r.error().response.body.c_str());
    // A required scope that is not RFC 6749 §3.3 scope tokens (printable here; so: a '"' or '\', or an empty token)
    // is the resource server's own mistake: 500 without a challenge, whatever the request was.
    bool const scope_ok = scope.empty() || (scope.find_first_of("\"\\") == std::string::npos && scope.front() != ' ' &&
                                            scope.back() != ' ' && scope.find("  ") == std::string::npos);
    if (r) {
        FUZZ_CHECK(scope_ok && cred.state == server::bearer_credential::status::present);
        fuzz::server::issued_access const* issued = nullptr;
        for (auto const& t : w->issued_access_tokens)
            if (t.token == cred.token) issued = &t;
        FUZZ_CHECK(issued != nullptr && r->jti == issued->jti && r->client_id == issued->client_id);
        FUZZ_CHECK(r->resource == fuzz::server::mcp_resource);
        FUZZ_CHECK(!(issued == &at0 && revoked));
        FUZZ_CHECK(!oauth::any_scope_token(scope, [&](std::string_view t) { return !t.empty() && !r->has_scope(t); }));
        return 0;
    }
    auto const& rej = r.error();
    if (!scope_ok) {
        FUZZ_CHECK(rej.status == 500 && rej.response.status == 500 && !rej.response.header("WWW-Authenticate"));
        fuzz::check_response(rej.response);
        return 0;
    }
    auto const body = fuzz::check_response(rej.response);
    fuzz::check_no_store(rej.response);
    FUZZ_CHECK(body.has_value() && rej.response.status == rej.status);
    auto const challenge_text = rej.response.header("WWW-Authenticate");
    FUZZ_CHECK(challenge_text.has_value() && rej.response.headers.count("WWW-Authenticate") == 1);
    auto challenges = oauth::parse_www_authenticate(*challenge_text);
    FUZZ_CHECK(challenges.has_value() && challenges->size() == 1);
    auto const& c = challenges->front();
    FUZZ_CHECK(iequals(c.scheme, "Bearer") &&
               c.param("resource_metadata") == std::optional<std::string_view>(metadata_url));
    auto const error = std::string(body->at("error").as_string());
    switch (cred.state) {
    case server::bearer_credential::status::absent:
        FUZZ_CHECK(rej.status == 401 && error == "auth_required" && !c.param("error"));
        break;
    case server::bearer_credential::status::malformed:
        FUZZ_CHECK(rej.status == 400 && error == "invalid_request" &&
                   c.param("error") == std::optional<std::string_view>(error));
        break;
    case server::bearer_credential::status::present:
        FUZZ_CHECK(c.param("error") == std::optional<std::string_view>(error));
        if (rej.status == 403)
            FUZZ_CHECK(error == "insufficient_scope" && c.param("scope") == std::optional<std::string_view>(scope));
        else
            FUZZ_CHECK(rej.status == 401 && error == "invalid_token");
        break;
    }
    return 0;
}
