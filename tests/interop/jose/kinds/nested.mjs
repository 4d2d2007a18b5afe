// authwire interop — nested JWT cases on the npm `jose` side (the authwire side is kind_nested.cpp).
import * as jose from 'jose';

export const audience = 'https://mcp.example.com/mcp';

function b64u(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

// A nested JWT from jose for authwire to validate: SignJWT (HS256, typ at+jwt), then CompactEncrypt (cty JWT).
export async function mint(c) {
  const sig = crypto.getRandomValues(new Uint8Array(32));
  const enc = crypto.getRandomValues(new Uint8Array(32));
  const now = Math.floor(Date.now() / 1000);
  const inner = await new jose.SignJWT({ api_key: 'rp_live_jose_interop' })
    .setProtectedHeader({ alg: c.inner_alg, kid: 'jose-sig', typ: 'at+jwt' })
    .setSubject('user-jose')
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(sig);
  const token = await new jose.CompactEncrypt(new TextEncoder().encode(inner))
    .setProtectedHeader({ alg: c.alg, enc: c.enc, kid: 'jose-enc', cty: 'JWT' })
    .encrypt(enc);
  return {
    kind: 'nested', alg: c.alg, enc: c.enc, inner_alg: c.inner_alg, token, audience,
    signing_jwk: { kty: 'oct', kid: 'jose-sig', k: b64u(sig) },
    encryption_jwk: { kty: 'oct', kid: 'jose-enc', k: b64u(enc) },
    sub: 'user-jose', api_key: 'rp_live_jose_interop',
  };
}

// Validate a nested JWT authwire minted: compactDecrypt with the JWE key, then jwtVerify with the JWS key.
export async function verify(r) {
  const enc = Buffer.from(r.encryption_jwk.k, 'base64url');
  const sig = Buffer.from(r.signing_jwk.k, 'base64url');
  const { plaintext, protectedHeader } = await jose.compactDecrypt(r.token, enc, {
    keyManagementAlgorithms: [r.alg], contentEncryptionAlgorithms: [r.enc],
  });
  if (protectedHeader.cty !== 'JWT') throw new Error(`cty ${protectedHeader.cty}`);
  if (protectedHeader.kid !== r.encryption_jwk.kid) throw new Error(`outer kid ${protectedHeader.kid}`);
  const { payload, protectedHeader: inner } = await jose.jwtVerify(new TextDecoder().decode(plaintext), sig, {
    algorithms: [r.inner_alg], audience: r.audience, typ: 'at+jwt', requiredClaims: ['exp', 'sub'],
  });
  if (inner.kid !== r.signing_jwk.kid) throw new Error(`inner kid ${inner.kid}`);
  if (payload.sub !== r.sub || payload.api_key !== r.api_key) throw new Error('claims differ');
  // The inner JWS under a different HMAC key must fail, or the success above proves nothing.
  let rejected = false;
  try {
    await jose.jwtVerify(new TextDecoder().decode(plaintext), enc, { algorithms: [r.inner_alg] });
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error('the inner JWS verified with the wrong key');
}
