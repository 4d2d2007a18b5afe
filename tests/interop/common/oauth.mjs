// authwire interop — the client side of OAuth steps several peers' tests script by hand (node's fetch only).
import { Failure } from './launch.mjs';

// RFC 6749 §4.1.3 with RFC 7636 §4.5 and RFC 8707 §2.2: exchange an authorization code at `tokenEndpoint` (a
// public client: client_id in the body). The token response's JSON; anything but 200 with an access_token throws
// Failure naming `what`.
export async function exchangeCode(tokenEndpoint, { code, redirectUri, clientId, verifier, resource }, what) {
  const res = await fetch(tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId,
      code_verifier: verifier, resource,
    }),
  });
  const body = await res.json();
  if (res.status !== 200 || !body.access_token) throw new Failure(`${what}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}
