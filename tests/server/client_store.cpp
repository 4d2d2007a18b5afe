#include <authwire/server/client_store.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <vector>

namespace server_client_store_test {

using namespace authwire;
using namespace authwire::server;

client_record make_client(std::string id) {
    client_record c;
    c.client_id = std::move(id);
    c.redirect_uris = {"http://127.0.0.1/cb"};
    c.grant_types = {"authorization_code", "refresh_token"};
    c.response_types = {"code"};
    c.token_endpoint_auth_method = "none";
    c.scope = "mcp";
    c.client_name = "Example";
    c.extra_metadata["software_id"] = "4NRB1-0XZABZI9E6-5SM3R";
    return c;
}

BOOST_AUTO_TEST_SUITE(server_client_store)

BOOST_AUTO_TEST_CASE(register_then_find) {
    memory_client_store store;
    BOOST_TEST(store.register_client(make_client("c1")).has_value());
    auto found = store.find_client("c1");
    BOOST_REQUIRE(found);
    BOOST_REQUIRE(found->has_value());
    BOOST_TEST((*found)->client_name == "Example");
    BOOST_TEST((*found)->redirect_uris.at(0) == "http://127.0.0.1/cb");
    BOOST_TEST(!(*found)->client_secret.has_value());
    BOOST_TEST((*found)->extra_metadata.at("software_id").as_string() == "4NRB1-0XZABZI9E6-5SM3R");
    BOOST_TEST(!store.find_client("c2").value().has_value());
    BOOST_TEST(!store.find_client("").value().has_value());
}

BOOST_AUTO_TEST_CASE(duplicates_do_not_overwrite) {
    memory_client_store store;
    BOOST_REQUIRE(store.register_client(make_client("c1")));
    auto impostor = make_client("c1");
    impostor.redirect_uris = {"https://evil.example/cb"};
    BOOST_TEST((store.register_client(impostor).error() == error::invalid_argument));
    BOOST_TEST(store.find_client("c1").value()->redirect_uris.at(0) == "http://127.0.0.1/cb");
    BOOST_TEST((store.register_client(make_client("")).error() == error::missing_argument));
    BOOST_TEST(store.size() == 1u);
}

BOOST_AUTO_TEST_CASE(confidential_client_secret_is_stored_hashed) {
    memory_client_store store;
    auto c = make_client("conf");
    secret const s("a-secret-of-the-confidential-client-0123456");
    c.client_secret = hash_client_secret(s).value();
    c.token_endpoint_auth_method = "client_secret_basic";
    BOOST_REQUIRE(store.register_client(std::move(c)));
    auto found = store.find_client("conf").value();
    BOOST_REQUIRE(found && found->client_secret);
    BOOST_TEST(verify_client_secret(*found->client_secret, s.reveal()));
    BOOST_TEST(!verify_client_secret(*found->client_secret, "wrong"));
}

BOOST_AUTO_TEST_CASE(concurrent_registration_and_lookup) {
    memory_client_store store;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t)
        threads.emplace_back([&store, t] {
            for (int i = 0; i < 50; ++i) {
                // Appended piece by piece: gcc 12 at -O3 takes "c" + std::string&& for an overlapping memcpy
                // (-Wrestrict, a false positive).
                std::string id = "c";
                id += std::to_string(t);
                id += '-';
                id += std::to_string(i);
                (void)store.register_client(make_client(id));
                (void)store.register_client(make_client("shared"));
                (void)store.find_client(id);
            }
        });
    for (auto& th : threads) th.join();
    BOOST_TEST(store.size() == 8u * 50u + 1u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace server_client_store_test
