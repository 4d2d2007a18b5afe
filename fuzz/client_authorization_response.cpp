// Property: the callback parser never throws or crashes; what it accepts has a non-empty code, the expected
// state and (when present) the expected issuer; an error it reports with the peer's response carries a
// non-empty error string and only ever after the state and issuer checks passed.
#include <authwire/oauth/authorization_response.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
    using namespace authwire;
    std::string_view const in(reinterpret_cast<char const*>(data), size);
    constexpr std::string_view state = "xyz";
    constexpr std::string_view issuer = "https://as.example";
    auto r = oauth::parse_authorization_response(in, {.state = state, .issuer = issuer, .iss_required = (size % 2) == 0});
    if (r) {
        if (r->code.empty() || r->state != state || (r->iss && *r->iss != issuer)) std::abort();
        return 0;
    }
    if (r.error().response) {
        if (r.error().response->error.empty()) std::abort();
        auto params = form::decode(oauth::detail::callback_query(in));
        if (!params || params->find("state") != std::optional<std::string_view>(state)) std::abort();
    }
    return 0;
}
