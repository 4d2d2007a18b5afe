#pragma once
// authwire — the HTTP request and response values every sans-IO step produces or consumes (RFC 9110).

#include <authwire/core/detail/config.hpp>
#include <boost/url/url.hpp>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire {

/// RFC 9110 §5.1: field names are case-insensitive (ASCII).
[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

/// One header field as sent: the name's case is kept, lookups ignore it.
struct http_field {
    std::string name;
    std::string value;
    friend bool operator==(http_field const&, http_field const&) = default;
};

/// RFC 9110 §5: an ordered list of header fields; names repeat where the protocol allows it
/// (e.g. several WWW-Authenticate fields), lookups are case-insensitive.
class http_fields {
public:
    using const_iterator = std::vector<http_field>::const_iterator;

    http_fields() = default;
    http_fields(std::initializer_list<http_field> fields) : fields_(fields) {}

    /// Add a field after the existing ones (repeats allowed).
    http_fields& append(std::string_view name, std::string_view value);

    /// Replace every field named `name` with a single one.
    http_fields& set(std::string_view name, std::string_view value);

    /// Remove every field named `name`.
    http_fields& erase(std::string_view name);

    /// The value of the first field named `name`.
    [[nodiscard]] std::optional<std::string_view> find(std::string_view name) const noexcept;

    /// The values of every field named `name`, in order.
    [[nodiscard]] std::vector<std::string_view> find_all(std::string_view name) const;

    [[nodiscard]] std::size_t count(std::string_view name) const noexcept;

    [[nodiscard]] bool contains(std::string_view name) const noexcept { return find(name).has_value(); }
    [[nodiscard]] bool empty() const noexcept { return fields_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
    [[nodiscard]] const_iterator begin() const noexcept { return fields_.begin(); }
    [[nodiscard]] const_iterator end() const noexcept { return fields_.end(); }

    friend bool operator==(http_fields const&, http_fields const&) = default;

private:
    std::vector<http_field> fields_;
};

/// RFC 9110 §8.3.1: the media type of a Content-Type value, lower-cased, without parameters
/// ("Application/JSON; charset=utf-8" -> "application/json").
[[nodiscard]] AUTHWIRE_DECL std::string media_type(std::string_view content_type);

/// An HTTP request as a value: what a client step asks the executor to send, or what a server endpoint
/// receives. `url` is absolute (scheme, authority, path, query); the executor derives Host and the target.
struct http_request {
    std::string method = "GET";  ///< RFC 9110 §9, upper case: "GET", "POST" …
    boost::urls::url url;        ///< the absolute target URL
    http_fields headers;
    std::string body;

    /// The value of the first header field `name` (case-insensitive).
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;
};

/// An HTTP response as a value: what the executor hands back, or what a server endpoint produces.
struct http_response {
    unsigned status = 0;  ///< RFC 9110 §15 status code
    http_fields headers;
    std::string body;

    /// The value of the first header field `name` (case-insensitive).
    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const noexcept;

    /// RFC 9110 §8.3: the media type of Content-Type, lower-cased ("" when absent).
    [[nodiscard]] std::string content_type() const;

    /// True for a JSON media type: application/json or any application/…+json (RFC 6839 §3.1).
    [[nodiscard]] bool is_json() const;
};

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/http_message.ipp>
#endif
