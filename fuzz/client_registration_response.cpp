// Property: a Dynamic Client Registration response (RFC 7591 §3.2.1) is read only from a 201 JSON object, gives
// the client a non-empty client_id, and its two named interop quirks are reported exactly when they happen. The
// input is an HTTP response in support.hpp's text form. Checked: accepted ⇒ status 201, a JSON media type, no
// duplicate members, client_id a non-empty string equal to the body's, client_secret non-empty when present;
// quirks_seen.secret_without_expiry ⇔ a client_secret came without client_secret_expires_at; a
// client_secret_expires_at of 0 means no expiry. Read again for a request that asked for client_secret_basic
// and one redirect URI: accepted exactly when the plain read is and the registered redirect_uris are absent or that
// one URI (else redirect_uri_rejected); for a request of the registered redirect URIs: accepted, and
// auth_method_not_echoed ⇔ the server echoed no
// token_endpoint_auth_method (then the requested one is taken). oauth::to_json (what authwire's registration
// endpoint sends) reads back to the same JSON. Failures carry the peer's error (invalid_redirect_uri,
// invalid_client_metadata …) when it sent one.
#include <authwire/oauth/registration.hpp>

#include "client_support.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    auto c = oauth::parse_registration_response(resp);
    fuzz::trace("parse_registration_response: %s", c ? c->client_id.c_str() : c.error().code.message().c_str());
    oauth::client_metadata fixed;
    fixed.redirect_uris = {"http://127.0.0.1:53682/callback"};
    fixed.token_endpoint_auth_method = "client_secret_basic";
    auto with_fixed = oauth::parse_registration_response(resp, fixed);
    if (!c) {
        fuzz::client::check_failure(c.error(), resp, 201);
        FUZZ_CHECK(!with_fixed && with_fixed.error().code == c.error().code);
        return 0;
    }
    // Registered redirect_uris other than the requested one (as a set) fail the read for that request …
    bool same_redirects = true;
    for (auto const& u : c->metadata.redirect_uris) same_redirects &= u == fixed.redirect_uris.front();
    FUZZ_CHECK(with_fixed.has_value() == same_redirects);
    if (!with_fixed) FUZZ_CHECK(with_fixed.error().code == make_error_code(error::redirect_uri_rejected));
    // … and the ones registered are accepted when they were the ones requested.
    auto requested = fixed;
    if (!c->metadata.redirect_uris.empty()) requested.redirect_uris = c->metadata.redirect_uris;
    auto const with_request = oauth::parse_registration_response(resp, requested);
    FUZZ_CHECK(with_request.has_value());
    fuzz::client::check_json_success(resp, 201);
    auto const body = authwire::parse_json_object(resp.body).value();
    FUZZ_CHECK(!c->client_id.empty() && body.at("client_id").as_string() == c->client_id);
    if (auto const* s = body.if_contains("client_secret")) FUZZ_CHECK(s->is_string() && !c->client_secret.empty());
    FUZZ_CHECK(c->quirks_seen.secret_without_expiry ==
               (body.contains("client_secret") && !body.contains("client_secret_expires_at")));
    if (auto const* e = body.if_contains("client_secret_expires_at"); e && e->is_int64() && e->get_int64() == 0)
        FUZZ_CHECK(!c->client_secret_expires_at);
    FUZZ_CHECK(with_request->quirks_seen.auth_method_not_echoed == !body.contains("token_endpoint_auth_method"));
    FUZZ_CHECK(with_request->metadata.token_endpoint_auth_method == (body.contains("token_endpoint_auth_method")
                                                                         ? c->metadata.token_endpoint_auth_method
                                                                         : requested.token_endpoint_auth_method));
    auto const written = oauth::to_json(*c);
    auto again = oauth::parse_registration_response(fuzz::client::json_reply(201, written));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(fuzz::same_up_to_two_ulps(oauth::to_json(*again), written, false));
    return 0;
}
