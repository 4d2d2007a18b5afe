#pragma once
// authwire examples — the part of a browser a native app's headless mode needs: GET a URL, follow the
// authorization server's redirects (RFC 9110 §15.4, relative Location resolved per §10.2.2), keep the cookies
// it sets on the way (RFC 6265 §5.2–§5.4: name, value, Path, Domain, Max-Age, Secure), and stop at the first
// redirect to the app's own redirect URI — the authorization response. Through an executor that never follows
// redirects itself, so every hop passes its transport policy. Good for servers that approve by themselves or
// whose login and consent steps are redirects (test providers); a page that wants a user is reported, not
// filled in.

#include <authwire/core/error.hpp>
#include <authwire/core/http_executor.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/location.hpp>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::examples {

/// RFC 6265 §5.3: the cookies one user agent holds, bounded (at most `max_cookies`, each name+value at most
/// 4096 bytes, as §6.1 asks user agents to support at least). Session cookies only: Expires is not read (the
/// jar lives as long as one authorization), Max-Age <= 0 deletes.
class cookie_jar {
public:
    static constexpr std::size_t max_cookies = 64;
    static constexpr std::size_t max_cookie_size = 4096;

    /// RFC 6265 §5.2 and §5.3: store the cookie of one Set-Cookie field received for `request_url`; a cookie that
    /// is malformed, too large, or whose Domain does not cover the request's host is ignored, as browsers do.
    void receive(boost::urls::url_view request_url, std::string_view set_cookie) {
        auto const semi = set_cookie.find(';');
        auto const pair = trim(set_cookie.substr(0, semi));
        auto const eq = pair.find('=');
        if (eq == std::string_view::npos) return;
        auto const name = trim(pair.substr(0, eq));
        auto const value = trim(pair.substr(eq + 1));
        if (name.empty() || name.size() + value.size() > max_cookie_size) return;
        std::string const host = lower(request_url.encoded_host());
        cookie c{std::string(name), std::string(value), host, default_path(request_url.encoded_path()), true, false};
        bool expired = false;
        std::string_view attributes = semi == std::string_view::npos ? std::string_view{} : set_cookie.substr(semi + 1);
        while (!attributes.empty()) {
            auto const end = attributes.find(';');
            auto const av = trim(attributes.substr(0, end));
            attributes = end == std::string_view::npos ? std::string_view{} : attributes.substr(end + 1);
            auto const aeq = av.find('=');
            std::string const key = lower(trim(av.substr(0, aeq)));
            auto const val = aeq == std::string_view::npos ? std::string_view{} : trim(av.substr(aeq + 1));
            if (key == "path") {
                if (!val.empty() && val.front() == '/') c.path = std::string(val);  // §5.2.4
            } else if (key == "domain") {                                            // §5.2.3, §5.3 step 6
                std::string d = lower(val);
                if (!d.empty() && d.front() == '.') d.erase(0, 1);
                if (d.empty()) continue;
                if (!domain_match(host, d)) return;
                c.domain = d;
                c.host_only = d == host;
            } else if (key == "max-age") {  // §5.2.2
                long long seconds = 0;
                auto const [p, ec] = std::from_chars(val.data(), val.data() + val.size(), seconds);
                if (ec == std::errc{} && p == val.data() + val.size() && seconds <= 0) expired = true;
            } else if (key == "secure") {
                c.secure = true;
            }
        }
        auto same = [&](cookie const& k) { return k.name == c.name && k.domain == c.domain && k.path == c.path; };
        cookies_.erase(std::remove_if(cookies_.begin(), cookies_.end(), same), cookies_.end());
        if (expired) return;
        if (cookies_.size() >= max_cookies) cookies_.erase(cookies_.begin());  // the oldest goes first
        cookies_.push_back(std::move(c));
    }

    /// RFC 6265 §5.4: the Cookie field value for a request to `url` (empty when no cookie applies): host (or
    /// domain) and path match, Secure cookies only over https; longer paths first.
    [[nodiscard]] std::string header_for(boost::urls::url_view url) const {
        std::string const host = lower(url.encoded_host());
        std::string path(url.encoded_path());
        if (path.empty()) path = "/";
        bool const https = url.scheme_id() == boost::urls::scheme::https;
        std::vector<cookie const*> chosen;
        for (auto const& c : cookies_) {
            bool const host_ok = c.host_only ? host == c.domain : domain_match(host, c.domain);
            if (host_ok && path_match(path, c.path) && (https || !c.secure)) chosen.push_back(&c);
        }
        std::stable_sort(chosen.begin(), chosen.end(),
                         [](cookie const* a, cookie const* b) { return a->path.size() > b->path.size(); });
        std::string out;
        for (auto const* c : chosen) out += (out.empty() ? "" : "; ") + c->name + "=" + c->value;
        return out;
    }

    [[nodiscard]] std::size_t size() const noexcept { return cookies_.size(); }

private:
    struct cookie {
        std::string name, value, domain, path;
        bool host_only = true;
        bool secure = false;
    };

    static std::string_view trim(std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    }
    static std::string lower(std::string_view s) {
        std::string out(s);
        for (auto& ch : out)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        return out;
    }
    // §5.1.3: the host is the domain, or ends with "." + domain (and is a name, not an IP address literal).
    static bool domain_match(std::string_view host, std::string_view domain) {
        if (host == domain) return true;
        bool const ip = !host.empty() && (host.front() == '[' || std::all_of(host.begin(), host.end(), [](char ch) {
            return (ch >= '0' && ch <= '9') || ch == '.';
        }));
        return !ip && host.size() > domain.size() && host.ends_with(domain) &&
               host[host.size() - domain.size() - 1] == '.';
    }
    // §5.1.4: the default path is the request path up to (not including) its last "/", or "/".
    static std::string default_path(std::string_view request_path) {
        if (request_path.empty() || request_path.front() != '/') return "/";
        auto const last = request_path.rfind('/');
        return last == 0 ? "/" : std::string(request_path.substr(0, last));
    }
    // §5.1.4: path-match.
    static bool path_match(std::string_view request_path, std::string_view cookie_path) {
        if (request_path == cookie_path) return true;
        if (!request_path.starts_with(cookie_path)) return false;
        return cookie_path.back() == '/' || request_path[cookie_path.size()] == '/';
    }

    std::vector<cookie> cookies_;
};

/// A browser without a screen: follows redirects from a start URL until one points at the destination (the
/// redirect URI), keeping cookies across the hops.
class headless_browser {
public:
    /// RFC 9110 §15.4: the redirect statuses followed (a GET stays a GET).
    [[nodiscard]] static bool is_redirect(unsigned status) noexcept {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    explicit headless_browser(std::size_t max_hops = 10) : max_hops_(max_hops) {}

    /// GET `start`, then each redirect's Location (resolved against the URL that answered it), at most max_hops
    /// redirects, until a Location satisfies `arrived` — returned, not requested. Anything else ends the walk with
    /// `problem` set: a page instead of a redirect (the server wants a person: use a real browser), an error
    /// status, a Location that does not resolve to http(s), too many hops, or a transport failure.
    template <http_executor E>
    [[nodiscard]] std::optional<boost::urls::url> navigate(E& executor, boost::urls::url start,
                                                           std::function<bool(boost::urls::url_view)> const& arrived) {
        problem_.clear();
        boost::urls::url at = std::move(start);
        for (std::size_t hop = 0;; ++hop) {
            http_request req;
            req.url = at;
            if (auto c = jar_.header_for(at); !c.empty()) req.headers.append("Cookie", c);
            auto resp = executor(req);
            if (!resp) return fail("GET " + std::string(at.buffer()) + ": " + resp.error().message());
            for (auto v : resp->headers.find_all("Set-Cookie")) jar_.receive(at, v);
            if (!is_redirect(resp->status)) {
                if (resp->status >= 200 && resp->status < 300)
                    return fail(std::string(at.encoded_host_and_port()) + " shows a page (status " +
                                std::to_string(resp->status) +
                                ") instead of redirecting: it wants a person; run without --headless");
                return fail(std::string(at.buffer()) + " answered " + std::to_string(resp->status) + ": " +
                            resp->body.substr(0, 200));
            }
            auto const location = resp->header("Location");
            if (!location) return fail("a redirect without Location from " + std::string(at.buffer()));
            // The last hop may go to any scheme the app registered; hops to follow must be http(s).
            auto next = resolve_location(at, *location, {.http_only = false});
            if (!next) return fail("Location " + std::string(*location) + ": " + next.error().message());
            if (arrived(*next)) return std::move(*next);
            if (hop + 1 >= max_hops_) return fail("more than " + std::to_string(max_hops_) + " redirects");
            if (auto checked = resolve_location(at, *location); !checked)
                return fail("Location " + std::string(*location) + ": " + checked.error().message());
            at = std::move(*next);
            ++hops_;
        }
    }

    /// Why the last navigate() returned nothing.
    [[nodiscard]] std::string const& problem() const noexcept { return problem_; }
    [[nodiscard]] std::size_t redirects_followed() const noexcept { return hops_; }
    [[nodiscard]] cookie_jar const& cookies() const noexcept { return jar_; }

private:
    std::optional<boost::urls::url> fail(std::string why) {
        problem_ = std::move(why);
        return std::nullopt;
    }

    std::size_t max_hops_;
    std::size_t hops_ = 0;
    cookie_jar jar_;
    std::string problem_;
};

} // namespace authwire::examples
