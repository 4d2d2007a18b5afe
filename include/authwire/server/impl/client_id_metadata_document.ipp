#pragma once
// authwire — the definitions of <authwire/server/client_id_metadata_document.hpp>. Included at the end of that header (header-only, the
// default) or compiled once by <authwire/src.hpp> (AUTHWIRE_SEPARATE_COMPILATION); not for direct use.

#include <authwire/server/client_id_metadata_document.hpp>

namespace authwire::server {

// The library's own implementations model the concepts they are written for (checked once, here).
static_assert(client_store<client_id_metadata_document_store<memory_client_store>>);

}  // namespace authwire::server
