// authwire interop — a real authorization server (npm oidc-provider) and a tiny protected resource in front
// of it, for the C++ test in oidc_provider_test.cpp. Test scaffolding: 127.0.0.1 only, a random free port, a
// bounded lifetime, in-memory state, throw-away keys made at start-up.
//
//   node provider.mjs start <dir> [lifetime-seconds]   launch the server detached, wait until it listens,
//                                                     write <dir>/provider.json, exit 0
//   node provider.mjs stop <dir>                       stop the server started with <dir>
//   node provider.mjs serve <dir> <lifetime-seconds>    (internal) the server itself
//
// <dir>/provider.json: {"issuer": "http://127.0.0.1:<port>", "resource": "<issuer>/api", "pid": <pid>}.
//
// What the server does (everything the C++ test relies on is configured here, nothing is left to defaults):
//  - issuer http://127.0.0.1:<port>; oidc-provider 9 serves its metadata both at the RFC 8414
//    /.well-known/oauth-authorization-server URL (which the client tries first) and at openid-configuration;
//  - open Dynamic Client Registration (RFC 7591) at /reg;
//  - PKCE required for every client (S256 is the only method oidc-provider 9 implements);
//  - resource indicators (RFC 8707): the resource <issuer>/api has scopes api:read and api:write and gets JWT
//    access tokens (RFC 9068, typ at+jwt) signed ES256 with a key published in /jwks next to an RS256 key
//    (ID tokens), so the client must pick the key by "kid" and bind it to its "alg"; any MCP endpoint
//    http://127.0.0.1:<port>/mcp (the MCP SDK resource server of tests/interop/mcp-sdk) is a resource too,
//    with the scope mcp:tools and the same kind of tokens; and any other /api on this machine,
//    http://127.0.0.1:<port>/api (authwire's example_resource_server, which fetches this /jwks itself: see
//    resource_server.mjs), is a resource with the scopes jobs:read and jobs:write and the same kind of tokens;
//  - a refresh token with every code grant, rotated on every use (the consumed one then fails with
//    invalid_grant, and oidc-provider revokes the whole grant when it is presented again);
//  - revocation (RFC 7009) and introspection (RFC 7662);
//  - headless auto-consent: /interaction/<uid> logs in the fixed account "alice" (login prompt) and grants
//    whatever scopes and resource scopes the consent prompt says are missing, then redirects back to the
//    authorization endpoint — no page, no form; a request with login_hint=deny is refused (access_denied);
//  - every request is logged to <dir>/provider.log as "<method> <path>" (resource_server.mjs counts the
//    GET /jwks lines);
//  - the protected resource: GET /.well-known/oauth-protected-resource/api (RFC 9728) and GET /api, which
//    answers 401 with a Bearer challenge naming the metadata URL, or 200 for a valid access token.
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';

const [, script, command, dir, lifetimeArg] = process.argv;
const stateFile = () => path.join(dir, 'provider.json');

function usage() {
  console.error('usage: node provider.mjs start|stop <dir> [lifetime-seconds]');
  process.exit(2);
}

if (!dir) usage();
if (command === 'start') await start();
else if (command === 'stop') stop();
else if (command === 'serve') await serve();
else usage();

// Launch `serve` detached (its output goes to <dir>/provider.log), wait for its "listening" message over the
// IPC channel — no polling, no sleeps — and leave it running.
async function start() {
  const lifetime = Number(lifetimeArg ?? 120);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(stateFile(), { force: true });
  const log = fs.openSync(path.join(dir, 'provider.log'), 'w');
  const child = spawn(process.execPath, [script, 'serve', dir, String(lifetime)], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  const ready = await new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ error: 'no answer from the server within 30 s' }), 30_000);
    child.once('message', (m) => { clearTimeout(timer); resolve(m); });
    child.once('exit', (code) => { clearTimeout(timer); resolve({ error: `the server exited (${code})` }); });
  });
  if (ready.error) {
    console.error(`oidc-provider did not start: ${ready.error}; see ${path.join(dir, 'provider.log')}`);
    try { child.kill(); } catch {}
    process.exit(1);
  }
  fs.writeFileSync(`${stateFile()}.tmp`, JSON.stringify({ ...ready, pid: child.pid }));
  fs.renameSync(`${stateFile()}.tmp`, stateFile());  // the test never sees a half-written file
  console.log(`oidc-provider ${ready.issuer} (pid ${child.pid}, exits by itself after ${lifetime} s)`);
  if (child.connected) child.disconnect();  // the server may have closed the channel already
  child.unref();
}

function stop() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(stateFile(), 'utf8'));
  } catch {
    console.log('no server state: nothing to stop');
    return;
  }
  try {
    process.kill(state.pid, 'SIGTERM');
    console.log(`stopped oidc-provider (pid ${state.pid})`);
  } catch (e) {
    console.log(`oidc-provider (pid ${state.pid}) was not running: ${e.code}`);
  }
  fs.rmSync(stateFile(), { force: true });
}

async function serve() {
  const lifetime = Number(lifetimeArg);
  const { default: Provider, errors } = await import('oidc-provider');
  const { jwtVerify, createLocalJWKSet } = await import('jose');

  // Bounded lifetime: whatever happens to the test, this process goes away by itself.
  setTimeout(() => {
    console.log(`lifetime of ${lifetime} s over: exiting`);
    process.exit(0);
  }, lifetime * 1000);
  process.on('SIGTERM', () => process.exit(0));

  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const resource = `${issuer}/api`;
  const resourceMetadataUrl = `${issuer}/.well-known/oauth-protected-resource/api`;
  const account = 'alice';

  const jwk = (type, options, extra) => ({
    ...crypto.generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }),
    ...extra,
  });
  const keys = [
    jwk('rsa', { modulusLength: 2048 }, { kid: 'rs256-id-tokens', alg: 'RS256', use: 'sig' }),
    jwk('ec', { namedCurve: 'P-256' }, { kid: 'es256-access-tokens', alg: 'ES256', use: 'sig' }),
  ];

  const provider = new Provider(issuer, {
    jwks: { keys },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'offline_access'],
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true },  // open: no initial access token
      revocation: { enabled: true },
      introspection: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx, client, oneOf) => oneOf ?? undefined,
        useGrantedResource: () => true,
        getResourceServerInfo: (ctx, indicator) => {
          // Our own /api, an MCP endpoint on this machine that trusts this server (tests/interop/mcp-sdk), or
          // another /api on this machine (example_resource_server, resource_server.mjs).
          const mcp = /^http:\/\/127\.0\.0\.1:\d+\/mcp$/.test(indicator);
          const jobs = indicator !== resource && /^http:\/\/127\.0\.0\.1:\d+\/api$/.test(indicator);
          if (indicator !== resource && !mcp && !jobs) throw new errors.InvalidTarget();
          return {
            scope: mcp ? 'mcp:tools' : jobs ? 'jobs:read jobs:write' : 'api:read api:write',
            audience: indicator,
            accessTokenTTL: 300,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    pkce: { required: () => true },
    issueRefreshToken: (ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => true,
    expiresWithSession: () => false,
    findAccount: (ctx, sub) => (sub === account ? { accountId: sub, claims: () => ({ sub }) } : undefined),
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      RefreshToken: 3600,
      Interaction: 300,
      Session: 3600,
      Grant: 3600,
    },
    renderError: (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  });
  provider.on('server_error', (ctx, err) => console.error('server_error', err));

  const verifyKeys = createLocalJWKSet({
    keys: keys.map(({ kty, crv, x, y, n, e, kid, alg, use }) => ({ kty, crv, x, y, n, e, kid, alg, use })),
  });

  // Auto-consent: login first (prompt "login"), then grant exactly what the consent prompt reports missing.
  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { prompt, params } = details;
    let result;
    if (params.login_hint === 'deny') {
      result = { error: 'access_denied', error_description: 'the test asked for a refusal' };
    } else if (prompt.name === 'login') {
      result = { login: { accountId: account } };
    } else if (prompt.name === 'consent') {
      const grant = details.grantId
        ? await provider.Grant.find(details.grantId)
        : new provider.Grant({ accountId: account, clientId: params.client_id });
      const missing = prompt.details;
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {}))
        grant.addResourceScope(indicator, scopes.join(' '));
      result = { consent: { grantId: await grant.save() } };
    } else {
      result = { error: 'access_denied', error_description: `unexpected prompt ${prompt.name}` };
    }
    console.log(`interaction ${details.uid}: ${prompt.name} for ${params.client_id}`);
    await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  function json(res, status, body, headers = {}) {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
    res.end(JSON.stringify(body));
  }

  // RFC 6750 §2.1 / RFC 9728 §5.1: the protected resource.
  async function api(req, res) {
    const challenge = (error) =>
      `Bearer resource_metadata="${resourceMetadataUrl}", scope="api:read"${error ? `, error="${error}"` : ''}`;
    const authorization = req.headers.authorization ?? '';
    if (!authorization.startsWith('Bearer ')) {
      json(res, 401, { error: 'unauthorized' }, { 'WWW-Authenticate': challenge() });
      return;
    }
    try {
      const { payload } = await jwtVerify(authorization.slice(7), verifyKeys, {
        issuer,
        audience: resource,
        typ: 'at+jwt',
        algorithms: ['ES256'],
      });
      json(res, 200, { hello: payload.sub, scope: payload.scope });
    } catch (e) {
      json(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': challenge('invalid_token') });
    }
  }

  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    console.log(`${req.method} ${url.pathname}`);
    try {
      if (req.method === 'GET' && url.pathname.startsWith('/interaction/')) return await interaction(req, res);
      if (req.method === 'GET' && url.pathname === '/.well-known/oauth-protected-resource/api')
        return json(res, 200, {
          resource,
          authorization_servers: [issuer],
          scopes_supported: ['api:read', 'api:write'],
          bearer_methods_supported: ['header'],
        });
      if (url.pathname === '/api') return await api(req, res);
      return callback(req, res);
    } catch (e) {
      console.error(e);
      if (!res.headersSent) json(res, 500, { error: 'server_error', error_description: String(e.message) });
    }
  });

  process.send({ issuer, resource }, () => process.disconnect());
}
