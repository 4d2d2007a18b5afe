#pragma once
// A tiny HTTP/1.1 server on 127.0.0.1 for the adapter tests: plain or TLS, one thread, one request per
// connection, answers with a caller-supplied handler. Test scaffolding only — not an example to copy.

#include <authwire/core/http_message.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace authwire::examples::testing {

struct received_request {
    std::string method;
    std::string target;
    http_fields headers;
    std::string body;
};

class loopback_server {
public:
    using handler = std::function<http_response(received_request const&)>;

    /// Plain http when cert/key are empty, TLS otherwise.
    loopback_server(handler h, std::string const& cert_file = {}, std::string const& key_file = {})
        : handler_(std::move(h)), acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        if (!cert_file.empty()) {
            tls_.emplace(boost::asio::ssl::context::tls_server);
            tls_->use_certificate_chain_file(cert_file);
            tls_->use_private_key_file(key_file, boost::asio::ssl::context::pem);
        }
        thread_ = std::thread([this] { run(); });
    }

    ~loopback_server() {
        stopping_ = true;
        boost::system::error_code ignored;
        // Wake the blocking accept with a connection of our own.
        boost::asio::io_context wake_io;
        boost::asio::ip::tcp::socket wake(wake_io);
        wake.connect(acceptor_.local_endpoint(), ignored);
        thread_.join();
    }

    loopback_server(loopback_server const&) = delete;
    loopback_server& operator=(loopback_server const&) = delete;

    [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }

private:
    template <class Stream>
    void serve(Stream& stream) {
        namespace http = boost::beast::http;
        boost::system::error_code ec;
        boost::beast::flat_buffer buffer;
        http::request<http::string_body> in;
        http::read(stream, buffer, in, ec);
        if (ec) return;
        received_request r{std::string(in.method_string()), std::string(in.target()), {}, in.body()};
        for (auto const& f : in) r.headers.append(f.name_string(), f.value());
        http_response const answer = handler_(r);
        http::response<http::string_body> out{static_cast<http::status>(answer.status), 11};
        for (auto const& f : answer.headers) out.insert(f.name, f.value);
        out.body() = answer.body;
        out.keep_alive(false);
        out.prepare_payload();
        http::write(stream, out, ec);
    }

    void run() {
        while (!stopping_) {
            boost::asio::ip::tcp::socket socket(io_);
            boost::system::error_code ec;
            acceptor_.accept(socket, ec);
            if (ec || stopping_) return;
            if (tls_) {
                boost::asio::ssl::stream<boost::asio::ip::tcp::socket> stream(std::move(socket), *tls_);
                stream.handshake(boost::asio::ssl::stream_base::server, ec);
                if (!ec) serve(stream);
                stream.shutdown(ec);
            } else {
                serve(socket);
                socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
            }
        }
    }

    handler handler_;
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::optional<boost::asio::ssl::context> tls_;
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

} // namespace authwire::examples::testing
