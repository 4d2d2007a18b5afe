// authwire interop — example_resource_server (examples/resource_server) in front of a real, independent
// authorization server, npm oidc-provider (provider.mjs), with which it shares no key file: it must find the
// provider's jwks_uri in its RFC 8414 metadata and fetch the keys itself, then take the provider's RFC 9068 access
// tokens (typ at+jwt, ES256, kid-selected from a JWK Set that also holds an RS256 key) for its resource, and only
// those.
//
//   node resource_server.mjs <example_resource_server> <dir>
//
// Starts its own provider (`provider.mjs start <dir>`, its log <dir>/provider.log) and the resource server
// (--access-token-format jwt-es256 --issuer <provider> --port 0, no --keys), both on 127.0.0.1, and stops both by
// PID at the end, whatever happens. The tokens come from the provider's authorization code flow with PKCE (a
// client registered by RFC 7591, the provider's headless auto-consent followed with a cookie jar, the code
// exchanged with the resource indicator, RFC 8707). Checks, each printed as a PASS line:
//  - the resource server discovered <issuer>/jwks and fetched it once (its log; the provider's log of GET /jwks);
//  - its RFC 9728 metadata names the provider and the scope jobs:read;
//  - a token for <rs>/api with jobs:read: 200, the subject, client and scope of the token;
//  - no token: 401 with a Bearer challenge naming resource_metadata (RFC 9728 §5.1);
//  - a real token of the same provider for another resource (an MCP endpoint): 401 invalid_token (RFC 8707);
//  - the good token with its payload changed (sub): 401 invalid_token;
//  - a token naming a kid the set lacks: 401, and no refetch within the validator's 30 s rate limit;
//  - a token for <rs>/api with jobs:write only: 403 insufficient_scope, scope="jobs:read" (RFC 6750 §3.1).
// Prints "INTEROP PASSED" last and exits 0 only when every check passed.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, verdict, Failure } from './launch.mjs';
import { exchangeCode } from './oauth.mjs';

const [, , program, dir] = process.argv;
if (!program || !dir) {
  console.error('usage: node resource_server.mjs <example_resource_server> <dir>');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const redirectUri = 'http://127.0.0.1/callback';  // never contacted: the flow stops at the redirect to it

const check = (ok, what) => {
  if (!ok) throw new Failure(what);
  console.log(`PASS: ${what}`);
};

function provider(command, ...args) {
  const r = spawnSync(process.execPath, [path.join(here, 'provider.mjs'), command, dir, ...args],
    { encoding: 'utf8', timeout: 60_000 });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  return r.status === 0;
}

const jwksHits = () =>
  fs.readFileSync(path.join(dir, 'provider.log'), 'utf8').split('\n').filter((l) => l === 'GET /jwks').length;

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const decode = (segment) => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

// RFC 6749 §4.1 + RFC 7636 + RFC 8707: one access token for `resource` with `scope`, through the provider's
// auto-consent (a fresh cookie jar each time: a new login, a new grant).
async function accessToken(as, clientId, resource, scope) {
  const verifier = b64url(crypto.randomBytes(32));
  const state = b64url(crypto.randomBytes(16));
  const auth = new URL(as.authorization_endpoint);
  for (const [k, v] of Object.entries({
    client_id: clientId, response_type: 'code', redirect_uri: redirectUri, scope, resource, state,
    code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()), code_challenge_method: 'S256',
  })) auth.searchParams.set(k, v);

  const jar = new Map();
  let at = auth.href;
  let callback = null;
  for (let hop = 0; hop < 10 && !callback; ++hop) {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(at, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0];
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    if (res.status !== 302 && res.status !== 303)
      throw new Failure(`GET ${at} answered ${res.status}: ${await res.text()}`);
    const next = new URL(res.headers.get('location'), at);
    if (`${next.origin}${next.pathname}` === redirectUri) callback = next;
    at = next.href;
  }
  if (!callback) throw new Failure('no redirect to the redirect_uri within 10 hops');
  if (callback.searchParams.get('error'))
    throw new Failure(`authorization refused: ${callback.searchParams.get('error')}`);
  if (callback.searchParams.get('state') !== state) throw new Failure('the callback lost the state');

  return exchangeCode(as.token_endpoint, { code: callback.searchParams.get('code'), redirectUri, clientId, verifier,
                                          resource }, 'token endpoint answered');
}

async function api(origin, token) {
  const res = await fetch(`${origin}/api`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch {}
  return { status: res.status, challenge: res.headers.get('www-authenticate') ?? '', body, text };
}

let rs = null;
let started = false;
let ok = false;
let why = '';
try {
  started = provider('start', '120');
  check(started, 'oidc-provider started on 127.0.0.1');
  const { issuer } = JSON.parse(fs.readFileSync(path.join(dir, 'provider.json'), 'utf8'));
  check(jwksHits() === 0, 'nobody has fetched the provider\'s /jwks yet');

  rs = launch(program, ['--issuer', issuer, '--access-token-format', 'jwt-es256', '--port', '0']);
  const banner = await rs.line(/authwire resource server on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*?\nresource: (\S+)\n/,
    30_000);
  check(banner, `example_resource_server started without --keys (exit ${JSON.stringify(rs.exited)})`);
  const [, origin, resource] = banner;
  check(rs.out.includes(`discovered jwks_uri ${issuer}/jwks in ${issuer}/.well-known/oauth-authorization-server`),
    'the resource server found the jwks_uri in the provider\'s RFC 8414 metadata');
  check(/fetched the JWK Set \S+\/jwks: 1 usable keys/.test(rs.out),
    'the resource server fetched the provider\'s JWK Set itself and kept its one ES256 key (not the RS256 one)');
  check(jwksHits() === 1, 'the provider served GET /jwks exactly once');

  const prm = await (await fetch(`${origin}/.well-known/oauth-protected-resource/api`)).json();
  check(prm.resource === resource && prm.authorization_servers?.[0] === issuer &&
    prm.scopes_supported?.[0] === 'jobs:read', `RFC 9728 metadata: ${JSON.stringify(prm)}`);

  const as = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
  const reg = await fetch(as.registration_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri], application_type: 'native', token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'], response_types: ['code'], client_name: 'resource_server.mjs',
    }),
  });
  const client = await reg.json();
  check(reg.status === 201 && client.client_id, 'a public client registered at the provider (RFC 7591)');

  // The good token.
  const good = await accessToken(as, client.client_id, resource, 'jobs:read');
  const [h, p] = good.access_token.split('.');
  const header = decode(h);
  const claims = decode(p);
  check(header.typ === 'at+jwt' && header.alg === 'ES256' && header.kid === 'es256-access-tokens' &&
    claims.aud === resource && claims.iss === issuer && claims.scope === 'jobs:read',
  `the provider issued an RFC 9068 token for ${resource}: ${JSON.stringify(header)} aud ${claims.aud}`);
  let r = await api(origin, good.access_token);
  check(r.status === 200 && r.body?.subject === 'alice' && r.body?.client_id === client.client_id &&
    r.body?.scope === 'jobs:read' && r.body?.issuer === issuer && r.body?.audience === resource,
  `200 for the provider's token: ${r.text}`);

  r = await api(origin, null);
  const metadataUrl = `${origin}/.well-known/oauth-protected-resource/api`;
  check(r.status === 401 && r.challenge.startsWith('Bearer ') &&
    r.challenge.includes(`resource_metadata="${metadataUrl}"`), `401 without a token: ${r.challenge}`);

  // A real token of the same issuer, for another resource.
  const other = await accessToken(as, client.client_id, 'http://127.0.0.1:9/mcp', 'mcp:tools');
  check(decode(other.access_token.split('.')[1]).aud === 'http://127.0.0.1:9/mcp',
    'the provider issued a token for another resource (http://127.0.0.1:9/mcp)');
  r = await api(origin, other.access_token);
  check(r.status === 401 && r.challenge.includes('error="invalid_token"'),
    `401 invalid_token for the other resource's token: ${r.challenge}`);

  // The good token, tampered with: another subject under the provider's signature.
  const parts = good.access_token.split('.');
  const forged = [parts[0], b64url(JSON.stringify({ ...claims, sub: 'mallory' })), parts[2]].join('.');
  r = await api(origin, forged);
  check(r.status === 401 && r.challenge.includes('error="invalid_token"'),
    `401 invalid_token for the token with its payload changed: ${r.challenge}`);

  // An unknown kid asks the validator for a refetch, which it rate-limits (30 s after the start-up fetch).
  const unknownKid = [b64url(JSON.stringify({ ...header, kid: 'no-such-key' })), parts[1], parts[2]].join('.');
  r = await api(origin, unknownKid);
  check(r.status === 401 && r.challenge.includes('error="invalid_token"'), `401 for an unknown kid: ${r.challenge}`);
  check(jwksHits() === 1, 'no refetch of /jwks for a made-up kid within the 30 s rate limit');

  // A token for this resource without the scope it requires.
  const write = await accessToken(as, client.client_id, resource, 'jobs:write');
  check(decode(write.access_token.split('.')[1]).scope === 'jobs:write', 'the provider issued a jobs:write token');
  r = await api(origin, write.access_token);
  check(r.status === 403 && r.challenge.includes('error="insufficient_scope"') &&
    r.challenge.includes('scope="jobs:read"'), `403 insufficient_scope: ${r.challenge}`);

  // And the good token still works (nothing above disturbed the keys).
  r = await api(origin, good.access_token);
  check(r.status === 200 && jwksHits() === 1, '200 again for the good token, still one fetch of /jwks');
  ok = true;
} catch (e) {
  why = e instanceof Failure ? e.message : String(e?.stack ?? e);
  console.log(`FAIL: ${why}`);
} finally {
  if (rs) await rs.stop();
  if (started) provider('stop');
}
verdict(ok, why);
