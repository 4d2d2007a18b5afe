#!/usr/bin/env python3
"""Load and abuse tests of example_demo_server over loopback sockets (python3 standard library only).

Each subcommand starts the server itself (--port 0), drives it, reads its memory from /proc/<pid>/status and
stops it by its PID (SIGTERM, then SIGKILL if it does not stop). Exit status 0 and a last line "PASS: ..." when
every check held; "FAIL: ..." lines and exit status 1 otherwise.

  slow-connections SERVER [--connections N] [--nofile N] [-- SERVER ARGS]
      N connections that send half a request head and then nothing, then one normal request, which must be
      answered. --nofile sets the server's RLIMIT_NOFILE (fewer descriptors than connections: accept fails with
      EMFILE, which must not end the accept loop).
  malformed SERVER
      RFC 9112 violations over raw sockets: each must get its status (400, 413, 431, 501, 505) with
      Connection: close, and the server must still answer a valid request afterwards.
  consent SERVER
      The consent step as a browser meets it: the page's CSP lets its answer redirect to the client, answers from
      another site (Origin, Sec-Fetch-Site) are refused without using the request up, a used or unknown
      transaction gets an HTML page.
  registration-flood SERVER [--registrations N]
      N registrations from 127.0.0.1 (rate-limited: 429 with Retry-After) with RSS growth < 20 MB, then from
      127.0.0.2, 127.0.0.3, ... until the total cap answers 503.
  soak SERVER [--seconds S] [--rate R] [--unused N] [--csv FILE] [--svg FILE]
      N authorization codes left unused (with --auto-approve); then S seconds of mixed valid traffic: R client
      sessions a second (default 10), each a sign-in (one more code left unused; token), an MCP session with 20
      tool calls, a refresh, the session ended or left, the grant revoked; a registration every 7 s. Then the first
      N codes, expired, must be purged, and N more must fit in the memory they left. RSS sampled every 0.5 s,
      written as CSV and plotted as SVG; it must stay flat.
  plot SVG [LABEL=]CSV...
      Redraw the SVG from CSVs written by soak (several runs on one chart).
"""

import argparse
import base64
import hashlib
import http.client
import json
import os
import re
import resource
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

failures = []


def check(ok, what):
    print(("ok:   " if ok else "FAIL: ") + what, flush=True)
    if not ok:
        failures.append(what)
    return ok


# --no-memory-checks (set by CMake for sanitizer builds): ASan keeps freed memory in quarantine and pads every block,
# so RSS there says nothing about the server; the figures are still printed, the RSS checks only reported.
memory_checks = True


def check_memory(ok, what):
    if memory_checks:
        return check(ok, what)
    print(("skip: " if ok else "skip (would fail): ") + what + " — RSS not checked in a sanitizer build", flush=True)
    return True


def finish(summary):
    if failures:
        print(f"FAIL: {len(failures)} check(s) failed")
        return 1
    print(f"PASS: {summary}")
    return 0


# --- the server under test ------------------------------------------------------------------------------------------

class Server:
    """A server binary started on 127.0.0.1 and stopped by PID; ready when its stdout shows the banner and the
    ready marker (subclasses set them for another binary)."""
    name = "demo server"
    prefix = "demo-abuse-"
    banner = r"^authwire demo server on (http://[^ \n]+)"
    ready_marker = "resource: "

    def __init__(self, binary, args=(), nofile=None, port=0):
        self.work = tempfile.mkdtemp(prefix=self.prefix)
        self.out_path = os.path.join(self.work, "server.out")
        self.log_path = os.path.join(self.work, "server.log")

        def limits():
            if nofile:
                resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        with open(self.out_path, "wb") as out, open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen([binary, "--port", str(port), *args], stdout=out, stderr=log,
                                         stdin=subprocess.DEVNULL, preexec_fn=limits)
        self.origin = None
        for _ in range(100):
            text = open(self.out_path).read()
            m = re.search(self.banner, text, re.M)
            if m and self.ready_marker in text:
                self.origin = m.group(1)
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if not self.origin:
            output = open(self.out_path).read() + self.log_tail()
            self.kill()
            raise SystemExit(f"FAIL: the {self.name} did not start\n" + output)
        u = urllib.parse.urlsplit(self.origin)
        self.host, self.port = u.hostname, u.port
        print(f"{self.name} pid {self.proc.pid} on {self.origin}" + (f" (RLIMIT_NOFILE {nofile})" if nofile else ""),
              flush=True)

    def rss_kib(self):
        try:
            with open(f"/proc/{self.proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def alive(self):
        return self.proc.poll() is None

    def log_tail(self, lines=15):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.readlines()[-lines:]
        except OSError:
            return ""
        return "--- server log (last lines) ---\n" + "".join(tail)

    def log_count(self, pattern):
        with open(self.log_path, errors="replace") as f:
            return sum(1 for line in f if re.search(pattern, line))

    def stop_and_check(self):
        code = self.stop()
        check(code == 0, f"the server stops on SIGTERM with status 0 (got {code})")

    def close(self):
        """After a test: the server is gone, and its log's end is shown when something failed."""
        self.kill()
        if failures:
            print(self.log_tail())

    def stop(self, timeout=10):
        """SIGTERM by PID; the exit status, or None when it had to be killed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return None
        return self.proc.returncode

    def kill(self):
        """SIGKILL by PID if still running; the work directory (log) is removed unless a check failed."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if not failures:
            shutil.rmtree(self.work, ignore_errors=True)

    def request(self, method, path, body=None, headers=None, source=None, timeout=10):
        """One request on a new connection (the server answers one per connection): (status, headers, body)."""
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout,
                                          source_address=(source, 0) if source else None)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()


SKIP = 77  # CTest's SKIP_RETURN_CODE for these tests


def raise_own_nofile(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        if hard != resource.RLIM_INFINITY and hard < needed:
            print(f"SKIP: this test needs {needed} descriptors, the hard limit here is {hard}")
            raise SystemExit(SKIP)
        resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))


def mib(kib):
    return kib / 1024.0


# --- slow connections -----------------------------------------------------------------------------------------------

def slow_connections(args):
    raise_own_nofile(args.connections + 64)
    server = Server(args.server, args.server_args, args.nofile)
    slow = []
    try:
        t0 = time.monotonic()
        for _ in range(args.connections):
            s = socket.create_connection((server.host, server.port), timeout=5)
            s.sendall(b"POST /register HTTP/1.1\r\nHost: " + f"{server.host}:{server.port}".encode() + b"\r\nX-Slow: ")
            slow.append(s)
        print(f"{len(slow)} slow connections open after {time.monotonic() - t0:.1f} s", flush=True)
        time.sleep(1.0)  # the server accepts what it can (and hits its descriptor limit or its cap)
        t1 = time.monotonic()
        try:
            status, _, _ = server.request("GET", "/.well-known/oauth-authorization-server", timeout=args.deadline)
        except (OSError, http.client.HTTPException) as e:
            status = f"no answer ({type(e).__name__}: {e})"
        waited = time.monotonic() - t1
        check(status == 200, f"a normal request after {args.connections} slow connections is answered "
                             f"(got {status} after {waited:.2f} s, deadline {args.deadline} s)")
        check(server.alive(), "the server is still running")
        accept_errors = server.log_count("^server: accept: ")
        at_cap = server.log_count("^server: at [0-9]+ connections")
        print(f"server events (at most one line a second): {accept_errors} about accept errors, {at_cap} about its "
              f"connection cap")
        if args.expect == "emfile":
            check(server.log_count("^server: accept: Too many open files") > 0,
                  "the server did run out of descriptors (EMFILE) and said so")
        elif args.expect == "cap":
            check(at_cap > 0 and accept_errors == 0, "the connection cap closed idle connections before any accept "
                                                     "error")
        for s in slow:
            s.close()
        slow = []
        status2 = None
        try:
            status2, _, _ = server.request("GET", "/.well-known/oauth-authorization-server", timeout=args.deadline)
        except (OSError, http.client.HTTPException) as e:
            status2 = f"no answer ({e})"
        check(status2 == 200, f"and again once the slow clients are gone (got {status2})")
        server.stop_and_check()
    finally:
        for s in slow:
            s.close()
        server.close()
    return finish(f"{args.connections} slow connections (server RLIMIT_NOFILE {args.nofile or 'inherited'}) did not "
                  f"stop the server from answering")


# --- malformed requests ---------------------------------------------------------------------------------------------

def malformed_cases(host):
    h = f"Host: {host}\r\n".encode()
    big = lambda n: b"X-Big: " + b"a" * n + b"\r\n"
    return [
        # (what, bytes sent, expected status)
        ("request line that is not one", b"GARBAGE\r\n\r\n", 400),
        ("request line with a bad method", b"G(T / HTTP/1.1\r\n" + h + b"\r\n", 400),
        ("HTTP/9.9", b"GET / HTTP/9.9\r\n" + h + b"\r\n", 505),
        ("HTTP/2.0 in an HTTP/1 request line", b"GET / HTTP/2.0\r\n" + h + b"\r\n", 505),
        ("malformed version HTTP/1.x", b"GET / HTTP/1.x\r\n" + h + b"\r\n", 400),
        ("header field without a colon", b"GET / HTTP/1.1\r\n" + h + b"NoColonHere\r\n\r\n", 400),
        ("whitespace between field name and colon", b"GET / HTTP/1.1\r\n" + h + b"X-Test : 1\r\n\r\n", 400),
        ("conflicting Content-Length", b"POST /token HTTP/1.1\r\n" + h +
         b"Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", 400),
        ("Content-Length that is not a number", b"POST /token HTTP/1.1\r\n" + h + b"Content-Length: 5x\r\n\r\nhello",
         400),
        ("Content-Length with Transfer-Encoding: chunked", b"POST /token HTTP/1.1\r\n" + h +
         b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding: chunked with Content-Length", b"POST /token HTTP/1.1\r\n" + h +
         b"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
        ("bad chunk size", b"POST /token HTTP/1.1\r\n" + h +
         b"Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400),
        ("Transfer-Encoding not ending in chunked", b"POST /token HTTP/1.1\r\n" + h +
         b"Transfer-Encoding: gzip\r\n\r\nhello", 400),
        ("transfer coding other than chunked", b"POST /token HTTP/1.1\r\n" + h +
         b"Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 501),
        ("Transfer-Encoding in HTTP/1.0", b"POST /token HTTP/1.0\r\n" +
         b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", 400),
        ("HTTP/1.1 without Host", b"GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", 400),
        ("two Host fields", b"GET / HTTP/1.1\r\n" + h + h + b"\r\n", 400),
        ("17 KiB header section", b"GET / HTTP/1.1\r\n" + h + big(17 * 1024) + b"\r\n", 431),
        ("1 MiB header section", b"GET / HTTP/1.1\r\n" + h + big(1024 * 1024) + b"\r\n", 431),
        ("body over the limit (Content-Length 1 MiB)", b"POST /token HTTP/1.1\r\n" + h +
         b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n" + b"a" * 1048576, 413),
        ("request target in absolute-form", b"GET http://evil.example/ HTTP/1.1\r\n" + h + b"\r\n", 400),
    ]


def exchange(host, port, payload, timeout=5):
    """Send payload, then read until the server closes: (status or None, header dict, error text)."""
    data = b""
    error = ""
    with socket.create_connection((host, port), timeout=timeout) as s:
        try:
            s.sendall(payload)
        except OSError as e:
            error = f"send: {e}; "
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        except OSError as e:
            error += f"recv: {e}"
    m = re.match(rb"HTTP/1\.[01] (\d{3}) ", data)
    headers = {}
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")[1:]
    for line in head:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return (int(m.group(1)) if m else None), headers, error


def malformed(args):
    server = Server(args.server, args.server_args)
    try:
        for what, payload, expected in malformed_cases(f"{server.host}:{server.port}"):
            status, headers, error = exchange(server.host, server.port, payload)
            got = status if status is not None else "nothing (silent close" + (f"; {error}" if error else "") + ")"
            check(status == expected and headers.get("connection", "").lower() == "close",
                  f"{what}: {expected} with Connection: close (got {got}"
                  f"{', Connection: ' + headers['connection'] if 'connection' in headers else ''})")
        status, _, _ = server.request("GET", "/.well-known/oauth-authorization-server")
        check(status == 200, f"a valid request afterwards is answered 200 (got {status})")
        server.stop_and_check()
    finally:
        server.close()
    return finish(f"{len(malformed_cases('h'))} malformed requests each got their status")


# --- registration flood ---------------------------------------------------------------------------------------------

def registration_body(i, fat):
    """A registration as MCP clients send it; `fat` pads it with 16 long redirect URIs (about 7 KiB)."""
    m = {"client_name": f"flood-{i}", "token_endpoint_auth_method": "none", "application_type": "native",
         "grant_types": ["authorization_code", "refresh_token"], "response_types": ["code"],
         "redirect_uris": ["http://127.0.0.1/callback"]}
    if fat:
        m["redirect_uris"] = [f"http://127.0.0.1/cb/{i}/{k}/" + "x" * 380 for k in range(16)]
    return json.dumps(m).encode()


def register(server, i, source, fat=False):
    return server.request("POST", "/register", registration_body(i, fat),
                          {"Content-Type": "application/json"}, source=source)


def registration_flood(args):
    server = Server(args.server, args.server_args)
    try:
        time.sleep(0.3)
        start = server.rss_kib()
        peak = start
        counts = {}
        retry_after_ok = True
        t0 = time.monotonic()
        for i in range(args.registrations):
            status, headers, body = register(server, i, "127.0.0.1", fat=True)
            counts[status] = counts.get(status, 0) + 1
            if status == 429:
                ra = headers.get("retry-after", "")
                retry_after_ok &= ra.isdigit() and int(ra) >= 1
            if i % 250 == 0:
                peak = max(peak, server.rss_kib() or 0)
        elapsed = time.monotonic() - t0
        end = server.rss_kib()
        peak = max(peak, end)
        print(f"{args.registrations} registrations from 127.0.0.1 in {elapsed:.1f} s: {counts}", flush=True)
        print(f"RSS: start {mib(start):.1f} MiB, end {mib(end):.1f} MiB, max {mib(peak):.1f} MiB "
              f"(growth {mib(peak - start):.1f} MiB)", flush=True)
        accepted = counts.get(201, 0)
        # The default limit: 10 at once, then one every 6 s.
        check(counts.get(429, 0) > 0, "registrations from one address are rate-limited (429)")
        check(accepted <= 10 + int(elapsed / 6) + 1, f"at most 10 + one per 6 s were accepted (got {accepted})")
        check(retry_after_ok, "every 429 carries Retry-After in whole seconds (>= 1)")
        check_memory(peak - start < 20 * 1024, f"RSS grew by less than 20 MB (grew {mib(peak - start):.1f} MiB)")

        # The total cap, from other addresses (127.0.0.0/8 is all loopback on Linux), 10 each.
        cap_status, cap_body, total, address = None, b"", accepted, 2
        while cap_status is None and address < 255 * 4:
            source = f"127.0.{address // 255}.{address % 255 + 1}"
            for k in range(10):
                status, _, body = register(server, 100000 + address * 10 + k, source, fat=True)
                if status == 201:
                    total += 1
                elif status == 503:
                    cap_status, cap_body = status, body
                    break
                else:
                    check(False, f"registration from {source}: 201 or 503 expected, got {status}")
                    break
            address += 1
        final = server.rss_kib()
        print(f"registrations accepted in all: {total}; then {cap_status} {cap_body[:160]!r}")
        print(f"RSS with the cap's worth of 7 KiB registrations: {mib(final):.1f} MiB (growth {mib(final - start):.1f} MiB)")
        check_memory(final - start < 20 * 1024,
                     f"and even then RSS grew by less than 20 MB (grew {mib(final - start):.1f} MiB)")
        check(cap_status == 503 and total == 1000, f"the total cap (1000 by default) answers 503 (accepted {total})")
        check(b"temporarily_unavailable" in cap_body, "with a JSON error body")
        status, _, _ = register(server, 0, f"127.0.{address // 255}.{address % 255 + 1}")
        check(status == 503, f"and keeps answering 503 from a new address (got {status})")
        server.stop_and_check()
    finally:
        server.close()
    return finish(f"registration flood: rate-limited, capped, RSS growth {mib(peak - start):.1f} MiB")


# --- the consent page -----------------------------------------------------------------------------------------------

def consent_page(args):
    """What a browser needs from the consent step, checked over HTTP (tests/interop/browser runs it in real browsers)."""
    server = Server(args.server, args.server_args)
    try:
        status, _, body = register(server, 0, "127.0.0.1")
        check(status == 201, f"registration: {status}")
        client = Client(server, json.loads(body)["client_id"])
        own = {"Origin": server.origin, "Sec-Fetch-Site": "same-origin"}

        def page():
            verifier = b64url(secrets.token_bytes(32))
            q = urllib.parse.urlencode({"response_type": "code", "client_id": client.client_id,
                                        "redirect_uri": client.redirect_uri, "scope": "mcp:tools", "state": "s1",
                                        "code_challenge": b64url(hashlib.sha256(verifier.encode()).digest()),
                                        "code_challenge_method": "S256", "resource": client.resource})
            status, headers, body = server.request("GET", "/authorize?" + q)
            m = re.search(rb'name="transaction" value="([^"]+)"', body)
            return status, headers, m.group(1).decode() if m else ""

        def answer(transaction, decision, headers):
            return server.request("POST", "/authorize/consent",
                                  urllib.parse.urlencode({"transaction": transaction, "decision": decision}),
                                  {"Content-Type": "application/x-www-form-urlencoded", **headers})

        status, headers, tx = page()
        check(status == 200 and tx, f"the consent page is served (got {status})")
        csp = headers.get("content-security-policy", "")
        form_action = re.search(r"form-action ([^;]*)", csp)
        sources = form_action.group(1).split() if form_action else []
        check("'self'" in sources and "http://127.0.0.1:5555" in sources,
              f"its CSP form-action allows 'self' and the redirect URI's origin, where the answer redirects "
              f"(got {form_action.group(0) if form_action else csp!r})")
        for what, headers in [("Origin of another site", {"Origin": "https://evil.example"}),
                              ("Origin null", {"Origin": "null"}),
                              ("Sec-Fetch-Site: cross-site", {"Sec-Fetch-Site": "cross-site"}),
                              ("Sec-Fetch-Site: same-site", {"Sec-Fetch-Site": "same-site",
                                                             "Origin": server.origin})]:
            status, h, body = answer(tx, "approve", headers)
            check(status == 403 and "location" not in h, f"an answer with {what} is refused with 403 (got {status}"
                                                         f"{', Location ' + h['location'][:40] if 'location' in h else ''})")
        status, h, _ = answer(tx, "approve", own)
        check(status == 302 and h.get("location", "").startswith(client.redirect_uri + "?code="),
              f"the refused answers did not use the request up: the page's own answer redirects with a code "
              f"(got {status})")
        status, h, body = answer(tx, "approve", own)
        check(status == 400 and h.get("content-type", "").startswith("text/html") and b"no longer waiting" in body,
              f"answering again gets an HTML page saying what happened (got {status} {h.get('content-type')} "
              f"{body[:80]!r})")
        status, h, body = answer("unknown-transaction", "deny", {})
        check(status == 400 and h.get("content-type", "").startswith("text/html"),
              f"an unknown transaction too (got {status} {h.get('content-type')})")
        status, h, tx2 = page()
        status, h, _ = answer(tx2, "deny", own)
        check(status == 302 and "error=access_denied" in h.get("location", ""),
              f"deny redirects with access_denied (got {status})")
        server.stop_and_check()
    finally:
        server.close()
    return finish("the consent page lets the browser follow its answer, and takes answers only from itself")


# --- soak -----------------------------------------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Client:
    """A public native client of the demo (RFC 8252), as the CLI or an MCP SDK client would be."""

    def __init__(self, server, client_id):
        self.server, self.client_id = server, client_id
        self.redirect_uri = "http://127.0.0.1:5555/callback"
        self.resource = server.origin + "/mcp"

    def form(self, path, fields):
        return self.server.request("POST", path, urllib.parse.urlencode(fields),
                                   {"Content-Type": "application/x-www-form-urlencoded"})

    def authorize(self):
        verifier = b64url(secrets.token_bytes(32))
        challenge = b64url(hashlib.sha256(verifier.encode()).digest())
        q = urllib.parse.urlencode({"response_type": "code", "client_id": self.client_id,
                                    "redirect_uri": self.redirect_uri, "scope": "mcp:tools",
                                    "state": b64url(secrets.token_bytes(16)), "code_challenge": challenge,
                                    "code_challenge_method": "S256", "resource": self.resource})
        status, headers, _ = self.server.request("GET", "/authorize?" + q)
        expect(status == 302, f"authorize: {status}")
        code = urllib.parse.parse_qs(urllib.parse.urlsplit(headers["location"]).query)["code"][0]
        return code, verifier

    def token(self, code, verifier):
        status, _, body = self.form("/token", {"grant_type": "authorization_code", "code": code,
                                               "redirect_uri": self.redirect_uri, "client_id": self.client_id,
                                               "code_verifier": verifier, "resource": self.resource})
        expect(status == 200, f"token: {status} {body[:200]!r}")
        return json.loads(body)

    def refresh(self, refresh_token):
        status, _, body = self.form("/token", {"grant_type": "refresh_token", "refresh_token": refresh_token,
                                               "client_id": self.client_id})
        expect(status == 200, f"refresh: {status} {body[:200]!r}")
        return json.loads(body)

    def revoke(self, refresh_token):
        status, _, body = self.form("/revoke", {"token": refresh_token, "token_type_hint": "refresh_token",
                                                "client_id": self.client_id})
        expect(status == 200, f"revoke: {status} {body[:200]!r}")

    def mcp(self, access_token, message, session=None, method="POST"):
        headers = {"Authorization": "Bearer " + access_token, "Accept": "application/json, text/event-stream",
                   "Content-Type": "application/json"}
        if session:
            headers["Mcp-Session-Id"] = session
            headers["MCP-Protocol-Version"] = "2025-11-25"
        body = json.dumps(message).encode() if message is not None else None
        return self.server.request(method, "/mcp", body, headers)


class TrafficError(Exception):
    pass


def expect(ok, what):
    if not ok:
        raise TrafficError(what)


def one_flow(client, n, calls=10):
    """One MCP client session as clients use it: sign in (and leave one more code unused), open an MCP session, list
    the tools and call them, refresh with rotation, call again with the new token, end the session (every other one:
    the rest are left to expire) and revoke the grant. Returns the number of requests sent."""
    client.authorize()  # issued, never redeemed: must be purged once expired
    code, verifier = client.authorize()
    tokens = client.token(code, verifier)
    init = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"protocolVersion": "2025-11-25", "capabilities": {},
                       "clientInfo": {"name": "soak", "version": "1"}}}
    status, headers, _ = client.mcp(tokens["access_token"], init)
    expect(status == 200 and "mcp-session-id" in headers, f"initialize: {status}")
    session = headers["mcp-session-id"]
    status, _, _ = client.mcp(tokens["access_token"], {"jsonrpc": "2.0", "method": "notifications/initialized"},
                              session)
    expect(status == 202, f"notifications/initialized: {status}")
    status, _, body = client.mcp(tokens["access_token"], {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, session)
    expect(status == 200 and b"search_jobs" in body, f"tools/list: {status}")
    requests = 6

    def call(access_token, i, name, arguments):
        status, _, body = client.mcp(access_token, {"jsonrpc": "2.0", "id": 10 + i, "method": "tools/call",
                                                    "params": {"name": name, "arguments": arguments}}, session)
        expect(status == 200 and b'"result"' in body, f"tools/call {name}: {status}")

    for i in range(calls):
        call(tokens["access_token"], i, "search_jobs", {"query": ["c++", "rust", "oauth"][i % 3]})
    tokens = client.refresh(tokens["refresh_token"])
    for i in range(calls):
        call(tokens["access_token"], calls + i, "get_job", {"id": "J-101"})
    requests += 2 * calls + 1
    if n % 2 == 0:
        status, _, _ = client.mcp(tokens["access_token"], None, session, "DELETE")
        expect(status == 204, f"DELETE /mcp: {status}")
        requests += 1
    client.revoke(tokens["refresh_token"])
    return requests + 1


def unused_codes(server, client, n):
    """n authorization requests whose codes are never redeemed (the audit's +0.6 KiB per /authorize)."""
    challenge = b64url(hashlib.sha256(b"unused").digest())
    q = urllib.parse.urlencode({"response_type": "code", "client_id": client.client_id,
                                "redirect_uri": client.redirect_uri, "scope": "mcp:tools", "state": "s",
                                "code_challenge": challenge, "code_challenge_method": "S256"})
    for _ in range(n):
        status, _, _ = server.request("GET", "/authorize?" + q)
        expect(status == 302, f"authorize: {status}")


def purged_codes(server):
    total = 0
    with open(server.log_path, errors="replace") as f:
        for line in f:
            m = re.match(r"purged: (\d+) codes", line)
            if m:
                total += int(m.group(1))
    return total


def soak(args):
    server = Server(args.server, ["--auto-approve", *args.server_args])
    try:
        return soak_with(server, args)
    finally:
        server.close()


def soak_with(server, args):
    samples = []  # (seconds, VmRSS KiB)
    marks = []    # (seconds, label)
    stop_sampling = threading.Event()
    t0 = time.monotonic()

    def sample():
        while not stop_sampling.is_set():
            rss = server.rss_kib()
            if rss is not None:
                samples.append((time.monotonic() - t0, rss))
            stop_sampling.wait(0.5)

    def rss_now():
        return server.rss_kib()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    requests = flows = registrations = 0
    clients = []
    errors = []
    next_registration = 0.0

    def register_one(now):
        nonlocal requests, registrations, clients, next_registration
        status, headers, body = register(server, registrations, "127.0.0.1")
        requests += 1
        if status == 201:
            registrations += 1
            clients = (clients + [Client(server, json.loads(body)["client_id"])])[-5:]
            next_registration = now + 7.0  # within the default 10 a minute
        else:
            errors.append(f"register: {status} {body[:200]!r}")
            next_registration = now + float(headers.get("retry-after", "7"))

    try:
        # 1. Codes issued and never used, before the traffic: they expire after 60 s and must then be purged.
        register_one(0.0)
        before_a = rss_now()
        marks.append((time.monotonic() - t0, f"{args.unused} unused codes"))
        unused_codes(server, clients[0], args.unused)
        requests += args.unused
        after_a = rss_now()
        print(f"{args.unused} unused codes: RSS {mib(before_a):.1f} -> {mib(after_a):.1f} MiB", flush=True)

        # 2. Mixed valid traffic.
        traffic_start = time.monotonic() - t0
        marks.append((traffic_start, "mixed traffic"))
        while time.monotonic() - t0 < traffic_start + args.seconds:
            now = time.monotonic() - t0
            if now >= next_registration:
                register_one(now)
            if args.rate and flows >= (now - traffic_start) * args.rate:
                time.sleep(min(0.05, flows / args.rate - (now - traffic_start)))
                continue
            try:
                requests += one_flow(clients[flows % len(clients)], flows)
                flows += 1
            except (TrafficError, OSError, http.client.HTTPException, KeyError, ValueError) as e:
                errors.append(f"flow {flows}: {e}")
                if len(errors) > 20:
                    break
        traffic_end = time.monotonic() - t0

        # 3. The first codes expire and are purged (the server purges every 10 s)...
        deadline = time.monotonic() + 30
        while purged_codes(server) < args.unused and time.monotonic() < deadline:
            time.sleep(0.5)
        purged = purged_codes(server)
        # 4. ... so the same number again reuses their memory instead of adding to it.
        before_b = rss_now()
        marks.append((time.monotonic() - t0, f"{args.unused} more unused codes"))
        unused_codes(server, clients[0], args.unused)
        requests += args.unused
        after_b = rss_now()
        time.sleep(1.0)
    finally:
        stop_sampling.set()
        sampler.join()
    elapsed = time.monotonic() - t0
    print(f"{traffic_end - traffic_start:.0f} s of traffic: {flows} client sessions, {registrations} registrations, "
          f"{requests} requests in all ({requests / elapsed:.0f}/s over {elapsed:.0f} s)", flush=True)
    for e in errors[:10]:
        print("  error:", e)
    check(not errors, "every request of the mixed traffic got its expected answer")
    check(flows > 0, "traffic flowed")
    rss = [r for _, r in samples]
    start, end, peak = rss[0], rss[-1], max(rss)
    traffic = [r for t, r in samples if traffic_start + 10.0 <= t <= traffic_end]
    drift = max(traffic) - traffic[0] if traffic else 0
    print(f"RSS: start {mib(start):.1f} MiB, end {mib(end):.1f} MiB, max {mib(peak):.1f} MiB; during the traffic "
          f"after its first 10 s: {mib(traffic[0]):.1f} -> max {mib(max(traffic)):.1f} MiB (+{mib(drift):.1f} MiB)")
    print(f"unused codes purged: {purged}; the second {args.unused}: RSS {mib(before_b):.1f} -> "
          f"{mib(after_b):.1f} MiB (first batch: +{mib(after_a - before_a):.1f} MiB)")
    check_memory(peak - start < 20 * 1024, f"RSS grew by less than 20 MB (grew {mib(peak - start):.1f} MiB)")
    check_memory(drift < 4 * 1024, f"RSS is flat during the traffic: +{mib(drift):.1f} MiB < 4 MiB")
    check(purged >= args.unused, f"the expired unused codes were purged ({purged} of {args.unused})")
    check_memory(after_b - before_b < 2 * 1024, f"the second batch of unused codes reused the purged ones' memory: "
                                          f"+{mib(after_b - before_b):.1f} MiB < 2 MiB")
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("seconds,vmrss_kib\n")
            for t, r in samples:
                f.write(f"{t:.2f},{r}\n")
            for t, label in marks:
                f.write(f"# {t:.2f},{label}\n")
    if args.svg:
        write_svg([("example_demo_server", samples)], args.svg,
                  f"VmRSS: {args.unused} unused codes, {traffic_end - traffic_start:.0f} s of mixed traffic "
                  f"({flows} client sessions, {requests / elapsed:.0f} req/s), purge, {args.unused} more", marks)
        print(f"plot: {args.svg}")
    server.stop_and_check()
    return finish(f"soak: RSS start {mib(start):.1f} MiB, end {mib(end):.1f} MiB, max {mib(peak):.1f} MiB")


# --- the plot -------------------------------------------------------------------------------------------------------

def write_svg(series, path, title, marks=()):
    """An SVG line chart, hand-written: `series` is a list of (label, [(seconds, KiB)]), drawn in MiB on an axis from
    0 so that flat looks flat; `marks` are (seconds, label) events, drawn as dashed vertical lines."""
    width, height, left, right, top, bottom = 800, 380, 64, 24, 64, 48
    colors = ["#1f77b4", "#999999", "#2ca02c"]
    t_max = max(t for _, samples in series for t, _ in samples) or 1.0
    y_max = max(r for _, samples in series for _, r in samples) / 1024.0
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if y_max / s <= 6)
    y_top = step * (int(y_max / step) + 1)
    t_step = next(s for s in (5, 10, 15, 30, 60, 120, 300) if t_max / s <= 8)

    def x(t):
        return left + (width - left - right) * t / t_max

    def y(m):
        return top + (height - top - bottom) * (1 - m / y_top)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="14">{escape(title)}</text>']
    m = 0
    while m <= y_top + 1e-9:
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(m):.1f}" y2="{y(m):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 6}" y="{y(m) + 4:.1f}" text-anchor="end">{m:g}</text>')
        m += step
    t = 0
    while t <= t_max + 1e-9:
        out.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{height - bottom}" stroke="#eee"/>')
        out.append(f'<text x="{x(t):.1f}" y="{height - bottom + 16}" text-anchor="middle">{t:g}</text>')
        t += t_step
    out.append(f'<text x="{(left + width - right) / 2}" y="{height - 10}" text-anchor="middle">seconds</text>')
    out.append(f'<text x="16" y="{(top + height - bottom) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {(top + height - bottom) / 2})">VmRSS (MiB)</text>')
    for i, (t, label) in enumerate(marks):
        anchor, dx = ("end", -4) if x(t) > width - right - 120 else ("start", 4)
        out.append(f'<line x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{top}" y2="{height - bottom}" stroke="#d62728" '
                   f'stroke-dasharray="4 3"/>')
        out.append(f'<text x="{x(t) + dx:.1f}" y="{top + 14 + 14 * (i % 3)}" text-anchor="{anchor}" '
                   f'fill="#d62728">{escape(label)}</text>')
    for i, (label, samples) in enumerate(series):
        color = colors[i % len(colors)]
        points = " ".join(f"{x(t):.1f},{y(r / 1024.0):.1f}" for t, r in samples)
        out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{points}"/>')
        rss = [r for _, r in samples]
        legend = (f"{label}: start {rss[0] / 1024:.1f} MiB, end {rss[-1] / 1024:.1f} MiB, max {max(rss) / 1024:.1f} MiB"
                  f" ({len(rss)} samples)")
        out.append(f'<line x1="{left}" x2="{left + 24}" y1="{34 + 15 * i}" y2="{34 + 15 * i}" stroke="{color}" '
                   f'stroke-width="2"/>')
        out.append(f'<text x="{left + 30}" y="{38 + 15 * i}">{escape(legend)}</text>')
    out.append("</svg>\n")
    with open(path, "w") as f:
        f.write("\n".join(out))


def escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def read_csv(path):
    samples, marks = [], []
    with open(path) as f:
        next(f)
        for line in f:
            if line.startswith("# "):
                t, label = line[2:].strip().split(",", 1)
                marks.append((float(t), label))
            else:
                t, r = line.strip().split(",")
                samples.append((float(t), int(r)))
    return samples, marks


def plot(args):
    series, marks = [], []
    for i, spec in enumerate(args.csv):
        label, _, path = spec.rpartition("=")
        samples, m = read_csv(path)
        series.append((label or path, samples))
        if i == 0:
            marks = m
    write_svg(series, args.svg, args.title, marks)
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("slow-connections")
    s.add_argument("server")
    s.add_argument("--connections", type=int, default=1000)
    s.add_argument("--nofile", type=int, default=None)
    s.add_argument("--deadline", type=float, default=5.0)
    s.add_argument("--expect", choices=["emfile", "cap"], help="which defence must have acted (from the server log)")
    s.set_defaults(run=slow_connections)
    s = sub.add_parser("malformed")
    s.add_argument("server")
    s.set_defaults(run=malformed)
    s = sub.add_parser("consent")
    s.add_argument("server")
    s.set_defaults(run=consent_page)
    s = sub.add_parser("registration-flood")
    s.add_argument("server")
    s.add_argument("--registrations", type=int, default=5000)
    s.add_argument("--no-memory-checks", action="store_true", help="print RSS figures without checking them")
    s.set_defaults(run=registration_flood)
    s = sub.add_parser("soak")
    s.add_argument("server")
    s.add_argument("--seconds", type=float, default=60.0)
    s.add_argument("--unused", type=int, default=10000, help="unused codes issued before and after the traffic")
    s.add_argument("--rate", type=float, default=10.0,
                   help="client sessions started a second (each about 30 requests); 0: as fast as the server answers")
    s.add_argument("--csv")
    s.add_argument("--svg")
    s.add_argument("--no-memory-checks", action="store_true", help="print RSS figures without checking them")
    s.set_defaults(run=soak)
    s = sub.add_parser("plot")
    s.add_argument("svg")
    s.add_argument("csv", nargs="+", help="[LABEL=]FILE written by soak; the first one's events are marked")
    s.add_argument("--title", default="example_demo_server VmRSS in the soak test: 10,000 unused codes, 60 s of mixed "
                                      "traffic, purge, 10,000 more")
    s.set_defaults(run=plot, server_args=[])
    argv = sys.argv[1:]
    server_args = []
    if "--" in argv:
        i = argv.index("--")
        argv, server_args = argv[:i], argv[i + 1:]
    args = p.parse_args(argv)
    global memory_checks
    memory_checks = not getattr(args, "no_memory_checks", False)
    args.server_args = server_args
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
