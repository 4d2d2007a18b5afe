#pragma once
// authwire examples — routing an http_request by its path to one handler (the endpoints check their methods
// themselves, as authwire's server endpoints do); unknown paths get a JSON 404.

#include <authwire/core/http_message.hpp>

#include <functional>
#include <map>
#include <string>
#include <utility>

namespace authwire::examples {

class router {
public:
    using handler = std::function<http_response(http_request const&)>;

    router& route(std::string path, handler h) {
        routes_[std::move(path)] = std::move(h);
        return *this;
    }

    /// The handler for the request's exact (still percent-encoded) path, or 404.
    [[nodiscard]] http_response operator()(http_request const& req) const {
        auto const it = routes_.find(std::string(req.url.encoded_path()));
        if (it != routes_.end()) return it->second(req);
        http_response r;
        r.status = 404;
        r.headers.append("Content-Type", "application/json");
        r.body = R"({"error":"not_found"})";
        return r;
    }

private:
    std::map<std::string, handler, std::less<>> routes_;
};

} // namespace authwire::examples
