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
// ▸ The pages are styled by one `<style>` element that the CSP allows by the SHA-256 of its exact bytes
//   (`style-src 'sha256-…'`, computed from consent_css when first needed) — never 'unsafe-inline', and nothing
//   loaded from anywhere (default-src 'none'): no fonts, images or scripts. The client's logo_uri is shown as text.
// ▸ What the page shows, most trustworthy first: the client_id (for a metadata document client, the host of its
//   URL, which the server fetched), then the name the client gave itself, marked unverified; each scope with its
//   description from the server's configuration; the host the browser is sent to afterwards; who is signed in.

#include <authwire/core/base64.hpp>
#include <authwire/core/detail/openssl.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/random.hpp>
#include <authwire/oauth/host_class.hpp>
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
    std::string user{};      ///< who is signed in (the page says so; empty: not shown)
    /// What each scope lets the client do, in words (the authorization server's configuration); a scope without
    /// an entry is shown as undescribed.
    std::map<std::string, std::string, std::less<>> scope_descriptions{};
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

/// Where the browser goes after the answer, for the user to read: "host[:port]" of an http(s) redirect URI (and
/// whether that host is this computer), or the scheme of a private-use one ("com.example.app:", an app on this
/// device); the URI itself when it does not parse.
struct return_target {
    std::string where;
    std::string what;  ///< "an application on this computer", "an app on this device", or ""
};
[[nodiscard]] inline return_target describe_return_target(std::string_view redirect_uri) {
    auto const u = boost::urls::parse_absolute_uri(redirect_uri);
    if (!u) return {std::string(redirect_uri), {}};
    if (u->scheme() != "http" && u->scheme() != "https")
        return {std::string(u->scheme()) + ":", "an app on this device that registered this scheme"};
    return {std::string(u->encoded_host_and_port()),
            oauth::classify_host(*u) == oauth::host_class::loopback ? "an application on this computer" : ""};
}

/// The style sheet of the consent and problem pages: one `<style>` element, allowed by the CSP hash of exactly
/// these bytes (consent_style_source) — no 'unsafe-inline', nothing loaded from elsewhere. Light and dark, one
/// column on a phone.
inline constexpr std::string_view consent_css = R"css(
:root{color-scheme:light dark;--bg:#eef1f5;--card:#fff;--text:#15202b;--muted:#536170;--line:#dbe1e8;
--accent:#1f5fd6;--accent-hover:#174bad;--on-accent:#fff;--warn-bg:#fff4d6;--warn-line:#f0c85a;--warn:#7a4b00;
--code-bg:#f2f4f7;--danger:#b42318}
@media (prefers-color-scheme:dark){:root{--bg:#0f141a;--card:#18202a;--text:#e8edf2;--muted:#9aa8b6;
--line:#2c3744;--accent:#4c8dff;--accent-hover:#6ea3ff;--on-accent:#0b1220;--warn-bg:#3a2c08;--warn-line:#8a6a18;
--warn:#f5d37a;--code-bg:#0f141a;--danger:#ff8a80}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--text);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
main{max-width:36rem;margin:2.5rem auto;padding:1.75rem 2rem 1.5rem;background:var(--card);
border:1px solid var(--line);border-radius:14px;box-shadow:0 2px 10px rgba(16,24,40,.08)}
.top{display:flex;flex-wrap:wrap;justify-content:space-between;gap:.25rem 1rem;margin:0 0 1.25rem;
font-size:.875rem;color:var(--muted)}
.top strong{color:var(--text)}
h1{font-size:1.5rem;line-height:1.25;margin:0 0 1.25rem}
h2{font-size:.8125rem;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--muted);
margin:1.5rem 0 .5rem}
p{margin:.5rem 0}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Liberation Mono",monospace;
font-size:.9em;overflow-wrap:anywhere;word-break:break-word}
.client{border:1px solid var(--line);border-radius:10px;padding:1rem 1.125rem;background:var(--code-bg)}
.client .label{margin:0;font-size:.8125rem;color:var(--muted)}
.client .id{margin:.125rem 0 .75rem;font-size:1.125rem;font-weight:600}
.client .id code{font-size:1.0625rem}
.client .host{font-size:1.375rem;font-weight:700;margin:.125rem 0 .25rem;overflow-wrap:anywhere}
.claimed{margin:.25rem 0 0}
.claimed q{font-weight:600;overflow-wrap:anywhere}
.badge{display:inline-block;margin-left:.375rem;padding:0 .5rem;border:1px solid var(--warn-line);
border-radius:999px;background:var(--warn-bg);color:var(--warn);font-size:.75rem;font-weight:600;
line-height:1.5rem;vertical-align:.1em;white-space:nowrap}
.hint{font-size:.875rem;color:var(--muted)}
ul{list-style:none;margin:0;padding:0}
.scopes li{padding:.625rem 0;border-bottom:1px solid var(--line)}
.scopes li:last-child{border-bottom:0}
.scopes code{display:inline-block;padding:.0625rem .375rem;border-radius:6px;background:var(--code-bg);
border:1px solid var(--line)}
.scopes span{display:block;margin-top:.25rem}
.scopes .undescribed{color:var(--muted);font-style:italic}
.resources li{padding:.25rem 0}
.return{margin-top:1.5rem;padding:.75rem 1rem;border-left:4px solid var(--accent);background:var(--code-bg);
border-radius:0 8px 8px 0}
.return strong{overflow-wrap:anywhere}
form{margin:1.5rem 0 .5rem}
.buttons{display:flex;gap:.75rem;justify-content:flex-end}
button{font:inherit;font-weight:600;min-width:8rem;min-height:2.75rem;padding:.5rem 1.25rem;border-radius:8px;
cursor:pointer;border:1px solid var(--line);background:var(--card);color:var(--text)}
button:hover{border-color:var(--muted)}
button.approve{background:var(--accent);border-color:var(--accent);color:var(--on-accent)}
button.approve:hover{background:var(--accent-hover);border-color:var(--accent-hover)}
button:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
footer{margin-top:1.25rem;padding-top:1rem;border-top:1px solid var(--line);font-size:.8125rem;color:var(--muted)}
.problem h1{color:var(--danger)}
@media (max-width:480px){main{margin:0;min-height:100vh;border:0;border-radius:0;box-shadow:none;
padding:1.25rem 1rem}h1{font-size:1.3125rem}.buttons{flex-direction:column-reverse}button{width:100%}}
)css";

/// The CSP source allowing consent_css as the content of a `<style>` element (CSP Level 3 §8.4: 'sha256-' and
/// the base64 of the SHA-256 of its exact bytes), computed once from those bytes; "'none'" if hashing failed (the
/// page is then shown unstyled, never with 'unsafe-inline').
[[nodiscard]] inline std::string const& consent_style_source() {
    static std::string const source = [] {
        auto const digest = authwire::detail::sha256(authwire::detail::as_bytes(consent_css));
        if (!digest) return std::string("'none'");
        return "'sha256-" +
               base64_encode(std::string_view(reinterpret_cast<char const*>(digest->data()), digest->size())) + "'";
    }();
    return source;
}

namespace consent_detail {

inline std::string consent_escape(std::string_view v) {
    std::string out;
    server::detail::html_escape_into(out, v);
    return out;
}

// The page's head (title, viewport, the hashed style sheet) and the opening of its body.
inline std::string consent_page_head(std::string_view title, std::string_view body_class = {}) {
    std::string b = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
    b += consent_escape(title);
    b += " · authwire demo</title>\n<style>";
    b += consent_css;
    b += "</style>\n</head><body";
    if (!body_class.empty()) b += " class=\"" + consent_escape(body_class) + "\"";
    b += ">\n";
    return b;
}

// Never cached, never framed (RFC 9700 §4.7), nothing loaded; `form_action` names where forms may go.
inline void consent_page_headers(http_response& r, std::string_view form_action) {
    r.headers.append("Content-Type", "text/html; charset=utf-8");
    server::set_no_store(r.headers);
    r.headers.append("X-Frame-Options", "DENY");
    r.headers.append("X-Content-Type-Options", "nosniff");
    // The client is not told the consent page's URL. Not no-referrer: with it browsers send `Origin: null` on the
    // form's own POST (Fetch §3.1 "serializing a request origin"), which refuse_cross_site_answer must refuse.
    r.headers.append("Referrer-Policy", "same-origin");
    r.headers.append("Content-Security-Policy", "frame-ancestors 'none'; default-src 'none'; style-src " +
                                                    consent_style_source() + "; base-uri 'none'; form-action " +
                                                    std::string(form_action));
}

} // namespace consent_detail

/// A page for a consent answer that cannot be taken: what happened and what to do, every value HTML-escaped,
/// never cached, never framed.
[[nodiscard]] inline http_response consent_problem_page(unsigned status, std::string_view title,
                                                        std::string_view what_happened, std::string_view what_to_do) {
    http_response r;
    r.status = status;
    consent_detail::consent_page_headers(r, "'none'");
    std::string& b = r.body;
    auto const esc = consent_detail::consent_escape;
    b = consent_detail::consent_page_head(title, "problem");
    b += "<main>\n<h1>" + esc(title) + "</h1>\n<p>" + esc(what_happened) + "</p>\n<p>" + esc(what_to_do) +
         "</p>\n</main>\n</body></html>\n";
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

/// The consent page: who is signed in; who asks — the client_id (or the host of a metadata document's URL) as
/// what the server knows, the self-asserted name marked unverified; each scope with what it means; the resources;
/// where the browser goes next. Every value HTML-escaped, never cached, never framed (clickjacking, RFC 9700
/// §4.7), styled only by its hashed style sheet, its form allowed to post to this server and to be redirected to
/// the client (see form_action_source).
[[nodiscard]] inline http_response render_consent_page(consent_screen const& s) {
    auto const esc = consent_detail::consent_escape;
    std::string b = consent_detail::consent_page_head("Authorize access");
    b += "<main>\n<div class=\"top\"><span>authwire demo authorization server</span>";
    if (!s.user.empty()) b += "<span class=\"user\">Signed in as <strong>" + esc(s.user) + "</strong></span>";
    b += "</div>\n";
    auto const unverified = [&](std::string_view why) {
        return "<p class=\"claimed\">It calls itself <q class=\"name\">" +
               esc(s.client_name.empty() ? "(no name)" : s.client_name) +
               "</q><span class=\"badge\">unverified</span></p>\n<p class=\"hint\">" + esc(why) + "</p>\n";
    };
    if (s.metadata_document) {
        // draft-ietf-oauth-client-id-metadata-document §6: the host is what the user can trust; the name and logo
        // are whatever the document says.
        b += "<h1>An application from <strong>" + esc(client_id_host(s.client_id)) +
             "</strong> asks for access</h1>\n<section class=\"client\">\n<p class=\"label\">Application from</p>\n"
             "<p class=\"host\">" + esc(client_id_host(s.client_id)) + "</p>\n<p class=\"label\">Client id</p>\n"
             "<p class=\"id\"><code>" + esc(s.client_id) + "</code></p>\n";
        b += unverified("The name is chosen by the application's own document; only the host above is checked.");
        if (!s.logo_uri.empty())
            b += "<p class=\"hint\">Its logo, unverified and not loaded, is at <code class=\"logo\">" +
                 esc(s.logo_uri) + "</code>.</p>\n";
    } else {
        b += "<h1>An application asks for access</h1>\n<section class=\"client\">\n<p class=\"label\">Client id</p>\n"
             "<p class=\"id\"><code>" + esc(s.client_id) + "</code></p>\n";
        b += unverified("The name is chosen by the application itself when it registered; the client id is how this "
                        "server knows it.");
    }
    b += "</section>\n<h2>It asks to</h2>\n<ul class=\"scopes\">\n";
    if (auto scopes = oauth::scope_set::parse(s.scope))
        for (auto const& sc : *scopes) {
            b += "<li><code>" + esc(sc) + "</code>";
            if (auto const d = s.scope_descriptions.find(sc); d != s.scope_descriptions.end())
                b += "<span>" + esc(d->second) + "</span>";
            else
                b += "<span class=\"undescribed\">This server has no description of this scope.</span>";
            b += "</li>\n";
        }
    b += "</ul>\n";
    if (!s.resources.empty()) {
        b += "<h2>Where it can use this access</h2>\n<ul class=\"resources\">\n";
        for (auto const& r : s.resources) b += "<li><code>" + esc(r) + "</code></li>\n";
        b += "</ul>\n";
    }
    auto const back = describe_return_target(s.redirect_uri);
    b += "<p class=\"return\">Whatever you answer, your browser is then sent to <strong class=\"return-host\">" +
         esc(back.where) + "</strong>" + (back.what.empty() ? "" : " (" + esc(back.what) + ")") + ".</p>\n";
    b += "<form method=\"post\" action=\"" + esc(s.action) + "\">\n<input type=\"hidden\" name=\"transaction\" value=\"" +
         esc(s.transaction) + "\">\n<div class=\"buttons\">\n"
         "<button class=\"deny\" name=\"decision\" value=\"deny\">Deny</button>\n"
         "<button class=\"approve\" name=\"decision\" value=\"approve\">Approve</button>\n</div>\n</form>\n"
         "<footer>Approve only if you started this sign-in yourself and trust the application with this access. "
         "Deny sends it away with nothing.</footer>\n</main>\n</body></html>\n";
    std::string form_action = "'self'";
    if (auto source = form_action_source(s.redirect_uri)) form_action += " " + *source;
    http_response r;
    r.status = 200;
    consent_detail::consent_page_headers(r, form_action);
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
