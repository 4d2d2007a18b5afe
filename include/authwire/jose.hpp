#pragma once
// authwire — the JOSE layer: JWK, JWS, JWE, JWT and nested tokens (RFC 7515–7519, 7638, 8037).
