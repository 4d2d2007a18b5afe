// authwire fuzz targets — what the targets of the client's response parsers share: the properties of a failure,
// the round trip through the model's own to_json, and the checks of URLs a peer sent, written with Boost.URL
// directly rather than authwire's helpers.
#pragma once

#include "support.hpp"

#include <authwire/core/error.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/error_response.hpp>

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <optional>
#include <string_view>

namespace fuzz::client {

inline auto const now = std::chrono::system_clock::time_point(std::chrono::seconds(1767222000));

// A failure to read a response: when it carries the peer's RFC 6749 §5.2 error, the response was not the
// success the protocol expects (`success_status`), the error is a non-empty string of NQSCHARs, and the code is
// the registered one for that string (error::oauth_error for others); a failure without it carries a code.
inline void check_failure(authwire::failure const& f, authwire::http_response const& resp,
                          std::optional<unsigned> success_status) {
    FUZZ_CHECK(static_cast<bool>(f.code));
    if (!f.response) return;
    if (success_status) FUZZ_CHECK(resp.status != *success_status);
    FUZZ_CHECK(authwire::oauth::is_error_code_value(f.response->error));
    FUZZ_CHECK(f.code == authwire::make_error_code(authwire::oauth_error_from_name(f.response->error)));
    FUZZ_CHECK(f.response->status == resp.status);
}

// A successful body is read only from a JSON response (RFC 6749 §5.1: application/json, or any +json type).
inline void check_json_success(authwire::http_response const& resp, unsigned success_status) {
    FUZZ_CHECK(resp.status == success_status);
    FUZZ_CHECK(resp.is_json());
    FUZZ_CHECK(!fuzz::json_has_duplicate_member(resp.body));
}

// `body` as the JSON response a server would send.
[[nodiscard]] inline authwire::http_response json_reply(unsigned status, boost::json::object const& body) {
    authwire::http_response r;
    r.status = status;
    r.headers.append("Content-Type", "application/json");
    r.body = boost::json::serialize(body);
    return r;
}

// Every member name of the input object appears in `written` (nothing a peer sent is dropped silently) — except
// the members named in `empty_array_is_absent` when they held an empty array: models that keep such a list as a
// plain vector read [] as "none" and write nothing for it.
inline void check_members_kept(std::string_view input_body, boost::json::object const& written,
                               std::initializer_list<std::string_view> empty_array_is_absent = {}) {
    auto in = authwire::parse_json_object(input_body);
    FUZZ_CHECK(in.has_value());
    for (auto const& m : *in) {
        bool const may_go = m.value().is_array() && m.value().get_array().empty() &&
                            std::find(empty_array_is_absent.begin(), empty_array_is_absent.end(), m.key()) !=
                                empty_array_is_absent.end();
        FUZZ_CHECK(may_go || written.contains(m.key()));
    }
}

// RFC 6749 §3.1.2 / RFC 8414 §2: an absolute http(s) URL with a host and no fragment — checked with Boost.URL
// directly, and by hand for what Boost.URL 1.81 gets wrong (a host that starts with a dotted quad makes it split
// the authority early: boostorg/url#755; after an authority the path must be empty or start with '/').
[[nodiscard]] inline bool is_http_url(std::string_view s, bool https_only) {
    auto u = boost::urls::parse_absolute_uri(s);
    if (!u) return false;
    bool const https = u->scheme_id() == boost::urls::scheme::https;
    if (!https && (https_only || u->scheme_id() != boost::urls::scheme::http)) return false;
    if (!u->has_authority() || u->encoded_host().empty() || u->has_fragment()) return false;
    auto const path = u->encoded_path();
    return path.empty() || path.front() == '/';
}

// RFC 8252 §7.3/§8.3: http to 127.0.0.1, [::1] or localhost, as authwire's metadata options allow for tests.
[[nodiscard]] inline bool is_loopback_http(std::string_view s) {
    auto u = boost::urls::parse_absolute_uri(s);
    if (!u || u->scheme_id() != boost::urls::scheme::http || !is_http_url(s, false)) return false;
    auto const host = u->encoded_host();
    return host == "127.0.0.1" || host == "[::1]" || host == "localhost";
}

} // namespace fuzz::client
