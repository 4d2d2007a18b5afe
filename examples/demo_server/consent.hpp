#pragma once
// authwire examples — the demo server's consent step (RFC 6749 §4.1.1: the authorization server obtains the
// user's decision; RFC 9700 §4.7: the page must not be framed): an HTML page naming the client, the scope and
// the resources, and the validated requests waiting for an answer (single use, expiring, bounded).

#include <authwire/core/random.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::examples {

/// What the user is asked.
struct consent_screen {
    std::string action;       ///< where the form posts ("/authorize/consent")
    std::string transaction;  ///< the pending request's handle (random, single use)
    std::string client_id;
    std::string client_name;  ///< self-asserted at registration: shown as such
    std::string scope;        ///< space-separated
    std::vector<std::string> resources;
};

/// The consent page: every value HTML-escaped, never cached, never framed (clickjacking, RFC 9700 §4.7).
[[nodiscard]] inline http_response render_consent_page(consent_screen const& s) {
    auto esc = [](std::string_view v) {
        std::string out;
        server::detail::html_escape_into(out, v);
        return out;
    };
    std::string b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authorize access</title></head><body>\n";
    b += "<h1>Authorize access</h1>\n<p>The application <strong>" + esc(s.client_name.empty() ? s.client_id : s.client_name) +
         "</strong> (client id <code>" + esc(s.client_id) + "</code>, name as registered by the application itself) asks for:</p>\n<ul>\n";
    if (auto scopes = oauth::scope_set::parse(s.scope))
        for (auto const& sc : *scopes) b += "<li>scope <code>" + esc(sc) + "</code></li>\n";
    for (auto const& r : s.resources) b += "<li>access to <code>" + esc(r) + "</code></li>\n";
    b += "</ul>\n<form method=\"post\" action=\"" + esc(s.action) + "\">\n<input type=\"hidden\" name=\"transaction\" value=\"" +
         esc(s.transaction) + "\">\n<button name=\"decision\" value=\"approve\">Approve</button>\n"
         "<button name=\"decision\" value=\"deny\">Deny</button>\n</form>\n</body></html>\n";
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "text/html; charset=utf-8");
    server::set_no_store(r.headers);
    r.headers.append("X-Frame-Options", "DENY");
    r.headers.append("Content-Security-Policy", "frame-ancestors 'none'; default-src 'none'; form-action 'self'");
    r.body = std::move(b);
    return r;
}

/// Validated authorization requests waiting for the user's answer, each under a random handle: taken at most
/// once, forgotten after `lifetime`, at most `capacity` at a time (the oldest is dropped). Not thread-safe: the
/// demo server handles one request at a time.
template <class Request>
class pending_consents {
public:
    explicit pending_consents(std::chrono::seconds lifetime = std::chrono::minutes(10), std::size_t capacity = 1000)
        : lifetime_(lifetime), capacity_(capacity) {}

    /// Keep `request` until `now + lifetime`; returns its handle (256 random bits, base64url).
    [[nodiscard]] result<std::string> put(Request request, std::chrono::system_clock::time_point now,
                                          random_source rng = {}) {
        auto handle = random_token(32, rng);
        if (!handle) return handle.error();
        if (waiting_.size() >= capacity_) {
            auto oldest = waiting_.begin();
            for (auto it = waiting_.begin(); it != waiting_.end(); ++it)
                if (it->second.expires < oldest->second.expires) oldest = it;
            waiting_.erase(oldest);
        }
        waiting_.insert_or_assign(*handle, entry{std::move(request), now + lifetime_});
        return handle;
    }

    /// The request under `handle`, removed; nullopt when unknown, already taken or expired.
    [[nodiscard]] std::optional<Request> take(std::string_view handle, std::chrono::system_clock::time_point now) {
        auto const it = waiting_.find(handle);
        if (it == waiting_.end()) return std::nullopt;
        entry e = std::move(it->second);
        waiting_.erase(it);
        if (now >= e.expires) return std::nullopt;
        return std::move(e.request);
    }

    /// Forget the requests that have expired at `now`. Returns how many.
    std::size_t purge(std::chrono::system_clock::time_point now) {
        return std::erase_if(waiting_, [&](auto const& e) { return now >= e.second.expires; });
    }

    [[nodiscard]] std::size_t size() const noexcept { return waiting_.size(); }

private:
    struct entry {
        Request request;
        std::chrono::system_clock::time_point expires;
    };
    std::chrono::seconds lifetime_;
    std::size_t capacity_;
    std::map<std::string, entry, std::less<>> waiting_;
};

} // namespace authwire::examples
