#pragma once
// authwire — internal: the RFC 9068 §2.2 claims of an access token, written from a grant and read back into an
// access_token_info; shared by every JWT access-token format (nested in token_issuer.hpp, signed in
// signed_jwt_access_token.hpp) so that they mint and read exactly the same claims.

#include <authwire/core/detail/config.hpp>
#include <authwire/core/random.hpp>
#include <authwire/core/result.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/server/access_token.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace authwire::server::detail {

// The private claim that carries the grant's refresh-token family (public as server::family_claim_name).
inline constexpr std::string_view family_claim = "fid";

// RFC 9068 §2.2: the claims the issuer sets itself (public as server::is_reserved_access_token_claim).
[[nodiscard]] AUTHWIRE_DECL bool is_reserved_claim(std::string_view name) noexcept;

// RFC 9068 §2.2: the claims of a token for `grant` issued at `now` (floored to seconds) for `lifetime`: iss,
// sub, aud, iat, exp, a fresh 128-bit jti from `rng`, client_id, scope, "fid" (when the grant has a family)
// and the grant's custom claims. A grant without subject, client_id or audience is error::missing_argument;
// a custom claim with a reserved name error::invalid_argument.
[[nodiscard]] AUTHWIRE_DECL result<jose::jwt_claims> access_token_claims(access_token_grant const& grant,
                                                                         std::string_view issuer,
                                                                         std::chrono::system_clock::time_point now,
                                                                         std::chrono::seconds lifetime,
                                                                         random_source rng);

// A string claim taken out of the custom claims: absent is "" (or error::missing_claim when required).
[[nodiscard]] AUTHWIRE_DECL result<std::string> take_string_claim(boost::json::object& custom, std::string_view name,
                                                                  bool required);

// RFC 9068 §2.2, §4: what a verified token's claims say, for claims already checked for iss, exp and iat by
// jose::validate_jwt_claims: sub, jti and client_id must be present (error::missing_claim); scope and "fid" are
// optional strings (error::wrong_member_type otherwise); what remains are the custom claims.
[[nodiscard]] AUTHWIRE_DECL result<access_token_info> access_token_info_from(jose::jwt_claims&& claims);

// access_token_info_from into `info`, reusing the capacity of its strings and vector (the scratch overload of
// jwt_access_token_format::read): same checks, same order, same errors. The custom claims are moved into
// info.claims (no copy when both use the same memory resource). On failure `info` is unspecified.
// With `deferred` pending (the custom claims kept unbuilt by the scratch overloads, see jose::jwt_scratch), the
// three claims are read from it and removed from it as they would be erased from the built object; what remains
// there are info's custom claims, and info.claims is left as it was (empty).
[[nodiscard]] AUTHWIRE_DECL result<void> access_token_info_into(jose::jwt_claims& claims, access_token_info& info,
                                                                jose::detail::deferred_object* deferred = nullptr);

}  // namespace authwire::server::detail

#if AUTHWIRE_DEFINITIONS
#include <authwire/server/detail/impl/access_token_claims.ipp>
#endif
