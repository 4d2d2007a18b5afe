#pragma once
// authwire examples — an http_executor that never touches the network: each request goes to the in-process
// handler serving its origin (scheme://host[:port]), exactly as an HTTP server would receive it. The main job
// (mcp_flow) wires the demo server's endpoints behind it, so the same code runs over sockets and in memory.

#include <authwire/core/http_executor.hpp>

#include <boost/system/errc.hpp>

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace authwire::examples {

class in_memory_executor {
public:
    using handler = std::function<http_response(http_request const&)>;
    using observer = std::function<void(http_request const&, http_response const&)>;

    /// Serve every request to `origin` ("https://mcp.example", "http://127.0.0.1:8080") with `h`.
    void serve(std::string const& origin, handler h) { origins_[origin] = std::move(h); }

    /// Called after every exchange (for a transcript or narration).
    void on_exchange(observer o) { observer_ = std::move(o); }

    /// RFC 9110 §7.2: the request's origin picks the handler; an unknown origin is "host unreachable", as a real
    /// transport would report it. The handler gets the request as sent (absolute URL, headers, body), with the
    /// `Host` field every HTTP/1.1 client adds (RFC 9112 §3.2) when the request has none.
    result<http_response> operator()(http_request const& req) {
        auto const it = origins_.find(origin_of(req));
        if (it == origins_.end()) return boost::system::errc::make_error_code(boost::system::errc::host_unreachable);
        ++requests_;
        http_request sent = req;
        if (!sent.headers.contains("Host")) sent.headers.append("Host", req.url.encoded_host_and_port());
        http_response resp = it->second(sent);
        if (observer_) observer_(sent, resp);
        return resp;
    }

    [[nodiscard]] std::size_t requests() const noexcept { return requests_; }

    /// "scheme://host[:port]" of the request's URL (scheme and host as written: lower case is the caller's job).
    [[nodiscard]] static std::string origin_of(http_request const& req) {
        std::string o = std::string(req.url.scheme()) + "://" + std::string(req.url.encoded_host_and_port());
        return o;
    }

private:
    std::map<std::string, handler> origins_;
    observer observer_;
    std::size_t requests_ = 0;
};

static_assert(http_executor<in_memory_executor>);

} // namespace authwire::examples
