#pragma once
// authwire adapters — an http_executor (core/http_executor.hpp) over libcurl's easy interface: TLS with peer and
// host-name verification on, only the http and https protocols, no redirects followed (RFC 9700 §4.11), no
// transparent decompression, bounded responses, plain http only to loopback; the easy handle (and so its
// connection cache) is reused from call to call.
//
// Optional and separate from the sans-IO core: <authwire/authwire.hpp> does not include it. CMake target
// `authwire::curl` (CURL::libcurl); from the single header, include single_include/authwire/adapters/curl.hpp.

#include <authwire/adapters/detail/transport.hpp>

#include <authwire/core/http_executor.hpp>

#include <curl/curl.h>

#include <boost/system/error_category.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace authwire::adapters {

namespace detail {

class curl_category_impl final : public boost::system::error_category {
public:
    char const* name() const noexcept override { return "libcurl"; }
    std::string message(int ev) const override { return curl_easy_strerror(static_cast<CURLcode>(ev)); }
};

inline boost::system::error_category const& curl_category() noexcept {
    static curl_category_impl const instance;
    return instance;
}

inline error_code make_curl_error(CURLcode c) { return {static_cast<int>(c), curl_category()}; }

struct curl_easy_deleter {
    void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
};
// The request's header lines, freed with the request.
struct header_list {
    curl_slist* head = nullptr;
    header_list() = default;
    header_list(header_list const&) = delete;
    header_list& operator=(header_list const&) = delete;
    ~header_list() { curl_slist_free_all(head); }
    bool add(std::string const& line) {
        auto* next = curl_slist_append(head, line.c_str());
        if (next == nullptr) return false;
        head = next;
        return true;
    }
};

} // namespace detail

/// Sends authwire requests with libcurl. One instance reuses one connection pool; not thread-safe
/// (use one per thread). The process must have called curl_global_init() (see curl_global below).
class curl_executor {
public:
    struct options {
        std::chrono::milliseconds connect_timeout{10'000};
        std::chrono::milliseconds timeout{30'000};
        std::size_t max_response_size = 1024 * 1024;  ///< bigger bodies fail with input_too_large
        std::string ca_file{};                        ///< extra trust anchor (PEM), e.g. a test CA
    };

    curl_executor() : curl_executor(options{}) {}
    explicit curl_executor(options o) : options_(std::move(o)), easy_(curl_easy_init()) {}

    result<http_response> operator()(http_request const& req) {
        if (auto ec = detail::check_transport(req)) return ec;
        if (!easy_) return error::crypto_failure;
        CURL* c = easy_.get();
        curl_easy_reset(c);

        exchange ex{options_.max_response_size};
        std::string const url(req.url.buffer());
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // OAuth 3xx responses are the caller's business
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
        if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
        curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, nullptr);  // no transparent decompression

        if (req.method == "GET") {
            curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        } else if (req.method == "HEAD") {
            curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
        } else {
            if (req.method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req.method.c_str());
            curl_easy_setopt(c, CURLOPT_POST, 1L);
            curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.data());
            curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
        }

        detail::header_list headers;
        bool has_expect = false;
        for (auto const& f : req.headers) {
            has_expect = has_expect || iequals(f.name, "Expect");
            if (!headers.add(f.name + ": " + f.value)) return error::input_too_large;
        }
        // No "Expect: 100-continue" round trip on small OAuth posts.
        if (!has_expect && !headers.add("Expect:")) return error::input_too_large;
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.head);

        curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
        curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_body);
        curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);

        CURLcode const rc = curl_easy_perform(c);
        if (ex.too_large) return error::input_too_large;
        if (rc != CURLE_OK) return detail::make_curl_error(rc);
        long status = 0;
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        ex.response.status = static_cast<unsigned>(status);
        return std::move(ex.response);
    }

private:
    struct exchange {
        std::size_t limit;
        http_response response{};
        bool too_large = false;
    };

    static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
        auto& ex = *static_cast<exchange*>(user);
        std::string_view line(data, size * n);
        if (line.starts_with("HTTP/")) {  // a new response (after 100 Continue): keep only the last one
            ex.response.headers = {};
            return size * n;
        }
        auto const colon = line.find(':');
        if (colon == std::string_view::npos) return size * n;
        auto value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
            value.remove_suffix(1);
        ex.response.headers.append(line.substr(0, colon), value);
        return size * n;
    }

    static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
        auto& ex = *static_cast<exchange*>(user);
        if (ex.response.body.size() + size * n > ex.limit) {
            ex.too_large = true;
            return 0;  // makes curl abort the transfer
        }
        ex.response.body.append(data, size * n);
        return size * n;
    }

    options options_;
    std::unique_ptr<CURL, detail::curl_easy_deleter> easy_;
};

static_assert(http_executor<curl_executor>);

/// curl_global_init/cleanup for the program's lifetime (construct one in main()).
struct curl_global {
    curl_global() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~curl_global() { curl_global_cleanup(); }
    curl_global(curl_global const&) = delete;
    curl_global& operator=(curl_global const&) = delete;
};

} // namespace authwire::adapters
