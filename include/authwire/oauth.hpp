#pragma once
// authwire — the OAuth message layer: what both sides of the wire say to each other.

#include <authwire/oauth/pkce.hpp>
#include <authwire/oauth/state.hpp>
