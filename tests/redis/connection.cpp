// authwire tests — authwire/redis/connection.hpp: connection URLs, AUTH with an ACL user, SELECT, Unix sockets,
// the bounded pool, fast failure with backoff while Redis is away, and `rediss://` (detail/transport.hpp): mutual
// TLS to a TLS-only server, refused on a wrong CA, a wrong name, a missing client certificate, and a bounded error
// (never a hang, never clear text) against a server that does not speak TLS.
#include "redis_server_support.hpp"

#include <authwire/redis/client_store.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/refresh_store.hpp>
#include <authwire/redis/revocation_store.hpp>
#include <authwire/server/refresh_rotation.hpp>

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

    auto v6 = parse_connection_url("redis://[::1]:6390");
    BOOST_TEST_REQUIRE(v6.has_value());
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(v6->port == 6390);

    auto u = parse_connection_url("unix://authwire:pw@/var/run/redis.sock");
    BOOST_TEST_REQUIRE(u.has_value());
    BOOST_TEST(u->unix_path == "/var/run/redis.sock");
    BOOST_TEST(u->username == "authwire");
    BOOST_TEST(u->password.reveal() == "pw");

    auto b = parse_connection_url("redis://authwire:s%40cret@127.0.0.1");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->username == "authwire");
    BOOST_TEST(b->password.reveal() == "s@cret");
    BOOST_TEST(b->port == 6379);
    BOOST_TEST(b->database == 0);

    auto c = parse_connection_url("redis://:only-password@localhost:1/");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->username.empty());
    BOOST_TEST(c->password.reveal() == "only-password");

    auto d = parse_connection_url("unix:///run/redis/redis.sock?db=5");
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->unix_path == "/run/redis/redis.sock");
    BOOST_TEST(d->database == 5);

    auto t = parse_connection_url("rediss://authwire:pw@cache.internal:6380/4");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->tls.enabled);
    BOOST_TEST(t->host == "cache.internal");
    BOOST_TEST(t->port == 6380);
    BOOST_TEST(t->database == 4);
    BOOST_TEST(t->username == "authwire");
    BOOST_TEST(t->password.reveal() == "pw");
    BOOST_TEST(!a->tls.enabled);
    BOOST_TEST(!u->tls.enabled);
    for (auto bad : {"http://x", "redis://", "redis://h:notaport", "redis://h:70000", "redis://h/x", "redis://h/-1",
                     "unix://", "not a url", "redis://h?db=z", "rediss://", "rediss://h:x"})
        BOOST_TEST(!parse_connection_url(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(acl_user_database_and_unix_socket) {
    auto& server = redis_test::server();
    auto admin = redis_test::pool(1);
    // The ACL docs/DEPLOYMENT.md recommends: the prefix's keys only, no dangerous commands.
    std::string const prefix = redis_test::unique_prefix();
    std::string const user = "u" + prefix.substr(1, 8);
    std::string const keys = "~" + prefix + "*";
    std::array<std::string_view, 10> const setuser{"ACL", "SETUSER", user, "on", ">pw-123", keys,
                                                   "+@read", "+@write", "+@scripting", "-@dangerous"};
    BOOST_TEST_REQUIRE(admin->command(setuser).has_value());
    std::array<std::string_view, 4> const select{"ACL", "SETUSER", user, "+select"};
    BOOST_TEST_REQUIRE(admin->command(select).has_value());

    auto url = "redis://" + user + ":pw-123@127.0.0.1:" + std::to_string(server.port()) + "/3";
    auto o = parse_connection_url(url).value();
    auto as_user = std::make_shared<connection_pool>(o);
    // Every store works under it: a grant started, rotated, its reuse revoking the family; a revocation; a client.
    redis_refresh_store refresh(as_user, prefix);
    redis_revocation_store revocations(as_user, prefix);
    redis_client_store clients(as_user, prefix);
    auto const now = std::chrono::system_clock::now();
    server::refresh_family_record g;
    g.client_id = "client";
    auto issued = server::start_refresh_family(refresh, g, now);
    BOOST_TEST_REQUIRE(issued.has_value());
    auto rotated = server::rotate_refresh_token(refresh, revocations, issued->refresh_token.reveal(), "client", now);
    BOOST_TEST_REQUIRE(rotated.has_value());
    auto reused = server::rotate_refresh_token(refresh, revocations, issued->refresh_token.reveal(), "client", now + 1s);
    BOOST_TEST((!reused.has_value() && reused.error() == server::grant_failure::reused));
    BOOST_TEST(revocations.is_revoked(issued->family_id, "", now + 1s).value());
    server::client_record c;
    c.client_id = "acl-client";
    BOOST_TEST(clients.register_client(c).has_value());
    BOOST_TEST(clients.find_client("acl-client").value().has_value());
    // …and nothing outside the prefix.
    std::array<std::string_view, 3> const outside{"SET", "elsewhere", "x"};
    BOOST_TEST((as_user->command(outside).error() == error::temporarily_unavailable));

    // SELECT 3: the keys are in database 3, not in database 0.
    std::string const key = prefix + "client:acl-client";
    std::array<std::string_view, 2> const exists{"EXISTS", key};
    BOOST_TEST(as_user->command(exists).value().integer == 1);
    BOOST_TEST(admin->command(exists).value().integer == 0);
    std::array<std::string_view, 2> const who{"PING", "x"};

    o.password = secret("wrong");
    connection_pool wrong(o);
    BOOST_TEST((wrong.command(who).error() == error::temporarily_unavailable));  // AUTH refused

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

namespace redis_connection_test {

BOOST_AUTO_TEST_CASE(a_redis_restart_costs_one_failed_call_not_one_per_connection) {
    auto& server = redis_test::server();
    auto p = redis_test::pool(4);
    // Four connections open at once: four concurrent blocking pops of a key nobody pushes.
    std::latch go(4);
    std::vector<std::thread> threads;
    std::string const key = redis_test::unique_prefix() + "never";
    std::atomic<int> popped{0};
    for (int i = 0; i < 4; ++i) {
        threads.emplace_back([&] {  // no Boost.Test macros in these threads: Boost.Test is not thread-safe
            go.arrive_and_wait();
            std::array<std::string_view, 3> const pop{"BLPOP", key, "0.2"};
            if (p->command(pop)) ++popped;
        });
    }
    for (auto& t : threads) t.join();
    BOOST_TEST(popped == 4);
    BOOST_TEST(p->open_connections() == 4u);

    server.stop();
    server.restart();
    int failed = 0;
    for (int i = 0; i < 10; ++i) {
        std::array<std::string_view, 1> const ping{"PING"};
        if (!p->command(ping)) ++failed;
    }
    BOOST_TEST(failed == 1);  // the first call finds its connection dead, and the idle ones are closed with it
    BOOST_TEST(p->open_connections() == 1u);
}

} // namespace redis_connection_test

namespace redis_connection_test {

BOOST_AUTO_TEST_CASE(a_demoted_primary_is_left_for_a_fresh_connection) {
    auto admin = redis_test::pool(1);
    auto p = redis_test::pool(2);
    std::string const prefix = redis_test::unique_prefix();
    redis_revocation_store revocations(p, prefix);
    auto const now = std::chrono::system_clock::now();
    BOOST_TEST_REQUIRE(revocations.revoke_jti("before", now + 1h).has_value());
    BOOST_TEST(p->open_connections() == 1u);

    // The server becomes a replica (of a primary that does not exist): writes answer READONLY.
    std::string const nowhere = std::to_string(redis_test::free_port());
    std::array<std::string_view, 3> const demote{"REPLICAOF", "127.0.0.1", nowhere};
    BOOST_TEST_REQUIRE(admin->command(demote).has_value());
    auto refused = revocations.revoke_jti("during", now + 1h);
    std::array<std::string_view, 3> const promote{"REPLICAOF", "NO", "ONE"};
    BOOST_TEST_REQUIRE(admin->command(promote).has_value());
    BOOST_TEST((!refused.has_value() && refused.error() == error::temporarily_unavailable));
    BOOST_TEST(p->open_connections() == 0u);  // left, so that the next call connects afresh

    BOOST_TEST(revocations.revoke_jti("after", now + 1h).has_value());
    BOOST_TEST(revocations.is_revoked("", "before", now).value());
    BOOST_TEST(revocations.is_revoked("", "after", now).value());
}

} // namespace redis_connection_test

namespace redis_connection_test {

// --- rediss:// -------------------------------------------------------------------------------------------------

std::array<std::string_view, 1> const ping_command{"PING"};

connection_options tls_options() { return redis_test::tls_server().options(); }
std::string pki(char const* file) { return (redis_test::test_pki() / file).string(); }

BOOST_AUTO_TEST_CASE(rediss_with_mutual_tls_auth_and_select) {
    auto admin = redis_test::tls_pool(1);
    auto pong = admin->command(ping_command);
    BOOST_TEST_REQUIRE(pong.has_value(), admin->last_connect_error());
    BOOST_TEST(pong->str == "PONG");
    BOOST_TEST(admin->last_connect_error().empty());

    // The URL form, with an ACL user and a database, the certificates set on the options it gives.
    std::string const prefix = redis_test::unique_prefix();
    std::string const user = "u" + prefix.substr(1, 8);
    std::string const keys = "~" + prefix + "*";
    std::array<std::string_view, 9> const setuser{"ACL", "SETUSER", user, "on", ">tls-pw", keys,
                                                  "+@all", "-@dangerous", "+select"};
    BOOST_TEST_REQUIRE(admin->command(setuser).has_value());
    auto o = parse_connection_url("rediss://" + user + ":tls-pw@localhost:" +
                                  std::to_string(redis_test::tls_server().port()) + "/5")
                 .value();
    o.tls = tls_options().tls;
    o.tls.enabled = true;
    auto as_user = std::make_shared<connection_pool>(o);
    redis_revocation_store revocations(as_user, prefix);  // a store, unchanged, over TLS
    auto const now = std::chrono::system_clock::now();
    BOOST_TEST_REQUIRE(revocations.revoke_jti("over-tls", now + 1h).has_value(), as_user->last_connect_error());
    BOOST_TEST(revocations.is_revoked("", "over-tls", now).value());
    std::array<std::string_view, 3> const outside{"SET", "elsewhere", "x"};
    BOOST_TEST((as_user->command(outside).error() == error::temporarily_unavailable));  // the ACL applies

    o.password = secret("wrong");
    connection_pool wrong(o);
    BOOST_TEST((wrong.command(ping_command).error() == error::temporarily_unavailable));
    BOOST_TEST(wrong.last_connect_error() == "AUTH refused");
}

BOOST_AUTO_TEST_CASE(rediss_refuses_a_certificate_from_another_ca) {
    auto o = tls_options();
    o.tls.ca_file = pki("other-ca.pem");
    connection_pool p(o);
    BOOST_TEST((p.command(ping_command).error() == error::temporarily_unavailable));
    auto const why = p.last_connect_error();
    BOOST_TEST_MESSAGE("wrong CA: " << why);
    BOOST_TEST(why.find("certificate verification") != std::string::npos, why);
    BOOST_TEST(p.open_connections() == 0u);

    // Nor is the system's default store a way around it: the test CA is in no default store.
    o.tls.ca_file.clear();
    connection_pool defaults(o);
    BOOST_TEST((defaults.command(ping_command).error() == error::temporarily_unavailable));
    BOOST_TEST(defaults.last_connect_error().find("certificate verification") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rediss_refuses_a_certificate_for_another_name) {
    auto o = tls_options();
    o.tls.server_name = "other.test";  // the certificate names localhost and 127.0.0.1
    connection_pool p(o);
    BOOST_TEST((p.command(ping_command).error() == error::temporarily_unavailable));
    auto const why = p.last_connect_error();
    BOOST_TEST_MESSAGE("wrong name: " << why);
    BOOST_TEST(why.find("certificate verification") != std::string::npos, why);

    o.tls.server_name = "127.0.0.2";  // an address the certificate does not list
    connection_pool wrong_ip(o);
    BOOST_TEST((wrong_ip.command(ping_command).error() == error::temporarily_unavailable));
    BOOST_TEST(wrong_ip.last_connect_error().find("certificate verification") != std::string::npos);

    o.tls.server_name = "localhost";  // the DNS name it does list, over the same address: accepted
    connection_pool right(o);
    BOOST_TEST(right.command(ping_command).has_value(), right.last_connect_error());
}

BOOST_AUTO_TEST_CASE(rediss_without_the_client_certificate_the_server_requires) {
    auto o = tls_options();
    o.tls.cert_file.clear();
    o.tls.key_file.clear();
    connection_pool p(o);
    BOOST_TEST((p.command(ping_command).error() == error::temporarily_unavailable));

    o.tls.key_file = pki("other-server.key");  // a key that is not the certificate's
    o.tls.cert_file = pki("client.pem");
    connection_pool mismatched(o);
    BOOST_TEST((mismatched.command(ping_command).error() == error::server_error));  // misconfigured: a 500
    BOOST_TEST(mismatched.last_connect_error().find("client certificate") != std::string::npos,
               mismatched.last_connect_error());
}

BOOST_AUTO_TEST_CASE(rediss_to_a_clear_text_server_is_a_bounded_error) {
    // A Redis that does not speak TLS: our ClientHello is garbage to it. Never a hang, never a clear-text retry.
    auto o = tls_options();
    o.port = redis_test::server().port();
    o.connect_timeout = 500ms;
    o.command_timeout = 500ms;
    connection_pool p(o);
    auto start = std::chrono::steady_clock::now();
    BOOST_TEST((p.command(ping_command).error() == error::temporarily_unavailable));
    BOOST_TEST((std::chrono::steady_clock::now() - start < 2s));
    BOOST_TEST_MESSAGE("clear-text server: " << p.last_connect_error());
    BOOST_TEST(p.last_connect_error().find("TLS handshake") != std::string::npos, p.last_connect_error());

    // A listener that accepts the connection and never answers: the handshake gives up at connect_timeout.
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    BOOST_TEST_REQUIRE(fd >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    BOOST_TEST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    BOOST_TEST_REQUIRE(::listen(fd, 4) == 0);
    BOOST_TEST_REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
    o.port = ntohs(a.sin_port);
    connection_pool silent(o);
    start = std::chrono::steady_clock::now();
    BOOST_TEST((silent.command(ping_command).error() == error::temporarily_unavailable));
    auto const took = std::chrono::steady_clock::now() - start;
    ::close(fd);
    BOOST_TEST((took >= 400ms));
    BOOST_TEST((took < 2s));
}

BOOST_AUTO_TEST_CASE(rediss_reconnects_after_a_restart) {
    auto& server = redis_test::tls_server();
    auto p = redis_test::tls_pool(2);
    BOOST_TEST_REQUIRE(p->command(ping_command).has_value(), p->last_connect_error());
    server.stop();
    server.restart();
    int failed = 0;
    for (int i = 0; i < 5; ++i)
        if (!p->command(ping_command)) ++failed;
    BOOST_TEST(failed == 1);  // the dead TLS connection is found once, then a fresh one is opened
}

} // namespace redis_connection_test
