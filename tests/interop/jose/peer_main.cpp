// authwire interop — the authwire side's driver (see peer.hpp, and peer.mjs for the npm jose side).
//   interop_jose_peer mint <cases-dir> <out.json>   one record per case, for jose to verify
//   interop_jose_peer verify <in.json>              verify every record jose minted
#include "peer.hpp"

#include <authwire/core/json.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

boost::json::value read_json(std::filesystem::path const& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) interop::fail("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    authwire::json_limits lim;
    lim.max_size = 16 * 1024 * 1024;
    auto v = authwire::parse_json(ss.str(), lim);
    if (!v) interop::fail(path.string() + ": " + v.error().message());
    return *v;
}

interop::kind_handler const& handler_for(boost::json::object const& o) {
    auto const* kind = o.if_contains("kind");
    if (kind == nullptr || !kind->is_string()) interop::fail("no kind in " + boost::json::serialize(o));
    auto it = interop::registry().find(std::string(kind->as_string()));
    if (it == interop::registry().end()) interop::fail("no authwire handler for kind " + std::string(kind->as_string()));
    return it->second;
}

std::string describe(boost::json::object const& o) {
    std::string s(o.at("kind").as_string());
    for (auto const* m : {"alg", "enc"})
        if (auto const* v = o.if_contains(m); v && v->is_string()) s.append(" ").append(v->as_string());
    return s;
}

} // namespace

int main(int argc, char** argv) try {
    std::vector<std::string> const args(argv + 1, argv + argc);
    int passed = 0;
    int failed = 0;
    if (args.size() == 3 && args[0] == "mint") {
        std::vector<std::filesystem::path> files;
        for (auto const& e : std::filesystem::directory_iterator(args[1]))
            if (e.path().extension() == ".json") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        std::vector<boost::json::object> cases;
        for (auto const& f : files) {
            auto const doc = read_json(f);  // named: a range-for over a temporary's member would dangle
            for (auto const& c : doc.at("cases").as_array()) cases.push_back(c.as_object());
        }
        for (auto const& [name, h] : interop::registry()) {
            std::vector<boost::json::object> mine;
            for (auto const& c : cases)
                if (c.at("kind").as_string() == name) mine.push_back(c);
            if (h.check_coverage) h.check_coverage(mine);
        }
        boost::json::array records;
        for (auto const& c : cases) {
            try {
                records.emplace_back(handler_for(c).mint(c));
                ++passed;
            } catch (std::exception const& e) {
                std::cerr << "FAIL mint " << describe(c) << ": " << e.what() << '\n';
                ++failed;
            }
        }
        boost::json::object out;
        out["peer"] = "authwire";
        out["records"] = std::move(records);
        std::ofstream(args[2], std::ios::binary) << boost::json::serialize(out);
    } else if (args.size() == 2 && args[0] == "verify") {
        auto const doc = read_json(args[1]);
        auto const& records = doc.at("records").as_array();
        if (records.empty()) interop::fail("no records to verify");
        for (auto const& r : records) {
            auto const& rec = r.as_object();
            try {
                handler_for(rec).verify(rec);
                std::cout << "ok   " << describe(rec) << '\n';
                ++passed;
            } catch (std::exception const& e) {
                std::cerr << "FAIL " << describe(rec) << ": " << e.what() << '\n';
                ++failed;
            }
        }
    } else {
        std::cerr << "usage: interop_jose_peer mint <cases-dir> <out.json> | verify <in.json>\n";
        return 2;
    }
    std::cout << "authwire " << args[0] << ": " << passed << " passed, " << failed << " failed\n";
    return failed == 0 && passed > 0 ? 0 : 1;
} catch (std::exception const& e) {
    std::cerr << "interop_jose_peer: " << e.what() << '\n';
    return 1;
}
