// The MCP layer of the examples (examples/common/): JSON-RPC 2.0 messages, the SSE parser, the JSON Schema
// subset, the Streamable HTTP server endpoint (with the demo's tools) and the client session — against the
// server in memory, and against fake servers that answer with SSE streams or refuse.
#define BOOST_TEST_MODULE examples_mcp
#include <boost/test/unit_test.hpp>

#include "../common/json_schema.hpp"
#include "../common/jsonrpc.hpp"
#include "../common/mcp_client.hpp"
#include "../common/mcp_server.hpp"
#include "../common/sse.hpp"
#include "../demo_server/mcp_tools.hpp"
#include "../mcp_flow/in_memory_executor.hpp"

#include <authwire/core/json.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace aw = authwire;
namespace ex = authwire::examples;
namespace rpc = authwire::examples::jsonrpc;
namespace mcp = authwire::examples::mcp;
using namespace std::chrono_literals;
using namespace std::string_literals;

namespace {

using clock_time = std::chrono::system_clock::time_point;
clock_time const t0 = std::chrono::sys_days{std::chrono::year{2025} / 6 / 2};

boost::json::value json(std::string_view text) {
    return boost::json::parse(text);
}
boost::json::object object_of(aw::http_response const& r) {
    return aw::parse_json_object(r.body).value();
}
std::int64_t error_code_of(aw::http_response const& r) {
    return object_of(r).at("error").at("code").as_int64();
}

rpc::invalid_message invalid(rpc::classified const& c) {
    BOOST_REQUIRE(std::holds_alternative<rpc::invalid_message>(c));
    return std::get<rpc::invalid_message>(c);
}

std::string initialize_body(std::string_view version, int id = 1) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) +
           R"(,"method":"initialize","params":{"protocolVersion":")" + std::string(version) +
           R"(","capabilities":{},"clientInfo":{"name":"test","version":"1"}}})";
}

std::string request_body(std::string_view method, std::string_view params = "", int id = 7) {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":")" + std::string(method) + "\"" +
           (params.empty() ? "" : ",\"params\":" + std::string(params)) + "}";
}

// A POST to the endpoint as a well-behaved client sends it.
aw::http_request mcp_post(std::string body) {
    aw::http_request r;
    r.method = "POST";
    r.url = boost::urls::url("http://127.0.0.1:8080/mcp");
    r.headers.append("Host", "127.0.0.1:8080");
    r.headers.append("Accept", "application/json, text/event-stream");
    r.headers.append("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

// The demo's tools (and one that throws) behind the endpoint of http://127.0.0.1:8080.
struct endpoint {
    ex::job_board board;
    mcp::server server;
    mcp::principal alice{"alice", "client-1"};
    clock_time now = t0;

    explicit endpoint(mcp::server_options o = {})
        : server(std::move(o), mcp::origin_guard::for_origin("http://127.0.0.1:8080").value()) {
        BOOST_REQUIRE(ex::add_demo_tools(server, board));
        BOOST_REQUIRE(server.add_tool({{"explode", "", "throws", {{"type", "object"}}},
                                       [](boost::json::object const&, mcp::tool_context const&) -> mcp::tool_result {
                                           throw std::runtime_error("boom");
                                       }}));
    }

    aw::http_response send(aw::http_request const& r, mcp::principal const& who) { return server.handle(r, who, now); }
    aw::http_response send(aw::http_request const& r) { return send(r, alice); }

    aw::http_response post(std::string body, std::string const& session = "", std::string const& version = "") {
        auto r = mcp_post(std::move(body));
        if (!session.empty()) r.headers.append("Mcp-Session-Id", session);
        if (!version.empty()) r.headers.append("MCP-Protocol-Version", version);
        return send(r);
    }

    // initialize + notifications/initialized; the session id.
    std::string open(std::string_view version = "2025-11-25") {
        auto r = post(initialize_body(version));
        BOOST_REQUIRE_EQUAL(r.status, 200u);
        auto const id = std::string(r.header("Mcp-Session-Id").value_or(""));
        BOOST_REQUIRE(!id.empty());
        BOOST_REQUIRE_EQUAL(post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", id).status, 202u);
        return id;
    }

    // tools/call in session `s`: the JSON-RPC response object.
    boost::json::object call(std::string const& s, std::string_view tool, std::string_view arguments) {
        auto r = post(request_body("tools/call", R"({"name":")" + std::string(tool) + R"(","arguments":)" +
                                                     std::string(arguments) + "}"),
                      s);
        BOOST_REQUIRE_EQUAL(r.status, 200u);
        return object_of(r);
    }
};

}  // namespace

// === JSON-RPC 2.0 ===============================================================================================

BOOST_AUTO_TEST_SUITE(mcp_jsonrpc)

BOOST_AUTO_TEST_CASE(classifies_requests_notifications_and_responses) {
    auto req = rpc::classify(json(R"({"jsonrpc":"2.0","id":"a-1","method":"tools/list","params":{"cursor":"x"}})"));
    BOOST_REQUIRE(std::holds_alternative<rpc::request>(req));
    BOOST_TEST(std::get<rpc::request>(req).id.as_string() == "a-1");
    BOOST_TEST(std::get<rpc::request>(req).method == "tools/list");
    BOOST_TEST(std::get<rpc::request>(req).params->at("cursor").as_string() == "x");

    for (auto const* text :
         {R"({"jsonrpc":"2.0","id":0,"method":"ping"})", R"({"jsonrpc":"2.0","id":-5,"method":"ping"})",
          R"({"jsonrpc":"2.0","id":18446744073709551615,"method":"ping"})",
          R"({"jsonrpc":"2.0","id":1,"method":"m","params":[1,2]})"})
        BOOST_TEST(std::holds_alternative<rpc::request>(rpc::classify(json(text))), text);

    auto note = rpc::classify(json(R"({"jsonrpc":"2.0","method":"notifications/initialized"})"));
    BOOST_REQUIRE(std::holds_alternative<rpc::notification>(note));
    BOOST_TEST(!std::get<rpc::notification>(note).params);

    auto ok = rpc::classify(json(R"({"jsonrpc":"2.0","id":3,"result":{"a":1}})"));
    BOOST_REQUIRE(std::holds_alternative<rpc::response>(ok));
    BOOST_TEST(!std::get<rpc::response>(ok).is_error());
    BOOST_TEST(std::get<rpc::response>(ok).result.at("a").as_int64() == 1);

    auto err = rpc::classify(
        json(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":[1]}})"));
    BOOST_REQUIRE(std::holds_alternative<rpc::response>(err));
    auto const& e = std::get<rpc::response>(err);
    BOOST_REQUIRE(e.is_error());
    BOOST_TEST(e.id.is_null());
    BOOST_TEST(e.error->code == -32700);
    BOOST_TEST(e.error->message == "Parse error");
    BOOST_TEST(e.error->data->as_array().size() == 1u);
    // MCP's schema lets an error response leave the id out.
    BOOST_TEST(std::holds_alternative<rpc::response>(
        rpc::classify(json(R"({"jsonrpc":"2.0","error":{"code":1,"message":""}})"))));
}

BOOST_AUTO_TEST_CASE(anything_else_is_an_invalid_request_with_its_id_when_readable) {
    struct case_t {
        char const* text;
        bool id_readable;
    };
    for (auto const& c : {
             case_t{R"([])", false},
             case_t{R"(1)", false},
             case_t{R"("x")", false},
             case_t{R"({"id":1,"method":"ping"})", true},                      // no jsonrpc
             case_t{R"({"jsonrpc":"1.0","id":1,"method":"ping"})", true},      // wrong version
             case_t{R"({"jsonrpc":2.0,"id":1,"method":"ping"})", true},        // version not a string
             case_t{R"({"jsonrpc":"2.0","id":1,"method":5})", true},           // method not a string
             case_t{R"({"jsonrpc":"2.0","id":null,"method":"ping"})", false},  // MCP: id never null
             case_t{R"({"jsonrpc":"2.0","id":1.5,"method":"ping"})", false},   // not an integer
             case_t{R"({"jsonrpc":"2.0","id":{},"method":"ping"})", false},
             case_t{R"({"jsonrpc":"2.0","id":true,"method":"ping"})", false},
             case_t{R"({"jsonrpc":"2.0","id":1,"method":"ping","params":"x"})", true},  // params not structured
             case_t{R"({"jsonrpc":"2.0","id":1,"method":"ping","extra":1})", true},     // unknown member
             case_t{R"({"jsonrpc":"2.0","id":1})", true},                               // neither request nor response
             case_t{R"({"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}})", true},
             case_t{R"({"jsonrpc":"2.0","result":{}})", false},  // a result needs an id
             case_t{R"({"jsonrpc":"2.0","id":2,"error":{"code":"1","message":"x"}})", true},
             case_t{R"({"jsonrpc":"2.0","id":2,"error":{"code":1.5,"message":"x"}})", true},
             case_t{R"({"jsonrpc":"2.0","id":2,"error":{"code":1}})", true},
             case_t{R"({"jsonrpc":"2.0","id":2,"error":{"code":1,"message":"x","more":1}})", true},
         }) {
        auto const& bad = invalid(rpc::classify(json(c.text)));
        BOOST_TEST(bad.error.code == rpc::code::invalid_request, c.text);
        BOOST_TEST(bad.id.is_null() == !c.id_readable, c.text);
    }
    BOOST_TEST(invalid(rpc::classify(json(R"({"jsonrpc":"1.0","id":"q","method":"ping"})"))).id.as_string() == "q");
}

BOOST_AUTO_TEST_CASE(parse_error_only_for_text_that_is_not_json) {
    BOOST_TEST(invalid(rpc::parse_message("not json")).error.code == rpc::code::parse_error);
    BOOST_TEST(invalid(rpc::parse_message(R"({"jsonrpc":"2.0",)")).error.code == rpc::code::parse_error);
    BOOST_TEST(invalid(rpc::parse_message(R"({"jsonrpc":"2.0","id":1,"id":2,"method":"a"})")).error.code ==
               rpc::code::parse_error);  // duplicate member names: authwire's strict parser refuses them
    BOOST_TEST(invalid(rpc::parse_message(R"({"jsonrpc":"2.0","id":1,"method":"a","params":[[[[1]]]]})",
                                          aw::json_limits{1024, 3}))
                   .error.code == rpc::code::invalid_request);  // too deep for the limits: valid JSON, refused
    BOOST_TEST(invalid(rpc::parse_message(R"([{"jsonrpc":"2.0","method":"a"}])")).error.code ==
               rpc::code::invalid_request);
    BOOST_TEST(std::holds_alternative<rpc::request>(rpc::parse_message(R"({"jsonrpc":"2.0","id":1,"method":"a"})")));
}

BOOST_AUTO_TEST_CASE(serializes_every_kind) {
    BOOST_TEST(rpc::serialize(rpc::request{1, "tools/list", std::nullopt}) ==
               R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
    BOOST_TEST(rpc::serialize(rpc::notification{"n", boost::json::value(boost::json::object{{"a", 1}})}) ==
               R"({"jsonrpc":"2.0","method":"n","params":{"a":1}})");
    BOOST_TEST(rpc::serialize(rpc::make_result("x", boost::json::object{})) ==
               R"({"jsonrpc":"2.0","id":"x","result":{}})");
    BOOST_TEST(rpc::serialize(rpc::make_error(nullptr, rpc::code::parse_error, "Parse error")) ==
               R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}})");
    BOOST_TEST(rpc::serialize(rpc::make_error(2, -32602, "bad", boost::json::value("why"))) ==
               R"({"jsonrpc":"2.0","id":2,"error":{"code":-32602,"message":"bad","data":"why"}})");
    // and back
    auto again = rpc::parse_message(rpc::serialize(rpc::make_error(2, -32602, "bad")));
    BOOST_REQUIRE(std::holds_alternative<rpc::response>(again));
    BOOST_TEST(std::get<rpc::response>(again).error->message == "bad");
}

BOOST_AUTO_TEST_SUITE_END()

// === Server-sent events =========================================================================================

BOOST_AUTO_TEST_SUITE(mcp_sse)

BOOST_AUTO_TEST_CASE(fields_comments_and_multi_line_data) {
    auto events = ex::sse::parse(
                      ": a comment, ignored\n"
                      "event: message\n"
                      "id: 1\n"
                      "data: {\"a\":\n"
                      "data:1}\n"
                      "\n"
                      "data:  two spaces keep one\n"
                      "unknown: field\n"
                      "data\n"
                      "\n"
                      "event: other\n"
                      "data: x\n"
                      "\n"
                      "event: no data\n"
                      "\n"
                      "data: after a dataless event the type is back to message\n"
                      "\n")
                      .value();
    BOOST_REQUIRE_EQUAL(events.size(), 4u);
    BOOST_TEST(events[0].type == "message");
    BOOST_TEST(events[0].data == "{\"a\":\n1}");
    BOOST_TEST(events[0].id == "1");
    BOOST_TEST(events[1].data == " two spaces keep one\n");  // a field with no colon has an empty value
    BOOST_TEST(events[1].id == "1");                         // the last event id persists
    BOOST_TEST(events[2].type == "other");
    BOOST_TEST(events[3].type == "message");
}

BOOST_AUTO_TEST_CASE(lf_crlf_and_cr_line_endings_also_split_between_chunks) {
    for (auto const* stream : {"data: a\n\ndata: b\n\n", "data: a\r\n\r\ndata: b\r\n\r\n", "data: a\r\rdata: b\r\r",
                               "data: a\r\n\ndata: b\r\r\n"}) {
        auto events = ex::sse::parse(stream).value();
        BOOST_REQUIRE_EQUAL(events.size(), 2u);
        BOOST_TEST(events[0].data == "a");
        BOOST_TEST(events[1].data == "b");
    }
    // Fed one byte at a time: a CRLF split between two chunks is one line end, not two.
    std::string const stream =
        "\xEF\xBB\xBF"
        "data: a\r\ndata: b\r\n\r\nid: 7\rdata: c\r\r";
    ex::sse::parser p;
    for (char c : stream) BOOST_REQUIRE(p.feed(std::string_view(&c, 1)));
    auto events = p.take_events();
    BOOST_REQUIRE_EQUAL(events.size(), 2u);
    BOOST_TEST(events[0].data == "a\nb");
    BOOST_TEST(events[1].data == "c");
    BOOST_TEST(events[1].id == "7");
}

BOOST_AUTO_TEST_CASE(an_unterminated_last_event_is_discarded_and_odd_fields_are_ignored) {
    auto events = ex::sse::parse("data: complete\n\ndata: incomplete\n").value();
    BOOST_REQUIRE_EQUAL(events.size(), 1u);
    BOOST_TEST(events[0].data == "complete");

    ex::sse::parser p;
    BOOST_REQUIRE(p.feed("id: with\0nul\nretry: 1500\nretry: soon\nid: ok\ndata: x\n\n"s));
    BOOST_TEST(p.retry().value() == 1500u);
    BOOST_TEST(p.last_event_id() == "ok");
    BOOST_REQUIRE(p.feed("id: bad\0\ndata: y\n\n"s));
    auto events2 = p.take_events();
    BOOST_REQUIRE_EQUAL(events2.size(), 2u);
    BOOST_TEST(events2[1].id == "ok");  // an id with NUL is ignored
}

BOOST_AUTO_TEST_CASE(every_buffer_is_bounded) {
    ex::sse::limits l;
    l.max_stream = 64;
    BOOST_TEST(ex::sse::parse(std::string(65, ':'), l).error() == aw::error::input_too_large);
    l = {};
    l.max_line = 10;
    BOOST_TEST(ex::sse::parse("data: 0123456789\n\n", l).error() == aw::error::input_too_large);
    l = {};
    l.max_data = 8;
    BOOST_TEST(ex::sse::parse("data: 1234\ndata: 5678\n\n", l).error() == aw::error::input_too_large);
    l = {};
    l.max_events = 2;
    BOOST_TEST(ex::sse::parse("data: 1\n\ndata: 2\n\ndata: 3\n\n", l).error() == aw::error::input_too_large);
    ex::sse::parser p(l);
    BOOST_TEST(!p.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n"));
    BOOST_TEST(!p.feed("data: 4\n\n"));  // failed for good
}

BOOST_AUTO_TEST_SUITE_END()

// === JSON Schema subset =========================================================================================

BOOST_AUTO_TEST_SUITE(mcp_json_schema)

BOOST_AUTO_TEST_CASE(types_required_additional_properties_lengths_and_ranges) {
    auto const schema = json(R"({"type":"object","properties":{
        "n":{"type":"integer","minimum":1,"maximum":10},
        "s":{"type":"string","minLength":2,"maxLength":3},
        "e":{"enum":["a","b"]},
        "l":{"type":"array","items":{"type":"string"},"maxItems":2},
        "o":{"type":["string","null"]}},
      "required":["n"],"additionalProperties":false})")
                            .as_object();
    auto check = [&](std::string_view args) { return ex::json_schema::first_violation(json(args), schema); };
    BOOST_TEST(!check(R"({"n":2})"));
    BOOST_TEST(!check(R"({"n":2.0})"));                                     // 2.0 is an integer in JSON Schema
    BOOST_TEST(!check(R"({"n":1,"s":"été","e":"a","l":["x"],"o":null})"));  // 3 code points, 5 bytes
    BOOST_TEST(check(R"({})").value() == "/n: required");
    BOOST_TEST(check(R"({"n":2.5})").value() == "/n: expected integer");
    BOOST_TEST(check(R"({"n":"2"})").value() == "/n: expected integer");
    BOOST_TEST(check(R"({"n":0})").value() == "/n: below the minimum");
    BOOST_TEST(check(R"({"n":11})").value() == "/n: above the maximum");
    BOOST_TEST(check(R"({"n":1,"s":"a"})").value() == "/s: too short");
    BOOST_TEST(check(R"({"n":1,"s":"abcd"})").value() == "/s: too long");
    BOOST_TEST(check(R"({"n":1,"e":"c"})").value() == "/e: not one of the allowed values");
    BOOST_TEST(check(R"({"n":1,"l":["x",1]})").value() == "/l/1: expected string");
    BOOST_TEST(check(R"({"n":1,"l":["x","y","z"]})").value() == "/l: too many items");
    BOOST_TEST(check(R"({"n":1,"o":1})").value() == "/o: expected string or null");
    BOOST_TEST(check(R"({"n":1,"x":1})").value() == "/x: not allowed");
    BOOST_TEST(check(R"([])").value() == "arguments: expected object");
}

BOOST_AUTO_TEST_SUITE_END()

// === The server endpoint ========================================================================================

BOOST_AUTO_TEST_SUITE(mcp_server)

BOOST_AUTO_TEST_CASE(initialize_negotiates_the_version_and_issues_a_session) {
    endpoint e;
    std::vector<std::string> ids;
    for (auto const* asked : {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05", "1999-01-01"}) {
        auto r = e.post(initialize_body(asked));
        BOOST_REQUIRE_EQUAL(r.status, 200u);
        BOOST_TEST(r.content_type() == "application/json");
        auto const body = object_of(r);
        BOOST_TEST(body.at("id").as_int64() == 1);
        auto const& result = body.at("result").as_object();
        std::string const expected = mcp::is_supported_protocol_version(asked) ? asked : "2025-11-25";
        BOOST_TEST(result.at("protocolVersion").as_string() == expected);
        BOOST_TEST(result.at("serverInfo").at("name").as_string() == "authwire-example-server");
        BOOST_TEST(result.at("serverInfo").at("version").as_string() == "0.1.0");
        BOOST_TEST(result.at("capabilities").at("tools").at("listChanged").as_bool() == false);
        auto const id = std::string(r.header("Mcp-Session-Id").value_or(""));
        BOOST_TEST(mcp::is_valid_session_id(id));
        BOOST_TEST(id.size() == 43u);  // 256 random bits
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    BOOST_TEST((std::unique(ids.begin(), ids.end()) == ids.end()));
    BOOST_TEST(e.server.session_count() == 5u);
}

BOOST_AUTO_TEST_CASE(initialize_needs_its_params_and_no_session_id) {
    endpoint e;
    for (auto const* params : {R"({"capabilities":{},"clientInfo":{"name":"t","version":"1"}})",
                               R"({"protocolVersion":"2025-11-25","clientInfo":{"name":"t","version":"1"}})",
                               R"({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t"}})",
                               R"({"protocolVersion":1,"capabilities":{},"clientInfo":{"name":"t","version":"1"}})"}) {
        auto r = e.post(request_body("initialize", params));
        BOOST_TEST(r.status == 200u);
        BOOST_TEST(error_code_of(r) == -32602, params);
        BOOST_TEST(!r.header("Mcp-Session-Id"));
    }
    BOOST_TEST(e.post(request_body("initialize")).status == 200u);
    BOOST_TEST(e.server.session_count() == 0u);
    auto s = e.open();
    auto again = e.post(initialize_body("2025-11-25"), s);
    BOOST_TEST(again.status == 400u);
    BOOST_TEST(error_code_of(again) == -32600);
}

BOOST_AUTO_TEST_CASE(notifications_and_client_responses_are_accepted_without_a_body) {
    endpoint e;
    auto s = e.open();
    for (auto const* body :
         {R"({"jsonrpc":"2.0","method":"notifications/initialized"})",
          R"({"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":3}})",
          R"({"jsonrpc":"2.0","method":"anything/else"})", R"({"jsonrpc":"2.0","id":"s-1","result":{}})",
          R"({"jsonrpc":"2.0","id":"s-2","error":{"code":-1,"message":"no"}})"}) {
        auto r = e.post(body, s);
        BOOST_TEST(r.status == 202u, body);
        BOOST_TEST(r.body.empty());
    }
}

BOOST_AUTO_TEST_CASE(sessions_are_required_and_end) {
    endpoint e;
    auto no_session = e.post(request_body("tools/list"));
    BOOST_TEST(no_session.status == 400u);
    BOOST_TEST(object_of(no_session).at("id").is_null());
    BOOST_TEST(e.post(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").status == 400u);
    auto ping = e.post(request_body("ping"));  // lifecycle: ping is allowed before initialization
    BOOST_TEST(ping.status == 200u);
    BOOST_TEST(object_of(ping).at("result").as_object().empty());

    auto s = e.open();
    BOOST_TEST(e.post(request_body("tools/list"), s).status == 200u);
    auto unknown = e.post(request_body("tools/list"), "not-a-session");
    BOOST_TEST(unknown.status == 404u);
    BOOST_TEST(error_code_of(unknown) == rpc::code::session_not_found);

    // Bound to who opened it: another user's (or another client's) token with this id finds nothing.
    auto in_session = mcp_post(request_body("tools/list"));
    in_session.headers.append("Mcp-Session-Id", s);
    mcp::principal const bob{"bob", "client-1"};
    mcp::principal const alice_elsewhere{"alice", "client-2"};
    BOOST_TEST(e.send(in_session, bob).status == 404u);
    BOOST_TEST(e.send(in_session, alice_elsewhere).status == 404u);
    BOOST_TEST(e.post(request_body("tools/list"), s).status == 200u);  // and the session is still alice's

    auto del = mcp_post("");
    del.method = "DELETE";
    BOOST_TEST(e.send(del).status == 400u);  // no id
    del.headers.append("Mcp-Session-Id", s);
    auto ended = e.send(del);
    BOOST_TEST(ended.status == 204u);
    BOOST_TEST(ended.body.empty());
    BOOST_TEST(e.post(request_body("tools/list"), s).status == 404u);
    BOOST_TEST(e.send(del).status == 404u);
    BOOST_TEST(e.server.session_count() == 0u);
}

BOOST_AUTO_TEST_CASE(sessions_are_bounded_and_expire_when_idle) {
    mcp::server_options o;
    o.max_sessions = 2;
    o.idle_timeout = 10min;
    endpoint e(o);
    auto a = e.open();
    e.now += 1s;
    auto b = e.open();
    e.now += 1s;
    BOOST_TEST(e.post(request_body("ping"), a).status == 200u);  // a is now the most recently used
    auto c = e.open();                                           // evicts b, the least recently used
    BOOST_TEST(e.server.session_count() == 2u);
    BOOST_TEST(e.post(request_body("ping"), b).status == 404u);
    BOOST_TEST(e.post(request_body("ping"), a).status == 200u);
    BOOST_TEST(e.post(request_body("ping"), c).status == 200u);
    e.now += 10min;
    BOOST_TEST(e.post(request_body("ping"), a).status == 404u);  // idle for the whole timeout
}

BOOST_AUTO_TEST_CASE(protocol_version_header_is_checked) {
    endpoint e;
    auto s = e.open("2025-06-18");
    BOOST_TEST(e.post(request_body("tools/list"), s, "2025-06-18").status == 200u);
    BOOST_TEST(e.post(request_body("tools/list"), s).status == 200u);                // absent: the session's version
    BOOST_TEST(e.post(request_body("tools/list"), s, "2025-11-25").status == 400u);  // not the negotiated one
    BOOST_TEST(e.post(request_body("tools/list"), s, "2024-11-05").status == 400u);  // not supported
    BOOST_TEST(e.post(request_body("tools/list"), s, "banana").status == 400u);
    BOOST_TEST(e.post(request_body("ping"), "", "banana").status == 400u);  // also without a session
    BOOST_TEST(e.post(request_body("ping"), "", "2025-06-18").status == 200u);
    auto twice = mcp_post(request_body("ping"));
    twice.headers.append("Mcp-Session-Id", s);
    twice.headers.append("Mcp-Session-Id", s);
    BOOST_TEST(e.send(twice).status == 400u);
}

BOOST_AUTO_TEST_CASE(batches_only_in_2025_03_26) {
    endpoint e;
    auto old = e.open("2025-03-26");
    auto r = e.post(R"([)" + request_body("tools/list", "", 1) + "," +
                        R"({"jsonrpc":"2.0","method":"notifications/progress"},)" + request_body("ping", "", 2) +
                        R"(,1,)" + initialize_body("2025-03-26", 3) + "]",
                    old);
    BOOST_REQUIRE_EQUAL(r.status, 200u);
    auto const replies = aw::parse_json(r.body).value().as_array();
    BOOST_REQUIRE_EQUAL(replies.size(), 4u);
    BOOST_TEST(replies[0].at("id").as_int64() == 1);
    BOOST_TEST(replies[0].at("result").at("tools").as_array().size() == 6u);
    BOOST_TEST(replies[1].at("id").as_int64() == 2);
    BOOST_TEST(replies[2].at("error").at("code").as_int64() == -32600);  // 1 is not a message
    BOOST_TEST(replies[2].at("id").is_null());
    BOOST_TEST(replies[3].at("id").as_int64() == 3);
    BOOST_TEST(replies[3].at("error").at("code").as_int64() == -32600);  // initialize is never batched

    auto notes = e.post(R"([{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","id":9,"result":{}}])", old);
    BOOST_TEST(notes.status == 202u);
    BOOST_TEST(notes.body.empty());
    auto empty = e.post("[]", old);
    BOOST_TEST(empty.status == 400u);
    BOOST_TEST(error_code_of(empty) == -32600);

    for (auto const* version : {"2025-06-18", "2025-11-25"}) {
        auto s = e.open(version);
        auto refused = e.post("[" + request_body("ping") + "]", s);
        BOOST_TEST(refused.status == 400u, version);
        BOOST_TEST(error_code_of(refused) == -32600, version);
    }
    BOOST_TEST(e.post("[" + request_body("ping") + "]", "", "2025-11-25").status == 400u);
    BOOST_TEST(e.post("[" + request_body("ping") + "]").status == 400u);  // 2025-03-26 assumed, but no session
}

BOOST_AUTO_TEST_CASE(host_and_origin_are_checked_against_dns_rebinding) {
    endpoint e;
    auto s = e.open();
    auto with = [&](std::string host, std::string origin) {
        auto r = mcp_post(request_body("ping"));
        r.headers.erase("Host");
        if (!host.empty()) r.headers.append("Host", host);
        if (!origin.empty()) r.headers.append("Origin", origin);
        return e.send(r);
    };
    for (auto const* host : {"127.0.0.1:8080", "localhost:8080", "LocalHost:8080", "[::1]:8080"})
        BOOST_TEST(with(host, "").status == 200u, host);
    for (auto const* host :
         {"", "evil.example", "evil.example:8080", "127.0.0.1:8081", "127.0.0.1", "u@127.0.0.1:8080"})
        BOOST_TEST(with(host, "").status == 403u, host);
    for (auto const* origin : {"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080"})
        BOOST_TEST(with("127.0.0.1:8080", origin).status == 200u, origin);
    for (auto const* origin : {"http://evil.example", "null", "https://127.0.0.1:8080", "http://127.0.0.1:9999",
                               "http://127.0.0.1:8080/path"})
        BOOST_TEST(with("127.0.0.1:8080", origin).status == 403u, origin);
    auto refused = with("evil.example", "");
    BOOST_TEST(error_code_of(refused) == rpc::code::server_error);
    BOOST_TEST(object_of(refused).at("id").is_null());
    auto get = mcp_post("");
    get.method = "GET";
    get.headers.set("Host", "evil.example");
    BOOST_TEST(e.send(get).status == 403u);  // before anything else

    auto public_guard =
        mcp::origin_guard::for_origin("https://mcp.example", {"proxy.example:8443"}, {"https://app.example"}).value();
    BOOST_TEST(public_guard.allows_host("mcp.example"));
    BOOST_TEST(public_guard.allows_host("mcp.example:443"));
    BOOST_TEST(public_guard.allows_host("MCP.example"));
    BOOST_TEST(!public_guard.allows_host("localhost:443"));  // not on loopback: no loopback names
    BOOST_TEST(public_guard.allows_host("proxy.example:8443"));
    BOOST_TEST(!public_guard.allows_host("proxy.example"));
    BOOST_TEST(public_guard.allows_origin("https://mcp.example"));
    BOOST_TEST(public_guard.allows_origin("https://app.example:443"));
    BOOST_TEST(!public_guard.allows_origin("http://app.example"));
    BOOST_TEST(!mcp::origin_guard::for_origin("https://mcp.example", {"bad host"}));
    BOOST_TEST(!mcp::origin_guard::for_origin("https://mcp.example", {}, {"app.example"}));
    BOOST_TEST(!mcp::origin_guard::for_origin("not an origin"));
}

BOOST_AUTO_TEST_CASE(methods_media_types_and_accept) {
    endpoint e;
    for (auto const* method : {"GET", "PUT", "PATCH"}) {
        auto r = mcp_post("");
        r.method = method;
        auto answer = e.send(r);
        BOOST_TEST(answer.status == 405u, method);
        BOOST_TEST(answer.header("Allow").value_or("") == "POST, DELETE");
    }
    auto with = [&](std::string_view name, std::string_view value) {
        auto r = mcp_post(request_body("ping"));
        r.headers.erase(name);
        if (!value.empty()) r.headers.append(name, value);
        return e.send(r).status;
    };
    BOOST_TEST(with("Content-Type", "text/plain") == 415u);
    BOOST_TEST(with("Content-Type", "") == 415u);
    BOOST_TEST(with("Content-Type", "application/json-seq") == 415u);
    BOOST_TEST(with("Content-Type", "Application/JSON; charset=utf-8") == 200u);
    BOOST_TEST(with("Accept", "") == 406u);
    BOOST_TEST(with("Accept", "application/json") == 406u);
    BOOST_TEST(with("Accept", "text/event-stream") == 406u);
    BOOST_TEST(with("Accept", "application/json, text/event-stream;q=0") == 406u);
    BOOST_TEST(with("Accept", "*/*, text/event-stream;q=0.000") == 406u);
    BOOST_TEST(with("Accept", "text/event-stream, application/json;q=0.5") == 200u);
    BOOST_TEST(with("Accept", "application/*, text/*") == 200u);
    BOOST_TEST(with("Accept", "*/*") == 200u);
    BOOST_TEST(with("Accept", "*/*;q=0, application/json, text/event-stream") == 200u);
}

BOOST_AUTO_TEST_CASE(jsonrpc_error_codes) {
    endpoint e;
    auto s = e.open();
    auto status_and_code = [&](std::string body) {
        auto r = e.post(std::move(body), s);
        return std::pair{r.status, error_code_of(r)};
    };
    BOOST_TEST((status_and_code("not json") == std::pair{400u, std::int64_t{-32700}}));
    BOOST_TEST((status_and_code(R"({"jsonrpc":"2.0","id":1,"id":2,"method":"ping"})") ==
                std::pair{400u, std::int64_t{-32700}}));
    BOOST_TEST(
        (status_and_code(R"({"jsonrpc":"1.0","id":1,"method":"ping"})") == std::pair{400u, std::int64_t{-32600}}));
    BOOST_TEST(
        (status_and_code(R"({"jsonrpc":"2.0","id":{},"method":"ping"})") == std::pair{400u, std::int64_t{-32600}}));
    BOOST_TEST((status_and_code(R"({"jsonrpc":"2.0","id":1,"method":5})") == std::pair{400u, std::int64_t{-32600}}));
    BOOST_TEST((status_and_code(R"("just a string")") == std::pair{400u, std::int64_t{-32600}}));
    BOOST_TEST((status_and_code(request_body("resources/list")) == std::pair{200u, std::int64_t{-32601}}));
    BOOST_TEST((status_and_code(request_body("tools/list", "[1]")) == std::pair{200u, std::int64_t{-32602}}));
    BOOST_TEST((status_and_code(request_body("tools/list", R"({"cursor":"page-2"})")) ==
                std::pair{200u, std::int64_t{-32602}}));
    auto bad = e.post(R"({"jsonrpc":"1.0","id":"x","method":"ping"})", s);
    BOOST_TEST(object_of(bad).at("id").as_string() == "x");  // echoed when readable
    auto unknown = object_of(e.post(request_body("nope", "", 42), s));
    BOOST_TEST(unknown.at("id").as_int64() == 42);

    std::string deep(40, '[');
    deep += std::string(40, ']');
    auto too_deep = e.post(deep, s);
    BOOST_TEST(too_deep.status == 400u);
    BOOST_TEST(error_code_of(too_deep) == -32600);
    mcp::server_options small;
    small.limits.max_size = 100;
    endpoint e2(small);
    BOOST_TEST(e2.post(initialize_body("2025-11-25") + std::string(100, ' ')).status == 413u);
}

BOOST_AUTO_TEST_CASE(tools_list_and_call) {
    endpoint e;
    auto s = e.open();
    auto list = object_of(e.post(request_body("tools/list"), s)).at("result").as_object();
    BOOST_TEST(!list.contains("nextCursor"));
    auto const& tools = list.at("tools").as_array();
    BOOST_REQUIRE_EQUAL(tools.size(), 6u);
    BOOST_TEST(tools[0].at("name").as_string() == "search_jobs");
    BOOST_TEST(tools[0].at("inputSchema").at("required").as_array()[0].as_string() == "query");
    for (auto const& t : tools) BOOST_TEST(t.at("inputSchema").at("type").as_string() == "object");

    auto found = e.call(s, "search_jobs", R"({"query":"OAuth"})").at("result").as_object();
    BOOST_TEST(!found.contains("isError"));
    BOOST_TEST(found.at("content").as_array()[0].at("type").as_string() == "text");
    BOOST_TEST(
        found.at("content").as_array()[0].at("text").as_string().starts_with("J-102  Security Engineer (OAuth)"));
    BOOST_TEST(found.at("structuredContent").at("jobs").as_array().size() == 1u);
    auto remote = e.call(s, "search_jobs", R"({"query":"c++","location":"remote"})").at("result");
    BOOST_TEST(remote.at("structuredContent").at("jobs").as_array().size() == 1u);  // J-108
    auto none = e.call(s, "search_jobs", R"({"query":"cobol"})").at("result");
    BOOST_TEST(none.at("content").as_array()[0].at("text").as_string() == "No job matches.");

    // A tool that fails on valid input: a result with isError, not a JSON-RPC error.
    auto missing = e.call(s, "get_job", R"({"id":"J-999"})").at("result").as_object();
    BOOST_TEST(missing.at("isError").as_bool());
    BOOST_TEST(missing.at("content").as_array()[0].at("text").as_string() == "No job with id J-999 on the board.");
    BOOST_TEST(
        e.call(s, "get_job", R"({"id":"J-101"})").at("result").at("structuredContent").at("company").as_string() ==
        "Acme Robotics");
    BOOST_TEST(e.call(s, "add", R"({"a":2.0,"b":3})").at("result").at("content").as_array()[0].at("text").as_string() ==
               "5");
    BOOST_TEST(e.call(s, "add", R"({"a":9223372036854775807,"b":1})").at("result").at("isError").as_bool());

    // The signed-in subject reaches the tools.
    BOOST_TEST(e.call(s, "list_applications", "{}")
                   .at("result")
                   .at("content")
                   .as_array()[0]
                   .at("text")
                   .as_string()
                   .starts_with("Applications of alice:\nJ-102"));

    // The write tool (the demo server requires mcp:write for it): applies once per job, as the subject.
    auto text = [](boost::json::object const& o) {
        return std::string(o.at("result").at("content").as_array()[0].at("text").as_string());
    };
    BOOST_TEST(ex::is_write_tool("apply_to_job"));
    BOOST_TEST(!ex::is_write_tool("get_job"));
    BOOST_TEST(text(e.call(s, "apply_to_job", R"({"id":"J-104"})")).starts_with("Applied to J-104"));
    BOOST_TEST(text(e.call(s, "apply_to_job", R"({"id":"J-104"})")).starts_with("alice already applied to J-104"));
    BOOST_TEST(e.call(s, "apply_to_job", R"({"id":"J-999"})").at("result").at("isError").as_bool());
    BOOST_TEST(text(e.call(s, "list_applications", "{}"))
                   .ends_with("J-104  Site Reliability Engineer — Fabrikam Cloud (Dublin): submitted"));
    BOOST_TEST(e.board.applications.at("alice").size() == 3u);

    // Protocol errors: unknown tool, malformed params, a tool that throws.
    auto code = [](boost::json::object const& o) { return o.at("error").at("code").as_int64(); };
    BOOST_TEST(code(e.call(s, "no_such_tool", "{}")) == -32602);
    BOOST_TEST(code(e.call(s, "search_jobs", "[1]")) == -32602);  // arguments not an object
    BOOST_TEST(code(object_of(e.post(request_body("tools/call", R"({"arguments":{}})"), s))) == -32602);
    BOOST_TEST(code(object_of(e.post(request_body("tools/call", R"({"name":1})"), s))) == -32602);
    auto thrown = e.call(s, "explode", "{}");
    BOOST_TEST(code(thrown) == -32603);
    BOOST_TEST(thrown.at("error").at("message").as_string() == "Internal error");  // nothing of the exception leaks
    auto const list_for_bob = [&] {
        auto r = mcp_post(request_body(
            "initialize",
            R"({"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"b","version":"1"}})"));
        auto init = e.send(r, {"bob", "client-9"});
        auto bob = std::string(init.header("Mcp-Session-Id").value_or(""));
        auto call = mcp_post(request_body("tools/call", R"({"name":"list_applications"})"));
        call.headers.append("Mcp-Session-Id", bob);
        return object_of(e.send(call, {"bob", "client-9"}));
    }();
    BOOST_TEST(list_for_bob.at("result").at("content").as_array()[0].at("text").as_string() ==
               "No applications for bob.");
}

BOOST_AUTO_TEST_CASE(arguments_that_break_the_schema_per_version) {
    endpoint e;
    // 2025-11-25 (SEP-1303): input validation errors are tool execution errors, so the model can correct itself.
    auto latest = e.open("2025-11-25");
    for (auto const* args : {R"({})", R"({"query":5})", R"({"query":""})", R"({"query":"x","extra":1})"}) {
        auto r = e.call(latest, "search_jobs", args);
        BOOST_TEST(r.at("result").at("isError").as_bool(), args);
        BOOST_TEST(r.at("result").at("content").as_array()[0].at("text").as_string().starts_with(
                       "Invalid arguments for tool search_jobs: "),
                   args);
    }
    BOOST_TEST(e.call(latest, "search_jobs", R"({})").at("result").at("content").as_array()[0].at("text").as_string() ==
               "Invalid arguments for tool search_jobs: /query: required");
    BOOST_TEST(e.call(latest, "add", R"({"a":"2","b":3})").at("result").at("isError").as_bool());
    BOOST_TEST(e.call(latest, "add", R"({"a":2.5,"b":3})").at("result").at("isError").as_bool());
    // Earlier versions: invalid arguments are a protocol error.
    for (auto const* version : {"2025-06-18", "2025-03-26"}) {
        auto s = e.open(version);
        auto r = e.call(s, "search_jobs", R"({"query":5})");
        BOOST_TEST(r.at("error").at("code").as_int64() == -32602, version);
        BOOST_TEST(r.at("error").at("message").as_string() ==
                   "Invalid params: Invalid arguments for tool search_jobs: /query: expected string");
    }
}

BOOST_AUTO_TEST_CASE(tool_names_are_checked_when_registered) {
    endpoint e;
    auto named = [](std::string name) {
        return mcp::tool{{std::move(name), "", "", {{"type", "object"}}},
                         [](boost::json::object const&, mcp::tool_context const&) { return mcp::tool_result{}; }};
    };
    BOOST_TEST(!e.server.add_tool(named("search_jobs")));  // taken
    BOOST_TEST(!e.server.add_tool(named("")));
    BOOST_TEST(!e.server.add_tool(named("with space")));
    BOOST_TEST(!e.server.add_tool(named(std::string(129, 'a'))));
    BOOST_TEST(e.server.add_tool(named("admin.tools-list_v2")).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

// === The client session =========================================================================================

BOOST_AUTO_TEST_SUITE(mcp_client)

namespace {

// The endpoint behind an in-memory executor, every request kept.
struct wired {
    endpoint server;
    ex::in_memory_executor http;
    std::vector<aw::http_request> sent;
    mcp::principal who{"alice", "client-1"};
    wired() {
        http.serve("http://127.0.0.1:8080", [this](aw::http_request const& r) {
            sent.push_back(r);
            return server.send(r, who);
        });
    }
};

aw::http_response json_response(std::string body, unsigned status = 200) {
    aw::http_response r;
    r.status = status;
    r.headers.append("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

aw::http_response sse_response(std::string body) {
    aw::http_response r;
    r.status = 200;
    r.headers.append("Content-Type", "text/event-stream");
    r.body = std::move(body);
    return r;
}

aw::http_response status_only(unsigned status) {
    aw::http_response r;
    r.status = status;
    return r;
}

std::int64_t id_of(aw::http_request const& r) {
    return aw::parse_json_object(r.body).value().at("id").as_int64();
}
std::string method_of(aw::http_request const& r) {
    return std::string(aw::parse_json_object(r.body).value().at("method").as_string());
}

std::string initialize_result(std::int64_t id, std::string_view version = "2025-11-25") {
    return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"result":{"protocolVersion":")" +
           std::string(version) + R"(","capabilities":{"tools":{}},"serverInfo":{"name":"fake","version":"9"}}})";
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_whole_session_against_the_server_in_memory) {
    wired w;
    mcp::client_session c("http://127.0.0.1:8080/mcp");
    BOOST_TEST(c.list_tools(w.http).error() == mcp::client_errc::not_initialized);
    auto init = c.initialize(w.http).value();
    BOOST_REQUIRE(init.ok());
    BOOST_TEST(init.result().protocol_version == "2025-11-25");
    BOOST_TEST(init.result().server_info.name == "authwire-example-server");
    BOOST_TEST(c.ready());
    BOOST_REQUIRE(c.session_id());
    BOOST_REQUIRE_EQUAL(w.sent.size(), 2u);
    auto const& first = w.sent[0];
    BOOST_TEST(method_of(first) == "initialize");
    BOOST_TEST(first.header("Content-Type").value_or("") == "application/json");
    BOOST_TEST(first.header("Accept").value_or("") == "application/json, text/event-stream");
    BOOST_TEST(!first.header("Mcp-Session-Id"));
    BOOST_TEST(!first.header("MCP-Protocol-Version"));
    auto const params = aw::parse_json_object(first.body).value().at("params").as_object();
    BOOST_TEST(params.at("protocolVersion").as_string() == "2025-11-25");
    BOOST_TEST(params.at("capabilities").as_object().empty());
    BOOST_TEST(params.at("clientInfo").at("name").as_string() == "authwire-example-client");
    BOOST_TEST(method_of(w.sent[1]) == "notifications/initialized");
    BOOST_TEST(w.sent[1].header("Mcp-Session-Id").value_or("") == *c.session_id());
    BOOST_TEST(w.sent[1].header("MCP-Protocol-Version").value_or("") == "2025-11-25");
    BOOST_TEST(c.initialize(w.http).value().ok());  // ready: no request
    BOOST_TEST(w.sent.size() == 2u);

    auto tools = c.list_tools(w.http).value();
    BOOST_REQUIRE(tools.ok());
    BOOST_TEST(tools.result().size() == 6u);
    BOOST_TEST(tools.result()[1].name == "get_job");
    BOOST_TEST(tools.result()[1].input_schema.at("required").as_array()[0].as_string() == "id");

    auto found = c.call_tool(w.http, "get_job", {{"id", "J-104"}}).value();
    BOOST_REQUIRE(found.ok());
    BOOST_TEST(!found.result().is_error);
    BOOST_TEST(found.result().text().starts_with("J-104  Site Reliability Engineer"));
    BOOST_TEST(found.result().structured_content->at("location").as_string() == "Dublin");
    auto failed = c.call_tool(w.http, "get_job", {{"id", "nope"}}).value();
    BOOST_REQUIRE(failed.ok());
    BOOST_TEST(failed.result().is_error);
    auto unknown = c.call_tool(w.http, "nope").value();
    BOOST_REQUIRE(unknown.rpc_error());
    BOOST_TEST(unknown.rpc_error()->code == -32602);
    BOOST_TEST(unknown.describe() == "JSON-RPC error -32602: Unknown tool: nope");
    BOOST_TEST(c.ping(w.http).value().ok());
    auto generic = c.call(w.http, "resources/list").value();
    BOOST_TEST(generic.rpc_error()->code == -32601);

    // Every request of the session carried its id and version, each with a new JSON-RPC id.
    std::vector<std::int64_t> ids;
    for (auto const& r : w.sent) {
        if (method_of(r) == "initialize") continue;
        BOOST_TEST(r.header("Mcp-Session-Id").value_or("") == *c.session_id());
        BOOST_TEST(r.header("MCP-Protocol-Version").value_or("") == "2025-11-25");
        if (method_of(r) != "notifications/initialized") ids.push_back(id_of(r));
    }
    std::sort(ids.begin(), ids.end());
    BOOST_TEST((std::unique(ids.begin(), ids.end()) == ids.end()));

    auto const id = *c.session_id();
    BOOST_TEST(c.close(w.http).value().ok());
    BOOST_TEST(w.sent.back().method == "DELETE");
    BOOST_TEST(w.sent.back().header("Mcp-Session-Id").value_or("") == id);
    BOOST_TEST(!c.session_id());
    BOOST_TEST(!c.ready());
    BOOST_TEST(w.server.server.session_count() == 0u);
}

BOOST_AUTO_TEST_CASE(an_expired_session_is_reported_and_a_new_one_started) {
    wired w;
    mcp::client_session c("http://127.0.0.1:8080/mcp");
    BOOST_REQUIRE(c.initialize(w.http).value().ok());
    auto const old = *c.session_id();
    w.server.now += 2h;  // idle for longer than the server keeps sessions
    auto gone = c.list_tools(w.http).value();
    BOOST_TEST(gone.session_expired());
    BOOST_TEST(!c.session_id());  // forgotten: the next initialize() starts a new session
    BOOST_TEST(c.list_tools(w.http).error() == mcp::client_errc::not_initialized);
    BOOST_REQUIRE(c.initialize(w.http).value().ok());
    BOOST_TEST(!w.sent[w.sent.size() - 2].header("Mcp-Session-Id"));  // the new initialize carried no id
    BOOST_TEST(*c.session_id() != old);
    BOOST_TEST(c.list_tools(w.http).value().ok());
}

BOOST_AUTO_TEST_CASE(an_oauth_layer_can_authenticate_and_repeat_the_call) {
    // Like the conformance mocks built on the TypeScript SDK: initialize passes without a token, tools/list needs
    // one (401 with a Bearer challenge), and so may the initialized notification.
    int refused_notifications = 1;
    ex::in_memory_executor http;
    std::vector<aw::http_request> sent;
    http.serve("https://rs.example", [&](aw::http_request const& r) {
        sent.push_back(r);
        auto const authorized = r.header("Authorization").value_or("") == "Bearer good-token";
        auto const method = method_of(r);
        auto challenge = [] {
            auto a = json_response(R"({"error":"invalid_token"})", 401);
            a.headers.append("WWW-Authenticate", R"(Bearer resource_metadata="https://rs.example/.well-known/x")");
            return a;
        };
        if (method == "initialize") {
            auto a = json_response(initialize_result(id_of(r)));
            a.headers.append("Mcp-Session-Id", "s-1");
            return a;
        }
        if (method == "notifications/initialized") {
            if (refused_notifications-- > 0) return challenge();
            return status_only(202);
        }
        if (!authorized) return challenge();
        return json_response(R"({"jsonrpc":"2.0","id":)" + std::to_string(id_of(r)) +
                             R"(,"result":{"tools":[{"name":"t","inputSchema":{"type":"object"}}]}})");
    });
    mcp::client_session c("https://rs.example/mcp");
    auto first = c.initialize(http).value();
    BOOST_REQUIRE(first.unauthorized());  // the notification was refused
    BOOST_TEST(first.http_refusal()->header("WWW-Authenticate").value_or("").starts_with("Bearer resource_metadata="));
    BOOST_TEST(!c.ready());
    auto second = c.initialize(http).value();  // only the notification is sent again
    BOOST_REQUIRE(second.ok());
    BOOST_TEST(sent.size() == 3u);
    BOOST_TEST(method_of(sent[2]) == "notifications/initialized");

    auto list = c.list_tools(http).value();
    BOOST_REQUIRE(list.unauthorized());
    BOOST_TEST(!list.session_expired());
    c.set_bearer_token(aw::secret("good-token"));  // ... after the OAuth flow ...
    auto again = c.list_tools(http).value();       // the same call again
    BOOST_REQUIRE(again.ok());
    BOOST_TEST(again.result()[0].name == "t");
    BOOST_TEST(sent.back().header("Authorization").value_or("") == "Bearer good-token");
    BOOST_TEST(id_of(sent.back()) != id_of(sent[sent.size() - 2]));  // a new JSON-RPC id for the new attempt

    // A hook sees every request, and its failure stops the call before anything is sent.
    auto const before = sent.size();
    c.set_authorizer([](aw::http_request&) -> aw::result<void> { return aw::error::token_expired; });
    BOOST_TEST(c.list_tools(http).error() == aw::error::token_expired);
    BOOST_TEST(sent.size() == before);
    c.set_bearer_token(aw::secret("not a b64token!"));
    BOOST_TEST(!c.list_tools(http));

    // An initialize refused outright (401) is returned as is, nothing kept.
    ex::in_memory_executor closed;
    closed.serve("https://rs.example", [](aw::http_request const&) { return status_only(401); });
    mcp::client_session c2("https://rs.example/mcp");
    auto no = c2.initialize(closed).value();
    BOOST_TEST(no.unauthorized());
    BOOST_TEST(!no.sent_session_id);
    BOOST_TEST(!c2.session_id());
}

BOOST_AUTO_TEST_CASE(reads_answers_from_sse_streams) {
    ex::in_memory_executor http;
    std::vector<aw::http_request> sent;
    http.serve("https://sse.example", [&](aw::http_request const& r) {
        sent.push_back(r);
        if (r.method == "DELETE") return status_only(405);  // the server does not let clients end sessions
        auto const method = method_of(r);
        if (method == "notifications/initialized") return status_only(202);
        auto const id = std::to_string(id_of(r));
        if (method == "initialize")
            // A priming event (id, empty data), a comment, a notification, an event of another type, an answer to
            // another id, then ours — with CRLF line ends.
            return sse_response(
                "id: p-0\r\ndata:\r\n\r\n"
                ": keep-alive\r\n\r\n"
                "event: message\r\nid: p-1\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\","
                "\"params\":{\"level\":\"info\",\"data\":\"hello\"}}\r\n\r\n"
                "event: endpoint\r\ndata: " +
                initialize_result(std::stoll(id), "2025-03-26") +
                "\r\n\r\n"
                "data: {\"jsonrpc\":\"2.0\",\"id\":999,\"result\":{}}\r\n\r\n"
                "event: message\r\ndata: " +
                initialize_result(std::stoll(id), "2025-06-18") + "\r\n\r\n");
        if (method == "tools/list") {
            auto const params = aw::parse_json_object(r.body).value().at("params").as_object();
            if (!params.contains("cursor"))
                return sse_response(
                    "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"
                    "data: {\"jsonrpc\":\"2.0\",\"id\":\"srv-1\",\"method\":\"ping\"}\n\n"  // a server request
                    "data: {\"jsonrpc\":\"2.0\",\"id\":" +
                    id +
                    ",\"result\":{\"tools\":[{\"name\":\"a\",\"inputSchema\":{\"type\":\"object\"}},"
                    "{\"name\":\"b\",\"inputSchema\":{\"type\":\"object\"}}],\"nextCursor\":\"p2\"}}\n\n");
            return sse_response(
                "data: {\"jsonrpc\":\"2.0\",\"id\":" + id +
                ",\n"  // a JSON document over two data lines
                "data: \"result\":{\"tools\":[{\"name\":\"c\",\"inputSchema\":{\"type\":\"object\"}}]}}\n\n");
        }
        if (method == "tools/call")
            return sse_response("data: {\"jsonrpc\":\"2.0\",\"id\":" + id +
                                ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"one\"},{\"type\":\"image\","
                                "\"data\":\"AA==\",\"mimeType\":\"image/png\"},{\"type\":\"text\",\"text\":\"two\"}],"
                                "\"isError\":false}}\n\n");
        // ping: the response, but without the blank line that ends the event — discarded, as the standard says
        return sse_response("data: {\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}\n");
    });
    mcp::client_session c("https://sse.example/mcp");
    auto init = c.initialize(http).value();
    BOOST_REQUIRE(init.ok());
    BOOST_TEST(init.result().protocol_version == "2025-06-18");  // from the "message" event with our id
    BOOST_TEST(!c.session_id());                                 // a server without sessions
    auto tools = c.list_tools(http).value();
    BOOST_REQUIRE(tools.ok());
    BOOST_REQUIRE_EQUAL(tools.result().size(), 3u);
    BOOST_TEST(tools.result()[2].name == "c");
    BOOST_TEST(aw::parse_json_object(sent[3].body).value().at("params").at("cursor").as_string() == "p2");
    for (auto const& r : sent) BOOST_TEST(!r.header("Mcp-Session-Id"));
    auto called = c.call_tool(http, "c").value();
    BOOST_REQUIRE(called.ok());
    BOOST_TEST(called.result().content.size() == 3u);
    BOOST_TEST(called.result().text() == "one\ntwo");
    BOOST_TEST(c.ping(http).error() == mcp::client_errc::no_response);
    auto const before = sent.size();
    BOOST_TEST(c.close(http).value().ok());  // no session id: nothing to DELETE
    BOOST_TEST(sent.size() == before);
}

BOOST_AUTO_TEST_CASE(refuses_what_a_server_must_not_send) {
    auto serve = [](std::function<aw::http_response(aw::http_request const&)> h) {
        auto e = std::make_unique<ex::in_memory_executor>();
        e->serve("https://bad.example", [h = std::move(h)](aw::http_request const& r) {
            if (r.method == "DELETE") return status_only(405);
            if (method_of(r) == "notifications/initialized") return status_only(202);
            return h(r);
        });
        return e;
    };
    auto initialize_with = [&](std::function<aw::http_response(aw::http_request const&)> h) {
        auto e = serve(std::move(h));
        mcp::client_session c("https://bad.example/mcp");
        return c.initialize(*e);
    };
    BOOST_TEST(initialize_with([](aw::http_request const& r) {
                   return json_response(initialize_result(id_of(r), "2024-11-05"));
               }).error() == mcp::client_errc::unsupported_protocol_version);
    BOOST_TEST(initialize_with([](aw::http_request const& r) {
                   auto a = json_response(initialize_result(id_of(r)));
                   a.headers.append("Mcp-Session-Id", "has space");
                   return a;
               }).error() == aw::error::malformed_header);
    BOOST_TEST(initialize_with([](aw::http_request const&) {
                   return json_response(initialize_result(12345));
               }).error() == mcp::client_errc::no_response);  // an answer to another request
    BOOST_TEST(initialize_with([](aw::http_request const& r) {
                   return json_response(R"({"jsonrpc":"2.0","id":)" + std::to_string(id_of(r)) + R"(,"result":{}})");
               }).error() == aw::error::malformed_response);
    BOOST_TEST(initialize_with([](aw::http_request const&) { return json_response("not json"); }).error() ==
               aw::error::malformed_json);
    BOOST_TEST(initialize_with([](aw::http_request const& r) {
                   auto a = json_response(initialize_result(id_of(r)));
                   a.headers.set("Content-Type", "text/html");
                   return a;
               }).error() == aw::error::unexpected_content_type);
    BOOST_TEST(initialize_with([](aw::http_request const&) { return status_only(202); }).error() ==
               aw::error::unexpected_status);  // a request is answered with a body
    auto error = initialize_with([](aw::http_request const& r) {
        return json_response(rpc::serialize(rpc::make_error(id_of(r), -32602, "Unsupported protocol version")));
    });
    BOOST_REQUIRE(error && error->rpc_error());
    BOOST_TEST(error->rpc_error()->message == "Unsupported protocol version");

    // A session the server issued but will not let the client end (405): closing still forgets it.
    auto e = serve([](aw::http_request const& r) {
        auto a = json_response(initialize_result(id_of(r)));
        a.headers.append("Mcp-Session-Id", "s-9");
        return a;
    });
    mcp::client_session c("https://bad.example/mcp");
    BOOST_REQUIRE(c.initialize(*e).value().ok());
    BOOST_TEST(c.close(*e).value().ok());
    BOOST_TEST(!c.session_id());

    mcp::client_session nowhere("not a url");
    BOOST_TEST(nowhere.initialize(*e).error() == aw::error::invalid_url);
}

BOOST_AUTO_TEST_SUITE_END()
