// Property: the token response parser never throws or crashes, under any mix of quirks; what it accepts is
// well-formed (a non-empty access token and type, an expiry not before `now`), and to_json writes it back as a
// strict RFC 6749 §5.1 body that parses again to the same token without any quirk.
// The first input byte picks the options and the status; the rest is the body.
#include <authwire/oauth/token_response.hpp>

#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    if (size == 0) return 0;
    auto const flags = data[0];
    oauth::token_response_options opt;
    opt.allow.expires_in_as_string = (flags & 1) != 0;
    opt.allow.scope_as_array = (flags & 2) != 0;
    opt.allow.missing_token_type = (flags & 4) != 0;
    opt.allow.error_with_status_200 = (flags & 8) != 0;
    opt.any_token_type = (flags & 16) != 0;
    http_response resp;
    resp.status = (flags & 32) != 0 ? 400 : 200;
    resp.headers.append("Content-Type", (flags & 64) != 0 ? "application/json;charset=UTF-8" : "application/json");
    resp.body.assign(reinterpret_cast<char const*>(data + 1), size - 1);
    auto const now = std::chrono::system_clock::time_point{} + std::chrono::seconds(1700000000);

    auto t = oauth::parse_token_response(resp, now, opt);
    if (!t) {
        if (t.error().response && t.error().response->error.empty()) std::abort();
        return 0;
    }
    if (t->access_token.empty() || t->token_type.empty()) std::abort();
    if (t->expires_at && *t->expires_at < now) std::abort();
    if (!opt.any_token_type && !t->is_bearer()) std::abort();

    http_response back;
    back.status = 200;
    back.headers.append("Content-Type", "application/json");
    back.body = boost::json::serialize(oauth::to_json(*t));
    oauth::token_response_options strict;
    strict.any_token_type = opt.any_token_type;
    strict.limits.max_size = back.body.size() + 1;
    auto again = oauth::parse_token_response(back, now, strict);
    if (!again || !(again->access_token == t->access_token) || again->token_type != t->token_type ||
        again->expires_at != t->expires_at || !(again->refresh_token == t->refresh_token) || again->scope != t->scope ||
        again->quirks_seen.any())
        std::abort();
    return 0;
}
