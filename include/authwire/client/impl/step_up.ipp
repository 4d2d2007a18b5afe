#pragma once
// authwire — the definitions of <authwire/client/step_up.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/step_up.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<std::optional<scope_challenge>> parse_scope_challenge(http_response const& resp) {
    if (resp.status != 401 && resp.status != 403) return std::optional<scope_challenge>{};
    bool const forbidden = resp.status == 403;
    auto challenges = oauth::parse_www_authenticate(resp);
    if (!challenges) {
        if (forbidden) return error::malformed_header;
        return std::optional<scope_challenge>{scope_challenge{}};
    }
    auto const* bearer = oauth::find_challenge(*challenges, "Bearer");
    scope_challenge c;
    if (forbidden) {
        auto const why = bearer != nullptr ? bearer->error() : std::nullopt;
        if (!why || *why != "insufficient_scope") return std::optional<scope_challenge>{};
        c.reason = challenge_reason::insufficient_scope;
    }
    if (bearer != nullptr) {
        if (auto s = bearer->scope(); s && !s->empty()) {
            auto parsed = oauth::scope_set::parse(*s);
            if (parsed)
                c.scope = std::move(*parsed);
            else if (forbidden)
                return error::malformed_header;
        }
        if (auto rm = bearer->resource_metadata()) c.resource_metadata = std::string(*rm);
        c.error = oauth::challenge_error(*bearer, resp.status);
    }
    return std::optional<scope_challenge>{std::move(c)};
}

AUTHWIRE_DECL oauth::scope_set step_up_scope(oauth::scope_set const& held, oauth::scope_set const& challenged) {
    oauth::scope_set out = held;
    for (auto const& t : challenged) out.insert(t);
    return out;
}

AUTHWIRE_DECL result<oauth::scope_set> step_up_policy::authorize(std::string_view operation,
                                                                 scope_challenge const& challenge,
                                                                 oauth::scope_set const& requested) {
    oauth::scope_set next;
    if (challenge.reason == challenge_reason::insufficient_scope) {
        if (!challenge.scope) return error::missing_member;
        next = step_up_scope(requested, *challenge.scope);
    } else {
        next = challenge.scope ? *challenge.scope : requested;
    }
    auto it = attempts_.find(operation);
    std::size_t const made = it == attempts_.end() ? 0 : it->second;
    if (made >= max_) return error::too_many_attempts;
    if (it == attempts_.end())
        attempts_.emplace(std::string(operation), 1);
    else
        ++it->second;
    return next;
}

AUTHWIRE_DECL void step_up_policy::succeeded(std::string_view operation) {
    if (auto it = attempts_.find(operation); it != attempts_.end()) attempts_.erase(it);
}

AUTHWIRE_DECL std::size_t step_up_policy::attempts(std::string_view operation) const {
    auto it = attempts_.find(operation);
    return it == attempts_.end() ? 0 : it->second;
}

}  // namespace authwire::client
