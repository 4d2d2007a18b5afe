#!/usr/bin/env bash
# The demo server and the CLI client over real sockets: start the server on a free loopback port with
# --auto-approve, run the CLI against its resource, then stop the server with SIGTERM (graceful).
# The CLI runs --headless, or with --via-browser in its browser mode: a stand-in for the system browser
# (xdg-open, first on PATH) fetches the authorization URL from another process and follows the approval's
# redirect to the CLI's loopback listener, as a real browser would (RFC 8252 §7.3).
# Usage: demo_server_cli.sh <example_demo_server> <example_cli_client> [--via-browser] [cli options...]
set -uo pipefail
server_bin=$1 cli_bin=$2
shift 2
mode=headless
if [[ ${1:-} == --via-browser ]]; then mode=browser; shift; fi
work=$(mktemp -d)
server_pid=
cleanup() {
    if [[ -n $server_pid ]] && kill -0 "$server_pid" 2>/dev/null; then kill -KILL "$server_pid" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$server_bin" --port 0 --auto-approve >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
resource=
for _ in $(seq 100); do
    resource=$(sed -n 's/^resource: //p' "$work/server.out")
    [[ -n $resource ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z $resource ]]; then
    echo "FAILED: the demo server did not start"; cat "$work/server.out" "$work/server.log"; exit 1
fi
echo "demo server: $resource"

if [[ $mode == browser ]]; then
    mkdir "$work/bin"
    cat >"$work/bin/xdg-open" <<'BROWSER'
#!/bin/sh
# Like a browser: returns at once, then loads the page and follows redirects in the background.
python3 -c '
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=20) as r:
    print("browser: loaded", r.status, r.geturl().split("?")[0])
' "$1" >"$(dirname "$0")/browser.log" 2>&1 &
exit 0
BROWSER
    chmod +x "$work/bin/xdg-open"
    PATH="$work/bin:$PATH" timeout 60 "$cli_bin" --timeout 20 "$@" "$resource"
    cli_status=$?
    for _ in $(seq 50); do grep -q "browser: loaded" "$work/bin/browser.log" 2>/dev/null && break; sleep 0.1; done
    echo "--- browser ---"
    cat "$work/bin/browser.log" 2>/dev/null
    grep -q "browser: loaded 200 http://127.0.0.1:[0-9]*/callback" "$work/bin/browser.log" 2>/dev/null ||
        { echo "FAILED: the browser did not end on the loopback listener"; cli_status=1; }
else
    timeout 60 "$cli_bin" --headless --timeout 20 "$@" "$resource"
    cli_status=$?
fi

kill -TERM "$server_pid"
server_status=0
for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then echo "FAILED: the server did not stop on SIGTERM"; server_status=1
else wait "$server_pid"; server_status=$?; fi
server_pid=

echo "--- server log ---"
cat "$work/server.log"
lines=$(wc -l <"$work/server.log")
echo "--- cli exit $cli_status, server exit $server_status, $lines request(s) logged ---"
[[ $cli_status -eq 0 && $server_status -eq 0 && $lines -ge 10 ]] || { echo "FAILED"; exit 1; }
echo "demo server and CLI client agree over real sockets"
