#include <authwire/server/redirect_uri_policy.hpp>

#include <boost/system/system_error.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace server_redirect_uri_policy_test {

using namespace authwire;
using namespace authwire::server;
using reason = redirect_uri_reason;

std::vector<std::string> const registered = {
    "https://app.example/cb",
    "http://127.0.0.1/cb",
    "http://localhost/cb",
    "http://[::1]/cb",
};

// The reason `requested` is refused against `registered` (nullopt when it matches).
std::optional<reason> refused(std::string_view requested, std::vector<std::string> const& list = registered,
                              redirect_uri_policy const& policy = {}) {
    auto r = policy.match(requested, list);
    if (r) return std::nullopt;
    return r.error().reason;
}

// The reason `uri` cannot be registered (nullopt when it can).
std::optional<reason> invalid(std::string_view uri, redirect_uri_policy const& policy = {}) {
    auto r = policy.validate(uri);
    if (r) return std::nullopt;
    return r.error().reason;
}

BOOST_AUTO_TEST_SUITE(server_redirect_uri_policy)

// --- the attack cases of issue 5, one assertion each, against the registered list above ----------------------

BOOST_AUTO_TEST_CASE(userinfo_trick) {
    BOOST_TEST((refused("https://app.example@evil.com/cb") == reason::userinfo));
}
BOOST_AUTO_TEST_CASE(empty_userinfo) { BOOST_TEST((refused("https://@app.example/cb") == reason::userinfo)); }
BOOST_AUTO_TEST_CASE(dot_dot_segment) { BOOST_TEST((refused("https://app.example/cb/../x") == reason::dot_segment)); }
BOOST_AUTO_TEST_CASE(dot_segment_single) { BOOST_TEST((refused("https://app.example/cb/./x") == reason::dot_segment)); }
BOOST_AUTO_TEST_CASE(encoded_dot_dot_segment) {
    BOOST_TEST((refused("https://app.example/cb/%2e%2e/x") == reason::dot_segment));
}
BOOST_AUTO_TEST_CASE(mixed_case_encoded_dot_dot_segment) {
    BOOST_TEST((refused("https://app.example/cb/%2E./x") == reason::dot_segment));
}
BOOST_AUTO_TEST_CASE(trailing_dot_dot_segment) { BOOST_TEST((refused("https://app.example/cb/..") == reason::dot_segment)); }
BOOST_AUTO_TEST_CASE(extra_path_segment) { BOOST_TEST((refused("https://app.example/cb/extra") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(path_prefix_only) { BOOST_TEST((refused("https://app.example/cbx") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(trailing_slash) { BOOST_TEST((refused("https://app.example/cb/") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(query_appended) { BOOST_TEST((refused("https://app.example/cb?a=b") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(empty_query_appended) { BOOST_TEST((refused("https://app.example/cb?") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(fragment) { BOOST_TEST((refused("https://app.example/cb#frag") == reason::fragment)); }
BOOST_AUTO_TEST_CASE(empty_fragment) { BOOST_TEST((refused("https://app.example/cb#") == reason::fragment)); }
BOOST_AUTO_TEST_CASE(localhost_suffix_domain_http) {
    BOOST_TEST((refused("http://localhost.evil.test/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(localhost_suffix_domain_https) {
    BOOST_TEST((refused("https://localhost.evil.test/cb") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(loopback_ip_suffix_domain) {
    BOOST_TEST((refused("http://127.0.0.1.nip.io/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(loopback_ip_suffix_domain_with_port) {
    BOOST_TEST((refused("http://127.0.0.1.nip.io:51004/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(loopback_ip_prefixed_name) { BOOST_TEST((refused("http://127.0.0.1x/cb") == reason::insecure_http)); }
BOOST_AUTO_TEST_CASE(loopback_ip_prefixed_name_with_port) {
    BOOST_TEST((refused("http://127.0.0.1.evil.test:51004/cb", {"http://127.0.0.1/cb"}) == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(backslash_before_at) {
    BOOST_TEST((refused("https://app.example\\@evil.com/cb") == reason::backslash));
}
BOOST_AUTO_TEST_CASE(backslash_authority_confusion) {
    BOOST_TEST((refused("https://evil.com\\@app.example/cb") == reason::backslash));
}
BOOST_AUTO_TEST_CASE(backslash_in_path) { BOOST_TEST((refused("https://app.example/cb\\..\\x") == reason::backslash)); }
BOOST_AUTO_TEST_CASE(backslash_as_slash) { BOOST_TEST((refused("https:\\\\evil.com/cb") == reason::backslash)); }
BOOST_AUTO_TEST_CASE(upper_case_scheme) { BOOST_TEST((refused("HTTPS://app.example/cb") == reason::scheme_not_lowercase)); }
BOOST_AUTO_TEST_CASE(mixed_case_scheme) { BOOST_TEST((refused("Https://app.example/cb") == reason::scheme_not_lowercase)); }
BOOST_AUTO_TEST_CASE(upper_case_host) { BOOST_TEST((refused("https://APP.example/cb") == reason::host_not_lowercase)); }
BOOST_AUTO_TEST_CASE(upper_case_localhost) { BOOST_TEST((refused("http://LOCALHOST/cb") == reason::host_not_lowercase)); }
BOOST_AUTO_TEST_CASE(trailing_dot_host) { BOOST_TEST((refused("https://app.example./cb") == reason::host_trailing_dot)); }
BOOST_AUTO_TEST_CASE(trailing_dot_localhost) { BOOST_TEST((refused("http://localhost./cb") == reason::host_trailing_dot)); }
BOOST_AUTO_TEST_CASE(ipv6_loopback_not_canonical) {
    BOOST_TEST((refused("http://[0:0:0:0:0:0:0:1]/cb") == reason::ipv6_not_canonical));
}
BOOST_AUTO_TEST_CASE(ipv6_loopback_zero_padded) {
    BOOST_TEST((refused("http://[::0001]/cb") == reason::ipv6_not_canonical));
}
BOOST_AUTO_TEST_CASE(ipv4_mapped_loopback) {
    BOOST_TEST((refused("http://[::ffff:127.0.0.1]/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(short_ipv4_loopback) { BOOST_TEST((refused("http://127.1/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(decimal_ipv4_loopback) { BOOST_TEST((refused("http://2130706433/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(hex_ipv4_loopback) { BOOST_TEST((refused("http://0x7f000001/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(hex_octet_ipv4_loopback) { BOOST_TEST((refused("http://0x7f.0.0.1/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(octal_ipv4_loopback) { BOOST_TEST((refused("http://0177.0.0.1/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(zero_padded_ipv4_loopback) { BOOST_TEST((refused("http://127.000.0.1/cb") == reason::host_numeric)); }
BOOST_AUTO_TEST_CASE(other_loopback_range_address) {
    BOOST_TEST((refused("http://127.0.0.2/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(http_to_registered_https_host) {
    BOOST_TEST((refused("http://app.example/cb") == reason::insecure_http));
}
BOOST_AUTO_TEST_CASE(http_to_other_host) { BOOST_TEST((refused("http://evil.com/cb") == reason::insecure_http)); }
BOOST_AUTO_TEST_CASE(port_variance_on_https_host) {
    BOOST_TEST((refused("https://app.example:8443/cb") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(explicit_default_port_on_https_host) {
    BOOST_TEST((refused("https://app.example:443/cb") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(port_variance_on_localhost_name) {
    BOOST_TEST((refused("http://localhost:51004/cb") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(other_host) { BOOST_TEST((refused("https://evil.com/cb") == reason::not_registered)); }
BOOST_AUTO_TEST_CASE(registered_host_as_subdomain_of_attacker) {
    BOOST_TEST((refused("https://app.example.evil.com/cb") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(percent_encoded_host) { BOOST_TEST((refused("https://%61pp.example/cb") == reason::invalid_host)); }
BOOST_AUTO_TEST_CASE(percent_encoded_path_letter) {
    BOOST_TEST((refused("https://app.example/%63b") == reason::not_registered));
}
BOOST_AUTO_TEST_CASE(encoded_slash) { BOOST_TEST((refused("https://app.example/cb%2f..%2fx") == reason::encoded_separator)); }
BOOST_AUTO_TEST_CASE(encoded_backslash) { BOOST_TEST((refused("https://app.example/cb%5Cx") == reason::encoded_separator)); }
BOOST_AUTO_TEST_CASE(space) { BOOST_TEST((refused("https://app.example/cb x") == reason::invalid_character)); }
BOOST_AUTO_TEST_CASE(tab) { BOOST_TEST((refused("https://app.example/cb\t") == reason::invalid_character)); }
BOOST_AUTO_TEST_CASE(embedded_nul) {
    BOOST_TEST((refused(std::string_view("https://app.example/cb\0x", 24)) == reason::invalid_character));
}
BOOST_AUTO_TEST_CASE(non_ascii) { BOOST_TEST((refused("https://app.example/cb\xc3\xa9") == reason::invalid_character)); }
BOOST_AUTO_TEST_CASE(empty) { BOOST_TEST((refused("") == reason::empty)); }
BOOST_AUTO_TEST_CASE(relative_reference) { BOOST_TEST((refused("/cb") == reason::not_absolute_uri)); }
BOOST_AUTO_TEST_CASE(scheme_relative_reference) {
    BOOST_TEST((refused("//app.example/cb") == reason::not_absolute_uri));
}
BOOST_AUTO_TEST_CASE(javascript_scheme) { BOOST_TEST((refused("javascript:alert(1)") == reason::scheme_not_allowed)); }
BOOST_AUTO_TEST_CASE(data_scheme) { BOOST_TEST((refused("data:text/html,x") == reason::scheme_not_allowed)); }
BOOST_AUTO_TEST_CASE(empty_host) { BOOST_TEST((refused("https:///cb") == reason::missing_host)); }
BOOST_AUTO_TEST_CASE(no_authority) { BOOST_TEST((refused("https:/cb") == reason::missing_host)); }
BOOST_AUTO_TEST_CASE(underscore_in_host) { BOOST_TEST((refused("https://app_x.example/cb") == reason::invalid_host)); }
BOOST_AUTO_TEST_CASE(empty_label) { BOOST_TEST((refused("https://app..example/cb") == reason::invalid_host)); }
BOOST_AUTO_TEST_CASE(leading_hyphen_label) { BOOST_TEST((refused("https://-app.example/cb") == reason::invalid_host)); }
BOOST_AUTO_TEST_CASE(ipvfuture) { BOOST_TEST((refused("https://[v1.x]/cb") == reason::invalid_host)); }
BOOST_AUTO_TEST_CASE(empty_port) { BOOST_TEST((refused("http://127.0.0.1:/cb") == reason::invalid_port)); }
BOOST_AUTO_TEST_CASE(port_zero) { BOOST_TEST((refused("http://127.0.0.1:0/cb") == reason::invalid_port)); }
BOOST_AUTO_TEST_CASE(port_out_of_range) { BOOST_TEST((refused("http://127.0.0.1:65536/cb") == reason::invalid_port)); }
BOOST_AUTO_TEST_CASE(port_wrapping_to_valid) { BOOST_TEST((refused("http://127.0.0.1:131073/cb") == reason::invalid_port)); }
BOOST_AUTO_TEST_CASE(port_leading_zero) { BOOST_TEST((refused("http://127.0.0.1:080/cb") == reason::invalid_port)); }
BOOST_AUTO_TEST_CASE(too_long) {
    BOOST_TEST((refused("https://app.example/cb?" + std::string(3000, 'a')) == reason::too_long));
}

// --- what is accepted ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(exact_matches) {
    for (std::size_t i = 0; i < registered.size(); ++i) {
        auto r = redirect_uri_policy{}.match(registered[i], registered);
        BOOST_REQUIRE(r);
        BOOST_TEST(*r == i);
    }
}

BOOST_AUTO_TEST_CASE(loopback_ip_port_variance) {
    redirect_uri_policy const policy;
    BOOST_TEST(policy.match("http://127.0.0.1:51004/cb", registered).value() == 1u);
    BOOST_TEST(policy.match("http://[::1]:8080/cb", registered).value() == 3u);
    // Registered with a port, requested with another.
    std::vector<std::string> const with_port = {"http://127.0.0.1:3000/cb?x=1"};
    BOOST_TEST(policy.match("http://127.0.0.1:51004/cb?x=1", with_port).value() == 0u);
    BOOST_TEST(policy.match("http://127.0.0.1/cb?x=1", with_port).value() == 0u);
}

BOOST_AUTO_TEST_CASE(loopback_port_variance_keeps_everything_else_exact) {
    std::vector<std::string> const v4_only = {"http://127.0.0.1/cb?x=1"};
    BOOST_TEST((refused("http://127.0.0.1:5/cb", v4_only) == reason::not_registered));          // query dropped
    BOOST_TEST((refused("http://127.0.0.1:5/cb?x=2", v4_only) == reason::not_registered));      // query changed
    BOOST_TEST((refused("http://127.0.0.1:5/cb/x?x=1", v4_only) == reason::not_registered));    // path changed
    BOOST_TEST((refused("http://[::1]:5/cb?x=1", v4_only) == reason::not_registered));          // other loopback
    BOOST_TEST((refused("https://127.0.0.1:5/cb?x=1", v4_only) == reason::not_registered));     // other scheme
    // A registered entry that no longer passes the policy never matches, not even up to the port.
    std::vector<std::string> const broken = {"http://127.0.0.1:0/cb"};
    BOOST_TEST((refused("http://127.0.0.1:5/cb", broken) == reason::not_registered));
}

BOOST_AUTO_TEST_CASE(https_with_query_exact) {
    std::vector<std::string> const list = {"https://app.example/cb?tenant=1"};
    BOOST_TEST(redirect_uri_policy{}.match("https://app.example/cb?tenant=1", list).value() == 0u);
    BOOST_TEST((refused("https://app.example/cb?tenant=1&x=2", list) == reason::not_registered));
    BOOST_TEST((refused("https://app.example/cb?tenant=%31", list) == reason::not_registered));
}

// Issue 12, RFC 6749 §3.1 and §4.1.2: the authorization response adds code, state and iss (or error,
// error_description, error_uri) to the redirect URI, and parameters must not repeat — a URI whose query already
// names one would carry it twice, an injected value first (weakening RFC 9207). Refused at registration and at
// the authorization endpoint alike, whatever the spelling.
BOOST_AUTO_TEST_CASE(a_query_naming_a_response_parameter) {
    for (std::string_view uri :
         {"https://app.example/cb?code=x&state=y&iss=z", "https://app.example/cb?code=x",
          "https://app.example/cb?state=", "https://app.example/cb?tenant=1&iss=https%3A%2F%2Fevil.example",
          "https://app.example/cb?error=access_denied", "https://app.example/cb?error_description=x",
          "https://app.example/cb?error_uri=x", "https://app.example/cb?code", "https://app.example/cb?co%64e=x",
          "https://app.example/cb?%63%6F%64%65=x", "https://app.example/cb?a=1;state=2",
          "http://127.0.0.1:8080/cb?iss=x", "http://localhost/cb?x=1&&code=2"}) {
        BOOST_TEST((invalid(uri) == reason::response_parameter_in_query), uri);
        BOOST_TEST((refused(uri, {std::string(uri)}) == reason::response_parameter_in_query), uri);
    }
    redirect_uri_policy const private_use({.allow_private_use_schemes = true});
    BOOST_TEST((invalid("com.example.app:/cb?state=1", private_use) == reason::response_parameter_in_query));
    // A registered entry like that (stored before this rule) never matches, and is never the default.
    std::vector<std::string> const stored = {"https://app.example/cb?code=x"};
    BOOST_TEST((refused("https://app.example/cb?code=x", stored) == reason::response_parameter_in_query));
    BOOST_TEST(!redirect_uri_policy{}.resolve(std::nullopt, stored));
    // Other names — even ones that contain a response parameter's name — and values are fine.
    for (std::string_view uri : {"https://app.example/cb?codes=1", "https://app.example/cb?x=code",
                                 "https://app.example/cb?my_state=1&issuer=2", "https://app.example/cb?Code=1"})
        BOOST_TEST(!invalid(uri).has_value(), uri);
    BOOST_TEST(describe(reason::response_parameter_in_query).find("state") != std::string_view::npos);
}

BOOST_AUTO_TEST_CASE(localhost_exact_with_port) {
    std::vector<std::string> const list = {"http://localhost:1234/callback"};
    BOOST_TEST(redirect_uri_policy{}.match("http://localhost:1234/callback", list).value() == 0u);
    BOOST_TEST((refused("http://localhost:1235/callback", list) == reason::not_registered));
}

BOOST_AUTO_TEST_CASE(validation_kinds) {
    redirect_uri_policy const policy;
    BOOST_TEST((policy.validate("https://app.example/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("https://app.example").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("https://192.0.2.7:8443/cb?x=1").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("https://[2001:db8::7]/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("https://xn--bcher-kva.example/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("http://127.0.0.1:65535/cb").value() == redirect_uri_kind::loopback_ip));
    BOOST_TEST((policy.validate("http://[::1]/").value() == redirect_uri_kind::loopback_ip));
    BOOST_TEST((policy.validate("http://localhost:3000/callback").value() == redirect_uri_kind::localhost));
    BOOST_TEST((invalid("https://[2001:DB8::7]/cb") == reason::ipv6_not_canonical));
    // Boost.URL 1.81 alone would read these hosts as an IPv4 address followed by a path; they are names.
    BOOST_TEST((policy.validate("https://1.2.3.4.example.com/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((policy.validate("https://127.0.0.1.nip.io:8443/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((invalid("https://[::1]x/cb") == reason::invalid_host));
    BOOST_TEST((invalid("https://[::1/cb") == reason::not_absolute_uri));
    BOOST_TEST((invalid("https://app.example/.well-known/x") == std::nullopt));  // a dot-led segment is fine
    BOOST_TEST((invalid("https://app.example/cb..x") == std::nullopt));
}

BOOST_AUTO_TEST_CASE(localhost_switch) {
    redirect_uri_policy const strict(redirect_uri_options{.allow_localhost = false});
    BOOST_TEST((invalid("http://localhost/cb", strict) == reason::localhost_not_allowed));
    BOOST_TEST((refused("http://localhost/cb", registered, strict) == reason::localhost_not_allowed));
    BOOST_TEST((strict.validate("https://localhost/cb").value() == redirect_uri_kind::https));
    BOOST_TEST((strict.validate("http://127.0.0.1/cb").value() == redirect_uri_kind::loopback_ip));
}

BOOST_AUTO_TEST_CASE(private_use_schemes) {
    BOOST_TEST((invalid("com.example.app:/cb") == reason::scheme_not_allowed));  // off by default
    redirect_uri_policy const native(redirect_uri_options{.allow_private_use_schemes = true});
    BOOST_TEST((native.validate("com.example.app:/oauth2redirect/provider").value() == redirect_uri_kind::private_use));
    BOOST_TEST((invalid("com.example.app://cb", native) == reason::private_use_authority));
    BOOST_TEST((invalid("com.example.app:cb", native) == reason::private_use_path));
    BOOST_TEST((invalid("myapp:/cb", native) == reason::scheme_not_allowed));  // not a reverse domain name
    BOOST_TEST((invalid("com..app:/cb", native) == reason::scheme_not_allowed));
    BOOST_TEST((invalid("Com.example.app:/cb", native) == reason::scheme_not_lowercase));
    BOOST_TEST((invalid("com.example.app:/cb/../x", native) == reason::dot_segment));
    BOOST_TEST((invalid("com.example.app:/cb#x", native) == reason::fragment));
    BOOST_TEST((invalid("javascript:alert(1)", native) == reason::scheme_not_allowed));
    std::vector<std::string> const list = {"com.example.app:/cb"};
    BOOST_TEST(native.match("com.example.app:/cb", list).value() == 0u);
    BOOST_TEST((refused("com.example.app:/cb/x", list, native) == reason::not_registered));
}

// Issue 14, OpenID Connect Registration 1.0 §2 and RFC 8252 §7: the redirect URIs each application_type may
// use, the server's switches, and the type inferred for a client that sends none.
BOOST_AUTO_TEST_CASE(application_type_rules) {
    using at = application_type;
    BOOST_TEST((parse_application_type("web") == at::web));
    BOOST_TEST((parse_application_type("native") == at::native));
    for (std::string_view bad : {"", "Web", "NATIVE", "browser", "native "})
        BOOST_TEST(!parse_application_type(bad).has_value(), bad);
    BOOST_TEST(to_string(at::web) == "web");
    BOOST_TEST(to_string(at::native) == "native");

    redirect_uri_policy const policy;
    auto refused_for = [](redirect_uri_policy const& p, std::string_view uri, at t) -> std::optional<reason> {
        auto r = p.validate(uri, t);
        if (r) return std::nullopt;
        return r.error().reason;
    };
    // web: https only; no loopback, no localhost, no private-use scheme.
    BOOST_TEST((policy.validate("https://app.example/cb", at::web).value() == redirect_uri_kind::https));
    BOOST_TEST((refused_for(policy, "http://127.0.0.1:8080/cb", at::web) == reason::not_for_web_client));
    BOOST_TEST((refused_for(policy, "http://[::1]/cb", at::web) == reason::not_for_web_client));
    BOOST_TEST((refused_for(policy, "http://localhost:3000/cb", at::web) == reason::not_for_web_client));
    BOOST_TEST((refused_for(policy, "com.example.app:/cb", at::web) == reason::scheme_not_allowed));
    BOOST_TEST((refused_for(policy, "http://app.example/cb", at::web) == reason::insecure_http));
    BOOST_TEST(describe(reason::not_for_web_client).find("native") != std::string_view::npos);
    // native: loopback on any port, private-use schemes, and claimed https (RFC 8252 §7.2).
    BOOST_TEST((policy.validate("http://127.0.0.1:53682/cb", at::native).value() == redirect_uri_kind::loopback_ip));
    BOOST_TEST((policy.validate("http://[::1]:1/cb", at::native).value() == redirect_uri_kind::loopback_ip));
    BOOST_TEST((policy.validate("http://localhost:3000/cb", at::native).value() == redirect_uri_kind::localhost));
    BOOST_TEST((policy.validate("com.example.app:/cb", at::native).value() == redirect_uri_kind::private_use));
    BOOST_TEST((policy.validate("https://app.example/cb", at::native).value() == redirect_uri_kind::https));
    // The general rules still hold for both.
    for (auto t : {at::web, at::native}) {
        BOOST_TEST((refused_for(policy, "http://evil.example/cb", t) == reason::insecure_http));
        BOOST_TEST((refused_for(policy, "http://127.0.0.1.nip.io/cb", t) == reason::insecure_http));
        BOOST_TEST((refused_for(policy, "https://app.example/cb#x", t) == reason::fragment));
        BOOST_TEST((refused_for(policy, "javascript:alert(1)", t) == reason::scheme_not_allowed));
        BOOST_TEST((refused_for(policy, "http://127.0.0.1/cb?code=x", t) == reason::response_parameter_in_query));
    }
    redirect_uri_policy const no_localhost(redirect_uri_options{.allow_localhost = false});
    BOOST_TEST((refused_for(no_localhost, "http://localhost/cb", at::native) == reason::localhost_not_allowed));

    // The server's policy may allow more for web clients, or less for native ones.
    redirect_uri_policy const lenient(redirect_uri_options{.allow_private_use_schemes = true, .web_allows_loopback = true});
    BOOST_TEST((lenient.validate("http://127.0.0.1/cb", at::web).value() == redirect_uri_kind::loopback_ip));
    BOOST_TEST((lenient.validate("com.example.app:/cb", at::web).value() == redirect_uri_kind::private_use));
    redirect_uri_policy const no_schemes(redirect_uri_options{.native_allows_private_use_schemes = false});
    BOOST_TEST((refused_for(no_schemes, "com.example.app:/cb", at::native) == reason::scheme_not_allowed));

    // Matching and resolving apply the client's type; without one, the plain rules (as before).
    std::vector<std::string> const loopback = {"http://127.0.0.1/cb"};
    BOOST_TEST((policy.match("http://127.0.0.1:4000/cb", loopback, at::web).error() == reason::not_for_web_client));
    BOOST_TEST(policy.match("http://127.0.0.1:4000/cb", loopback, at::native).value() == 0u);
    BOOST_TEST(policy.match("http://127.0.0.1:4000/cb", loopback).value() == 0u);
    BOOST_TEST((policy.resolve(std::nullopt, loopback, at::web).error() == reason::not_for_web_client));
    BOOST_TEST(policy.resolve(std::nullopt, loopback, at::native).value() == "http://127.0.0.1/cb");
    std::vector<std::string> const scheme = {"com.example.app:/cb"};
    BOOST_TEST(policy.match("com.example.app:/cb", scheme, at::native).value() == 0u);
    BOOST_TEST((policy.match("com.example.app:/cb", scheme).error() == reason::scheme_not_allowed));

    // Inference: native only when every URI is loopback or private-use.
    using uris = std::vector<std::string>;
    BOOST_TEST((policy.application_type_for(uris{"http://127.0.0.1:3000/cb", "http://[::1]/cb"}) == at::native));
    BOOST_TEST((policy.application_type_for(uris{"http://localhost/cb", "com.example.app:/cb"}) == at::native));
    BOOST_TEST((policy.application_type_for(uris{"http://127.0.0.1/cb", "https://app.example/cb"}) == at::web));
    BOOST_TEST((policy.application_type_for(uris{"https://app.example/cb"}) == at::web));
    BOOST_TEST((policy.application_type_for(uris{"http://evil.example/cb"}) == at::web));
    BOOST_TEST((policy.application_type_for(uris{}) == at::web));
    redirect_uri_policy const oidc_default(redirect_uri_options{.infer_application_type = false});
    BOOST_TEST((oidc_default.application_type_for(uris{"http://127.0.0.1/cb"}) == at::web));
}

BOOST_AUTO_TEST_CASE(resolve_per_rfc6749_3_1_2_3) {
    redirect_uri_policy const policy;
    std::vector<std::string> const one = {"http://127.0.0.1/cb"};
    BOOST_TEST(policy.resolve(std::nullopt, one).value() == "http://127.0.0.1/cb");
    BOOST_TEST(policy.resolve(std::string_view("http://127.0.0.1:7777/cb"), one).value() == "http://127.0.0.1:7777/cb");
    BOOST_TEST((policy.resolve(std::nullopt, registered).error() == reason::missing));
    BOOST_TEST((policy.resolve(std::nullopt, {}).error() == reason::missing));
    BOOST_TEST((policy.resolve(std::string_view("https://evil.com/cb"), one).error() == reason::not_registered));
    std::vector<std::string> const stale = {"http://localhost/cb"};
    redirect_uri_policy const strict(redirect_uri_options{.allow_localhost = false});
    BOOST_TEST((strict.resolve(std::nullopt, stale).error() == reason::localhost_not_allowed));
}

BOOST_AUTO_TEST_CASE(rejection_maps_to_invalid_redirect_uri) {
    auto r = redirect_uri_policy{}.validate("https://app.example/cb#x");
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().code() == error::redirect_uri_rejected));
    BOOST_TEST((r.error().code() == condition::policy_rejection));
    auto const resp = r.error().to_error_response();
    BOOST_TEST(resp.error == "invalid_redirect_uri");
    BOOST_TEST(resp.status == 400u);
    BOOST_TEST(resp.error_description == "redirect_uri must not contain a fragment");
    BOOST_CHECK_THROW((void)r.value(), boost::system::system_error);
    for (int i = 1; i <= static_cast<int>(reason::missing); ++i)
        BOOST_TEST(!describe(static_cast<reason>(i)).empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_redirect_uri_policy_test
