#pragma once
// authwire examples — a small HTTP/1.1 server on Boost.Beast that hands every request to one handler as an
// authwire::http_request and sends back the handler's http_response. Used by the demo server (all of its
// endpoints) and by the CLI client (its RFC 8252 §7.3 loopback redirect listener).
//
// One thread, one request per connection, bounded requests, a timeout per connection, one log line per
// request, 127.0.0.1 by default, and a graceful stop (SIGINT/SIGTERM or stop()).

#include <authwire/core/http_message.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <exception>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace authwire::examples {

class http_server {
public:
    using handler = std::function<http_response(http_request const&)>;
    using logger = std::function<void(std::string_view line)>;

    struct options {
        std::string address = "127.0.0.1";        ///< where to listen; loopback unless you mean otherwise
        unsigned short port = 0;                  ///< 0: an ephemeral port chosen by the system
        std::size_t max_body = 64 * 1024;         ///< bigger request bodies get 413
        std::chrono::milliseconds timeout{10'000};  ///< per connection (read + handle + write)
        bool handle_signals = false;              ///< stop gracefully on SIGINT / SIGTERM
    };

    /// Binds and listens at once (so the port is known and connections queue before run()).
    http_server(options o, handler h, logger log = default_logger())
        : options_(std::move(o)), handler_(std::move(h)), log_(std::move(log)),
          acceptor_(io_, {boost::asio::ip::make_address(options_.address), options_.port}) {
        auto const ep = acceptor_.local_endpoint();
        endpoint_ = ep;
        std::string host = ep.address().to_string();
        if (ep.address().is_v6()) host = "[" + host + "]";
        origin_ = "http://" + host + ":" + std::to_string(ep.port());
        if (options_.handle_signals) {
            signals_.emplace(io_, SIGINT, SIGTERM);
            signals_->async_wait([this](boost::system::error_code ec, int) {
                if (!ec) close();
            });
        }
    }

    http_server(http_server const&) = delete;
    http_server& operator=(http_server const&) = delete;

    [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }
    /// "http://127.0.0.1:PORT": the base of every URL this server answers.
    [[nodiscard]] std::string const& origin() const { return origin_; }

    /// Serve until stop() (or a signal); connections in progress are finished first.
    void run() {
        accept();
        io_.run();
    }

    /// Serve for at most `d` (or until stop()); returns true when stopped before the time ran out.
    template <class Rep, class Period>
    bool run_for(std::chrono::duration<Rep, Period> d) {
        accept();
        io_.run_for(d);
        bool const stopped = stopped_;
        io_.stop();
        return stopped;
    }

    /// Stop accepting; run() returns once the connections in progress are done. Thread-safe; also callable from
    /// inside the handler.
    void stop() {
        boost::asio::post(io_, [this] { close(); });
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

    /// The default log: one line per request on stderr.
    static logger default_logger() {
        return [](std::string_view line) { std::cerr << line << '\n'; };
    }

private:
    using tcp = boost::asio::ip::tcp;
    using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
    using beast_response = boost::beast::http::response<boost::beast::http::string_body>;

    void close() {
        stopped_ = true;
        boost::system::error_code ignored;
        acceptor_.close(ignored);
        if (signals_) signals_->cancel(ignored);
    }

    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec) return;  // closed by stop()
            std::make_shared<session>(*this, std::move(socket))->start();
            if (!stopped_) accept();
        });
    }

    // The request as authwire sees it: absolute URL on this server's origin (the Host header is not trusted to
    // name the server), headers in order, body.
    [[nodiscard]] std::optional<http_request> to_authwire(beast_request const& in) const {
        auto const target = boost::urls::parse_origin_form(in.target());
        if (!target) return std::nullopt;
        http_request out;
        out.method = std::string(in.method_string());
        out.url = boost::urls::url(origin_);
        out.url.set_encoded_path(target->encoded_path());
        if (target->has_query()) out.url.set_encoded_query(target->encoded_query());
        for (auto const& f : in) out.headers.append(f.name_string(), f.value());
        out.body = in.body();
        return out;
    }

    [[nodiscard]] http_response answer(beast_request const& in) const {
        auto req = to_authwire(in);
        if (!req) return plain(400, "bad request target\n");
        try {
            return handler_(*req);
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

    class session : public std::enable_shared_from_this<session> {
    public:
        session(http_server& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
            boost::system::error_code ec;
            auto const remote = stream_.socket().remote_endpoint(ec);
            peer_ = ec ? std::string("?") : remote.address().to_string();
            started_ = std::chrono::steady_clock::now();
        }

        void start() {
            parser_.emplace();
            parser_->body_limit(server_.options_.max_body);
            parser_->header_limit(16 * 1024);
            stream_.expires_after(server_.options_.timeout);
            boost::beast::http::async_read(stream_, buffer_, *parser_,
                                           [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                                               self->on_read(ec);
                                           });
        }

    private:
        void on_read(boost::system::error_code ec) {
            namespace http = boost::beast::http;
            if (ec == http::error::body_limit) return respond("-", "-", plain(413, "request body too large\n"));
            if (ec) return;  // timeout, reset, garbage: nothing to answer
            auto const& in = parser_->get();
            auto const target = boost::urls::parse_origin_form(in.target());
            std::string const path = target ? std::string(target->encoded_path()) : std::string("?");
            respond(std::string(in.method_string()), path, server_.answer(in));
        }

        // Logged: method and path only, never the query or body (they can carry codes and secrets).
        void respond(std::string const& method, std::string const& path, http_response const& answer) {
            namespace http = boost::beast::http;
            response_.emplace(static_cast<http::status>(answer.status), 11);
            for (auto const& f : answer.headers) response_->insert(f.name, f.value);
            response_->body() = answer.body;
            response_->keep_alive(false);
            response_->prepare_payload();
            auto const ms = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                                   started_)
                                .count();
            if (server_.log_)
                server_.log_(peer_ + " \"" + method + " " + path + "\" " + std::to_string(answer.status) + " " +
                             std::to_string(answer.body.size()) + "B " + std::to_string(ms / 1000) + "." +
                             std::to_string(ms % 1000 / 100) + "ms");
            http::async_write(stream_, *response_,
                              [self = shared_from_this()](boost::system::error_code, std::size_t) {
                                  boost::system::error_code ignored;
                                  self->stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
                              });
        }

        http_server& server_;
        boost::beast::tcp_stream stream_;
        boost::beast::flat_buffer buffer_;
        std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
        std::optional<beast_response> response_;
        std::string peer_;
        std::chrono::steady_clock::time_point started_;
    };

    options options_;
    handler handler_;
    logger log_;
    boost::asio::io_context io_;
    tcp::acceptor acceptor_;
    tcp::endpoint endpoint_;
    std::optional<boost::asio::signal_set> signals_;
    std::string origin_;
    bool stopped_ = false;
};

} // namespace authwire::examples
