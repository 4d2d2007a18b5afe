#!/bin/sh
# Run a command in a new network namespace whose only interface is loopback (up): whatever it listens on, even
# every interface, nothing outside this machine can reach it and it can reach nothing outside. Needs
# CAP_SYS_ADMIN (root, as CI runs); without it the test is skipped (exit 77), never run unconfined.
if ! unshare -n true 2>/dev/null; then
    echo "SKIPPED: cannot create a network namespace here (unshare -n needs root); the suite's mock servers" \
         "listen on every interface, so they only run in one" >&2
    exit 77
fi
exec unshare -n sh -c 'ip link set lo up && exec "$0" "$@"' "$@"
