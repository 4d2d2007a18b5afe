// Property: an OAuth error response (RFC 6749 §5.2) is read from what it says and nothing else, and the token
// revocation response (RFC 7009 §2.2) — a status check in front of the same reader — succeeds exactly on 200.
// The input is an HTTP response in support.hpp's text form. Checked:
//  - parse_error_response accepts only a JSON object without duplicate members (labelled JSON, or with no
//    Content-Type at all) whose "error" is a non-empty string of NQSCHARs, with error_description and error_uri
//    strings when present — kept verbatim, with the response's status;
//  - what it accepts is written back by oauth::to_json (what authwire's endpoints send) into a response that
//    reads back the same;
//  - response_failure carries the peer's error exactly when parse_error_response reads one, with the code the
//    error string is registered for (error::oauth_error otherwise); without one, error::unexpected_status;
//  - parse_revocation_response succeeds on 200 whatever the body, and otherwise fails like response_failure.
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/revocation.hpp>

#include "client_support.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    auto r = oauth::parse_error_response(resp);
    fuzz::trace("parse_error_response: %s", r ? r->error.c_str() : r.error().message().c_str());
    if (r) {
        FUZZ_CHECK(!resp.headers.contains("Content-Type") || resp.is_json());
        FUZZ_CHECK(!fuzz::json_has_duplicate_member(resp.body));
        FUZZ_CHECK(oauth::is_error_code_value(r->error) && r->status == resp.status);
        auto const body = authwire::parse_json_object(resp.body).value();
        FUZZ_CHECK(body.at("error").as_string() == r->error);
        for (auto [name, field] :
             {std::pair{"error_description", &r->error_description}, std::pair{"error_uri", &r->error_uri}}) {
            auto const* v = body.if_contains(name);
            FUZZ_CHECK(v ? v->is_string() && v->get_string() == *field : field->empty());
        }
        auto again = oauth::parse_error_response(fuzz::client::json_reply(resp.status, oauth::to_json(*r)));
        FUZZ_CHECK(again.has_value() && again->error == r->error && again->error_uri == r->error_uri &&
                   again->error_description == r->error_description);
    }
    auto const f = oauth::response_failure(resp);
    FUZZ_CHECK(f.response.has_value() == r.has_value());
    if (!r) FUZZ_CHECK(f.code == error::unexpected_status);
    fuzz::client::check_failure(f, resp, std::nullopt);

    auto revoked = oauth::parse_revocation_response(resp);
    FUZZ_CHECK(revoked.has_value() == (resp.status == 200));
    if (!revoked) {
        FUZZ_CHECK(revoked.error().code == f.code && revoked.error().response.has_value() == f.response.has_value());
        fuzz::client::check_failure(revoked.error(), resp, 200);
    }
    return 0;
}
