#pragma once
// authwire examples — the demo's MCP tools over a small in-memory job board (the jobs platform of the seed flow):
//
//   search_jobs        {query, location?}  jobs whose title, company, location or description contain the query
//   get_job            {id}                one job; an id that does not exist is a tool error (isError)
//   list_applications  {}                  the signed-in user's job applications (the token's subject)
//   add                {a, b}              a + b, for tests of typed arguments (integers)
//   apply_to_job       {id}                apply to a job as the signed-in user — the one write tool: the demo
//                                          server requires the scope mcp:write for it (is_write_tool)
//
// Each tool declares its inputSchema; the endpoint (mcp_server.hpp) checks arguments against it before the tool
// runs, so the code below only ever sees valid arguments.

#include "../common/mcp_server.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::examples {

struct job {
    std::string id;
    std::string title;
    std::string company;
    std::string location;
    std::string description;
};

struct job_application {
    std::string job_id;
    std::string status;  ///< "submitted", "interview", "offer", "rejected"
};

/// The board: a few jobs, and each demo user's applications (users not listed have none).
struct job_board {
    std::vector<job> jobs{
        {"J-101", "Senior C++ Engineer", "Acme Robotics", "Berlin", "Real-time motion control in modern C++."},
        {"J-102", "Security Engineer (OAuth)", "Northwind Identity", "Remote",
         "Own our OAuth 2.1 authorization server."},
        {"J-103", "Backend Developer", "Contoso Jobs", "Lyon", "APIs for a jobs platform, C++ and PostgreSQL."},
        {"J-104", "Site Reliability Engineer", "Fabrikam Cloud", "Dublin", "Keep the MCP gateways up."},
        {"J-105", "Embedded C++ Developer", "Tailspin Avionics", "Toulouse", "Flight software, C++20 on bare metal."},
        {"J-106", "Data Engineer", "Contoso Jobs", "Remote", "Search ranking for job offers."},
        {"J-107", "Frontend Engineer", "Northwind Identity", "Amsterdam", "The consent pages users actually read."},
        {"J-108", "C++ Tooling Engineer", "Acme Robotics", "Remote", "Build systems, sanitizers and fuzzing."},
    };
    std::map<std::string, std::vector<job_application>, std::less<>> applications{
        {"alice", {{"J-102", "interview"}, {"J-105", "submitted"}}},
        {"demo-user", {{"J-101", "submitted"}, {"J-103", "offer"}, {"J-108", "rejected"}}},
    };

    [[nodiscard]] job const* find(std::string_view id) const {
        for (auto const& j : jobs)
            if (j.id == id) return &j;
        return nullptr;
    }
};

namespace detail {

[[nodiscard]] inline std::string lowered(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

[[nodiscard]] inline std::string job_line(job const& j) {
    return j.id + "  " + j.title + " — " + j.company + " (" + j.location + ")";
}

[[nodiscard]] inline boost::json::object job_json(job const& j) {
    return {{"id", j.id}, {"title", j.title}, {"company", j.company}, {"location", j.location}};
}

[[nodiscard]] inline boost::json::object string_property(std::string_view description) {
    return {{"type", "string"}, {"minLength", 1}, {"description", description}};
}

}  // namespace detail

/// The tools that change something (the demo server requires the scope mcp:write to call them).
[[nodiscard]] inline bool is_write_tool(std::string_view name) noexcept { return name == "apply_to_job"; }

/// Register the demo's tools on `server`; `board` must outlive it (apply_to_job adds to its applications: at most
/// one per job and user, so it stays bounded by the jobs times the users the tokens name).
[[nodiscard]] inline result<void> add_demo_tools(mcp::server& server, job_board& board) {
    using boost::json::array;
    using boost::json::object;
    mcp::tool search{
        {"search_jobs", "Search jobs",
         "Search the job board: the query is matched in titles, companies, locations "
         "and descriptions (case-insensitive); location narrows the result.",
         object{{"type", "object"},
                {"properties", object{{"query", detail::string_property("words to look for, e.g. \"C++\"")},
                                      {"location", detail::string_property("a city, or \"Remote\"")}}},
                {"required", array{"query"}},
                {"additionalProperties", false}}},
        [&board](object const& args, mcp::tool_context const&) {
            auto const query = detail::lowered(args.at("query").as_string());
            auto const* where = args.if_contains("location");
            std::string text;
            array found;
            for (auto const& j : board.jobs) {
                auto const haystack =
                    detail::lowered(j.title + " " + j.company + " " + j.location + " " + j.description);
                if (haystack.find(query) == std::string::npos) continue;
                if (where != nullptr && detail::lowered(j.location) != detail::lowered(where->as_string())) continue;
                text += (text.empty() ? "" : "\n") + detail::job_line(j);
                found.push_back(detail::job_json(j));
            }
            auto result = mcp::tool_result::text_result(text.empty() ? "No job matches." : text);
            result.structured_content = object{{"jobs", std::move(found)}};
            return result;
        }};
    mcp::tool get{{"get_job", "Job details", "One job of the board by its id (e.g. J-101).",
                   object{{"type", "object"},
                          {"properties", object{{"id", detail::string_property("the job's id")}}},
                          {"required", array{"id"}},
                          {"additionalProperties", false}}},
                  [&board](object const& args, mcp::tool_context const&) {
                      auto const id = std::string(args.at("id").as_string());
                      auto const* j = board.find(id);
                      if (j == nullptr)
                          return mcp::tool_result::error_result("No job with id " + id + " on the board.");
                      auto result = mcp::tool_result::text_result(detail::job_line(*j) + "\n" + j->description);
                      result.structured_content = detail::job_json(*j);
                      return result;
                  }};
    mcp::tool applications{
        {"list_applications", "My applications", "The signed-in user's job applications and their status.",
         object{{"type", "object"}, {"additionalProperties", false}}},
        [&board](object const&, mcp::tool_context const& context) {
            auto const it = board.applications.find(context.caller.subject);
            if (it == board.applications.end() || it->second.empty())
                return mcp::tool_result::text_result("No applications for " + context.caller.subject + ".");
            std::string text = "Applications of " + context.caller.subject + ":";
            for (auto const& a : it->second) {
                auto const* j = board.find(a.job_id);
                text += "\n" + (j != nullptr ? detail::job_line(*j) : a.job_id) + ": " + a.status;
            }
            return mcp::tool_result::text_result(std::move(text));
        }};
    mcp::tool add{
        {"add", "Add two integers", "a + b.",
         object{{"type", "object"},
                {"properties", object{{"a", object{{"type", "integer"}}}, {"b", object{{"type", "integer"}}}}},
                {"required", array{"a", "b"}},
                {"additionalProperties", false}}},
        [](object const& args, mcp::tool_context const&) {
            boost::json::error_code ea, eb;
            auto const a = args.at("a").to_number<std::int64_t>(ea);  // 2.0 is an integer too (JSON Schema)
            auto const b = args.at("b").to_number<std::int64_t>(eb);
            std::int64_t sum = 0;
            if (ea || eb || __builtin_add_overflow(a, b, &sum))
                return mcp::tool_result::error_result("The sum does not fit in a 64-bit integer.");
            auto result = mcp::tool_result::text_result(std::to_string(sum));
            result.structured_content = object{{"sum", sum}};
            return result;
        }};
    mcp::tool apply{{"apply_to_job", "Apply to a job",
                     "Apply to one job of the board (e.g. J-104) as the signed-in user. Needs the scope mcp:write.",
                     object{{"type", "object"},
                            {"properties", object{{"id", detail::string_property("the job's id")}}},
                            {"required", array{"id"}},
                            {"additionalProperties", false}}},
                    [&board](object const& args, mcp::tool_context const& context) {
                        auto const id = std::string(args.at("id").as_string());
                        auto const* j = board.find(id);
                        if (j == nullptr)
                            return mcp::tool_result::error_result("No job with id " + id + " on the board.");
                        auto& mine = board.applications[context.caller.subject];
                        for (auto const& a : mine)
                            if (a.job_id == id)
                                return mcp::tool_result::text_result(context.caller.subject + " already applied to " +
                                                                     detail::job_line(*j) + ": " + a.status);
                        mine.push_back({id, "submitted"});
                        auto result = mcp::tool_result::text_result("Applied to " + detail::job_line(*j) + " as " +
                                                                    context.caller.subject + ".");
                        result.structured_content = object{{"job", detail::job_json(*j)}, {"status", "submitted"}};
                        return result;
                    }};
    for (auto* t : {&search, &get, &applications, &add, &apply})
        if (auto r = server.add_tool(std::move(*t)); !r) return r;
    return {};
}

}  // namespace authwire::examples
