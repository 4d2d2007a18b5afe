#pragma once
// authwire examples — the demo's stores in Redis (authwire::redis, --store redis://HOST:PORT[/DB]): clients, codes,
// refresh-token families and revocations kept by one Redis, so that several demo instances behind one public
// issuer agree on them (a code is spent once, a refresh token rotates once, a revocation is seen everywhere). One
// connection pool for the server's threads; keys under the prefix "authwire-demo:".

#include "demo_app.hpp"

#include <authwire/redis/client_store.hpp>
#include <authwire/redis/code_store.hpp>
#include <authwire/redis/connection.hpp>
#include <authwire/redis/refresh_store.hpp>
#include <authwire/redis/revocation_store.hpp>

#include <memory>
#include <string>
#include <utility>

namespace authwire::examples {

struct redis_demo_stores {
    redis_demo_stores(std::shared_ptr<redis::connection_pool> const& pool, std::string const& prefix)
        : clients(pool, prefix), codes(pool, prefix), refresh_tokens(pool, prefix), revocations(pool, prefix) {}

    redis::redis_client_store clients;
    redis::redis_code_store codes;
    redis::redis_refresh_store refresh_tokens;
    redis::redis_revocation_store revocations;
};

/// The demo with its stores in Redis.
using redis_demo_app = basic_demo_app<redis_demo_stores>;

}  // namespace authwire::examples
