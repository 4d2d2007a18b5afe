#pragma once
// authwire — the resource server's side of a Bearer request (RFC 6750 §2.1, §3; RFC 9728 §5.1; RFC 9068 §4):
// take the access token from `Authorization: Bearer` only, read it through the access-token format, check that
// it is for this resource, not revoked and carries the scope the request needs — and otherwise produce the
// exact 401/403 response with its WWW-Authenticate challenge and JSON body.
//
//     bearer_validator v(format, revocations, {"https://mcp.example/mcp", "https://mcp.example/.well-known/…"});
//     auto who = v.validate(request, now, "mcp:read");
//     if (!who) return who.error().response;       // 401 / 403 / 400, complete
//     serve the request as who->subject, for who->client_id …

#include <authwire/core/detail/config.hpp>
#include <authwire/core/basic_result.hpp>
#include <authwire/core/error.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/www_authenticate.hpp>
#include <authwire/server/access_token.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/revocation_store.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/json/object.hpp>
#include <boost/throw_exception.hpp>

#include <chrono>
#include <memory>
#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace authwire::server {

/// What a resource server checks Bearer tokens against.
struct bearer_validator_config {
    /// RFC 8707 §2, RFC 9068 §4: this resource's identifier; a token's "aud" must name it (exact match).
    std::string resource;
    /// RFC 9728 §5.1: the URL of this resource's protected-resource metadata, sent as `resource_metadata` in
    /// every Bearer challenge (omitted when empty).
    std::string resource_metadata;
    /// RFC 6750 §3 `scope`, MCP 2025-11-25 "Scope Selection Strategy": the scope a client should ask for to use
    /// this resource (space-separated scope tokens), sent in every 401 challenge — no token, an invalid token —
    /// so that a client's first authorization asks for it. Empty (the default): no scope in 401 challenges.
    /// Content RFC 6749 §3.3 does not allow refuses every challenge (500), as a bad resource_metadata does.
    std::string challenge_scope{};
    /// Add the call's `required_scope` to the scope of its 401 challenges (after challenge_scope): a client
    /// without a token then learns what the operation it tried needs. Off by default.
    bool challenge_with_required_scope = false;
    /// RFC 6750 §3.1, MCP 2025-11-25 "Scope Challenge Handling": the `scope` of a 403 insufficient_scope is the
    /// call's required scope (the default); on, it is the token's granted scope followed by the required one,
    /// so that a client which re-authorizes with exactly that scope keeps what it already had.
    bool insufficient_scope_with_granted = false;
};

/// RFC 9068 §4, RFC 6750: who a validated Bearer request comes from.
struct bearer_identity {
    std::string subject;                              ///< "sub": the end user (or the client)
    std::string client_id;                            ///< "client_id"
    std::string scope;                                ///< "scope", space-separated
    std::chrono::system_clock::time_point expires_at; ///< "exp"
    std::string resource;                             ///< this resource (the audience that matched)
    std::string issuer;                               ///< "iss"
    std::string jti;                                  ///< "jti"
    std::string family_id;                            ///< the grant the token descends from ("" for none)
    boost::json::object claims;                       ///< the custom claims (e.g. an API key)

    /// RFC 6749 §3.3: does the token's scope include `token`?
    [[nodiscard]] bool has_scope(std::string_view token) const noexcept { return oauth::scope_contains(scope, token); }
    /// RFC 6749 §3.3: the token's scope as a set.
    [[nodiscard]] oauth::scope_set scopes() const;
};

/// RFC 6750 §3, §3.1: why a Bearer request was refused, and the complete response to send.
struct bearer_rejection {
    error_code code;                ///< why (error::missing_argument when no token was sent, error::token_expired …)
    /// 401, 403 (insufficient_scope) or 400 (invalid_request); 500 when the resource server's own input was
    /// refused (code error::invalid_argument: a malformed required scope, or challenge content RFC 6750 §3 does
    /// not allow) — then `error` is empty and the response carries no challenge.
    unsigned status = 401;
    std::string error;              ///< "" (no token), "invalid_request", "invalid_token" or "insufficient_scope"
    std::string error_description;  ///< e.g. "expired", "wrong audience", "decryption failed"
    std::string scope;              ///< for insufficient_scope: the scope the request needs
    http_response response;         ///< status, WWW-Authenticate, Cache-Control: no-store, JSON body
};

/// The exception bearer_result::value() throws: a system_error that keeps the rejection.
class bearer_exception : public boost::system::system_error {
public:
    explicit bearer_exception(bearer_rejection r)
        : boost::system::system_error(r.code, r.error_description), rejection_(std::move(r)) {}
    [[nodiscard]] bearer_rejection const& why() const noexcept { return rejection_; }

private:
    bearer_rejection rejection_;
};

// Found by argument-dependent lookup from authwire::basic_result<T, bearer_rejection>::value().
[[noreturn]] AUTHWIRE_DECL void throw_exception_from_error(bearer_rejection const& r, boost::source_location const& loc);

/// The validated identity, or the rejection with its response.
using bearer_result = authwire::basic_result<bearer_identity, bearer_rejection>;

/// Success (the identity is in the bearer_scratch), or the rejection with its response: the allocation-free
/// overload of bearer_validator::validate.
using bearer_scratch_result = authwire::basic_result<void, bearer_rejection>;

/// Caller-owned memory for the allocation-free overloads of bearer_validator::validate: the reader's scratch
/// `S` (for jwt_access_token_format, server::access_token_scratch) and the bearer_identity, reused from call to
/// call (strings keep their capacity; the custom claims live in the reader scratch's memory, see
/// jose::jwt_scratch). One per thread: not copyable, not movable, not thread-safe.
template <class S>
class bearer_scratch {
public:
    bearer_scratch() = default;
    bearer_scratch(bearer_scratch const&) = delete;
    bearer_scratch& operator=(bearer_scratch const&) = delete;

    /// The identity of the last successful validate with this scratch (unspecified after a failure). With a
    /// reader that keeps the custom claims unbuilt (access_token_scratch), they are built into claims here, on
    /// the first call after validate (in the reader scratch's memory, as before). Like the scratch itself, not for
    /// concurrent calls. Building may throw std::bad_alloc (memory exhausted; claims is then left empty and built
    /// on the next call).
    [[nodiscard]] bearer_identity const& identity() const {
        if constexpr (requires(S& s) { deferred_custom_claims(s); }) {
            auto& d = deferred_custom_claims(reader_);
            if (d.pending) d.build_into(identity_.claims);
        }
        return identity_;
    }

    /// The same identity without building the custom claims: for callers that use only the other members
    /// (subject, scope, …). claims is empty unless identity() was called since the last validate (then it
    /// holds the custom claims).
    [[nodiscard]] bearer_identity const& identity_without_claims() const noexcept { return identity_; }

private:
    template <access_token_reader F, revocation_store V>
    friend class bearer_validator;
    // mutable: identity() builds the custom claims the reader kept unbuilt into identity_ on first access.
    mutable S reader_;
    mutable bearer_identity identity_;
};

namespace detail {

// RFC 6750 §3: error and error_description are 1*( %x20-21 / %x23-5B / %x5D-7E ) — printable ASCII and space,
// no '"', no '\'.
[[nodiscard]] constexpr bool is_bearer_error_text(std::string_view s) noexcept {
    for (char const ch : s) {
        auto const c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
    }
    return true;
}

// RFC 6750 §3 error_uri, RFC 9728 §5.1 resource_metadata: a URI, %x21 / %x23-5B / %x5D-7E.
[[nodiscard]] constexpr bool is_bearer_uri_text(std::string_view s) noexcept {
    return is_bearer_error_text(s) && s.find(' ') == std::string_view::npos;
}

// RFC 6749 §3.3: the scope tokens of `a` then those of `b` not already named, space-separated; nullopt when
// either does not follow the scope grammar.
[[nodiscard]] AUTHWIRE_DECL std::optional<std::string> scope_union(std::string_view a, std::string_view b);

// The answer when the resource server's own input cannot go into a challenge: 500, no challenge.
[[nodiscard]] AUTHWIRE_DECL bearer_rejection refused_bearer_call();

// The error_description for each way a token can be unacceptable (RFC 6750 §3: human-readable, for the
// developer; it never echoes the token).
[[nodiscard]] AUTHWIRE_DECL std::string_view describe_token_failure(error_code ec) noexcept;

} // namespace detail

/// What `Authorization: Bearer` held (RFC 6750 §2.1).
struct bearer_credential {
    enum class status : unsigned char {
        absent,     ///< no Authorization field, or one with another scheme: no Bearer authentication was tried
        present,    ///< exactly one well-formed Bearer credential, in `token`
        malformed,  ///< several Authorization fields, an empty or ill-formed credential, or more than one
    };
    status state = status::absent;
    std::string_view token;  ///< a view into the request's header (when present)
};

/// RFC 6750 §2.1: the access token of `Authorization: Bearer <b64token>` — the scheme case-insensitive, one or
/// more spaces, exactly one b64token, surrounding whitespace ignored. Tokens in the query or the body (§2.2,
/// §2.3) are never looked at.
[[nodiscard]] AUTHWIRE_DECL bearer_credential extract_bearer_token(http_request const& req) noexcept;

/// RFC 6750 §3, RFC 9728 §5.1: the Bearer challenge and JSON body for a refusal. `error` empty: the request
/// had no token — `WWW-Authenticate: Bearer resource_metadata="…"` with no error attribute (but `scope` when
/// one is given), and the body {"error":"auth_required","error_description":…}. Otherwise the challenge
/// carries error, error_description and scope (each when not empty) before resource_metadata, and the body
/// the same members.
/// Nothing is escaped into the challenge's quoted strings: content RFC 6750 §3 does not allow there — a '"',
/// a '\', a control or non-ASCII byte in error or error_description, a scope that is not scope tokens, a
/// resource_metadata that is not URI characters — refuses the call instead (status 500, code
/// error::invalid_argument, no challenge).
[[nodiscard]] AUTHWIRE_DECL bearer_rejection make_bearer_rejection(error_code code, unsigned status,
                                                                   std::string_view error, std::string_view description,
                                                                   std::string_view scope,
                                                                   std::string_view resource_metadata);

/// RFC 6750 §2.1, §3; RFC 9068 §4: validates Bearer requests for one resource with an access-token reader — an
/// access_token_format, or a jwks_access_token_validator for another authorization server's tokens — and a
/// revocation store (both referenced, both must outlive it). `validate` is const and thread-safe when the
/// reader and the store are.
template <access_token_reader F, revocation_store V>
class bearer_validator {
public:
    /// RFC 6750 §2.1, RFC 9068 §4: a validator for `config.resource` over `format` and `revocations`.
    bearer_validator(F const& format, V const& revocations, bearer_validator_config config)
        : format_(&format), revocations_(&revocations), config_(std::move(config)) {}

    /// RFC 6750 §2.1, §3.1; RFC 9068 §4: validate a request needing `required_scope` (space-separated scope
    /// tokens, all required; empty for none). In order:
    ///  - `required_scope` not following RFC 6749 §3.3 (scope tokens separated by single spaces; no '"', '\',
    ///    controls or non-ASCII) ⇒ refused as the caller's mistake: 500, error::invalid_argument, no challenge —
    ///    on every call, whatever the request carries;
    ///  - no Bearer credential ⇒ 401, challenge without error, body error "auth_required";
    ///  - several credentials or an ill-formed one ⇒ 400 invalid_request;
    ///  - every 401 below, and this one, carries scope= when the configuration asks for it (challenge_scope,
    ///    challenge_with_required_scope);
    ///  - the format cannot read the token ⇒ 401 invalid_token, error_description from the failure
    ///    ("expired", "decryption failed", "signature invalid", "unknown token", "malformed" …);
    ///  - "aud" does not name this resource ⇒ 401 invalid_token "wrong audience";
    ///  - the token or its grant is revoked ⇒ 401 invalid_token "revoked"; if the revocation store cannot
    ///    answer, 401 invalid_token "revocation status unavailable" (fail closed);
    ///  - a required scope token is missing ⇒ 403 insufficient_scope with scope="<required_scope>" (with
    ///    insufficient_scope_with_granted: scope="<granted> <required>", each token once).
    [[nodiscard]] bearer_result validate(http_request const& req, std::chrono::system_clock::time_point now,
                                         std::string_view required_scope = {}) const {
        std::string_view token;
        if (auto refused = bearer_token_of(req, required_scope, token)) return std::move(*refused);
        return read_and_check(token, now, required_scope);
    }

    /// RFC 6750 §3.1; RFC 9068 §4: the checks of validate() after extraction, for a token at hand.
    [[nodiscard]] bearer_result validate_token(std::string_view token, std::chrono::system_clock::time_point now,
                                               std::string_view required_scope = {}) const {
        if (!oauth::is_scope_or_empty(required_scope)) return detail::refused_bearer_call();
        return read_and_check(token, now, required_scope);
    }

    /// RFC 6750 §2.1, §3.1; RFC 9068 §4: validate (same checks, same responses) into `scratch`, whose memory is
    /// reused: on success the identity is in scratch.identity() until the next call with `scratch`. With a reader
    /// that reads into its scratch (jwt_access_token_format with an access_token_scratch), a request with a valid
    /// token then makes no C++ heap allocation in steady state.
    template <class S>
        requires requires(F const& f, std::string_view t, std::chrono::system_clock::time_point n, S& s) {
            { f.read(t, n, s) } -> std::same_as<result<void>>;
            { s.info() } -> std::same_as<access_token_info&>;
        }
    [[nodiscard]] bearer_scratch_result validate(http_request const& req, std::chrono::system_clock::time_point now,
                                                 std::string_view required_scope, bearer_scratch<S>& scratch) const {
        std::string_view token;
        if (auto refused = bearer_token_of(req, required_scope, token)) return std::move(*refused);
        return read_and_check(token, now, required_scope, scratch);
    }

    /// RFC 6750 §3.1; RFC 9068 §4: validate_token into `scratch` (see the validate overload with a scratch).
    template <class S>
        requires requires(F const& f, std::string_view t, std::chrono::system_clock::time_point n, S& s) {
            { f.read(t, n, s) } -> std::same_as<result<void>>;
            { s.info() } -> std::same_as<access_token_info&>;
        }
    [[nodiscard]] bearer_scratch_result validate_token(std::string_view token, std::chrono::system_clock::time_point now,
                                                       std::string_view required_scope, bearer_scratch<S>& scratch) const {
        if (!oauth::is_scope_or_empty(required_scope)) return detail::refused_bearer_call();
        return read_and_check(token, now, required_scope, scratch);
    }

    /// RFC 6750 §3.1, RFC 9728 §5.1, MCP 2025-11-25 "Scope Selection Strategy": the response to a request
    /// without a token (401, no error attribute) for an operation needing `required_scope`; its scope is
    /// challenge_scope (and `required_scope`, with challenge_with_required_scope), omitted when empty. A
    /// malformed `required_scope` or challenge_scope refuses the call (500, no challenge).
    [[nodiscard]] bearer_rejection challenge(std::string_view required_scope = {}) const {
        if (!oauth::is_scope_or_empty(required_scope)) return detail::refused_bearer_call();
        auto const scope = challenge_scope_for(required_scope);
        if (!scope) return detail::refused_bearer_call();
        return make_bearer_rejection(error::missing_argument, 401, {}, "a bearer token is required", *scope,
                                     config_.resource_metadata);
    }

    [[nodiscard]] bearer_validator_config const& config() const noexcept { return config_; }

private:
    // RFC 6750 §2.1: validate's first steps, shared by both overloads. A malformed `required_scope` refuses the
    // call; no Bearer credential is the 401 challenge, an ill-formed one 400 invalid_request. Otherwise `token`
    // is the credential (a view of `req`) and nothing is returned.
    [[nodiscard]] std::optional<bearer_rejection> bearer_token_of(http_request const& req,
                                                                  std::string_view required_scope,
                                                                  std::string_view& token) const {
        if (!oauth::is_scope_or_empty(required_scope)) return detail::refused_bearer_call();
        auto const cred = extract_bearer_token(req);
        switch (cred.state) {
        case bearer_credential::status::absent: return challenge(required_scope);
        case bearer_credential::status::malformed:
            return make_bearer_rejection(error::malformed_header, 400, "invalid_request",
                                         "malformed Authorization header", {}, config_.resource_metadata);
        case bearer_credential::status::present: break;
        }
        token = cred.token;
        return std::nullopt;
    }

    // validate_token after its scope check (`required_scope` is well-formed): read the token, then check().
    [[nodiscard]] bearer_result read_and_check(std::string_view token, std::chrono::system_clock::time_point now,
                                               std::string_view required_scope) const {
        auto info = format_->read(token, now);
        if (!info) return invalid_token(info.error(), required_scope);
        if (auto refused = check(*info, now, required_scope)) return std::move(*refused);
        return bearer_identity{std::move(info->subject), std::move(info->client_id), std::move(info->scope),
                               info->expires_at,          config_.resource,           std::move(info->issuer),
                               std::move(info->jti),      std::move(info->family_id), std::move(info->claims)};
    }

    // The same into `scratch` (see the validate overload with a scratch).
    template <class S>
    [[nodiscard]] bearer_scratch_result read_and_check(std::string_view token,
                                                       std::chrono::system_clock::time_point now,
                                                       std::string_view required_scope,
                                                       bearer_scratch<S>& scratch) const {
        auto& id = scratch.identity_;
        // The previous call's custom claims go back to the reader's memory first, so that it can be reused.
        // (Nothing to give back when they hold no memory: never built since the last call.)
        if (id.claims.capacity() != 0) id.claims = boost::json::object(id.claims.storage());
        if (auto r = format_->read(token, now, scratch.reader_); !r) return invalid_token(r.error(), required_scope);
        // A reader that keeps the custom claims unbuilt hands the info over without building them (identity()
        // builds them when asked).
        bool deferred = false;
        access_token_info* read_info = nullptr;
        if constexpr (requires(S& s) {
                          { deferred_custom_claims(s).pending } -> std::convertible_to<bool>;
                          { unbuilt_info(s) } -> std::same_as<access_token_info&>;
                      }) {
            deferred = deferred_custom_claims(scratch.reader_).pending;
            read_info = &unbuilt_info(scratch.reader_);
        } else {
            read_info = &scratch.reader_.info();
        }
        auto& info = *read_info;
        if (auto refused = check(info, now, required_scope)) return std::move(*refused);
        id.subject.assign(info.subject);
        id.client_id.assign(info.client_id);
        id.scope.assign(info.scope);
        id.expires_at = info.expires_at;
        id.resource.assign(config_.resource);
        id.issuer.assign(info.issuer);
        id.jti.assign(info.jti);
        id.family_id.assign(info.family_id);
        if (id.claims.storage().get() != info.claims.storage().get()) {
            std::destroy_at(&id.claims);
            std::construct_at(&id.claims, info.claims.storage());
        }
        if (!deferred) id.claims = std::move(info.claims);  // same memory resource: no copy
        return {};
    }

    // The scope of a 401 challenge for a call needing `required_scope` (already checked); nullopt when the
    // configured challenge_scope is malformed.
    [[nodiscard]] std::optional<std::string> challenge_scope_for(std::string_view required_scope) const {
        return detail::scope_union(config_.challenge_scope,
                                   config_.challenge_with_required_scope ? required_scope : std::string_view{});
    }

    // The checks after the token was read: audience, revocation, scope. A rejection, or nullopt.
    [[nodiscard]] std::optional<bearer_rejection> check(access_token_info const& info,
                                                        std::chrono::system_clock::time_point now,
                                                        std::string_view required_scope) const {
        bool for_us = false;
        for (auto const& a : info.audience) for_us = for_us || a == config_.resource;
        if (!for_us) return invalid_token(error::wrong_audience, required_scope);
        auto revoked = revocations_->is_revoked(info.family_id, info.jti, now);
        if (!revoked) {  // fail closed: a token whose revocation status is unknown is not accepted
            auto const scope = challenge_scope_for(required_scope);
            if (!scope) return detail::refused_bearer_call();
            return make_bearer_rejection(revoked.error(), 401, "invalid_token", "revocation status unavailable",
                                         *scope, config_.resource_metadata);
        }
        if (*revoked) return invalid_token(error::token_revoked, required_scope);
        if (oauth::any_scope_token(required_scope, [&](std::string_view t) {
                return !t.empty() && !oauth::scope_contains(info.scope, t);
            })) {
            std::optional<std::string> scope(required_scope);
            // The granted scope came out of an authentic token, but is checked like any other input.
            if (config_.insufficient_scope_with_granted) scope = detail::scope_union(info.scope, required_scope);
            if (!scope) return detail::refused_bearer_call();
            return make_bearer_rejection(error::insufficient_scope, 403, "insufficient_scope", "insufficient scope",
                                         *scope, config_.resource_metadata);
        }
        return std::nullopt;
    }

    [[nodiscard]] bearer_rejection invalid_token(error_code why, std::string_view required_scope) const {
        auto const scope = challenge_scope_for(required_scope);
        if (!scope) return detail::refused_bearer_call();
        return make_bearer_rejection(why, 401, "invalid_token", detail::describe_token_failure(why), *scope,
                                     config_.resource_metadata);
    }

    F const* format_;
    V const* revocations_;
    bearer_validator_config config_;
};

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/bearer_validator.ipp>
#endif
