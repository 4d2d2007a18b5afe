#!/usr/bin/env python3
"""Issue 15: several demo servers sharing one Redis (python3 standard library and a redis-server program).

  demo_server_instances.py SERVER REDIS-SERVER [--instances 3] [--racers 2,8,32] [--rounds 3]

Starts a private redis-server (a free 127.0.0.1 port, its own temporary directory, no persistence) and three
example_demo_server instances on their own ports with the same --store redis://…, the same --keys JWK Set (written
by the first, read by the others) and the same issuer (the first instance's origin, as behind a load balancer),
all with --auto-approve; every process is stopped by its PID. Then, across instances:
  - registration and sign-in (code flow with PKCE) on instance 1, refresh on 2, the access token accepted by /mcp
    (initialize) on 3, revocation on 3 and the revoked access token refused on 1 and 2;
  - the code replayed on another instance is refused, and revokes what its first use issued;
  - for each N of --racers (default 2, 8 and 32), --rounds times: N concurrent refreshes of one refresh token
    spread over the instances (racer i on instance i mod 3): exactly one rotation and exactly one 200 (the others
    invalid_grant: a racer whose clock was read before the winner's is reuse, not a replay), then the family is
    revoked everywhere (the winner's new refresh token and access token are refused on every instance).
Prints the tallies; "PASS: …" at the end, "FAIL: …" for each failed check.
"""

import argparse
import hashlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server_abuse import Server, b64url, check, failures, finish  # noqa: E402

REDIRECT = "http://127.0.0.1:5555/callback"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A private redis-server: loopback, a free port, its own directory, no persistence; stopped by PID."""

    def __init__(self, binary):
        self.dir = tempfile.mkdtemp(prefix="demo-redis-")
        for _ in range(5):
            self.port = free_port()
            self.proc = subprocess.Popen(
                [binary, "--bind", "127.0.0.1", "--port", str(self.port), "--dir", self.dir, "--save", "",
                 "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no", "--loglevel", "warning"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            for _ in range(100):
                if self.proc.poll() is not None:
                    break
                try:
                    with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as c:
                        c.sendall(b"PING\r\n")
                        if c.recv(16).startswith(b"+PONG"):
                            print(f"redis-server pid {self.proc.pid} on 127.0.0.1:{self.port}", flush=True)
                            return
                except OSError:
                    time.sleep(0.05)
            self.stop()
        raise SystemExit("FAIL: redis-server did not start")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def close(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def form(server, path, fields):
    return server.request("POST", path, urllib.parse.urlencode(fields),
                          {"Content-Type": "application/x-www-form-urlencoded"})


def register(server):
    meta = {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none", "client_name": "instances test",
            "grant_types": ["authorization_code", "refresh_token"]}
    status, _, body = server.request("POST", "/register", json.dumps(meta), {"Content-Type": "application/json"})
    check(status == 201, f"registration on {server.origin}: {status}")
    return json.loads(body)["client_id"] if status == 201 else None


def authorize(server, client_id, resource):
    """A PKCE authorization the server auto-approves: (code, verifier), or (None, None)."""
    verifier = b64url(secrets.token_bytes(32))
    challenge = b64url(hashlib.sha256(verifier.encode()).digest())
    q = {"response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT, "scope": "mcp:tools",
         "state": "s", "code_challenge": challenge, "code_challenge_method": "S256", "resource": resource}
    status, headers, body = server.request("GET", "/authorize?" + urllib.parse.urlencode(q))
    if not check(status == 302, f"authorize on {server.origin}: {status} {body[:200]!r}"):
        return None, None
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["location"]).query)
    if not check("code" in params, f"authorize on {server.origin} gives a code ({headers['location'][:200]})"):
        return None, None
    return params["code"][0], verifier


def exchange(server, client_id, code, verifier, resource):
    return form(server, "/token", {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                   "client_id": client_id, "code_verifier": verifier, "resource": resource})


def refresh(server, client_id, token):
    return form(server, "/token", {"grant_type": "refresh_token", "refresh_token": token, "client_id": client_id})


def initialize(server, token):
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                       "clientInfo": {"name": "instances test", "version": "1"}}}
    status, _, _ = server.request("POST", "/mcp", json.dumps(init).encode(),
                                  {"Accept": "application/json, text/event-stream",
                                   "Content-Type": "application/json", "Authorization": "Bearer " + token})
    return status


def error_of(body):
    try:
        return json.loads(body).get("error")
    except ValueError:
        return None


def sign_in(server, client_id, resource):
    code, verifier = authorize(server, client_id, resource)
    if not code:
        return None
    status, _, body = exchange(server, client_id, code, verifier, resource)
    if not check(status == 200, f"code exchange on {server.origin}: {status} {body[:200]!r}"):
        return None
    return json.loads(body)


def race(servers, client_id, resource, racers, rounds):
    """`rounds` times: a fresh sign-in, then `racers` threads released together by a barrier refresh its refresh
    token, racer i on instance i mod len(servers). Checks exactly one 200 and one rotation, invalid_grant for every
    other racer, and the family revoked everywhere (the winner's refresh and access tokens refused on every
    instance). The number of 200s per round."""
    a = servers[0]
    winners_per_round = []
    for round_ in range(rounds):
        name = f"{racers} racers, round {round_ + 1}"
        tokens = sign_in(a, client_id, resource)
        if not tokens:
            return winners_per_round
        barrier = threading.Barrier(racers)
        results = [None] * racers

        def racer(i, token=tokens["refresh_token"]):
            barrier.wait()
            try:
                results[i] = refresh(servers[i % len(servers)], client_id, token)
            except OSError as e:
                results[i] = (0, {}, str(e).encode())

        threads = [threading.Thread(target=racer, args=(i,)) for i in range(racers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        tally = {}
        for status, _, body in results:
            key = str(status) + ("" if status == 200 else " " + str(error_of(body)))
            tally[key] = tally.get(key, 0) + 1
        winners = [json.loads(body) for status, _, body in results if status == 200]
        per_instance = [sum(1 for i in range(n, racers, len(servers))) for n in range(len(servers))]
        print(f"{name}: {racers} concurrent refreshes over {len(servers)} instances {per_instance}: "
              + ", ".join(f"{v} × {k}" for k, v in sorted(tally.items())), flush=True)
        successors = {w["refresh_token"] for w in winners}
        winners_per_round.append(len(winners))
        check(len(successors) == 1, f"{name}: exactly one rotation ({len(successors)} successors)")
        what = f"{name}: exactly one refresh wins ({len(winners)} × 200"
        same = len(winners) > 1 and len(successors) == 1
        check(len(winners) == 1, what + (", the same successor)" if same else ")"))
        check(tally.get("400 invalid_grant", 0) == racers - len(winners), f"{name}: every other refresh is invalid_grant")
        for w in winners:
            for n, s in enumerate(servers, 1):
                status, _, body = refresh(s, client_id, w["refresh_token"])
                check(status == 400 and error_of(body) == "invalid_grant",
                      f"{name}: the winner's new refresh token is refused on instance {n} "
                      f"(family revoked: {status} {error_of(body)})")
                check(initialize(s, w["access_token"]) == 401,
                      f"{name}: the winner's access token is refused on instance {n}")
    return winners_per_round


def run(args):
    """The checks (each failure printed as FAIL: …)."""
    servers = []
    redis = Redis(args.redis_server)
    work = tempfile.mkdtemp(prefix="demo-instances-")
    keys = os.path.join(work, "keys.jwks")
    try:
        store = f"redis://127.0.0.1:{redis.port}"
        common = ["--store", store, "--keys", keys, "--auto-approve", "--threads", "2"]
        servers.append(Server(args.server, common))
        issuer = servers[0].origin
        check(oct(os.stat(keys).st_mode & 0o777) == "0o600", f"--keys {os.path.basename(keys)} written with mode 0600")
        for _ in range(args.instances - 1):
            servers.append(Server(args.server, common + ["--issuer", issuer]))
        resource = issuer + "/mcp"
        for s in servers:
            _, _, body = s.request("GET", "/.well-known/oauth-authorization-server")
            check(json.loads(body).get("issuer") == issuer, f"{s.origin} publishes the issuer {issuer}")
        a, b, c = servers[0], servers[1 % len(servers)], servers[2 % len(servers)]

        # Sign in on 1, refresh on 2, use on 3, revoke on 3: all agree.
        client_id = register(a)
        if not client_id:
            return
        tokens = sign_in(a, client_id, resource)
        if not tokens:
            return
        status, _, body = refresh(b, client_id, tokens["refresh_token"])
        if not check(status == 200, f"refresh on instance 2 of a token issued by instance 1: {status} {body[:200]!r}"):
            return
        tokens = json.loads(body)
        check(initialize(c, tokens["access_token"]) == 200, "instance 3's /mcp accepts instance 2's access token")
        status, _, _ = form(c, "/revoke", {"token": tokens["refresh_token"], "client_id": client_id})
        check(status == 200, f"revocation on instance 3: {status}")
        for n, s in ((1, a), (2, b)):
            check(initialize(s, tokens["access_token"]) == 401, f"instance {n} refuses the access token revoked on 3")
            status, _, body = refresh(s, client_id, tokens["refresh_token"])
            check(status == 400 and error_of(body) == "invalid_grant",
                  f"instance {n} refuses the refresh token revoked on 3 ({status} {error_of(body)})")

        # A code replayed on another instance is refused, and what its first use issued is revoked.
        code, verifier = authorize(a, client_id, resource)
        if code:
            status, _, body = exchange(b, client_id, code, verifier, resource)
            check(status == 200, f"code from instance 1 exchanged on instance 2: {status}")
            first = json.loads(body) if status == 200 else {}
            status, _, body = exchange(c, client_id, code, verifier, resource)
            check(status == 400 and error_of(body) == "invalid_grant",
                  f"the same code replayed on instance 3 is refused ({status} {error_of(body)})")
            if first:
                check(initialize(a, first["access_token"]) == 401,
                      "the replay revoked the access token the code's first use issued (instance 1 refuses it)")

        # N concurrent refreshes of one refresh token, spread over the instances: exactly one winner, for each N.
        tallies = {}
        for racers in args.racers:
            tallies[racers] = race(servers, client_id, resource, racers, args.rounds)
        for racers, winners in tallies.items():
            print(f"tallies: {racers} racers over {len(servers)} instances, 200s per round {winners}", flush=True)

        for s in servers:
            s.stop_and_check()
    finally:
        for s in servers:
            s.close()
        redis.close()
        shutil.rmtree(work, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("server")
    p.add_argument("redis_server")
    p.add_argument("--instances", type=int, default=3)
    p.add_argument("--racers", type=lambda v: [int(n) for n in v.split(",")], default=[2, 8, 32],
                   help="comma-separated numbers of concurrent refreshes, each raced --rounds times (default 2,8,32)")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    run(args)
    return finish(f"{args.instances} demo instances sharing one Redis agree (sign-in, refresh, use, revocation, code "
                  f"replay; {args.rounds} rounds each of {', '.join(map(str, args.racers))} concurrent refreshes: one "
                  "winner each, family revoked everywhere)")


if __name__ == "__main__":
    sys.exit(main())
