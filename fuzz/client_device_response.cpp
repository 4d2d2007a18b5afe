// Property: the device authorization grant's two responses (RFC 8628 §3.2, §3.5) are read as the RFC says. The
// input is an HTTP response in support.hpp's text form; with a pseudo-header `X-Fuzz-Poll: <seconds>` it is the
// token endpoint's answer to a device_code poll made with that interval, otherwise the device authorization
// response. Checked:
//  - device authorization: 200, JSON, no duplicates; device_code, user_code non-empty; verification_uri (and
//    verification_uri_complete) absolute http(s) URLs without fragment (Boost.URL directly); expires_in a
//    positive integer and expires_at = now + expires_in exactly; interval 1…3600 when sent, else 5;
//  - poll: `granted` exactly when the body is a token response authwire accepts, with a non-empty access
//    token; the other four outcomes exactly for the error strings authorization_pending (same interval),
//    slow_down (interval + 5 s), expired_token, access_denied, each with the peer's error response; any other
//    error is a failure.
#include <authwire/oauth/device.hpp>

#include "client_support.hpp"

#include <charconv>
#include <chrono>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    auto const& now = fuzz::client::now;
    if (auto poll = resp.header("X-Fuzz-Poll")) {
        std::int64_t seconds = 5;
        std::from_chars(poll->data(), poll->data() + poll->size(), seconds);
        if (seconds < 0 || seconds > 3600) seconds = 5;
        auto const interval = std::chrono::seconds(seconds);
        auto r = oauth::parse_device_token_response(resp, now, interval);
        auto const token = oauth::parse_token_response(resp, now);
        fuzz::trace("parse_device_token_response: %s",
                    r ? std::to_string(static_cast<int>(r->status)).c_str() : r.error().code.message().c_str());
        if (!r) {
            fuzz::client::check_failure(r.error(), resp, 200);
            FUZZ_CHECK(!token.has_value());
            return 0;
        }
        using st = oauth::device_poll_status;
        if (r->status == st::granted) {
            FUZZ_CHECK(token.has_value() && r->token && !r->token->access_token.empty());
            return 0;
        }
        FUZZ_CHECK(!token.has_value() && r->response.has_value() && !r->token);
        auto const& e = r->response->error;
        switch (r->status) {
        case st::authorization_pending: FUZZ_CHECK(e == "authorization_pending" && r->interval == interval); break;
        case st::slow_down: FUZZ_CHECK(e == "slow_down" && r->interval == interval + std::chrono::seconds(5)); break;
        case st::expired: FUZZ_CHECK(e == "expired_token"); break;
        case st::denied: FUZZ_CHECK(e == "access_denied"); break;
        case st::granted: break;
        }
        return 0;
    }
    auto d = oauth::parse_device_authorization_response(resp, now);
    fuzz::trace("parse_device_authorization_response: %s", d ? d->user_code.c_str() : d.error().code.message().c_str());
    if (!d) {
        fuzz::client::check_failure(d.error(), resp, 200);
        return 0;
    }
    fuzz::client::check_json_success(resp, 200);
    FUZZ_CHECK(!d->device_code.empty() && !d->user_code.empty());
    FUZZ_CHECK(fuzz::client::is_http_url(d->verification_uri, false));
    if (d->verification_uri_complete) FUZZ_CHECK(fuzz::client::is_http_url(*d->verification_uri_complete, false));
    FUZZ_CHECK(d->expires_in > std::chrono::seconds::zero() && d->expires_at == now + d->expires_in);
    FUZZ_CHECK(d->interval >= std::chrono::seconds(1) && d->interval <= std::chrono::seconds(3600));
    auto const body = authwire::parse_json_object(resp.body).value();
    if (!body.contains("interval")) FUZZ_CHECK(d->interval == std::chrono::seconds(5));
    return 0;
}
