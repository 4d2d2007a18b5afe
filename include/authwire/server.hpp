#pragma once
// authwire — the server layer: sans-IO authorization-server and resource-server endpoints.

#include <authwire/server/redirect_uri_policy.hpp>
