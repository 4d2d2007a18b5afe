#pragma once
// authwire — the definitions of <authwire/oauth/authorization_response.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/oauth/authorization_response.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL bool query_names_authorization_response_parameter(std::string_view query) {
    return any_query_parameter_name(query, [](std::string_view n) { return is_authorization_response_parameter(n); });
}

AUTHWIRE_DECL outcome<authorization_code_response> parse_authorization_response(
    std::string_view redirect, authorization_response_expectations const& expect) noexcept {
    return detail::guarded([&]() -> outcome<authorization_code_response> {
        auto params = form::decode(detail::callback_query(redirect), expect.max_size);
        if (!params) return params.error();
        auto unique = [&](std::string_view name) { return params->find_unique(name); };
        auto state = unique("state");
        auto iss = unique("iss");
        auto code = unique("code");
        auto err = unique("error");
        auto desc = unique("error_description");
        auto uri = unique("error_uri");
        if (!state || !iss || !code || !err || !desc || !uri) return error::duplicate_member;

        if (expect.state.empty()) {
            if (*state) return error::state_mismatch;
        } else if (!*state || !state_matches(expect.state, **state)) {
            return error::state_mismatch;
        }

        if (*iss || expect.iss_required) {
            if (expect.issuer.empty()) return error::missing_argument;
            if (!*iss) return error::missing_member;
            if (**iss != expect.issuer) return error::wrong_issuer;
        }

        if (*err) {
            if (*code) return error::malformed_response;
            error_response e;
            e.error = std::string(**err);
            if (*desc) e.error_description = std::string(**desc);
            if (*uri) e.error_uri = std::string(**uri);
            if (e.error.empty()) return error::malformed_response;
            return failure(std::move(e));
        }
        if (!*code || (*code)->empty()) return error::missing_member;

        authorization_code_response r;
        r.code = secret(**code);
        if (*state) r.state = std::string(**state);
        if (*iss) r.iss = std::string(**iss);
        return r;
    });
}

}  // namespace authwire::oauth
