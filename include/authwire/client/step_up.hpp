#pragma once
// authwire — step-up authorization (RFC 6750 §3.1 `insufficient_scope`, MCP 2025-11-25 "Scope Challenge
// Handling"): reading a resource's challenge, the scope to ask for next, and a bound on the attempts.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/http_message.hpp>
#include <authwire/core/result.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/www_authenticate.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace authwire::client {

/// Why a resource asks the client to authorize (again).
enum class challenge_reason {
    /// 401: no token, or `error="invalid_token"` — authorize as at first (see select_scope), with the
    /// challenge's scope when it names one.
    authorization_required,
    /// 403 with `error="insufficient_scope"`: the token is valid but lacks scope — step up (RFC 6750 §3.1).
    insufficient_scope,
};

/// RFC 6750 §3 / RFC 9728 §5.1: what a resource's Bearer challenge asks of the client.
struct scope_challenge {
    challenge_reason reason = challenge_reason::authorization_required;
    std::optional<oauth::scope_set> scope{};           ///< the scope the operation needs, when named
    std::optional<std::string> resource_metadata{};    ///< RFC 9728 §5.1, when given
    std::optional<error_response> error{};             ///< the challenge's error and description, with the status
};

/// RFC 6750 §3 and §3.1: read a resource's answer as an authorization challenge, or nullopt when it is none:
///  - 401 is always one (authorization_required); its Bearer challenge, if any, gives `scope`,
///    `resource_metadata` and `error` (e.g. invalid_token). Parameters may come in any order, with others
///    among them; a malformed WWW-Authenticate or scope is ignored, as discovery ignores it.
///  - 403 is one only when its Bearer challenge says `error="insufficient_scope"` (anything else forbidden is
///    not cured by authorizing again); its `scope` must then follow RFC 6749 §3.3 (error::malformed_header),
///    and a malformed WWW-Authenticate is error::malformed_header.
///  - Every other status is nullopt. The scope is read from the challenge only, never from a response body.
[[nodiscard]] AUTHWIRE_DECL result<std::optional<scope_challenge>> parse_scope_challenge(http_response const& resp);

/// MCP "Step-Up Authorization Flow" step 2: the scope to request next — the union of the scope already
/// requested (or granted) and the challenged one, so that permissions other operations need are kept.
/// Order: the held tokens first, then the new ones.
[[nodiscard]] AUTHWIRE_DECL oauth::scope_set step_up_scope(oauth::scope_set const& held, oauth::scope_set const& challenged);

/// MCP "Scope Challenge Handling": SHOULD bound the authorizations per resource and operation, so that a server
/// that never grants enough scope does not loop the client (or its user) through consent forever. Counts the
/// authorizations started for each operation — a key the caller chooses, such as "POST https://rs/mcp
/// tools/call" — and refuses once `max_attempts` were made (error::too_many_attempts). Not thread-safe: one per
/// session, guarded by its owner.
class step_up_policy {
public:
    explicit step_up_policy(std::size_t max_attempts = 3) noexcept : max_(max_attempts) {}

    /// RFC 6750 §3.1, MCP "Step-Up Authorization Flow": record one authorization for `operation` in answer to
    /// `challenge`, and return the scope to request:
    ///  - insufficient_scope: step_up_scope(`requested`, the challenged scope); a challenge without a scope is
    ///    error::missing_member (authorizing again for the same scope would not help);
    ///  - authorization_required: the challenged scope when it names one (as for the first request), else
    ///    `requested` — the scope chosen so far (see select_scope).
    /// When the operation has used up its attempts, nothing is recorded and error::too_many_attempts is
    /// returned: treat it as a permanent authorization failure.
    [[nodiscard]] result<oauth::scope_set> authorize(std::string_view operation, scope_challenge const& challenge,
                                                     oauth::scope_set const& requested);

    /// The operation succeeded with the new authorization: its count starts again.
    void succeeded(std::string_view operation);

    /// How many authorizations were started for `operation` since it last succeeded.
    [[nodiscard]] std::size_t attempts(std::string_view operation) const;

    [[nodiscard]] std::size_t max_attempts() const noexcept { return max_; }

private:
    std::size_t max_;
    std::map<std::string, std::size_t, std::less<>> attempts_;
};

} // namespace authwire::client

#if AUTHWIRE_DEFINITIONS
#include <authwire/client/impl/step_up.ipp>
#endif
