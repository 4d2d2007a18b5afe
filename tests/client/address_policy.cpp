#include <authwire/client/address_policy.hpp>

#include <boost/test/unit_test.hpp>
#include <boost/url/url_view.hpp>

#include <string_view>

namespace client_address_policy_test {

using namespace authwire;
using namespace authwire::client;

host_class of(std::string_view url) { return classify_host(boost::urls::url_view(url)); }

result<void> check(std::string_view target, std::string_view resource, address_policy p = {}) {
    return check_address(boost::urls::url_view(target), boost::urls::url_view(resource), p);
}

BOOST_AUTO_TEST_SUITE(client_address_policy)

// RFC 6890 / RFC 1918 / RFC 4193 / RFC 6761: IP literals classified exactly.
BOOST_AUTO_TEST_CASE(ip_literals) {
    for (auto u : {"https://127.0.0.1/", "https://127.255.0.9/", "https://[::1]/", "https://[::ffff:127.0.0.1]/"})
        BOOST_TEST((of(u) == host_class::loopback), u);
    for (auto u : {"https://10.0.0.1/", "https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.0.1/",
                   "https://100.64.0.1/", "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[fec0::1]/"})
        BOOST_TEST((of(u) == host_class::private_network), u);
    for (auto u : {"https://169.254.169.254/", "https://169.254.0.1/", "https://[fe80::1]/", "https://[febf::1]/",
                   "https://[::ffff:169.254.169.254]/"})
        BOOST_TEST((of(u) == host_class::link_local), u);
    for (auto u : {"https://0.0.0.0/", "https://0.1.2.3/", "https://[::]/", "https://224.0.0.1/",
                   "https://255.255.255.255/", "https://[ff02::1]/", "https://[v1.x]/"})
        BOOST_TEST((of(u) == host_class::unspecified), u);
    for (auto u : {"https://8.8.8.8/", "https://172.15.255.255/", "https://172.32.0.0/", "https://192.169.0.1/",
                   "https://169.253.255.255/", "https://100.128.0.1/", "https://[2001:db8::1]/",
                   "https://[::ffff:8.8.8.8]/"})
        BOOST_TEST((of(u) == host_class::public_host), u);
}

// Names are not resolved — except localhost, and names a resolver would read as IPv4 (WHATWG URL / inet_aton).
BOOST_AUTO_TEST_CASE(names) {
    for (auto u : {"https://localhost/", "https://LOCALHOST:8443/", "https://localhost./", "https://a.b.localhost/",
                   "https://2130706433/", "https://127.1/", "https://0x7f.0.0.1/", "https://0177.0.0.1/",
                   "https://0x7f000001/", "https://127%2E0%2E0%2E1/"})
        BOOST_TEST((of(u) == host_class::loopback), u);
    BOOST_TEST((of("https://169.254.43518/") == host_class::link_local));
    BOOST_TEST((of("https://10.1/") == host_class::private_network));
    // Numeric-looking names that are not addresses are refused rather than guessed.
    for (auto u : {"https://1.2.3.4.5/", "https://256.1.1.1/", "https://1.2.3.256/", "https://4294967296/",
                   "https://0x1g.1/", "https://example.09/", "https://example.0x/"})
        BOOST_TEST((of(u) == host_class::unspecified), u);
    for (auto u : {"https://as.example/", "https://localhost.example/", "https://notlocalhost/", "https://1.example/",
                   "https://example.0xg/"})
        BOOST_TEST((of(u) == host_class::public_host), u);
    // Boost.URL 1.81 reads this as host 127.0.0.1 with path ".nip.io" (boostorg/url#755): not trusted either way.
    BOOST_TEST((of("https://127.0.0.1.nip.io/") == host_class::unspecified));
}

// RFC 9728 §7.7: internal targets refused by default; the same kind as the resource allowed for loopback and
// private hosts; everything with the relaxing option.
BOOST_AUTO_TEST_CASE(policy) {
    BOOST_TEST(check("https://as.example/", "https://rs.example/mcp").has_value());
    BOOST_TEST((check("https://127.0.0.1/", "https://rs.example/mcp").error() == error::address_not_allowed));
    BOOST_TEST((check("https://169.254.169.254/", "https://rs.example/mcp").error() == error::address_not_allowed));
    BOOST_TEST(check("http://localhost:3002/", "http://localhost:3001/mcp").has_value());
    BOOST_TEST(check("http://127.0.0.1:3002/", "http://[::1]:3001/mcp").has_value());
    BOOST_TEST(check("https://10.0.0.6/", "https://192.168.1.5/mcp").has_value());
    BOOST_TEST((check("https://10.0.0.6/", "http://127.0.0.1/mcp").error() == error::address_not_allowed));
    BOOST_TEST((check("https://169.254.169.254/", "https://169.254.1.1/mcp").error() == error::address_not_allowed));
    BOOST_TEST((check("https://0.0.0.0/", "https://0.0.0.0/mcp").error() == error::address_not_allowed));
    BOOST_TEST(check("https://169.254.169.254/", "https://rs.example/mcp", {.allow_internal_hosts = true}).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_address_policy_test
