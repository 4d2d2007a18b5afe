#pragma once
// authwire — the JOSE layer: JWK, JWS, JWE, JWT and nested tokens (RFC 7515–7519, 7638, 8037).

#include <authwire/jose/algorithm.hpp>
#include <authwire/jose/jwe.hpp>
#include <authwire/jose/jwk.hpp>
#include <authwire/jose/jwk_set.hpp>
#include <authwire/jose/jws.hpp>
#include <authwire/jose/jwt.hpp>
#include <authwire/jose/key_binding.hpp>
#include <authwire/jose/key_ring.hpp>
#include <authwire/jose/key_set.hpp>
#include <authwire/jose/nested.hpp>
