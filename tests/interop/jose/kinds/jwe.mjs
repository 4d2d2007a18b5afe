// authwire interop — JWE cases on the npm `jose` side (the authwire side is kind_jwe.cpp).
import * as jose from 'jose';

// The content both peers encrypt: a nested-JWT-like JSON text with non-ASCII characters.
export const plaintext = '{"sub":"interop","api_key":"rp_live_3f9a","note":"caf\u00e9 \u2013 \u{1F511}"}';

const cekBytes = { 'A128CBC-HS256': 32, 'A192CBC-HS384': 48, 'A256CBC-HS512': 64, A128GCM: 16, A192GCM: 24, A256GCM: 32 };

function b64u(bytes) {
  return Buffer.from(bytes).toString('base64url');
}

// A fresh recipient key for the case: { encryptWith, jwk } — jwk is what the decrypting peer needs.
async function newKey(c) {
  if (c.alg === 'dir') {
    const k = crypto.getRandomValues(new Uint8Array(cekBytes[c.enc]));
    return { encryptWith: k, jwk: { kty: 'oct', k: b64u(k) } };
  }
  if (c.alg.startsWith('PBES2')) {
    const password = new TextEncoder().encode(`pw-${c.alg}-${c.enc}-${Math.random()}`);
    return { encryptWith: password, jwk: { kty: 'oct', k: b64u(password) } };
  }
  if (/^A(128|192|256)(GCM)?KW$/.test(c.alg)) {
    const secret = await jose.generateSecret(c.alg, { extractable: true });
    return { encryptWith: secret, jwk: await jose.exportJWK(secret) };
  }
  const options = { extractable: true };
  if (c.crv) options.crv = c.crv;
  const { privateKey, publicKey } = await jose.generateKeyPair(c.alg, options);
  return { encryptWith: publicKey, jwk: await jose.exportJWK(privateKey) };
}

function describe(c) {
  return `${c.alg}/${c.enc}${c.crv ? '/' + c.crv : ''}`;
}

// A token from jose for authwire to decrypt.
export async function mint(c) {
  const { encryptWith, jwk } = await newKey(c);
  const kid = `jose-${describe(c)}`;
  jwk.kid = kid;
  const e = new jose.CompactEncrypt(new TextEncoder().encode(plaintext)).setProtectedHeader({
    alg: c.alg,
    enc: c.enc,
    kid,
    cty: 'JWT',
  });
  if (c.alg.startsWith('PBES2')) e.setKeyManagementParameters({ p2c: 2048 });
  const token = await e.encrypt(encryptWith);
  return { kind: 'jwe', alg: c.alg, enc: c.enc, crv: c.crv, jwk, token, plaintext };
}

async function importFor(r) {
  if (r.jwk.kty === 'oct') return Buffer.from(r.jwk.k, 'base64url');
  return jose.importJWK(r.jwk, r.alg);
}

// A token from authwire: decrypted by jose with exactly this alg and enc allowed.
export async function verify(r) {
  const key = await importFor(r);
  const options = { keyManagementAlgorithms: [r.alg], contentEncryptionAlgorithms: [r.enc], maxPBES2Count: 10000 };
  const { plaintext: got, protectedHeader } = await jose.compactDecrypt(r.token, key, options);
  if (new TextDecoder().decode(got) !== r.plaintext) throw new Error('plaintext differs');
  if (protectedHeader.alg !== r.alg || protectedHeader.enc !== r.enc) throw new Error('alg/enc differ');
  if (protectedHeader.kid !== r.jwk.kid) throw new Error(`kid ${protectedHeader.kid}`);
  if (protectedHeader.cty !== 'JWT') throw new Error(`cty ${protectedHeader.cty}`);
  if (r.crv && protectedHeader.epk?.crv !== r.crv) throw new Error(`epk crv ${protectedHeader.epk?.crv}`);
  // A tampered tag must fail, or the success above proves nothing.
  const parts = r.token.split('.');
  parts[4] = (parts[4][0] === 'A' ? 'B' : 'A') + parts[4].slice(1);
  let rejected = false;
  try {
    await jose.compactDecrypt(parts.join('.'), key, options);
  } catch {
    rejected = true;
  }
  if (!rejected) throw new Error('a tampered token decrypted');
}
