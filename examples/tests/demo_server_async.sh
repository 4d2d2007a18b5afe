#!/usr/bin/env bash
# The async client example against the demo server over real loopback sockets: start the server on a free port
# with --auto-approve, run example_async_client against its resource, then stop the server (by its PID) with
# SIGTERM. Passes when the client completed every step and the server stopped cleanly.
# Usage: demo_server_async.sh <example_demo_server> <example_async_client>
set -uo pipefail
server_bin=$1 client_bin=$2
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

timeout 60 "$client_bin" --timeout 20 "$resource"
client_status=$?

kill -TERM "$server_pid"
server_status=0
for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$server_pid" 2>/dev/null; then echo "FAILED: the server did not stop on SIGTERM"; server_status=1
else wait "$server_pid"; server_status=$?; fi
server_pid=

echo "--- server log ---"
cat "$work/server.log"
echo "--- async client exit $client_status, server exit $server_status ---"
[[ $client_status -eq 0 && $server_status -eq 0 ]] || { echo "FAILED"; exit 1; }
echo "async client and demo server agree over real sockets"
