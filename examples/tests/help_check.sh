#!/bin/sh
# help_check.sh PROGRAM — the first-hour contract of an example server's command line: `--help` prints the usage
# and then one line per option ("  --name …") for every option the usage names, on stdout, exit status 0; an
# unknown option prints an error and the usage on stderr, nothing on stdout, exit status 2.
program=$1
name=$(basename "$program")
fail() { echo "FAIL: $name: $*"; exit 1; }

help=$("$program" --help) || fail "--help exits with status $?"
printf '%s\n' "$help" | head -n 1 | grep -q "^usage: $name " || fail "--help does not start with the usage"
# Every option the usage synopsis names ([--port N] …) has its own line in the help.
options=$(printf '%s\n' "$help" | sed -n '/^usage:/,/^$/p' | grep -o -- '--[a-z][a-z-]*' | sort -u)
[ -n "$options" ] || fail "the usage names no option"
for option in $options; do
    printf '%s\n' "$help" | grep -q -- "^  $option\( \|$\)" || fail "--help has no line for $option"
done
count=$(printf '%s\n' "$options" | wc -l)

out=$("$program" --no-such-option 2>/dev/null); status=$?
[ "$status" -eq 2 ] || fail "an unknown option exits with status $status, not 2"
[ -z "$out" ] || fail "an unknown option prints on stdout"
err=$("$program" --no-such-option 2>&1 >/dev/null)
printf '%s\n' "$err" | grep -q "^usage: $name " || fail "an unknown option does not print the usage on stderr"
printf '%s\n' "$err" | grep -q -- "--no-such-option" || fail "the error does not name the unknown option"
echo "PASS: $name --help documents its $count options; an unknown option gets the usage on stderr and status 2"
