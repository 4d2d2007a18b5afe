// authwire fuzz targets — what the targets share: checks that abort with the property they name, a
// deterministic random source (so that a crashing input reproduces), a small text format for HTTP messages (so
// that seed corpora are readable requests and responses), the properties every response an endpoint builds
// must have, and independent re-implementations (strict base64url, duplicate JSON members, RFC 6750 b64token)
// that the properties compare authwire against.
#pragma once

#include <authwire/core/http_message.hpp>
#include <authwire/core/json.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/url.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fuzz {

[[noreturn]] inline void violated(char const* what, char const* file, int line) {
    std::fprintf(stderr, "\n*** property violated: %s\n*** at %s:%d\n", what, file, line);
    std::fflush(stderr);
    std::abort();
}

// A property: when it does not hold, the process aborts naming it (libFuzzer then saves the input).
#define FUZZ_CHECK(cond) ((cond) ? static_cast<void>(0) : ::fuzz::violated(#cond, __FILE__, __LINE__))

// With AUTHWIRE_FUZZ_TRACE set, targets say what became of each input (to check that a seed reaches the path it
// was written for: `AUTHWIRE_FUZZ_TRACE=1 build/…/fuzz_x fuzz/corpus/x/*`).
[[nodiscard]] inline bool tracing() noexcept {
    static bool const on = std::getenv("AUTHWIRE_FUZZ_TRACE") != nullptr;
    return on;
}

template <class... Args>
void trace(char const* format, Args... args) {
    if (!tracing()) return;
    std::fprintf(stderr, "[trace] ");
    if constexpr (sizeof...(Args) == 0)
        std::fputs(format, stderr);
    else
        std::fprintf(stderr, format, args...);
    std::fputc('\n', stderr);
}

// The input as text.
[[nodiscard]] inline std::string_view text_of(std::uint8_t const* data, std::size_t size) noexcept {
    return {reinterpret_cast<char const*>(data), size};
}

// A deterministic authwire::random_source callable (splitmix64): every "random" value a target draws is the same
// on every run, so tokens minted at start-up are byte-identical to the seed files and crashes reproduce.
struct deterministic_rng {
    std::uint64_t state = 0x243F6A8885A308D3ULL;
    bool operator()(std::span<unsigned char> out) noexcept {
        for (auto& b : out) {
            state += 0x9E3779B97F4A7C15ULL;
            std::uint64_t z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
            b = static_cast<unsigned char>(z ^ (z >> 31));
        }
        return true;
    }
};

// Reads an input line by line ('\n'; one trailing '\r' is dropped), then the rest verbatim.
struct line_reader {
    std::string_view rest;

    [[nodiscard]] bool empty() const noexcept { return rest.empty(); }
    std::string_view line() noexcept {
        auto const nl = rest.find('\n');
        auto l = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        return l;
    }
};

// Header lines ("Name: value", up to an empty line) into `fields`.
inline void read_header_lines(line_reader& r, authwire::http_fields& fields) {
    while (!r.empty()) {
        auto const l = r.line();
        if (l.empty()) break;
        auto const colon = l.find(':');
        auto value = colon == std::string_view::npos ? std::string_view{} : l.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        fields.append(l.substr(0, colon), value);
    }
}

// An HTTP request in the text form of the seed corpora:
//
//     POST /token?query
//     Authorization: Basic …
//     Content-Type: application/x-www-form-urlencoded
//
//     grant_type=…
//
// The target is resolved against `origin`; a path or query that is not valid percent-encoding is taken as text
// and encoded. Anything after the first empty line is the body, byte for byte.
[[nodiscard]] inline authwire::http_request parse_request(std::string_view in,
                                                          std::string_view origin = "https://as.example") {
    line_reader r{in};
    auto const first = r.line();
    authwire::http_request req;
    auto const sp = first.find(' ');
    req.method = std::string(first.substr(0, sp));
    auto target = sp == std::string_view::npos ? std::string_view("/") : first.substr(sp + 1);
    if (auto const v = target.find(" HTTP/"); v != std::string_view::npos) target = target.substr(0, v);
    try {
        req.url = boost::urls::url(origin);
        auto const q = target.find('?');
        std::string path(target.substr(0, q));
        if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
        if (auto p = boost::urls::make_pct_string_view(path))
            req.url.set_encoded_path(*p);
        else
            req.url.set_path(path);
        if (q != std::string_view::npos) {
            auto const query = target.substr(q + 1);
            if (auto p = boost::urls::make_pct_string_view(query))
                req.url.set_encoded_query(*p);
            else
                req.url.set_query(query);
        }
    } catch (std::exception const&) {
        req.url = boost::urls::url(origin);
    }
    read_header_lines(r, req.headers);
    req.body = std::string(r.rest);
    return req;
}

// An HTTP response in the text form of the seed corpora: a status line ("HTTP/1.1 200 OK", or just "200":
// the first run of digits is the status), header lines, an empty line, the body.
[[nodiscard]] inline authwire::http_response parse_response(std::string_view in) {
    line_reader r{in};
    auto const first = r.line();
    authwire::http_response resp;
    auto i = first.find("HTTP/") == 0 ? first.find(' ') : 0;
    if (i == std::string_view::npos) i = first.size();
    while (i < first.size() && (first[i] < '0' || first[i] > '9')) ++i;
    for (int n = 0; i < first.size() && n < 4 && first[i] >= '0' && first[i] <= '9'; ++i, ++n)
        resp.status = resp.status * 10 + static_cast<unsigned>(first[i] - '0');
    read_header_lines(r, resp.headers);
    resp.body = std::string(r.rest);
    return resp;
}

// RFC 9110 §5.6.2 tchar.
[[nodiscard]] constexpr bool is_tchar(char c) noexcept {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// RFC 6750 §2.1 b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", written out again.
[[nodiscard]] constexpr bool is_b64token(std::string_view s) noexcept {
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        char const c = s[i];
        bool const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
        if (!ok) break;
    }
    if (i == 0) return false;
    for (; i < s.size(); ++i)
        if (s[i] != '=') return false;
    return true;
}

// RFC 4648 §5 base64url without padding, strictly (no padding, no whitespace, zero trailing bits), written
// independently of authwire's decoder.
[[nodiscard]] inline std::optional<std::string> strict_base64url_decode(std::string_view s) {
    auto value = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-') return 62;
        if (c == '_') return 63;
        return -1;
    };
    if (s.size() % 4 == 1) return std::nullopt;
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char const c : s) {
        int const v = value(c);
        if (v < 0) return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((acc >> bits) & 0xFF));
        }
    }
    if ((acc & ((1u << bits) - 1)) != 0) return std::nullopt;  // non-zero padding bits: not canonical
    return out;
}

namespace detail {

struct duplicate_member_handler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);
    std::vector<std::vector<std::string>> names;
    std::string key;
    bool duplicate = false;
    using ec_t = boost::json::error_code;
    bool on_document_begin(ec_t&) { return true; }
    bool on_document_end(ec_t&) { return true; }
    bool on_object_begin(ec_t&) {
        names.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, ec_t&) {
        names.pop_back();
        return true;
    }
    bool on_array_begin(ec_t&) { return true; }
    bool on_array_end(std::size_t, ec_t&) { return true; }
    bool on_key_part(boost::json::string_view s, std::size_t, ec_t&) {
        key.append(s.data(), s.size());
        return true;
    }
    bool on_key(boost::json::string_view s, std::size_t, ec_t&) {
        key.append(s.data(), s.size());
        for (auto const& n : names.back()) duplicate = duplicate || n == key;
        names.back().push_back(std::move(key));
        key.clear();
        return true;
    }
    bool on_string_part(boost::json::string_view, std::size_t, ec_t&) { return true; }
    bool on_string(boost::json::string_view, std::size_t, ec_t&) { return true; }
    bool on_number_part(boost::json::string_view, ec_t&) { return true; }
    bool on_int64(std::int64_t, boost::json::string_view, ec_t&) { return true; }
    bool on_uint64(std::uint64_t, boost::json::string_view, ec_t&) { return true; }
    bool on_double(double, boost::json::string_view, ec_t&) { return true; }
    bool on_bool(bool, ec_t&) { return true; }
    bool on_null(ec_t&) { return true; }
    bool on_comment_part(boost::json::string_view, ec_t&) { return true; }
    bool on_comment(boost::json::string_view, ec_t&) { return true; }
};

} // namespace detail

// Does this JSON text name a member twice in some object? Written independently of authwire::parse_json (which
// counts members): a stack of the names seen per open object. Invalid JSON answers false.
[[nodiscard]] inline bool json_has_duplicate_member(std::string_view text) {
    boost::json::parse_options opt;
    opt.max_depth = 1000;
    boost::json::basic_parser<detail::duplicate_member_handler> p(opt);
    boost::json::error_code ec;
    p.write_some(false, text.data(), text.size(), ec);
    return !ec && p.handler().duplicate;
}

// JSON values that are equal, except that doubles may differ by at most two units in the last place (what
// Boost.JSON 1.81's parser can be off by: see core_json.cpp). Member order counts unless `ordered` is false
// (RFC 8259 §4: objects are unordered; Boost.JSON 1.81's object::erase moves the last member into the hole, so
// a model that erases the members it knows does not keep the order of the rest).
inline bool same_up_to_two_ulps(boost::json::value const& a, boost::json::value const& b, bool ordered = true) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
    case boost::json::kind::double_: {
        double const x = a.get_double();
        double const y = b.get_double();
        return x == y || std::nextafter(x, y) == y || std::nextafter(std::nextafter(x, y), y) == y;
    }
    case boost::json::kind::array: {
        auto const& x = a.get_array();
        auto const& y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same_up_to_two_ulps(x[i], y[i], ordered)) return false;
        return true;
    }
    case boost::json::kind::object: {
        auto const& x = a.get_object();
        auto const& y = b.get_object();
        if (x.size() != y.size()) return false;
        if (!ordered) {
            for (auto const& m : x) {
                auto const* other = y.if_contains(m.key());
                if (other == nullptr || !same_up_to_two_ulps(m.value(), *other, ordered)) return false;
            }
            return true;
        }
        for (auto i = x.begin(), j = y.begin(); i != x.end(); ++i, ++j)
            if (i->key() != j->key() || !same_up_to_two_ulps(i->value(), j->value(), ordered)) return false;
        return true;
    }
    default: return a == b;
    }
}

// What every response an endpoint builds must be, whatever it was sent: a real status, header fields that cannot
// split a response (names are tokens; values hold no CR, LF or NUL — RFC 9110 §5.5), and a JSON body that
// parses as an object when the response says it is JSON. Error responses (4xx/5xx with a JSON body) carry an
// RFC 6749 §5.2 `error` of NQSCHARs. Returns the parsed JSON body, if any.
inline std::optional<boost::json::object> check_response(authwire::http_response const& resp) {
    FUZZ_CHECK(resp.status >= 200 && resp.status <= 599);
    for (auto const& f : resp.headers) {
        FUZZ_CHECK(!f.name.empty());
        for (char const c : f.name) FUZZ_CHECK(is_tchar(c));
        for (char const c : f.value) FUZZ_CHECK(c != '\r' && c != '\n' && c != '\0');
    }
    if (resp.headers.count("Content-Type") > 1) violated("Content-Type sent twice", __FILE__, __LINE__);
    if (!resp.is_json()) return std::nullopt;
    auto body = authwire::parse_json_object(resp.body);
    FUZZ_CHECK(body.has_value());
    if (resp.status >= 400) {
        auto const* e = body->if_contains("error");
        FUZZ_CHECK(e != nullptr && e->is_string() && !e->get_string().empty());
        for (char const c : e->get_string()) FUZZ_CHECK(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
    }
    return std::move(*body);
}

// RFC 6749 §5.1, RFC 9111 §5.2.2.5: responses with tokens, credentials or errors are never stored.
inline void check_no_store(authwire::http_response const& resp) {
    FUZZ_CHECK(resp.header("Cache-Control") == std::optional<std::string_view>("no-store"));
}

} // namespace fuzz
