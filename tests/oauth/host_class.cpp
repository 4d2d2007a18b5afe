#include <authwire/oauth/host_class.hpp>

#include <boost/test/unit_test.hpp>
#include <boost/url/url_view.hpp>

#include <string_view>

namespace oauth_host_class_test {

using namespace authwire::oauth;

host_class of(std::string_view url) { return classify_host(boost::urls::url_view(url)); }

BOOST_AUTO_TEST_SUITE(oauth_host_class)

// RFC 6890, RFC 6761 §6.3: one case of each class, from the layer both sides share (the client's address
// policy and the authorization server's metadata-document fetches); the full tables are in
// tests/client/address_policy.cpp, which reaches the same function.
BOOST_AUTO_TEST_CASE(one_host_of_each_class) {
    BOOST_TEST((of("https://127.0.0.1/c") == host_class::loopback));
    BOOST_TEST((of("https://localhost/c") == host_class::loopback));
    BOOST_TEST((of("https://0x7f.1/c") == host_class::loopback));  // a resolver reads it as 127.0.0.1
    BOOST_TEST((of("https://[::ffff:10.0.0.1]/c") == host_class::private_network));
    BOOST_TEST((of("https://192.168.1.1/c") == host_class::private_network));
    BOOST_TEST((of("https://169.254.169.254/latest/meta-data") == host_class::link_local));
    BOOST_TEST((of("https://0.0.0.0/c") == host_class::unspecified));
    BOOST_TEST((of("https://127.0.0.1.nip.io/c") == host_class::unspecified));
    BOOST_TEST((of("https://app.example/c") == host_class::public_host));
    BOOST_TEST((of("https://[2001:db8::1]/c") == host_class::public_host));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_host_class_test
