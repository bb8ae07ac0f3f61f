#!/usr/bin/env bash
# Makes a throw-away certificate authority and one service certificate signed by it, for the "tls" profile
# (docs/security.md), with nothing but the JDK's keytool:
#
#   scripts/make-certs.sh OUT_DIR [SAN ...]
#
# OUT_DIR/keystore.p12    the service key and certificate (alias "service"): BAZAAR_TLS_KEYSTORE
# OUT_DIR/truststore.p12  the CA certificate: BAZAAR_TLS_TRUSTSTORE, and what a client of the front end trusts
# OUT_DIR/ca.pem          the CA certificate as PEM (curl --cacert)
# OUT_DIR/password        the password of both PKCS12 files: BAZAAR_TLS_PASSWORD
#
# The certificate names every address a service may be reached at: 127.0.0.1 to 127.0.0.9 (one host each on the
# loopback), localhost, the compose and Kubernetes service names, and each SAN given (e.g. ip:10.0.0.5,
# dns:bazaar.example.com). Every service presents the same certificate; valid for 30 days (VALID_DAYS).
set -euo pipefail

[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [SAN ...]   (SAN: ip:ADDRESS or dns:NAME)" >&2; exit 2; }
OUT=$1
shift
DAYS=${VALID_DAYS:-30}
KEYTOOL=keytool
[ -n "${JAVA_HOME:-}" ] && KEYTOOL=$JAVA_HOME/bin/keytool
command -v "$KEYTOOL" > /dev/null || { echo "no keytool: set JAVA_HOME to a JDK" >&2; exit 1; }

sans="dns:localhost"
for i in 1 2 3 4 5 6 7 8 9; do sans="$sans,ip:127.0.0.$i"; done
for name in catalog frontend order-1 order-2 order-3 bazaar-catalog bazaar-frontend bazaar-order-1 bazaar-order-2 \
    bazaar-order-3; do
  sans="$sans,dns:$name"
done
for san in "$@"; do
  [[ $san =~ ^(ip|dns):[^,]+$ ]] || { echo "not a SAN: $san (ip:ADDRESS or dns:NAME)" >&2; exit 2; }
  sans="$sans,$san"
done

mkdir -p "$OUT"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
kt() { "$KEYTOOL" "$@" -storepass "$password" -noprompt 2> "$work/keytool.err" || { cat "$work/keytool.err" >&2; exit 1; }; }

# the CA: a key pair whose certificate may sign others (basic constraints CA:true)
kt -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=Stock Bazaar throw-away CA" -ext bc:c \
  -validity "$DAYS" -keystore "$work/ca.p12" -storetype PKCS12
kt -exportcert -rfc -alias ca -keystore "$work/ca.p12" > "$work/ca.pem"

# the service key, its certificate request, signed by the CA, and the chain back in the key store
kt -genkeypair -alias service -keyalg EC -groupname secp256r1 -dname "CN=Stock Bazaar service" \
  -validity "$DAYS" -keystore "$work/keystore.p12" -storetype PKCS12
kt -certreq -alias service -keystore "$work/keystore.p12" -file "$work/service.csr"
kt -gencert -alias ca -keystore "$work/ca.p12" -infile "$work/service.csr" -outfile "$work/service.pem" -rfc \
  -validity "$DAYS" -ext "san=$sans" -ext ku:c=digitalSignature,keyAgreement -ext eku=serverAuth,clientAuth
kt -importcert -alias ca -file "$work/ca.pem" -keystore "$work/keystore.p12"
kt -importcert -alias service -file "$work/service.pem" -keystore "$work/keystore.p12"

kt -importcert -alias ca -file "$work/ca.pem" -keystore "$work/truststore.p12" -storetype PKCS12

(umask 077 && printf '%s' "$password" > "$OUT/password")
(umask 077 && cp "$work/keystore.p12" "$OUT/")
cp "$work/truststore.p12" "$work/ca.pem" "$OUT/"
echo "Certificates in $OUT (valid $DAYS days): keystore.p12, truststore.p12, ca.pem, password"
