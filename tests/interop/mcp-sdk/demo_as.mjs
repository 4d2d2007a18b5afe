// authwire interop — example_demo_server as the authorization server of MCP TypeScript SDK peers (npm
// @modelcontextprotocol/sdk, pinned in package-lock.json), on loopback; every process and listener is started
// and stopped here (the demo by its PID):
//
//   node demo_as.mjs jwt-resource-server -- <example_demo_server> [flags…]
//       an SDK-built MCP resource server (jwt_resource_server.mjs: mcpAuthMetadataRouter + requireBearerAuth,
//       tokens validated with npm jose against the demo's jwks_uri) listens first; the demo starts with
//       flags + `--resource <that server's /mcp>`; the SDK client then authorizes at the demo (discovery via
//       the resource server's metadata, DCR, PKCE, code exchange with resource = the SDK server) and calls a
//       tool on the SDK server. A token whose audience is the demo's own /mcp (valid there) and a token with a
//       tampered signature are refused by the SDK server (401 invalid_token).
//   node demo_as.mjs cimd-step-up -- <example_demo_server> [flags…]
//       the SDK client with a Client ID Metadata Document: the test makes a throw-away self-signed certificate
//       (openssl, SAN IP:127.0.0.1) and serves the document on https://127.0.0.1:<port>; a flag argument "{ca}"
//       is replaced by the certificate's path (the demo must trust it to fetch the document). The client
//       authorizes with client_id = the document's URL (no registration), lists and calls tools on the demo's
//       /mcp, then calls the write tool: 403 insufficient_scope, the SDK re-authorizes with the scope the
//       challenge names, and the call succeeds.
//
// Prints the verdict last ("INTEROP PASSED" / "INTEROP FAILED") and exits 0 only when it passed.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';

import { startJwtResourceServer } from './jwt_resource_server.mjs';
import { check, Failure, startDemo, verdict } from './launch.mjs';
import { exchangeCode } from './oauth.mjs';

const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const what = argv[0];
if (dash !== 1 || !['jwt-resource-server', 'cimd-step-up'].includes(what) || dash + 1 >= argv.length) {
  console.error('usage: node demo_as.mjs <jwt-resource-server|cimd-step-up> -- <example_demo_server> [flags…]');
  process.exit(2);
}
const [program, ...flags] = argv.slice(dash + 1);

const redirectUri = 'http://127.0.0.1:9/callback';  // registered, never contacted
let running;  // the demo server of this run, stopped by the time-out guard if it comes to that

// OAuthClientProvider, all in memory; the demo runs with --auto-approve, so "the browser" is one fetch of the
// authorization URL whose 302 Location carries the code (state and iss checked here).
class HeadlessProvider {
  constructor({ method = 'none', clientMetadataUrl } = {}) {
    this.redirectUrl = redirectUri;
    this.clientMetadata = {
      client_name: 'MCP SDK interop client (authwire AS)',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: method,
    };
    if (clientMetadataUrl) this.clientMetadataUrl = clientMetadataUrl;
    this.authorizationUrls = [];
  }
  state() { this._state = randomBytes(16).toString('base64url'); return this._state; }
  clientInformation() { return this._client; }
  saveClientInformation(info) { this._client = info; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  saveCodeVerifier(v) { this._verifier = v; }
  codeVerifier() { return this._verifier; }
  saveDiscoveryState(s) { this._discovery = s; }
  discoveryState() { return this._discovery; }
  async redirectToAuthorization(url) {
    this.authorizationUrls.push(new URL(url));
    const r = await fetch(url, { redirect: 'manual' });
    const location = r.headers.get('location');
    if (r.status !== 302 && r.status !== 303 || !location)
      throw new Failure(`authorization endpoint answered ${r.status} without a redirect: ${await r.text()}`);
    const back = new URL(location);
    if (back.searchParams.get('error')) throw new Failure(`authorization refused: ${location}`);
    if (back.searchParams.get('state') !== this._state) throw new Failure('state not returned unchanged');
    const issuer = this._discovery?.authorizationServerMetadata?.issuer;
    if (issuer && back.searchParams.get('iss') !== issuer) throw new Failure(`iss ${back.searchParams.get('iss')}`);
    this.code = back.searchParams.get('code');
    if (!this.code) throw new Failure(`no code in the redirect: ${location}`);
  }
}

// Connect the SDK client with the transport's authProvider: the first connect ends in UnauthorizedError after
// the authorization redirect, finishAuth(code) exchanges the code, the second connect goes through.
async function connect(url, provider) {
  let transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  let client = new Client({ name: 'authwire-interop-sdk-client', version: '1.0.0' });
  try {
    await client.connect(transport);
    return { client, transport };
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  await transport.finishAuth(provider.code);
  client = new Client({ name: 'authwire-interop-sdk-client', version: '1.0.0' });
  transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await client.connect(transport);
  return { client, transport };
}

const text = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
const claimsOf = (jwt) => JSON.parse(Buffer.from(String(jwt).split('.')[1] ?? '', 'base64url').toString() || '{}');

// A scripted authorization code flow (PKCE) for an already registered public client: the token response.
async function scriptedToken(as, clientId, scope, resource) {
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const url = new URL(as.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri, scope, state, resource,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
  }).toString();
  const r = await fetch(url, { redirect: 'manual' });
  const back = new URL(r.headers.get('location') ?? 'about:blank');
  if (back.searchParams.get('state') !== state || !back.searchParams.get('code'))
    throw new Failure(`scripted authorization: ${r.status} ${r.headers.get('location')}`);
  return exchangeCode(as.token_endpoint, { code: back.searchParams.get('code'), redirectUri, clientId, verifier,
                                          resource }, 'scripted code exchange');
}

// An initialize request with a given bearer token: the HTTP status and WWW-Authenticate of the answer.
async function initializeWith(url, token) {
  const r = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0', id: 1, method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'probe', version: '1' } },
    }),
  });
  await r.body?.cancel();
  return { status: r.status, challenge: r.headers.get('www-authenticate') ?? '' };
}

async function jwtResourceServer() {
  const rs = await startJwtResourceServer();
  console.log(`MCP SDK resource server on ${rs.url}`);
  let demo;
  try {
    demo = running = await startDemo(program, [...flags, '--resource', rs.url]);
    const as = await rs.trust(demo.origin);
    check(!!as.jwks_uri, `the SDK resource server trusts ${as.issuer} (jwks_uri ${as.jwks_uri})`);

    const provider = new HeadlessProvider();
    const { client, transport } = await connect(rs.url, provider);
    check(provider.authorizationUrls.length === 1 &&
          provider.authorizationUrls[0].origin === demo.origin &&
          provider.authorizationUrls[0].searchParams.get('resource') === rs.url,
          `the SDK client authorized at the demo for resource ${provider.authorizationUrls[0]?.searchParams.get('resource')}`);
    const claims = claimsOf(provider.tokens()?.access_token);
    check(claims.iss === demo.origin && [claims.aud].flat().includes(rs.url) && claims.client_id === provider.clientInformation()?.client_id,
          `the access token: iss ${claims.iss}, aud ${JSON.stringify(claims.aud)}, scope "${claims.scope}"`);
    const { tools } = await client.listTools();
    check(tools.some((t) => t.name === 'add'), `tools/list on the SDK server: ${tools.map((t) => t.name).join(', ')}`);
    const sum = await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } });
    check(!sum.isError && text(sum) === '42', `tools/call add on the SDK server: ${text(sum)}`);
    check(rs.events.includes(`tools/call add 2 40 by ${claims.client_id}`), 'the SDK server ran the tool for that client');
    await transport.terminateSession();
    await client.close();

    // Refusals: the same AS, the same client, but a token for another audience (the demo's own /mcp, where it
    // is valid), and a token whose signature was tampered with.
    const other = await scriptedToken(as, claims.client_id, 'mcp:tools', demo.resource);
    check([claimsOf(other.access_token).aud].flat().includes(demo.resource), `a token for ${demo.resource}`);
    const there = await initializeWith(demo.resource, other.access_token);
    check(there.status === 200, `…accepted by the demo's own /mcp (${there.status})`);
    const refusedAud = await initializeWith(rs.url, other.access_token);
    check(refusedAud.status === 401 && /invalid_token/.test(refusedAud.challenge) &&
          rs.refusals.at(-1) === 'ERR_JWT_CLAIM_VALIDATION_FAILED',
          `…refused by the SDK server: ${refusedAud.status} (${rs.refusals.at(-1)})`);
    const good = provider.tokens().access_token;
    const [h, p, s] = good.split('.');
    const sig = Buffer.from(s, 'base64url');
    sig[Math.floor(sig.length / 2)] ^= 0x01;
    const tampered = await initializeWith(rs.url, `${h}.${p}.${sig.toString('base64url')}`);
    check(tampered.status === 401 && /invalid_token/.test(tampered.challenge) &&
          rs.refusals.at(-1) === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
          `a token with a tampered signature is refused: ${tampered.status} (${rs.refusals.at(-1)})`);
    const stillGood = await initializeWith(rs.url, good);
    check(stillGood.status === 200, `the untampered token is still accepted (${stillGood.status})`);
  } finally {
    await rs.close();
    await demo?.server.stop();
  }
  if (demo.server.exited?.code !== 0) throw new Failure(`the demo server exited with ${JSON.stringify(demo.server.exited)}`);
  console.log('PASS: an MCP SDK resource server accepts the authwire demo\'s JWT access tokens');
}

// A self-signed certificate for 127.0.0.1, made for this run only.
function throwAwayCertificate(dir) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key, cert };
}

// Serve one client ID metadata document on https://127.0.0.1:<port>/clients/mcp-sdk-interop.json.
async function serveDocument(tls) {
  const fetches = [];
  let document;
  const server = https.createServer({ key: fs.readFileSync(tls.key), cert: fs.readFileSync(tls.cert) }, (req, res) => {
    fetches.push(`${req.method} ${req.url}`);
    if (req.method !== 'GET' || req.url !== '/clients/mcp-sdk-interop.json') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=300' });
    res.end(JSON.stringify(document));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${server.address().port}/clients/mcp-sdk-interop.json`;
  // The draft's public client: client_id = the document's URL, no secret, method none. No refresh_token grant
  // (so the demo issues no refresh token): the SDK 1.32.2, holding a refresh token, answers a 403
  // insufficient_scope by refreshing without a scope — which cannot widen the grant (RFC 6749 §6) — and then
  // gives up ("Server returned 403 after trying upscoping"; typescript-sdk issue 2255, checked by hand against
  // this demo); without one it re-authorizes, which is the step-up this test is about.
  document = {
    client_id: url,
    client_name: 'MCP SDK interop client (CIMD)',
    client_uri: `https://127.0.0.1:${server.address().port}/`,
    application_type: 'native',
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
  return {
    url,
    fetches,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(() => resolve()); }),
  };
}

async function cimdStepUp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'authwire-cimd-'));
  let doc;
  let demo;
  try {
    const tls = throwAwayCertificate(dir);
    doc = await serveDocument(tls);
    console.log(`client ID metadata document on ${doc.url}`);
    demo = running = await startDemo(program, flags.map((f) => f.replaceAll('{ca}', tls.cert)));
    const mcp = demo.resource;

    const provider = new HeadlessProvider({ clientMetadataUrl: doc.url });
    const { client, transport } = await connect(mcp, provider);
    const as = provider.discoveryState()?.authorizationServerMetadata;
    check(as?.client_id_metadata_document_supported === true, 'the AS metadata says client_id_metadata_document_supported');
    check(provider.clientInformation()?.client_id === doc.url, `the SDK used the document URL as client_id: ${provider.clientInformation()?.client_id}`);
    check(doc.fetches.includes('GET /clients/mcp-sdk-interop.json'), `the demo fetched the document (${doc.fetches.join(', ')})`);
    check(/"GET \/authorize/.test(demo.server.out) && !/"POST \/register/.test(demo.server.out),
          'no dynamic client registration happened (the demo\'s request log)');
    const first = provider.authorizationUrls[0];
    check(first?.searchParams.get('scope') === 'mcp:tools', `first authorization for scope "${first?.searchParams.get('scope')}" (the 401 challenge's)`);
    check(!!client.getServerVersion()?.name, `initialized with ${client.getServerVersion()?.name}`);

    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    check(names.includes('apply_to_job') && names.includes('search_jobs'), `tools/list: ${names.join(', ')}`);
    const found = await client.callTool({ name: 'search_jobs', arguments: { query: 'engineer' } });
    check(!found.isError, 'tools/call search_jobs (read, scope mcp:tools)');

    // Step-up: the write tool needs mcp:write. The demo answers 403 insufficient_scope with the scope to ask for;
    // the SDK's transport re-authorizes with it (a redirect, so the call ends in UnauthorizedError); the app
    // finishes the authorization and calls again.
    let stepUp;
    try {
      const r = await client.callTool({ name: 'apply_to_job', arguments: { id: 'J-104' } });
      stepUp = new Failure(`the write tool ran without a step-up: ${JSON.stringify(r)}`);
    } catch (e) {
      stepUp = e;
    }
    if (!(stepUp instanceof UnauthorizedError)) throw stepUp instanceof Error ? stepUp : new Failure(String(stepUp));
    const second = provider.authorizationUrls[1];
    const asked = (second?.searchParams.get('scope') ?? '').split(' ');
    check(provider.authorizationUrls.length === 2 && asked.includes('mcp:write') && asked.includes('mcp:tools'),
          `403 insufficient_scope → the SDK re-authorized for scope "${second?.searchParams.get('scope')}"`);
    await transport.finishAuth(provider.code);
    const granted = String(provider.tokens()?.scope ?? '').split(' ');
    check(granted.includes('mcp:write') && granted.includes('mcp:tools'), `the new token's scope: "${provider.tokens()?.scope}"`);
    const applied = await client.callTool({ name: 'apply_to_job', arguments: { id: 'J-104' } });
    check(!applied.isError && /J-104/.test(text(applied)), `tools/call apply_to_job after step-up: ${text(applied)}`);
    const again = await client.callTool({ name: 'list_applications', arguments: {} });
    check(!again.isError && /J-104/.test(text(again)), 'the read tools still work with the wider token, and show the application');

    await transport.terminateSession();
    await client.close();
  } finally {
    await doc?.close();
    await demo?.server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (demo.server.exited?.code !== 0) throw new Failure(`the demo server exited with ${JSON.stringify(demo.server.exited)}`);
  console.log('PASS: the MCP SDK client, with a client ID metadata document, steps up at the authwire demo');
}

let ok = true;
let why = '';
const guard = setTimeout(async () => {
  await running?.server.stop();  // the demo this run started, by its PID
  verdict(false, 'timed out after 90 s');
}, 90_000);
try {
  await (what === 'jwt-resource-server' ? jwtResourceServer() : cimdStepUp());
} catch (e) {
  ok = false;
  why = e instanceof Failure ? e.message : (e.stack ?? String(e));
}
clearTimeout(guard);
verdict(ok, why);
