#pragma once
// authwire::redis — the connection to Redis that the Redis-backed stores share: its configuration (parsed from a
// `redis://`, `rediss://` (TLS) or `unix://` URL), and a small bounded pool of blocking connections for
// multi-threaded servers, with timeouts and reconnection with backoff. A connection is a detail::transport:
// hiredis's own for `redis://` and `unix://`, a TLS connection opened with OpenSSL for `rediss://`
// (detail/transport.hpp); the stores work the same over either.
//
// THIS COMPONENT DOES I/O. It is deliberately outside the sans-IO core: not included by <authwire/authwire.hpp>,
// not in the single header, its own CMake target (authwire::redis, which links hiredis and OpenSSL's libssl).
// Every call may block for up to connect_timeout + command_timeout; the steady clock paces reconnection. Nothing
// here throws past the API: a Redis that cannot be reached, times out, fails TLS verification or answers an
// error is error::temporarily_unavailable (an endpoint answers 503); data it cannot decode, and a TLS
// configuration that cannot work (an unreadable CA file, a client key that is not its certificate's), are
// error::server_error (500). last_connect_error() says in words why the last connection attempt failed.

#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/redis/detail/transport.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <hiredis/hiredis.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::redis {

/// How to reach Redis, and how patiently. Parse one from a URL with parse_connection_url.
struct connection_options {
    std::string host = "127.0.0.1";  ///< TCP host (ignored when unix_path is set)
    std::uint16_t port = 6379;       ///< TCP port
    std::string unix_path;           ///< a Unix-domain socket path; TCP when empty
    int database = 0;                ///< SELECT'ed after connecting when not 0
    std::string username;            ///< Redis 6 ACL user (AUTH user password); "" for the legacy AUTH password
    secret password;                 ///< AUTH when not empty (wiped when released, never printed)
    std::chrono::milliseconds connect_timeout{1000};
    std::chrono::milliseconds command_timeout{1000};
    /// The most connections the pool opens; a call waits (up to command_timeout) for a free one.
    std::size_t pool_size = 4;
    /// After a failed connection attempt, calls fail at once (temporarily_unavailable) for this long, doubling
    /// on every further failure up to backoff_max; one success resets it.
    std::chrono::milliseconds backoff_initial{50};
    std::chrono::milliseconds backoff_max{2000};
    /// TLS (`rediss://`): enabled by the URL; trust anchors, client certificate and verified name here.
    tls_options tls;
};

/// Parse `redis://[[user]:password@]host[:port][/db]`, `rediss://[[user]:password@]host[:port][/db]` (TLS:
/// tls.enabled; set tls.ca_file etc. on the result) or `unix://[[user]:password@]/path/to/socket[?db=N]`.
/// A `rediss://` connection never falls back to clear text.
[[nodiscard]] inline result<connection_options> parse_connection_url(std::string_view url) {
    auto u = boost::urls::parse_uri(url);
    if (!u) return error::invalid_url;
    connection_options o;
    auto const scheme = u->scheme();
    if (u->has_userinfo()) {
        o.username = u->user();
        o.password = secret(u->password());
    }
    auto const to_int = [](std::string_view s, auto& out) {
        auto const [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        return ec == std::errc{} && p == s.data() + s.size();
    };
    if (scheme == "redis" || scheme == "rediss") {
        o.tls.enabled = scheme == "rediss";
        o.host = u->host_address();  // an IPv6 literal without its brackets, a name percent-decoded
        if (o.host.empty()) return error::invalid_url;
        if (u->has_port() && !to_int(u->port(), o.port)) return error::invalid_url;
        std::string path = u->path();
        if (!path.empty() && path != "/") {
            if (path.front() == '/') path.erase(0, 1);
            if (!to_int(path, o.database) || o.database < 0) return error::invalid_url;
        }
    } else if (scheme == "unix") {
        o.unix_path = u->path();
        if (o.unix_path.empty()) return error::invalid_url;
    } else {
        return error::invalid_url;
    }
    for (auto const& p : u->params()) {
        if (p.key == "db") {
            if (!to_int(p.value, o.database) || o.database < 0) return error::invalid_url;
        }
    }
    return o;
}

/// A Lua script run with EVALSHA (falling back to EVAL once when Redis does not have it cached, e.g. after a
/// restart). Redis runs a script atomically: no other command runs between its first and its last call.
class script {
public:
    explicit script(std::string_view source) : source_(source) {
        std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
        unsigned len = 0;
        if (EVP_Digest(source.data(), source.size(), md.data(), &len, EVP_sha1(), nullptr) == 1) {
            static constexpr char digits[] = "0123456789abcdef";
            for (unsigned i = 0; i < len; ++i) {
                sha1_.push_back(digits[md[i] >> 4]);
                sha1_.push_back(digits[md[i] & 15]);
            }
        }
    }
    [[nodiscard]] std::string_view source() const noexcept { return source_; }
    [[nodiscard]] std::string_view sha1() const noexcept { return sha1_; }

private:
    std::string_view source_;
    std::string sha1_;  // empty if the digest failed: then every call is an EVAL
};

/// A bounded pool of blocking connections to one Redis, shared by the stores (hold it in a shared_ptr).
/// Thread-safe. A connection that fails is dropped and reopened by a later call; connection attempts that fail
/// back off (see connection_options). Never throws.
class connection_pool {
public:
    explicit connection_pool(connection_options options) : options_(std::move(options)) {
        if (options_.pool_size == 0) options_.pool_size = 1;
        idle_.reserve(options_.pool_size);
    }
    connection_pool(connection_pool const&) = delete;
    connection_pool& operator=(connection_pool const&) = delete;

    [[nodiscard]] connection_options const& options() const noexcept { return options_; }

    /// One command (`args[0]` is its name). A Redis error reply is error::temporarily_unavailable too
    /// (e.g. OOM, LOADING, READONLY on a replica after a failover): the caller cannot do better than retry later.
    [[nodiscard]] result<reply> command(std::span<std::string_view const> args) noexcept {
        return with_connection([&](detail::transport& c) { return c.run(args); });
    }

    /// Run `s` atomically: EVALSHA, then EVAL when Redis answers NOSCRIPT. `keys` and `args` as for EVAL.
    [[nodiscard]] result<reply> eval(script const& s, std::span<std::string_view const> keys,
                                     std::span<std::string_view const> args) noexcept {
        return with_connection([&](detail::transport& c) -> result<reply> {
            std::string const nkeys = std::to_string(keys.size());
            std::vector<std::string_view> argv;
            argv.reserve(3 + keys.size() + args.size());
            argv.push_back(s.sha1().empty() ? std::string_view("EVAL") : std::string_view("EVALSHA"));
            argv.push_back(s.sha1().empty() ? s.source() : s.sha1());
            argv.push_back(nkeys);
            argv.insert(argv.end(), keys.begin(), keys.end());
            argv.insert(argv.end(), args.begin(), args.end());
            auto r = c.run(argv);
            if (!r || r->type != reply::kind::error || !r->str.starts_with("NOSCRIPT")) return r;
            argv[0] = "EVAL";
            argv[1] = s.source();
            return c.run(argv);
        });
    }

    /// Why the last connection attempt failed, in words (e.g. "TLS handshake with cache:6380 failed: certificate
    /// verification: unable to get local issuer certificate"); empty when none has failed. Never holds secrets.
    [[nodiscard]] std::string last_connect_error() const {
        std::lock_guard lock(mutex_);
        return last_error_;
    }

    /// Connections currently open (idle ones; for tests and monitoring).
    [[nodiscard]] std::size_t open_connections() const {
        std::lock_guard lock(mutex_);
        return static_cast<std::size_t>(std::count_if(idle_.begin(), idle_.end(), [](auto const& c) { return c != nullptr; }));
    }

private:
    using steady = std::chrono::steady_clock;

    // Returns the slot to the pool whatever happens (also when an allocation throws).
    class lease {
    public:
        lease(connection_pool& pool, detail::transport_ptr c) noexcept : pool_(pool), c_(std::move(c)) {}
        ~lease() { pool_.release(std::move(c_), failed_); }
        lease(lease const&) = delete;
        lease& operator=(lease const&) = delete;
        [[nodiscard]] detail::transport_ptr& get() noexcept { return c_; }
        // The connection is unusable (an I/O error): close it, and the idle ones, which are most likely
        // broken the same way (Redis restarted or failed over): the next calls reconnect at once.
        void fail() noexcept { failed_ = true; }

    private:
        connection_pool& pool_;
        detail::transport_ptr c_;
        bool failed_ = false;
    };

    template <class F>
    [[nodiscard]] result<reply> with_connection(F&& f) noexcept {
        try {
            auto slot = acquire();
            if (!slot) return slot.error();
            lease l(*this, std::move(*slot));
            if (!l.get()) {
                auto opened = open();
                if (!opened) return opened.error();
                l.get() = std::move(*opened);
            }
            auto r = f(*l.get());
            if (!r || l.get()->broken()) {
                l.fail();
                return error::temporarily_unavailable;
            }
            if (r->type == reply::kind::error) {
                // A primary demoted by a failover answers READONLY: reconnect, so that the next call reaches the
                // address's new primary (a virtual IP, a DNS name, a proxy) instead of staying on a replica.
                if (r->str.find("READONLY") != std::string::npos) l.fail();
                return error::temporarily_unavailable;
            }
            return r;
        } catch (...) {
            return error::server_error;  // allocation failure; nothing else here throws
        }
    }

    // A connection slot: an idle open connection, or nullptr when the caller must open one. Waits up to
    // command_timeout when every slot is in use.
    [[nodiscard]] result<detail::transport_ptr> acquire() {
        std::unique_lock lock(mutex_);
        bool const got = available_.wait_for(lock, options_.command_timeout,
                                             [&] { return !idle_.empty() || in_use_ < options_.pool_size; });
        if (!got) return error::temporarily_unavailable;
        ++in_use_;
        if (!idle_.empty()) {
            auto c = std::move(idle_.back());
            idle_.pop_back();
            return c;
        }
        return detail::transport_ptr{};
    }

    void release(detail::transport_ptr c, bool failed) noexcept {
        {
            std::lock_guard lock(mutex_);
            --in_use_;
            if (failed) {
                idle_.clear();  // closes them; keeps the capacity
            } else if (c) {
                idle_.push_back(std::move(c));  // reserve()d: no allocation
            }
        }
        available_.notify_all();
    }

    [[nodiscard]] result<detail::transport_ptr> open() {
        {
            std::lock_guard lock(mutex_);
            if (steady::now() < retry_at_) return error::temporarily_unavailable;
        }
        auto c = connect();
        std::lock_guard lock(mutex_);
        if (!c) {
            backoff_ = backoff_.count() == 0 ? options_.backoff_initial : std::min(backoff_ * 2, options_.backoff_max);
            retry_at_ = steady::now() + backoff_;
            return c.error();
        }
        backoff_ = {};
        retry_at_ = {};
        return c;
    }

    [[nodiscard]] result<detail::transport_ptr> connect() {
        std::string why;
        auto t = open_transport(why);
        if (t) {
            auto const ok = [&](std::span<std::string_view const> args) {
                auto r = (*t)->run(args);
                return r && !(*t)->broken() && r->type != reply::kind::error;
            };
            if (!options_.password.empty()) {
                bool authed = false;
                if (options_.username.empty()) {
                    std::array<std::string_view, 2> const a{"AUTH", options_.password.reveal()};
                    authed = ok(a);
                } else {
                    std::array<std::string_view, 3> const a{"AUTH", options_.username, options_.password.reveal()};
                    authed = ok(a);
                }
                if (!authed) {
                    t = error::temporarily_unavailable;
                    why = "AUTH refused";
                }
            }
            if (t && options_.database != 0) {
                std::string const db = std::to_string(options_.database);
                std::array<std::string_view, 2> const a{"SELECT", db};
                if (!ok(a)) {
                    t = error::temporarily_unavailable;
                    why = "SELECT " + db + " refused";
                }
            }
        }
        if (!t) {
            std::lock_guard lock(mutex_);
            last_error_ = std::move(why);
        }
        return t;
    }

    [[nodiscard]] result<detail::transport_ptr> open_transport(std::string& why) {
        if (options_.tls.enabled) {
            if (!options_.unix_path.empty()) {
                why = "TLS over a Unix socket is not supported";
                return error::server_error;
            }
            {
                std::lock_guard lock(mutex_);
                if (!tls_context_) {
                    auto ctx = detail::make_tls_context(options_.tls, why);
                    if (!ctx) return ctx.error();
                    tls_context_ = std::move(*ctx);
                }
            }
            return detail::tls_transport::open(tls_context_.get(), options_.host, options_.port, options_.tls,
                                               options_.connect_timeout, options_.command_timeout, why);
        }
        auto const tv = detail::to_timeval(options_.connect_timeout);
        detail::context_ptr c(options_.unix_path.empty()
                                  ? redisConnectWithTimeout(options_.host.c_str(), options_.port, tv)
                                  : redisConnectUnixWithTimeout(options_.unix_path.c_str(), tv));
        if (!c || c->err != 0) {
            why = c ? std::string(c->errstr) : std::string("out of memory");
            return error::temporarily_unavailable;
        }
        if (redisSetTimeout(c.get(), detail::to_timeval(options_.command_timeout)) != REDIS_OK) {
            why = "cannot set the command timeout";
            return error::temporarily_unavailable;
        }
        if (options_.unix_path.empty()) redisEnableKeepAlive(c.get());
        return detail::transport_ptr(std::make_unique<detail::hiredis_transport>(std::move(c)));
    }

    connection_options options_;
    mutable std::mutex mutex_;
    std::condition_variable available_;
    std::vector<detail::transport_ptr> idle_;
    std::size_t in_use_ = 0;
    std::chrono::milliseconds backoff_{};
    steady::time_point retry_at_{};
    std::string last_error_;
    detail::ssl_ctx_ptr tls_context_;  // made on the first TLS connection, then shared (SSL_CTX is thread-safe)
};

} // namespace authwire::redis
