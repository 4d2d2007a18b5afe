#pragma once
// Helpers shared by the OAuth message tests: canned responses, form comparison, a fixed clock.

#include <authwire/core/form.hpp>
#include <authwire/core/http_message.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::test {

// A response with a status, a Content-Type and a body.
inline http_response response(unsigned status, std::string body, std::string_view content_type = "application/json") {
    http_response r;
    r.status = status;
    if (!content_type.empty()) r.headers.append("Content-Type", content_type);
    r.body = std::move(body);
    return r;
}

// A fixed instant: 2024-01-01T00:00:00Z.
inline std::chrono::system_clock::time_point fixed_now() {
    return std::chrono::system_clock::time_point{} + std::chrono::seconds(1704067200);
}

// The parameters of a form-encoded string, sorted (to compare with an RFC example regardless of order).
inline std::vector<std::pair<std::string, std::string>> sorted_params(std::string_view encoded) {
    auto f = form::decode(encoded);
    std::vector<std::pair<std::string, std::string>> out;
    if (!f) return out;
    out.assign(f->begin(), f->end());
    std::sort(out.begin(), out.end());
    return out;
}

// Every header of a request as "Name: value" lines, in order (exact-output assertions).
inline std::string header_lines(http_fields const& fields) {
    std::string out;
    for (auto const& f : fields) out += f.name + ": " + f.value + "\n";
    return out;
}

} // namespace authwire::test
