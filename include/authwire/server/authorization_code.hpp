#pragma once
// authwire — authorization codes (RFC 6749 §4.1.2–4.1.3, §10.5; RFC 7636 §4.6; RFC 9700 §2.1.1, §4.8): issuing
// a short-lived single-use code bound to the client, redirect URI, PKCE challenge, scope, resources and user, and
// redeeming it at the token endpoint — with reuse revoking what the code's first use issued.
//
// The token endpoint, for grant_type=authorization_code (after authenticating the client):
//
//     auto code = redeem_authorization_code(codes, refresh_tokens, revocations,
//                                           {form code, client_id, form redirect_uri, form code_verifier}, now, policy);
//     if (!code) return respond(code.error().to_error_response());          // invalid_grant (or server_error)
//     auto grant = start_refresh_family(refresh_tokens, {.client_id = …, .subject = code->record.subject, …},
//                                       now, refresh_policy);               // one family per grant
//     if (auto r = record_code_exchange(codes, refresh_tokens, revocations, code->code_hash, grant->family_id,
//                                       now, policy); !r)
//         return respond(r.error().to_error_response());                    // reused meanwhile: grant revoked
//     issue the access token with grant->family_id; return it with grant->refresh_token.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/grant_error.hpp>
#include <authwire/server/opaque_token.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_store.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace authwire::server {

/// The authorization-code configuration of an authorization server. The defaults follow OAuth 2.1 and
/// RFC 9700: 60-second codes, PKCE required, S256 only.
struct authorization_code_policy {
    /// How long a code may wait to be redeemed (RFC 6749 §4.1.2 recommends at most 10 minutes).
    std::chrono::seconds lifetime{60};
    /// Every code must carry a code_challenge (RFC 9700 §2.1.1; OAuth 2.1).
    bool require_pkce = true;
    /// Accept code_challenge_method=plain (RFC 7636 §4.2). Off: S256 only.
    bool allow_plain_pkce = false;
    /// The longest access-token lifetime. With access_token_leeway, how long a grant revoked because of code
    /// reuse stays on the revocation list. The token endpoint refuses to issue (500 server_error) a token that
    /// would outlive it.
    std::chrono::seconds access_token_lifetime = std::chrono::hours(1);
    /// The clock skew the access-token format allows past "exp" (jwt_access_token_options::leeway): a token
    /// is accepted until exp + leeway, so a revocation lasts access_token_lifetime + access_token_leeway.
    std::chrono::seconds access_token_leeway{0};
    /// Where codes come from.
    random_source rng{};
};

/// The token request's parameters that a code is checked against (RFC 6749 §4.1.3, RFC 7636 §4.5).
struct code_redemption {
    std::string_view code;                          ///< `code`
    std::string_view client_id;                     ///< the authenticated client (or `client_id` of a public one)
    std::optional<std::string_view> redirect_uri;   ///< `redirect_uri`, when sent
    std::optional<std::string_view> code_verifier;  ///< `code_verifier`, when sent
};

/// A redeemed code: what it stood for, and its hash for record_code_exchange.
struct redeemed_authorization_code {
    authorization_code_record record;
    token_hash code_hash;
};

namespace detail {

// RFC 7636 §4.2: an S256 code_challenge is BASE64URL(32 octets) = 43 characters; a plain one is a verifier.
[[nodiscard]] constexpr bool is_valid_code_challenge(std::string_view c, oauth::code_challenge_method m) noexcept {
    if (m == oauth::code_challenge_method::plain) return oauth::is_valid_code_verifier(c);
    if (c.size() != 43) return false;
    for (char const ch : c)
        if (authwire::detail::base64url_reverse[static_cast<unsigned char>(ch)] == authwire::detail::invalid_sextet)
            return false;
    return true;
}

// issue_authorization_code() but the store: the checks, the record's instants, a fresh code, and its hash (in
// `hash`).
[[nodiscard]] AUTHWIRE_DECL result<secret> prepare_authorization_code(authorization_code_record& record,
                                                                      std::chrono::system_clock::time_point now,
                                                                      authorization_code_policy const& policy,
                                                                      token_hash& hash);

[[nodiscard]] AUTHWIRE_DECL grant_error code_grant_failure(grant_failure why, error_code ec = {});

// redeem_authorization_code() before the store: the presented code's hash (in `hash`), or why not.
[[nodiscard]] AUTHWIRE_DECL std::optional<grant_error> code_redemption_hash(std::string_view code, token_hash& hash);

// redeem_authorization_code() once the store consumed the code, but a reuse that revokes a grant (the caller's
// stores): the redeemed code, or why it is refused.
[[nodiscard]] AUTHWIRE_DECL grant_result<redeemed_authorization_code> redemption_outcome(
    result<code_consumption>& consumed, code_redemption const& request, token_hash const& hash,
    authorization_code_policy const& policy);

} // namespace detail

/// RFC 6749 §4.1.2, RFC 7636 §4.4: issue a code for an approved authorization request. `record` carries the
/// bindings (client_id, redirect_uri, code_challenge + method, scope, resources, subject, nonce, claims);
/// issued_at and expires_at are set from `now` and the policy. Refuses (error::pkce_required) a record without
/// a code_challenge when PKCE is required, or with plain when plain is not allowed. Returns the code for the
/// authorization response; the store keeps only its SHA-256.
template <code_store C>
[[nodiscard]] result<secret> issue_authorization_code(C& codes, authorization_code_record record,
                                                      std::chrono::system_clock::time_point now,
                                                      authorization_code_policy const& policy = {}) {
    token_hash hash;
    auto code = detail::prepare_authorization_code(record, now, policy, hash);
    if (!code) return code.error();
    if (auto r = codes.store_code(hash, std::move(record)); !r) return r.error();
    return code;
}

/// RFC 6749 §4.1.3 and §10.5, RFC 7636 §4.6, RFC 9700 §4.8.2: redeem a code, once. The code is spent by this
/// call whatever follows — also when another client presents it: a code that reached another client has leaked
/// from its authorization response, and burning it keeps it from being redeemed by anyone who holds it; its
/// client starts a new authorization (its later attempt is `reused`, with nothing revoked since nothing was
/// issued). Refused (invalid_grant) when unknown, expired, issued to another client, sent with a
/// different redirect_uri (or without the one the authorization request carried), or when PKCE fails: a
/// missing verifier, a verifier for a code issued without a challenge (downgrade), a wrong verifier, plain
/// when only S256 is allowed, or no challenge at all while PKCE is required. A code presented again is
/// `reused`: the grant its first use started, if any, is revoked (refresh and access tokens), and its id
/// reported (revoked_family_id; empty when the first use issued nothing).
template <code_store C, refresh_store R, revocation_store V>
[[nodiscard]] grant_result<redeemed_authorization_code>
redeem_authorization_code(C& codes, R& refresh_tokens, V& revocations, code_redemption const& request,
                          std::chrono::system_clock::time_point now, authorization_code_policy const& policy = {}) {
    token_hash hash;
    if (auto failed = detail::code_redemption_hash(request.code, hash)) return std::move(*failed);
    auto consumed = codes.consume_code(hash, now);
    if (consumed && consumed->status == code_status::reused && !consumed->family_id.empty()) {
        // RFC 6749 §4.1.2: "SHOULD revoke (when possible) all tokens previously issued based on that code".
        auto r = revoke_refresh_family(refresh_tokens, revocations, consumed->family_id, now,
                                       detail::revocation_retention(policy));
        if (!r) return detail::code_grant_failure(grant_failure::store_failure, r.error());
        return grant_error{grant_failure::reused, grant_kind::authorization_code, consumed->family_id, {}};
    }
    return detail::redemption_outcome(consumed, request, hash, policy);
}

/// RFC 6749 §4.1.2 and §10.5: record that the redeemed code started grant `family_id`, so that a later reuse
/// revokes it. If the code was presented again while the tokens were being issued, the grant is revoked now
/// and the exchange is refused as `reused` (do not send the tokens).
template <code_store C, refresh_store R, revocation_store V>
[[nodiscard]] grant_result<void> record_code_exchange(C& codes, R& refresh_tokens, V& revocations,
                                                      token_hash const& code_hash, std::string_view family_id,
                                                      std::chrono::system_clock::time_point now,
                                                      authorization_code_policy const& policy = {}) {
    auto fail = [](grant_failure why, error_code ec = {}) {
        return grant_error{why, grant_kind::authorization_code, {}, ec};
    };
    if (family_id.empty()) return fail(grant_failure::store_failure, error::missing_argument);
    auto reused = codes.mark_exchanged(code_hash, family_id);
    if (!reused) return fail(grant_failure::store_failure, reused.error());
    if (!*reused) return {};
    auto r = revoke_refresh_family(refresh_tokens, revocations, family_id, now, detail::revocation_retention(policy));
    if (!r) return fail(grant_failure::store_failure, r.error());
    return grant_error{grant_failure::reused, grant_kind::authorization_code, std::string(family_id), {}};
}

} // namespace authwire::server

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/impl/authorization_code.ipp>
#endif
