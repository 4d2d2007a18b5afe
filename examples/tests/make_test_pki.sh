#!/usr/bin/env bash
# Make a throw-away test PKI in $1: a CA, and a server certificate for localhost + 127.0.0.1 signed by it,
# plus a second server certificate that names only "other.test" (for host-name verification failures).
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=authwire test CA" \
    -keyout ca.key -out ca.pem -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign" 2>/dev/null
make_leaf() {
    local name=$1 san=$2
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null
    printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
        -extfile "$name.ext" -out "$name.pem" 2>/dev/null
}
make_leaf server "DNS:localhost,IP:127.0.0.1"
make_leaf other "DNS:other.test"
