#!/usr/bin/env bash
# Make a throw-away test PKI in $1 for the `rediss://` tests (mirrors examples/tests/make_test_pki.sh): a CA; a
# server certificate for localhost + 127.0.0.1 and a client certificate (mutual TLS), both signed by it; and a
# second, unrelated CA with its own server certificate (for "wrong CA" failures).
set -euo pipefail
dir=$1
mkdir -p "$dir"
cd "$dir"
make_ca() {
    local name=$1
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=authwire test $name" \
        -keyout "$name.key" -out "$name.pem" -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign" 2>/dev/null
}
make_leaf() {
    local ca=$1 name=$2 ext=$3
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=$name" \
        -keyout "$name.key" -out "$name.csr" 2>/dev/null
    printf '%s\n' "$ext" > "$name.ext"
    openssl x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$ca.key" -CAcreateserial -days 2 \
        -extfile "$name.ext" -out "$name.pem" 2>/dev/null
}
make_ca ca
make_ca other-ca
make_leaf ca server $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
make_leaf ca client $'subjectAltName=DNS:authwire-client\nextendedKeyUsage=clientAuth'
make_leaf other-ca other-server $'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth'
