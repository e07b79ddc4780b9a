#!/usr/bin/env bash
# Starts Harmony Identity on its embedded default: SQLite in src/IdentityServer/App_Data, emails as files,
# development keys on disk, demo data. The identity server answers on http://127.0.0.1:5080.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
exec dotnet run --project src/IdentityServer --launch-profile IdentityServer
