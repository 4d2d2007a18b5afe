// The JOSE header / claims scanner (jose/detail/json_scan.hpp) against Boost.JSON through authwire::parse_json:
// on every input — hand-written cases, the fuzz corpora, and single-byte mutations of both — the scanner's "ok"
// must be parse_json's acceptance with the same members in the same order, its "invalid" parse_json's
// rejection; and jwt_claims::parse (scanner first) must agree with the general path (parse_json_object +
// from_json) on acceptance, error and claims, the custom claims' order included.
#include <authwire/jose/detail/json_scan.hpp>
#include <authwire/jose/jwt.hpp>

#include "test_data_dir.hpp"

#include <boost/container/pmr/global_resource.hpp>
#include <boost/container/pmr/memory_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace authwire;
using jose::detail::scan_status;

struct tally {
    std::size_t ok = 0, invalid = 0, unsupported = 0, inputs = 0;
};

// Same members, same order, same values (boost::json::object's == ignores the order).
bool same_in_order(boost::json::object const& a, boost::json::object const& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto const& x = *(a.begin() + static_cast<std::ptrdiff_t>(i));
        auto const& y = *(b.begin() + static_cast<std::ptrdiff_t>(i));
        if (x.key() != y.key() || x.value() != y.value()) return false;
        // int64 vs uint64 vs double must match too (== compares numbers across kinds)
        if (x.value().kind() != y.value().kind()) return false;
    }
    return true;
}

bool same_claims(jose::jwt_claims const& a, jose::jwt_claims const& b) {
    return a.iss == b.iss && a.sub == b.sub && a.aud == b.aud && a.aud_is_array == b.aud_is_array &&
           a.exp == b.exp && a.nbf == b.nbf && a.iat == b.iat && a.jti == b.jti && same_in_order(a.custom, b.custom);
}

void check_one(std::string_view in, json_limits const& lim, tally& t) {
    ++t.inputs;
    jose::detail::scanned_object scanned;
    auto const status = jose::detail::scan_json_object(in, lim, scanned);
    auto const general = parse_json_object(in, lim);
    switch (status) {
    case scan_status::ok: {
        ++t.ok;
        BOOST_TEST_INFO("input: " << in);
        BOOST_REQUIRE(general.has_value());
        auto const built = jose::detail::scan_to_object(scanned, {});
        BOOST_TEST_INFO("input: " << in);
        BOOST_TEST(same_in_order(built, *general));
        break;
    }
    case scan_status::invalid:
        ++t.invalid;
        BOOST_TEST_INFO("input: " << in);
        BOOST_TEST(!general.has_value());
        break;
    case scan_status::unsupported: ++t.unsupported; break;
    }

    // jwt_claims::parse (scanner, streaming, general) against the general path alone.
    jose::jwt_claims fast;
    auto const r = jose::jwt_claims::parse(in, fast, lim, {});
    jose::jwt_claims slow;
    result<void> expected = error::malformed_token;
    if (general) {
        auto copy = *general;
        auto c = jose::jwt_claims::from_json(std::move(copy));
        if (c) slow = std::move(*c);
        expected = c ? result<void>{} : result<void>(c.error());
    } else {
        expected = general.error() == error::wrong_member_type ? error::malformed_token : general.error();
    }
    BOOST_TEST_INFO("claims input: " << in);
    BOOST_TEST(r.has_value() == expected.has_value());
    if (r && expected) {
        BOOST_TEST_INFO("claims input: " << in);
        BOOST_TEST(same_claims(fast, slow));
    } else if (!r && !expected) {
        BOOST_TEST_INFO("claims input: " << in);
        BOOST_TEST(r.error() == expected.error());
    }
}

// The input, then every single-byte deletion and substitutions at every position (`all`: many bytes; else a few).
void check_mutated(std::string const& in, json_limits const& lim, tally& t, bool all = true) {
    check_one(in, lim, t);
    if (in.size() > 600) return;
    static constexpr char few[] = {'"', '\\', ',', '}', '\x80', '\xed'};
    static constexpr char many[] = {'"', '\\', ',', '}', ']', '[', '{', ':', ' ', '0', '-', 'e', '.', 'u',
                                            '\x00', '\x1f', '\x7f', '\x80', '\xbf', '\xc0', '\xc2', '\xe0', '\xed',
                                            '\xef', '\xf0', '\xf4', '\xf5', '\xff'};
    for (std::size_t i = 0; i < in.size(); ++i) {
        std::string d = in;
        d.erase(i, 1);
        check_one(d, lim, t);
        for (char c : all ? std::string_view(many, sizeof many) : std::string_view(few, sizeof few)) {
            if (in[i] == c) continue;
            std::string s = in;
            s[i] = c;
            check_one(s, lim, t);
        }
    }
}

std::vector<std::string> const& hand_written() {
    static std::vector<std::string> const cases = {
        R"({})", R"( { } )", "\t{\r\n}\n", R"({"alg":"HS256","kid":"k1","typ":"at+jwt"})",
        R"({"alg":"dir","enc":"A256GCM","kid":"k1","cty":"JWT"})",
        R"({"iss":"https://auth.example.com","sub":"user-1","aud":"https://mcp.example.com/mcp","exp":1767225600,"iat":1767222000,"jti":"b7Yc2m1fT0qHqgJ1o8n3Kw","client_id":"c","scope":"mcp","api_key":"rp_live_3f9a8c1d2e7b4a60"})",
        R"({"client_id":"c","aud":["a","b"],"iss":"i","x":[],"y":[1,true,null,"s"],"exp":0,"nbf":253402300799})",
        R"({"a":1,"a":2})", R"({"a":1,"b":{"a":1}})", R"({"a":{"b":1,"b":2}})", R"({"a":"\u00e9"})",
        R"({"a":"\ud83d\ude00"})", R"({"a":"\ud83d"})", R"({"a":"\ude00"})", R"({"a":"\ud83d\u0041"})",
        R"({"a":"\x"})", R"({"a":"\u12"})", R"({"a\"b":1})", R"({"a":01})", R"({"a":-0})", R"({"a":-})",
        R"({"a":1.})", R"({"a":1.5})", R"({"a":1e5})", R"({"a":1E+5})", R"({"a":1e})", R"({"a":.5})",
        R"({"a":+1})", R"({"a":123456789012345678})", R"({"a":1234567890123456789})", R"({"a":-123456789012345678})",
        R"({"a":18446744073709551615})", R"({"a":18446744073709551616})", R"({"a":1e999})",
        R"({"a":tru})", R"({"a":truex})", R"({"a":nul})", R"({"a":[1,]})", R"({"a":[,1]})", R"({"a":[[1]]})",
        R"({"a":1,})", R"({,"a":1})", R"({"a" 1})", R"({"a":1}x)", R"({"a":1} {})", R"({"a":1}})", R"([1,2])",
        R"("s")", "1", "", " ", "{", "{\"a\":\"\x01\"}", "{\"a\":\"\xc3\xa9\"}", "{\"a\":\"\xc3\"}",
        "{\"a\":\"\xe0\x80\x80\"}", "{\"a\":\"\xed\xa0\x80\"}", "{\"a\":\"\xf4\x90\x80\x80\"}",
        "{\"a\":\"\xf0\x9f\x98\x80\"}", "{\"\xe2\x82\xac\":1}", "{\"a\":\"\xc0\xaf\"}", R"({"a":"b" /* c */})",
        R"({"aud":[]})", R"({"aud":[1]})", R"({"aud":"x","aud":"y"})", R"({"exp":-1})", R"({"exp":"1"})",
        R"({"exp":1.5})", R"({"exp":253402300800})", R"({"iss":1})", R"({"iss":null})", R"({"sub":["x"]})",
        R"({"iss":"a","sub":"b","aud":"c","exp":1,"nbf":2,"iat":3,"jti":"d","x":1,"y":2,"z":3})",
        R"({"x":1,"jti":"d","y":2,"iss":"a","z":3,"exp":4,"w":5})",
        "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10,\"k\":11,\"l\":12,"
        "\"m\":13,\"n\":14,\"o\":15,\"p\":16,\"q\":17,\"r\":18,\"s\":19,\"t\":20,\"u\":21,\"v\":22,\"w\":23,"
        "\"x\":24,\"y\":25,\"z\":26,\"A\":27,\"B\":28,\"C\":29,\"D\":30,\"E\":31,\"F\":32,\"G\":33}",
    };
    return cases;
}

} // namespace

BOOST_AUTO_TEST_SUITE(jose_json_scan)

BOOST_AUTO_TEST_CASE(scanner_agrees_with_boost_json_on_hand_written_and_mutated_inputs) {
    tally t;
    for (auto const& in : hand_written()) check_mutated(in, {}, t);
    BOOST_TEST_MESSAGE("inputs " << t.inputs << ": ok " << t.ok << ", invalid " << t.invalid << ", unsupported "
                                 << t.unsupported);
    BOOST_TEST(t.ok > 100u);  // the scanner does answer, and both ways
    BOOST_TEST(t.invalid > 1000u);
}

BOOST_AUTO_TEST_CASE(scanner_respects_the_limits) {
    tally t;
    // The depth limit: a flat object with an array needs depth 2; with 1 it is parse_json's to refuse.
    for (std::size_t depth : {0u, 1u, 2u, 3u}) {
        check_one(R"({"a":[1]})", json_limits{1024, depth}, t);
        check_one(R"({"a":1})", json_limits{1024, depth}, t);
    }
    // The size limit, at the boundary.
    std::string const doc = R"({"a":"xyz"})";
    for (std::size_t size : {doc.size() - 1, doc.size(), doc.size() + 1}) check_one(doc, json_limits{size, 8}, t);
    jose::detail::scanned_object o;
    BOOST_TEST((jose::detail::scan_json_object(doc, json_limits{doc.size() - 1, 8}, o) == scan_status::unsupported));
    BOOST_TEST((jose::detail::scan_json_object(doc, json_limits{doc.size(), 8}, o) == scan_status::ok));
    BOOST_TEST((jose::detail::scan_json_object(R"({"a":[1]})", json_limits{1024, 1}, o) == scan_status::unsupported));
}

BOOST_AUTO_TEST_CASE(scanner_agrees_with_boost_json_on_the_fuzz_corpora) {
    namespace fs = std::filesystem;
    fs::path const root = fs::path(authwire_test::test_data_dir()) / ".." / "fuzz" / "corpus";
    BOOST_REQUIRE(fs::is_directory(root));
    tally t;
    std::size_t files = 0;
    for (auto const* dir : {"json", "jwt_claims", "jws", "jwe", "nested", "access_token", "jwk"}) {
        if (!fs::is_directory(root / dir)) continue;
        for (auto const& e : fs::recursive_directory_iterator(root / dir)) {
            if (!e.is_regular_file()) continue;
            std::ifstream f(e.path(), std::ios::binary);
            std::string const in((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
            ++files;
            check_mutated(in, {}, t, false);
            check_one(in, json_limits{1u << 20, 2}, t);
        }
    }
    BOOST_TEST_MESSAGE("corpus files " << files << ", inputs " << t.inputs << ": ok " << t.ok << ", invalid "
                                       << t.invalid << ", unsupported " << t.unsupported);
    BOOST_TEST(files > 20u);
}

// A memory resource that fails (std::bad_alloc) from its n-th allocation on.
class failing_resource final : public boost::container::pmr::memory_resource {
public:
    explicit failing_resource(int allocations_left) : left_(allocations_left) {}

private:
    void* do_allocate(std::size_t n, std::size_t align) override {
        if (left_-- <= 0) throw std::bad_alloc();
        return boost::container::pmr::new_delete_resource()->allocate(n, align);
    }
    void do_deallocate(void* p, std::size_t n, std::size_t align) override {
        boost::container::pmr::new_delete_resource()->deallocate(p, n, align);
    }
    bool do_is_equal(memory_resource const& other) const noexcept override { return this == &other; }
    int left_;
};

// The scratch accessors build deferred members on first access (jwt_scratch::verified() …): when memory runs
// out there, the object is left empty and the members stay pending, so that the next call builds them whole.
BOOST_AUTO_TEST_CASE(a_deferred_object_that_runs_out_of_memory_is_left_empty_and_still_pending) {
    namespace d = authwire::jose::detail;
    d::deferred_object deferred;
    deferred.text = R"({"scope":"a b","tags":["x","y","a string longer than the small buffer"],"n":7})";
    BOOST_REQUIRE(d::scan_json_object(deferred.text, {}, deferred.scan) == d::scan_status::ok);
    deferred.count = deferred.scan.size;
    for (std::size_t i = 0; i < deferred.count; ++i) deferred.order[i] = static_cast<unsigned char>(i);
    deferred.pending = true;
    for (int budget = 0; budget < 3; ++budget) {
        failing_resource r(budget);
        boost::json::object out(&r);
        BOOST_CHECK_THROW(deferred.build_into(out), std::bad_alloc);
        BOOST_TEST(out.empty());
        BOOST_TEST(deferred.pending);
    }
    boost::json::object out;
    deferred.build_into(out);
    BOOST_TEST(!deferred.pending);
    BOOST_TEST(boost::json::serialize(out) ==
               R"({"scope":"a b","tags":["x","y","a string longer than the small buffer"],"n":7})");
}

BOOST_AUTO_TEST_SUITE_END()
