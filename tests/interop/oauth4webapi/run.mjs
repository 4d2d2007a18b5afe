// authwire interop — oauth4webapi (npm, pinned in package-lock.json: an independent, OpenID-certified OAuth 2 /
// OIDC client library) against example_demo_server as the authorization server, on loopback:
//
//   node run.mjs <none|client_secret_post|client_secret_basic> -- <example_demo_server> [flags…]
//
// starts the demo (flags, normally --access-token-format jwt-es256, plus --port 0 --auto-approve), then, every
// step done and checked by oauth4webapi:
//   RFC 8414 discovery → RFC 7591 registration with the given token_endpoint_auth_method → PKCE (S256) →
//   authorization request (the demo auto-approves: its 302 is read by hand, oauth4webapi validates the
//   callback's state and iss) → code exchange with RFC 8707 resource → the access token validated as an
//   RFC 9068 JWT against the AS's jwks_uri (validateJwtAccessToken), a tampered one and a wrong audience
//   refused → refresh (rotation: the new access token validates too) → introspection (active) → revocation of
//   the refresh token → introspection (inactive) and the revoked refresh token refused;
// then stops the demo by its PID. Prints "INTEROP PASSED" / "INTEROP FAILED" last.
//
// oauth4webapi refuses plain http by default; the demo runs on http://127.0.0.1, so every call passes its
// documented escape hatch for development and testing, the `allowInsecureRequests` option (deprecated by
// oauth4webapi as a hint not to ship it; it changes nothing but the https requirement).
import * as oauth from 'oauth4webapi';

import { check, Failure, startDemo, verdict } from './launch.mjs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const method = argv[0];
if (dash !== 1 || !['none', 'client_secret_post', 'client_secret_basic'].includes(method) || dash + 1 >= argv.length) {
  console.error('usage: node run.mjs <none|client_secret_post|client_secret_basic> -- <example_demo_server> [flags…]');
  process.exit(2);
}
const [program, ...flags] = argv.slice(dash + 1);

const insecure = { [oauth.allowInsecureRequests]: true };
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

// The OAuth error code an oauth4webapi process*() call failed with ("no error" when it did not fail).
async function oauthError(promise) {
  try {
    await promise;
    return 'no error';
  } catch (e) {
    if (e instanceof oauth.ResponseBodyError) return e.error;
    if (e instanceof oauth.WWWAuthenticateChallengeError) return e.error;
    return `${e.name}: ${e.message}`;
  }
}

async function refused(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return `${e.code ?? e.name}: ${e.message}`;
  }
}

async function run(origin, resource) {
  console.log(`oauth4webapi ${method} client → ${origin} (resource ${resource})`);
  const issuer = new URL(origin);

  // RFC 8414 discovery: processDiscoveryResponse checks that the document's issuer is the one asked for.
  const as = await oauth.processDiscoveryResponse(issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }));
  check(as.issuer === origin, `discovery: issuer ${as.issuer}`);
  check(typeof as.jwks_uri === 'string', `discovery: jwks_uri ${as.jwks_uri}`);
  check(as.code_challenge_methods_supported?.includes('S256'), 'discovery: S256 PKCE supported');
  check(as.token_endpoint_auth_methods_supported?.includes(method), `discovery: ${method} supported at the token endpoint`);
  const jwks = await (await fetch(as.jwks_uri)).json();
  check(Array.isArray(jwks.keys) && jwks.keys.length > 0 &&
        jwks.keys.every((k) => k.kid && PRIVATE_JWK_MEMBERS.every((m) => !(m in k))),
        `jwks_uri: ${jwks.keys?.length} public key(s) with kid, no private member (${jwks.keys?.map((k) => `${k.kty}/${k.alg ?? '-'}`).join(', ')})`);

  // RFC 7591 registration.
  const redirectUri = 'http://127.0.0.1:9/callback';  // registered, never contacted
  const registered = await oauth.processDynamicClientRegistrationResponse(
    await oauth.dynamicClientRegistrationRequest(as, {
      client_name: `oauth4webapi interop client (${method})`,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: method,
    }, insecure));
  check(typeof registered.client_id === 'string' && registered.client_id.length > 0,
        `registered: client_id ${registered.client_id}`);
  check((method === 'none') === !registered.client_secret,
        method === 'none' ? 'no client_secret for a public client' : 'a client_secret was issued');
  const client = { client_id: registered.client_id, token_endpoint_auth_method: method };
  const clientAuth = method === 'none' ? oauth.None()
    : method === 'client_secret_post' ? oauth.ClientSecretPost(registered.client_secret)
      : oauth.ClientSecretBasic(registered.client_secret);

  // Authorization request with PKCE (RFC 7636) and a resource indicator (RFC 8707).
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: client.client_id,
    redirect_uri: redirectUri,
    scope: 'mcp:tools',
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    resource,
  }).toString();
  const authorized = await fetch(url, { redirect: 'manual' });
  const location = authorized.headers.get('location');
  if (authorized.status !== 302 && authorized.status !== 303 || !location)
    throw new Failure(`the authorization endpoint answered ${authorized.status} without a redirect: ${await authorized.text()}`);
  const callback = oauth.validateAuthResponse(as, client, new URL(location), state);
  check(callback.has('code'), `authorization response validated (state${as.authorization_response_iss_parameter_supported ? ', iss' : ''})`);

  // Code exchange.
  const tokens = await oauth.processAuthorizationCodeResponse(as, client,
    await oauth.authorizationCodeGrantRequest(as, client, clientAuth, callback, redirectUri, verifier,
                                              { additionalParameters: { resource }, ...insecure }));
  check(tokens.token_type === 'bearer' && !!tokens.access_token, 'code exchange: a bearer access token');
  check(!!tokens.refresh_token, 'code exchange: a refresh token');

  // RFC 9068: the access token is a JWT the resource server validates with the AS's published keys.
  const validate = (token, audience = resource) => oauth.validateJwtAccessToken(as,
    new Request(resource, { headers: { authorization: `Bearer ${token}` } }), audience, insecure);
  const claims = await validate(tokens.access_token);
  check(claims.client_id === client.client_id && claims.iss === origin &&
        (claims.aud === resource || (Array.isArray(claims.aud) && claims.aud.includes(resource))),
        `access token validated against jwks_uri: iss, aud ${JSON.stringify(claims.aud)}, client_id, sub ${claims.sub}`);
  check(String(claims.scope ?? '').split(' ').includes('mcp:tools'), `access token scope "${claims.scope}"`);
  const [h, p, s] = tokens.access_token.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url').toString());
  check(header.typ === 'at+jwt' && jwks.keys.some((k) => k.kid === header.kid),
        `JWS header: typ ${header.typ}, alg ${header.alg}, kid ${header.kid} (published)`);
  const sig = Buffer.from(s, 'base64url');
  sig[Math.floor(sig.length / 2)] ^= 0x01;
  const tampered = await refused(validate(`${h}.${p}.${sig.toString('base64url')}`));
  check(tampered !== null, `a token with a tampered signature is refused (${tampered})`);
  const elsewhere = await refused(validate(tokens.access_token, 'http://127.0.0.1:9/other-resource'));
  check(elsewhere !== null, `the token is refused by a resource server with another audience (${elsewhere})`);

  // Refresh (RFC 6749 §6) with rotation.
  const refreshed = await oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, tokens.refresh_token,
                                         { additionalParameters: { resource }, ...insecure }));
  check(!!refreshed.access_token && refreshed.access_token !== tokens.access_token, 'refresh: a new access token');
  check(!!refreshed.refresh_token && refreshed.refresh_token !== tokens.refresh_token, 'refresh: the refresh token rotated');
  const claims2 = await validate(refreshed.access_token);
  check(claims2.client_id === client.client_id && claims2.jti !== claims.jti, 'the refreshed access token validates too');

  // Introspection (RFC 7662): the metadata must describe what the endpoint does (RFC 8414 §2).
  const introspect = async (token) => oauth.processIntrospectionResponse(as, client,
    await oauth.introspectionRequest(as, client, clientAuth, token, insecure));
  const advertised = as.introspection_endpoint_auth_methods_supported ?? as.token_endpoint_auth_methods_supported;
  if (!advertised?.includes(method)) {
    const why = await oauthError(introspect(refreshed.access_token));
    check(why === 'invalid_client', `introspection by a ${method} client, which the metadata does not offer, is refused (${why})`);
  } else {
    const live = await introspect(refreshed.access_token);
    check(live.active === true && live.client_id === client.client_id,
          `introspection: active, client_id, scope "${live.scope}"`);
  }

  // Revocation (RFC 7009) of the refresh token ends the grant.
  await oauth.processRevocationResponse(
    await oauth.revocationRequest(as, client, clientAuth, refreshed.refresh_token,
                                  { additionalParameters: { token_type_hint: 'refresh_token' }, ...insecure }));
  console.log('  ok: revocation of the refresh token (processRevocationResponse: 200)');
  if (advertised?.includes(method)) {
    const dead = await introspect(refreshed.access_token);
    check(dead.active === false, 'introspection after revocation: the grant\'s access token is inactive');
    const deadRefresh = await introspect(refreshed.refresh_token);
    check(deadRefresh.active === false, 'introspection after revocation: the refresh token is inactive');
  }
  const again = await oauthError(oauth.processRefreshTokenResponse(as, client,
    await oauth.refreshTokenGrantRequest(as, client, clientAuth, refreshed.refresh_token, insecure)));
  check(again === 'invalid_grant', `the revoked refresh token is refused (${again})`);

  console.log(`PASS: oauth4webapi (${method}) against the authwire demo authorization server`);
}

let demo;
try {
  demo = await startDemo(program, flags);
} catch (e) {
  verdict(false, e.message);
}
let ok = true;
let why = '';
const guard = setTimeout(() => { console.log('timed out after 60 s'); demo.server.stop(); }, 60_000);
try {
  await run(demo.origin, demo.resource);
} catch (e) {
  ok = false;
  why = e instanceof Failure ? e.message : (e.stack ?? String(e));
}
clearTimeout(guard);
await demo.server.stop();
verdict(ok && demo.server.exited?.code === 0, why || `the demo server exited with ${JSON.stringify(demo.server.exited)}`);
