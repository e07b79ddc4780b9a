#!/usr/bin/env bash
# A 10,000-row employee CSV imported through the admin API, as an operator's automation would: check (nothing is
# written), confirm (answers 202 at once), then the status endpoint polled until the import is done. Starts the identity
# server in Release on 127.0.0.1 (Development settings and demo data, a scratch data folder, the default Argon2id costs),
# takes an operator token with the development back end's client_credentials, and imports into the first demo company.
# Prints each call's time, the progress seen while hashing, and the total. Bounded: gives up after LIMIT seconds.
#   bench/import.sh [rows=10000]        (LIMIT=1800)
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-10000}" limit="${LIMIT:-1800}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/lib/harmony-server.sh
build_harmony

data="$(mktemp -d)" port="$(free_port)"
trap 'stop_harmony; rm -rf "$data"' EXIT
start_harmony "$data" "$port"

PYTHONPATH=bench/lib python3 - "$port" "$rows" "$limit" <<'PY'
import sys
from admin_api import AdminApi
port, rows, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
api = AdminApi(port)
api.sign_in_as_operator_client()
company = api.first_company()
lines = ["employee_number,name,email,locale"] + [f"B{i:06d},社員 {i},bench{i}@example.com,ja" for i in range(rows)]
seen, report = api.import_employees(company, lines, limit)
for at, status, hashed in seen[:: max(1, len(seen) // 8)] + [seen[-1]]:
    print(f"  {at:7.1f} s  {status:8} hashed {hashed}/{report['totalRows']}")
final = seen[-1]
print(f"import: {final[1]} after {final[0]:.0f} s ({rows / max(final[0], 0.001):.0f} rows/s)")
sys.exit(0 if final[1] == "done" else 1)
PY
