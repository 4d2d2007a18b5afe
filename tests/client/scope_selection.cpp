#include <authwire/client/scope_selection.hpp>

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace client_scope_selection_test {

using namespace authwire;
using namespace authwire::client;

oauth::protected_resource_metadata prm(std::optional<std::vector<std::string>> scopes) {
    oauth::protected_resource_metadata m;
    m.resource = "https://rs.example/mcp";
    m.scopes_supported = std::move(scopes);
    return m;
}

BOOST_AUTO_TEST_SUITE(client_scope_selection)

// MCP "Scope Selection Strategy", in its order: the challenge's scope, else all of scopes_supported, else none.
BOOST_AUTO_TEST_CASE(priority_order) {
    auto const supported = prm(std::vector<std::string>{"mcp:basic", "mcp:read", "mcp:write"});
    // 1. the 401's scope wins, whatever its relation to scopes_supported (subset, superset, other)
    BOOST_TEST(select_scope(std::string_view("mcp:basic"), &supported).value().to_string() == "mcp:basic");
    BOOST_TEST(select_scope(std::string_view("files:read mcp:admin"), &supported).value().to_string() ==
               "files:read mcp:admin");
    // 2. no (or an empty) challenge scope: every scope the resource supports
    BOOST_TEST(select_scope(std::nullopt, &supported).value().to_string() == "mcp:basic mcp:read mcp:write");
    BOOST_TEST(select_scope(std::string_view(""), &supported).value().to_string() == "mcp:basic mcp:read mcp:write");
    // 3. neither: no scope, so the authorization request omits the parameter
    auto const undefined = prm(std::nullopt);
    BOOST_TEST(select_scope(std::nullopt, &undefined).value().empty());
    BOOST_TEST(select_scope(std::nullopt, nullptr).value().empty());
    auto const empty = prm(std::vector<std::string>{});
    BOOST_TEST(select_scope(std::nullopt, &empty).value().empty());
}

// offline_access is never added by the strategy (MCP: not a resource requirement) — but kept when the
// resource itself asks for it.
BOOST_AUTO_TEST_CASE(never_adds_offline_access) {
    auto const supported = prm(std::vector<std::string>{"mcp:basic"});
    BOOST_TEST(!select_scope(std::nullopt, &supported).value().contains("offline_access"));
    BOOST_TEST(!select_scope(std::string_view("mcp:basic"), &supported).value().contains("offline_access"));
    BOOST_TEST(!select_scope(std::nullopt, nullptr).value().contains("offline_access"));
    auto const listed = prm(std::vector<std::string>{"mcp:basic", "offline_access"});
    BOOST_TEST(select_scope(std::nullopt, &listed).value().contains("offline_access"));
}

BOOST_AUTO_TEST_CASE(malformed_scopes) {
    auto const supported = prm(std::vector<std::string>{"mcp:basic"});
    BOOST_TEST((select_scope(std::string_view("a  b"), &supported).error() == error::malformed_header));
    BOOST_TEST((select_scope(std::string_view("caf\xc3\xa9"), &supported).error() == error::malformed_header));
    auto const bad = prm(std::vector<std::string>{"ok", "not ok"});
    BOOST_TEST((select_scope(std::nullopt, &bad).error() == error::malformed_response));
}

// The same from a discovery result: its challenge scope, else its resource's scopes_supported.
BOOST_AUTO_TEST_CASE(from_discovery) {
    discovery_result found;
    found.resource = prm(std::vector<std::string>{"mcp:basic", "mcp:read"});
    BOOST_TEST(select_scope(found).value().to_string() == "mcp:basic mcp:read");
    found.challenge_scope = "mcp:read";
    BOOST_TEST(select_scope(found).value().to_string() == "mcp:read");
    discovery_result legacy;  // synthesized resource metadata: no scopes_supported
    legacy.resource.resource = "https://rs.example/mcp";
    BOOST_TEST(select_scope(legacy).value().empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace client_scope_selection_test
