#pragma once
// authwire — the access-token format contract of an authorization server (RFC 6749 §1.4, RFC 9068 §2.2): what
// an access token stands for, what issuing one returns, and what reading one back yields. The token endpoint
// issues through it; the bearer validator, revocation and introspection endpoints read through it. Formats:
// JWE(dir, A256GCM) ∘ JWS(HS256) in token_issuer.hpp, and an opaque alternative.

#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/core/secret.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <concepts>
#include <string>
#include <string_view>
#include <vector>

namespace authwire::server {

/// RFC 9068 §2.2: what an access token is issued for. The token endpoint fills it from the grant.
struct access_token_grant {
    std::string subject;                 ///< "sub": the end user (or the client, for client_credentials)
    std::string client_id;               ///< "client_id"
    std::string scope;                   ///< "scope": space-separated, already validated
    std::vector<std::string> audience;   ///< "aud": the resource(s) the token is for (RFC 8707)
    std::string family_id;               ///< the refresh-token family (grant) it descends from; empty for none
    boost::json::object claims;          ///< custom claims (e.g. an API key); never override registered ones
};

/// An access token just issued (RFC 6749 §5.1 access_token / expires_in).
struct issued_access_token {
    secret access_token;                              ///< the token the client receives
    std::string jti;                                  ///< its unique id (RFC 7519 §4.1.7), for revocation
    std::chrono::seconds expires_in{};                ///< lifetime, for the token response
    std::chrono::system_clock::time_point expires_at; ///< issued_at + expires_in
};

/// RFC 9068 §4, RFC 7662 §2.2: an access token read back and found authentic and unexpired at `now`. Whether it
/// is for *this* resource, has the needed scope, or was revoked is the caller's check (bearer_validator).
struct access_token_info {
    std::string issuer;                               ///< "iss"
    std::string subject;                              ///< "sub"
    std::string client_id;                            ///< "client_id"
    std::string scope;                                ///< "scope"
    std::vector<std::string> audience;                ///< "aud"
    std::string family_id;                            ///< the grant it descends from ("" for none)
    std::string jti;                                  ///< "jti"
    std::chrono::system_clock::time_point issued_at;  ///< "iat"
    std::chrono::system_clock::time_point expires_at; ///< "exp"
    boost::json::object claims;                       ///< the custom claims, as issued
};

/// RFC 9068 §4, RFC 6750 §3.1: what reads access tokens back — every access_token_format, and readers that
/// cannot issue, such as a resource server's validator of another authorization server's tokens
/// (jwks_access_token_validator). `read(token, now)` as in access_token_format below.
template <class R>
concept access_token_reader = requires(R const& r, std::string_view token, std::chrono::system_clock::time_point now) {
    { r.read(token, now) } -> std::same_as<result<access_token_info>>;
};

/// The access-token format contract. Every call is const and safe to call concurrently.
/// - `issue(grant, now, rng)`: a fresh token for `grant`, valid from `now` for the format's lifetime.
/// - `read(token, now)`: authenticate and decode a presented token; typed errors from core/error.hpp
///   (error::decryption_failed, error::signature_invalid, error::token_expired, error::malformed_token …)
///   so that a resource server can describe each in its 401 invalid_token. Never throws on untrusted input.
/// - `leeway()`: how long past its `expires_at` read() still accepts a token (clock skew); zero for a format
///   that refuses a token at its expiry. A token stays usable until `expires_at + leeway()`, so a revocation
///   of it must last that long (the revocation and token endpoints rely on this).
template <class F>
concept access_token_format = access_token_reader<F> &&
    requires(F const& f, access_token_grant const& grant, std::chrono::system_clock::time_point now, random_source rng) {
        { f.issue(grant, now, rng) } -> std::same_as<result<issued_access_token>>;
        { f.leeway() } noexcept -> std::same_as<std::chrono::seconds>;
    };

} // namespace authwire::server
