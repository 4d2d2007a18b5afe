// Property: client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3.1, §3.2.1,
// §5.2; RFC 7617) accepts a client exactly when it presented its registered method with its secret, and refuses
// everything else with a well-formed error. The input is an HTTP request in support.hpp's text form; its body is
// read as a form whatever the Content-Type (that is read_form_request's business); a pseudo-header
// `X-Fuzz-Methods:` lists the methods served (none, basic, post; default all three). Judged without authwire
// (server_support.hpp decodes Basic credentials and forms by hand):
//  - accepted ⇒ the client is registered, used its registered method, which is served, with its secret: one
//    Authorization: Basic with the form-encoded id and secret, or client_id + client_secret once each in the body,
//    or client_id alone for a public client — never two methods, never a confidential client without its secret;
//  - conversely, a request that presents a client's registered method canonically (Basic written as RFC 6749
//    §2.3.1 says; body parameters once each; nothing else) is accepted when the method is served;
//  - refused ⇒ invalid_client (401) or invalid_request (400), never server_error; the response is JSON, never
//    cached, and carries WWW-Authenticate: Basic realm="…" exactly when it is invalid_client and the request used
//    the Authorization header; no header value holds CR or LF.
#include <authwire/server/client_authentication.hpp>

#include "server_support.hpp"

#include <authwire/core/form.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    using method = oauth::token_endpoint_auth_method;
    auto const& fixed = fuzz::server::fixed();
    auto const req = fuzz::parse_request(fuzz::text_of(data, size));
    auto const decoded = form::decode(req.body);
    if (!decoded) return 0;

    std::vector<method> served;
    auto const methods = std::string(req.header("X-Fuzz-Methods").value_or("none basic post"));
    if (methods.find("none") != std::string::npos) served.push_back(method::none);
    if (methods.find("basic") != std::string::npos) served.push_back(method::client_secret_basic);
    if (methods.find("post") != std::string::npos) served.push_back(method::client_secret_post);
    server::client_authentication_options const opt{served, "as.example"};

    auto r = server::authenticate_client(req, *decoded, fixed.clients, opt);
    fuzz::trace("authenticate_client: %s", r ? r->client.client_id.c_str() : r.error().description.c_str());
    auto const body = fuzz::server::form_decode(req.body);
    auto const* presented = body ? fuzz::server::authenticated_client(req, *body) : nullptr;
    auto const is_served = [&](std::string_view name) {
        for (auto m : served)
            if (oauth::to_string(m) == name) return true;
        return false;
    };

    if (r) {
        FUZZ_CHECK(presented != nullptr && presented->id == r->client.client_id);
        FUZZ_CHECK(oauth::to_string(r->method) == presented->method && is_served(presented->method));
        return 0;
    }
    // Canonical presentations must succeed.
    if (presented && is_served(presented->method)) {
        auto const authorization = req.headers.find_all("Authorization");
        bool canonical = true;
        if (!authorization.empty())
            canonical = authorization.front() == "Basic " + base64_encode(form_encode_component(presented->id) + ":" +
                                                                          form_encode_component(presented->secret));
        FUZZ_CHECK(!canonical);
    }
    auto const& e = r.error();
    FUZZ_CHECK(e.code == error::invalid_client || e.code == error::invalid_request);
    auto const resp = e.to_http_response();
    auto const json = fuzz::check_response(resp);
    fuzz::check_no_store(resp);
    FUZZ_CHECK(json.has_value());
    FUZZ_CHECK(resp.status == (e.code == error::invalid_client ? 401u : 400u));
    bool const challenged = e.code == error::invalid_client && req.headers.contains("Authorization");
    FUZZ_CHECK(resp.headers.contains("WWW-Authenticate") == challenged);
    if (challenged) FUZZ_CHECK(*resp.header("WWW-Authenticate") == R"(Basic realm="as.example")");
    return 0;
}
