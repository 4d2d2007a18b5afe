#pragma once
// authwire — the client layer: drivers that run the OAuth messages over a user-supplied http_executor.

#include <authwire/client/address_policy.hpp>
#include <authwire/client/client_credentials.hpp>
#include <authwire/client/client_identity.hpp>
#include <authwire/client/code_flow.hpp>
#include <authwire/client/device_flow.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/refresh.hpp>
#include <authwire/client/registration.hpp>
#include <authwire/client/scope_selection.hpp>
#include <authwire/client/step.hpp>
#include <authwire/client/step_up.hpp>
#include <authwire/client/token_introspection.hpp>
#include <authwire/client/token_manager.hpp>
#include <authwire/client/token_revocation.hpp>
