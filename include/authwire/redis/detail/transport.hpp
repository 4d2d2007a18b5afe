#pragma once
// authwire::redis internals — the transport a pooled connection runs commands over: one interface, two
// implementations. hiredis's own blocking connection carries `redis://` and `unix://`; `rediss://` is a TLS
// connection opened here with OpenSSL (Debian 12's hiredis 0.14 has no hiredis_ssl and no pluggable I/O), over
// which hiredis still does what it is good at: formatting commands (redisFormatCommandArgv) and parsing RESP
// replies (redisReader). The pool (connection.hpp) and every store above it see only `transport`.
//
// THIS DOES I/O (sockets, TLS). Nothing here throws except std::bad_alloc; every failure is a result error and
// leaves the transport broken() (the pool closes it). Failures to connect are described in words (`why`): an
// unreachable, silent or unverifiable server is error::temporarily_unavailable (retry later), a configuration
// that can never work (an unreadable CA file, a key that is not the certificate's) error::server_error.

#include <authwire/core/result.hpp>

#include <hiredis/hiredis.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::redis {

/// One Redis reply, copied out of hiredis's reply tree.
struct reply {
    enum class kind : unsigned char { nil, string, integer, array, status, error };
    kind type = kind::nil;
    std::string str;                ///< string, status and error replies
    long long integer = 0;          ///< integer replies
    std::vector<reply> elements;    ///< array replies

    [[nodiscard]] bool is_nil() const noexcept { return type == kind::nil; }
    [[nodiscard]] reply const* at(std::size_t i) const noexcept {
        return type == kind::array && i < elements.size() ? &elements[i] : nullptr;
    }
};

/// TLS settings of a `rediss://` connection (connection_options::tls). Verification of the server's certificate
/// chain and of its name (DNS name or IP address in subjectAltName) is always on; TLS 1.2 is the minimum.
struct tls_options {
    bool enabled = false;         ///< set by a `rediss://` URL
    std::string ca_file;          ///< PEM file of the CAs to trust; the system's default store when empty
    std::string cert_file;        ///< PEM client certificate (chain) for mutual TLS; none when empty
    std::string key_file;         ///< PEM private key of cert_file
    std::string server_name;      ///< the name sent in SNI and verified; the URL's host when empty
};

namespace detail {

struct context_deleter {
    void operator()(redisContext* c) const noexcept { redisFree(c); }
};
using context_ptr = std::unique_ptr<redisContext, context_deleter>;

// A write on a socket Redis has closed raises SIGPIPE, which kills a process that has not ignored it. hiredis
// and OpenSSL's socket BIO write with write(2); so SIGPIPE is blocked in the calling thread for the call, and one
// it caused is consumed.
class sigpipe_guard {
public:
    sigpipe_guard() noexcept {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigemptyset(&pending);
        was_pending_ = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
        blocked_ = pthread_sigmask(SIG_BLOCK, &pipe_, &old_) == 0;
    }
    ~sigpipe_guard() {
        if (!blocked_) return;
        sigset_t pending;
        sigemptyset(&pending);
        if (!was_pending_ && sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1) {
            timespec const zero{0, 0};
            sigtimedwait(&pipe_, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    sigpipe_guard(sigpipe_guard const&) = delete;
    sigpipe_guard& operator=(sigpipe_guard const&) = delete;

private:
    sigset_t pipe_{};
    sigset_t old_{};
    bool was_pending_ = false;
    bool blocked_ = false;
};

[[nodiscard]] inline timeval to_timeval(std::chrono::milliseconds ms) noexcept {
    auto const us = std::chrono::duration_cast<std::chrono::microseconds>(std::max(ms, std::chrono::milliseconds(1)));
    return timeval{static_cast<time_t>(us.count() / 1'000'000), static_cast<suseconds_t>(us.count() % 1'000'000)};
}

[[nodiscard]] inline reply copy_reply(redisReply const* r) {
    reply out;
    if (r == nullptr) return out;
    switch (r->type) {
    case REDIS_REPLY_STRING:
        out.type = reply::kind::string;
        out.str.assign(r->str, r->len);
        break;
    case REDIS_REPLY_STATUS:
        out.type = reply::kind::status;
        out.str.assign(r->str, r->len);
        break;
    case REDIS_REPLY_ERROR:
        out.type = reply::kind::error;
        out.str.assign(r->str, r->len);
        break;
    case REDIS_REPLY_INTEGER:
        out.type = reply::kind::integer;
        out.integer = r->integer;
        break;
    case REDIS_REPLY_ARRAY:
        out.type = reply::kind::array;
        out.elements.reserve(r->elements);
        for (std::size_t i = 0; i < r->elements; ++i) out.elements.push_back(copy_reply(r->element[i]));
        break;
    default: break;  // nil
    }
    return out;
}

struct reply_deleter {
    void operator()(void* r) const noexcept { freeReplyObject(r); }
};
using reply_ptr = std::unique_ptr<redisReply, reply_deleter>;

// A command's arguments as hiredis's argv/argvlen arrays (binary-safe: lengths, not NUL terminators).
struct command_argv {
    explicit command_argv(std::span<std::string_view const> args) {
        argv.reserve(args.size());
        argl.reserve(args.size());
        for (auto a : args) {
            argv.push_back(a.data());
            argl.push_back(a.size());
        }
    }
    [[nodiscard]] int count() const noexcept { return static_cast<int>(argv.size()); }

    std::vector<char const*> argv;
    std::vector<std::size_t> argl;
};

// One blocking round trip on a hiredis context. An I/O failure (the context is unusable afterwards: c->err) and
// a missing reply are errors; a Redis error reply is returned as a reply of kind error.
[[nodiscard]] inline result<reply> run(redisContext* c, std::span<std::string_view const> args) {
    command_argv cmd_args(args);
    void* raw = nullptr;
    {
        sigpipe_guard guard;
        raw = redisCommandArgv(c, cmd_args.count(), cmd_args.argv.data(), cmd_args.argl.data());
    }
    if (raw == nullptr) return error::temporarily_unavailable;
    reply_ptr owned(static_cast<redisReply*>(raw));
    return copy_reply(owned.get());
}

/// What a pooled connection is: something that runs one command and answers its reply.
class transport {
public:
    virtual ~transport() = default;
    /// One blocking round trip (`args[0]` is the command). A Redis error reply is a reply of kind error; an I/O
    /// or protocol failure is an error, after which broken() is true.
    [[nodiscard]] virtual result<reply> run(std::span<std::string_view const> args) = 0;
    [[nodiscard]] virtual bool broken() const noexcept = 0;
};
using transport_ptr = std::unique_ptr<transport>;

/// `redis://` and `unix://`: hiredis's blocking connection.
class hiredis_transport final : public transport {
public:
    explicit hiredis_transport(context_ptr c) noexcept : c_(std::move(c)) {}
    [[nodiscard]] result<reply> run(std::span<std::string_view const> args) override {
        return detail::run(c_.get(), args);
    }
    [[nodiscard]] bool broken() const noexcept override { return c_->err != 0; }

private:
    context_ptr c_;
};

struct ssl_ctx_deleter {
    void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
};
using ssl_ctx_ptr = std::unique_ptr<SSL_CTX, ssl_ctx_deleter>;
struct ssl_deleter {
    void operator()(SSL* s) const noexcept { SSL_free(s); }
};
using ssl_ptr = std::unique_ptr<SSL, ssl_deleter>;
struct reader_deleter {
    void operator()(redisReader* r) const noexcept { redisReaderFree(r); }
};
using reader_ptr = std::unique_ptr<redisReader, reader_deleter>;

// The oldest queued OpenSSL error in words (and the queue cleared), e.g. "certificate verify failed".
[[nodiscard]] inline std::string openssl_reason(std::string_view fallback) {
    unsigned long const e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) return std::string(fallback);
    std::array<char, 256> buf{};
    ERR_error_string_n(e, buf.data(), buf.size());
    return buf.data();
}

/// The client side of TLS for one pool: trust anchors, the optional client certificate, TLS >= 1.2.
[[nodiscard]] inline result<ssl_ctx_ptr> make_tls_context(tls_options const& o, std::string& why) {
    ERR_clear_error();
    ssl_ctx_ptr ctx(SSL_CTX_new(TLS_client_method()));
    if (!ctx) {
        why = "TLS: " + openssl_reason("SSL_CTX_new failed");
        return error::server_error;
    }
    SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    int const trusted = o.ca_file.empty() ? SSL_CTX_set_default_verify_paths(ctx.get())
                                          : SSL_CTX_load_verify_locations(ctx.get(), o.ca_file.c_str(), nullptr);
    if (trusted != 1) {
        why = "TLS: cannot load the CA file '" + o.ca_file + "': " + openssl_reason("unreadable");
        return error::server_error;  // misconfigured: not going to get better by retrying
    }
    if (!o.cert_file.empty() || !o.key_file.empty()) {
        if (o.cert_file.empty() || o.key_file.empty()) {
            why = "TLS: a client certificate needs both cert_file and key_file";
            return error::server_error;  // misconfigured: not going to get better by retrying
        }
        if (SSL_CTX_use_certificate_chain_file(ctx.get(), o.cert_file.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx.get(), o.key_file.c_str(), SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_check_private_key(ctx.get()) != 1) {
            why = "TLS: cannot use the client certificate '" + o.cert_file + "': " + openssl_reason("unusable");
            return error::server_error;  // misconfigured: not going to get better by retrying
        }
    }
    return ctx;
}

class socket_fd {
public:
    socket_fd() noexcept = default;
    explicit socket_fd(int fd) noexcept : fd_(fd) {}
    ~socket_fd() {
        if (fd_ >= 0) ::close(fd_);
    }
    socket_fd(socket_fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
    socket_fd& operator=(socket_fd&& o) noexcept {
        std::swap(fd_, o.fd_);
        return *this;
    }
    [[nodiscard]] int get() const noexcept { return fd_; }

private:
    int fd_ = -1;
};

inline void set_io_timeout(int fd, std::chrono::milliseconds ms) noexcept {
    auto const tv = to_timeval(ms);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// A blocking TCP connection to host:port, tried address by address, each within `timeout`.
[[nodiscard]] inline result<socket_fd> tcp_connect(std::string const& host, std::uint16_t port,
                                                   std::chrono::milliseconds timeout, std::string& why) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    std::string const service = std::to_string(port);
    if (int const rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
        why = "cannot resolve '" + host + "': " + ::gai_strerror(rc);
        return error::temporarily_unavailable;
    }
    std::unique_ptr<addrinfo, void (*)(addrinfo*)> list(found, ::freeaddrinfo);
    why = "cannot connect to " + host + ":" + service;
    for (addrinfo const* a = found; a != nullptr; a = a->ai_next) {
        socket_fd s(::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol));
        if (s.get() < 0) continue;
        int rc = ::connect(s.get(), a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{s.get(), POLLOUT, 0};
            int const ready = ::poll(&p, 1, static_cast<int>(std::clamp<long long>(timeout.count(), 1, 3'600'000)));
            int err = 0;
            socklen_t len = sizeof err;
            if (ready == 1 && ::getsockopt(s.get(), SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0) {
                rc = 0;
            } else {
                why += ready == 0 ? ": timed out" : std::string(": ") + std::strerror(err != 0 ? err : errno);
            }
        } else if (rc != 0) {
            why += std::string(": ") + std::strerror(errno);
        }
        if (rc != 0) continue;
        int const flags = ::fcntl(s.get(), F_GETFL, 0);
        if (flags < 0 || ::fcntl(s.get(), F_SETFL, flags & ~O_NONBLOCK) != 0) continue;
        int const one = 1;
        ::setsockopt(s.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(s.get(), SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        why.clear();
        return s;
    }
    return error::temporarily_unavailable;
}

/// `rediss://`: RESP over a TLS connection this class opens, with hiredis formatting commands and parsing
/// replies. Blocking, with the connect timeout for the TCP connect and the handshake, and the command timeout
/// for every read and write after it (the same semantics as hiredis's own connection).
class tls_transport final : public transport {
public:
    /// Connect, handshake and verify. `why` says what failed (e.g. "certificate verify failed").
    [[nodiscard]] static result<transport_ptr> open(SSL_CTX* ctx, std::string const& host, std::uint16_t port,
                                                    tls_options const& o, std::chrono::milliseconds connect_timeout,
                                                    std::chrono::milliseconds command_timeout, std::string& why) {
        auto s = tcp_connect(host, port, connect_timeout, why);
        if (!s) return s.error();
        ERR_clear_error();
        ssl_ptr ssl(SSL_new(ctx));
        reader_ptr reader(redisReaderCreate());
        if (!ssl || !reader || SSL_set_fd(ssl.get(), s->get()) != 1) {
            why = "TLS: " + openssl_reason("out of memory");
            return error::server_error;
        }
        std::string const& name = o.server_name.empty() ? host : o.server_name;
        std::array<unsigned char, 16> ip{};
        bool const is_ip = ::inet_pton(AF_INET, name.c_str(), ip.data()) == 1 ||
                           ::inet_pton(AF_INET6, name.c_str(), ip.data()) == 1;
        // RFC 6125: the name the client meant is checked against the certificate — a DNS name against its
        // dNSName entries, an address against its iPAddress entries. SNI carries DNS names only (RFC 6066 §3).
        int const named = is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl.get()), name.c_str())
                                : SSL_set1_host(ssl.get(), name.c_str());
        if (named != 1 || (!is_ip && SSL_set_tlsext_host_name(ssl.get(), name.c_str()) != 1)) {
            why = "TLS: cannot verify the name '" + name + "'";
            return error::server_error;  // misconfigured: not going to get better by retrying
        }
        set_io_timeout(s->get(), connect_timeout);
        int rc = 0;
        {
            sigpipe_guard guard;
            rc = SSL_connect(ssl.get());
        }
        if (rc != 1) {
            long const verify = SSL_get_verify_result(ssl.get());
            why = "TLS handshake with " + host + ":" + std::to_string(port) + " failed: " +
                  (verify != X509_V_OK
                       ? std::string("certificate verification: ") + X509_verify_cert_error_string(verify)
                       : openssl_reason("the connection was closed or timed out"));
            ERR_clear_error();
            return error::temporarily_unavailable;
        }
        set_io_timeout(s->get(), command_timeout);
        return transport_ptr(new tls_transport(std::move(*s), std::move(ssl), std::move(reader)));
    }

    ~tls_transport() override {
        if (!broken_) {
            sigpipe_guard guard;
            SSL_shutdown(ssl_.get());  // close_notify; its answer is not awaited
        }
        ERR_clear_error();
    }
    tls_transport(tls_transport const&) = delete;
    tls_transport& operator=(tls_transport const&) = delete;

    [[nodiscard]] result<reply> run(std::span<std::string_view const> args) override {
        if (broken_) return error::temporarily_unavailable;
        command_argv cmd_args(args);
        char* cmd = nullptr;
        int const len = redisFormatCommandArgv(&cmd, cmd_args.count(), cmd_args.argv.data(), cmd_args.argl.data());
        if (len < 0 || cmd == nullptr) return error::server_error;
        std::unique_ptr<char, void (*)(char*)> owned(cmd, redisFreeCommand);
        sigpipe_guard guard;
        if (!write_all(std::string_view(cmd, static_cast<std::size_t>(len)))) return fail();
        std::array<char, 16384> buf{};
        for (;;) {
            void* raw = nullptr;
            if (redisReaderGetReply(reader_.get(), &raw) != REDIS_OK) return fail();  // not RESP
            if (raw != nullptr) {
                reply_ptr r(static_cast<redisReply*>(raw));
                return copy_reply(r.get());
            }
            int const n = SSL_read(ssl_.get(), buf.data(), static_cast<int>(buf.size()));
            if (n <= 0) return fail();  // closed, timed out, or a TLS error
            if (redisReaderFeed(reader_.get(), buf.data(), static_cast<std::size_t>(n)) != REDIS_OK) return fail();
        }
    }
    [[nodiscard]] bool broken() const noexcept override { return broken_; }

private:
    tls_transport(socket_fd s, ssl_ptr ssl, reader_ptr reader) noexcept
        : socket_(std::move(s)), ssl_(std::move(ssl)), reader_(std::move(reader)) {}

    bool write_all(std::string_view data) {
        while (!data.empty()) {
            int const chunk = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20));
            int const n = SSL_write(ssl_.get(), data.data(), chunk);
            if (n <= 0) return false;
            data.remove_prefix(static_cast<std::size_t>(n));
        }
        return true;
    }
    result<reply> fail() noexcept {
        broken_ = true;
        ERR_clear_error();
        return error::temporarily_unavailable;
    }

    socket_fd socket_;  // declared first: destroyed after ssl_, which uses it during shutdown
    ssl_ptr ssl_;
    reader_ptr reader_;
    bool broken_ = false;
};

} // namespace detail
} // namespace authwire::redis
