#pragma once
// authwire examples — a small HTTP/1.1 server on Boost.Beast that hands every request to one handler as an
// authwire::http_request (with the connection it came on: the peer's address) and sends back the handler's
// http_response. Used by the demo server (all of its endpoints) and by the CLI client (its RFC 8252 §7.3
// loopback redirect listener).
//
// One request per connection, one log line per request, 127.0.0.1 by default, a graceful stop (SIGINT/SIGTERM or
// stop()), and tasks run every so often (every()). run() serves from options::threads threads (default 1): the
// accept loop, the connection cap, the timers and the periodic tasks run serialized on the server's strand, each
// connection on a strand of its own, and the handler is called from any of the threads at once — it must be
// thread-safe when threads > 1. With one thread everything runs on that one strand, as a single-threaded server.
// What it does about clients that misbehave, in the order a connection meets it (decisions marked ▸):
//  1. Accepting never stops before stop(). ▸ Out of descriptors (EMFILE, ENFILE), the oldest idle connection is
//     closed (as in 2) and accept is retried at once; if that does not help, or on any other error (ENOBUFS,
//     ENOMEM, …), accept pauses — 10 ms, doubling up to 1 s — and is retried. At most one log line a second.
//  2. At most max_connections at once. ▸ Default: 512, or the soft RLIMIT_NOFILE minus 32 when that is lower.
//     One more closes the oldest idle connection (one still waiting for its request, or draining after an error
//     answer); when none is idle the newcomer gets a 503 with `Retry-After: 1` and is closed.
//  3. Slow clients: the request head must arrive within header_timeout of the accept, the body within
//     body_timeout of the head, the response must leave within write_timeout; otherwise the connection is closed.
//  4. Malformed requests (RFC 9112) get an answer with `Connection: close` before the close, never a silent one:
//     505 for a well-formed HTTP version other than 1.0 and 1.1 (§2.3); 431 for a header section over max_header
//     (RFC 6585 §5); 413 for a body over max_body (RFC 9110 §15.5.14); 501 for a transfer coding other than
//     chunked (§6.1); 400 for everything else — a bad request line (§3), a bad field line or a space before the
//     colon (§5.1), conflicting or invalid Content-Length, Transfer-Encoding with Content-Length or not ending in
//     chunked or in an HTTP/1.0 request (§6.1, §6.3), a bad chunk (§7.1), an HTTP/1.1 request without exactly
//     one Host (§3.2), a request target not in origin-form. ▸ Obsolete line folding is replaced by a space, as
//     §5.2 allows (Beast does it). ▸ After an error answer the server stops sending and reads and discards what
//     the client still sends (at most 2 MiB for 2 s), so that closing does not reset the connection before the
//     client has read the answer.

#include <authwire/adapters/beast_server.hpp>
#include <authwire/core/http_message.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <iostream>
#include <iterator>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace authwire::examples {

/// What the server knows about the connection a request came on.
struct connection_info {
    std::string address;            ///< the peer's IP address as text ("127.0.0.1", "::1"; IPv4-mapped as IPv4)
    unsigned short port = 0;        ///< the peer's port
};

class http_server {
public:
    /// The application: a response for each request, knowing who sent it.
    using handler = std::function<http_response(http_request const&, connection_info const&)>;
    /// An application that does not care who sent the request.
    using simple_handler = std::function<http_response(http_request const&)>;
    using logger = std::function<void(std::string_view line)>;

    struct options {
        std::string address = "127.0.0.1";        ///< where to listen; loopback unless you mean otherwise
        unsigned short port = 0;                  ///< 0: an ephemeral port chosen by the system
        std::size_t max_body = 64 * 1024;         ///< bigger request bodies get 413
        std::size_t max_header = 16 * 1024;       ///< bigger request heads (request line and fields) get 431
        std::size_t max_connections = 0;          ///< 0: 512, or the soft RLIMIT_NOFILE minus 32 when lower
        std::chrono::milliseconds header_timeout{10'000};  ///< from the accept to the end of the request head
        std::chrono::milliseconds body_timeout{10'000};    ///< from the head to the end of the body
        std::chrono::milliseconds write_timeout{10'000};   ///< to send the response
        bool handle_signals = false;              ///< stop gracefully on SIGINT / SIGTERM
        std::size_t threads = 1;                  ///< threads run() serves from (0 counts as 1); run_for() uses one
    };

    /// Binds and listens at once (so the port is known and connections queue before run()).
    http_server(options o, handler h, logger log = default_logger())
        : options_(std::move(o)), handler_(std::move(h)), log_(std::move(log)),
          max_connections_(options_.max_connections != 0 ? options_.max_connections : default_max_connections()),
          io_(options_.threads > 1 ? static_cast<int>(threads()) : BOOST_ASIO_CONCURRENCY_HINT_DEFAULT), strand_(boost::asio::make_strand(io_)),
          acceptor_(strand_, {boost::asio::ip::make_address(options_.address), options_.port}), accept_timer_(strand_) {
        auto const ep = acceptor_.local_endpoint();
        endpoint_ = ep;
        std::string host = ep.address().to_string();
        if (ep.address().is_v6()) host = "[" + host + "]";
        origin_ = "http://" + host + ":" + std::to_string(ep.port());
        if (options_.handle_signals) {
            signals_.emplace(strand_, SIGINT, SIGTERM);
            signals_->async_wait([this](boost::system::error_code ec, int) {
                if (!ec) close();
            });
        }
    }

    http_server(options o, simple_handler h, logger log = default_logger())
        : http_server(std::move(o),
                      handler([h = std::move(h)](http_request const& r, connection_info const&) { return h(r); }),
                      std::move(log)) {}

    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }
    /// "http://127.0.0.1:PORT": the base of every URL this server answers.
    [[nodiscard]] std::string const& origin() const { return origin_; }
    /// The connection cap in force (options::max_connections, or its default).
    [[nodiscard]] std::size_t max_connections() const noexcept { return max_connections_; }
    /// Connections open now.
    [[nodiscard]] std::size_t connections() const {
        std::lock_guard lock(connections_mutex_);
        return connections_.size();
    }
    /// The threads run() serves from.
    [[nodiscard]] std::size_t threads() const noexcept { return std::clamp<std::size_t>(options_.threads, 1, 1024); }

    /// Run `task` every `period` on the server's strand, while the server runs. Call before run(). With one thread
    /// it may touch what the handler touches; with more it runs while handlers run, so what they share must be
    /// thread-safe.
    void every(std::chrono::milliseconds period, std::function<void()> task) {
        periodic_.push_back(std::make_unique<periodic>(strand_, period, std::move(task)));
    }

    /// Serve until stop() (or a signal), from threads() threads; connections in progress are finished first.
    void run() {
        start();
        std::vector<std::thread> more;
        try {
            for (std::size_t i = 1; i < threads(); ++i) more.emplace_back([this] { io_.run(); });
        } catch (std::system_error const& e) {  // fewer threads than asked: serve with those there are
            boost::asio::post(strand_, [this, what = std::string(e.what())] {
                note("could not start every thread: " + what);
            });
        }
        io_.run();
        for (auto& t : more) t.join();
    }

    /// Serve for at most `d` (or until stop()); returns true when stopped before the time ran out.
    template <class Rep, class Period>
    bool run_for(std::chrono::duration<Rep, Period> d) {
        start();
        io_.run_for(d);
        bool const stopped = stopped_;
        io_.stop();
        return stopped;
    }

    /// Stop accepting and close the idle connections; run() returns once the requests in progress are answered.
    /// Thread-safe; also callable from inside the handler.
    void stop() {
        boost::asio::post(strand_, [this] { close(); });
    }

    /// After a stop (and run() or run_for() having returned): listen again on the same address and port, so
    /// that the next run()/run_for() serves again — a loopback redirect listener waiting for another
    /// authorization response at the redirect URI it registered. False when the port was taken meanwhile.
    [[nodiscard]] bool listen_again() {
        if (!stopped_) {
            io_.restart();
            return true;
        }
        boost::system::error_code ec;
        acceptor_.open(endpoint_.protocol(), ec);
        if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor_.bind(endpoint_, ec);
        if (!ec) acceptor_.listen(tcp::acceptor::max_listen_connections, ec);
        if (ec) {
            acceptor_.close(ec);
            return false;
        }
        stopped_ = false;
        io_.restart();
        return true;
    }

    /// The default log: one line per request on stderr (one write per line, so lines from several threads do not
    /// interleave).
    static logger default_logger() {
        return [](std::string_view line) {
            std::string text;
            text.reserve(line.size() + 1);
            text.append(line).push_back('\n');
            std::cerr << text;
        };
    }

    /// The default connection cap: 512, or the soft RLIMIT_NOFILE minus 32 (descriptors for everything else)
    /// when that is lower, and at least 16.
    [[nodiscard]] static std::size_t default_max_connections() noexcept {
        std::size_t cap = 512;
        rlimit files{};
        if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY && files.rlim_cur < cap + 32)
            cap = files.rlim_cur > 48 ? static_cast<std::size_t>(files.rlim_cur) - 32 : 16;
        return cap;
    }

private:
    using tcp = boost::asio::ip::tcp;
    using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
    using beast_response = boost::beast::http::response<boost::beast::http::string_body>;
    class session;

    struct periodic {
        periodic(boost::asio::strand<boost::asio::io_context::executor_type> const& ex, std::chrono::milliseconds p,
                 std::function<void()> t)
            : timer(ex), period(p), task(std::move(t)) {}
        boost::asio::steady_timer timer;
        std::chrono::milliseconds period;
        std::function<void()> task;
        bool armed = false;
    };

    void start() {
        accept();
        for (auto& p : periodic_)
            if (!p->armed) arm(*p);
    }

    void arm(periodic& p) {
        p.armed = true;
        p.timer.expires_after(p.period);
        p.timer.async_wait([this, &p](boost::system::error_code ec) {
            p.armed = false;
            if (ec || stopped_) return;
            try {
                p.task();
            } catch (std::exception const& e) {
                note(std::string("periodic task failed: ") + e.what());
            }
            arm(p);
        });
    }

    void close() {
        stopped_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        accept_timer_.cancel();
        for (auto& p : periodic_) p->timer.cancel();
        if (signals_) signals_->cancel(ignored);
        // Nothing is in progress on an idle connection: close them now rather than wait for their timeouts.
        while (shed_oldest_idle()) {
        }
    }

    // Where a new connection's handlers run: the server's strand with one thread (no concurrency at all), else a
    // strand of its own.
    [[nodiscard]] boost::asio::any_io_executor connection_executor() {
        if (threads() == 1) return strand_;
        return boost::asio::make_strand(io_);
    }

    void accept() {
        acceptor_.async_accept(connection_executor(), [this](boost::system::error_code ec, tcp::socket socket) {
            if (stopped_) return;  // closed by stop()
            if (ec) return accept_failed(ec);
            accept_pause_ = {};
            shed_for_accept_ = false;
            admit(std::move(socket));
            accept();
        });
    }

    // 1. Never give up: make room or wait, then accept again.
    void accept_failed(boost::system::error_code ec) {
        if (ec == boost::asio::error::operation_aborted || !acceptor_.is_open()) return;
        bool const out_of_descriptors = ec == boost::system::errc::too_many_files_open ||
                                        ec == boost::system::errc::too_many_files_open_in_system;
        if (out_of_descriptors && !shed_for_accept_ && shed_oldest_idle()) {
            shed_for_accept_ = true;  // if accepting fails again at once, pause instead of closing another
            note("accept: " + ec.message() + ": closed the oldest idle connection");
            return accept();
        }
        shed_for_accept_ = false;
        accept_pause_ = accept_pause_ == std::chrono::milliseconds::zero()
                            ? std::chrono::milliseconds(10)
                            : std::min(accept_pause_ * 2, std::chrono::milliseconds(1000));
        note("accept: " + ec.message() + ": retrying in " + std::to_string(accept_pause_.count()) + " ms");
        accept_timer_.expires_after(accept_pause_);
        accept_timer_.async_wait([this](boost::system::error_code e) {
            if (!e && !stopped_) accept();
        });
    }

    // 2. The connection cap.
    void admit(tcp::socket socket) {
        if (connections() >= max_connections_) {
            if (!shed_oldest_idle()) {
                note("at " + std::to_string(max_connections_) + " connections, none idle: refused one with 503");
                return refuse(socket);
            }
            note("at " + std::to_string(max_connections_) + " connections: closed the oldest idle connection");
        }
        std::make_shared<session>(*this, std::move(socket))->start();
    }

    // On the server's strand. The session is taken off the list here; its socket is closed on its own strand: at
    // once with one thread (that strand is the server's), else as soon as that strand is free.
    bool shed_oldest_idle() {
        std::shared_ptr<session> victim;
        {
            std::lock_guard lock(connections_mutex_);
            auto const it = std::find_if(connections_.begin(), connections_.end(), [](session* s) { return s->idle(); });
            if (it == connections_.end()) return false;
            victim = (*it)->weak_from_this().lock();  // empty: it is being destroyed, its socket closes with it
            (*it)->unlist_locked();
        }
        if (victim) session::abort(std::move(victim));
        return true;
    }

    // Best effort, without blocking: the socket's send buffer is empty, so a short answer fits.
    static void refuse(tcp::socket& socket) {
        static constexpr std::string_view busy = "HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n"
                                                 "Retry-After: 1\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                                 "Content-Length: 17\r\n\r\nserver too busy\r\n";
        boost::system::error_code ignored;
        socket.non_blocking(true, ignored);
        (void)socket.write_some(boost::asio::buffer(busy.data(), busy.size()), ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    // Server events (not requests) in the same log, at most one line a second.
    void note(std::string const& what) {
        auto const now = std::chrono::steady_clock::now();
        if (now - last_note_ < std::chrono::seconds(1)) {
            ++notes_suppressed_;
            return;
        }
        last_note_ = now;
        std::string line = "server: " + what;
        if (notes_suppressed_ != 0) line += " (and " + std::to_string(notes_suppressed_) + " more events)";
        notes_suppressed_ = 0;
        if (log_) log_(line);
    }

    // The request as authwire sees it (adapters/beast_server.hpp): absolute URL on this server's origin (the Host
    // header is not trusted to name the server), headers in order, body.
    [[nodiscard]] http_response answer(beast_request const& in, connection_info const& peer) const {
        auto req = adapters::from_beast_request(in, origin_);
        if (!req) return plain(400, "bad request target: only origin-form (/path?query) is served\n");
        try {
            return handler_(*req, peer);
        } catch (std::exception const& e) {
            std::cerr << "handler failed: " << e.what() << '\n';
            return plain(500, "internal error\n");
        }
    }

    static http_response plain(unsigned status, std::string body) {
        http_response r;
        r.status = status;
        r.headers.append("Content-Type", "text/plain; charset=utf-8");
        r.body = std::move(body);
        return r;
    }

    // 4. What a request that the parser refused deserves (nullopt: nothing, the client is gone or silent).
    [[nodiscard]] static std::optional<http_response> malformed(boost::system::error_code ec,
                                                                std::string_view unparsed) {
        namespace http = boost::beast::http;
        if (ec == http::error::header_limit) return plain(431, "request header fields too large\n");
        if (ec == http::error::body_limit) return plain(413, "request body too large\n");
        if (ec == http::error::bad_version) {
            if (names_other_http_version(unparsed)) return plain(505, "HTTP version not supported: use HTTP/1.1\n");
            return plain(400, "bad request line\n");
        }
        if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_line_ending)
            return plain(400, "bad request line\n");
        if (ec == http::error::bad_field || ec == http::error::bad_value || ec == http::error::bad_obs_fold)
            return plain(400, "bad header field\n");
        if (ec == http::error::bad_content_length || ec == http::error::multiple_content_length ||
            ec == http::error::bad_transfer_encoding)
            return plain(400, "bad message framing (Content-Length, Transfer-Encoding)\n");
        if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension)
            return plain(400, "bad chunked body\n");
        return std::nullopt;
    }

    // RFC 9112 §2.3: the request line is well formed but its version is not 1.0 or 1.1 ("HTTP/9.9", "HTTP/2.0").
    [[nodiscard]] static bool names_other_http_version(std::string_view unparsed) {
        auto const eol = unparsed.find('\n');
        if (eol == std::string_view::npos) return false;
        auto line = unparsed.substr(0, eol);
        if (line.ends_with('\r')) line.remove_suffix(1);
        auto const sp = line.rfind(' ');
        if (sp == std::string_view::npos || line.find(' ') == sp) return false;  // method SP target SP version
        auto const v = line.substr(sp + 1);
        auto const digit = [](char c) { return c >= '0' && c <= '9'; };
        return v.size() == 8 && v.starts_with("HTTP/") && digit(v[5]) && v[6] == '.' && digit(v[7]) &&
               v != "HTTP/1.0" && v != "HTTP/1.1";
    }

    // 4. What the parser accepts but RFC 9112 does not (Beast has already refused conflicting Content-Length and
    // Content-Length with Transfer-Encoding).
    [[nodiscard]] static std::optional<http_response>
    unacceptable_head(boost::beast::http::request_parser<boost::beast::http::string_body> const& parser) {
        namespace http = boost::beast::http;
        auto const& h = parser.get();
        auto const hosts = h.count(http::field::host);
        if (hosts > 1 || (h.version() == 11 && hosts != 1))
            return plain(400, "an HTTP/1.1 request needs exactly one Host header field\n");
        if (h.count(http::field::transfer_encoding) == 0) return std::nullopt;
        if (h.version() < 11) return plain(400, "Transfer-Encoding in an HTTP/1.0 request\n");
        if (!parser.chunked()) return plain(400, "Transfer-Encoding must end with chunked\n");
        for (auto const& f : h)
            if (f.name() == http::field::transfer_encoding)
                for (auto const& coding : http::token_list(f.value()))
                    if (!boost::beast::iequals(coding, "chunked"))
                        return plain(501, "transfer coding not implemented: only chunked is\n");
        return std::nullopt;
    }

    class session : public std::enable_shared_from_this<session> {
    public:
        session(http_server& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
            boost::system::error_code ec;
            auto const remote = stream_.socket().remote_endpoint(ec);
            if (!ec) {
                auto address = remote.address();
                if (address.is_v6() && address.to_v6().is_v4_mapped())
                    address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
                peer_.address = address.to_string();
                peer_.port = remote.port();
            }
            started_ = std::chrono::steady_clock::now();
            std::lock_guard lock(server_.connections_mutex_);
            server_.connections_.push_back(this);
            slot_ = std::prev(server_.connections_.end());
            listed_ = true;
        }

        ~session() { unlist(); }

        session(session const&) = delete;
        session& operator=(session const&) = delete;

        void start() {
            parser_.emplace();
            parser_->body_limit(server_.options_.max_body);
            parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(server_.options_.max_header, UINT32_MAX)));
            stream_.expires_after(server_.options_.header_timeout);
            boost::beast::http::async_read_header(
                stream_, buffer_, *parser_,
                [self = shared_from_this()](boost::system::error_code ec, std::size_t) { self->on_head(ec); });
        }

        /// Waiting for the client (its request, or its goodbye after an error answer): may be closed for room.
        [[nodiscard]] bool idle() const noexcept { return phase_ != phase::answering; }

        /// Close `s` (already unlisted: for room, or at stop) on its strand; the pending read then completes with an
        /// error and nothing follows. A session that started answering meanwhile (another thread read its request)
        /// is let finish: it closes itself after the answer.
        static void abort(std::shared_ptr<session> s) {
            auto const ex = s->stream_.get_executor();
            boost::asio::dispatch(ex, [s = std::move(s)] {
                if (!s->idle()) return;
                boost::system::error_code ignored;
                s->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                s->stream_.close();
            });
        }

        // With server_.connections_mutex_ held.
        void unlist_locked() {
            if (!listed_) return;
            server_.connections_.erase(slot_);
            listed_ = false;
        }

    private:
        enum class phase : unsigned char { reading, answering, draining };

        void unlist() {
            std::lock_guard lock(server_.connections_mutex_);
            unlist_locked();
        }

        void on_head(boost::system::error_code ec) {
            if (ec) return on_read_error(ec);
            if (auto refused = unacceptable_head(*parser_)) return respond("-", "-", *refused, true);
            if (parser_->is_done()) return on_body({});
            stream_.expires_after(server_.options_.body_timeout);
            boost::beast::http::async_read(
                stream_, buffer_, *parser_,
                [self = shared_from_this()](boost::system::error_code e, std::size_t) { self->on_body(e); });
        }

        void on_body(boost::system::error_code ec) {
            if (ec) return on_read_error(ec);
            phase_ = phase::answering;
            auto const& in = parser_->get();
            auto const target = boost::urls::parse_origin_form(in.target());
            std::string const path = target ? std::string(target->encoded_path()) : std::string("?");
            respond(std::string(in.method_string()), path, server_.answer(in, peer_), false);
        }

        void on_read_error(boost::system::error_code ec) {
            if (!listed_) return;  // closed by the server
            auto const* data = static_cast<char const*>(buffer_.data().data());
            auto answer = malformed(ec, std::string_view(data, buffer_.size()));
            if (!answer) return;  // timeout, reset, end of stream: nothing to answer, the socket closes with us
            respond("-", "-", *answer, true);
        }

        // Logged: method and path only, never the query or body (they can carry codes and secrets).
        void respond(std::string const& method, std::string const& path, http_response const& answer, bool error) {
            namespace http = boost::beast::http;
            phase_ = phase::answering;
            response_.emplace(adapters::to_beast_response(answer));
            response_->keep_alive(false);
            auto const us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                                   started_)
                                .count();
            if (server_.log_)
                server_.log_((peer_.address.empty() ? std::string("?") : peer_.address) + " \"" + method + " " +
                             path + "\" " + std::to_string(response_->result_int()) + " " + std::to_string(response_->body().size()) +
                             "B " + std::to_string(us / 1000) + "." + std::to_string(us % 1000 / 100) + "ms");
            stream_.expires_after(server_.options_.write_timeout);
            http::async_write(stream_, *response_,
                              [self = shared_from_this(), error](boost::system::error_code ec, std::size_t) {
                                  boost::system::error_code ignored;
                                  if (ec || !error) {
                                      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                                      return;
                                  }
                                  self->stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
                                  self->phase_ = phase::draining;
                                  self->stream_.expires_after(std::chrono::seconds(2));
                                  self->drain();
                              });
        }

        // After an error answer: read what the client still sends until it closes (bounded), then close.
        void drain() {
            if (drained_ > 2 * 1024 * 1024) return;
            stream_.async_read_some(boost::asio::buffer(scratch_),
                                    [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                                        self->drained_ += n;
                                        if (!ec) self->drain();
                                    });
        }

        http_server& server_;
        boost::beast::tcp_stream stream_;
        boost::beast::flat_buffer buffer_;
        std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
        std::optional<beast_response> response_;
        connection_info peer_;
        std::chrono::steady_clock::time_point started_;
        std::list<session*>::iterator slot_;
        std::atomic<bool> listed_{false};  // written under server_.connections_mutex_
        std::atomic<phase> phase_{phase::reading};
        std::array<char, 16 * 1024> scratch_{};
        std::size_t drained_ = 0;
    };

    options options_;
    handler handler_;
    logger log_;
    std::size_t max_connections_;
    // Before io_: sessions that io_ destroys with their pending handlers take themselves off this list.
    mutable std::mutex connections_mutex_;
    std::list<session*> connections_;  // oldest first, under connections_mutex_
    boost::asio::io_context io_;
    boost::asio::strand<boost::asio::io_context::executor_type> strand_;  // accept, cap, timers, periodic tasks
    tcp::acceptor acceptor_;
    boost::asio::steady_timer accept_timer_;
    std::chrono::milliseconds accept_pause_{0};
    bool shed_for_accept_ = false;
    std::list<std::unique_ptr<periodic>> periodic_;
    tcp::endpoint endpoint_;
    std::optional<boost::asio::signal_set> signals_;
    std::string origin_;
    std::chrono::steady_clock::time_point last_note_{};
    std::size_t notes_suppressed_ = 0;
    std::atomic<bool> stopped_{false};
};

} // namespace authwire::examples
