#pragma once
// Helpers shared by the driver tests: a scripted mock executor that expects exact requests in order.

#include "oauth/support.hpp"

#include <authwire/core/base64.hpp>
#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>
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

// A careless server: every request is answered 400 invalid_grant, with everything the request carried echoed
// back — its body and its Authorization header, as sent and decoded (form values, Basic's "id:secret" and the
// secret alone) — in error_description and error_uri, and the raw body in `error` itself.
struct echoing_server {
    result<http_response> operator()(http_request const& req) const {
        std::string echo = "you sent [" + req.body + "]";
        if (auto f = form::decode(req.body))
            for (auto const& [name, value] : *f) echo += " " + name + "='" + value + "'";
        if (auto a = req.header("Authorization")) {
            echo += " with [" + std::string(*a) + "]";
            if (a->starts_with("Basic ")) {
                if (auto d = base64_decode(a->substr(6))) {
                    echo += " = " + *d;
                    if (auto p = form_decode_component(d->substr(d->find(':') + 1))) echo += " secret '" + *p + "'";
                }
            }
        }
        boost::json::object body{{"error", "invalid_grant"},
                                 {"error_description", echo},
                                 {"error_uri", "https://as.example/errors?" + req.body}};
        return response(400, boost::json::serialize(body));
    }
};

// Everything a failure exposes: its stored response, its operator<< and protocol_exception::what().
inline std::string exposed_text(failure const& f) {
    std::ostringstream os;
    os << f << " | " << protocol_exception(f).what();
    if (f.response)
        os << " | " << f.response->error << " | " << f.response->error_description << " | " << f.response->error_uri;
    return os.str();
}

// The secrets of a client authenticating with `client_secret` as the peer may echo them: raw, form-encoded, and
// for Basic the encoded credentials of `client_id`.
inline std::vector<std::string> client_secret_spellings(std::string_view client_id, std::string_view client_secret) {
    auto const encoded = form_encode_component(client_secret);
    return {std::string(client_secret), encoded,
            base64_encode(form_encode_component(client_id) + ":" + encoded)};
}

// Checks that `f` came from the peer, and that none of `secrets` shows anywhere in it while `kept` (no secret)
// still does.
inline void expect_redacted(failure const& f, std::vector<std::string> const& secrets, std::string_view kept) {
    BOOST_TEST_REQUIRE(f.response.has_value());
    auto const text = exposed_text(f);
    for (auto const& s : secrets) BOOST_TEST(text.find(s) == std::string::npos, s << " in: " << text);
    BOOST_TEST(text.find("[redacted]") != std::string::npos, text);
    BOOST_TEST(text.find(kept) != std::string::npos, text);
}

// Every problem the executor saw, joined (empty when the script ran exactly).
inline std::string problems_of(scripted_executor const& e) {
    std::string out;
    for (auto const& p : e.problems()) out += p + "\n";
    return out;
}

} // namespace authwire::test
