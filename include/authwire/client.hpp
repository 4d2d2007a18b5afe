#pragma once
// authwire — the client layer: drivers that run the OAuth messages over a user-supplied http_executor.

#include <authwire/client/code_flow.hpp>
#include <authwire/client/discovery.hpp>
#include <authwire/client/step.hpp>
#include <authwire/client/token_manager.hpp>
