// Property: discovery documents — authorization server metadata (RFC 8414 §3.2–3.3) and protected resource
// metadata (RFC 9728 §3.2–3.3) — are accepted only when they are about the issuer or resource the client asked
// for, and only with secure URLs. The input is an HTTP response in support.hpp's text form; pseudo-headers choose
// what is read: `X-Fuzz-Document: resource` (else authorization server), `X-Fuzz-Expected: <issuer or
// resource>` (default https://as.example, https://mcp.example/mcp), `X-Fuzz-Options:` with `loopback` (allow
// http on loopback hosts) and `prefix` (resource_match::same_origin_prefix). Checked with Boost.URL directly:
//  - authorization server: 200, JSON, no duplicates; "issuer" equals the expected one exactly and is an https
//    URL (or loopback http when allowed) without query, fragment or userinfo; every endpoint and jwks_uri is such
//    a URL (with a query allowed); response_types_supported present;
//  - protected resource: "resource" is the expected one — exactly, or with `prefix` on the same origin (scheme,
//    host, port) and a prefix of its path; another origin never; https (or loopback http) URLs throughout, every
//    authorization_servers entry a valid issuer;
//  - both: to_json (what authwire's metadata endpoints publish) keeps every member name and reads back the same.
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>

#include "client_support.hpp"

#include <boost/url/parse.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace {

using namespace authwire;

bool acceptable_url(std::string_view s, bool loopback) {
    return fuzz::client::is_http_url(s, true) || (loopback && fuzz::client::is_loopback_http(s));
}

bool acceptable_issuer(std::string_view s, bool loopback) {
    if (!acceptable_url(s, loopback)) return false;
    auto u = boost::urls::parse_absolute_uri(s);
    return !u->has_query() && !u->has_userinfo();
}

std::uint16_t port_of(boost::urls::url_view u) {
    if (u.has_port()) return u.port_number();
    return u.scheme_id() == boost::urls::scheme::https ? 443 : 80;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The document's resource is the called URL, or on its origin with a path that is a prefix of the called one.
bool same_origin_prefix(std::string_view document, std::string_view called) {
    if (document == called) return true;
    auto d = boost::urls::parse_absolute_uri(document);
    auto c = boost::urls::parse_absolute_uri(called);
    if (!d || !c) return false;
    return lower(d->scheme()) == lower(c->scheme()) && lower(d->encoded_host()) == lower(c->encoded_host()) &&
           port_of(*d) == port_of(*c) && std::string_view(c->encoded_path()).starts_with(d->encoded_path());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    auto const resp = fuzz::parse_response(fuzz::text_of(data, size));
    bool const resource_document = resp.header("X-Fuzz-Document") == std::optional<std::string_view>("resource");
    auto const options = std::string(resp.header("X-Fuzz-Options").value_or(""));
    oauth::metadata_options opt;
    opt.allow_http_loopback = options.find("loopback") != std::string::npos;
    bool const prefix = options.find("prefix") != std::string::npos;
    auto const expected = std::string(
        resp.header("X-Fuzz-Expected").value_or(resource_document ? "https://mcp.example/mcp" : "https://as.example"));

    if (resource_document) {
        auto const match = prefix ? oauth::resource_match::same_origin_prefix : oauth::resource_match::exact;
        auto m = oauth::parse_protected_resource_metadata_response(resp, expected, opt, match);
        fuzz::trace("protected resource metadata: %s", m ? m->resource.c_str() : m.error().code.message().c_str());
        if (!m) {
            fuzz::client::check_failure(m.error(), resp, 200);
            return 0;
        }
        fuzz::client::check_json_success(resp, 200);
        FUZZ_CHECK(prefix ? same_origin_prefix(m->resource, expected) : m->resource == expected);
        FUZZ_CHECK(acceptable_url(m->resource, opt.allow_http_loopback));
        if (m->authorization_servers)
            for (auto const& as : *m->authorization_servers) FUZZ_CHECK(acceptable_issuer(as, opt.allow_http_loopback));
        if (m->jwks_uri) FUZZ_CHECK(acceptable_url(*m->jwks_uri, opt.allow_http_loopback));
        auto const written = oauth::to_json(*m);
        fuzz::client::check_members_kept(resp.body, written);
        auto again = oauth::parse_protected_resource_metadata_response(fuzz::client::json_reply(200, written), expected,
                                                                       opt, match);
        FUZZ_CHECK(again.has_value() && fuzz::same_up_to_two_ulps(oauth::to_json(*again), written, false));
        return 0;
    }
    auto m = oauth::parse_authorization_server_metadata_response(resp, expected, opt);
    fuzz::trace("authorization server metadata: %s", m ? m->issuer.c_str() : m.error().code.message().c_str());
    if (!m) {
        fuzz::client::check_failure(m.error(), resp, 200);
        return 0;
    }
    fuzz::client::check_json_success(resp, 200);
    FUZZ_CHECK(m->issuer == expected && acceptable_issuer(m->issuer, opt.allow_http_loopback));
    for (auto const* e : {&m->authorization_endpoint, &m->token_endpoint, &m->jwks_uri, &m->registration_endpoint,
                          &m->revocation_endpoint, &m->introspection_endpoint, &m->device_authorization_endpoint,
                          &m->pushed_authorization_request_endpoint, &m->userinfo_endpoint})
        if (*e) FUZZ_CHECK(acceptable_url(**e, opt.allow_http_loopback));
    auto const body = authwire::parse_json_object(resp.body).value();
    FUZZ_CHECK(body.contains("response_types_supported"));
    auto const written = oauth::to_json(*m);
    fuzz::client::check_members_kept(resp.body, written);
    auto again =
        oauth::parse_authorization_server_metadata_response(fuzz::client::json_reply(200, written), expected, opt);
    FUZZ_CHECK(again.has_value() && fuzz::same_up_to_two_ulps(oauth::to_json(*again), written, false));
    return 0;
}
