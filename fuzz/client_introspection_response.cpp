// Property: an introspection response (RFC 7662 §2.2) is read only from a 200 JSON object whose members have
// their registered types, and nothing it holds is lost. The input is an HTTP response in support.hpp's text
// form. Checked: accepted ⇒ status 200, a JSON media type, no duplicate members, "active" a boolean (it is
// required), "scope" a valid RFC 6749 §3.3 scope; oauth::to_json — what authwire's introspection endpoint
// sends — keeps every member name the peer sent (but "aud": [], which reads as no audience and is not written),
// and reads back to the same JSON (up to member order and Boost.JSON's double rounding in extension members).
// Failures on other statuses carry the peer's error when it sent one (client_support.hpp).
#include <authwire/oauth/introspection.hpp>

#include "client_support.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    auto r = oauth::parse_introspection_response(resp);
    fuzz::trace("parse_introspection_response: %s",
                r ? (r->active ? "active" : "inactive") : r.error().code.message().c_str());
    if (!r) {
        fuzz::client::check_failure(r.error(), resp, 200);
        return 0;
    }
    fuzz::client::check_json_success(resp, 200);
    auto const body = authwire::parse_json_object(resp.body).value();
    FUZZ_CHECK(body.at("active").is_bool() && body.at("active").get_bool() == r->active);
    if (r->scope) FUZZ_CHECK(r->scope->valid());
    auto const written = oauth::to_json(*r);
    fuzz::client::check_members_kept(resp.body, written, {"aud"});  // "aud": [] reads as no audience
    auto again = oauth::parse_introspection_response(fuzz::client::json_reply(200, written));
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(fuzz::same_up_to_two_ulps(oauth::to_json(*again), written, false));
    return 0;
}
