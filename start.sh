#!/usr/bin/env bash
# Starts Harmony Identity on its embedded default: SQLite in src/IdentityServer/App_Data, emails as files,
# development keys on disk, demo data. The identity server answers on http://127.0.0.1:5080 and the admin site
# on http://127.0.0.1:5090. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Build once, then run the two apps from their build output (each from its own folder, its content root).
dotnet build src/IdentityServer/Harmony.Identity.Server.csproj --nologo --verbosity quiet
dotnet build src/Admin/Harmony.Identity.Admin.csproj --nologo --verbosity quiet

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
}
trap stop INT TERM EXIT

(cd src/IdentityServer && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:5080 \
  exec dotnet bin/Debug/net10.0/Harmony.Identity.Server.dll) &
pids+=($!)
(cd src/Admin && ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS=http://127.0.0.1:5090 \
  exec dotnet bin/Debug/net10.0/Harmony.Identity.Admin.dll) &
pids+=($!)

echo "Identity server: http://127.0.0.1:5080   Admin site: http://127.0.0.1:5090   (Ctrl+C stops both)"
# When either app stops (or fails to start), stop the other one too.
wait -n || true
