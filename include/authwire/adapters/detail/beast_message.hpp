#pragma once
// authwire adapters — internal: the conversion between authwire's http_request / http_response and Boost.Beast's
// messages, shared by the synchronous (adapters/beast.hpp) and the asynchronous (adapters/beast_async.hpp) Beast
// executors, so that both send the same bytes and read answers under the same limits.

#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <boost/beast/http.hpp>

#include <cstddef>
#include <string>
#include <utility>

namespace authwire::adapters::detail {

using beast_request = boost::beast::http::request<boost::beast::http::string_body>;
using beast_response_parser = boost::beast::http::response_parser<boost::beast::http::string_body>;

/// RFC 9112 §3.2.1: the Beast request for `req` — the origin-form target (the absolute path and query, "/" when
/// the URL's path is empty: "https://as.example" or "https://as.example?x=1"), Host from the URL's authority, the
/// caller's fields, and the body with its Content-Length (always for POST). An unknown method is
/// error::invalid_argument.
[[nodiscard]] inline result<beast_request> to_beast_request(http_request const& req) {
    namespace http = boost::beast::http;
    http::verb const verb = http::string_to_verb(req.method);
    if (verb == http::verb::unknown) return error::invalid_argument;
    std::string target(req.url.encoded_path());
    if (target.empty()) target = "/";
    if (req.url.has_query()) target += "?" + std::string(req.url.encoded_query());
    beast_request out{verb, target, 11};
    std::string host(req.url.encoded_host());
    if (req.url.has_port()) host += ":" + std::string(req.url.port());
    out.set(http::field::host, host);
    for (auto const& f : req.headers) out.insert(f.name, f.value);
    if (!req.body.empty() || verb == http::verb::post) {
        out.body() = req.body;
        out.prepare_payload();
    }
    return out;
}

/// A response parser bounded as every adapter bounds answers: the body at `max_body` bytes, the header at 64 KiB;
/// no body expected for a HEAD request.
inline void limit_parser(beast_response_parser& parser, beast_request const& sent, std::size_t max_body) {
    parser.body_limit(max_body);
    parser.header_limit(64 * 1024);
    if (sent.method() == boost::beast::http::verb::head) parser.skip(true);
}

/// The authwire response of a parser that has read a whole message.
[[nodiscard]] inline http_response from_beast_response(beast_response_parser& parser) {
    auto& in = parser.get();
    http_response response;
    response.status = in.result_int();
    for (auto const& f : in) response.headers.append(f.name_string(), f.value());
    response.body = std::move(in.body());
    return response;
}

} // namespace authwire::adapters::detail
