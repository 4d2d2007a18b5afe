#pragma once
// authwire — the definitions of <authwire/server/revocation_endpoint.hpp>. Included at the end of that header
// (header-only, the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct
// use.

#include <authwire/server/revocation_endpoint.hpp>

namespace authwire::server::detail {

AUTHWIRE_DECL revocation_result revocation_answer(revocation_outcome o) {
    switch (o) {
        case revocation_outcome::access_token_revoked:
        case revocation_outcome::refresh_family_revoked:
        case revocation_outcome::unknown_token: {
            http_response r;  // RFC 7009 §2.2: 200, the body is ignored by the client
            r.status = 200;
            set_no_store(r.headers);
            return {std::move(r), o};
        }
        case revocation_outcome::foreign_token:
            return {json_error_response(error::unauthorized_client, "the token was not issued to this client"), o};
        case revocation_outcome::store_failure:
            return {json_error_response(error::temporarily_unavailable, "the token could not be revoked; retry later"),
                    o};
        case revocation_outcome::refused:
            break;
    }
    return {internal_error_response(), revocation_outcome::store_failure};
}

}  // namespace authwire::server::detail
