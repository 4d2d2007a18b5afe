#pragma once
// authwire — the definitions of <authwire/oauth/api_key.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/oauth/api_key.hpp>

namespace authwire::oauth {

AUTHWIRE_DECL result<void> set_api_key(http_request& req, std::string_view header_name, secret const& key) {
    if (!detail::is_token(header_name) || key.empty()) return error::invalid_argument;
    for (char const c : key.reveal())
        if (c < 0x21 || c > 0x7e) return error::invalid_argument;
    req.headers.set(header_name, key.reveal());
    return {};
}

AUTHWIRE_DECL result<void> set_bearer_token(http_request& req, secret const& access_token) {
    if (!is_b64token(access_token.reveal())) return error::invalid_argument;
    std::string value = "Bearer ";
    value.append(access_token.reveal());
    req.headers.set("Authorization", value);
    OPENSSL_cleanse(value.data(), value.size());
    return {};
}

AUTHWIRE_DECL result<error_response> parse_api_error_body(http_response const& resp,
                                                          json_limits const& limits) noexcept {
    return detail::guarded([&]() -> result<error_response> {
        if (resp.headers.contains("Content-Type") && !resp.is_json()) return error::unexpected_content_type;
        auto o = parse_json_object(resp.body, limits);
        if (!o) return o.error();
        auto const* e = o->if_contains("error");
        if (e == nullptr) return error::missing_member;
        if (e->is_string()) return error_response_from_json(*o, resp.status);
        auto const* inner = e->if_object();
        if (inner == nullptr) return error::wrong_member_type;
        auto message = json_string_member(*inner, "message");
        if (!message) return message.error();
        if (!*message) return error::missing_member;
        error_response r;
        r.status = resp.status;
        r.error_description = std::string(**message);
        if (auto const* code = inner->if_contains("code"); code != nullptr && code->is_string())
            r.error = std::string(code->get_string());
        return r;
    });
}

AUTHWIRE_DECL failure api_failure(http_response const& resp, json_limits const& limits) noexcept {
    return detail::guarded([&]() -> failure {
        if (auto challenges = parse_www_authenticate(resp)) {
            if (auto const* bearer = find_challenge(*challenges, "Bearer"))
                if (auto e = challenge_error(*bearer, resp.status)) return failure(std::move(*e));
        }
        if (auto body = parse_api_error_body(resp, limits)) return failure(std::move(*body));
        return error::unexpected_status;
    });
}

AUTHWIRE_DECL outcome<boost::json::value> parse_api_response(http_response const& resp,
                                                             json_limits const& limits) noexcept {
    return detail::guarded([&]() -> outcome<boost::json::value> {
        if (resp.status < 200 || resp.status > 299) return api_failure(resp, limits);
        if (!resp.is_json()) return error::unexpected_content_type;
        auto v = parse_json(resp.body, limits);
        if (!v) return v.error();
        return std::move(*v);
    });
}

}  // namespace authwire::oauth
