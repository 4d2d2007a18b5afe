#!/usr/bin/env python3
"""example_resource_server validating the tokens of example_demo_server over loopback sockets (python3 standard
library): both started by this test (the demo with --port 0, the resource server on a free port it picks) and
stopped by PID, sharing one --keys FILE that the demo writes.

    resource_server.py DEMO_SERVER RESOURCE_SERVER FORMAT      (FORMAT: jwe, jwt-es256 or jwt-rs256)

Checks: the resource server's RFC 9728 metadata names the demo as its authorization server; GET /api without a token
is 401 with a Bearer challenge carrying resource_metadata and scope; a token the demo issued for the resource server
(resource=<rs>/api, scope jobs:read) is 200 and speaks for the demo's user; a token without jobs:read is 403
insufficient_scope; a token for the demo's own /mcp is 401 invalid_token (wrong audience); a token from a second demo
with the same issuer but other keys under the same kids is 401 invalid_token (decryption failed, signature invalid); a keys file others may read is refused at start-up; the
resource server stops on SIGTERM with status 0. Last line "PASS: ..." when every check held, "FAIL: ..." otherwise.
"""
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server_abuse import Server, check, failures, finish  # noqa: E402
from demo_server_authz import register, sign_in  # noqa: E402


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ResourceServer(Server):
    """example_resource_server on 127.0.0.1:PORT (the Server helper's start, request(), stop() and kill())."""
    name = "resource server"
    prefix = "resource-server-"
    banner = r"^authwire resource server on (http://[^ \n]+)"
    ready_marker = "issuer: "

    def __init__(self, binary, port, args):
        super().__init__(binary, args, port=port)


def challenge(headers):
    return headers.get("www-authenticate", "")


def get_api(rs, token):
    return rs.request("GET", "/api", headers={"Authorization": "Bearer " + token} if token else {})


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in ("jwe", "jwt-es256", "jwt-rs256"):
        sys.exit(__doc__)
    demo_binary, rs_binary, fmt = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="resource-server-keys-")
    keys = os.path.join(work, "keys.json")
    other_keys = os.path.join(work, "other-keys.json")
    rs_port = free_port()
    resource = f"http://127.0.0.1:{rs_port}/api"
    demo = other = rs = None
    try:
        # The authorization server writes the keys file; the resource server reads the same file.
        demo = Server(demo_binary, ["--auto-approve", "--access-token-format", fmt, "--keys", keys,
                                    "--resource", resource])
        check(os.path.exists(keys) and stat.S_IMODE(os.stat(keys).st_mode) == 0o600,
              "the demo wrote its keys file with mode 0600")

        # A keys file others may read is refused before anything is served.
        loose = os.path.join(work, "loose.json")
        shutil.copyfile(keys, loose)
        os.chmod(loose, 0o644)
        refused = subprocess.run([rs_binary, "--port", "0", "--keys", loose, "--issuer", demo.origin,
                                  "--access-token-format", fmt], capture_output=True, text=True, timeout=30)
        check(refused.returncode == 2 and "chmod 600" in refused.stderr,
              f"a keys file others may read is refused: {refused.returncode} {refused.stderr.strip()[:120]}")

        rs = ResourceServer(rs_binary, rs_port, ["--keys", keys, "--issuer", demo.origin,
                                                 "--access-token-format", fmt])

        # RFC 9728: the metadata says who issues the tokens and what to ask for.
        status, _, body = rs.request("GET", "/.well-known/oauth-protected-resource/api")
        meta = json.loads(body) if status == 200 else {}
        check(status == 200 and meta.get("resource") == resource and meta.get("authorization_servers") == [demo.origin]
              and meta.get("scopes_supported") == ["jobs:read"] and meta.get("bearer_methods_supported") == ["header"],
              f"protected resource metadata: {status} {meta}")

        # No token: 401 with the challenge pointing at the metadata (RFC 9728 §5.1) and the scope to ask for.
        status, headers, _ = get_api(rs, None)
        www = challenge(headers)
        check(status == 401 and www.startswith("Bearer ") and
              f'resource_metadata="{rs.origin}/.well-known/oauth-protected-resource/api"' in www and
              'scope="jobs:read"' in www and "error=" not in www,
              f"no token: {status} WWW-Authenticate: {www}")

        # A token the demo issued for this resource server: accepted.
        client_id = register(demo)
        tokens = sign_in(demo, client_id, scope="jobs:read", resource=resource)
        if tokens:
            status, headers, body = get_api(rs, tokens["access_token"])
            who = json.loads(body) if status == 200 else {}
            check(status == 200 and who.get("subject") == "demo-user" and who.get("client_id") == client_id
                  and who.get("audience") == resource and who.get("issuer") == demo.origin
                  and headers.get("cache-control") == "no-store",
                  f"a token from the demo sharing the keys: {status} {body[:300]!r}")
            status, headers, _ = get_api(rs, tokens["access_token"][:-4] + "AAAA")
            check(status == 401 and 'error="invalid_token"' in challenge(headers),
                  f"a tampered token: {status} {challenge(headers)}")

        # Without the scope the route needs: 403 insufficient_scope (RFC 6750 §3.1).
        narrow = sign_in(demo, client_id, scope="mcp:tools", resource=resource)
        if narrow:
            status, headers, _ = get_api(rs, narrow["access_token"])
            check(status == 403 and 'error="insufficient_scope"' in challenge(headers)
                  and 'scope="jobs:read"' in challenge(headers),
                  f"a token without jobs:read: {status} {challenge(headers)}")

        # A token for the demo's own /mcp: right keys, wrong audience (RFC 8707).
        mcp_token = sign_in(demo, client_id, scope="jobs:read")
        if mcp_token:
            status, headers, _ = get_api(rs, mcp_token["access_token"])
            check(status == 401 and 'error="invalid_token"' in challenge(headers)
                  and "wrong audience" in challenge(headers),
                  f"a token for another resource: {status} {challenge(headers)}")

        # Another demo, same issuer and resource, other keys under the SAME kids (so that the refusal is the
        # cryptography's, not a kid lookup's): its tokens are refused.
        spare = Server(demo_binary, ["--access-token-format", fmt, "--keys", other_keys])
        spare.stop()
        spare.close()
        with open(keys) as f:
            kids = [k["kid"] for k in json.load(f)["keys"]]
        with open(other_keys) as f:
            other_set = json.load(f)
        check(len(other_set["keys"]) == len(kids) and all(k["kid"] in kids for k in other_set["keys"]) == (fmt == "jwe"),
              f"the other key file's kids: {[k['kid'] for k in other_set['keys']]} (ours: {kids})")
        for key, kid in zip(other_set["keys"], kids):
            key["kid"] = kid
        with open(other_keys, "w") as f:
            json.dump(other_set, f)
        other = Server(demo_binary, ["--auto-approve", "--access-token-format", fmt, "--keys", other_keys,
                                     "--resource", resource, "--issuer", demo.origin])
        other_client = register(other)
        foreign = sign_in(other, other_client, scope="jobs:read", resource=resource)
        if foreign:
            status, headers, _ = get_api(rs, foreign["access_token"])
            why = "decryption failed" if fmt == "jwe" else "signature invalid"
            check(status == 401 and 'error="invalid_token"' in challenge(headers) and why in challenge(headers),
                  f"a token minted with other keys under our kids: {status} {challenge(headers)}")

        code = rs.stop()
        check(code == 0, f"the resource server stops on SIGTERM with status 0 (got {code})")
        demo.stop_and_check()
        other.stop_and_check()
    finally:
        for s in (rs, demo, other):
            if s:
                s.close()
        if not failures:
            shutil.rmtree(work, ignore_errors=True)
    return finish(f"example_resource_server accepts the tokens of example_demo_server --keys FILE ({fmt}) and "
                  "refuses the rest")


if __name__ == "__main__":
    sys.exit(main())
