#pragma once
// authwire adapters — an asynchronous executor (adapters/asio.hpp, async_http_executor) over Boost.Beast for
// C++20 coroutines: `co_await ex.async_execute(req)`. The same rules as the synchronous beast_executor: TLS via
// OpenSSL with certificate and host-name verification on (RFC 9110 §4.3.4, RFC 6125), SNI (RFC 6066 §3), TLS 1.2
// or later (RFC 9325), no redirects followed (RFC 9700 §4.11), bounded responses, one deadline for the whole
// exchange, plain http only to loopback.
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. CMake target
// `authwire::beast`; from the single header, include single_include/authwire/adapters/beast_async.hpp.

#include <authwire/adapters/beast.hpp>
#include <authwire/adapters/detail/beast_message.hpp>
#include <authwire/adapters/detail/transport.hpp>

#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/ssl.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

// GCC 12 reports -Wmismatched-new-delete where a Boost.Asio coroutine frame (awaitable_frame_base's own operator
// new/delete) is freed after inlining — a false positive of GCC's (fixed in GCC 13); off for these coroutines only.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#define AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif

namespace authwire::adapters {

/// Sends authwire requests with Boost.Beast from a C++20 coroutine (boost::asio::awaitable), on the awaiting
/// coroutine's executor, one connection per request. `async_execute` may run in several coroutines at once (each
/// has its own connection; the TLS context is only read). The object must outlive every exchange it started.
///
/// RFC 9112 §3.2.1: the request target is the origin-form ("/" for an empty path), Host the URL's authority.
/// Failures are the transport's error codes (Boost.System; a timeout is boost::beast::error::timeout), or
/// `error::insecure_url` (plain http to another host), `error::input_too_large` (a body over the cap).
class beast_async_executor {
public:
    using options = beast_executor::options;  ///< timeout (for the whole exchange), response cap, extra CA file

    beast_async_executor() : beast_async_executor(options{}) {}
    explicit beast_async_executor(options o) : options_(std::move(o)), tls_(boost::asio::ssl::context::tls_client) {
        tls_.set_verify_mode(boost::asio::ssl::verify_peer);
        tls_.set_default_verify_paths();
        if (!options_.ca_file.empty()) tls_.load_verify_file(options_.ca_file);
        SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
    }

    /// Send `req` (copied into the coroutine) and read its answer; any HTTP status is a response.
    [[nodiscard]] boost::asio::awaitable<result<http_response>> async_execute(http_request req) {
        if (auto ec = detail::check_transport(req)) co_return ec;
        auto out = detail::to_beast_request(req);
        if (!out) co_return out.error();
        auto const deadline = std::chrono::steady_clock::now() + options_.timeout;
        auto ex = co_await boost::asio::this_coro::executor;

        boost::beast::tcp_stream tcp(ex);
        if (auto ec = co_await connect(tcp, req, deadline)) co_return ec;
        http_response response;
        boost::system::error_code ec;
        if (req.url.scheme_id() == boost::urls::scheme::https) {
            boost::beast::ssl_stream<boost::beast::tcp_stream> tls(std::move(tcp), tls_);
            std::string const host(req.url.host_address());
            if (req.url.host_type() == boost::urls::host_type::name &&
                !SSL_set_tlsext_host_name(tls.native_handle(), host.c_str()))  // SNI
                co_return error::crypto_failure;
            tls.set_verify_callback(boost::asio::ssl::host_name_verification(host));
            std::tie(ec) = co_await tls.async_handshake(boost::asio::ssl::stream_base::client, use_tuple);
            if (ec) co_return ec;
            ec = co_await round_trip(tls, *out, response);
            if (!ec) {
                // Peers often close without close_notify, and the response is complete anyway: a short, bounded
                // wait for theirs, whatever it brings.
                boost::beast::get_lowest_layer(tls).expires_after(
                    std::min<std::chrono::steady_clock::duration>(options_.timeout, std::chrono::seconds(1)));
                (void)co_await tls.async_shutdown(use_tuple);
            }
        } else {
            ec = co_await round_trip(tcp, *out, response);
            boost::system::error_code ignored;
            tcp.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
        }
        if (ec) co_return ec;
        co_return response;
    }

private:
    static constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);

    // Resolve (bounded by the deadline too: a resolver has no timeout of its own) and connect.
    static boost::asio::awaitable<boost::system::error_code> connect(boost::beast::tcp_stream& tcp,
                                                                    http_request const& req,
                                                                    std::chrono::steady_clock::time_point deadline) {
        auto ex = co_await boost::asio::this_coro::executor;
        auto resolver = std::make_shared<boost::asio::ip::tcp::resolver>(ex);
        boost::asio::steady_timer timer(ex, deadline);
        bool timed_out = false;
        timer.async_wait([weak = std::weak_ptr(resolver), &timed_out](boost::system::error_code ec) {
            if (ec) return;  // cancelled: the resolver answered first
            if (auto r = weak.lock()) {
                timed_out = true;
                r->cancel();
            }
        });
        auto [ec, endpoints] =
            co_await resolver->async_resolve(std::string(req.url.host_address()), detail::port_of(req.url), use_tuple);
        timer.cancel();
        resolver.reset();  // a late timer handler finds no resolver (and no frame to write to)
        if (timed_out) co_return boost::beast::error::timeout;
        if (ec) co_return ec;
        tcp.expires_at(deadline);  // from here on, one deadline for connect, handshake, write and read
        std::tie(ec, std::ignore) = co_await tcp.async_connect(endpoints, use_tuple);
        co_return ec;
    }

    template <class Stream>
    boost::asio::awaitable<boost::system::error_code> round_trip(Stream& stream, detail::beast_request& out,
                                                                 http_response& response) const {
        namespace http = boost::beast::http;
        auto [ec, written] = co_await http::async_write(stream, out, use_tuple);
        (void)written;
        if (ec) co_return ec;
        boost::beast::flat_buffer buffer;
        detail::beast_response_parser parser;
        detail::limit_parser(parser, out, options_.max_response_size);
        std::tie(ec, std::ignore) = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (ec == http::error::body_limit) co_return error::input_too_large;
        if (ec) co_return ec;
        response = detail::from_beast_response(parser);
        co_return boost::system::error_code{};
    }

    options options_;
    boost::asio::ssl::context tls_;
};

} // namespace authwire::adapters

#if defined(AUTHWIRE_ADAPTERS_GCC12_COROUTINES)
#pragma GCC diagnostic pop
#undef AUTHWIRE_ADAPTERS_GCC12_COROUTINES
#endif
