#pragma once
// authwire — the server layer: sans-IO authorization-server and resource-server endpoints.

#include <authwire/server/access_token.hpp>
#include <authwire/server/access_token_keys.hpp>
#include <authwire/server/authorization_code.hpp>
#include <authwire/server/authorization_endpoint.hpp>
#include <authwire/server/authorization_server_config.hpp>
#include <authwire/server/bearer_validator.hpp>
#include <authwire/server/client_authentication.hpp>
#include <authwire/server/client_secret.hpp>
#include <authwire/server/client_store.hpp>
#include <authwire/server/code_store.hpp>
#include <authwire/server/endpoint_request.hpp>
#include <authwire/server/endpoint_response.hpp>
#include <authwire/server/grant_error.hpp>
#include <authwire/server/introspection_endpoint.hpp>
#include <authwire/server/metadata_documents.hpp>
#include <authwire/server/opaque_token.hpp>
#include <authwire/server/redirect_uri_policy.hpp>
#include <authwire/server/registration_endpoint.hpp>
#include <authwire/server/refresh_rotation.hpp>
#include <authwire/server/refresh_store.hpp>
#include <authwire/server/revocation_endpoint.hpp>
#include <authwire/server/revocation_store.hpp>
#include <authwire/server/signed_jwt_access_token.hpp>
#include <authwire/server/token_endpoint.hpp>
#include <authwire/server/token_issuer.hpp>
