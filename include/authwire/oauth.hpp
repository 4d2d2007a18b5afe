#pragma once
// authwire — the OAuth message layer: what both sides of the wire say to each other.

#include <authwire/oauth/api_key.hpp>
#include <authwire/oauth/authorization_request.hpp>
#include <authwire/oauth/authorization_response.hpp>
#include <authwire/oauth/client_authentication.hpp>
#include <authwire/oauth/client_id_metadata_document.hpp>
#include <authwire/oauth/device.hpp>
#include <authwire/oauth/error_response.hpp>
#include <authwire/oauth/host_class.hpp>
#include <authwire/oauth/id_token.hpp>
#include <authwire/oauth/introspection.hpp>
#include <authwire/oauth/jwks.hpp>
#include <authwire/oauth/metadata/authorization_server.hpp>
#include <authwire/oauth/metadata/protected_resource.hpp>
#include <authwire/oauth/metadata/well_known.hpp>
#include <authwire/oauth/par.hpp>
#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/redaction.hpp>
#include <authwire/oauth/registration.hpp>
#include <authwire/oauth/revocation.hpp>
#include <authwire/oauth/scope.hpp>
#include <authwire/oauth/state.hpp>
#include <authwire/oauth/token_request.hpp>
#include <authwire/oauth/token_response.hpp>
#include <authwire/oauth/token_type_hint.hpp>
#include <authwire/oauth/www_authenticate.hpp>
