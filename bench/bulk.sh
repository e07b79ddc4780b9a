#!/usr/bin/env bash
# A representative's biggest bulk action, measured against the way it was done before: N employees imported into the
# first demo company, all suspended in one bulk call, then all resumed (= reissued: a new temporary password hashed
# with the default Argon2id costs and an instruction email queued, per person) in bulk calls of N; then suspended
# again and resumed one call per person, the detail page's button, as the reference in the same run. Starts the
# identity server in Release on 127.0.0.1 (Development settings, a scratch data folder) with an operator token from
# the development back end's client_credentials. Prints each phase's time and the per-person rate. Bounded by LIMIT.
#   bench/bulk.sh [employees=1000]        (LIMIT=1800)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-1000}" limit="${LIMIT:-1800}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
source bench/lib/harmony-server.sh
build_harmony

data="$(mktemp -d)" port="$(free_port)"
trap 'stop_harmony; rm -rf "$data"' EXIT
start_harmony "$data" "$port"

PYTHONPATH=bench/lib python3 - "$port" "$count" "$limit" <<'PY'
import sys, time
from admin_api import AdminApi
port, count, limit = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
api = AdminApi(port)
api.sign_in_as_operator_client()
company = api.first_company()
lines = ["employee_number,name,email,locale"] + [f"K{i:06d},一括 {i},bulk{i}@example.com,ja" for i in range(count)]
seen, _ = api.import_employees(company, lines, limit)
assert seen[-1][1] == "done", seen[-1]
print(f"import of {count}: {seen[-1][0]:.0f} s")
everyone = {"companyId": company, "text": "bulk"}

def bulk(action):
    status, _, result, took = api.json("POST", "/api/admin/employees/bulk", {"action": action, "filter": everyone})
    assert status == 200, (status, result)
    done = sum(1 for item in result["items"] if item["status"] == "done")
    print(f"bulk {action:7}: {done}/{len(result['items'])} done in one call, {took:6.1f} s ({took / max(done, 1) * 1000:.0f} ms per person)")
    return [item["id"] for item in result["items"]], took

ids, _ = bulk("suspend")
_, bulk_resume = bulk("resume")
bulk("suspend")
started = time.monotonic()
for i, employee in enumerate(ids):
    status, _, answer, _ = api.call("POST", f"/api/admin/employees/{employee}/resume")
    assert status == 200, (status, answer)
    if time.monotonic() - started > limit:
        sys.exit(f"gave up after {i + 1} single calls")
single = time.monotonic() - started
print(f"one call per person: {len(ids)} resumes in {single:6.1f} s ({single / len(ids) * 1000:.0f} ms per person)")
print(f"bulk resume took {bulk_resume / single:.2f}x the time of one call per person")
PY
