#include <authwire/core/basic_result.hpp>

#include <authwire/core/result.hpp>
#include <authwire/jose/algorithm.hpp>

#include <boost/system/result.hpp>
#include <boost/test/unit_test.hpp>
#include <boost/url/parse.hpp>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace core_basic_result_test {

using namespace authwire;

// The same things must hold of authwire::result<T> as of boost::system::result<T>: each property is checked on
// both types, so the test states boost's behaviour rather than our reading of it.
template <class R>
void constructs_observes_and_throws_like_boost() {
    R v = 42;
    BOOST_TEST(v.has_value());
    BOOST_TEST(!v.has_error());
    BOOST_TEST(static_cast<bool>(v));
    BOOST_TEST(*v == 42);
    BOOST_TEST(v.value() == 42);
    BOOST_TEST(!v.error());  // a default error_code while there is a value

    R e = make_error_code(error::malformed_json);
    BOOST_TEST(!e.has_value());
    BOOST_TEST(e.has_error());
    BOOST_TEST((e.error() == error::malformed_json));
    BOOST_TEST(e.operator->() == nullptr);
    try {
        (void)e.value();
        BOOST_FAIL("value() of an error did not throw");
    } catch (boost::system::system_error const& x) {
        BOOST_TEST((x.code() == error::malformed_json));
    }

    R d;  // default: a value-initialized T
    BOOST_TEST(d.has_value());
    BOOST_TEST(*d == 0);

    R in_place_e(boost::system::in_place_error, make_error_code(error::malformed_url));
    BOOST_TEST((in_place_e.error() == error::malformed_url));
    R in_place_v(boost::system::in_place_value, 7);
    BOOST_TEST(*in_place_v == 7);

    // errc on an arithmetic T is ambiguous: neither a number nor, implicitly, an error (boost's rule).
    static_assert(!std::is_constructible_v<R, boost::system::errc::errc_t>);

    BOOST_TEST((v == R(42)));
    BOOST_TEST((v != R(43)));
    BOOST_TEST((v != e));
    BOOST_TEST((e == R(make_error_code(error::malformed_json))));

    v.emplace(5);
    BOOST_TEST(*v == 5);
    e.emplace(6);
    BOOST_TEST(e.has_value());
    BOOST_TEST(*e == 6);

    R a = 1, b = make_error_code(error::invalid_argument);
    swap(a, b);
    BOOST_TEST(a.has_error());
    BOOST_TEST(*b == 1);

    std::ostringstream os;
    os << R(3) << ' ' << R(boost::system::error_code{});
    BOOST_TEST(os.str().substr(0, 8) == "value:3 ");
    BOOST_TEST(os.str().find("error:") == 8u);
}

BOOST_AUTO_TEST_SUITE(core_basic_result)

BOOST_AUTO_TEST_CASE(behaves_as_boost_system_result) {
    constructs_observes_and_throws_like_boost<boost::system::result<int>>();
    constructs_observes_and_throws_like_boost<result<int>>();
}

BOOST_AUTO_TEST_CASE(strings_copy_move_and_assign_across_states) {
    result<std::string> s = std::string(100, 'x');  // beyond the small-string buffer: a heap string
    result<std::string> c = s;
    BOOST_TEST(*c == *s);
    result<std::string> m = std::move(c);
    BOOST_TEST(*m == std::string(100, 'x'));

    result<std::string> e = error::malformed_form;
    e = s;  // error -> value
    BOOST_TEST(*e == *s);
    e = result<std::string>(error::malformed_url);  // value -> error
    BOOST_TEST((e.error() == error::malformed_url));
    e = std::move(m);  // error -> value, by move
    BOOST_TEST(*e == std::string(100, 'x'));
    e = s;  // value -> value
    BOOST_TEST(e.value().size() == 100u);

    std::string taken = *std::move(e);  // operator* on an rvalue gives the value by value
    BOOST_TEST(taken.size() == 100u);
    std::string moved = std::move(s).value();
    BOOST_TEST(moved.size() == 100u);
}

// A member whose move constructor may throw: the n-th move from now on throws (0: never).
struct throwing_move {
    static inline int moves_until_throw = 0;
    int n = 0;
    throwing_move() = default;
    explicit throwing_move(int v) : n(v) {}
    throwing_move(throwing_move const&) = default;
    throwing_move(throwing_move&& o) noexcept(false) : n(o.n) {
        if (moves_until_throw > 0 && --moves_until_throw == 0) throw std::runtime_error("move");
    }
    throwing_move& operator=(throwing_move const&) = default;
    throwing_move& operator=(throwing_move&&) = default;
};

BOOST_AUTO_TEST_CASE(a_move_that_throws_between_states_leaves_a_default_error) {
    using r = basic_result<throwing_move, throwing_move>;
    // value -> error: the error is built (first move), the value dies, moving the error in (second) throws.
    r a(boost::system::in_place_value, 1);
    throwing_move::moves_until_throw = 2;
    BOOST_CHECK_THROW(a = r(boost::system::in_place_error, 7), std::runtime_error);
    throwing_move::moves_until_throw = 0;
    BOOST_TEST(a.has_error());
    BOOST_TEST(a.error().n == 0);

    // error -> value, the same way round.
    r b(boost::system::in_place_error, 3);
    throwing_move::moves_until_throw = 2;
    BOOST_CHECK_THROW(b = r(boost::system::in_place_value, 8), std::runtime_error);
    throwing_move::moves_until_throw = 0;
    BOOST_TEST(b.has_error());
    BOOST_TEST(b.error().n == 0);

    // Without a throw, both transitions complete.
    b = r(boost::system::in_place_value, 9);
    BOOST_TEST((*b).n == 9);
    b = r(boost::system::in_place_error, 4);
    BOOST_TEST(b.error().n == 4);
}

BOOST_AUTO_TEST_CASE(move_only_values_and_the_type_traits) {
    static_assert(!std::is_copy_constructible_v<result<std::unique_ptr<int>>>);
    static_assert(!std::is_copy_assignable_v<result<std::unique_ptr<int>>>);
    static_assert(std::is_nothrow_move_constructible_v<result<std::unique_ptr<int>>>);
    static_assert(std::is_nothrow_move_constructible_v<result<std::string>>);
    static_assert(std::is_copy_constructible_v<result<std::string>>);
    // A scalar value and a trivially copyable error: the result is trivially copyable, as boost::system::result's is.
    static_assert(std::is_trivially_copyable_v<result<jose::jws_algorithm>>);
    static_assert(std::is_trivially_copyable_v<result<int>>);

    result<std::unique_ptr<int>> p = std::make_unique<int>(9);
    result<std::unique_ptr<int>> q = std::move(p);
    BOOST_TEST(**q == 9);
    std::vector<result<std::unique_ptr<int>>> many;
    for (int i = 0; i < 40; ++i) many.emplace_back(std::make_unique<int>(i));  // reallocations move them
    BOOST_TEST(**many[39] == 39);
}

BOOST_AUTO_TEST_CASE(outcome_value_throws_the_protocol_exception) {
    outcome<int> o = failure(error_response{"invalid_grant", "expired", "", 400});
    try {
        (void)o.value();
        BOOST_FAIL("value() of a failure did not throw");
    } catch (protocol_exception const& x) {
        BOOST_TEST(x.why().response->error == "invalid_grant");
    }
    outcome<void> ov = failure(error::invalid_client);
    BOOST_CHECK_THROW(ov.value(), protocol_exception);
    outcome<void> ok;
    BOOST_TEST(ok.has_value());
    ok.value();  // does not throw
}

BOOST_AUTO_TEST_CASE(void_results) {
    result<void> ok;
    BOOST_TEST(ok.has_value());
    BOOST_TEST(!ok.error());
    BOOST_TEST(ok.operator->() != nullptr);
    result<void> bad = error::malformed_base64;
    BOOST_TEST(!bad);
    BOOST_TEST((bad.error() == error::malformed_base64));
    BOOST_TEST(bad.operator->() == nullptr);
    BOOST_CHECK_THROW(bad.value(), boost::system::system_error);
    BOOST_TEST((ok != bad));
    bad.emplace();
    BOOST_TEST((ok == bad));
    std::ostringstream os;
    os << ok;
    BOOST_TEST(os.str() == "value:void");
}

BOOST_AUTO_TEST_CASE(converts_to_and_from_boost_system_result) {
    // Boost.URL's result, returned where an authwire result is expected …
    auto parse = [](std::string_view s) -> result<boost::urls::url_view> { return boost::urls::parse_uri(s); };
    result<boost::urls::url_view> u = parse("https://as.example/token");
    BOOST_TEST(u->host() == "as.example");
    result<boost::urls::url_view> bad = parse("no scheme");
    BOOST_TEST(bad.has_error());

    // … and ours where boost's is expected, value and error alike.
    boost::system::result<std::string> b = result<std::string>("x");
    BOOST_TEST(*b == "x");
    boost::system::result<std::string> be = result<std::string>(error::malformed_json);
    BOOST_TEST((be.error() == error::malformed_json));
    boost::system::result<void> bv = result<void>(error::malformed_form);
    BOOST_TEST((bv.error() == error::malformed_form));
    result<void> back = bv;
    BOOST_TEST((back.error() == error::malformed_form));

    // Between authwire results of convertible types.
    result<long> widened = result<int>(4);
    BOOST_TEST(*widened == 4);
    outcome<int> lifted = result<int>(error::invalid_argument);
    BOOST_TEST((lifted.error() == error::invalid_argument));
}

// The name parsers stay usable in constant expressions (their successes: an error_code is built at run time).
static_assert(*jose::parse_jws_algorithm("HS256") == jose::jws_algorithm::HS256);
static_assert(*jose::parse_jwe_encryption("A256GCM") == jose::jwe_encryption::A256GCM);
constexpr result<int> constexpr_copy() {
    result<int> a = 1;
    result<int> b = a;
    b.emplace(2);
    return b;
}
static_assert(*constexpr_copy() == 2);

BOOST_AUTO_TEST_SUITE_END()

}  // namespace core_basic_result_test
