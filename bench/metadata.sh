#!/usr/bin/env bash
# Throughput of discovery and JWKS, served from memory (plain path) and rebuilt by OpenIddict each time (a query
# string bypasses the cache). Needs wrk (apt-get install wrk) and a server started in Release, e.g.:
#   Logging__LogLevel__Default=Warning dotnet run --project src/IdentityServer -c Release --launch-profile IdentityServer
# Warm-up runs first; loopback only.
set -euo pipefail
base="${1:-http://127.0.0.1:5080}"
for path in /.well-known/jwks /.well-known/openid-configuration; do
  wrk -t2 -c8 -d10s "$base$path" >/dev/null
  wrk -t2 -c8 -d10s "$base$path?nocache=1" >/dev/null
  printf '%-36s cached:   %s\n' "$path" "$(wrk -t2 -c8 -d10s "$base$path" | awk '/Requests\/sec/ {print $2}') req/s"
  printf '%-36s uncached: %s\n' "$path" "$(wrk -t2 -c8 -d10s "$base$path?nocache=1" | awk '/Requests\/sec/ {print $2}') req/s"
done
