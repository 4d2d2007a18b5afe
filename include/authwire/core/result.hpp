#pragma once
// authwire — the two return shapes: result<T> for local work, outcome<T> where a peer may answer with an error.

#include <authwire/core/basic_result.hpp>
#include <authwire/core/detail/config.hpp>
#include <authwire/core/error.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

#include <optional>
#include <ostream>
#include <string>
#include <utility>

namespace authwire {

/// The value or the `error_code` of an operation, with the interface of boost::system::result<T> (what Boost.URL
/// and Boost.JSON return) and conversions to and from it (core/basic_result.hpp).
/// `.value()` throws `boost::system::system_error` for callers who prefer exceptions.
template <class T>
using result = basic_result<T, error_code>;

/// An OAuth error response as the peer sent it (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3, RFC 7591 §3.2.2).
struct error_response {
    std::string error;              ///< the `error` code string, verbatim
    std::string error_description;  ///< human-readable text from the peer; never trust it for decisions
    std::string error_uri;          ///< a page about the error, as sent
    unsigned status = 0;            ///< the HTTP status of the response, 0 for a redirect (callback) error

    friend bool operator==(error_response const&, error_response const&) = default;
};

/// Why an exchange with a peer failed: always a code, and the peer's error response when it sent one.
/// `code` is the registered error (error::invalid_grant …) or error::oauth_error for other strings. The
/// response is the peer's text, which it may have filled with what it was sent: the client drivers redact the
/// request's secrets from it before it reaches a failure they return (oauth::redact_request_secrets).
struct failure {
    error_code code;
    std::optional<error_response> response;

    failure() = default;
    failure(error e) noexcept : code(make_error_code(e)) {}                // NOLINT: implicit by design
    failure(error_code ec) noexcept : code(ec) {}                          // NOLINT: implicit by design
    explicit failure(error_response r)
        : code(make_error_code(oauth_error_from_name(r.error))), response(std::move(r)) {}

    /// True when the peer answered with a protocol error response.
    [[nodiscard]] bool is_protocol_error() const noexcept { return response.has_value(); }

    friend bool operator==(failure const& f, error e) noexcept { return f.code == e; }
    friend bool operator==(failure const& f, condition c) noexcept { return f.code == c; }

    /// Prints the code's message, and the peer's error and description when it sent them.
    friend std::ostream& operator<<(std::ostream& os, failure const& f) {
        os << f.code.message();
        if (f.response) {
            os << " (" << f.response->error;
            if (!f.response->error_description.empty()) os << ": " << f.response->error_description;
            os << ')';
        }
        return os;
    }
};

/// The value, or a `failure` that may carry the peer's error response.
/// Used by every function that interprets a response a peer sent (token, registration, revocation …).
template <class T>
using outcome = basic_result<T, failure>;

/// The exception `outcome<T>::value()` throws: a system_error that keeps the peer's error response.
class protocol_exception : public boost::system::system_error {
public:
    explicit protocol_exception(failure f)
        : boost::system::system_error(f.code, f.response ? f.response->error_description : std::string{}),
          failure_(std::move(f)) {}
    [[nodiscard]] authwire::failure const& why() const noexcept { return failure_; }

private:
    authwire::failure failure_;
};

// Found by argument-dependent lookup from outcome<T>::value().
[[noreturn]] AUTHWIRE_DECL void throw_exception_from_error(failure const& f, boost::source_location const& loc);

/// Lift a local result into an outcome (for functions that first compute locally, then talk to a peer).
template <class T>
[[nodiscard]] outcome<T> to_outcome(result<T>&& r) {
    if (r) {
        if constexpr (std::is_void_v<T>) return {};
        else return std::move(*r);
    }
    return failure(r.error());
}

} // namespace authwire

#if AUTHWIRE_DEFINITIONS
#include <authwire/core/impl/result.ipp>
#endif
