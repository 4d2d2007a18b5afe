// authwire tests — a private redis-server for the `redis` tests: started on a free 127.0.0.1 port with its own
// temporary directory and AOF (`appendfsync always`), stopped (or killed, to simulate a crash) by its PID, and
// restarted on the same port and directory. The child gets PR_SET_PDEATHSIG, so it dies with the test process
// even when that crashes. The redis-server program comes from AUTHWIRE_REDIS_SERVER (set by CMake).
// tls_server() is a second, TLS-only one (`--port 0 --tls-port`, client certificates required) with a test PKI
// made at test time by tests/redis/make_test_pki.sh (the openssl CLI; found through test_data_dir()).
#pragma once

#include <authwire/redis/connection.hpp>

#include "test_data_dir.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace redis_test {

#ifndef AUTHWIRE_REDIS_SERVER
#define AUTHWIRE_REDIS_SERVER "redis-server"
#endif

// A temporary directory, removed with everything in it when the object dies.
class temp_dir {
public:
    temp_dir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "authwire-redis-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
        path_ = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(temp_dir const&) = delete;
    temp_dir& operator=(temp_dir const&) = delete;
    [[nodiscard]] std::filesystem::path const& path() const noexcept { return path_; }

private:
    std::filesystem::path path_;
};

// Run a program to its end; its exit status (-1 when it could not be run).
inline int run_program(std::vector<std::string> args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t const child = ::fork();
    if (child < 0) return -1;
    if (child == 0) {
        ::execvp(argv[0], argv.data());
        ::_exit(127);
    }
    int status = 0;
    if (::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

// The test PKI of the process, made once: <dir>/ca.pem, server.{pem,key}, client.{pem,key}, other-ca.pem,
// other-server.{pem,key} (see make_test_pki.sh).
inline std::filesystem::path const& test_pki() {
    static temp_dir const dir;
    static bool const made = [] {
        auto const script = authwire_test::test_data_dir() + "/redis/make_test_pki.sh";
        if (run_program({"bash", script, dir.path().string()}) != 0)
            throw std::runtime_error("make_test_pki.sh failed (is the openssl CLI installed?)");
        return true;
    }();
    (void)made;
    return dir.path();
}

// A port the kernel had free a moment ago.
inline std::uint16_t free_port() {
    int const fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd);
        throw std::runtime_error("bind");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

class redis_server {
public:
    enum class transport { plain, tls };

    explicit redis_server(transport t = transport::plain) : tls_(t == transport::tls) {
        if (tls_) (void)test_pki();
        std::string tmpl = (std::filesystem::temp_directory_path() / "authwire-redis-XXXXXX").string();
        if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp");
        dir_ = tmpl;
        for (int attempt = 0; attempt < 5; ++attempt) {
            port_ = free_port();
            if (start()) return;
        }
        throw std::runtime_error("redis-server did not start (is it installed? see scripts/bootstrap)");
    }
    ~redis_server() {
        stop();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    redis_server(redis_server const&) = delete;
    redis_server& operator=(redis_server const&) = delete;

    [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
    [[nodiscard]] pid_t pid() const noexcept { return pid_; }
    [[nodiscard]] std::string socket_path() const { return (dir_ / "redis.sock").string(); }
    [[nodiscard]] bool running() const noexcept { return pid_ > 0; }

    [[nodiscard]] authwire::redis::connection_options options() const {
        authwire::redis::connection_options o;
        o.host = "127.0.0.1";
        o.port = port_;
        o.connect_timeout = std::chrono::milliseconds(2000);  // generous: CI runs sanitizers, tests in parallel
        o.command_timeout = std::chrono::milliseconds(2000);
        o.backoff_initial = std::chrono::milliseconds(20);
        o.backoff_max = std::chrono::milliseconds(200);
        if (tls_) {
            auto const& pki = test_pki();
            o.tls.enabled = true;
            o.tls.ca_file = (pki / "ca.pem").string();
            o.tls.cert_file = (pki / "client.pem").string();
            o.tls.key_file = (pki / "client.key").string();
        }
        return o;
    }

    // SIGKILL: a crash; nothing is flushed beyond what appendfsync always already wrote.
    void kill() { signal_and_reap(SIGKILL); }
    // SIGTERM: a clean shutdown.
    void stop() { signal_and_reap(SIGTERM); }
    // Start again on the same port and directory (the AOF is replayed).
    void restart() {
        for (int attempt = 0; attempt < 50; ++attempt) {  // the port may linger a moment after a kill
            if (start()) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        throw std::runtime_error("redis-server did not restart");
    }

private:
    bool start() {
        std::string const port = std::to_string(port_);
        std::vector<std::string> args{AUTHWIRE_REDIS_SERVER, "--port", port, "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                                      "--dir", dir_.string(), "--daemonize", "no", "--loglevel", "warning",
                                      "--logfile", (dir_ / "redis.log").string(), "--protected-mode", "yes",
                                      "--unixsocket", socket_path(), "--unixsocketperm", "700"};
        if (tls_) {  // TLS only: no clear-text TCP port, no Unix socket, client certificates required
            auto const& pki = test_pki();
            args.resize(args.size() - 4);
            args[2] = "0";
            args.insert(args.end(), {"--tls-port", port, "--tls-cert-file", (pki / "server.pem").string(), "--tls-key-file",
                                     (pki / "server.key").string(), "--tls-ca-cert-file", (pki / "ca.pem").string(),
                                     "--tls-auth-clients", "yes"});
        }
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t const parent = ::getpid();
        pid_t const child = ::fork();
        if (child < 0) return false;
        if (child == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(127);
            ::execvp(argv[0], argv.data());
            ::_exit(127);
        }
        pid_ = child;
        auto const deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (std::chrono::steady_clock::now() < deadline) {
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {  // exited: port taken, or no redis-server
                pid_ = -1;
                return false;
            }
            if (ping()) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        signal_and_reap(SIGKILL);
        return false;
    }

    bool ping() const {
        if (tls_) {
            auto o = options();
            o.connect_timeout = o.command_timeout = std::chrono::milliseconds(200);
            authwire::redis::connection_pool p(o);
            std::array<std::string_view, 1> const a{"PING"};
            auto r = p.command(a);
            return r && r->type == authwire::redis::reply::kind::status && r->str == "PONG";
        }
        auto const tv = authwire::redis::detail::to_timeval(std::chrono::milliseconds(200));
        authwire::redis::detail::context_ptr c(redisConnectWithTimeout("127.0.0.1", port_, tv));
        if (!c || c->err != 0) return false;
        std::array<std::string_view, 1> const a{"PING"};
        auto r = authwire::redis::detail::run(c.get(), a);
        // LOADING while the AOF is replayed is an error reply: not ready yet.
        return r && r->type == authwire::redis::reply::kind::status && r->str == "PONG";
    }

    void signal_and_reap(int sig) {
        if (pid_ <= 0) return;
        ::kill(pid_, sig);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }

    bool tls_ = false;
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
};

// The one server of the test process, started on first use and stopped by PID at exit.
inline redis_server& server() {
    static redis_server s;
    return s;
}

// The TLS-only server of the test process (rediss://), started on first use and stopped by PID at exit.
inline redis_server& tls_server() {
    static redis_server s(redis_server::transport::tls);
    return s;
}

// A key prefix no other test uses, so that tests share the server without seeing each other's keys.
inline std::string unique_prefix() {
    static std::atomic<unsigned> n{0};
    std::random_device rd;
    return "t" + std::to_string(rd()) + "-" + std::to_string(n++) + ":";
}

inline std::shared_ptr<authwire::redis::connection_pool> pool(std::size_t size = 4) {
    auto o = server().options();
    o.pool_size = size;
    return std::make_shared<authwire::redis::connection_pool>(o);
}

inline std::shared_ptr<authwire::redis::connection_pool> tls_pool(std::size_t size = 4) {
    auto o = tls_server().options();
    o.pool_size = size;
    return std::make_shared<authwire::redis::connection_pool>(o);
}

} // namespace redis_test
