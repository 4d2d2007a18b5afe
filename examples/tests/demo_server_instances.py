#!/usr/bin/env python3
"""Issue 15: several demo servers sharing one Redis (python3 standard library and a redis-server program).

  demo_server_instances.py SERVER REDIS-SERVER [--instances 3] [--racers 2,8,32] [--rounds 3] [--tls]

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
With --outage instead (--instances 2 in CTest): the Redis is persistent (appendonly yes, appendfsync always in its
config file), --kept grants are issued and rotated once, then --clients threads send traffic over the instances
(refreshes of their own grant, registrations, authorization codes issued and exchanged) while Redis is SIGKILLed,
left down --down seconds and restarted on the same port and directory. Checked: while it is down every refresh,
registration and code exchange answers 503 temporarily_unavailable and /authorize issues no code (its error page,
503); no answer is another 5xx or missing; no answer takes long; the instances stay up; every client refreshes
again through every instance once Redis is back (without restarting them); the kept grants still refresh. A client
whose refresh was in flight at the kill may find its token spent (Redis recorded the rotation, the answer was
lost: without a grace window, presenting it again is reuse): that is reported, and a failure for any other client.
With --tls the same checks run over rediss://: the redis-server listens on a TLS port only (plaintext disabled)
with a test PKI made by tests/redis/make_test_pki.sh and requires a client certificate (tls-auth-clients yes); the
instances get --store rediss://127.0.0.1:PORT --redis-ca-file ca.pem --redis-cert client.pem --redis-key
client.key. Also checked: an instance that trusts another CA, and one without a client certificate, start but
answer /register with 503 temporarily_unavailable (never a plaintext fallback), and a missing --redis-ca-file
file is refused at start (status 2).
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
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from demo_server_abuse import Server, b64url, check, failures, finish  # noqa: E402

REDIRECT = "http://127.0.0.1:5555/callback"
HERE = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A private redis-server: loopback, a free port, its own directory and config file; stopped by PID. With
    `aof`, every write is in its append-only file before it is acknowledged (appendonly yes, appendfsync always),
    so kill() then start() on the same port and directory loses nothing acknowledged."""

    def __init__(self, binary, aof=False, tls=False):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="demo-redis-")
        self.config = os.path.join(self.dir, "redis.conf")
        self.proc = None
        self.pki = None
        if tls:
            # The PKI of the Redis store tests: ca.pem, server.pem/.key (localhost, 127.0.0.1), client.pem/.key,
            # and an unrelated other-ca.pem.
            self.pki = os.path.join(self.dir, "pki")
            subprocess.run(["bash", os.path.join(HERE, "..", "..", "tests", "redis", "make_test_pki.sh"), self.pki],
                           check=True)
        for _ in range(5):
            self.port = free_port()
            listen = f"port {self.port}\n"
            if tls:
                listen = (f"port 0\ntls-port {self.port}\ntls-cert-file {self.pki}/server.pem\n"
                          f"tls-key-file {self.pki}/server.key\ntls-ca-cert-file {self.pki}/ca.pem\n"
                          "tls-auth-clients yes\n")
            with open(self.config, "w") as f:
                f.write(f"bind 127.0.0.1\n{listen}dir {self.dir}\nsave \"\"\nprotected-mode yes\n"
                        "daemonize no\nloglevel warning\n"
                        + ("appendonly yes\nappendfsync always\n" if aof else "appendonly no\n"))
            if self.start(quiet=True):
                return
        raise SystemExit("FAIL: redis-server did not start")

    def url(self):
        return f"{'rediss' if self.pki else 'redis'}://127.0.0.1:{self.port}"

    def store_args(self):
        """The demo's --store option, with the TLS files when Redis speaks TLS."""
        args = ["--store", self.url()]
        if self.pki:
            args += ["--redis-ca-file", f"{self.pki}/ca.pem", "--redis-cert", f"{self.pki}/client.pem",
                     "--redis-key", f"{self.pki}/client.key"]
        return args

    def ping(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as raw:
            c = raw
            if self.pki:
                ctx = ssl.create_default_context(cafile=f"{self.pki}/ca.pem")
                ctx.load_cert_chain(f"{self.pki}/client.pem", f"{self.pki}/client.key")
                c = ctx.wrap_socket(raw, server_hostname="127.0.0.1")
            c.sendall(b"PING\r\n")
            return c.recv(16).startswith(b"+PONG")

    def start(self, quiet=False):
        """Start it on its port (again); True once it answers PING."""
        self.proc = subprocess.Popen([self.binary, self.config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     stdin=subprocess.DEVNULL)
        for _ in range(200):
            if self.proc.poll() is not None:
                break
            try:
                if self.ping():
                    print(f"redis-server pid {self.proc.pid} on {self.url()}", flush=True)
                    return True
            except OSError:  # ssl.SSLError included
                time.sleep(0.05)
        self.stop()
        if not quiet:
            print(f"redis-server did not start again on 127.0.0.1:{self.port}", flush=True)
        return False

    def kill(self):
        """SIGKILL by PID, as a crash: no shutdown, no final save. Returns once the process is gone."""
        self.proc.kill()
        self.proc.wait()

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
        check(tally.get("400 invalid_grant", 0) == racers - len(winners),
              f"{name}: every other refresh is invalid_grant")
        for w in winners:
            for n, s in enumerate(servers, 1):
                status, _, body = refresh(s, client_id, w["refresh_token"])
                check(status == 400 and error_of(body) == "invalid_grant",
                      f"{name}: the winner's new refresh token is refused on instance {n} "
                      f"(family revoked: {status} {error_of(body)})")
                check(initialize(s, w["access_token"]) == 401,
                      f"{name}: the winner's access token is refused on instance {n}")
    return winners_per_round


def tls_refusals(args, redis):
    """--tls: what must not work. A demo instance that trusts another CA, or that has no client certificate,
    starts (Redis is reached lazily) but cannot use the store: /register answers 503 temporarily_unavailable, and
    nothing is stored over plaintext. A --redis-ca-file that cannot be read is refused at start."""
    pki = redis.pki
    base = ["--store", redis.url(), "--auto-approve"]
    meta = {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none", "client_name": "tls refusal"}
    for why, extra in [("trusts another CA", ["--redis-ca-file", f"{pki}/other-ca.pem", "--redis-cert",
                                              f"{pki}/client.pem", "--redis-key", f"{pki}/client.key"]),
                       ("has no client certificate", ["--redis-ca-file", f"{pki}/ca.pem"])]:
        server = Server(args.server, base + extra)
        try:
            status, _, body = server.request("POST", "/register", json.dumps(meta),
                                             {"Content-Type": "application/json"})
            check(status == 503 and error_of(body) == "temporarily_unavailable",
                  f"an instance that {why}: /register answers {status} {error_of(body)} (503 "
                  "temporarily_unavailable expected)")
        finally:
            server.close()
    missing = subprocess.run([args.server, "--port", "0", *base, "--redis-ca-file", f"{pki}/no-such.pem"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=30)
    check(missing.returncode == 2 and b"no-such.pem" in missing.stderr,
          f"a --redis-ca-file that cannot be read is refused at start (status {missing.returncode})")


def run(args):
    """The checks (each failure printed as FAIL: …)."""
    servers = []
    redis = Redis(args.redis_server, tls=args.tls)
    work = tempfile.mkdtemp(prefix="demo-instances-")
    keys = os.path.join(work, "keys.jwks")
    try:
        common = redis.store_args() + ["--keys", keys, "--auto-approve", "--threads", "2"]
        if args.tls:
            tls_refusals(args, redis)
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


class Traffic:
    """One client's loop against the instances while Redis goes away and comes back: it refreshes its own grant
    (instance k mod n for its k-th request), and every fifth round also registers a client and gets a code issued
    and exchanged. Every answer is logged as (start, end, kind, status, error, instance)."""

    def __init__(self, servers, client_id, resource, tokens, index):
        self.servers, self.client_id, self.resource, self.index = servers, client_id, resource, index
        self.token = tokens["refresh_token"]
        self.log = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.reused = []  # (time, whether a refresh of this token was in flight when Redis was killed)
        self.thread = threading.Thread(target=self.loop)

    def note(self, start, kind, status, headers, body, instance):
        """What an answer said: the JSON error, or for /authorize "code", the redirect's error, or the error page's."""
        what = error_of(body) if status != 200 else None
        if kind == "authorize":
            params = urllib.parse.parse_qs(urllib.parse.urlsplit(headers.get("location", "")).query)
            what = ("code" if "code" in params else params.get("error", ["?"])[0] if status == 302
                    else "page: temporarily_unavailable" if b"temporarily_unavailable" in body else "page: ?")
        with self.lock:
            self.log.append((start, time.monotonic(), kind, status, what, instance))

    def call(self, kind, instance, f):
        start = time.monotonic()
        try:
            status, headers, body = f(self.servers[instance])
        except OSError as e:
            status, headers, body = 0, {}, str(e).encode()
        self.note(start, kind, status, headers, body, instance)
        return status, headers, body

    def loop(self):
        k = self.index
        while not self.stop.is_set():
            k += 1
            n = k % len(self.servers)
            status, _, body = self.call("refresh", n, lambda s: refresh(s, self.client_id, self.token))
            if status == 200:
                self.token = json.loads(body)["refresh_token"]
            elif status == 400 and error_of(body) == "invalid_grant":
                # The rotation this client last sent may have been recorded by Redis just before it was killed,
                # its answer lost (a 503): presenting the same token again is then reuse. Sign in again.
                self.reused.append(time.monotonic())
                tokens = sign_in(self.servers[n], self.client_id, self.resource)
                if tokens:
                    self.token = tokens["refresh_token"]
            else:
                time.sleep(0.02)
            if k % 5 == 0:
                meta = {"redirect_uris": [REDIRECT], "token_endpoint_auth_method": "none",
                        "grant_types": ["authorization_code", "refresh_token"]}
                self.call("register", n, lambda s: s.request("POST", "/register", json.dumps(meta),
                                                             {"Content-Type": "application/json"}))
                verifier = b64url(secrets.token_bytes(32))
                q = {"response_type": "code", "client_id": self.client_id, "redirect_uri": REDIRECT,
                     "scope": "mcp:tools", "state": "s", "code_challenge_method": "S256", "resource": self.resource,
                     "code_challenge": b64url(hashlib.sha256(verifier.encode()).digest())}
                status, headers, _ = self.call("authorize", n,
                                               lambda s: s.request("GET", "/authorize?" + urllib.parse.urlencode(q)))
                params = urllib.parse.parse_qs(urllib.parse.urlsplit(headers.get("location", "")).query)
                if status == 302 and "code" in params:
                    m = (n + 1) % len(self.servers)
                    self.call("code exchange", m, lambda s: exchange(s, self.client_id, params["code"][0], verifier,
                                                                     self.resource))


def outage(args):
    """Redis SIGKILLed under traffic through the demo instances, then restarted from its AOF (each failure printed
    as FAIL: …)."""
    servers = []
    redis = Redis(args.redis_server, aof=True, tls=args.tls)
    work = tempfile.mkdtemp(prefix="demo-outage-")
    keys = os.path.join(work, "keys.jwks")
    workers = []
    try:
        common = redis.store_args() + ["--keys", keys, "--auto-approve", "--threads", "2",
                                       "--registrations-per-minute", "60000"]
        servers.append(Server(args.server, common))
        issuer = servers[0].origin
        for _ in range(args.instances - 1):
            servers.append(Server(args.server, common + ["--issuer", issuer]))
        resource = issuer + "/mcp"
        n = len(servers)
        client_id = register(servers[0])
        if not client_id:
            return

        # Grants issued (and rotated once, on another instance) before the crash, left alone during it.
        kept = []
        for i in range(args.kept):
            tokens = sign_in(servers[i % n], client_id, resource)
            if not tokens:
                return
            status, _, body = refresh(servers[(i + 1) % n], client_id, tokens["refresh_token"])
            if not check(status == 200, f"grant {i + 1} rotated before the crash: {status}"):
                return
            kept.append(json.loads(body)["refresh_token"])

        for i in range(args.clients):
            tokens = sign_in(servers[i % n], client_id, resource)
            if not tokens:
                return
            workers.append(Traffic(servers, client_id, resource, tokens, i))
        for w in workers:
            w.thread.start()
        time.sleep(args.before)
        killing = time.monotonic()
        redis.kill()
        killed = time.monotonic()
        print(f"redis-server killed (SIGKILL) under traffic from {len(workers)} clients over {n} instances",
              flush=True)
        time.sleep(args.down)
        restarting = time.monotonic()
        if not check(redis.start(), f"redis-server restarted on the same port {redis.port} from its AOF"):
            return
        restarted = time.monotonic()

        # Recovery without restarting the instances: every client gets a refresh through on every instance.
        deadline = restarted + 15
        while time.monotonic() < deadline:
            with_all = all(any(e[0] > restarted and e[2] == "refresh" and e[3] == 200 and e[5] == m for e in w.log)
                           for w in workers for m in range(n))
            if with_all:
                break
            time.sleep(0.1)
        recovered = time.monotonic()
        time.sleep(0.3)  # a little traffic after recovery
        for w in workers:
            w.stop.set()
        for w in workers:
            w.thread.join(30)
        log = sorted(e for w in workers for e in w.log)

        # What each phase answered.
        def phase(e):
            start, end = e[0], e[1]
            if end < killing:
                return "before"
            if start > killed and end < restarting:
                return "down"
            if start > restarted:
                return "after"
            return "edge"
        tallies = {}
        for e in log:
            key = (phase(e), e[2], e[3], e[4])
            tallies[key] = tallies.get(key, 0) + 1
        for p in ("before", "edge", "down", "after"):
            row = [f"{v} × {kind} {status}{' ' + str(err) if err else ''}"
                   for (ph, kind, status, err), v in sorted(tallies.items(), key=str) if ph == p]
            print(f"{p}: " + ", ".join(row), flush=True)

        down = [e for e in log if phase(e) == "down"]
        check(not any(e[3] in (0, 500) or e[3] >= 500 and e[3] != 503 for e in log),
              "no answer is a 5xx other than 503, and every request is answered (no connection error)")
        for kind in ("refresh", "register", "code exchange"):
            answers = [e for e in down if e[2] == kind]
            if kind == "code exchange":  # a code issued before the crash, exchanged during it
                check(all(e[3] == 503 and e[4] == "temporarily_unavailable" for e in answers),
                      f"while Redis is down, every {kind} answers 503 temporarily_unavailable ({len(answers)})")
                continue
            check(len(answers) > 0 and all(e[3] == 503 and e[4] == "temporarily_unavailable" for e in answers),
                  f"while Redis is down, every {kind} answers 503 temporarily_unavailable "
                  f"({len(answers)}: {sorted({(e[3], e[4]) for e in answers})})")
        authorizations = [e for e in down if e[2] == "authorize"]
        # RFC 6749 §4.1.2.1: the client (and so its redirect URI) cannot be looked up, so no redirect: an error page,
        # 503 temporarily_unavailable (a redirect with error=temporarily_unavailable when only the code store fails).
        check(len(authorizations) > 0 and
              all((e[3], e[4]) in ((503, "page: temporarily_unavailable"), (302, "temporarily_unavailable"))
                  for e in authorizations),
              f"while Redis is down, /authorize issues no code: temporarily_unavailable "
              f"({len(authorizations)}: {sorted({(e[3], e[4]) for e in authorizations})})")
        # A refused connection fails at once, and the pool's backoff then fails calls without trying; the bound is
        # the pool's connect + command timeouts (1 s each) with room for a loaded machine (a hang would be 10 s).
        slowest = max((e[1] - e[0] for e in down), default=0)
        check(slowest < 5, f"while Redis is down, no answer hangs (slowest {slowest * 1000:.0f} ms)")
        check(all(s.alive() for s in servers), "every instance stays up (no crash)")
        check(recovered < deadline, f"every client refreshes again through every instance "
                                    f"{recovered - restarted:.2f} s after Redis is back, without restarting them")
        for w in workers:
            for t in w.reused:
                in_flight = any(e[2] == "refresh" and e[0] < killed and e[1] > killing and e[3] == 503 for e in w.log)
                check(in_flight, f"client {w.index + 1}: its refresh token was refused as reused after the outage "
                                 "only because a refresh of it was in flight when Redis was killed (its 503 answer "
                                 "lost a rotation Redis had recorded)")
                print(f"client {w.index + 1}: rotation lost with its answer at the crash, signed in again", flush=True)
        # The grants issued before the crash survived it (AOF, appendfsync always) and still rotate everywhere.
        for i, token in enumerate(kept):
            m = (i + 2) % n
            status, _, body = refresh(servers[m], client_id, token)
            check(status == 200, f"grant {i + 1}, issued before the crash, refreshes on instance {m + 1} after it "
                                 f"({status} {error_of(body)})")
        for s in servers:
            s.stop_and_check()
    finally:
        for w in workers:
            w.stop.set()
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
    p.add_argument("--outage", action="store_true",
                   help="instead: kill Redis under traffic, then restart it from its AOF (see outage())")
    p.add_argument("--clients", type=int, default=4, help="--outage: clients sending traffic (default 4)")
    p.add_argument("--kept", type=int, default=4, help="--outage: grants issued before the crash (default 4)")
    p.add_argument("--before", type=float, default=0.5, help="--outage: seconds of traffic before the kill")
    p.add_argument("--down", type=float, default=1.5, help="--outage: seconds Redis stays down")
    p.add_argument("--tls", action="store_true",
                   help="Redis over TLS only (rediss://, mutual TLS, a test PKI), plus the refusals of tls_refusals()")
    args = p.parse_args()
    if args.outage:
        outage(args)
        return finish(f"Redis killed under traffic through {args.instances} demo instances: 503 "
                      "temporarily_unavailable while it was down, the instances stayed up and recovered when it "
                      f"was back, and {args.kept} grants issued before the crash still refresh (AOF, appendfsync "
                      "always)")
    run(args)
    return finish(f"{args.instances} demo instances sharing one Redis{' over TLS' if args.tls else ''} agree (sign-in, refresh, use, revocation, code "
                  f"replay; {args.rounds} rounds each of {', '.join(map(str, args.racers))} concurrent refreshes: one "
                  "winner each, family revoked everywhere)")


if __name__ == "__main__":
    sys.exit(main())
