#pragma once
// authwire examples — the demo server's consent step (RFC 6749 §4.1.1: the authorization server obtains the
// user's decision; RFC 9700 §4.7: the page must not be framed): an HTML page naming the client, the scope and
// the resources; the check that its answer comes from that page and not from another site; the pages shown when
// the answer cannot be taken; and the validated requests waiting for an answer (single use, expiring, bounded).
//
// Decisions (▸):
// ▸ The page's CSP `form-action` allows 'self' and the origin of the (validated) redirect URI: CSP Level 3 applies
//   form-action to the redirects that follow a form submission too (Chromium enforces it, Firefox ESR does not),
//   and the answer to the form is a redirect to the client — a loopback port or the client's https origin is
//   another origin, a private-use redirect URI another scheme (`com.example.app:`). An IPv6 literal cannot be
//   written as a CSP host-source, so for http://[::1] redirect URIs the scheme (`http:`) is allowed.
// ▸ The answer is refused (403, page kept) when the browser says it comes from another site: an `Origin` other
//   than the server's own (`null` included), or a `Sec-Fetch-Site` other than `same-origin` — each checked only
//   when sent, since non-browser clients send neither. A guessed or stolen transaction value is not enough.
// ▸ A transaction that is unknown, already answered or expired gets an HTML page that says so and what to do —
//   the user is in a browser, not reading JSON.

#include <authwire/core/random.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/server/endpoint_response.hpp>

#include <boost/url/parse.hpp>

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
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
    std::string redirect_uri;  ///< where the answer will redirect (validated): its origin joins form-action
    /// The client_id is the URL of a Client ID Metadata Document: the page shows the URL's host prominently (that
    /// is who the client is), and the document's client_name and logo_uri marked unverified.
    bool metadata_document = false;
    std::string logo_uri{};  ///< from the document (shown as text, never loaded)
};

/// The host of an https client_id URL ("" when it does not parse).
[[nodiscard]] inline std::string client_id_host(std::string_view client_id) {
    auto const u = boost::urls::parse_absolute_uri(client_id);
    if (!u) return {};
    return std::string(u->encoded_host());
}

/// The CSP source that lets a form submission on the consent page be redirected to `redirect_uri` (CSP Level 3
/// §6.2.2.2 form-action; redirects are matched without their path): "scheme://host[:port]" for http(s), "http:"
/// for an IPv6 literal (no CSP host-source can name one), "scheme:" for a private-use scheme; nullopt when the URI
/// does not parse or holds a character a CSP source cannot.
[[nodiscard]] inline std::optional<std::string> form_action_source(std::string_view redirect_uri) {
    auto const u = boost::urls::parse_absolute_uri(redirect_uri);
    if (!u) return std::nullopt;
    auto const scheme = u->scheme();
    auto const fits = [](std::string_view v, std::string_view extra) {
        for (char const c : v)
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos))
                return false;
        return !v.empty();
    };
    if (!fits(scheme, "+-.")) return std::nullopt;
    if (scheme != "http" && scheme != "https") return std::string(scheme) + ":";
    if (u->host_type() == boost::urls::host_type::ipv6) return std::string(scheme) + ":";
    auto const host = u->encoded_host();
    if (!fits(host, "-.") || (u->has_port() && !fits(u->port(), ""))) return std::nullopt;
    std::string out = std::string(scheme) + "://" + std::string(host);
    if (u->has_port()) out += ":" + std::string(u->port());
    return out;
}

/// A page for a consent answer that cannot be taken: what happened and what to do, every value HTML-escaped,
/// never cached, never framed.
[[nodiscard]] inline http_response consent_problem_page(unsigned status, std::string_view title,
                                                        std::string_view what_happened, std::string_view what_to_do) {
    http_response r;
    r.status = status;
    r.headers.append("Content-Type", "text/html; charset=utf-8");
    server::set_no_store(r.headers);
    r.headers.append("X-Frame-Options", "DENY");
    r.headers.append("X-Content-Type-Options", "nosniff");
    r.headers.append("Content-Security-Policy", "frame-ancestors 'none'; default-src 'none'; form-action 'none'");
    std::string& b = r.body;
    b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>";
    server::detail::html_escape_into(b, title);
    b += "</title></head><body>\n<h1>";
    server::detail::html_escape_into(b, title);
    b += "</h1>\n<p>";
    server::detail::html_escape_into(b, what_happened);
    b += "</p>\n<p>";
    server::detail::html_escape_into(b, what_to_do);
    b += "</p>\n</body></html>\n";
    return r;
}

/// The consent answer must come from the consent page itself: refused (403 page) when the browser says it was sent
/// from another site — `Origin` present and not `own_origin`, or `Sec-Fetch-Site` present and not `same-origin`.
[[nodiscard]] inline std::optional<http_response> refuse_cross_site_answer(http_request const& req,
                                                                           std::string_view own_origin) {
    auto const origin = req.header("Origin");
    auto const site = req.header("Sec-Fetch-Site");
    if ((origin && *origin != own_origin) || (site && *site != "same-origin"))
        return consent_problem_page(403, "This answer did not come from the consent page",
                                    "The browser reports that this approval or denial was sent from another site, "
                                    "so it was not taken: nothing was granted or refused.",
                                    "If you meant to answer, use the Approve or Deny button on the consent page "
                                    "itself. If you did not, you can close this window.");
    return std::nullopt;
}

/// The consent page: every value HTML-escaped, never cached, never framed (clickjacking, RFC 9700 §4.7), its form
/// allowed to post to this server and to be redirected to the client (see form_action_source).
[[nodiscard]] inline http_response render_consent_page(consent_screen const& s) {
    auto esc = [](std::string_view v) {
        std::string out;
        server::detail::html_escape_into(out, v);
        return out;
    };
    std::string b = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Authorize access</title></head><body>\n";
    b += "<h1>Authorize access</h1>\n";
    if (s.metadata_document) {
        // draft-ietf-oauth-client-id-metadata-document §6: the host is what the user can trust; the name and logo
        // are whatever the document says.
        b += "<h2>An application from <strong>" + esc(client_id_host(s.client_id)) +
             "</strong> asks for access</h2>\n<p>It calls itself <strong>" +
             esc(s.client_name.empty() ? "(no name)" : s.client_name) + "</strong> (unverified: the name is chosen by "
             "the application's own document)";
        if (!s.logo_uri.empty()) b += "; its logo, unverified, is at <code>" + esc(s.logo_uri) + "</code>";
        b += ". Client id: <code>" + esc(s.client_id) + "</code>.</p>\n<p>It asks for:</p>\n<ul>\n";
    } else {
        b += "<p>The application <strong>" + esc(s.client_name.empty() ? s.client_id : s.client_name) +
             "</strong> (client id <code>" + esc(s.client_id) +
             "</code>, name as registered by the application itself) asks for:</p>\n<ul>\n";
    }
    if (auto scopes = oauth::scope_set::parse(s.scope))
        for (auto const& sc : *scopes) b += "<li>scope <code>" + esc(sc) + "</code></li>\n";
    for (auto const& r : s.resources) b += "<li>access to <code>" + esc(r) + "</code></li>\n";
    b += "</ul>\n<form method=\"post\" action=\"" + esc(s.action) + "\">\n<input type=\"hidden\" name=\"transaction\" value=\"" +
         esc(s.transaction) + "\">\n<button name=\"decision\" value=\"approve\">Approve</button>\n"
         "<button name=\"decision\" value=\"deny\">Deny</button>\n</form>\n</body></html>\n";
    std::string form_action = "'self'";
    if (auto source = form_action_source(s.redirect_uri)) form_action += " " + *source;
    http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "text/html; charset=utf-8");
    server::set_no_store(r.headers);
    r.headers.append("X-Frame-Options", "DENY");
    r.headers.append("X-Content-Type-Options", "nosniff");
    r.headers.append("Content-Security-Policy",
                     "frame-ancestors 'none'; default-src 'none'; form-action " + form_action);
    r.body = std::move(b);
    return r;
}

/// Validated authorization requests waiting for the user's answer, each under a random handle: taken at most
/// once, forgotten after `lifetime`, at most `capacity` at a time (the oldest is dropped). Thread-safe (one mutex).
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
        std::lock_guard lock(mutex_);
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
        std::unique_lock lock(mutex_);
        auto const it = waiting_.find(handle);
        if (it == waiting_.end()) return std::nullopt;
        entry e = std::move(it->second);
        waiting_.erase(it);
        lock.unlock();
        if (now >= e.expires) return std::nullopt;
        return std::move(e.request);
    }

    /// Forget the requests that have expired at `now`. Returns how many.
    std::size_t purge(std::chrono::system_clock::time_point now) {
        std::lock_guard lock(mutex_);
        return std::erase_if(waiting_, [&](auto const& e) { return now >= e.second.expires; });
    }

    [[nodiscard]] std::size_t size() const {
        std::lock_guard lock(mutex_);
        return waiting_.size();
    }
    [[nodiscard]] std::chrono::seconds lifetime() const noexcept { return lifetime_; }

private:
    struct entry {
        Request request;
        std::chrono::system_clock::time_point expires;
    };
    std::chrono::seconds lifetime_;
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::map<std::string, entry, std::less<>> waiting_;  // under mutex_
};

} // namespace authwire::examples
