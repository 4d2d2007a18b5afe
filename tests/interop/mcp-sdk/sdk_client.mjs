// authwire interop — the MCP TypeScript SDK's client (npm @modelcontextprotocol/sdk, pinned in
// package-lock.json) against example_demo_server: OAuth (discovery, DCR, PKCE, code exchange) done entirely by
// the SDK, then the MCP lifecycle and tools, a forced refresh with rotation, and the end of the session.
//
// The SDK offers two ways to put OAuth in front of an MCP client, and real clients use both:
//  - "transport": the transport's authProvider (what SDK-based apps such as the MCP Inspector do): connect
//    fails with UnauthorizedError after the authorization redirect, finishAuth(code), connect again;
//  - "fetch": the SDK's auth() driven from a fetch wrapper that reacts to 401/403 by authorizing and retrying
//    once, the way the MCP conformance suite's own reference client is built.
// The "browser" is this process: the demo runs with --auto-approve, so the authorization endpoint answers with
// a redirect to our redirect URI at once; we read the code (and check state and iss) from its Location.
import { randomBytes } from 'node:crypto';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { auth, extractWWWAuthenticateParams, UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

class Failure extends Error {}
const check = (ok, what) => {
  if (!ok) throw new Failure(what);
  console.log(`  ok: ${what}`);
};

// OAuthClientProvider: everything in memory; the authorization "redirect" is followed by hand.
class HeadlessProvider {
  constructor(method) {
    this.redirectUrl = 'http://127.0.0.1:9/callback';  // registered, never contacted
    this.clientMetadata = {
      client_name: `MCP SDK interop client (${method})`,
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: method,
    };
    this.authorizations = 0;
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
    this.authorizations += 1;
    const r = await fetch(url, { redirect: 'manual' });
    const location = r.headers.get('location');
    if (r.status !== 302 && r.status !== 303 || !location)
      throw new Failure(`authorization endpoint answered ${r.status} without a redirect: ${await r.text()}`);
    const back = new URL(location);
    if (back.searchParams.get('state') !== this._state) throw new Failure('state not returned unchanged');
    const issuer = this._discovery?.authorizationServerMetadata?.issuer;
    if (issuer && back.searchParams.get('iss') !== issuer) throw new Failure(`iss ${back.searchParams.get('iss')}`);
    this.code = back.searchParams.get('code');
    if (!this.code) throw new Failure(`no code in the redirect: ${location}`);
  }
}

// The reference client's shape: a fetch that authorizes on 401/403 and retries once.
function authorizingFetch(provider, serverUrl) {
  return async (input, init) => {
    const send = async () => {
      const headers = new Headers(init?.headers);
      const tokens = await provider.tokens();
      if (tokens) headers.set('Authorization', `Bearer ${tokens.access_token}`);
      return fetch(input, { ...init, headers });
    };
    let response = await send();
    if (response.status === 401 || response.status === 403) {
      const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
      let result = await auth(provider, { serverUrl, resourceMetadataUrl, scope, fetchFn: fetch });
      if (result === 'REDIRECT')
        result = await auth(provider, { serverUrl, resourceMetadataUrl, scope, authorizationCode: provider.code,
                                        fetchFn: fetch });
      if (result !== 'AUTHORIZED') throw new Failure(`auth() ended with ${result}`);
      response = await send();
    }
    return response;
  };
}

async function connect(url, provider, mode) {
  const client = new Client({ name: 'authwire-interop-sdk-client', version: '1.0.0' });
  if (mode === 'fetch') {
    const transport = new StreamableHTTPClientTransport(new URL(url), { fetch: authorizingFetch(provider, url) });
    await client.connect(transport);
    return { client, transport };
  }
  let transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  try {
    await client.connect(transport);
    return { client, transport };
  } catch (e) {
    if (!(e instanceof UnauthorizedError)) throw e;
  }
  await transport.finishAuth(provider.code);
  const again = new Client({ name: 'authwire-interop-sdk-client', version: '1.0.0' });
  transport = new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
  await again.connect(transport);
  return { client: again, transport };
}

const text = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');

/// Run the whole story against the MCP endpoint `url`; throws on the first deviation.
export async function runSdkClient(url, method, mode) {
  const provider = new HeadlessProvider(method);
  console.log(`MCP SDK client (${mode}, ${method}) → ${url}`);

  const { client, transport } = await connect(url, provider, mode);
  check(provider.authorizations === 1, 'the SDK authorized once (401 → discovery → DCR → PKCE → code exchange)');
  check(provider.clientInformation()?.token_endpoint_auth_method === method ||
        (method === 'none' && !provider.clientInformation()?.client_secret),
        `registered with token_endpoint_auth_method ${method}`);
  check(!!provider.tokens()?.refresh_token, 'a refresh token was issued');
  check(!!client.getServerVersion()?.name && !!transport.protocolVersion,
        `initialized: server ${client.getServerVersion()?.name}, protocol ${transport.protocolVersion}`);
  check(!!transport.sessionId, `the server issued an Mcp-Session-Id (${transport.sessionId?.length} chars)`);

  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  check(names.includes('search_jobs'), `tools/list: ${names.join(', ')}`);
  const found = await client.callTool({ name: 'search_jobs', arguments: { query: 'engineer' } });
  check(!found.isError && text(found).length > 0, `tools/call search_jobs: ${text(found).split('\n')[0]}`);
  // MCP 2025-11-25 (SEP-1303): arguments that break the input schema are a tool execution error the model can
  // read (isError), an unknown tool is a protocol error (-32602).
  const invalid = await client.callTool({ name: 'search_jobs', arguments: { query: 42 } });
  check(invalid.isError === true, `tools/call with invalid arguments: isError (${text(invalid)})`);
  let unknown;
  try {
    await client.callTool({ name: 'no_such_tool', arguments: {} });
  } catch (e) {
    unknown = e;
  }
  check(unknown instanceof McpError && unknown.code === -32602, 'tools/call of an unknown tool: JSON-RPC -32602');

  // A forced refresh: the SDK's auth() with a refresh token in hand refreshes (RFC 6749 §6), and the
  // demo rotates the refresh token.
  const before = provider.tokens();
  const refreshed = await auth(provider, { serverUrl: url, fetchFn: fetch });
  const after = provider.tokens();
  check(refreshed === 'AUTHORIZED' && after.access_token !== before.access_token, 'forced refresh: new access token');
  check(!!after.refresh_token && after.refresh_token !== before.refresh_token, 'the refresh token rotated');
  await client.ping();
  const again = await client.callTool({ name: 'search_jobs', arguments: { query: 'engineer' } });
  check(!again.isError, 'tools/call with the refreshed access token');

  await transport.terminateSession();
  check(transport.sessionId === undefined, 'session ended (DELETE)');
  await client.close();

  // The rotated-out refresh token, presented again, is refused (RFC 9700 §4.14.2: reuse detection).
  const as = provider.discoveryState()?.authorizationServerMetadata;
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: before.refresh_token });
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const info = provider.clientInformation();
  if (method === 'client_secret_basic')
    headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(info.client_id)}:${encodeURIComponent(info.client_secret)}`).toString('base64')}`;
  else form.set('client_id', info.client_id);
  if (method === 'client_secret_post') form.set('client_secret', info.client_secret);
  const replay = await fetch(as.token_endpoint, { method: 'POST', headers, body: form });
  const body = await replay.json();
  check(replay.status === 400 && body.error === 'invalid_grant', 'the rotated-out refresh token is refused (invalid_grant)');

  console.log(`PASS: MCP SDK client (${mode}, ${method}) against the authwire demo server`);
}
