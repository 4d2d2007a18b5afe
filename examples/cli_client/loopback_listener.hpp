#pragma once
// authwire examples — the native app's redirect listener (RFC 8252 §7.3, §8.3): an HTTP server on 127.0.0.1
// (never on all interfaces) at an ephemeral port, waiting for exactly one authorization response.

#include "../common/http_server.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace authwire::examples {

class loopback_listener {
public:
    /// Listens on 127.0.0.1 at a port the system chooses; the redirect URI's path is `path`.
    explicit loopback_listener(std::string path = "/callback", http_server::logger log = {})
        : path_(std::move(path)),
          server_(loopback_options(), [this](http_request const& r) { return on_request(r); }, std::move(log)) {}

    /// RFC 8252 §7.3: "http://127.0.0.1:PORT/callback" — register it, and send it in the authorization request.
    [[nodiscard]] std::string redirect_uri() const { return server_.origin() + path_; }

    /// Serve until the authorization response arrives (then returns its full URL, query included, for
    /// oauth::parse_authorization_response) or until `timeout` passes (nullopt). Other paths get 404.
    [[nodiscard]] std::optional<std::string> wait(std::chrono::milliseconds timeout) {
        waited_ = true;
        server_.run_for(timeout);
        return callback_;
    }

    /// Before another authorization (a step-up): listen again on the same port, so that the redirect URI stays
    /// the one registered, and forget the last response. Call it before sending the user to the server.
    /// False when the port could not be had again.
    [[nodiscard]] bool rearm() {
        if (!waited_) return true;
        callback_.reset();
        return server_.listen_again();
    }

private:
    static http_server::options loopback_options() {
        http_server::options o;
        o.address = "127.0.0.1";
        o.port = 0;
        return o;
    }

    http_response on_request(http_request const& req) {
        http_response r;
        r.headers.append("Content-Type", "text/html; charset=utf-8");
        r.headers.append("Cache-Control", "no-store");
        if (req.url.encoded_path() != path_ || req.method != "GET" || callback_) {
            r.status = 404;
            r.body = "<!doctype html><title>Not found</title><p>Nothing here.</p>\n";
            return r;
        }
        callback_ = std::string(req.url.buffer());
        server_.stop();
        r.status = 200;
        r.body = "<!doctype html><title>authwire CLI</title>"
                 "<p>The authorization response reached the command-line client. You can close this window.</p>\n";
        return r;
    }

    std::string path_;
    std::optional<std::string> callback_;
    bool waited_ = false;
    http_server server_;
};

} // namespace authwire::examples
