#pragma once
// Helpers shared by the driver tests: a scripted mock executor that expects exact requests in order.

#include "oauth/support.hpp"

#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace authwire::test {

// One scripted exchange: the request the executor must receive next, and what it answers.
struct exchange {
    std::string method{};
    std::string url{};
    std::optional<std::string> body{};            // exact body, when given
    std::vector<http_field> headers{};            // each must be present with exactly this value
    result<http_response> answer = http_response{};
    std::function<void()> during{};               // runs while the request is "in flight"
};

// An http_executor that accepts exactly the scripted requests, in order, and answers each with its canned
// response. Anything unexpected is recorded as a problem (checked by the test on its own thread — Boost.Test
// assertions are not thread-safe) and answered with a transport error. Safe to call from several threads.
class scripted_executor {
public:
    scripted_executor() = default;
    scripted_executor(scripted_executor const&) = delete;
    scripted_executor& operator=(scripted_executor const&) = delete;

    scripted_executor& expect(exchange e) {
        std::lock_guard lock(m_);
        script_.push_back(std::move(e));
        return *this;
    }
    scripted_executor& expect_get(std::string url, http_response answer) {
        return expect({.method = "GET", .url = std::move(url), .answer = std::move(answer)});
    }
    scripted_executor& expect_post(std::string url, std::string body, http_response answer) {
        return expect({.method = "POST", .url = std::move(url), .body = std::move(body), .answer = std::move(answer)});
    }

    result<http_response> operator()(http_request const& req) {
        std::function<void()> during;
        result<http_response> answer = error::unsupported_operation;
        {
            std::lock_guard lock(m_);
            requests_.push_back(req);
            if (next_ == script_.size()) {
                problems_.push_back("unexpected request " + req.method + " " + std::string(req.url.buffer()));
                return error::unsupported_operation;
            }
            auto const& e = script_[next_++];
            auto const url = std::string(req.url.buffer());
            if (req.method != e.method || url != e.url)
                problems_.push_back("expected " + e.method + " " + e.url + ", got " + req.method + " " + url);
            if (e.body && req.body != *e.body)
                problems_.push_back("request " + std::to_string(next_) + ": expected body [" + *e.body + "], got [" +
                                    req.body + "]");
            for (auto const& h : e.headers) {
                auto v = req.header(h.name);
                if (!v || *v != h.value)
                    problems_.push_back("request " + std::to_string(next_) + ": header " + h.name + " missing or wrong");
            }
            during = e.during;
            answer = e.answer;
        }
        if (during) during();
        return answer;
    }

    [[nodiscard]] std::vector<std::string> problems() const {
        std::lock_guard lock(m_);
        auto out = problems_;
        if (next_ != script_.size())
            out.push_back(std::to_string(script_.size() - next_) + " scripted request(s) never sent");
        return out;
    }
    [[nodiscard]] std::size_t calls() const {
        std::lock_guard lock(m_);
        return requests_.size();
    }
    [[nodiscard]] std::vector<http_request> requests() const {
        std::lock_guard lock(m_);
        return requests_;
    }

private:
    mutable std::mutex m_;
    std::vector<exchange> script_;
    std::size_t next_ = 0;
    std::vector<http_request> requests_;
    std::vector<std::string> problems_;
};

// RFC 8414: the authorization server every driver test talks to, https://as.example, naming each endpoint a
// driver uses (a test resets the ones it needs absent) and PKCE S256.
inline oauth::authorization_server_metadata as_metadata() {
    oauth::authorization_server_metadata m;
    m.issuer = "https://as.example";
    m.authorization_endpoint = "https://as.example/authorize";
    m.token_endpoint = "https://as.example/token";
    m.registration_endpoint = "https://as.example/register";
    m.device_authorization_endpoint = "https://as.example/device_authorization";
    m.revocation_endpoint = "https://as.example/revoke";
    m.introspection_endpoint = "https://as.example/introspect";
    m.response_types_supported = {"code"};
    m.code_challenge_methods_supported = std::vector<std::string>{"S256"};
    return m;
}

// Every problem the executor saw, joined (empty when the script ran exactly).
inline std::string problems_of(scripted_executor const& e) {
    std::string out;
    for (auto const& p : e.problems()) out += p + "\n";
    return out;
}

} // namespace authwire::test
