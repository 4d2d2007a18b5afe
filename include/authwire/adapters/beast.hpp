#pragma once
// authwire adapters — a synchronous http_executor (core/http_executor.hpp) over Boost.Beast: TLS via OpenSSL
// with certificate and host-name verification on (RFC 9110 §4.3.4, RFC 6125), SNI (RFC 6066 §3), TLS 1.2 or
// later (RFC 9325), no redirects followed (OAuth 3xx answers are the caller's business, RFC 9700 §4.11), bounded
// responses, plain http only to loopback.
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. CMake target
// `authwire::beast` (Boost headers + OpenSSL::SSL); from the single header, include
// single_include/authwire/adapters/beast.hpp.

#include <authwire/adapters/detail/transport.hpp>

#include <authwire/core/http_executor.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace authwire::adapters {

/// Sends authwire requests with Boost.Beast, one connection per request (simple and predictable; OAuth
/// calls are rare compared to API calls). Not thread-safe: use one instance per thread.
///
/// RFC 9112 §3.2.1: the request target is the origin-form (path and query, "/" for an empty path); the Host
/// header carries the URL's authority. Failures are the transport's error codes (Boost.System), or
/// `error::insecure_url` (plain http to another host), `error::input_too_large` (a body over the cap).
class beast_executor {
public:
    struct options {
        std::chrono::milliseconds timeout{30'000};     ///< for the whole exchange
        std::size_t max_response_size = 1024 * 1024;  ///< bigger bodies fail with input_too_large
        std::string ca_file{};                        ///< extra trust anchor (PEM), e.g. a test CA
    };

    beast_executor() : beast_executor(options{}) {}
    explicit beast_executor(options o) : options_(std::move(o)), tls_(boost::asio::ssl::context::tls_client) {
        tls_.set_verify_mode(boost::asio::ssl::verify_peer);
        tls_.set_default_verify_paths();
        if (!options_.ca_file.empty()) tls_.load_verify_file(options_.ca_file);
        SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
    }

    result<http_response> operator()(http_request const& req) {
        if (auto ec = detail::check_transport(req)) return ec;
        namespace http = boost::beast::http;
        http::verb const verb = http::string_to_verb(req.method);
        if (verb == http::verb::unknown) return error::invalid_argument;

        // RFC 9112 §3.2.1: the origin-form is the absolute path and query, and the path is "/" when the URL's is
        // empty ("https://as.example" or "https://as.example?x=1").
        std::string target(req.url.encoded_path());
        if (target.empty()) target = "/";
        if (req.url.has_query()) target += "?" + std::string(req.url.encoded_query());
        http::request<http::string_body> out{verb, target, 11};
        std::string host(req.url.encoded_host());
        if (req.url.has_port()) host += ":" + std::string(req.url.port());
        out.set(http::field::host, host);
        for (auto const& f : req.headers) out.insert(f.name, f.value);
        if (!req.body.empty() || verb == http::verb::post) {
            out.body() = req.body;
            out.prepare_payload();
        }

        boost::system::error_code ec;
        http_response response;
        if (req.url.scheme_id() == boost::urls::scheme::https)
            ec = exchange_tls(req, out, response);
        else
            ec = exchange_plain(req, out, response);
        if (ec) return ec;
        return response;
    }

private:
    using request_t = boost::beast::http::request<boost::beast::http::string_body>;

    template <class Stream>
    boost::system::error_code round_trip(Stream& stream, request_t& out, http_response& response) {
        namespace http = boost::beast::http;
        boost::system::error_code ec;
        http::write(stream, out, ec);
        if (ec) return ec;
        boost::beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(options_.max_response_size);
        parser.header_limit(64 * 1024);
        if (out.method() == http::verb::head) parser.skip(true);
        http::read(stream, buffer, parser, ec);
        if (ec == http::error::body_limit) return error::input_too_large;
        if (ec) return ec;
        auto& in = parser.get();
        response.status = in.result_int();
        for (auto const& f : in) response.headers.append(f.name_string(), f.value());
        response.body = std::move(in.body());
        return {};
    }

    boost::system::error_code connect(boost::beast::tcp_stream& tcp, http_request const& req) {
        boost::system::error_code ec;
        boost::asio::ip::tcp::resolver resolver(io_);
        auto const endpoints =
            resolver.resolve(std::string(req.url.host_address()), detail::port_of(req.url), ec);
        if (ec) return ec;
        tcp.expires_after(options_.timeout);
        tcp.connect(endpoints, ec);
        return ec;
    }

    boost::system::error_code exchange_plain(http_request const& req, request_t& out, http_response& response) {
        boost::beast::tcp_stream tcp(io_);
        if (auto ec = connect(tcp, req)) return ec;
        auto ec = round_trip(tcp, out, response);
        boost::system::error_code ignored;
        tcp.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        return ec;
    }

    boost::system::error_code exchange_tls(http_request const& req, request_t& out, http_response& response) {
        boost::beast::ssl_stream<boost::beast::tcp_stream> tls(io_, tls_);
        std::string const host(req.url.host_address());
        if (req.url.host_type() == boost::urls::host_type::name &&
            !SSL_set_tlsext_host_name(tls.native_handle(), host.c_str()))  // SNI
            return error::crypto_failure;
        tls.set_verify_callback(boost::asio::ssl::host_name_verification(host));
        if (auto ec = connect(boost::beast::get_lowest_layer(tls), req)) return ec;
        boost::system::error_code ec;
        tls.handshake(boost::asio::ssl::stream_base::client, ec);
        if (ec) return ec;
        ec = round_trip(tls, out, response);
        boost::system::error_code ignored;
        tls.shutdown(ignored);  // peers often close without close_notify; the response is complete anyway
        return ec;
    }

    options options_;
    boost::asio::io_context io_;
    boost::asio::ssl::context tls_;
};

static_assert(http_executor<beast_executor>);

} // namespace authwire::adapters
