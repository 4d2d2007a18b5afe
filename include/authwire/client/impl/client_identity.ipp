#pragma once
// authwire — the definitions of <authwire/client/client_identity.hpp>. Included at the end of that header (header-only,
// the default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/client/client_identity.hpp>

namespace authwire::client {

AUTHWIRE_DECL result<client_identity> choose_client_identity(oauth::authorization_server_metadata const& as,
                                                             bool has_pre_registered,
                                                             std::string_view metadata_document_url) {
    if (!metadata_document_url.empty() && !is_client_id_metadata_document_url(metadata_document_url))
        return error::invalid_url;
    if (has_pre_registered) return client_identity::pre_registered;
    if (!metadata_document_url.empty() && as.supports_client_id_metadata_documents())
        return client_identity::metadata_document;
    if (as.registration_endpoint && !as.registration_endpoint->empty()) return client_identity::dynamic_registration;
    return error::unsupported_operation;
}

}  // namespace authwire::client
