#pragma once
// authwire — the definitions of <authwire/server/authorization_code.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/authorization_code.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL result<secret> prepare_authorization_code(authorization_code_record& record,
                                                        std::chrono::system_clock::time_point now,
                                                        authorization_code_policy const& policy, token_hash& hash) {
    if (record.client_id.empty() || record.redirect_uri.empty()) return error::missing_argument;
    if (policy.lifetime <= std::chrono::seconds::zero()) return error::invalid_argument;
    if (record.code_challenge.empty()) {
        if (policy.require_pkce) return error::pkce_required;
    } else {
        if (record.code_challenge_method == oauth::code_challenge_method::plain && !policy.allow_plain_pkce)
            return error::pkce_required;
        if (!detail::is_valid_code_challenge(record.code_challenge, record.code_challenge_method))
            return error::invalid_argument;
    }
    record.issued_at = now;
    record.expires_at = now + policy.lifetime;
    auto code = generate_opaque_token(policy.rng);
    if (!code) return code.error();
    auto h = hash_token(code->reveal());
    if (!h) return h.error();
    hash = *h;
    return code;
}

AUTHWIRE_DECL grant_error code_grant_failure(grant_failure why, error_code ec) {
    return grant_error{why, grant_kind::authorization_code, {}, ec};
}

AUTHWIRE_DECL std::optional<grant_error> code_redemption_hash(std::string_view code, token_hash& hash) {
    if (!is_plausible_token(code)) return code_grant_failure(grant_failure::malformed);
    auto h = hash_token(code);
    if (!h) return code_grant_failure(grant_failure::store_failure, h.error());
    hash = *h;
    return std::nullopt;
}

AUTHWIRE_DECL grant_result<redeemed_authorization_code> redemption_outcome(result<code_consumption>& consumed,
                                                                           code_redemption const& request,
                                                                           token_hash const& hash,
                                                                           authorization_code_policy const& policy) {
    auto fail = [](grant_failure why, error_code ec = {}) { return code_grant_failure(why, ec); };
    if (!consumed) return fail(grant_failure::store_failure, consumed.error());

    switch (consumed->status) {
        case code_status::unknown:
            return fail(grant_failure::unknown);
        case code_status::expired:
            return fail(grant_failure::expired);
        case code_status::reused:
            return fail(grant_failure::reused);  // no grant recorded: nothing to revoke
        case code_status::consumed:
            break;
    }
    auto& rec = consumed->record;
    if (rec.client_id != request.client_id) return fail(grant_failure::client_mismatch);
    if (rec.redirect_uri_in_request || request.redirect_uri) {
        if (!request.redirect_uri || *request.redirect_uri != rec.redirect_uri)
            return fail(grant_failure::redirect_uri_mismatch);
    }
    if (rec.code_challenge.empty()) {
        if (request.code_verifier) return fail(grant_failure::pkce_verifier_unexpected);
        if (policy.require_pkce) return fail(grant_failure::pkce_required);
    } else {
        if (!request.code_verifier) return fail(grant_failure::pkce_verifier_missing);
        if (rec.code_challenge_method == oauth::code_challenge_method::plain && !policy.allow_plain_pkce)
            return fail(grant_failure::pkce_method_not_allowed);
        if (!oauth::verify_code_verifier(*request.code_verifier, rec.code_challenge, rec.code_challenge_method))
            return fail(grant_failure::pkce_verifier_mismatch);
    }
    return redeemed_authorization_code{std::move(rec), hash};
}

}  // namespace authwire::server::detail
