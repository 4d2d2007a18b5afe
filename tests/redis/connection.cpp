// authwire tests — authwire/redis/connection.hpp: connection URLs (rediss:// refused without hiredis_ssl), AUTH
// with an ACL user, SELECT, Unix sockets, the bounded pool, and fast failure with backoff while Redis is away.
#include "redis_server_support.hpp"

#include <authwire/redis/client_store.hpp>
#include <authwire/redis/connection.hpp>

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace redis_connection_test {

using namespace authwire;
using namespace authwire::redis;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(connection_urls) {
    auto a = parse_connection_url("redis://cache.internal:6380/2");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(a->host == "cache.internal");
    BOOST_TEST(a->port == 6380);
    BOOST_TEST(a->database == 2);
    BOOST_TEST(a->unix_path.empty());
    BOOST_TEST(a->password.empty());

    auto b = parse_connection_url("redis://authwire:s%40cret@127.0.0.1");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->username == "authwire");
    BOOST_TEST(b->password == "s@cret");
    BOOST_TEST(b->port == 6379);
    BOOST_TEST(b->database == 0);

    auto c = parse_connection_url("redis://:only-password@localhost:1/");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->username.empty());
    BOOST_TEST(c->password == "only-password");

    auto d = parse_connection_url("unix:///run/redis/redis.sock?db=5");
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->unix_path == "/run/redis/redis.sock");
    BOOST_TEST(d->database == 5);

    BOOST_TEST((parse_connection_url("rediss://cache.internal:6380").error() == error::unsupported_operation));
    for (auto bad : {"http://x", "redis://", "redis://h:notaport", "redis://h:70000", "redis://h/x", "redis://h/-1",
                     "unix://", "not a url", "redis://h?db=z"})
        BOOST_TEST(!parse_connection_url(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(acl_user_database_and_unix_socket) {
    auto& server = redis_test::server();
    auto admin = redis_test::pool(1);
    std::string const user = "u" + redis_test::unique_prefix().substr(1, 8);
    std::array<std::string_view, 7> const setuser{"ACL", "SETUSER", user, "on", ">pw-123", "~*", "+@all"};
    BOOST_TEST_REQUIRE(admin->command(setuser).has_value());

    auto url = "redis://" + user + ":pw-123@127.0.0.1:" + std::to_string(server.port()) + "/3";
    auto o = parse_connection_url(url).value();
    connection_pool as_user(o);
    std::array<std::string_view, 2> const who{"ACL", "WHOAMI"};
    auto me = as_user.command(who);
    BOOST_TEST_REQUIRE(me.has_value());
    BOOST_TEST(me->str == user);
    // SELECT 3: a key set here is not in database 0.
    std::string const key = redis_test::unique_prefix() + "db-probe";
    std::array<std::string_view, 3> const set{"SET", key, "x"};
    BOOST_TEST(as_user.command(set).has_value());
    std::array<std::string_view, 2> const exists{"EXISTS", key};
    BOOST_TEST(as_user.command(exists).value().integer == 1);
    BOOST_TEST(admin->command(exists).value().integer == 0);

    o.password = "wrong";
    connection_pool wrong(o);
    BOOST_TEST((wrong.command(who).error() == error::temporarily_unavailable));

    auto unix_options = parse_connection_url("unix://" + server.socket_path()).value();
    connection_pool over_unix(unix_options);
    std::array<std::string_view, 1> const ping{"PING"};
    auto pong = over_unix.command(ping);
    BOOST_TEST_REQUIRE(pong.has_value());
    BOOST_TEST(pong->str == "PONG");
}

BOOST_AUTO_TEST_CASE(the_pool_is_bounded) {
    auto p = redis_test::pool(2);
    constexpr int n = 8;
    std::latch go(n);
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < n; ++i) {
        threads.emplace_back([&] {
            go.arrive_and_wait();
            for (int k = 0; k < 20; ++k) {
                std::array<std::string_view, 1> const ping{"PING"};
                if (p->command(ping)) ++ok;
            }
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(ok == n * 20);
    BOOST_TEST(p->open_connections() <= 2u);
    BOOST_TEST(p->open_connections() >= 1u);
}

BOOST_AUTO_TEST_CASE(an_unreachable_redis_fails_fast_and_backs_off) {
    connection_options o;
    o.host = "127.0.0.1";
    o.port = redis_test::free_port();  // nobody listens there
    o.backoff_initial = 500ms;
    o.backoff_max = 2s;
    connection_pool p(o);
    std::array<std::string_view, 1> const ping{"PING"};
    BOOST_TEST((p.command(ping).error() == error::temporarily_unavailable));
    // Within the backoff no connection is attempted: a thousand calls return at once.
    auto const start = std::chrono::steady_clock::now();
    for (int i = 0; i < 1000; ++i) BOOST_TEST_REQUIRE(!p.command(ping).has_value());
    BOOST_TEST((std::chrono::steady_clock::now() - start < 400ms));
    // A store on it answers errors, never "not found".
    redis_client_store clients(std::make_shared<connection_pool>(o));
    BOOST_TEST((clients.find_client("x").error() == error::temporarily_unavailable));
}

} // namespace redis_connection_test
