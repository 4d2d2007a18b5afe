#include <authwire/oauth/client_id_metadata_document.hpp>

#include <boost/test/unit_test.hpp>

#include <string_view>

namespace oauth_client_id_metadata_document_test {

using authwire::oauth::is_client_id_metadata_document_url;

BOOST_AUTO_TEST_SUITE(oauth_client_id_metadata_document)

// draft-ietf-oauth-client-id-metadata-document (client identifier): https, a host, a path other than "/", no
// dot segments, fragment or userinfo — the one rule the client (choosing an identity) and the authorization
// server (resolving one) share.
BOOST_AUTO_TEST_CASE(client_id_urls) {
    for (std::string_view ok : {"https://app.example/oauth/client.json", "https://app.example:8443/c",
                                "https://app.example/c?v=1", "https://127.0.0.1/c"})
        BOOST_TEST(is_client_id_metadata_document_url(ok), ok);
    for (std::string_view bad : {"http://app.example/c", "HTTPS//app.example/c", "https://app.example",
                                 "https://app.example/", "https://app.example/a/../c", "https://app.example/.%2e/c",
                                 "https://app.example/c#", "https://u:p@app.example/c", "https:///c", "urn:x:y", ""})
        BOOST_TEST(!is_client_id_metadata_document_url(bad), bad);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace oauth_client_id_metadata_document_test
