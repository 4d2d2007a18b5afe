// Property: the redirect-URI policy (RFC 6749 §3.1.2, RFC 8252 §7–8, RFC 9700 §4.1) never accepts a URI that is
// not exactly a registered one or a loopback port variant of one, and never lets a URI be registered that could
// redirect somewhere else than it says. The input is lines: the requested URI, then the registered ones; a first
// line starting with '#' holds options instead (`private` allows private-use schemes, `nolocalhost` refuses
// http://localhost). Compared with a simple, independent rendering of the rule (server_support.hpp):
//  - match(requested, registered) = i ⇒ requested == registered[i] byte for byte, or both are http to the same
//    loopback IP literal (127.0.0.1 or [::1]) and differ only in the port; and registered[i] itself passes;
//  - conversely, a requested URI that passes and equals a registered one (which passes) always matches;
//  - resolve without a request URI ⇒ exactly one registered URI, which passes;
//  - validate accepts only 1–2048 printable ASCII bytes without '\', '#', whitespace or userinfo, a lower-case
//    scheme; https with a host; http only to 127.0.0.1, [::1] or (unless refused) localhost (the authority split
//    by hand), a port of 1–5 digits without a leading zero; a private-use scheme only when allowed, with a '.'
//    and no authority; no dot segment ("/./", "/../", "%2e" spellings) and no encoded '/' or '\' in the path;
//    and the kind it reports fits.
#include <authwire/server/redirect_uri_policy.hpp>

#include "server_support.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace authwire;

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// The path of an absolute URI as written (after the authority, before '?').
std::string_view path_of(std::string_view uri) {
    auto rest = uri.substr(uri.find(':') + 1);
    if (rest.starts_with("//")) {
        rest.remove_prefix(2);
        auto const slash = rest.find_first_of("/?");
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    }
    return rest.substr(0, rest.find('?'));
}

void check_valid(std::string_view uri, server::redirect_uri_kind kind, server::redirect_uri_options const& opt) {
    FUZZ_CHECK(!uri.empty() && uri.size() <= opt.max_length);
    for (char const c : uri) FUZZ_CHECK(c > 0x20 && c < 0x7f && c != '\\' && c != '#');
    auto const colon = uri.find(':');
    FUZZ_CHECK(colon != std::string_view::npos);
    auto const scheme = uri.substr(0, colon);
    FUZZ_CHECK(lower(scheme) == scheme);
    auto const path = lower(path_of(uri));
    FUZZ_CHECK(path.find("%2f") == std::string::npos && path.find("%5c") == std::string::npos);
    std::string p = path;
    for (std::size_t i; (i = p.find("%2e")) != std::string::npos;) p.replace(i, 3, ".");
    p += '/';
    FUZZ_CHECK(p.find("/./") == std::string::npos && p.find("/../") == std::string::npos);
    FUZZ_CHECK(!p.starts_with("./") && !p.starts_with("../"));
    using k = server::redirect_uri_kind;
    if (scheme == "https" || scheme == "http") {
        FUZZ_CHECK(uri.substr(colon).starts_with("://"));
        auto const authority = uri.substr(colon + 3, uri.find_first_of("/?", colon + 3) - (colon + 3));
        FUZZ_CHECK(authority.find('@') == std::string_view::npos && !authority.empty());
        // The host, split by hand (Boost.URL 1.81 splits "https://1.2.3.4.example/" after the dotted quad).
        auto const host = authority.starts_with('[') ? authority.substr(0, authority.find(']') + 1)
                                                     : authority.substr(0, authority.find(':'));
        FUZZ_CHECK(!host.empty());
        if (auto const port = authority.substr(host.size()); !port.empty()) {
            FUZZ_CHECK(port.size() >= 2 && port.size() <= 6 && port[0] == ':' && port[1] != '0');
            for (char const c : port.substr(1)) FUZZ_CHECK(c >= '0' && c <= '9');
        }
        if (scheme == "https") {
            FUZZ_CHECK(kind == k::https);
        } else if (host == "localhost") {
            FUZZ_CHECK(kind == k::localhost && opt.allow_localhost);
        } else {
            FUZZ_CHECK(kind == k::loopback_ip && (host == "127.0.0.1" || host == "[::1]"));
        }
        return;
    }
    FUZZ_CHECK(kind == k::private_use && opt.allow_private_use_schemes);
    FUZZ_CHECK(scheme.find('.') != std::string_view::npos && !uri.substr(colon).starts_with("://"));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    fuzz::line_reader r{fuzz::text_of(data, size)};
    server::redirect_uri_options opt;
    auto first = r.line();
    if (first.starts_with('#')) {
        opt.allow_private_use_schemes = first.find("private") != std::string_view::npos;
        opt.allow_localhost = first.find("nolocalhost") == std::string_view::npos;
        first = r.line();
    }
    std::string const requested(first);
    std::vector<std::string> registered;
    while (!r.empty()) registered.emplace_back(r.line());
    server::redirect_uri_policy const policy(opt);

    auto v = policy.validate(requested);
    fuzz::trace("validate: %s", v ? "ok" : std::string(v.error().description()).c_str());
    if (v) check_valid(requested, *v, opt);
    for (auto const& reg : registered)
        if (auto rv = policy.validate(reg)) check_valid(reg, *rv, opt);

    auto m = policy.match(requested, registered);
    fuzz::trace("match: %s", m ? std::to_string(*m).c_str() : std::string(m.error().description()).c_str());
    if (m) {
        FUZZ_CHECK(*m < registered.size() && v.has_value());
        auto const& reg = registered[*m];
        FUZZ_CHECK(requested == reg || fuzz::server::loopback_port_variant(requested, reg));
        FUZZ_CHECK(policy.validate(reg).has_value());
    } else if (v) {
        for (auto const& reg : registered) FUZZ_CHECK(reg != requested);
    }

    auto resolved = policy.resolve(std::nullopt, registered);
    if (resolved)
        FUZZ_CHECK(registered.size() == 1 && *resolved == registered.front() && policy.validate(registered.front()));
    auto with_request = policy.resolve(std::optional<std::string_view>(requested), registered);
    FUZZ_CHECK(with_request.has_value() == m.has_value());
    if (with_request) FUZZ_CHECK(*with_request == requested);
    return 0;
}
