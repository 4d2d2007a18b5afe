// authwire interop — JWS/JWT cases on the npm `jose` side.
import * as jose from 'jose';

export const issuer = 'https://issuer.interop.example';
export const audience = 'https://rs.interop.example';

async function newKey(alg) {
  if (alg.startsWith('HS')) {
    const secret = await jose.generateSecret(alg, { extractable: true });
    return { sign: secret, jwk: await jose.exportJWK(secret) };
  }
  const options = { extractable: true };
  if (alg === 'EdDSA') options.crv = 'Ed25519';
  const { privateKey, publicKey } = await jose.generateKeyPair(alg, options);
  return { sign: privateKey, jwk: await jose.exportJWK(publicKey) };
}

// A token from jose for authwire: a JWT with the claims authwire's validator will check.
export async function mint(c) {
  const { sign, jwk } = await newKey(c.alg);
  const kid = `jose-${c.alg}`;
  jwk.kid = kid;
  const token = await new jose.SignJWT({ scope: 'mcp', client_id: 'interop', nested: { n: [1, 2, 3] } })
    .setProtectedHeader({ alg: c.alg, kid, typ: 'at+jwt' })
    .setIssuer(issuer)
    .setSubject(`sub-${c.alg}`)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime('10m')
    .setJti(`jti-${c.alg}`)
    .sign(sign);
  return { kind: 'jws', alg: c.alg, jwk, token, subject: `sub-${c.alg}` };
}

// A token from authwire: its signature, header and claims as jose sees them.
export async function verify(r) {
  const key = await jose.importJWK(r.jwk, r.alg);
  const { payload, protectedHeader } = await jose.jwtVerify(r.token, key, {
    algorithms: [r.alg],
    issuer,
    audience,
    typ: 'at+jwt',
    requiredClaims: ['exp', 'iat', 'sub', 'jti'],
  });
  if (protectedHeader.alg !== r.alg) throw new Error(`alg ${protectedHeader.alg}`);
  if (protectedHeader.kid !== r.jwk.kid) throw new Error(`kid ${protectedHeader.kid}`);
  if (payload.sub !== r.subject) throw new Error(`sub ${payload.sub}`);
  if (payload.scope !== 'mcp') throw new Error(`scope ${payload.scope}`);
  // The compact form must also pass jose's plain JWS verification (same bytes, no JWT semantics).
  const { payload: raw } = await jose.compactVerify(r.token, key, { algorithms: [r.alg] });
  if (JSON.parse(new TextDecoder().decode(raw)).jti !== payload.jti) throw new Error('compactVerify payload');
  // And a tampered signature must fail there, or the check above proves nothing.
  const parts = r.token.split('.');
  const sig = parts[2];
  parts[2] = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
  let rejected = false;
  try {
    await jose.compactVerify(parts.join('.'), key, { algorithms: [r.alg] });
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error('a tampered token verified');
}
