#!/usr/bin/env python3
"""Issue-14 behaviour of example_demo_server over loopback sockets (python3 standard library and the openssl
command): signed access tokens and /jwks, scope challenges and step-up, Client ID Metadata Documents, public-client
introspection, --issuer and --resource. Each subcommand starts its servers itself (--port 0) and stops them by PID.
Exit status 0 and a last line "PASS: ..." when every check held; "FAIL: ..." lines and exit status 1 otherwise.
  signed-tokens SERVER
      For jwt-es256 and jwt-rs256: /jwks holds public members only, jwks_uri names it, a token from a full sign-in
      verifies against it (openssl) with typ at+jwt and the RFC 9068 claims, and /mcp accepts it; --keys keeps the
      key (and kid) across restarts and a key of the wrong type is refused; jwe has no /jwks.
  step-up SERVER
      401s carry scope="mcp:tools"; apply_to_job with an mcp:tools token is 403 insufficient_scope with
      scope="mcp:tools mcp:write"; a new authorization for that union is granted and the call succeeds; up-scoping
      on refresh is refused (invalid_scope).
  cimd SERVER PKI-DIR
      A client whose client_id is https://127.0.0.1:PORT/client.json (its document served by this test over TLS
      with the test PKI) signs in and calls a tool when the server runs with --allow-internal-cimd-hosts --ca-file;
      without the override the same client_id is refused (400 invalid_client) and the document is never fetched;
      a document whose client_id differs is refused. The consent page shows the host and "unverified".
  introspection SERVER
      A public client introspecting its own token gets active:true; another client's token reads active:false;
      the metadata lists "none" for introspection.
  issuer-resource SERVER
      --issuer https://mcp.example: metadata, iss and the resource use it; --resource: a token requested for the
      other resource has it as "aud" and /mcp refuses it; an unknown resource is invalid_target.
"""
import argparse
import base64
import hashlib
import http.server
import json
import os
import secrets
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server_abuse import Server, b64url, check, failures, finish  # noqa: E402

REDIRECT = "http://127.0.0.1:5555/callback"
PRIVATE_MEMBERS = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}


def unb64(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def form(server, path, fields):
    return server.request("POST", path, urllib.parse.urlencode(fields, doseq=True),
                          {"Content-Type": "application/x-www-form-urlencoded"})


def register(server, scope=None):
    meta = {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none", "client_name": "authz test",
            "grant_types": ["authorization_code", "refresh_token"]}
    if scope:
        meta["scope"] = scope
    status, _, body = server.request("POST", "/register", json.dumps(meta), {"Content-Type": "application/json"})
    check(status == 201, f"registration: {status}")
    return json.loads(body)["client_id"]


def authorize(server, client_id, scope, resource=None):
    """A PKCE authorization (the server auto-approves): (status, code or error, verifier)."""
    verifier = b64url(secrets.token_bytes(32))
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    q = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": scope, "state": "s",
         "code_challenge": challenge, "code_challenge_method": "S256",
         "resource": resource or server.origin + "/mcp"}
    status, headers, body = server.request("GET", "/authorize?" + urllib.parse.urlencode(q))
    if status != 302:
        return status, body, verifier
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["location"]).query)
    return status, (params.get("code") or params.get("error"))[0], verifier


def sign_in(server, client_id, scope="mcp:tools", resource=None):
    status, code, verifier = authorize(server, client_id, scope, resource)
    if not check(status == 302, f"authorize ({scope}): {status} {code!r:.200}"):
        return None
    status, _, body = form(server, "/token", {"grant_type": "authorization_code", "code": code,
                                              "redirect_uri": REDIRECT, "client_id": client_id,
                                              "code_verifier": verifier,
                                              "resource": resource or server.origin + "/mcp"})
    if not check(status == 200, f"token ({scope}): {status} {body[:200]!r}"):
        return None
    return json.loads(body)


def mcp(server, token, message, session=None):
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    if session:
        headers["Mcp-Session-Id"] = session
        headers["MCP-Protocol-Version"] = "2025-11-25"
    return server.request("POST", "/mcp", json.dumps(message).encode(), headers)


def open_session(server, token):
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
    status, headers, _ = mcp(server, token, init)
    if not check(status == 200 and "mcp-session-id" in headers, f"initialize: {status}"):
        return None
    session = headers["mcp-session-id"]
    mcp(server, token, {"jsonrpc": "2.0", "method": "notifications/initialized"}, session)
    return session


def call_tool(server, token, session, name, arguments):
    return mcp(server, token, {"jsonrpc": "2.0", "id": 7, "method": "tools/call",
                               "params": {"name": name, "arguments": arguments}}, session)


# --- signed tokens and /jwks ----------------------------------------------------------------------------------------

def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der(tag, content):
    return bytes([tag]) + der_len(len(content)) + content


def der_int(b):
    b = b.lstrip(b"\0") or b"\0"
    if b[0] & 0x80:
        b = b"\0" + b
    return der(0x02, b)


def spki_pem(jwk):
    """The SubjectPublicKeyInfo (RFC 5480 / RFC 8017) of a public EC P-256 or RSA JWK, as PEM."""
    if jwk["kty"] == "EC":
        alg = der(0x30, der(0x06, bytes.fromhex("2a8648ce3d0201")) + der(0x06, bytes.fromhex("2a8648ce3d030107")))
        key = b"\x04" + unb64(jwk["x"]) + unb64(jwk["y"])
    else:
        alg = der(0x30, der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
        key = der(0x30, der_int(unb64(jwk["n"])) + der_int(unb64(jwk["e"])))
    spki = der(0x30, alg + der(0x03, b"\0" + key))
    text = base64.encodebytes(spki).decode().replace("\n", "")
    lines = [text[i:i + 64] for i in range(0, len(text), 64)]
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + "\n-----END PUBLIC KEY-----\n"


def openssl_verifies(jwk, signing_input, signature, alg):
    """Does openssl accept `signature` over `signing_input` with `jwk`? (ES256: raw r||s → DER first.)"""
    if alg == "ES256":
        signature = der(0x30, der_int(signature[:32]) + der_int(signature[32:]))
    with tempfile.TemporaryDirectory() as d:
        paths = {n: os.path.join(d, n) for n in ("key.pem", "data", "sig")}
        open(paths["key.pem"], "w").write(spki_pem(jwk))
        open(paths["data"], "wb").write(signing_input)
        open(paths["sig"], "wb").write(signature)
        r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", paths["key.pem"], "-signature", paths["sig"],
                            paths["data"]], capture_output=True)
        return r.returncode == 0


def signed_tokens(args):
    for fmt, alg in (("jwt-es256", "ES256"), ("jwt-rs256", "RS256")):
        server = Server(args.server, ["--auto-approve", "--access-token-format", fmt])
        try:
            _, _, body = server.request("GET", "/.well-known/oauth-authorization-server")
            meta = json.loads(body)
            check(meta.get("jwks_uri") == server.origin + "/jwks", f"{fmt}: jwks_uri is {meta.get('jwks_uri')}")
            status, headers, body = server.request("GET", "/jwks")
            jwks = json.loads(body)
            keys = jwks.get("keys", [])
            check(status == 200 and len(keys) == 1, f"{fmt}: /jwks answers one key ({status})")
            check(all(not (PRIVATE_MEMBERS & set(k)) for k in keys),
                  f"{fmt}: /jwks has no private member ({sorted(set().union(*map(set, keys)))})")
            check(keys[0].get("alg") == alg and keys[0].get("use") == "sig" and keys[0].get("kid"),
                  f"{fmt}: the key names alg {alg}, use sig and a kid")
            client_id = register(server)
            tokens = sign_in(server, client_id)
            if not tokens:
                continue
            token = tokens["access_token"]
            parts = token.split(".")
            check(len(parts) == 3, f"{fmt}: the access token is a JWS (3 parts, got {len(parts)})")
            header, claims = json.loads(unb64(parts[0])), json.loads(unb64(parts[1]))
            check(header.get("typ") == "at+jwt" and header.get("alg") == alg and header.get("kid") == keys[0]["kid"],
                  f"{fmt}: header {header}")
            check(openssl_verifies(keys[0], (parts[0] + "." + parts[1]).encode(), unb64(parts[2]), alg),
                  f"{fmt}: the signature verifies with the /jwks key (openssl)")
            tampered = dict(claims, scope="mcp:tools mcp:write")
            forged = b64url(json.dumps(tampered).encode())
            check(not openssl_verifies(keys[0], (parts[0] + "." + forged).encode(), unb64(parts[2]), alg),
                  f"{fmt}: the same signature does not verify over changed claims")
            check(claims.get("iss") == server.origin and claims.get("aud") in (server.origin + "/mcp",
                                                                                [server.origin + "/mcp"])
                  and claims.get("client_id") == client_id and claims.get("scope") == "mcp:tools"
                  and {"sub", "exp", "iat", "jti"} <= set(claims), f"{fmt}: RFC 9068 claims {claims}")
            session = open_session(server, token)
            status, _, body = call_tool(server, token, session, "get_job", {"id": "J-101"})
            check(status == 200 and b"Senior C++ Engineer" in body, f"{fmt}: /mcp accepts the token ({status})")
            server.stop_and_check()
        finally:
            server.close()
    # --keys: the same key (and so the same kid) across restarts; a key of the wrong type is refused at start-up.
    with tempfile.TemporaryDirectory() as d:
        ec, rsa = os.path.join(d, "ec.pem"), os.path.join(d, "rsa.pem")
        subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", ec],
                       check=True, capture_output=True)
        subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", rsa],
                       check=True, capture_output=True)
        kids = []
        for _ in range(2):
            server = Server(args.server, ["--access-token-format", "jwt-es256", "--keys", ec])
            try:
                kids.append(json.loads(server.request("GET", "/jwks")[2])["keys"][0]["kid"])
                server.stop_and_check()
            finally:
                server.close()
        check(kids[0] == kids[1], f"--keys: the same kid after a restart ({kids})")
        for fmt, key in (("jwt-es256", rsa), ("jwt-rs256", ec), ("jwe", ec)):
            r = subprocess.run([args.server, "--port", "0", "--access-token-format", fmt, "--keys", key],
                               capture_output=True, timeout=20)
            check(r.returncode == 2, f"--access-token-format {fmt} with --keys {os.path.basename(key)} is refused "
                                     f"(status {r.returncode})")
    server = Server(args.server, ["--auto-approve"])
    try:
        _, _, body = server.request("GET", "/.well-known/oauth-authorization-server")
        check("jwks_uri" not in json.loads(body), "jwe: no jwks_uri")
        status, _, _ = server.request("GET", "/jwks")
        check(status == 404, f"jwe: no /jwks ({status})")
        server.stop_and_check()
    finally:
        server.close()
    return finish("signed access tokens verify against /jwks, which holds public keys only")


# --- scope challenges and step-up -----------------------------------------------------------------------------------

def challenge_params(headers):
    h = headers.get("www-authenticate", "")
    return dict((k, v) for k, v in __import__("re").findall(r'(\w+)="([^"]*)"', h))


def step_up(args):
    server = Server(args.server, ["--auto-approve"])
    try:
        status, headers, _ = mcp(server, None, {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        c = challenge_params(headers)
        check(status == 401 and c.get("scope") == "mcp:tools" and c.get("resource_metadata", "").endswith(
            "/.well-known/oauth-protected-resource/mcp"), f"401 without a token: scope={c.get('scope')!r} ({status})")
        status, headers, _ = mcp(server, "not-a-token", {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
        c = challenge_params(headers)
        check(status == 401 and c.get("error") == "invalid_token" and c.get("scope") == "mcp:tools",
              f"401 invalid_token carries scope=mcp:tools ({c})")
        client_id = register(server)
        tokens = sign_in(server, client_id, "mcp:tools")
        session = open_session(server, tokens["access_token"])
        status, _, body = call_tool(server, tokens["access_token"], session, "search_jobs", {"query": "c++"})
        check(status == 200 and b'"result"' in body, f"a read tool with mcp:tools: {status}")
        status, headers, body = call_tool(server, tokens["access_token"], session, "apply_to_job", {"id": "J-104"})
        c = challenge_params(headers)
        check(status == 403 and c.get("error") == "insufficient_scope" and c.get("scope") == "mcp:tools mcp:write",
              f"apply_to_job with mcp:tools only: 403 insufficient_scope scope={c.get('scope')!r} ({status})")
        check(json.loads(body).get("scope") == "mcp:tools mcp:write", "the 403 body names the scope too")
        status, _, body = form(server, "/token", {"grant_type": "refresh_token", "client_id": client_id,
                                                  "refresh_token": tokens["refresh_token"],
                                                  "scope": "mcp:tools mcp:write"})
        check(status == 400 and json.loads(body).get("error") == "invalid_scope",
              f"up-scoping on refresh is refused: {status} {body[:120]!r}")
        wider = sign_in(server, client_id, c.get("scope", "mcp:tools mcp:write"))
        if wider:
            check(wider.get("scope") == "mcp:tools mcp:write", f"the union is granted: {wider.get('scope')!r}")
            session = open_session(server, wider["access_token"])
            status, _, body = call_tool(server, wider["access_token"], session, "apply_to_job", {"id": "J-104"})
            check(status == 200 and b"Applied to J-104" in body, f"apply_to_job after step-up: {status} {body[:200]!r}")
            status, _, body = form(server, "/token", {"grant_type": "refresh_token", "client_id": client_id,
                                                      "refresh_token": wider["refresh_token"], "scope": "mcp:tools"})
            check(status == 200 and json.loads(body).get("scope") == "mcp:tools",
                  f"down-scoping on refresh is allowed: {status}")
        narrow = register(server, scope="mcp:tools")
        status, error, _ = authorize(server, narrow, "mcp:tools mcp:write")
        check(status == 302 and error == "invalid_scope",
              f"a client registered for mcp:tools only cannot step up: {status} {error!r:.80}")
        server.stop_and_check()
    finally:
        server.close()
    return finish("401 scope=mcp:tools; 403 insufficient_scope scope=\"mcp:tools mcp:write\"; the union granted")


# --- Client ID Metadata Documents -----------------------------------------------------------------------------------

class DocumentServer:
    """Serves client metadata documents over TLS on 127.0.0.1 (the test PKI's server certificate); counts fetches."""

    def __init__(self, pki):
        self.documents, self.fetches = {}, []
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                owner.fetches.append(self.path)
                doc = owner.documents.get(self.path)
                if doc is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                body = json.dumps(doc).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "max-age=600")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *a):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(os.path.join(pki, "server.pem"), os.path.join(pki, "server.key"))
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.base = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def add(self, path, client_id=None, **extra):
        url = self.base + path
        self.documents[path] = dict({"client_id": client_id or url, "client_name": "Loopback CIMD test client",
                                     "logo_uri": "https://logo.example/l.png", "redirect_uris": [REDIRECT],
                                     "grant_types": ["authorization_code", "refresh_token"],
                                     "response_types": ["code"], "token_endpoint_auth_method": "none"}, **extra)
        return url

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def cimd(args):
    docs = DocumentServer(args.pki)
    try:
        good = docs.add("/clients/good.json")
        liar = docs.add("/clients/liar.json", client_id=docs.base + "/clients/someone-else.json")
        secret = docs.add("/clients/secret.json", token_endpoint_auth_method="client_secret_post")
        ca = os.path.join(args.pki, "ca.pem")
        server = Server(args.server, ["--auto-approve", "--allow-internal-cimd-hosts", "--ca-file", ca,
                                      "--access-token-format", "jwt-es256"])
        try:
            _, _, body = server.request("GET", "/.well-known/oauth-authorization-server")
            check(json.loads(body).get("client_id_metadata_document_supported") is True,
                  "metadata: client_id_metadata_document_supported true")
            tokens = sign_in(server, good)
            if tokens:
                session = open_session(server, tokens["access_token"])
                status, _, body = call_tool(server, tokens["access_token"], session, "get_job", {"id": "J-102"})
                check(status == 200 and b"OAuth" in body, f"the CIMD client calls a tool: {status}")
                claims = json.loads(unb64(tokens["access_token"].split(".")[1]))
                check(claims.get("client_id") == good, f"the token names the URL client_id: {claims.get('client_id')}")
                status, _, body = form(server, "/introspect", {"token": tokens["access_token"], "client_id": good})
                check(status == 200 and json.loads(body).get("active") is True
                      and json.loads(body).get("client_id") == good, f"the CIMD client introspects its token: {body!r:.120}")
                status, _, body = form(server, "/token", {"grant_type": "refresh_token", "client_id": good,
                                                          "refresh_token": tokens["refresh_token"]})
                check(status == 200, f"the CIMD client refreshes: {status}")
            check(docs.fetches.count("/clients/good.json") == 1,
                  f"the document was fetched once and then cached ({docs.fetches.count('/clients/good.json')} fetches)")
            status, body, _ = authorize(server, liar, "mcp:tools")
            check(status == 400 and b"invalid_client" in body, f"a document whose client_id differs: {status} {body!r:.160}")
            status, body, _ = authorize(server, secret, "mcp:tools")
            check(status == 400 and b"invalid_client" in body, f"a document with client_secret_post: {status}")
            status, body, _ = authorize(server, docs.base + "/clients/missing.json", "mcp:tools")
            check(status == 400 and b"invalid_client" in body, f"a document that is not there (404): {status}")
            server.stop_and_check()
        finally:
            server.close()
        server = Server(args.server, ["--ca-file", ca, "--auto-approve"])
        try:
            before = len(docs.fetches)
            status, body, _ = authorize(server, good, "mcp:tools")
            check(status == 400 and b"invalid_client" in body and b"loopback" in body,
                  f"without --allow-internal-cimd-hosts a loopback document is refused: {status} {body!r:.160}")
            check(len(docs.fetches) == before, "and it is not fetched")
            server.stop_and_check()
        finally:
            server.close()
        server = Server(args.server, ["--allow-internal-cimd-hosts", "--ca-file", ca])
        try:
            status, page, _ = authorize(server, good, "mcp:tools mcp:write")
            text = page.decode(errors="replace") if isinstance(page, bytes) else ""
            check(status == 200 and "<h1>An application from <strong>127.0.0.1</strong>" in text
                  and "unverified" in text and "Loopback CIMD test client" in text
                  and "https://logo.example/l.png" in text and "<code>mcp:write</code>" in text,
                  f"the consent page shows the host, the unverified name and logo, and the scopes ({status})")
            server.stop_and_check()
        finally:
            server.close()
    finally:
        docs.close()
    return finish("a CIMD client on loopback works with the override, is refused without it")


# --- introspection by public clients --------------------------------------------------------------------------------

def introspection(args):
    server = Server(args.server, ["--auto-approve"])
    try:
        _, _, body = server.request("GET", "/.well-known/oauth-authorization-server")
        check("none" in json.loads(body).get("introspection_endpoint_auth_methods_supported", []),
              "metadata lists none for introspection")
        a, b = register(server), register(server)
        ta, tb = sign_in(server, a), sign_in(server, b)
        for kind in ("access_token", "refresh_token"):
            status, _, body = form(server, "/introspect", {"token": ta[kind], "client_id": a})
            check(status == 200 and json.loads(body).get("active") is True,
                  f"a public client introspects its own {kind}: {status} {body!r:.80}")
            status, _, body = form(server, "/introspect", {"token": tb[kind], "client_id": a})
            check(status == 200 and json.loads(body) == {"active": False},
                  f"another client's {kind} reads inactive: {status} {body!r:.80}")
        server.stop_and_check()
    finally:
        server.close()
    return finish("public clients introspect their own tokens only, as the metadata says")


# --- --issuer and --resource ----------------------------------------------------------------------------------------

def issuer_resource(args):
    other = "https://rs.example/mcp"
    server = Server(args.server, ["--auto-approve", "--access-token-format", "jwt-es256", "--resource", other])
    try:
        client_id = register(server)
        tokens = sign_in(server, client_id, resource=other)
        if tokens:
            claims = json.loads(unb64(tokens["access_token"].split(".")[1]))
            check(claims.get("aud") in (other, [other]), f"a token for --resource has it as aud: {claims.get('aud')}")
            status, headers, _ = mcp(server, tokens["access_token"], {"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
            check(status == 401 and "wrong audience" in headers.get("www-authenticate", ""),
                  f"/mcp refuses a token for the other resource: {status}")
        status, error, _ = authorize(server, client_id, "mcp:tools", "https://unknown.example/mcp")
        check(status == 302 and error == "invalid_target", f"an unknown resource: {status} {error!r:.80}")
        server.stop_and_check()
    finally:
        server.close()
    server = Server(args.server, ["--auto-approve", "--issuer", "https://mcp.example"])
    try:
        _, _, body = server.request("GET", "/.well-known/oauth-authorization-server")
        meta = json.loads(body)
        check(meta["issuer"] == "https://mcp.example" and meta["token_endpoint"] == "https://mcp.example/token",
              f"--issuer: metadata {meta['issuer']} {meta['token_endpoint']}")
        _, _, body = server.request("GET", "/.well-known/oauth-protected-resource/mcp")
        prm = json.loads(body)
        check(prm["resource"] == "https://mcp.example/mcp" and prm["authorization_servers"] == ["https://mcp.example"],
              f"--issuer: protected resource metadata {prm}")
        status, headers, _ = server.request("POST", "/mcp", b"{}", {"Host": "mcp.example",
                                                                    "Content-Type": "application/json"})
        check(status == 401 and "https://mcp.example/.well-known/oauth-protected-resource/mcp" in headers.get(
            "www-authenticate", ""), f"--issuer: /mcp accepts Host mcp.example and names the public metadata ({status})")
        server.stop_and_check()
    finally:
        server.close()
    for bad in ("https://mcp.example/base", "ftp://mcp.example", "http://mcp.example"):
        r = subprocess.run([args.server, "--port", "0", "--issuer", bad], capture_output=True, timeout=20)
        check(r.returncode == 2, f"--issuer {bad} is refused at start-up (status {r.returncode})")
    return finish("--issuer and --resource shape the metadata, the tokens' aud and what /mcp accepts")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    for name, run in (("signed-tokens", signed_tokens), ("step-up", step_up), ("introspection", introspection),
                      ("issuer-resource", issuer_resource)):
        s = sub.add_parser(name)
        s.add_argument("server")
        s.set_defaults(run=run)
    s = sub.add_parser("cimd")
    s.add_argument("server")
    s.add_argument("pki")
    s.set_defaults(run=cimd)
    args = p.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
