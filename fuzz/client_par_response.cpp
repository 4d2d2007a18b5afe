// Property: a pushed authorization response (RFC 9126 §2.2) is read only from a 201 JSON object with a request_uri
// and a positive expires_in, and the request_uri a peer sent cannot add anything to the authorization URL built
// from it (RFC 9126 §4). The input is an HTTP response in support.hpp's text form. Checked: accepted ⇒ status
// 201, a JSON media type, no duplicates, request_uri non-empty, expires_in > 0 and expires_at = now + expires_in;
// make_pushed_authorization_url on an endpoint that has a query of its own gives a URL whose query, decoded with
// Boost.URL, is exactly that query's parameter, client_id and request_uri — with the values sent.
#include <authwire/oauth/par.hpp>

#include "client_support.hpp"

#include <boost/url/url.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    auto const& now = fuzz::client::now;
    auto p = oauth::parse_pushed_authorization_response(resp, now);
    fuzz::trace("parse_pushed_authorization_response: %s",
                p ? p->request_uri.c_str() : p.error().code.message().c_str());
    if (!p) {
        fuzz::client::check_failure(p.error(), resp, 201);
        return 0;
    }
    fuzz::client::check_json_success(resp, 201);
    FUZZ_CHECK(!p->request_uri.empty());
    FUZZ_CHECK(p->expires_in > std::chrono::seconds::zero() && p->expires_at == now + p->expires_in);

    constexpr std::string_view client_id = "s6BhdRkqt3 &=+%";
    auto url = oauth::make_pushed_authorization_url("https://as.example/authorize?ui=dark", client_id, p->request_uri);
    FUZZ_CHECK(url.has_value());
    using param = std::pair<std::string, std::string>;
    std::vector<param> params;
    for (auto const& q : url->params()) params.emplace_back(q.key, q.value);
    FUZZ_CHECK(params.size() == 3);
    FUZZ_CHECK(params[0] == param("ui", "dark"));
    FUZZ_CHECK(params[1] == param("client_id", std::string(client_id)));
    FUZZ_CHECK(params[2].first == "request_uri" && params[2].second == p->request_uri);
    FUZZ_CHECK(url->encoded_origin() == "https://as.example" && url->encoded_path() == "/authorize" &&
               !url->has_fragment());
    return 0;
}
