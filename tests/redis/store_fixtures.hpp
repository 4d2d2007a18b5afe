// authwire tests — the store fixtures the conformance suite (conformance.cpp) runs against: one per storage
// engine. A fixture holds the four stores (`codes`, `refresh`, `revocations`, `clients`, each a shared_ptr) and
// makes `*_peer()` stores: other handles on the SAME state through their own connections (for the memory stores,
// the same objects), so that races between instances can be staged. To prove another engine, add its fixture
// here and to `engines` in conformance.cpp. The Redis stores join twice: over `redis://` and over `rediss://`.
#pragma once

#include "redis_server_support.hpp"

#include <authwire/redis/client_store.hpp>
#include <authwire/redis/code_store.hpp>
#include <authwire/redis/refresh_store.hpp>
#include <authwire/redis/revocation_store.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <memory>
#include <string>

namespace redis_test {

struct memory_stores {
    static constexpr char const* name = "memory";
    std::shared_ptr<authwire::server::memory_code_store> codes = std::make_shared<authwire::server::memory_code_store>();
    std::shared_ptr<authwire::server::memory_refresh_store> refresh =
        std::make_shared<authwire::server::memory_refresh_store>();
    std::shared_ptr<authwire::server::memory_revocation_store> revocations =
        std::make_shared<authwire::server::memory_revocation_store>();
    std::shared_ptr<authwire::server::memory_client_store> clients =
        std::make_shared<authwire::server::memory_client_store>();

    [[nodiscard]] auto code_peer() const { return codes; }
    [[nodiscard]] auto refresh_peer() const { return refresh; }
};

// The Redis stores over one transport: `Server::pool(n)` opens a pool of n connections to that server.
template <class Server>
struct redis_stores_over {
    static constexpr char const* name = Server::name;
    std::string prefix = unique_prefix();
    std::shared_ptr<authwire::redis::connection_pool> connections = Server::pool(4);
    std::shared_ptr<authwire::redis::redis_code_store> codes =
        std::make_shared<authwire::redis::redis_code_store>(connections, prefix);
    std::shared_ptr<authwire::redis::redis_refresh_store> refresh =
        std::make_shared<authwire::redis::redis_refresh_store>(connections, prefix);
    std::shared_ptr<authwire::redis::redis_revocation_store> revocations =
        std::make_shared<authwire::redis::redis_revocation_store>(connections, prefix);
    std::shared_ptr<authwire::redis::redis_client_store> clients =
        std::make_shared<authwire::redis::redis_client_store>(connections, prefix);

    // Another instance: its own store object and its own single connection, the same Redis and prefix.
    [[nodiscard]] auto code_peer() const {
        return std::make_shared<authwire::redis::redis_code_store>(Server::pool(1), prefix);
    }
    [[nodiscard]] auto refresh_peer() const {
        return std::make_shared<authwire::redis::redis_refresh_store>(Server::pool(1), prefix);
    }
};

struct plain_server {  // redis:// on 127.0.0.1
    static constexpr char const* name = "redis";
    static auto pool(std::size_t n) { return redis_test::pool(n); }
};
struct tls_server_pools {  // rediss:// with mutual TLS, to a TLS-only server
    static constexpr char const* name = "rediss";
    static auto pool(std::size_t n) { return redis_test::tls_pool(n); }
};

using redis_stores = redis_stores_over<plain_server>;
using rediss_stores = redis_stores_over<tls_server_pools>;

} // namespace redis_test
