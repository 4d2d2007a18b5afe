// authwire interop — an MCP resource server built from the MCP TypeScript SDK (npm @modelcontextprotocol/sdk,
// pinned in package-lock.json) that trusts example_demo_server as its authorization server: the SDK's
// mcpAuthMetadataRouter publishes the protected-resource metadata naming the demo, and requireBearerAuth checks
// every request with a verifier that validates RFC 9068 JWT access tokens against the demo's jwks_uri (npm jose,
// createRemoteJWKSet + jwtVerify: signature, typ at+jwt, iss, aud = this MCP endpoint, exp). Nothing here knows
// authwire: it reads the demo's RFC 8414 metadata like any resource server configured with an issuer would.
//
// Test scaffolding: 127.0.0.1 only, a random free port, in-memory sessions. The server listens first (its URL
// is the resource the demo must be told about with --resource), and trust(issuer) then mounts the OAuth parts.
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
} from '@modelcontextprotocol/sdk/server/auth/router.js';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { InvalidTokenError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

export const requiredScope = 'mcp:tools';

function makeMcpServer(events) {
  const server = new McpServer({ name: 'authwire-interop-sdk-jwt-resource-server', version: '1.0.0' });
  server.registerTool('add', {
    description: 'Add two numbers',
    inputSchema: { a: z.number(), b: z.number() },
  }, async ({ a, b }, extra) => {
    events.push(`tools/call add ${a} ${b} by ${extra.authInfo?.clientId}`);
    return { content: [{ type: 'text', text: String(a + b) }] };
  });
  return server;
}

/// Listen on 127.0.0.1 (random port); resolves to { url, events, refusals, trust(issuer), close() }. `refusals`
/// collects why the verifier refused tokens (jose's error codes).
export async function startJwtResourceServer({ algorithms = ['ES256'] } = {}) {
  const app = express();
  const httpServer = http.createServer(app);
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${httpServer.address().port}`;
  const url = `${origin}/mcp`;
  const events = [];
  const refusals = [];
  const transports = new Map();
  app.use((req, _res, next) => { events.push(`${req.method} ${req.path}`); next(); });

  // Mount the OAuth parts once the authorization server is known: its metadata, from its RFC 8414 document.
  async function trust(issuer) {
    const response = await fetch(`${issuer}/.well-known/oauth-authorization-server`);
    if (!response.ok) throw new Error(`the authorization server's metadata: HTTP ${response.status}`);
    const metadata = await response.json();
    if (metadata.issuer !== issuer) throw new Error(`metadata issuer ${metadata.issuer} is not ${issuer}`);
    if (!metadata.jwks_uri) throw new Error('the authorization server publishes no jwks_uri: its tokens cannot be validated');
    const keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
    const verifier = {
      async verifyAccessToken(token) {
        try {
          const { payload } = await jwtVerify(token, keys, { issuer, audience: url, typ: 'at+jwt', algorithms });
          events.push(`token accepted for ${payload.client_id}`);
          return {
            token,
            clientId: String(payload.client_id),
            scopes: String(payload.scope ?? '').split(' ').filter(Boolean),
            expiresAt: payload.exp,
            resource: new URL(url),
          };
        } catch (e) {
          refusals.push(e.code ?? e.message);
          throw new InvalidTokenError(`token refused: ${e.code ?? e.message}`);
        }
      },
    };
    app.use(mcpAuthMetadataRouter({
      oauthMetadata: metadata,
      resourceServerUrl: new URL(url),
      scopesSupported: [requiredScope],
      resourceName: 'authwire interop SDK resource server (JWT access tokens)',
    }));
    const bearer = requireBearerAuth({
      verifier,
      requiredScopes: [requiredScope],
      resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(new URL(url)),
      expectedResource: new URL(url),
    });
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
    return metadata;
  }

  return {
    url,
    events,
    refusals,
    trust,
    close: () => new Promise((resolve) => {
      for (const t of transports.values()) t.close();
      httpServer.closeAllConnections?.();
      httpServer.close(() => resolve());
    }),
  };
}
