#pragma once
// authwire examples — reading a text/event-stream (WHATWG HTML §9.2.6 "Interpreting an event stream"), the
// other body an MCP Streamable HTTP server may answer a POST with (MCP 2025-11-25 basic/transports).
//
// Lines end in LF, CRLF or CR (also when a CRLF is split between two chunks); one leading byte-order mark is
// ignored; lines starting with ':' are comments; "field:value" drops one space after the colon; a line without a
// colon is a field with an empty value. `data` lines are joined with "\n"; a blank line dispatches the event
// (not when no data was given); `event` sets its type ("message" otherwise); `id` sets the last event id (unless
// it contains NUL); `retry` (digits only) sets the reconnection time; other fields are ignored. At the end of
// the stream an event without its blank line is discarded, as the standard says. Callers pick the event types
// they understand (MCP uses "message") and ignore the rest. Every buffer is bounded.

#include <authwire/core/error.hpp>
#include <authwire/core/limits.hpp>
#include <authwire/core/result.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::examples::sse {

/// One dispatched event.
struct event {
    std::string type = "message";  ///< the `event` field, "message" when none was given
    std::string data;              ///< the `data` lines joined with "\n"
    std::string id;                ///< the last event id when it was dispatched ("" when none)
};

/// Bounds on what one stream may hold; exceeding one is error::input_too_large.
struct limits {
    std::size_t max_stream = 1024 * 1024;                           ///< bytes fed in total
    std::size_t max_line = authwire::limits::max_json_size + 1024;  ///< bytes in one line
    std::size_t max_data = authwire::limits::max_json_size;         ///< bytes of one event's data
    std::size_t max_events = 1024;                                  ///< events dispatched
};

/// An incremental event-stream parser: feed() the bytes as they arrive, take the events, finish() at the end.
class parser {
public:
    explicit parser(limits l = {}) : limits_(l) {}

    /// Interpret the next bytes of the stream; complete events are kept for take_events(). After a failure
    /// (error::input_too_large) the parser refuses everything.
    [[nodiscard]] result<void> feed(std::string_view bytes) {
        if (failed_) return error::input_too_large;
        if (bytes.size() > limits_.max_stream - fed_) return fail();
        fed_ += bytes.size();
        while (!bytes.empty()) {
            if (after_cr_ && bytes.front() == '\n') bytes.remove_prefix(1);  // the LF of a CRLF
            after_cr_ = false;
            auto const end = bytes.find_first_of("\r\n");
            auto const part = bytes.substr(0, end);
            if (part.size() > limits_.max_line - line_.size()) return fail();
            line_.append(part);
            if (end == std::string_view::npos) break;
            after_cr_ = bytes[end] == '\r';
            bytes.remove_prefix(end + 1);
            if (!process(line_)) return fail();
            line_.clear();
        }
        return {};
    }

    /// The end of the stream: a line or event not yet terminated is discarded.
    void finish() noexcept {
        line_.clear();
        data_.clear();
        type_.clear();
    }

    /// The events dispatched so far (each returned once).
    [[nodiscard]] std::vector<event> take_events() { return std::exchange(events_, {}); }

    /// The last `retry` the server sent, in milliseconds.
    [[nodiscard]] std::optional<std::uint64_t> retry() const noexcept { return retry_; }

    /// The last event id buffer (what a client would send as Last-Event-ID).
    [[nodiscard]] std::string const& last_event_id() const noexcept { return last_id_; }

private:
    error_code fail() {
        failed_ = true;
        return error::input_too_large;
    }

    // One complete line: false when a bound is exceeded.
    bool process(std::string_view line) {
        if (first_line_) {
            first_line_ = false;
            if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // U+FEFF
        }
        if (line.empty()) return dispatch();
        if (line.front() == ':') return true;  // a comment (servers send them as keep-alives)
        auto const colon = line.find(':');
        auto const name = line.substr(0, colon);
        std::string_view value;
        if (colon != std::string_view::npos) {
            value = line.substr(colon + 1);
            if (value.starts_with(' ')) value.remove_prefix(1);
        }
        if (name == "data") {
            if (value.size() + 1 > limits_.max_data - data_.size()) return false;
            data_.append(value);
            data_.push_back('\n');
        } else if (name == "event") {
            type_.assign(value);
        } else if (name == "id") {
            if (value.find('\0') == std::string_view::npos) last_id_.assign(value);
        } else if (name == "retry") {
            if (auto ms = digits(value)) retry_ = *ms;
        }
        return true;
    }

    bool dispatch() {
        if (data_.empty()) {  // nothing to dispatch: forget the type too
            type_.clear();
            return true;
        }
        if (dispatched_ >= limits_.max_events) return false;
        data_.pop_back();  // the last "\n"
        events_.push_back({type_.empty() ? std::string("message") : std::move(type_), std::move(data_), last_id_});
        ++dispatched_;
        data_.clear();
        type_.clear();
        return true;
    }

    static std::optional<std::uint64_t> digits(std::string_view v) {
        if (v.empty() || v.size() > 18) return std::nullopt;  // 18 digits cannot overflow
        std::uint64_t n = 0;
        for (char c : v) {
            if (c < '0' || c > '9') return std::nullopt;
            n = n * 10 + static_cast<std::uint64_t>(c - '0');
        }
        return n;
    }

    limits limits_;
    std::string line_;
    std::string data_;
    std::string type_;
    std::string last_id_;
    std::optional<std::uint64_t> retry_;
    std::vector<event> events_;
    std::size_t fed_ = 0;
    std::size_t dispatched_ = 0;  // events dispatched, taken or not
    bool after_cr_ = false;       // the previous chunk ended with CR: an LF starting this one is its CRLF
    bool first_line_ = true;
    bool failed_ = false;
};

/// A whole stream at once (an HTTP body already read): its events, in order.
[[nodiscard]] inline result<std::vector<event>> parse(std::string_view stream, limits l = {}) {
    parser p(l);
    if (auto r = p.feed(stream); !r) return r.error();
    p.finish();
    return p.take_events();
}

}  // namespace authwire::examples::sse
