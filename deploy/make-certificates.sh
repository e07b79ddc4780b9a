#!/usr/bin/env bash
# Generates, once, the certificates a trial deployment needs into a folder (default deploy/certs):
#   signing.pfx, encryption.pfx   the identity server's token keys (Harmony:Keys:Signing:0, Encryption:0): RSA-2048
#   signing-ec.pfx                ECDSA P-256, the ES256 key of access tokens (Harmony:Keys:Signing:1)
#   data-protection.pfx           protects the data-protection key ring at rest (Harmony:DataProtection)
#   tls.pem (tls.crt + tls.key)   the balancer's self-signed TLS certificate for the host names given
#   password, certificates.env    the password of the .pfx files, alone and as the settings that name it (compose's env_file)
# Real deployments use certificates from their own PKI; these are for local clusters and trials.
# Usage: deploy/make-certificates.sh [FOLDER] [TLS host names or IPs, comma-separated; default 127.0.0.1,localhost]
set -euo pipefail
folder="${1:-$(dirname "$0")/certs}"
names="${2:-127.0.0.1,localhost}"
[ -f "$folder/done" ] && exit 0
command -v openssl >/dev/null 2>&1 || { echo "make-certificates: openssl is required" >&2; exit 1; }
mkdir -p "$folder"
password=$(openssl rand -hex 16)
for name in signing encryption data-protection; do
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=Harmony Identity $name" \
    -keyout "$folder/$name.key" -out "$folder/$name.crt" 2>/dev/null
  openssl pkcs12 -export -inkey "$folder/$name.key" -in "$folder/$name.crt" -passout "pass:$password" -out "$folder/$name.pfx"
  rm "$folder/$name.key"
done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 -subj "/CN=Harmony Identity signing-ec" \
  -keyout "$folder/signing-ec.key" -out "$folder/signing-ec.crt" 2>/dev/null
openssl pkcs12 -export -inkey "$folder/signing-ec.key" -in "$folder/signing-ec.crt" -passout "pass:$password" -out "$folder/signing-ec.pfx"
rm "$folder/signing-ec.key"
san=$(echo "$names" | tr ',' '\n' | sed -E 's/^([0-9.]+)$/IP:\1/; t; s/^(.*)$/DNS:\1/' | paste -sd, -)
openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=${names%%,*}" -addext "subjectAltName=$san" \
  -keyout "$folder/tls.key" -out "$folder/tls.crt" 2>/dev/null
cat "$folder/tls.crt" "$folder/tls.key" > "$folder/tls.pem"
printf '%s' "$password" > "$folder/password"
cat > "$folder/certificates.env" <<ENV
Harmony__Keys__Signing__0__Password=$password
Harmony__Keys__Signing__1__Password=$password
Harmony__Keys__Encryption__0__Password=$password
Harmony__DataProtection__CertificatePassword=$password
Admin__DataProtection__CertificatePassword=$password
ENV
# The containers' non-root users read the certificates through a read-only mount: the .pfx files are protected by
# the password, which only the host (compose, this machine's user) reads.
chmod 755 "$folder"
chmod 644 "$folder"/*.pfx "$folder"/*.crt "$folder/tls.key" "$folder/tls.pem"
chmod 600 "$folder/password" "$folder/certificates.env"
touch "$folder/done"
echo "make-certificates: certificates in $folder" >&2
