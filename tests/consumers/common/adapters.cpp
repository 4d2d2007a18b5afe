// A consumer of the optional HTTP adapters (authwire::beast, authwire::curl; include/authwire/adapters/): each
// fetches a page from a one-shot HTTP server on 127.0.0.1 and refuses plain http to any other host, and the Beast
// server adapter converts a request and a response — through whatever include path and targets the consumer
// project set up.
#include <authwire/adapters/beast.hpp>
#include <authwire/adapters/beast_server.hpp>
#include <authwire/adapters/curl.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

namespace {

// Answers `count` connections, one request each, with "200 ok"; records each request line.
class one_shot_server {
public:
    explicit one_shot_server(int count) : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this, count] {
            for (int i = 0; i < count; ++i) {
                boost::asio::ip::tcp::socket s(io_);
                boost::system::error_code ec;
                acceptor_.accept(s, ec);
                if (ec) return;
                boost::asio::streambuf in;
                boost::asio::read_until(s, in, "\r\n\r\n", ec);
                if (ec) return;
                std::string head(boost::asio::buffers_begin(in.data()), boost::asio::buffers_end(in.data()));
                lines_ += head.substr(0, head.find("\r\n")) + "\n";
                std::string const reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                          "Connection: close\r\n\r\nok";
                boost::asio::write(s, boost::asio::buffer(reply), ec);
            }
        });
    }
    ~one_shot_server() { finish(); }
    one_shot_server(one_shot_server const&) = delete;
    one_shot_server& operator=(one_shot_server const&) = delete;

    [[nodiscard]] unsigned short port() const { return acceptor_.local_endpoint().port(); }
    /// Waits for the last connection; the request lines received, one per line.
    std::string finish() {
        if (thread_.joinable()) thread_.join();
        return lines_;
    }

private:
    boost::asio::io_context io_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::string lines_;
    std::thread thread_;
};

template <class Executor>
int fetch(Executor& execute, unsigned short port, char const* name) {
    authwire::http_request req;
    req.url = boost::urls::url("http://127.0.0.1:" + std::to_string(port) + "/hello?from=" + name);
    auto const res = execute(req);
    if (!res || res->status != 200 || res->body != "ok") {
        std::cerr << name << ": " << (res ? std::to_string(res->status) + " " + res->body : res.error().message())
                  << '\n';
        return 1;
    }
    authwire::http_request elsewhere;
    elsewhere.url = boost::urls::url("http://example.com/");
    if (execute(elsewhere).error() != authwire::error::insecure_url) {
        std::cerr << name << ": plain http to another host was not refused\n";
        return 2;
    }
    return 0;
}

} // namespace

int main() {
    authwire::adapters::curl_global curl;
    one_shot_server server(2);
    authwire::adapters::beast_executor beast;
    authwire::adapters::curl_executor libcurl;
    // A failure ends the process at once: the server's thread would otherwise wait for a connection forever.
    if (int rc = fetch(beast, server.port(), "beast")) std::exit(rc);
    if (int rc = fetch(libcurl, server.port(), "curl")) std::exit(10 + rc);
    auto const lines = server.finish();
    if (lines != "GET /hello?from=beast HTTP/1.1\nGET /hello?from=curl HTTP/1.1\n") {
        std::cerr << "the server received:\n" << lines;
        return 20;
    }
    // The server side: a received request on the configured origin, and a response with its framing.
    authwire::adapters::beast_server_request received{boost::beast::http::verb::get, "/hello?x=1", 11};
    received.set(boost::beast::http::field::host, "elsewhere.example");
    auto const converted = authwire::adapters::from_beast_request(received, "https://as.example");
    if (!converted || converted->url.buffer() != "https://as.example/hello?x=1") {
        std::cerr << "beast_server: the request was not converted on the configured origin\n";
        return 21;
    }
    authwire::http_response answer;
    answer.status = 200;
    answer.body = "ok";
    if (authwire::adapters::to_beast_response(answer)[boost::beast::http::field::content_length] != "2") {
        std::cerr << "beast_server: the response has no Content-Length\n";
        return 22;
    }
    std::cout << "adapters: beast and curl fetched from a loopback server; beast_server converted\n";
    return 0;
}
