#include <authwire/core/http_executor.hpp>

#include <boost/test/unit_test.hpp>

#include <functional>
#include <string>
#include <vector>

namespace core_http_executor_test {

using namespace authwire;

// A test transport: records requests, answers from a script.
struct scripted_executor {
    std::vector<http_request> sent;
    std::vector<http_response> answers;
    result<http_response> operator()(http_request const& r) {
        sent.push_back(r);
        if (answers.empty()) return error_code(boost::system::errc::connection_refused, boost::system::generic_category());
        auto a = answers.front();
        answers.erase(answers.begin());
        return a;
    }
};

struct wrong_return {
    std::string operator()(http_request const&) { return {}; }
};
// An executor that cannot fail may return the response itself: it converts to result<http_response>.
struct infallible {
    http_response operator()(http_request const&) { return {}; }
};
struct wrong_argument {
    result<http_response> operator()(http_response const&) { return http_response{}; }
};

template <http_executor E>
result<unsigned> status_of(E& execute, http_request const& r) {
    auto resp = execute(r);
    if (!resp) return resp.error();
    return resp->status;
}

static_assert(http_executor<scripted_executor>);
static_assert(http_executor<std::function<result<http_response>(http_request const&)>>);
static_assert(!http_executor<wrong_return>);
static_assert(http_executor<infallible>);
static_assert(!http_executor<wrong_argument>);
static_assert(!http_executor<int>);

BOOST_AUTO_TEST_SUITE(core_http_executor)

BOOST_AUTO_TEST_CASE(drivers_take_any_conforming_callable) {
    scripted_executor ex;
    ex.answers.push_back({401, {{"WWW-Authenticate", "Bearer"}}, ""});
    http_request req;
    req.url = boost::urls::url("https://mcp.example.com/mcp");
    BOOST_TEST(status_of(ex, req).value() == 401u);
    BOOST_TEST(ex.sent.size() == 1u);
    BOOST_TEST(ex.sent[0].url.buffer() == "https://mcp.example.com/mcp");
    auto failed = status_of(ex, req);
    BOOST_TEST(!failed);

    auto lambda = [](http_request const&) -> result<http_response> { return http_response{204, {}, {}}; };
    BOOST_TEST(status_of(lambda, req).value() == 204u);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace core_http_executor_test
