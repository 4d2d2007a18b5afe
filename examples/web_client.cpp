// web_client — the jobs-platform seed flow of a confidential web client, by hand, with authwire's message
// functions over a fake in-process transport:
//
//   1. public data with an API key            (X-RP-API-Key)
//   2. the authorization URL                  (RFC 6749 §4.1.1 + PKCE, RFC 7636)
//   3. a callback where the user said no      (error=access_denied, RFC 6749 §4.1.2.1)
//   4. a callback with a code                 (RFC 6749 §4.1.2, state checked)
//   5. the code exchange with client_secret_post, and (second login) with client_secret_basic (§4.1.3, §2.3.1)
//   6. a Bearer call for user data            (RFC 6750 §2.1)
//   7. a proactive refresh by the token manager, 5 minutes before expiry, at a simulated "now" (RFC 6749 §6)
//
// The fake platform checks every request it receives (method, URL, headers, body) and answers like a real one
// would; any wrong message makes this program fail. authwire never touches the network or the clock.

#include <authwire/authwire.hpp>

#include <chrono>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

namespace aw = authwire;
namespace oauth = authwire::oauth;
using namespace std::chrono_literals;
using clock_time = std::chrono::system_clock::time_point;

namespace {

// --- configuration of the client (what a real deployment reads from its settings) ----------------------------
constexpr char const* api_base = "https://api.jobs.example";
constexpr char const* authorize_endpoint = "https://login.jobs.example/oauth/authorize";
constexpr char const* token_endpoint = "https://login.jobs.example/oauth/token";
constexpr char const* redirect_uri = "https://app.example.com/callback";
constexpr char const* client_id = "jobs-web-42";
constexpr char const* client_secret = "s3cr3t:with/odd+chars";
constexpr char const* api_key = "rp_live_7a1c9e";

std::string iso(clock_time t) {
    auto const s = std::chrono::system_clock::to_time_t(t);
    std::tm tm{};
    gmtime_r(&s, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

// --- the fake jobs platform: an http_executor that checks what it receives ---------------------------------------
class fake_platform {
public:
    int problems = 0;
    int refreshes = 0;  // successful refresh grants served
    clock_time now{};  // the platform's clock, moved by the story

    // Issued by the authorization step (what the AS remembers about a pending code).
    void remember_code(std::string code, std::string challenge) { codes_[std::move(code)] = std::move(challenge); }

    aw::result<aw::http_response> operator()(aw::http_request const& req) {
        auto const url = std::string(req.url.buffer());
        auto const path = std::string(req.url.encoded_path());
        if (req.url.host() == "api.jobs.example" && path == "/v1/jobs") return public_jobs(req);
        if (req.url.host() == "api.jobs.example" && path == "/v1/me/applications") return my_applications(req);
        if (url == token_endpoint) return token(req);
        return fail("no such endpoint: " + req.method + " " + url, 404);
    }

private:
    aw::http_response fail(std::string const& why, unsigned status = 400) {
        ++problems;
        std::cerr << "   !! fake platform rejected a request: " << why << '\n';
        return json(status, R"({"error":{"message":"the example sent a wrong request"}})");
    }
    static aw::http_response json(unsigned status, std::string body) {
        aw::http_response r;
        r.status = status;
        r.headers.append("Content-Type", "application/json");
        r.headers.append("Cache-Control", "no-store");
        r.body = std::move(body);
        return r;
    }
    bool expect(bool ok, std::string const& what) {
        if (!ok) {
            ++problems;
            std::cerr << "   !! fake platform: " << what << '\n';
        }
        return ok;
    }

    aw::http_response public_jobs(aw::http_request const& req) {
        expect(req.method == "GET", "public jobs: GET expected");
        expect(req.url.encoded_query() == "q=c%2B%2B+engineer&location=remote", "public jobs: query");
        expect(req.header("X-RP-API-Key") == std::optional<std::string_view>(api_key), "public jobs: API key header");
        expect(!req.header("Authorization"), "public jobs: no Authorization for public data");
        if (req.header("X-RP-API-Key") != std::optional<std::string_view>(api_key))
            return json(401, R"({"error":{"message":"Invalid API key","code":"invalid_api_key"}})");
        return json(200, R"J({"jobs":[{"id":101,"title":"C++ engineer (OAuth)"},{"id":102,"title":"Staff C++ engineer"}]})J");
    }

    aw::http_response my_applications(aw::http_request const& req) {
        expect(req.method == "GET", "applications: GET expected");
        auto const auth = req.header("Authorization");
        auto const token = auth && auth->starts_with("Bearer ") ? std::string(auth->substr(7)) : std::string();
        auto const it = access_tokens_.find(token);
        if (it == access_tokens_.end() || it->second <= now) {
            aw::http_response r = json(401, R"({"error":"invalid_token","error_description":"unknown or expired"})");
            r.headers.append("WWW-Authenticate", R"(Bearer realm="jobs", error="invalid_token", error_description="unknown or expired")");
            return r;
        }
        return json(200, R"({"applications":[{"job":101,"status":"interview"}]})");
    }

    // RFC 6749 §2.3.1 on the server side, by hand: either Basic with form-encoded parts, or the body.
    bool client_authenticated(aw::http_request const& req, aw::form const& body, std::string const& method) {
        auto const header = req.header("Authorization");
        if (method == "client_secret_basic") {
            auto const expected = "Basic " + aw::base64_encode(aw::form_encode_component(client_id) + ":" +
                                                               aw::form_encode_component(client_secret));
            return expect(header && *header == expected, "Basic credentials form-encoded then base64") &&
                   expect(!body.find("client_secret"), "no secret in the body with Basic");
        }
        return expect(!header, "no Authorization header with client_secret_post") &&
               expect(body.find("client_id") == std::optional<std::string_view>(client_id), "client_id in the body") &&
               expect(body.find("client_secret") == std::optional<std::string_view>(client_secret), "client_secret in the body");
    }

    aw::http_response token(aw::http_request const& req) {
        expect(req.method == "POST", "token: POST expected");
        expect(req.header("Content-Type") == std::optional<std::string_view>("application/x-www-form-urlencoded"),
               "token: form content type");
        expect(req.header("Accept") == std::optional<std::string_view>("application/json"), "token: Accept JSON");
        auto body = aw::form::decode(req.body);
        if (!body) return fail("token: body is not a form");
        for (auto const& [name, value] : *body)
            if (body->count(name) != 1) return fail("token: parameter repeated: " + name);
        auto const grant = body->find("grant_type").value_or("");
        auto const method = req.header("Authorization") ? "client_secret_basic" : "client_secret_post";
        if (!client_authenticated(req, *body, method)) return json(401, R"({"error":"invalid_client"})");

        if (grant == "authorization_code") {
            auto const code = std::string(body->find("code").value_or(""));
            auto const it = codes_.find(code);
            if (it == codes_.end()) return json(400, R"({"error":"invalid_grant","error_description":"unknown code"})");
            auto const challenge = it->second;
            codes_.erase(it);  // single use
            expect(body->find("redirect_uri") == std::optional<std::string_view>(redirect_uri), "token: redirect_uri");
            auto const verifier = body->find("code_verifier").value_or("");
            if (!expect(oauth::verify_code_verifier(verifier, challenge, oauth::code_challenge_method::S256),
                        "token: PKCE verifier matches the challenge"))
                return json(400, R"({"error":"invalid_grant","error_description":"PKCE verification failed"})");
            return issue();
        }
        if (grant == "refresh_token") {
            auto const rt = std::string(body->find("refresh_token").value_or(""));
            if (!refresh_tokens_.erase(rt)) return json(400, R"({"error":"invalid_grant"})");  // rotation: single use
            ++refreshes;
            return issue();
        }
        return json(400, R"({"error":"unsupported_grant_type"})");
    }

    aw::http_response issue() {
        ++serial_;
        auto const at = "at-" + std::to_string(serial_) + ".Kx9_Q";
        auto const rt = "rt-" + std::to_string(serial_) + "-Zp3";
        access_tokens_[at] = now + 1h;
        refresh_tokens_.insert(rt);
        // A real server's quirks are real: token_type in lower case is fine (RFC 6749 §5.1 is case-insensitive).
        return json(200, R"({"access_token":")" + at + R"(","token_type":"bearer","expires_in":3600,"refresh_token":")" + rt +
                             R"(","scope":"jobs:read profile"})");
    }

    std::map<std::string, std::string> codes_;
    std::map<std::string, clock_time> access_tokens_;
    std::set<std::string> refresh_tokens_;
    int serial_ = 0;
};
static_assert(aw::http_executor<fake_platform>);

// The browser's part, simulated: the AS shows a consent page and redirects back to the client.
std::string browser_redirect(fake_platform& as, boost::urls::url_view authorization_url, bool user_approves,
                             std::string const& code) {
    auto const q = aw::form::decode(authorization_url.encoded_query()).value();
    auto const state = std::string(q.find("state").value_or(""));
    if (!user_approves) return std::string(redirect_uri) + "?error=access_denied&error_description=The+user+said+no&state=" + state;
    as.remember_code(code, std::string(q.find("code_challenge").value_or("")));
    return std::string(redirect_uri) + "?code=" + code + "&state=" + state;
}

int fail(std::string_view step, aw::failure const& f) {
    std::cerr << "FAILED at " << step << ": " << f << '\n';
    return 1;
}

} // namespace

int main() {
    fake_platform platform;
    clock_time now = std::chrono::sys_days{std::chrono::year{2024} / 3 / 1} + 9h;  // the simulated clock
    platform.now = now;
    std::cout << "jobs-platform web client — simulated time " << iso(now) << "\n\n";

    // 1. Public data: an API key header, no user involved.
    std::cout << "1. Public job search with the App-Key header\n";
    aw::http_request search;
    search.url = boost::urls::url("https://api.jobs.example/v1/jobs");
    search.url.set_encoded_query(aw::form{{"q", "c++ engineer"}, {"location", "remote"}}.encode());
    if (auto r = oauth::set_api_key(search, "X-RP-API-Key", aw::secret(api_key)); !r) return fail("api key", r.error());
    auto jobs = oauth::parse_api_response(platform(search).value());
    if (!jobs) return fail("public search", jobs.error());
    std::cout << "   " << jobs->at("jobs").as_array().size() << " jobs found, first: "
              << jobs->at("jobs").as_array()[0].at("title").as_string() << "\n\n";

    // 2. The authorization URL: PKCE + state, remembered in the user's session.
    std::cout << "2. Send the browser to the authorization endpoint\n";
    auto start_login = [&](oauth::pkce_pair& pkce, std::string& state) -> aw::result<boost::urls::url> {
        auto p = oauth::make_pkce();
        auto s = oauth::make_state();
        if (!p) return p.error();
        if (!s) return s.error();
        pkce = std::move(*p);
        state = std::move(*s);
        oauth::authorization_request req;
        req.client_id = client_id;
        req.redirect_uri = redirect_uri;
        req.scope = {"jobs:read", "profile"};
        req.state = state;
        req.set_pkce(pkce);
        return oauth::make_authorization_url(authorize_endpoint, req);
    };
    oauth::pkce_pair pkce;
    std::string state;
    auto url = start_login(pkce, state);
    if (!url) return fail("authorization url", url.error());
    std::cout << "   " << url->buffer() << "\n\n";

    // 3. First attempt: the user clicks "Deny".
    std::cout << "3. Callback: the user denied access\n";
    auto denied = oauth::parse_authorization_response(browser_redirect(platform, *url, false, ""), {.state = state});
    if (denied || !oauth::is_access_denied(denied.error())) {
        std::cerr << "FAILED: access_denied not recognised\n";
        return 1;
    }
    std::cout << "   friendly page: \"No problem — you can connect your account later.\" (server said: "
              << denied.error().response->error_description << ")\n\n";

    // 4 + 5a. Second attempt: approved; exchange the code with client_secret_post.
    std::cout << "4. Callback with a code (state checked in constant time)\n";
    url = start_login(pkce, state);
    if (!url) return fail("authorization url", url.error());
    auto callback = oauth::parse_authorization_response(browser_redirect(platform, *url, true, "SplxlOBeZQQYbYS6WxSbIA"),
                                                        {.state = state});
    if (!callback) return fail("callback", callback.error());
    std::cout << "   code received (" << callback->code << ")\n\n";

    std::cout << "5a. Code exchange, client authentication client_secret_post\n";
    oauth::authorization_code_grant grant;
    grant.code = callback->code;
    grant.redirect_uri = redirect_uri;
    grant.code_verifier = pkce.code_verifier;
    auto post_auth = oauth::client_authentication::secret_post(client_id, aw::secret(client_secret));
    auto token_req = oauth::make_token_request(token_endpoint, grant, post_auth);
    if (!token_req) return fail("token request", token_req.error());
    auto tokens = oauth::parse_token_response(platform(*token_req).value(), now);
    if (!tokens) return fail("code exchange (post)", tokens.error());
    std::cout << "   access token " << tokens->access_token << " (" << tokens->token_type << "), expires "
              << iso(*tokens->expires_at) << ", scope \"" << tokens->scope->to_string() << "\"\n\n";

    // 5b. The same user logs in from another browser: this deployment uses client_secret_basic there.
    std::cout << "5b. Another login, code exchange with client_secret_basic (id and secret form-encoded first)\n";
    oauth::pkce_pair pkce2;
    std::string state2;
    auto url2 = start_login(pkce2, state2);
    if (!url2) return fail("authorization url", url2.error());
    auto callback2 = oauth::parse_authorization_response(browser_redirect(platform, *url2, true, "Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk"),
                                                         {.state = state2});
    if (!callback2) return fail("callback 2", callback2.error());
    oauth::authorization_code_grant grant2;
    grant2.code = callback2->code;
    grant2.redirect_uri = redirect_uri;
    grant2.code_verifier = pkce2.code_verifier;
    auto basic_auth = oauth::client_authentication::secret_basic(client_id, aw::secret(client_secret));
    auto token_req2 = oauth::make_token_request(token_endpoint, grant2, basic_auth);
    if (!token_req2) return fail("token request 2", token_req2.error());
    std::cout << "   Authorization: " << token_req2->header("Authorization")->substr(0, 14) << "…\n";
    auto tokens2 = oauth::parse_token_response(platform(*token_req2).value(), now);
    if (!tokens2) return fail("code exchange (basic)", tokens2.error());
    std::cout << "   access token " << tokens2->access_token << ", expires " << iso(*tokens2->expires_at) << "\n\n";

    // 6. User data with the Bearer token.
    std::cout << "6. My applications, with Authorization: Bearer\n";
    auto call_api = [&](aw::secret const& access_token) {
        aw::http_request r;
        r.url = boost::urls::url(std::string(api_base) + "/v1/me/applications");
        if (auto b = oauth::set_bearer_token(r, access_token); !b) return aw::outcome<boost::json::value>(aw::failure(b.error()));
        return oauth::parse_api_response(platform(r).value());
    };
    auto apps = call_api(tokens->access_token);
    if (!apps) return fail("bearer call", apps.error());
    std::cout << "   " << boost::json::serialize(*apps) << "\n\n";

    // 7. Proactive refresh through the token manager: it hands out the current access token until expiry − 5 min,
    //    then refreshes once, persists the rotated refresh token (the store callback) and only then hands out the
    //    new access token. The clock is ours: the simulated "now" is passed in.
    std::cout << "7. Proactive refresh with the token manager\n";
    auto const refresh_at = tokens->refresh_at(5min).value();
    std::cout << "   expires at " << iso(*tokens->expires_at) << " → refresh at " << iso(refresh_at) << '\n';
    std::optional<oauth::token_response> persisted;  // what the application's session store holds
    int stores = 0;
    aw::client::token_manager_config tm;
    tm.issuer = "https://login.jobs.example";
    tm.token_endpoint = token_endpoint;
    tm.client = post_auth;
    tm.refresh_margin = 5min;
    tm.store = [&](oauth::token_response const& t) -> aw::result<void> {
        ++stores;
        persisted = t;
        return {};
    };
    auto transport = [&platform](aw::http_request const& r) { return platform(r); };
    aw::client::token_manager<decltype(transport)> manager(std::move(tm), transport);
    if (auto r = manager.set_tokens(*tokens); !r) return fail("token manager", aw::failure(r.error()));
    aw::secret const first_refresh_token = tokens->refresh_token;
    aw::secret current;
    for (auto later : {now + 30min, now + 56min}) {
        platform.now = later;
        int const refreshes_before = platform.refreshes;
        auto at = manager.access_token(later);
        if (!at) return fail("token manager", at.error());
        bool const refreshed = platform.refreshes != refreshes_before;
        std::cout << "   now = " << iso(later) << ": "
                  << (refreshed ? "refresh due: one refresh request, new access token handed out"
                                : "token still fresh, no refresh")
                  << '\n';
        if (refreshed != (later >= refresh_at) || platform.refreshes - refreshes_before > 1) {
            std::cerr << "FAILED: the refresh did not happen exactly when due\n";
            return 1;
        }
        if (refreshed && (!persisted || persisted->access_token != *at || persisted->refresh_token == first_refresh_token)) {
            std::cerr << "FAILED: the rotated refresh token was not persisted before the new access token was used\n";
            return 1;
        }
        current = *at;
    }
    std::cout << "   stored " << stores << " time(s); refresh token rotated: "
              << (persisted->refresh_token == first_refresh_token ? "no" : "yes") << '\n';
    // The old refresh token was single-use: replaying it is refused with invalid_grant.
    oauth::refresh_token_grant replayed;
    replayed.refresh_token = first_refresh_token;
    auto replay_req = oauth::make_token_request(token_endpoint, replayed, post_auth);
    if (!replay_req) return fail("refresh request", replay_req.error());
    auto replay = oauth::parse_token_response(platform(*replay_req).value(), platform.now);
    if (replay || replay.error().code != aw::error::invalid_grant) {
        std::cerr << "FAILED: the replayed refresh token was not refused\n";
        return 1;
    }
    std::cout << "   replaying the old refresh token: " << replay.error() << '\n';
    tokens->access_token = current;
    platform.now = now + 70min;  // after the first token's expiry: only the refreshed one works
    auto after = call_api(tokens->access_token);
    if (!after) return fail("bearer call after refresh", after.error());
    std::cout << "   call with the refreshed token at " << iso(platform.now) << ": ok\n";
    auto stale = call_api(tokens2->access_token);
    if (stale || stale.error().code != aw::error::invalid_token) {
        std::cerr << "FAILED: an expired token was accepted\n";
        return 1;
    }
    std::cout << "   call with the other session's expired token: " << stale.error() << "\n\n";

    if (platform.problems != 0) {
        std::cerr << platform.problems << " wrong request(s) sent\n";
        return 1;
    }
    std::cout << "all requests were exactly what the platform expected\n";
    return 0;
}
