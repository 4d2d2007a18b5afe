#pragma once
// authwire — the definitions of <authwire/server/bearer_validator.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/bearer_validator.hpp>

namespace authwire::server {

AUTHWIRE_DECL oauth::scope_set bearer_identity::scopes() const {
    auto s = oauth::scope_set::parse(scope);
    return s ? std::move(*s) : oauth::scope_set{};
}

AUTHWIRE_DECL void throw_exception_from_error(bearer_rejection const& r, boost::source_location const& loc) {
    boost::throw_with_location(bearer_exception(r), loc);
}

}  // namespace authwire::server

namespace authwire::server::detail {

AUTHWIRE_DECL std::optional<std::string> scope_union(std::string_view a, std::string_view b) {
    auto out = oauth::scope_set::parse(a);
    auto more = oauth::scope_set::parse(b);
    if (!out || !more) return std::nullopt;
    for (auto const& t : *more) out->insert(t);
    return out->to_string();
}

AUTHWIRE_DECL bearer_rejection refused_bearer_call() {
    return {make_error_code(error::invalid_argument), 500, {}, {}, {}, internal_error_response()};
}

AUTHWIRE_DECL std::string_view describe_token_failure(error_code ec) noexcept {
    if (ec == error::token_expired) return "expired";
    if (ec == error::wrong_audience) return "wrong audience";
    if (ec == error::decryption_failed) return "decryption failed";
    if (ec == error::signature_invalid) return "signature invalid";
    if (ec == error::token_revoked) return "revoked";
    if (ec == error::token_not_yet_valid) return "not yet valid";
    if (ec == error::wrong_issuer) return "wrong issuer";
    if (ec == error::wrong_token_type) return "not an access token";
    if (ec == error::missing_claim) return "missing claim";
    if (ec == error::invalid_token) return "unknown token";
    if (ec == error::algorithm_not_allowed || ec == error::unsupported_algorithm) return "algorithm not allowed";
    if (ec == error::unknown_key) return "unknown key";
    if (ec == condition::malformed_input) return "malformed";
    return "invalid";
}

}  // namespace authwire::server::detail

namespace authwire::server {

AUTHWIRE_DECL bearer_credential extract_bearer_token(http_request const& req) noexcept {
    using st = bearer_credential::status;
    // One pass over the fields: the first Authorization field, and whether there is another.
    std::string_view v;
    bool found = false;
    for (auto const& f : req.headers) {
        if (!iequals(f.name, "Authorization")) continue;
        if (found) return {st::malformed, {}};
        v = f.value;
        found = true;
    }
    if (!found) return {};
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
        return s;
    };
    v = trim(v);
    auto const sp = v.find_first_of(" \t");
    if (!iequals(v.substr(0, sp), "Bearer")) return {};  // Basic, DPoP …: not Bearer authentication
    if (sp == std::string_view::npos) return {st::malformed, {}};
    auto const token = trim(v.substr(sp));
    if (!oauth::is_b64token(token)) return {st::malformed, {}};
    return {st::present, token};
}

AUTHWIRE_DECL bearer_rejection make_bearer_rejection(error_code code, unsigned status, std::string_view error,
                                                     std::string_view description, std::string_view scope,
                                                     std::string_view resource_metadata) {
    if (!detail::is_bearer_error_text(error) || !detail::is_bearer_error_text(description) ||
        !oauth::is_scope_or_empty(scope) || !detail::is_bearer_uri_text(resource_metadata))
        return detail::refused_bearer_call();
    bearer_rejection r{code, status, std::string(error), std::string(description), std::string(scope), {}};
    oauth::auth_challenge c;
    c.scheme = "Bearer";
    boost::json::object body;
    if (error.empty()) {
        body["error"] = "auth_required";
        body["error_description"] = description;
    } else {
        c.params.push_back({"error", std::string(error)});
        body["error"] = error;
        if (!description.empty()) {
            c.params.push_back({"error_description", std::string(description)});
            body["error_description"] = description;
        }
    }
    if (!scope.empty()) {
        c.params.push_back({"scope", std::string(scope)});
        body["scope"] = scope;
    }
    if (!resource_metadata.empty()) c.params.push_back({"resource_metadata", std::string(resource_metadata)});
    // Every value was checked above, so format_challenge neither escapes nor fails; fail closed all the same.
    auto header = oauth::format_challenge(c);
    if (!header) return detail::refused_bearer_call();
    r.response = json_response(status, body);
    r.response.headers.append("WWW-Authenticate", *header);
    return r;
}

}  // namespace authwire::server
