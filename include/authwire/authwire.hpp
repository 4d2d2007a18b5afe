#pragma once
// authwire — everything: a header-only, sans-IO C++20 toolkit for OAuth 2.0 / 2.1 and JOSE.

#include <authwire/core.hpp>
#include <authwire/jose.hpp>
#include <authwire/oauth.hpp>
#include <authwire/server.hpp>
#include <authwire/client.hpp>
