// authwire interop — an MCP server built from the MCP TypeScript SDK (npm @modelcontextprotocol/sdk, pinned in
// package-lock.json), for example_cli_client to talk to. Test scaffolding: 127.0.0.1 only, a random free port,
// in-memory state; run.mjs starts it in its own process and closes it.
//
// Two ways to be protected, as real deployments are:
//  - "builtin": the SDK is its own authorization server (mcpAuthRouter with the SDK's DemoInMemoryAuthProvider:
//    metadata, open DCR, an authorization endpoint that approves at once, a token endpoint, PKCE; its tokens
//    are opaque and it issues no refresh token) on the same origin as the MCP endpoint;
//  - "oidc": the SDK is only the resource server (mcpAuthMetadataRouter, requireBearerAuth) and trusts npm
//    oidc-provider (tests/interop/oidc-provider/provider.mjs) as its authorization server, verifying its RFC 9068
//    JWT access tokens (ES256, audience = this MCP endpoint) against the provider's jwks_uri.
// Either way the MCP endpoint is the SDK's StreamableHTTPServerTransport with sessions (Mcp-Session-Id) and
// SSE-framed responses, the transport's default — what most SDK-built servers in the field answer.
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';

import express from 'express';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as z from 'zod';

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthMetadataRouter,
  mcpAuthRouter,
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { DemoInMemoryAuthProvider } from '@modelcontextprotocol/sdk/examples/server/demoInMemoryOAuthProvider.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const scope = 'mcp:tools';

// The tools the CLI calls: results it can print and the test can check.
function makeMcpServer(events) {
  const server = new McpServer({ name: 'authwire-interop-sdk-server', version: '1.0.0' });
  server.registerTool('add', {
    description: 'Add two numbers',
    inputSchema: { a: z.number(), b: z.number() },
  }, async ({ a, b }) => {
    events.push(`tools/call add ${a} ${b}`);
    return { content: [{ type: 'text', text: String(a + b) }] };
  });
  server.registerTool('echo', {
    description: 'Echo a text',
    inputSchema: { text: z.string() },
  }, async ({ text }) => {
    events.push('tools/call echo');
    return { content: [{ type: 'text', text }] };
  });
  return server;
}

// An access-token verifier for oidc-provider's JWT access tokens (RFC 9068).
async function oidcVerifier(issuer, resource) {
  const metadata = await (await fetch(`${issuer}/.well-known/oauth-authorization-server`)).json();
  const keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
  return {
    metadata,
    verifier: {
      async verifyAccessToken(token) {
        try {
          const { payload } = await jwtVerify(token, keys, {
            issuer, audience: resource, typ: 'at+jwt', algorithms: ['ES256'],
          });
          return {
            token,
            clientId: String(payload.client_id),
            scopes: String(payload.scope ?? '').split(' ').filter(Boolean),
            expiresAt: payload.exp,
            resource: new URL(resource),
          };
        } catch (e) {
          throw new InvalidTokenError(`token refused: ${e.code ?? e.message}`);
        }
      },
    },
  };
}

/// Start the server; resolves to { url, origin, events, close() }. `mode` is "builtin" or "oidc" (then `issuer`
/// names the oidc-provider to trust).
export async function startSdkServer({ mode, issuer }) {
  const app = express();
  const httpServer = http.createServer(app);
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${httpServer.address().port}`;
  const url = `${origin}/mcp`;
  const events = [];
  app.use((req, _res, next) => { events.push(`${req.method} ${req.path}`); next(); });

  let verifier;
  if (mode === 'builtin') {
    const provider = new DemoInMemoryAuthProvider((resource) => String(resource) === url);
    app.use(mcpAuthRouter({
      provider,
      issuerUrl: new URL(origin),
      resourceServerUrl: new URL(url),
      scopesSupported: [scope],
      resourceName: 'authwire interop SDK server',
    }));
    verifier = provider;
  } else if (mode === 'oidc') {
    const oidc = await oidcVerifier(issuer, url);
    app.use(mcpAuthMetadataRouter({
      oauthMetadata: oidc.metadata,
      resourceServerUrl: new URL(url),
      scopesSupported: [scope],
      resourceName: 'authwire interop SDK resource server',
    }));
    verifier = oidc.verifier;
  } else {
    throw new Error(`unknown mode ${mode}`);
  }

  const bearer = requireBearerAuth({
    verifier,
    requiredScopes: [scope],
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(url)),
    expectedResource: new URL(url),
  });
  const transports = new Map();
  app.post('/mcp', express.json(), bearer, async (req, res) => {
    const sid = req.headers['mcp-session-id'];
    let transport = sid ? transports.get(sid) : undefined;
    if (sid && !transport) {
      res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
      return;
    }
    if (!transport) {
      if (!isInitializeRequest(req.body)) {
        res.status(400).json({ jsonrpc: '2.0', error: { code: -32000, message: 'No session' }, id: null });
        return;
      }
      transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => { transports.set(id, transport); events.push('session initialized'); },
      });
      transport.onclose = () => {
        if (transport.sessionId) transports.delete(transport.sessionId);
        events.push('session closed');
      };
      await makeMcpServer(events).connect(transport);
    }
    await transport.handleRequest(req, res, req.body);
  });
  const existing = async (req, res) => {
    const transport = transports.get(req.headers['mcp-session-id']);
    if (!transport) {
      res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
      return;
    }
    await transport.handleRequest(req, res);
  };
  app.get('/mcp', bearer, existing);
  app.delete('/mcp', bearer, existing);

  return {
    url,
    origin,
    events,
    close: () => new Promise((resolve) => {
      for (const t of transports.values()) t.close();
      httpServer.closeAllConnections?.();
      httpServer.close(() => resolve());
    }),
  };
}
