#pragma once
// Helpers shared by the adapter tests: an in-memory async_http_executor over any synchronous test executor, and a
// way to run a coroutine to its end.

#include "client/support.hpp"

#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <cstddef>
#include <exception>
#include <optional>
#include <utility>
#include <vector>

namespace authwire::test {

// An async_http_executor in memory, no sockets: each request is handed to `Sync` (e.g. a scripted_executor) at
// once — so `sync.calls()` counts requests SENT — and its answer comes back only after the coroutine has been
// suspended (as real I/O would suspend it), and, while hold() is on, only after release().
template <class Sync>
class fake_async_executor {
public:
    explicit fake_async_executor(Sync& sync) : sync_(sync) {}

    boost::asio::awaitable<result<http_response>> async_execute(http_request const& req) {
        result<http_response> answer = sync_(req);
        auto ex = co_await boost::asio::this_coro::executor;
        ++in_flight_;
        co_await boost::asio::post(ex, boost::asio::use_awaitable);
        if (held_) {
            boost::asio::steady_timer gate(ex, boost::asio::steady_timer::time_point::max());
            gates_.push_back(&gate);
            boost::system::error_code ec;
            co_await gate.async_wait(boost::asio::redirect_error(boost::asio::use_awaitable, ec));
        }
        --in_flight_;
        co_return answer;
    }

    void hold() { held_ = true; }
    void release() {
        held_ = false;
        for (auto* g : gates_) g->cancel();
        gates_.clear();
    }
    [[nodiscard]] std::size_t in_flight() const noexcept { return in_flight_; }

private:
    Sync& sync_;
    bool held_ = false;
    std::size_t in_flight_ = 0;
    std::vector<boost::asio::steady_timer*> gates_;
};

template <class T>
boost::asio::awaitable<void> store_into(boost::asio::awaitable<T> a, std::optional<T>& out) {
    out.emplace(co_await std::move(a));
}

// Start `a` on `io` (run it with io.run() / io.poll()); its value lands in `out`, an exception is rethrown by run.
template <class T>
void spawn(boost::asio::io_context& io, boost::asio::awaitable<T> a, std::optional<T>& out) {
    boost::asio::co_spawn(io, store_into(std::move(a), out), [](std::exception_ptr e) {
        if (e) std::rethrow_exception(e);
    });
}

// Run one coroutine to its end on a fresh io_context and return its value.
template <class T>
T run(boost::asio::awaitable<T> a) {
    boost::asio::io_context io;
    std::optional<T> out;
    spawn(io, std::move(a), out);
    io.run();
    BOOST_TEST_REQUIRE(out.has_value());
    return std::move(*out);
}

} // namespace authwire::test
