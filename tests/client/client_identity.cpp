#include <authwire/client/client_identity.hpp>

#include "client/support.hpp"

#include <boost/test/unit_test.hpp>

namespace client_client_identity_test {

using namespace authwire;
using namespace authwire::client;

constexpr auto cimd = "https://conformance-test.local/client-metadata.json";

BOOST_AUTO_TEST_SUITE(client_client_identity)

// MCP 2026-07-28 "Client Registration": pre-registered, then CIMD when supported, then DCR, then an error.
BOOST_AUTO_TEST_CASE(priority_order) {
    auto as = test::as_metadata();  // has a registration_endpoint
    as.client_id_metadata_document_supported = true;
    BOOST_TEST((choose_client_identity(as, true, cimd).value() == client_identity::pre_registered));
    BOOST_TEST((choose_client_identity(as, false, cimd).value() == client_identity::metadata_document));
    BOOST_TEST((choose_client_identity(as, false).value() == client_identity::dynamic_registration));
    as.client_id_metadata_document_supported = false;
    BOOST_TEST((choose_client_identity(as, false, cimd).value() == client_identity::dynamic_registration));
    as.client_id_metadata_document_supported.reset();  // absent: not supported
    BOOST_TEST((choose_client_identity(as, false, cimd).value() == client_identity::dynamic_registration));
    as.registration_endpoint.reset();
    BOOST_TEST((choose_client_identity(as, false, cimd).error() == error::unsupported_operation));
    BOOST_TEST((choose_client_identity(as, true).value() == client_identity::pre_registered));
    as.client_id_metadata_document_supported = true;
    BOOST_TEST((choose_client_identity(as, false, cimd).value() == client_identity::metadata_document));
    BOOST_TEST((choose_client_identity(as, false).error() == error::unsupported_operation));
}

// draft-ietf-oauth-client-id-metadata-document: an https URL with a path is the only usable client_id URL.
BOOST_AUTO_TEST_CASE(metadata_document_urls) {
    for (auto ok : {cimd, "https://app.example.com/oauth/client-metadata.json", "https://app.example:8443/c",
                    "https://app.example/c?v=1"})
        BOOST_TEST(is_client_id_metadata_document_url(ok), ok);
    for (auto bad : {"http://app.example/c.json", "https://app.example", "https://app.example/",
                     "https://app.example/a/../c", "https://app.example/./c", "https://app.example/%2e%2e/c",
                     "https://app.example/c#f", "https://user@app.example/c", "app.example/c", ""})
        BOOST_TEST(!is_client_id_metadata_document_url(bad), bad);
    auto as = test::as_metadata();
    as.client_id_metadata_document_supported = true;
    BOOST_TEST((choose_client_identity(as, true, "http://app.example/c.json").error() == error::invalid_url));
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_client_identity_test
